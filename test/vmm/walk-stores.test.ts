/**
 * The monitor on a map that stores (paged8-ad, test/machine/ad-paged-isa.ts): virtual = real, so
 * the real machine's walk sets A and D in the guest's own page table as the bare machine's does;
 * the supervisor code the monitor interprets makes no walk stores (it translates nothing). The
 * guest's run, page table included, agrees with its bare run.
 */
import { describe, expect, test } from 'vitest';
import { checkEquivalence, rolesOf } from '../../vmm/index.js';
import { assertValidIsa, type IsaDescription } from '../../spec/index.js';
import { paged8 } from '../machine/paged-isa.js';
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

/**
 * paged8 with an identity map in both modes whose walk stores 1 at cell 0xf0 on every access, in
 * user mode only (`userOnly`), or in every mode: the translations cannot tell the modes apart,
 * the stores can, so supervisor mode runs directly only where the stores are the same.
 */
function flagMap(userOnly: boolean): IsaDescription {
  const never = { fault: { kind: 'const', width: 1, value: '0' }, trap: 'pageFault' } as const;
  const user = { kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'M' }, right: { kind: 'const', width: 1, value: '0' } } as const;
  const isa: IsaDescription = {
    ...paged8,
    name: userOnly ? 'paged8-flag-user' : 'paged8-flag',
    state: {
      ...paged8.state,
      addressMap: {
        kind: 'described',
        fetch: never,
        read: never,
        write: never,
        physical: { kind: 'var', name: 'vaddr' },
        updates: [{ when: userOnly ? user : { kind: 'const', width: 1, value: '1' }, cell: { kind: 'const', width: 8, value: '0xf0' }, value: { kind: 'const', width: 16, value: '1' } }],
      },
    },
  };
  assertValidIsa(isa, isa.name);
  return isa;
}

describe('which levels run directly when the walk stores', () => {
  test('a level whose walk stores otherwise than the user level is interpreted; one that stores alike runs directly', () => {
    expect(rolesOf(flagMap(true)).runsDirectly(1)).toBe(false);
    expect(rolesOf(flagMap(false)).runsDirectly(1)).toBe(true);
  });

  test('a supervisor program under the user-only stores ends as bare (cell 0xf0 untouched) as a guest', () => {
    const isa = flagMap(true);
    const m = new Machine(isa);
    m.loadCells(4, [0x80]);
    m.loadCells(0x80, cells(isa, 'HALT'));
    m.loadCells(0x10, [...cells(isa, 'LDI', { ra: 1, imm: 0x40 }), ...cells(isa, 'LD', { ra: 0, rb: 1 }), ...cells(isa, 'ST', { ra: 0, rb: 1 }), ...cells(isa, 'HALT')]);
    const snap = m.snapshot();
    m.run(20);
    expect(m.readCells(0xf0, 1)).toEqual([0]);
    const r = checkEquivalence(isa, snap, 256, { maxSteps: 20, reserve: 0 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
  });
});
