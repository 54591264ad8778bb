/**
 * Typed bit-vector values for the builder. A `Bits<W>` wraps an AST node with its width, which
 * the type system tracks where it can: adding a 4-bit field to a 32-bit register does not compile.
 */
import type { Expr, LValue } from '../ast.js';

export interface Bits<W extends number = number> {
  readonly node: Expr;
  readonly width: W;
}

/** A value that can also be assigned: a register or register-file element. */
export interface Loc<W extends number = number> extends Bits<W> {
  readonly target: LValue;
}

/** A 1-bit value, used as a condition. */
export type Bool = Bits<1>;

/** An operand: a typed value, or a number/bigint taken at the other operand's width. */
export type Arg<W extends number> = Bits<W> | number | bigint;

// Width arithmetic on literal types up to 64 bits (anything else widens to `number`).
type Tuple<N extends number, A extends 0[] = []> = number extends N
  ? never
  : A['length'] extends N
    ? A
    : A['length'] extends 64
      ? never
      : Tuple<N, [...A, 0]>;

export type Add<A extends number, B extends number> = number extends A | B
  ? number
  : [Tuple<A>, Tuple<B>] extends [infer X extends 0[], infer Y extends 0[]]
    ? [...X, ...Y]['length'] & number
    : number;

export type Sub<A extends number, B extends number> = number extends A | B
  ? number
  : Tuple<A> extends [...Tuple<B>, ...infer R]
    ? R['length'] & number
    : never;

/** Width of bits hi..lo. */
export type SliceWidth<Hi extends number, Lo extends number> = Add<Sub<Hi, Lo>, 1>;

export type SumWidths<T extends readonly Bits<number>[]> = T extends readonly [
  infer H extends Bits<number>,
  ...infer R extends Bits<number>[],
]
  ? Add<H['width'], SumWidths<R>>
  : 0;

export function bits<W extends number>(node: Expr, width: W): Bits<W> {
  return { node, width };
}

export function loc<W extends number>(target: LValue, width: W): Loc<W> {
  return { node: target, target, width };
}

/** The canonical text of a constant: 0x-hex. */
export function constText(value: bigint): string {
  return '0x' + value.toString(16);
}

/** A constant of `width` bits; negative values are taken modulo 2^width. */
export function c<W extends number>(width: W, value: number | bigint): Bits<W> {
  const v = BigInt(value);
  const mod = 1n << BigInt(width);
  const norm = ((v % mod) + mod) % mod;
  return bits({ kind: 'const', width, value: constText(norm) }, width);
}

/** Lifts an operand to the given width. */
export function lift<W extends number>(a: Arg<W>, width: W): Bits<W> {
  return typeof a === 'number' || typeof a === 'bigint' ? c(width, a) : a;
}
