/**
 * Which registers and register files a block of semantics can read or assign, by walking it.
 * Used to answer a definition without a query when the answer follows from the data flow alone:
 * an instruction that assigns no system state cannot change it, and one that reads none of the
 * state two runs differ in computes the same in both (the address map reads only its own
 * registers, which those pairs hold equal).
 */
import { match } from 'ts-pattern';
import type { Block, Expr } from '../spec/ast.js';
import type { MappedView } from '../spec/mapped-registers.js';

export interface Dependencies {
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  /** Whether a load or store of physical storage (past the address map) is on some path. */
  readonly physical: boolean;
  /** Whether any load or store (through the map or physical) is on some path. */
  readonly storage: boolean;
}

export function dependencies(block: Block, mapped: readonly MappedView[] = []): Dependencies {
  const reads = new Set<string>();
  const writes = new Set<string>();
  let physical = false;
  let storage = false;
  // A load or store may reach a register mapped into storage (spec/mapped-registers.ts): any load
  // reads what those registers' values read, any store writes them (and reads the rest of them).
  const viaStorage = mapped.length === 0 ? undefined : dependencies(mapped.map((v) => v.write(v.read, '$mapped')));
  const loadReads = () => viaStorage?.reads.forEach((r) => reads.add(r));
  const storeWrites = () => {
    loadReads();
    viaStorage?.writes.forEach((w) => writes.add(w));
  };
  const expr = (e: Expr): void =>
    match(e)
      .with({ kind: 'reg' }, (x) => void reads.add(x.name))
      .with({ kind: 'file' }, (x) => {
        reads.add(x.name);
        expr(x.index);
      })
      .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, () => {})
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => expr(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => {
        expr(x.left);
        expr(x.right);
      })
      .with({ kind: 'concat' }, (x) => x.parts.forEach(expr))
      .with({ kind: 'ite' }, (x) => [x.cond, x.then, x.else].forEach(expr))
      .with({ kind: 'load' }, (x) => {
        storage = true;
        if (x.space === 'physical') physical = true;
        loadReads();
        expr(x.addr);
      })
      .with({ kind: 'let' }, (x) => [x.value, x.body].forEach(expr))
      .exhaustive();
  const stmts = (b: Block): void =>
    b.forEach((s) =>
      match(s)
        .with({ kind: 'assign' }, (x) => {
          writes.add(x.target.name);
          if (x.target.kind === 'file') expr(x.target.index);
          expr(x.value);
        })
        .with({ kind: 'store' }, (x) => {
          storage = true;
          if (x.space === 'physical') physical = true;
          storeWrites();
          expr(x.addr);
          expr(x.value);
        })
        .with({ kind: 'let' }, (x) => expr(x.value))
        .with({ kind: 'if' }, (x) => {
          expr(x.cond);
          stmts(x.then);
          stmts(x.else);
        })
        .with({ kind: 'trap' }, (x) => x.value && expr(x.value))
        .with({ kind: 'halt' }, () => {})
        .exhaustive(),
    );
  stmts(block);
  return { reads, writes, physical, storage };
}

/** Whether the block can store to storage (on any path). */
export function mayStore(block: Block): boolean {
  return block.some((s) => s.kind === 'store' || (s.kind === 'if' && (mayStore(s.then) || mayStore(s.else))));
}
