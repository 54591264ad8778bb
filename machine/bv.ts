/**
 * The bit-vector operations of the semantics language on bigints, written to be obviously the
 * SMT-LIB definitions (spec/ast.ts). The reference evaluator uses them, and the compiler folds
 * constants with them; the compiled JavaScript for non-constant operands is checked against them.
 */
import type { BinaryOp, CompareOp, UnaryOp } from '../spec/ast.js';

/** 2^w. */
export const pow2 = (w: number): bigint => 1n << BigInt(w);
/** The all-ones value of width w. */
export const ones = (w: number): bigint => pow2(w) - 1n;
/** x modulo 2^w, as an unsigned value. */
export const wrap = (x: bigint, w: number): bigint => ((x % pow2(w)) + pow2(w)) % pow2(w);
/** The two's-complement reading of an unsigned w-bit value. */
export const toSigned = (x: bigint, w: number): bigint => (x >= pow2(w - 1) ? x - pow2(w) : x);

export function binary(op: BinaryOp, w: number, a: bigint, b: bigint): bigint {
  const sa = toSigned(a, w);
  const sb = toSigned(b, w);
  switch (op) {
    case 'add': return wrap(a + b, w);
    case 'sub': return wrap(a - b, w);
    case 'mul': return wrap(a * b, w);
    case 'udiv': return b === 0n ? ones(w) : a / b;
    case 'urem': return b === 0n ? a : a % b;
    // bigint division truncates toward zero and the remainder takes the dividend's sign, as bvsdiv/bvsrem.
    case 'sdiv': return b === 0n ? (sa < 0n ? 1n : ones(w)) : wrap(sa / sb, w);
    case 'srem': return b === 0n ? a : wrap(sa % sb, w);
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return b >= BigInt(w) ? 0n : wrap(a << b, w);
    case 'lshr': return b >= BigInt(w) ? 0n : a >> b;
    case 'ashr': return b >= BigInt(w) ? (sa < 0n ? ones(w) : 0n) : wrap(sa >> b, w);
  }
}

export function compare(op: CompareOp, w: number, a: bigint, b: bigint): bigint {
  const sa = toSigned(a, w);
  const sb = toSigned(b, w);
  const r = ((): boolean => {
    switch (op) {
      case 'eq': return a === b;
      case 'ne': return a !== b;
      case 'ult': return a < b;
      case 'ule': return a <= b;
      case 'ugt': return a > b;
      case 'uge': return a >= b;
      case 'slt': return sa < sb;
      case 'sle': return sa <= sb;
      case 'sgt': return sa > sb;
      case 'sge': return sa >= sb;
    }
  })();
  return r ? 1n : 0n;
}

export function unary(op: UnaryOp, w: number, a: bigint): bigint {
  return op === 'not' ? ones(w) ^ a : wrap(-a, w);
}

export const extract = (a: bigint, hi: number, lo: number): bigint => (a >> BigInt(lo)) & ones(hi - lo + 1);

export const extend = (a: bigint, from: number, to: number, signed: boolean): bigint => (signed ? wrap(toSigned(a, from), to) : a);

/** Concatenation of [value, width] parts, most significant first. */
export const concat = (parts: readonly (readonly [bigint, number])[]): bigint =>
  parts.reduce((acc, [v, w]) => (acc << BigInt(w)) | v, 0n);
