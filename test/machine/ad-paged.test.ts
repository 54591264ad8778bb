/**
 * A map that stores (paged8-ad, test/machine/ad-paged-isa.ts): the walk sets A on every access
 * that does not fault and D on a store, in the compiled emulator (run and step) and the reference
 * evaluator alike; a faulting access, and a step that traps, set nothing; a load of the entry
 * sees the bit its own walk just set.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { Machine, type MachineSnapshot } from '../../machine/index.js';
import { paged8ad, ACCESSED, DIRTY } from './ad-paged-isa.js';
import { cells } from './helpers.js';
import { machineRun, referenceRun } from './feature-isa.js';
import { paged8 } from './paged-isa.js';
import { contextFor } from '../../machine/context.js';
import { assertValidIsa, type Expr, type IsaDescription } from '../../spec/index.js';

const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(paged8ad, mnemonic, fields);
const PTB = 0xc0;
const HANDLER = 0x80;
const VALID = 0x8000;
const WRITABLE = 0x4000;

function paged(program: number[], table: Record<number, number>): Machine {
  const m = new Machine(paged8ad);
  m.loadCells(4, [HANDLER]);
  m.loadCells(HANDLER, I('HALT'));
  for (const [page, entry] of Object.entries(table)) m.loadCells(PTB + Number(page), [entry]);
  m.loadCells(0x10, program);
  return m;
}

const saved = (m: Machine) => m.readCells(0, 4);
const entry = (m: Machine, page: number) => m.readCells(PTB + page, 1)[0]!;
const user = [...I('LDI', { ra: 3, imm: 0 }), ...I('MTS', { ra: 3, sr: 1 })];
// Page 1 (the code) → frame 1; page 2 → frame 5, writable; page 3 → frame 6, read-only; page 4 → frame 7, writable.
const table = { 1: VALID | WRITABLE | 1, 2: VALID | WRITABLE | 5, 3: VALID | 6, 4: VALID | WRITABLE | 7 };

describe('paged8-ad: the walk sets accessed and dirty bits', () => {
  for (const how of ['run', 'step'] as const)
    test(`${how}: a load sets A of its page, a store A and D, the fetch A of the code page; untouched pages keep theirs`, () => {
      const m = paged([...user, ...I('LDI', { ra: 1, imm: 0x21 }), ...I('LD', { ra: 0, rb: 1 }), ...I('LDI', { ra: 1, imm: 0x42 }), ...I('ST', { ra: 0, rb: 1 }), ...I('SVC')], table);
      const bare = m.snapshot();
      if (how === 'run') m.run(20);
      else for (let i = 0; i < 20 && !m.halted; i++) m.step();
      expect(saved(m)[1]).toBe(6); // the SVC
      expect(entry(m, 1)).toBe(table[1] | ACCESSED);
      expect(entry(m, 2)).toBe(table[2] | ACCESSED);
      expect(entry(m, 4)).toBe(table[4] | ACCESSED | DIRTY);
      expect(entry(m, 3)).toBe(table[3]);
      expect(machineRun(how, paged8ad, bare, 20)).toEqual(referenceRun(paged8ad, bare, 20));
    });

  test('a store that faults (read-only page) sets neither bit, and the trapping step keeps no fetch A either', () => {
    const code = { ...table, 1: VALID | WRITABLE | 1 };
    const m = paged([...user, ...I('LDI', { ra: 1, imm: 0x31 }), ...I('ST', { ra: 0, rb: 1 })], code);
    m.run(20);
    expect(saved(m).slice(1, 3)).toEqual([2, 0x31]);
    expect(entry(m, 3)).toBe(table[3]);
    // The code page's A: set by the LDI before the store (a step that completed), kept.
    expect(entry(m, 1) & ACCESSED).toBe(ACCESSED);
  });

  test('a trapping instruction on a fresh page keeps no walk store of its own fetch', () => {
    // The code jumps to page 4 (A clear), whose first instruction is SVC: the step traps, so
    // page 4's entry keeps A clear; the steps before set the code page's.
    const m = paged([...user, ...I('LDI', { ra: 0, imm: 1 }), ...I('JNZ', { ra: 0, rel: 0x40 - 0x14 }) ], table);
    m.loadCells(0x70, I('SVC'));
    m.run(20);
    expect(saved(m).slice(0, 2)).toEqual([0x40, 6]);
    expect(entry(m, 4)).toBe(table[4]);
  });

  test("a load of a page's own entry sees the A its walk just set", () => {
    // Page 5 maps to frame 0xc, the page table: virtual 0x55 is page 5's own entry.
    const t = { ...table, 5: VALID | 0xc };
    const m = paged([...user, ...I('LDI', { ra: 1, imm: 0x55 }), ...I('LD', { ra: 0, rb: 1 }), ...I('SVC')], t);
    const bare = m.snapshot();
    m.run(20);
    expect(m.getFile('r', 0)).toBe(t[5] | ACCESSED);
    expect(machineRun('step', paged8ad, bare, 20)).toEqual(referenceRun(paged8ad, bare, 20));
  });
});

// -------------------------------------------------------------------------------------------------
// Random programs over random page tables with random A and D bits.

const mnemonics = ['NOP', 'LDI', 'ADD', 'LD', 'ST', 'LD', 'ST', 'JNZ', 'MTS', 'SVC'];

function fieldValue(name: string, width: number): fc.Arbitrary<number> {
  if (name === 'rel') return fc.integer({ min: -4, max: 4 }).map((v) => v & 0xff);
  if (name === 'imm') return fc.oneof(fc.integer({ min: 0x10, max: 0x6f }), fc.integer({ min: 0xc0, max: 0xcf }), fc.integer({ min: 0, max: 0xff }));
  return fc.integer({ min: 0, max: 2 ** width - 1 });
}

const insnCells = fc
  .constantFrom(...paged8ad.instructions.filter((i) => mnemonics.includes(i.mnemonic)))
  .chain((insn) => fc.record(Object.fromEntries(insn.encoding.fields.map((f) => [f.name, fieldValue(f.name, f.width)]))).map((fields) => cells(paged8ad, insn.mnemonic, fields)));

const adState: fc.Arbitrary<MachineSnapshot> = fc
  .record({
    M: fc.constantFrom(0, 0, 1),
    entries: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 15 })), { minLength: 16, maxLength: 16 }),
    r: fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x6f }), fc.integer({ min: 0, max: 0xffff })), { minLength: 4, maxLength: 4 }),
    code: fc.array(insnCells, { minLength: 1, maxLength: 12 }).map((xs) => xs.flat()),
  })
  .map(({ M, entries, r, code }) => {
    const m = new Machine(paged8ad);
    m.loadCells(4, [0x10]);
    // kind 0: invalid; 1..4 valid (writable from 2); ad: A and D bits as given. Page 12 (0xc) is the table's own frame.
    entries.forEach(([kind, ad, frame], page) => {
      const base = page === 1 ? VALID | 1 : kind === 0 ? 0 : VALID | (kind >= 2 ? WRITABLE : 0) | frame;
      m.loadCells(PTB + page, [base | (ad & 1 ? ACCESSED : 0) | (ad & 2 ? DIRTY : 0)]);
    });
    m.loadCells(0x10, code);
    r.forEach((v, i) => m.setFile('r', i, v));
    m.setReg('M', M);
    return m.snapshot();
  });

describe('paged8-ad: emulator and reference agree', () => {
  fcTest.prop([adState], { numRuns: 200 })('run(), step() and the reference agree on random programs over random tables', (snap) => {
    const expected = referenceRun(paged8ad, snap, 30);
    expect(machineRun('step', paged8ad, snap, 30)).toEqual(expected);
    expect(machineRun('run', paged8ad, snap, 30)).toEqual(expected);
  });

  test('the random programs set A and D bits that were clear', () => {
    let setA = 0;
    let setD = 0;
    for (const snap of fc.sample(adState, { numRuns: 200, seed: 42 })) {
      const m = new Machine(paged8ad);
      m.restore(snap);
      const before = m.readCells(PTB, 16);
      for (let i = 0; i < 30 && !m.halted; i++) m.step();
      m.readCells(PTB, 16).forEach((e, i) => {
        if (e & ~before[i]! & ACCESSED) setA++;
        if (e & ~before[i]! & DIRTY) setD++;
      });
    }
    expect(setA).toBeGreaterThan(20);
    expect(setD).toBeGreaterThan(5);
  });
});

describe('a map that stores without reading tables (the run loop remembers its fetch checks)', () => {
  test('every fetch counts in cell vaddr & 15, in run(), step() and the reference alike, with the fetch memo on', () => {
    const never = { fault: { kind: 'const', width: 1, value: '0' }, trap: 'pageFault' } as const;
    const low: Expr = { kind: 'extend', signed: false, width: 8, arg: { kind: 'extract', hi: 3, lo: 0, arg: { kind: 'var', name: 'vaddr' } } };
    const isa: IsaDescription = {
      ...paged8,
      name: 'paged8-count',
      state: {
        ...paged8.state,
        addressMap: {
          kind: 'described',
          fetch: never,
          read: never,
          write: never,
          physical: { kind: 'var', name: 'vaddr' },
          updates: { fetch: [{ when: { kind: 'const', width: 1, value: '1' }, cell: low, value: { kind: 'binary', op: 'add', left: { kind: 'load', space: 'physical', width: 16, addr: low }, right: { kind: 'const', width: 16, value: '1' } } }], read: [], write: [] },
        },
      },
    };
    assertValidIsa(isa, isa.name);
    expect(contextFor(isa, 256).fetchMemo).toBeDefined();
    const m = new Machine(isa);
    // A loop of five one-cell instructions at 0x20..0x24: LDI, LD, ST, LDI, JNZ back.
    m.loadCells(0x20, [...cells(isa, 'LDI', { ra: 1, imm: 0x40 }), ...cells(isa, 'LD', { ra: 0, rb: 1 }), ...cells(isa, 'ST', { ra: 0, rb: 1 }), ...cells(isa, 'LDI', { ra: 2, imm: 1 }), ...cells(isa, 'JNZ', { ra: 2, rel: 0xfc })]);
    m.setReg('PC', 0x20);
    const snap = m.snapshot();
    const expected = referenceRun(isa, snap, 200);
    expect(machineRun('run', isa, snap, 200)).toEqual(expected);
    expect(machineRun('step', isa, snap, 200)).toEqual(expected);
    m.run(200);
    // 200 steps: 40 passes of the loop (JNZ goes back to 0x20); the data accesses (at 0x40, cell 0) store nothing.
    expect(m.readCells(0, 5)).toEqual([40, 40, 40, 40, 40]);
  });
});

test('a walk store of a load in a branch of an expression is buffered like a conditional store', async () => {
  // Found by the checker-vs-oracle run (ORACLE_WALK=1, seed 5): `M := PC[0] ? PC[0] : Vmem8[PC][0]`
  // under a walk whose update is unconditional; the generated code declared the pending store
  // inside the expression's branch and committed it outside, a ReferenceError at every step.
  const { readFileSync } = await import('node:fs');
  const isa = assertValidIsa(JSON.parse(readFileSync(new URL('./fixtures/walk-store-in-expression-branch.json', import.meta.url), 'utf8')));
  for (const pc of [0, 1, 2])
    for (const entry of [0x80, 0xc1, 0x03]) {
      const m = new Machine(isa);
      m.loadCells(0, [entry, 0x01, 0x00, 0x01]);
      m.setReg('PC', pc);
      m.setReg('M', 0);
      const snap = m.snapshot();
      const expected = referenceRun(isa, snap, 6);
      expect(machineRun('step', isa, snap, 6)).toEqual(expected);
      expect(machineRun('run', isa, snap, 6)).toEqual(expected);
    }
});
