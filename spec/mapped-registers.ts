/**
 * Registers at physical storage addresses (`state.storage.mapped`, issue 11 construct 5), as every
 * consumer sees them: which cells are a register's, what reading them gives and what writing them
 * does, in core expressions and statements over the lowered description. The consumers (the
 * compiled machine, the reference evaluator, the Z3 translation) call this at their physical
 * accesses and evaluate the result with their own evaluators, so the meaning lives here once.
 */
import type { Expr, Stmt } from './ast.js';
import type { IsaDescription } from './description.js';
import { assignWholeOf, groupsOf, wholeOf } from './lower/register-fields.js';

/** One mapped register as the consumers use it. */
export interface MappedView {
  readonly register: string;
  /** Its first cell and how many it occupies (width / cellBits). */
  readonly cell: number;
  readonly cells: number;
  readonly width: number;
  /** The register's value, read whole (a register with fields: their concatenation). */
  readonly read: Expr;
  /** Writing `value` to the register whole (a register with fields: every writable field), naming it `name` once. */
  write(value: Expr, name: string): Stmt;
}

/** The mapped registers of a lowered (or plain) description, in declaration order. */
export function mappedViews(isa: IsaDescription): MappedView[] {
  const decls = isa.state.storage.mapped ?? [];
  if (decls.length === 0) return [];
  const groups = groupsOf(isa);
  const cellBits = isa.state.storage.cellBits;
  return decls.map((d): MappedView => {
    const g = groups.get(d.register);
    const r = isa.state.registers.find((x) => x.name === d.register);
    const width = g?.width ?? r!.width;
    const base = { register: d.register, cell: d.cell, cells: width / cellBits, width };
    if (g !== undefined && r?.fields === undefined) return { ...base, read: wholeOf(g), write: (value, name) => assignWholeOf(g, value, name) };
    return {
      ...base,
      read: { kind: 'reg', name: d.register },
      write: (value) => ({ kind: 'assign', target: { kind: 'reg', name: d.register }, value }),
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
