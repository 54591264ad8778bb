/**
 * Expressions of the semantics language compiled to JavaScript source.
 *
 * Representation (the value's canonical form, by width w):
 *   w < 32      a JS number in [0, 2^w)
 *   w = 32      a signed int32 (`| 0`): V8 keeps those unboxed, unsigned ones it often boxes as
 *               doubles; so registers and 32-bit cells live in Int32Arrays
 *   33..52      a JS number in [0, 2^w) (exact in a double, and a sum of two still is)
 *   53..64      a bigint in [0, 2^w)
 * Widths up to 32 use int32 arithmetic (`Math.imul`, `| 0`, `>>> 0` where unsigned matters);
 * 33..52 bits use exact double arithmetic where it is cheap (add, sub, compare, extend, extract,
 * concat: enough for the address map's one-bit-wider bound checks) and bigint otherwise, so
 * BigInt appears only in code for expressions wider than 32 bits.
 * Constants fold with the reference operations (bv.ts); fields are constants, so most of an
 * instruction's operand arithmetic vanishes at compile time.
 */
import type { BinaryOp, CompareOp, Expr, Space, UnaryOp } from '../spec/ast.js';
import * as bv from './bv.js';

export interface Val {
  readonly src: string;
  readonly width: number;
  /** The value, when known at compile time. */
  readonly k?: bigint;
  /** When the value is (block entry PC + pcOff) mod 2^width: lets blocks see straight-line PC updates. */
  readonly pcOff?: number;
  /** An upper bound below 2^width, when known (a zero-extended value): spares a wrap after an add. */
  readonly max?: number;
}

/** The largest value `v` can have. */
const maxOf = (v: Val): number => (v.k !== undefined && isNum(v.width) ? Number(v.k) : (v.max ?? 2 ** v.width - 1));

/** Widths kept as JS numbers. */
export const NUM_BITS = 52;
export const isNum = (w: number): boolean => w <= NUM_BITS;

/** Collects generated statements; `capture` compiles into a nested buffer (a branch). */
export class Emitter {
  private readonly stack: string[][] = [[]];
  private n = 0;

  line(s: string): void {
    this.stack[this.stack.length - 1]!.push(s);
  }

  fresh(prefix = 't'): string {
    return `${prefix}${this.n++}`;
  }

  capture<T>(body: () => T): [string[], T] {
    this.stack.push([]);
    const result = body();
    return [this.stack.pop()!, result];
  }

  get lines(): string[] {
    return this.stack[0]!;
  }
}

const ATOM = /^(?:[A-Za-z_$][\w$]*|\d+n?|\(-\d+\))$/;

/** The value as a name or literal, binding it to a temporary if it is a compound expression. */
export function atom(em: Emitter, v: Val): Val {
  if (ATOM.test(v.src)) return v;
  const t = em.fresh();
  em.line(`const ${t} = ${v.src};`);
  return { ...v, src: t };
}

export function constant(width: number, k: bigint): Val {
  if (width === 32 && k >= 0x80000000n) return { src: `(${k - 0x100000000n})`, width, k };
  return { src: isNum(width) ? k.toString() : `${k}n`, width, k };
}

/** The source of a value of width <= 52 as an unsigned number (32-bit values are held signed). */
export function unsignedNum(v: Val): string {
  return v.width === 32 && v.k === undefined ? `(${v.src} >>> 0)` : v.k !== undefined ? v.k.toString() : v.src;
}

/** What expressions read; supplied by the block compiler. */
export interface ExprEnv {
  reg(name: string): Val;
  file(name: string, index: Val): Val;
  field(name: string): Val;
  var(name: string): Val;
  trapInfo(which: 'code' | 'value'): Val;
  /** Emits the access (and its fault check) and returns the loaded value. */
  load(space: Space, addr: Val, width: number, access: 'read' | 'modify'): Val;
}

