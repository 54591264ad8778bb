/**
 * Registers at physical storage addresses (`state.storage.mapped`, issue 11 construct 5), as every
 * consumer sees them: which cells are a register's, what reading them gives and what writing them
 * does, in core expressions and statements over the lowered description. The consumers (the
 * compiled machine, the reference evaluator, the Z3 translation) call this at their physical
 * accesses and evaluate the result with their own evaluators, so the meaning lives here once.
 */
import type { Expr, Stmt } from './ast.js';
import type { IsaDescription } from './description.js';
import { sliceAt, type CellOrder } from './encoding.js';
import { assignWholeOf, groupsOf, wholeOf } from './lower/register-fields.js';

/** One mapped register as the consumers use it. */
export interface MappedView {
  readonly register: string;
  /** Its first cell and how many it occupies (width / cellBits). */
  readonly cell: number;
  readonly cells: number;
  /** The bits its cells hold: cells × cellBits (a narrower register reads zero-extended). */
  readonly width: number;
  /** The register's value, read whole (a register with fields: their concatenation). */
  readonly read: Expr;
  /** Writing `value` to the register whole (a register with fields: every writable field), naming it `name` once. */
  write(value: Expr, name: string): Stmt;
}

const views = new WeakMap<IsaDescription, MappedView[]>();

/** The mapped registers of a lowered (or plain) description, in declaration order (computed once per description). */
export function mappedViews(isa: IsaDescription): MappedView[] {
  let v = views.get(isa);
  if (v === undefined) views.set(isa, (v = viewsOf(isa)));
  return v;
}

function viewsOf(isa: IsaDescription): MappedView[] {
  const decls = isa.state.storage.mapped ?? [];
  if (decls.length === 0) return [];
  const groups = groupsOf(isa);
  const cellBits = isa.state.storage.cellBits;
  return decls.map((d): MappedView => {
    const g = groups.get(d.register);
    const r = isa.state.registers.find((x) => x.name === d.register);
    const own = g?.width ?? r!.width;
    // A register narrower than its cells reads zero-extended and keeps the low bits of a write.
    const cells = Math.ceil(own / cellBits);
    const width = cells * cellBits;
    const pad = (e: Expr): Expr => (own === width ? e : { kind: 'extend', signed: false, arg: e, width });
    const low = (e: Expr): Expr => (own === width ? e : { kind: 'extract', arg: e, hi: own - 1, lo: 0 });
    const base = { register: d.register, cell: d.cell, cells, width };
    if (g !== undefined && r?.fields === undefined) return { ...base, read: pad(wholeOf(g)), write: (value, name) => assignWholeOf(g, low(value), name) };
    return {
      ...base,
      read: pad({ kind: 'reg', name: d.register }),
      // A read-only register ignores writes through storage, as its read-only fields would.
      write: (value) => (r?.readOnly ? { kind: 'if', cond: { kind: 'const', width: 1, value: '0x0' }, then: [], else: [] } : { kind: 'assign', target: { kind: 'reg', name: d.register }, value: low(value) }),
    };
  });
}

/** The mapped register cell `p` belongs to, and the cell's offset within it, if any. */
export function mappedAt(views: readonly MappedView[], p: number): { view: MappedView; offset: number } | undefined {
  for (const view of views) if (p >= view.cell && p < view.cell + view.cells) return { view, offset: p - view.cell };
  return undefined;
}

/** Whether any mapped cell lies in `from .. from + count - 1`. */
export function mapsAnyOf(views: readonly MappedView[], from: number, count: number): boolean {
  return views.some((v) => v.cell < from + count && from < v.cell + v.cells);
}

/** The cell at `offset` of a mapped register (the storage's byte order), as an expression over its `read`. */
export function mappedCellExpr(view: MappedView, offset: number, order: CellOrder): Expr {
  if (view.cells === 1) return view.read;
  const s = sliceAt(offset, view.cells, order);
  return { kind: 'extract', arg: view.read, hi: (s + 1) * order.cellBits - 1, lo: s * order.cellBits };
}

/** A mapped register's value with its cell at `offset` replaced by `cell`, as an expression. */
export function mappedWithCellExpr(view: MappedView, offset: number, cell: Expr, order: CellOrder): Expr {
  if (view.cells === 1) return cell;
  const s = sliceAt(offset, view.cells, order);
  const parts: Expr[] = [];
  for (let k = view.cells - 1; k >= 0; k--)
    parts.push(k === s ? cell : { kind: 'extract', arg: view.read, hi: (k + 1) * order.cellBits - 1, lo: k * order.cellBits });
  return { kind: 'concat', parts };
}

/** A run of consecutive mapped cells, `lo` to `hi` inclusive, with the register cell each one is (`at[p - lo]`). */
export interface MappedBlock {
  readonly lo: number;
  readonly hi: number;
  readonly at: readonly { view: MappedView; offset: number }[];
  /** The registers with a cell in the block, each once, in cell order. */
  readonly views: readonly MappedView[];
}

const blocks = new WeakMap<IsaDescription, MappedBlock[]>();

/** The mapped cells as maximal runs of consecutive cells, lowest first (computed once per description). */
export function mappedBlocks(isa: IsaDescription): MappedBlock[] {
  let b = blocks.get(isa);
  if (b === undefined) blocks.set(isa, (b = blocksOf(mappedViews(isa))));
  return b;
}

function blocksOf(views: readonly MappedView[]): MappedBlock[] {
  const out: { lo: number; hi: number; at: { view: MappedView; offset: number }[]; views: MappedView[] }[] = [];
  for (const view of [...views].sort((x, y) => x.cell - y.cell)) {
    const last = out[out.length - 1];
    const cells = Array.from({ length: view.cells }, (_, offset) => ({ view, offset }));
    if (last !== undefined && last.hi + 1 === view.cell) {
      last.hi += view.cells;
      last.at.push(...cells);
      last.views.push(view);
    } else out.push({ lo: view.cell, hi: view.cell + view.cells - 1, at: cells, views: [view] });
  }
  return out;
}
