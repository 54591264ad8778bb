/** The expression vocabulary of the builder: SMT-LIB bit-vector operations with typed widths. */
import type { BinaryOp, CompareOp, Expr, Space } from '../ast.js';
import {
  bits,
  c,
  lift,
  type Arg,
  type Bits,
  type Bool,
  type SliceWidth,
  type SumWidths,
} from './bits.js';

function binary<W extends number>(op: BinaryOp, a: Bits<W>, b: Arg<NoInfer<W>>): Bits<W> {
  return bits({ kind: 'binary', op, left: a.node, right: lift(b, a.width).node }, a.width);
}

function compare<W extends number>(op: CompareOp, a: Bits<W>, b: Arg<NoInfer<W>>): Bool {
  return bits({ kind: 'compare', op, left: a.node, right: lift(b, a.width).node }, 1);
}

export const add = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('add', a, b);
export const sub = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('sub', a, b);
export const mul = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('mul', a, b);
export const udiv = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('udiv', a, b);
export const urem = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('urem', a, b);
export const sdiv = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('sdiv', a, b);
export const srem = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('srem', a, b);
export const and = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('and', a, b);
export const or = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('or', a, b);
export const xor = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('xor', a, b);
export const shl = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('shl', a, b);
export const lshr = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('lshr', a, b);
export const ashr = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => binary('ashr', a, b);

export const eq = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('eq', a, b);
export const ne = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('ne', a, b);
export const ult = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('ult', a, b);
export const ule = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('ule', a, b);
export const ugt = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('ugt', a, b);
export const uge = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('uge', a, b);
export const slt = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('slt', a, b);
export const sle = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('sle', a, b);
export const sgt = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('sgt', a, b);
export const sge = <W extends number>(a: Bits<W>, b: Arg<NoInfer<W>>) => compare('sge', a, b);

export function not<W extends number>(a: Bits<W>): Bits<W> {
  return bits({ kind: 'unary', op: 'not', arg: a.node }, a.width);
}

export function neg<W extends number>(a: Bits<W>): Bits<W> {
  return bits({ kind: 'unary', op: 'neg', arg: a.node }, a.width);
}

/** Bits hi..lo of `a`. */
export function extract<Hi extends number, Lo extends number>(
  a: Bits<number>,
  hi: Hi,
  lo: Lo,
): Bits<SliceWidth<Hi, Lo>> {
  return bits({ kind: 'extract', arg: a.node, hi, lo }, (hi - lo + 1) as SliceWidth<Hi, Lo>);
}

/** Bit i of `a`. */
export function bit(a: Bits<number>, i: number): Bool {
  return bits({ kind: 'extract', arg: a.node, hi: i, lo: i }, 1);
}

/** Concatenation, most significant part first. */
export function concat<const T extends readonly Bits<number>[]>(...parts: T): Bits<SumWidths<T>> {
  const width = parts.reduce((sum, p) => sum + p.width, 0);
  return bits({ kind: 'concat', parts: parts.map((p) => p.node) }, width as SumWidths<T>);
}

export function zext<W extends number>(a: Bits<number>, width: W): Bits<W> {
  return a.width === width ? (a as Bits<W>) : bits({ kind: 'extend', signed: false, arg: a.node, width }, width);
}

export function sext<W extends number>(a: Bits<number>, width: W): Bits<W> {
  return a.width === width ? (a as Bits<W>) : bits({ kind: 'extend', signed: true, arg: a.node, width }, width);
}

export function ite<W extends number>(cond: Bool, a: Bits<W>, b: Arg<NoInfer<W>>): Bits<W> {
  return bits({ kind: 'ite', cond: cond.node, then: a.node, else: lift(b, a.width).node }, a.width);
}

/** Logical connectives on 1-bit conditions. */
export function all(...conds: Bool[]): Bool {
  const [first, ...rest] = conds;
  return first === undefined ? c(1, 1) : rest.reduce<Bool>((acc, x) => and(acc, x), first);
}
export function any(...conds: Bool[]): Bool {
  const [first, ...rest] = conds;
  return first === undefined ? c(1, 0) : rest.reduce<Bool>((acc, x) => or(acc, x), first);
}

/**
 * `value` named `name` within `body` (an expression `let`): `body` receives the name as a value,
 * so a value used many times is written, evaluated and translated once. Nested names must differ.
 */
export function letIn<V extends number, W extends number>(name: string, value: Bits<V>, body: (v: Bits<V>) => Bits<W>): Bits<W> {
  const b = body(bits({ kind: 'var', name }, value.width));
  return bits({ kind: 'let', name, value: value.node, body: b.node }, b.width);
}

/** Reads `width` bits of storage at `addr`, through the address map unless `space` is physical. */
export function load<W extends number>(addr: Bits<number>, width: W, space: Space = 'virtual'): Bits<W> {
  return bits({ kind: 'load', space, addr: addr.node, width }, width);
}

/**
 * The read of a read-modify-write (an AMO): `width` bits at `addr` through the address map,
 * faulting where a read or a write would, with the write's trap. The write is an ordinary store.
 */
export function loadForModify<W extends number>(addr: Bits<number>, width: W): Bits<W> {
  return bits({ kind: 'load', space: 'virtual', addr: addr.node, width, access: 'modify' }, width);
}

export function trapCode<W extends number>(width: W): Bits<W> {
  return bits({ kind: 'trapInfo', which: 'code' } satisfies Expr, width);
}

export function trapValue<W extends number>(width: W): Bits<W> {
  return bits({ kind: 'trapInfo', which: 'value' } satisfies Expr, width);
}
