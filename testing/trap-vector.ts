/**
 * Where the trap sequence finds its new state and where it saves the old, read off the sequence:
 * assignments of a register from a constant physical address (the new PSW) and every constant
 * physical address it reads or writes. Generators use this to give trapping programs a handler to
 * go to and to keep programs clear of the cells a trap overwrites.
 */
import { match } from 'ts-pattern';
import type { Block, Expr } from '../spec/ast.js';
import type { IsaDescription } from '../spec/description.js';
import { widthEnv, widthOf } from '../spec/widths.js';
import { sliceAt } from '../spec/encoding.js';

export interface TrapVector {
  /** Register → the physical cell it is loaded from (bits `lo` upward of that cell). */
  loads: Map<string, { cell: number; lo: number }>;
  /** Every constant physical cell the sequence reads or writes. */
  cells: Set<number>;
}

const constant = (e: Expr): number | undefined => (e.kind === 'const' ? Number(BigInt(e.value)) : undefined);

export function trapVectorOf(isa: IsaDescription): TrapVector {
  const cellBits = isa.state.storage.cellBits;
  const env = widthEnv(isa, 'trap-sequence');
  const loads = new Map<string, { cell: number; lo: number }>();
  const cells = new Set<number>();
  const touch = (addr: Expr, width: number) => {
    const a = constant(addr);
    if (a !== undefined) for (let i = 0; i < Math.max(1, width / cellBits); i++) cells.add(a + i);
  };
  /** The load a value comes straight from (`load(c)`, or an extract or extension of one), and from which of its bits. */
  const loaded = (e: Expr): { at: number; cells: number; lo: number } | undefined =>
    match(e)
      .with({ kind: 'load', space: 'physical' }, (x) => {
        const a = constant(x.addr);
        return a === undefined ? undefined : { at: a, cells: Math.max(1, x.width / cellBits), lo: 0 };
      })
      .with({ kind: 'extract' }, (x) => {
        const s = loaded(x.arg);
        return s && { ...s, lo: s.lo + x.lo };
      })
      .with({ kind: 'extend' }, (x) => loaded(x.arg))
      .otherwise(() => undefined);
  /** The cell a value comes from, and the bit of that cell it starts at. */
  const source = (e: Expr): { cell: number; lo: number } | undefined => {
    const s = loaded(e);
    return s && { cell: s.at + sliceAt(Math.floor(s.lo / cellBits), s.cells, isa.state.storage), lo: s.lo % cellBits };
  };
  const visit = (e: Expr): void =>
    match(e)
      .with({ kind: 'load' }, (x) => {
        if (x.space === 'physical') touch(x.addr, x.width);
        visit(x.addr);
      })
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => visit(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => {
        visit(x.left);
        visit(x.right);
      })
      .with({ kind: 'concat' }, (x) => x.parts.forEach(visit))
      .with({ kind: 'ite' }, (x) => [x.cond, x.then, x.else].forEach(visit))
      .with({ kind: 'file' }, (x) => visit(x.index))
      .otherwise(() => {});
  const block = (b: Block): void =>
    b.forEach((s) =>
      match(s)
        .with({ kind: 'assign' }, (x) => {
          visit(x.value);
          const src = source(x.value);
          if (x.target.kind === 'reg' && src) loads.set(x.target.name, src);
        })
        .with({ kind: 'store' }, (x) => {
          visit(x.addr);
          visit(x.value);
          if (x.space === 'physical') touch(x.addr, widthOf(x.value, env));
        })
        .with({ kind: 'let' }, (x) => visit(x.value))
        .with({ kind: 'if' }, (x) => {
          visit(x.cond);
          block(x.then);
          block(x.else);
        })
        .otherwise(() => {}),
    );
  block(isa.traps.sequence);
  return { loads, cells };
}
