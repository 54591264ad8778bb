/** The pg74 variants' extra instructions behave as their docs say. */
import { describe, expect, test } from 'vitest';
import { pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/pg74-variants.js';
import { exec, ORIGIN, r, regs, user } from './helpers.js';

describe('JRU (pg74-jrst)', () => {
  test('in supervisor mode it drops to user mode and jumps', () => {
    const { m, r: res } = exec('JRU', { target: 0x300 }, () => {}, pg74Jrst);
    expect(res.trap).toBeUndefined();
    expect([m.getReg('M'), m.getReg('PC')]).toEqual([0, 0x300]);
  });
  test('in user mode it is an ordinary jump that never traps', () => {
    const { m, r: res } = exec('JRU', { target: 0x300 }, user, pg74Jrst);
    expect(res.trap).toBeUndefined();
    expect([m.getReg('M'), m.getReg('PC')]).toEqual([0, 0x300]);
  });
});

describe('LRA (pg74-lra)', () => {
  const lra = (setup: Parameters<typeof exec>[2]) => exec('LRA', { ra: 1, rb: 2, off: 3 }, setup, pg74Lra);
  test('loads the physical address its operand maps to, in user mode too', () => {
    const { m, r: res } = lra((m) => {
      user(m);
      m.setReg('L', 0x1000);
      m.setReg('B', 0x200);
      regs(m, { 2: 0x10 });
    });
    expect(res.trap).toBeUndefined();
    expect(r(m, 1)).toBe(0x1013);
  });
  test('an illegal operand address takes the memory trap with the address as value', () => {
    const { m, r: res } = lra((m) => {
      m.setReg('L', 0x1000);
      m.setReg('B', 0x12); // above the PC (16), below the operand (0x13)
      regs(m, { 1: 7, 2: 0x10 });
    });
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: 0x13 });
    expect(r(m, 1)).toBe(7);
  });
});

describe('RMODE (pg74-mode)', () => {
  test('reads 1 in supervisor mode', () => {
    expect(r(exec('RMODE', { ra: 1 }, () => {}, pg74Mode).m, 1)).toBe(1);
  });
  test('reads 0 in user mode, without trapping', () => {
    const { m, r: res } = exec('RMODE', { ra: 1 }, (m) => (user(m), regs(m, { 1: 9 })), pg74Mode);
    expect(res.trap).toBeUndefined();
    expect(r(m, 1)).toBe(0);
    expect(m.getReg('PC')).toBe(ORIGIN + 1);
  });
});
