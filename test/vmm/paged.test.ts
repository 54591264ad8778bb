/**
 * The monitor on a map that reads storage (paged8): virtual = real, the guest's own page table is
 * the host's; user mode runs directly, supervisor mode (untranslated) is interpreted.
 */
import { describe, expect, test } from 'vitest';
import { checkEquivalence } from '../../vmm/index.js';
import { Machine } from '../../machine/index.js';
import { paged8 } from '../machine/paged-isa.js';
import { cells } from '../machine/helpers.js';

const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(paged8, mnemonic, fields);

describe('the monitor on a map that walks a page table', () => {
  test('a user program over a page table runs as on the bare machine (virtual = real)', () => {
    const m = new Machine(paged8);
    m.loadCells(4, [0x80]);
    m.loadCells(0x80, I('HALT'));
    // Page 1 (code) to frame 1, page 2 to frame 5, page 3 read-only to frame 6.
    m.loadCells(0xc1, [0x8000 | 0x4000 | 1, 0x8000 | 0x4000 | 5, 0x8000 | 6]);
    m.loadCells(0x51, [0xbeef]);
    m.loadCells(0x10, [
      ...I('LDI', { ra: 3, imm: 0 }),
      ...I('MTS', { ra: 3, sr: 1 }),
      ...I('LDI', { ra: 1, imm: 0x21 }),
      ...I('LD', { ra: 0, rb: 1 }),
      ...I('LDI', { ra: 1, imm: 0x22 }),
      ...I('ST', { ra: 0, rb: 1 }),
      ...I('LDI', { ra: 1, imm: 0x31 }),
      ...I('ST', { ra: 0, rb: 1 }),
    ]);
    const r = checkEquivalence(paged8, m.snapshot(), 256, { maxSteps: 40, reserve: 0 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
    expect(r.statistics[0]!.direct).toBeGreaterThan(0);
  });
});

