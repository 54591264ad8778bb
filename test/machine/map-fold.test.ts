/**
 * Folding an address map with registers fixed (machine/map-fold.ts): an unsigned bound at the end
 * of its range decides a comparison, and adding zero leaves the address — so a map that relocates
 * by 0 and protects nothing is seen to be the identity (the PDP-10's user map with PL = 377, RL = 0).
 */
import { describe, expect, test } from 'vitest';
import type { Expr } from '../../spec/ast.js';
import { foldRegisters, mapShape } from '../../machine/map-fold.js';
import { pdp10 } from '../../spec/isa/index.js';

const reg = (name: string): Expr => ({ kind: 'reg', name });
const k = (width: number, v: number): Expr => ({ kind: 'const', width, value: '0x' + v.toString(16) });
const cmp = (op: 'ule' | 'ult' | 'uge' | 'ugt', left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });

describe('folding map expressions', () => {
  const none = new Map<string, bigint>();
  test('x ≤ all-ones and x ≥ 0 are 1, x > all-ones and x < 0 are 0, whatever x', () => {
    expect(foldRegisters(pdp10, cmp('ule', reg('RL'), k(8, 0xff)), none)).toEqual(k(1, 1));
    expect(foldRegisters(pdp10, cmp('uge', reg('RL'), k(8, 0)), none)).toEqual(k(1, 1));
    expect(foldRegisters(pdp10, cmp('ugt', reg('RL'), k(8, 0xff)), none)).toEqual(k(1, 0));
    expect(foldRegisters(pdp10, cmp('ult', reg('RL'), k(8, 0)), none)).toEqual(k(1, 0));
  });

  test('a bound inside the range stays a comparison', () => {
    expect(foldRegisters(pdp10, cmp('ule', reg('RL'), k(8, 0xfe)), none).kind).toBe('compare');
    expect(foldRegisters(pdp10, cmp('ult', reg('RL'), k(8, 1)), none).kind).toBe('compare');
  });

  test('x + 0 and 0 + x are x; x - 0 is x, 0 - x is not', () => {
    const add = (l: Expr, r: Expr): Expr => ({ kind: 'binary', op: 'add', left: l, right: r });
    expect(foldRegisters(pdp10, add(reg('PC'), k(18, 0)), none)).toEqual(reg('PC'));
    expect(foldRegisters(pdp10, add(k(18, 0), reg('PC')), none)).toEqual(reg('PC'));
    expect(foldRegisters(pdp10, { kind: 'binary', op: 'sub', left: reg('PC'), right: k(18, 0) }, none)).toEqual(reg('PC'));
    expect(foldRegisters(pdp10, { kind: 'binary', op: 'sub', left: k(18, 0), right: reg('PC') }, none).kind).toBe('binary');
  });

  test('the PDP-10 user map with PL = 377 and RL = 0 has the executive map’s shape; with PL = 3 it does not', () => {
    const at = (user: number, pl: number, rl = 0) => mapShape(pdp10, new Map([['FLAGS.USER', BigInt(user)], ['PL', BigInt(pl)], ['RL', BigInt(rl)], ['PH', 0n], ['RH', 0n], ['WP', 0n]]));
    expect(at(1, 0xff)).toBe(at(0, 0xff));
    expect(at(1, 3)).not.toBe(at(0, 3));
    expect(at(1, 0xff, 2)).not.toBe(at(0, 0xff, 2));
  });
});
