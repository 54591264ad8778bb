/**
 * Term helpers: the Z3 types vmcheck uses, and conditions that fold JavaScript booleans so that
 * unguarded code builds no `ite(true, …)` terms (smaller queries, readable SMT-LIB output).
 */
import type { BitVec, BitVecSort, Bool, SMTArray } from 'z3-solver';
import type { Ctx, Z3Name } from './z3.js';

export type BV = BitVec<number, Z3Name>;
export type ZBool = Bool<Z3Name>;
export type BVSort = BitVecSort<number, Z3Name>;
/** Storage: an `addressBits → cellBits` array. */
export type Mem = SMTArray<Z3Name, [BVSort], BVSort>;
/** A condition that may still be a plain `true`/`false`. */
export type Cond = ZBool | boolean;

export function toBool(ctx: Ctx, c: Cond): ZBool {
  return typeof c === 'boolean' ? ctx.Bool.val(c) : c;
}

export function not(ctx: Ctx, c: Cond): Cond {
  return typeof c === 'boolean' ? !c : ctx.Not(c);
}

export function and(ctx: Ctx, ...cs: Cond[]): Cond {
  if (cs.some((c) => c === false)) return false;
  const terms = cs.filter((c): c is ZBool => c !== true);
  return terms.length === 0 ? true : terms.length === 1 ? terms[0]! : ctx.And(...terms);
}

export function or(ctx: Ctx, ...cs: Cond[]): Cond {
  if (cs.some((c) => c === true)) return true;
  const terms = cs.filter((c): c is ZBool => c !== false);
  return terms.length === 0 ? false : terms.length === 1 ? terms[0]! : ctx.Or(...terms);
}

export function ite(ctx: Ctx, c: Cond, a: BV, b: BV): BV {
  if (c === true || a === b) return a;
  if (c === false) return b;
  return ctx.If(c, a, b) as BV;
}

export function bvEq(ctx: Ctx, a: BV, b: BV): Cond {
  if (a === b) return true;
  return a.eq(b);
}

/**
 * A numeral. The same few (0, 1, field masks, level values, cell offsets) are asked for thousands
 * of times per check, and each new one is a call into Z3 and a wrapper object: they are kept,
 * per context, up to a bound.
 */
export function val(ctx: Ctx, value: number | bigint, width: number): BV {
  return kept(numerals, ctx, `${width}:${value}`, () => ctx.BitVec.val(BigInt(value), width) as BV);
}

/** A named bit-vector constant, one wrapper per name (as `val`, so that memo keys by term match). */
export function named(ctx: Ctx, name: string, width: number): BV {
  return kept(constants, ctx, `${width}:${name}`, () => ctx.BitVec.const(name, width) as BV);
}

const numerals = new WeakMap<Ctx, Map<string, BV>>();
const constants = new WeakMap<Ctx, Map<string, BV>>();
const maxKept = 10_000;

/** The wrapper kept in `caches` for `ctx` under `key`, made when missing (bounded: emptied when full). */
function kept(caches: WeakMap<Ctx, Map<string, BV>>, ctx: Ctx, key: string, make: () => BV): BV {
  let byKey = caches.get(ctx);
  if (!byKey) caches.set(ctx, (byKey = new Map()));
  let v = byKey.get(key);
  if (!v) {
    if (byKey.size >= maxKept) byKey.clear();
    byKey.set(key, (v = make()));
  }
  return v;
}

/** A 1-bit vector from a condition (the semantics language has no separate Boolean type). */
export function bit(ctx: Ctx, c: Cond): BV {
  return typeof c === 'boolean' ? val(ctx, c ? 1 : 0, 1) : (ctx.If(c, val(ctx, 1, 1), val(ctx, 0, 1)) as BV);
}

/** The condition that a 1-bit vector is 1. */
export function isOne(ctx: Ctx, b: BV): Cond {
  if (ctx.isBitVecVal(b)) return b.value() === 1n;
  return b.eq(val(ctx, 1, 1));
}

/** Zero-extends or truncates to `width` bits. */
export function resize(ctx: Ctx, b: BV, width: number): BV {
  const w = b.sort.size();
  return w === width ? b : w < width ? (b.zeroExt(width - w) as BV) : (b.extract(width - 1, 0) as BV);
}

/** The condition that two states' values differ, folding identical terms to `false`. */
export function differ(ctx: Ctx, a: BV, b: BV): Cond {
  return a === b ? false : a.neq(b);
}

/**
 * A number for a term wrapper object, by identity: memo keys over the terms a computation reads.
 * States and numerals are shared (freshState, val), so equal inputs are the same wrappers.
 */
export function termId(t: object): number {
  let id = termIds.get(t);
  if (id === undefined) termIds.set(t, (id = nextTermId++));
  return id;
}

const termIds = new WeakMap<object, number>();
let nextTermId = 1;
