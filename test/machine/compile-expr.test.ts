/**
 * The expression compiler against the reference operations (bv.ts), operation by operation, at
 * widths from each representation: int32 (<= 32 bits), exact doubles (33..52), bigints (53..64).
 * Operands are variables or, half the time, constants (which takes the folding and
 * constant-shift paths).
 */
import { describe, expect } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { binaryOps, compareOps, unaryOps, type Expr } from '../../spec/ast.js';
import * as bv from '../../machine/bv.js';
import { compileExpr, Emitter, isNum, type ExprEnv } from '../../machine/compile-expr.js';

const widths = [1, 5, 8, 16, 31, 32, 33, 40, 52, 53, 63, 64];

/** A value of width w: often a boundary, sometimes a small shift amount. */
const value = (w: number) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: bv.ones(w) }),
    fc.constantFrom(0n, 1n, bv.ones(w), bv.ones(w) >> 1n, bv.pow2(w - 1)).map((x) => x & bv.ones(w)),
    fc.bigInt({ min: 0n, max: BigInt(w + 2) }).map((x) => x & bv.ones(w)),
  );

const env: ExprEnv = {
  reg: () => { throw new Error('no registers'); },
  file: () => { throw new Error('no files'); },
  field: () => { throw new Error('no fields'); },
  trapInfo: () => { throw new Error('no trap'); },
  load: () => { throw new Error('no storage'); },
  // A variable's name carries its width: `v<width>_<i>`.
  var: (name) => ({ src: name, width: Number(/^v(\d+)_/.exec(name)![1]) }),
};

/** A value in the compiled code's canonical form: 32-bit values are signed int32s. */
const canonical = (width: number, v: bigint) => (width === 32 ? Number(BigInt.asIntN(32, v)) : isNum(width) ? Number(v) : v);

const cache = new Map<string, { f: (...args: unknown[]) => unknown; width: number }>();
/** Runs the compiled expression on the given operand values (variables `v<width>_<i>`). */
function run(e: Expr, args: { name: string; width: number; value: bigint }[]): bigint {
  const key = JSON.stringify(e);
  let c = cache.get(key);
  if (!c) {
    const em = new Emitter();
    const v = compileExpr(e, env, em);
    c = { f: new Function(...args.map((a) => a.name), `${em.lines.join('\n')}\nreturn ${v.src};`) as (...a: unknown[]) => unknown, width: v.width };
    cache.set(key, c);
  }
  const out = c.f(...args.map((a) => canonical(a.width, a.value)));
  if (c.width === 32) expect(out).toBe((out as number) | 0);
  else if (isNum(c.width)) expect(Number.isInteger(out) && (out as number) >= 0).toBe(true);
  return BigInt.asUintN(c.width, BigInt(out as number | bigint));
}

/** An operand: a variable (its name carries its width) or a constant. */
function operand(w: number, value: bigint, asConst: boolean, i: number) {
  const name = `v${w}_${i}`;
  const expr: Expr = asConst ? { kind: 'const', width: w, value: '0x' + value.toString(16) } : { kind: 'var', name };
  return { expr, arg: asConst ? [] : [{ name, width: w, value }] };
}

const operands = (w: number) => fc.record({ a: value(w), b: value(w), aConst: fc.boolean(), bConst: fc.boolean() }).filter((x) => !(x.aConst && x.bConst));

describe('compiled operations equal the reference operations', () => {
  for (const w of widths) {
    fcTest.prop([fc.constantFrom(...binaryOps), operands(w)])(`binary operations at ${w} bits`, (op, { a, b, aConst, bConst }) => {
      const x = operand(w, a, aConst, 0);
      const y = operand(w, b, bConst, 1);
      expect(run({ kind: 'binary', op, left: x.expr, right: y.expr }, [...x.arg, ...y.arg])).toBe(bv.binary(op, w, a, b));
    });
    fcTest.prop([fc.constantFrom(...compareOps), operands(w)])(`comparisons at ${w} bits`, (op, { a, b, aConst, bConst }) => {
      const x = operand(w, a, aConst, 0);
      const y = operand(w, b, bConst, 1);
      expect(run({ kind: 'compare', op, left: x.expr, right: y.expr }, [...x.arg, ...y.arg])).toBe(bv.compare(op, w, a, b));
    });
    fcTest.prop([fc.constantFrom(...unaryOps), value(w)])(`unary operations at ${w} bits`, (op, a) => {
      const x = operand(w, a, false, 0);
      expect(run({ kind: 'unary', op, arg: x.expr }, x.arg)).toBe(bv.unary(op, w, a));
    });
    fcTest.prop([value(w), fc.nat({ max: w - 1 }), fc.nat({ max: w - 1 })])(`extract from ${w} bits`, (a, i, j) => {
      const [hi, lo] = i >= j ? [i, j] : [j, i];
      const x = operand(w, a, false, 0);
      expect(run({ kind: 'extract', arg: x.expr, hi, lo }, x.arg)).toBe(bv.extract(a, hi, lo));
    });
    fcTest.prop([value(w), fc.constantFrom(...widths.filter((t) => t >= w)), fc.boolean()])(`extend from ${w} bits`, (a, to, signed) => {
      const x = operand(w, a, false, 0);
      expect(run({ kind: 'extend', signed, arg: x.expr, width: to }, x.arg)).toBe(bv.extend(a, w, to, signed));
    });
  }
  fcTest.prop([fc.array(fc.constantFrom(1, 3, 8, 16, 20, 32), { minLength: 1, maxLength: 4 }).chain((ws) => fc.tuple(fc.constant(ws), fc.tuple(...ws.map(value))))])(
    'concatenation',
    ([ws, vs]) => {
      const parts = ws.map((w, i) => operand(w, vs[i]!, false, i));
      const total = ws.reduce((s, w) => s + w, 0);
      fc.pre(total <= 64);
      expect(run({ kind: 'concat', parts: parts.map((p) => p.expr) }, parts.flatMap((p) => p.arg))).toBe(bv.concat(ws.map((w, i) => [vs[i]!, w] as const)));
    },
  );
  fcTest.prop([fc.boolean(), value(32), value(32)])('ite evaluates to the chosen branch', (c, a, b) => {
    const cond = operand(1, c ? 1n : 0n, false, 9);
    const x = operand(32, a, false, 0);
    const y = operand(32, b, false, 1);
    expect(run({ kind: 'ite', cond: cond.expr, then: x.expr, else: y.expr }, [...cond.arg, ...x.arg, ...y.arg])).toBe(c ? a : b);
  });
});
