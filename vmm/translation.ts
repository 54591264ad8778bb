/**
 * The address map, evaluated fast: spec/address-map.ts gives it as expressions (`translate`), and
 * this compiles those expressions once per access size into closures over bigints with the
 * semantics language's own bit-vector operations. The monitor uses it to fetch a trapped guest
 * instruction (fetch.ts) and to locate a culprit; the instruction's semantics still run in the
 * reference evaluator, which reaches storage through the same expressions.
 */
import type { Expr } from '../spec/ast.js';
import type { IsaDescription } from '../spec/description.js';
import { translate } from '../spec/address-map.js';
import { sliceAt } from '../spec/encoding.js';
import { widthEnv, widthOf } from '../spec/widths.js';
import * as bv from '../machine/bv.js';
import { MachineError, type StateView } from '../machine/index.js';

type Compiled = (view: StateView, vaddr: bigint) => bigint;
/** A compiled expression over the state, the address and the values its enclosing lets bound (by slot). */
type Inner = (view: StateView, vaddr: bigint, bound: bigint[]) => bigint;

const VADDR = '$vaddr';

function compile(isa: IsaDescription, e: Expr): Compiled {
  const top = widthEnv(isa, [], new Map([[VADDR, isa.state.storage.addressBits]]));
  let slots = 0;
  const go = (x: Expr, scope: ReadonlyMap<string, number> = new Map(), env = top): Inner => {
    switch (x.kind) {
      case 'const': {
        const v = BigInt(x.value);
        return () => v;
      }
      case 'reg':
        return (s) => s.reg(x.name);
      case 'var': {
        const slot = scope.get(x.name);
        return slot === undefined ? (_, a) => a : (_s, _a, b) => b[slot]!;
      }
      case 'let': {
        const slot = slots++;
        const value = go(x.value, scope, env);
        const w = widthOf(x.value, env);
        const body = go(x.body, new Map(scope).set(x.name, slot), { ...env, var: (n) => (n === x.name ? w : env.var(n)) });
        return (s, a, b) => {
          b[slot] = value(s, a, b);
          return body(s, a, b);
        };
      }
      case 'file': {
        const i = go(x.index, scope, env);
        return (s, a, b) => s.file(x.name, Number(i(s, a, b)));
      }
      case 'unary': {
        const f = go(x.arg, scope, env);
        const w = widthOf(x.arg, env);
        return (s, a, b) => bv.unary(x.op, w, f(s, a, b));
      }
      case 'binary': {
        const l = go(x.left, scope, env);
        const r = go(x.right, scope, env);
        const w = widthOf(x.left, env);
        return (s, a, b) => bv.binary(x.op, w, l(s, a, b), r(s, a, b));
      }
      case 'compare': {
        const l = go(x.left, scope, env);
        const r = go(x.right, scope, env);
        const w = widthOf(x.left, env);
        return (s, a, b) => bv.compare(x.op, w, l(s, a, b), r(s, a, b));
      }
      case 'extract': {
        const f = go(x.arg, scope, env);
        return (s, a, b) => bv.extract(f(s, a, b), x.hi, x.lo);
      }
      case 'extend': {
        const f = go(x.arg, scope, env);
        const w = widthOf(x.arg, env);
        return (s, a, b) => bv.extend(f(s, a, b), w, x.width, x.signed);
      }
      case 'concat': {
        const parts = x.parts.map((p) => [go(p, scope, env), widthOf(p, env)] as const);
        return (s, a, b) => bv.concat(parts.map(([f, w]) => [f(s, a, b), w] as const));
      }
      case 'ite': {
        const c = go(x.cond, scope, env);
        const t = go(x.then, scope, env);
        const f = go(x.else, scope, env);
        return (s, a, b) => (c(s, a, b) === 1n ? t(s, a, b) : f(s, a, b));
      }
      case 'load': {
        // A table the map walks (a page table): read from physical storage, inside it.
        if (x.space !== 'physical') throw new Error("the address map reads storage only with space 'physical'");
        const at = go(x.addr, scope, env);
        const cellBits = isa.state.storage.cellBits;
        const n = x.width / cellBits;
        return (s, a, b) => {
          const p = at(s, a, b);
          let v = 0n;
          // Most significant slice first; slice c sits at offset sliceAt(c) (its own inverse).
          for (let c = n - 1; c >= 0; c--) {
            const at = p + BigInt(sliceAt(c, n, isa.state.storage));
            const cell = s.cell(at);
            if (cell === undefined) throw new MachineError(`the address map read storage outside its ${s.storageCells} cells at cell ${at}`);
            v = (v << BigInt(cellBits)) | cell;
          }
          return v;
        };
      }
      case 'field':
      case 'trapInfo':
        throw new Error(`the address map uses a '${x.kind}' expression, which the monitor's translator does not evaluate`);
    }
  };
  const f = go(e);
  return (s, a) => f(s, a, []);
}

/** The map as instruction fetch sees it (a described map may treat fetches apart from data). */
export interface Translator {
  /** The physical cell of a fetch of `cells` cells at `vaddr`, or undefined if it traps. */
  physical(view: StateView, vaddr: bigint, cells?: number): bigint | undefined;
  /** The trap a fetch of `cells` cells at `vaddr` takes, or undefined when it does not fault. */
  fault(view: StateView, vaddr: bigint, cells?: number): string | undefined;
}

const cache = new WeakMap<IsaDescription, Map<number, Translator>>();

/** The translator for `isa` with storage of `storageCells` cells. */
export function translatorFor(isa: IsaDescription, storageCells: number): Translator {
  let bySize = cache.get(isa);
  if (!bySize) cache.set(isa, (bySize = new Map()));
  let t = bySize.get(storageCells);
  if (!t) bySize.set(storageCells, (t = makeTranslator(isa, storageCells)));
  return t;
}

function makeTranslator(isa: IsaDescription, storageCells: number): Translator {
  const compiled = new Map<number, { faults: { when: Compiled; trap: string }[]; physical: Compiled }>();
  const forCells = (cells: number) => {
    let c = compiled.get(cells);
    if (!c) {
      const t = translate(isa, { kind: 'var', name: VADDR }, cells, storageCells, 'fetch');
      compiled.set(cells, (c = { faults: t.faults.map((f) => ({ when: compile(isa, f.when), trap: f.trap })), physical: compile(isa, t.physical) }));
    }
    return c;
  };
  const fault = (view: StateView, vaddr: bigint, cells = 1) => forCells(cells).faults.find((f) => f.when(view, vaddr) === 1n)?.trap;
  const physical = (view: StateView, vaddr: bigint, cells = 1) => (fault(view, vaddr, cells) !== undefined ? undefined : forCells(cells).physical(view, vaddr));
  return { physical, fault };
}
