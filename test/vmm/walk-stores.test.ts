/**
 * The monitor on a map that stores (paged8-ad, test/machine/ad-paged-isa.ts): virtual = real, so
 * the real machine's walk sets A and D in the guest's own page table as the bare machine's does;
 * the supervisor code the monitor interprets makes no walk stores (it translates nothing). The
 * guest's run, page table included, agrees with its bare run.
 */
import { describe, expect, test } from 'vitest';
import { checkEquivalence } from '../../vmm/index.js';
import { Machine } from '../../machine/index.js';
import { paged8ad, ACCESSED, DIRTY } from '../machine/ad-paged-isa.js';
import { cells } from '../machine/helpers.js';

const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(paged8ad, mnemonic, fields);
const VALID = 0x8000;
const WRITABLE = 0x4000;

/** A user program over a page table whose entries have A and D clear; the SVC handler halts. */
function guest(): Machine {
  const m = new Machine(paged8ad);
  m.loadCells(4, [0x80]);
  m.loadCells(0x80, I('HALT'));
  // Page 1 (code) to frame 1, page 2 to frame 5, page 3 read-only to frame 6, page 4 to frame 7.
  m.loadCells(0xc1, [VALID | WRITABLE | 1, VALID | WRITABLE | 5, VALID | 6, VALID | WRITABLE | 7]);
  m.loadCells(0x51, [0xbeef]);
  m.loadCells(0x10, [
    ...I('LDI', { ra: 3, imm: 0 }),
    ...I('MTS', { ra: 3, sr: 1 }),
    ...I('LDI', { ra: 1, imm: 0x21 }),
    ...I('LD', { ra: 0, rb: 1 }),
    ...I('LDI', { ra: 1, imm: 0x42 }),
    ...I('ST', { ra: 0, rb: 1 }),
    ...I('LDI', { ra: 1, imm: 0x31 }),
    ...I('ST', { ra: 0, rb: 1 }),
  ]);
  return m;
}

describe('the monitor on a map whose walk sets accessed and dirty bits', () => {
  test('the guest sets A and D in its page table as the bare machine does (virtual = real)', () => {
    const bare = guest();
    const snap = bare.snapshot();
    bare.run(40);
    // The bare run's own outcome: the code page, page 2 (read) and page 4 (written) accessed; page 4 dirty; page 3 (the faulting store) untouched.
    expect(bare.readCells(0xc1, 4)).toEqual([VALID | WRITABLE | 1 | ACCESSED, VALID | WRITABLE | 5 | ACCESSED, VALID | 6, VALID | WRITABLE | 7 | ACCESSED | DIRTY]);
    const r = checkEquivalence(paged8ad, snap, 256, { maxSteps: 40, reserve: 0 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
    expect(r.statistics[0]!.direct).toBeGreaterThan(0);
  });
});