export function compileExpr(e: Expr, env: ExprEnv, em: Emitter): Val {
  const sub = (x: Expr) => compileExpr(x, env, em);
  // A switch, not a ts-pattern match: this runs for every node of every instruction compiled, and
  // the match was most of what compiling a cold instruction cost.
  switch (e.kind) {
    case 'const':
      return constant(e.width, BigInt(e.value));
    case 'reg':
      return env.reg(e.name);
    case 'file':
      return env.file(e.name, sub(e.index));
    case 'field':
      return env.field(e.name);
    case 'var':
      return env.var(e.name);
    case 'trapInfo':
      return env.trapInfo(e.which);
    case 'unary':
      return unaryOp(em, e.op, sub(e.arg));
    case 'binary': {
      const a = sub(e.left);
      return binaryOp(em, e.op, a, sub(e.right));
    }
    case 'compare': {
      const a = sub(e.left);
      return compareOp(em, e.op, a, sub(e.right));
    }
    case 'extract':
      return extractOp(em, sub(e.arg), e.hi, e.lo);
    case 'concat':
      return concatOp(em, e.parts.map(sub));
    case 'extend':
      return extendOp(em, sub(e.arg), e.width, e.signed);
    case 'ite': {
      const c = sub(e.cond);
      if (c.k !== undefined) return sub(c.k === 1n ? e.then : e.else);
      // Only the chosen branch runs: a load in the other one must not fault.
      const [thenLines, t] = em.capture(() => sub(e.then));
      const [elseLines, f] = em.capture(() => sub(e.else));
      if (thenLines.length === 0 && elseLines.length === 0) return { src: `(${c.src} !== 0 ? ${t.src} : ${f.src})`, width: t.width };
      const r = em.fresh();
      em.line(`let ${r};`);
      em.line(`if (${c.src} !== 0) { ${[...thenLines, `${r} = ${t.src};`].join(' ')} } else { ${[...elseLines, `${r} = ${f.src};`].join(' ')} }`);
      return { src: r, width: t.width };
    }
    case 'load':
      return env.load(e.space, sub(e.addr), e.width, e.access ?? 'read');
    case 'let': {
      const v = atom(em, sub(e.value));
      const x = e;
      return compileExpr(e.body, { ...env, var: (name) => (name === x.name ? v : env.var(name)) }, em);
    }
    default:
      return unreachable(e);
  }
}

