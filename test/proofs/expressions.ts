/**
 * Random well-typed expressions over pg74's state: every expression kind and every operator, at
 * odd and wide widths (1 to 64 bits), with shift amounts and divisors that hit SMT-LIB's edge
 * cases (zero, at or beyond the width). Generated from a seed, so fast-check replays them.
 */
import fc from 'fast-check';
import { binaryOps, compareOps, unaryOps, type Expr } from '../../spec/ast.js';

const widths = [1, 4, 8, 16, 32, 33, 64];

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { int, pick, next };
}

function constant(r: ReturnType<typeof prng>, w: number): Expr {
  const max = (1n << BigInt(w)) - 1n;
  const special = [0n, 1n, max, max >> 1n, 1n << BigInt(w - 1), BigInt(w), BigInt(w + 1)].map((v) => v & max);
  const v = r.next() < 0.5 ? r.pick(special) : (BigInt(r.int(2 ** 30)) * BigInt(r.int(2 ** 30)) + BigInt(r.int(2 ** 30))) & max;
  return { kind: 'const', width: w, value: '0x' + v.toString(16) };
}

function leaf(r: ReturnType<typeof prng>, w: number): Expr {
  const options: (() => Expr)[] = [() => constant(r, w)];
  if (w === 32) options.push(() => ({ kind: 'reg', name: r.pick(['PC', 'L', 'B', 'CLK']) }), () => ({ kind: 'file', name: 'r', index: { kind: 'field', name: r.pick(['ra', 'rb']) } }));
  if (w === 1) options.push(() => ({ kind: 'reg', name: 'M' }));
  if (w === 16) options.push(() => ({ kind: 'field', name: 'imm' }));
  if (w === 4) options.push(() => ({ kind: 'field', name: r.pick(['ra', 'rb']) }));
  return r.pick(options)();
}

function expr(r: ReturnType<typeof prng>, w: number, depth: number): Expr {
  if (depth === 0 || r.next() < 0.2) return leaf(r, w);
  const sub = (width: number) => expr(r, width, depth - 1);
  const kinds: (() => Expr | undefined)[] = [
    () => ({ kind: 'unary', op: r.pick(unaryOps), arg: sub(w) }),
    () => ({ kind: 'binary', op: r.pick(binaryOps), left: sub(w), right: sub(w) }),
    () => ({ kind: 'binary', op: r.pick(binaryOps), left: sub(w), right: sub(w) }),
    () => (w === 1 ? ((x = r.pick(widths)) => ({ kind: 'compare', op: r.pick(compareOps), left: sub(x), right: sub(x) }) as Expr)() : undefined),
    () => {
      const from = r.pick(widths.filter((x) => x >= w));
      const lo = r.int(from - w + 1);
      return { kind: 'extract', arg: sub(from), hi: lo + w - 1, lo };
    },
    () => (w >= 2 ? ((a = 1 + r.int(w - 1)) => ({ kind: 'concat', parts: [sub(a), sub(w - a)] }) as Expr)() : undefined),
    () => (w >= 2 ? ({ kind: 'extend', signed: r.next() < 0.5, arg: sub(r.pick(widths.filter((x) => x < w))), width: w } as Expr) : undefined),
    () => ({ kind: 'ite', cond: sub(1), then: sub(w), else: sub(w) }),
    () =>
      w === 32 || w === 64
        ? { kind: 'load', space: 'virtual', width: w, addr: { kind: 'binary', op: 'add', left: { kind: 'extend', signed: false, arg: { kind: 'field', name: 'imm' }, width: 32 }, right: sub(32) } }
        : undefined,
    () => (w === 32 ? { kind: 'file', name: 'r', index: { kind: 'extract', arg: sub(32), hi: 3, lo: 0 } } : undefined),
  ];
  for (;;) {
    const e = r.pick(kinds)();
    if (e) return e;
  }
}

/** A 32-bit expression (the value an instruction writes to a general register). */
export const expression32: fc.Arbitrary<Expr> = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 })).map(([seed, depth]) => {
  const r = prng(seed);
  const w = r.pick(widths);
  const e = expr(r, w, depth);
  return w === 32 ? e : w < 32 ? { kind: 'extend', signed: r.next() < 0.5, arg: e, width: 32 } : { kind: 'extract', arg: e, hi: 31, lo: 0 };
});
