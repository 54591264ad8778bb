/**
 * The checker and the Z3 translation on cells wider than 52 bits (issue 11, construct 6), on w64
 * and w60 (test/spec/w64-isa.ts): verdicts, witnesses that replay with instruction cells above
 * 2^53 (written in reports as decimal digits), and one step of random states taken three ways —
 * the compiled machine, the reference evaluator and Z3 — with full-width registers and cells.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { checkIsa } from '../../proofs/index.js';
import { renderJson } from '../../proofs/render/json.js';
import { extendIsa } from '../../spec/index.js';
import { zext } from '../../spec/builder/ops.js';
import type { IsaDescription } from '../../spec/description.js';
import { instructionWordOf } from '../../testing/instructions.js';
import { expectThreeWay, type Case } from '../machine/three-way.js';
import { expectLawfulReport } from './laws.js';
import { w60, w64, w64Builder as b } from '../spec/w64-isa.js';

/** w64 with an unprivileged read of the relocation register: location-sensitive in user mode. */
const rdrl = b.insn('RDRL', {
  cite: 'test: an unprivileged read of the relocation register', class: 'innocuous',
  encoding: `00100000 a:3 000 ${'0'.repeat(34)} ${'0'.repeat(16)}` as `${string} a:3 ${string}`,
  syntax: 'rdrl {a}',
  semantics: ({ a }, $) => $.set(b.file('a')(a as never), zext(b.reg('RL'), 64)),
});
const w64Rdrl = extendIsa(w64, { name: 'w64-rdrl', summary: 'w64 and an unprivileged read of RL', add: [rdrl] });

describe('the checker on 64- and 60-bit cells', () => {
  for (const isa of [w64, w60])
    test(`${isa.name}: every sensitive instruction is privileged (Theorems 1 to 3 hold), classes as declared`, async () => {
      const r = await checkIsa(isa);
      expect(r.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
      for (const i of r.instructions) expect(i.derived, i.mnemonic).toBe(i.declared);
      expectLawfulReport(isa, r);
    }, 120_000);

  test('an unprivileged read of RL breaks Theorems 1 and 3; its witness replays, its instruction cell above 2^53 written as digits', async () => {
    const r = await checkIsa(w64Rdrl);
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'fails']);
    expect(r.theorems[0]!.violators.map((v) => v.mnemonic)).toEqual(['RDRL']);
    const w = r.instructions.find((i) => i.mnemonic === 'RDRL')!.definitions['location-sensitive'].witness!;
    expect(w.replayed).toBe(true);
    // The cell's opcode sits in its top byte: the value is above 2^53 - 1, so a report gives its digits.
    const cell = String((0x20n << 56n) | (BigInt(w.instruction.fields.a!) << 53n));
    expect(w.instruction.cells).toEqual([cell]);
    expect(w.instruction.text).toBe(`rdrl a${w.instruction.fields.a}`);
    expect(w.states.flatMap((s) => s.storage).some((c) => c.value === cell)).toBe(true);
    expectLawfulReport(w64Rdrl, r);
    // And through JSON, as a user's tool reads it: the digits are exact.
    const json = JSON.parse(renderJson([r])) as { instructions: { mnemonic: string; definitions: Record<string, { witness?: { instruction: { cells: unknown[] } } }> }[] };
    expect(json.instructions.find((i) => i.mnemonic === 'RDRL')!.definitions['location-sensitive']!.witness!.instruction.cells).toEqual([cell]);
  }, 120_000);
});

/** Full-width values: small ones, the boundaries around 2^53 and 2^(W-1), and any. */
const wide = (W: number) => {
  const max = (1n << BigInt(W)) - 1n;
  return fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, max >> 1n, (max >> 1n) + 1n, max), fc.bigInt({ min: 0n, max }));
};

/** One instruction at its physical PC, full-width accumulators and data cells in the first 64 cells. */
const arbCase = (isa: IsaDescription) =>
  fc.constantFrom(...isa.instructions).chain((insn) =>
    fc
      .record({
        word: instructionWordOf(isa, insn, { addressRange: 64 }),
        pc: fc.integer({ min: 6, max: 60 }),
        M: fc.integer({ min: 0, max: 1 }),
        RL: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 })),
        RB: fc.oneof(fc.constant(0xffff), fc.integer({ min: 0, max: 70 })),
        a: fc.array(fc.oneof(wide(isa.state.storage.cellBits), fc.integer({ min: 0, max: 63 }).map(BigInt)), { minLength: 8, maxLength: 8 }),
        cells: fc.array(fc.tuple(fc.integer({ min: 0, max: 72 }), wide(isa.state.storage.cellBits)), { maxLength: 8 }),
      })
      .map((g): Case => {
        const at = g.pc + g.RL;
        const code = new Set(g.word.cells.map((_, i) => at + i));
        const storage = new Map<number, bigint>(g.cells.filter(([a]) => !code.has(a)));
        g.word.cells.forEach((v, i) => storage.set(at + i, BigInt(v)));
        return { isa, insn, fields: g.word.fields, registers: { PC: g.pc, M: g.M, RL: g.RL, RB: g.RB }, files: { a: g.a }, storage: [...storage] };
      }),
  );

describe('the compiled machine, the reference evaluator and Z3 agree on full-width words', () => {
  for (const isa of [w64, w60])
    fcTest.prop([arbCase(isa)], { numRuns: 60 })(`one step of a random ${isa.name} state`, async (c) => {
      await expectThreeWay(c, c.insn.mnemonic);
    }, 120_000);

  test('the generator reaches every instruction, both modes, traps, wide stores and loads above 2^53', () => {
    const seen = new Set<string>();
    const samples = fc.sample(arbCase(w64), { numRuns: 400, seed: 1 });
    for (const c of samples) seen.add(c.insn.mnemonic);
    expect([...seen].sort()).toEqual(w64.instructions.map((i) => i.mnemonic).sort());
    expect(new Set(samples.map((c) => c.registers.M))).toEqual(new Set([0, 1]));
    expect(samples.some((c) => c.storage.some(([, v]) => BigInt(v) > 2n ** 53n && c.insn.mnemonic === 'LD'))).toBe(true);
    expect(samples.some((c) => c.files.a!.some((v) => BigInt(v) > 2n ** 53n) && c.insn.mnemonic === 'ST')).toBe(true);
  });
});