function unreachable(e: never): never {
  throw new Error(`compileExpr: unknown node ${JSON.stringify(e)}`);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the three representations.

const pow = (w: number) => 2 ** w;
const maskNum = (w: number) => pow(w) - 1;
/** Reduces an int32/double expression to the canonical w-bit form (w <= 32). */
const norm = (w: number, s: string) => (w === 32 ? `((${s}) | 0)` : `((${s}) & ${maskNum(w)})`);
/** The signed reading of a canonical w-bit number (w <= 32), as an int32. */
const signed32 = (w: number, a: string) => (w === 32 ? a : `((${a} << ${32 - w}) >> ${32 - w})`);
/** The signed reading of a canonical w-bit number (w <= 52), as a double. */
const signedNum = (w: number, a: string) => (w <= 32 ? signed32(w, a) : `(${a} >= ${pow(w - 1)} ? ${a} - ${pow(w)} : ${a})`);
/** The value as a bigint expression. */
const big = (v: Val) => (!isNum(v.width) ? v.src : v.k !== undefined ? `${v.k}n` : `BigInt(${unsignedNum(v)})`);
/** A bigint expression of width w back in w's representation. */
const fromBig = (w: number, s: string): Val => ({ src: w === 32 ? `Number(BigInt.asIntN(32, ${s}))` : isNum(w) ? `Number(${s})` : s, width: w });

// ---------------------------------------------------------------------------------------------

export function binaryOp(em: Emitter, op: BinaryOp, x: Val, y: Val): Val {
  const w = x.width;
  if (x.k !== undefined && y.k !== undefined) return constant(w, bv.binary(op, w, x.k, y.k));
  const pcOff = op === 'add' || op === 'sub' ? pcOffset(op, x, y) : undefined;
  // A sum that cannot reach 2^w (2^31 for int32) needs no wrap: the address map adds zero-extended values.
  if (op === 'add' && isNum(w) && maxOf(x) + maxOf(y) < 2 ** (w === 32 ? 31 : w)) {
    const src = y.k === 0n ? x.src : x.k === 0n ? y.src : `(${x.src} + ${y.src})`;
    return { src, width: w, max: maxOf(x) + maxOf(y), ...(pcOff === undefined ? {} : { pcOff }) };
  }
  const out = w <= 32 ? binarySmall(em, op, w, x, y) : w <= NUM_BITS && (op === 'add' || op === 'sub') ? binaryMid(em, op, w, x, y) : binaryBig(em, op, w, x, y);
  return pcOff === undefined ? out : { ...out, pcOff };
}

function pcOffset(op: 'add' | 'sub', x: Val, y: Val): number | undefined {
  const m = pow(x.width);
  if (x.pcOff !== undefined && y.k !== undefined) return (((x.pcOff + (op === 'add' ? 1 : -1) * Number(y.k)) % m) + m) % m;
  if (op === 'add' && y.pcOff !== undefined && x.k !== undefined) return (y.pcOff + Number(x.k)) % m;
  return undefined;
}

function binarySmall(em: Emitter, op: BinaryOp, w: number, x: Val, y: Val): Val {
  const M = maskNum(w);
  const r = (src: string): Val => ({ src, width: w });
  const w32 = w === 32;
  switch (op) {
    case 'add': return r(norm(w, `${x.src} + ${y.src}`));
    case 'sub': return r(norm(w, `${x.src} - ${y.src}`));
    case 'mul': return r(w32 ? `Math.imul(${x.src}, ${y.src})` : norm(w, `Math.imul(${x.src}, ${y.src})`));
    // Canonical operands give a canonical result (int32 at 32 bits, non-negative below).
    case 'and': return r(`(${x.src} & ${y.src})`);
    case 'or': return r(`(${x.src} | ${y.src})`);
    case 'xor': return r(`(${x.src} ^ ${y.src})`);
    default:
  }
  const a = atom(em, x);
  const b = atom(em, y);
  const ua = unsignedNum(a);
  const ub = unsignedNum(b);
  const all = w32 ? '-1' : String(M);
  // A division by a double is exact enough here: for operands below 2^32 the rounded quotient
  // never reaches the next integer, so truncation gives the true integer quotient.
  switch (op) {
    case 'udiv': return r(`(${b.src} === 0 ? ${all} : ${w32 ? `(${ua} / ${ub}) | 0` : `(${ua} / ${ub}) >>> 0`})`);
    case 'urem': return r(`(${b.src} === 0 ? ${a.src} : ${w32 ? `(${ua} % ${ub}) | 0` : `${ua} % ${ub}`})`);
    case 'shl':
      if (b.k !== undefined) return b.k >= BigInt(w) ? constant(w, 0n) : r(norm(w, `${a.src} << ${b.k}`));
      return r(`(${ub} >= ${w} ? 0 : ${norm(w, `${a.src} << ${b.src}`)})`);
    case 'lshr':
      if (b.k !== undefined) return b.k >= BigInt(w) ? constant(w, 0n) : r(w32 ? `((${a.src} >>> ${b.k}) | 0)` : `(${a.src} >>> ${b.k})`);
      return r(`(${ub} >= ${w} ? 0 : ${w32 ? `(${a.src} >>> ${b.src}) | 0` : `${a.src} >>> ${b.src}`})`);
    default:
  }
  const sa = atom(em, { src: signed32(w, a.src), width: w });
  const sb = atom(em, { src: signed32(w, b.src), width: w });
  switch (op) {
    // `| 0` wraps INT_MIN / -1 to INT_MIN, as bvsdiv does.
    case 'sdiv': return r(`(${b.src} === 0 ? (${sa.src} < 0 ? 1 : ${all}) : ${norm(w, `(${sa.src} / ${sb.src}) | 0`)})`);
    case 'srem': return r(`(${b.src} === 0 ? ${a.src} : ${norm(w, `${sa.src} % ${sb.src}`)})`);
    case 'ashr':
      return r(`(${ub} >= ${w} ? (${sa.src} < 0 ? ${all} : 0) : ${norm(w, `${sa.src} >> ${b.src}`)})`);
    default:
      throw new Error(`unhandled operation ${op}`);
  }
}

function binaryMid(em: Emitter, op: 'add' | 'sub', w: number, x: Val, y: Val): Val {
  const m = pow(w);
  // Both operands are below 2^w: the result wraps at most once, and a compare and a subtraction
  // (or addition) are much cheaper than a floating-point `%` (a call in V8).
  const t = atom(em, { src: op === 'add' ? `(${x.src} + ${y.src})` : `(${x.src} - ${y.src})`, width: w });
  return { src: op === 'add' ? `(${t.src} >= ${m} ? ${t.src} - ${m} : ${t.src})` : `(${t.src} < 0 ? ${t.src} + ${m} : ${t.src})`, width: w };
}

function binaryBig(em: Emitter, op: BinaryOp, w: number, x: Val, y: Val): Val {
  const a = atom(em, { src: big(x), width: 64 }).src;
  const b = atom(em, { src: big(y), width: 64 }).src;
  const M = `${bv.ones(w)}n`;
  const u = (s: string) => `BigInt.asUintN(${w}, ${s})`;
  const sa = `BigInt.asIntN(${w}, ${a})`;
  const sb = `BigInt.asIntN(${w}, ${b})`;
  const src = ((): string => {
    switch (op) {
      case 'add': return u(`${a} + ${b}`);
      case 'sub': return u(`${a} - ${b}`);
      case 'mul': return u(`${a} * ${b}`);
      case 'udiv': return `(${b} === 0n ? ${M} : ${a} / ${b})`;
      case 'urem': return `(${b} === 0n ? ${a} : ${a} % ${b})`;
      case 'sdiv': return `(${b} === 0n ? (${sa} < 0n ? 1n : ${M}) : ${u(`${sa} / ${sb}`)})`;
      case 'srem': return `(${b} === 0n ? ${a} : ${u(`${sa} % ${sb}`)})`;
      case 'and': return `(${a} & ${b})`;
      case 'or': return `(${a} | ${b})`;
      case 'xor': return `(${a} ^ ${b})`;
      case 'shl': return `(${b} >= ${w}n ? 0n : ${u(`${a} << ${b}`)})`;
      case 'lshr': return `(${b} >= ${w}n ? 0n : ${a} >> ${b})`;
      case 'ashr': return `(${b} >= ${w}n ? (${sa} < 0n ? ${M} : 0n) : ${u(`${sa} >> ${b}`)})`;
    }
  })();
  return fromBig(w, src);
}

export function compareOp(em: Emitter, op: CompareOp, x: Val, y: Val): Val {
  const w = x.width;
  if (x.k !== undefined && y.k !== undefined) return constant(1, bv.compare(op, w, x.k, y.k));
  const js = { eq: '===', ne: '!==', ult: '<', ule: '<=', ugt: '>', uge: '>=', slt: '<', sle: '<=', sgt: '>', sge: '>=' }[op];
  const isSigned = op.startsWith('s');
  let a = x.src;
  let b = y.src;
  if (!isNum(w)) {
    a = isSigned ? `BigInt.asIntN(${w}, ${a})` : a;
    b = isSigned ? `BigInt.asIntN(${w}, ${b})` : b;
  } else if (isSigned) {
    a = signedNum(w, w <= 32 ? a : atom(em, x).src);
    b = signedNum(w, w <= 32 ? b : atom(em, y).src);
  } else if (w === 32 && op !== 'eq' && op !== 'ne') {
    a = unsignedNum(x);
    b = unsignedNum(y);
  }
  return { src: `(${a} ${js} ${b} ? 1 : 0)`, width: 1 };
}

export function unaryOp(em: Emitter, op: UnaryOp, x: Val): Val {
  const w = x.width;
  if (x.k !== undefined) return constant(w, bv.unary(op, w, x.k));
  if (w <= 32) return { src: op === 'not' ? (w === 32 ? `(~${x.src})` : `(${x.src} ^ ${maskNum(w)})`) : norm(w, `0 - ${x.src}`), width: w };
  if (isNum(w)) return { src: op === 'not' ? `(${maskNum(w)} - ${x.src})` : `((${pow(w)} - ${x.src}) % ${pow(w)})`, width: w };
  return { src: `BigInt.asUintN(${w}, ${op === 'not' ? '~' : '-'}${x.src})`, width: w };
}

export function extractOp(em: Emitter, x: Val, hi: number, lo: number): Val {
  const rw = hi - lo + 1;
  if (x.k !== undefined) return constant(rw, bv.extract(x.k, hi, lo));
  if (lo === 0 && rw === x.width) return x;
  if (x.width <= 32) return { src: lo === 0 ? `(${x.src} & ${maskNum(rw)})` : `((${x.src} >>> ${lo}) & ${maskNum(rw)})`, width: rw };
  if (isNum(x.width)) {
    const src = lo === 0 ? `(${x.src} % ${pow(rw)})` : `(Math.floor(${x.src} / ${pow(lo)}) % ${pow(rw)})`;
    return { src: rw === 32 ? `(${src} | 0)` : src, width: rw };
  }
  return fromBig(rw, `((${x.src} >> ${lo}n) & ${bv.ones(rw)}n)`);
}

export function extendOp(em: Emitter, x: Val, to: number, signed: boolean): Val {
  const w = x.width;
  if (x.k !== undefined) return constant(to, bv.extend(x.k, w, to, signed));
  if (w === to) return x;
  if (!signed) return isNum(to) ? { src: to <= 32 ? x.src : unsignedNum(x), width: to, max: maxOf(x) } : { src: big(x), width: to };
  if (to <= 32) return { src: to === 32 ? signed32(w, x.src) : norm(to, signed32(w, x.src)), width: to };
  if (isNum(to)) {
    const a = atom(em, x).src;
    if (w === 32) return { src: `(${a} < 0 ? ${a} + ${pow(to)} : ${a})`, width: to };
    return { src: `(${a} >= ${pow(w - 1)} ? ${a} + ${pow(to) - pow(w)} : ${a})`, width: to };
  }
  if (w === 32) return { src: `BigInt.asUintN(${to}, BigInt(${x.src}))`, width: to };
  return { src: `BigInt.asUintN(${to}, BigInt.asIntN(${w}, ${big(x)}))`, width: to };
}

export function concatOp(em: Emitter, parts: Val[]): Val {
  const total = parts.reduce((s, p) => s + p.width, 0);
  if (parts.every((p) => p.k !== undefined)) return constant(total, bv.concat(parts.map((p) => [p.k!, p.width] as const)));
  let shift = total;
  const placed = parts.map((p) => {
    shift -= p.width;
    return { p, shift };
  });
  if (total <= 32) {
    // `|` yields an int32: the canonical form at 32 bits, and non-negative below.
    const src = placed.filter(({ p }) => p.k !== 0n).map(({ p, shift: s }) => (s === 0 ? p.src : `(${p.src} << ${s})`)).join(' | ');
    return { src: `(${src})`, width: total };
  }
  if (isNum(total)) return { src: `(${placed.map(({ p, shift: s }) => (s === 0 ? unsignedNum(p) : `${unsignedNum(p)} * ${pow(s)}`)).join(' + ')})`, width: total };
  return { src: `(${placed.map(({ p, shift: s }) => `(${big(p)} << ${s}n)`).join(' | ')})`, width: total };
}
