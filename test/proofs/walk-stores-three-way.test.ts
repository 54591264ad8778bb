/**
 * One step on a map that stores (paged8-ad, test/machine/ad-paged-isa.ts), three ways: the
 * compiled machine, the reference evaluator and Z3 (the checker's symbolic executor) agree on the
 * trap, the registers and every cell written, the walk's A and D stores included; and the cases
 * reach steps whose walk marks an entry.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { paged8ad, ACCESSED, DIRTY } from '../machine/ad-paged-isa.js';
import { cells } from '../machine/helpers.js';
import { expectThreeWay, type Case } from '../machine/three-way.js';

const PTB = 0xc0;
const VALID = 0x8000;
const WRITABLE = 0x4000;

const insns = paged8ad.instructions.filter((i) => ['NOP', 'LDI', 'ADD', 'LD', 'ST', 'JNZ', 'SVC', 'MTS'].includes(i.mnemonic));

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    insn: fc.constantFrom(...insns),
    fieldSeed: fc.array(fc.nat(0xff), { minLength: 3, maxLength: 3 }),
    M: fc.constantFrom(0, 0, 1),
    // Each entry: kind (0 invalid, 1 read-only, 2 writable), A/D bits, frame.
    entries: fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(15)), { minLength: 16, maxLength: 16 }),
    r: fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x6f }), fc.nat(0xffff)), { minLength: 4, maxLength: 4 }),
  })
  .map(({ insn, fieldSeed, M, entries, r }): Case => {
    const fields = Object.fromEntries(insn.encoding.fields.map((f, i) => [f.name, fieldSeed[i]! % 2 ** f.width]));
    const storage: [number, number][] = entries.map(([kind, ad, frame], page) => {
      // The code page maps to itself, valid and writable, so every case fetches its instruction at 0x10.
      const base = page === 1 ? VALID | WRITABLE | 1 : kind === 0 ? 0 : VALID | (kind === 2 ? WRITABLE : 0) | frame;
      return [PTB + page, base | (ad & 1 ? ACCESSED : 0) | (ad & 2 ? DIRTY : 0)];
    });
    cells(paged8ad, insn.mnemonic, fields).forEach((v, i) => storage.push([0x10 + i, v]));
    return { isa: paged8ad, insn, fields, registers: { PC: 0x10, M, PTB }, files: { r }, storage };
  });

describe('paged8-ad: machine, reference and Z3 agree on steps whose walk stores', () => {
  test('60 random steps', async () => {
    let marked = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { machine } = await expectThreeWay(c, c.insn.mnemonic);
        if (machine.trap === undefined && machine.cells && [...machine.cells].some(([a, v]) => a >= PTB && a < PTB + 16 && v !== (c.storage.find(([x]) => x === a)?.[1] ?? 0))) marked++;
      }),
      { numRuns: 60, seed: 11 },
    );
    // The generator reaches steps that complete and change a page-table entry (A or D set).
    expect(marked).toBeGreaterThan(10);
  }, 300_000);
});
