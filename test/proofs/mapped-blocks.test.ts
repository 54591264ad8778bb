/**
 * The Z3 translation of registers mapped into storage (proofs/symbolic.ts) where the address is
 * not known while the terms are built: each run of consecutive mapped cells is one range test,
 * the cell within it found by its offset, and a store writes each register of a block it may
 * reach once. The state's registers and files are fresh constants held equal to a random state's
 * values by assertions, so no address folds to a value, and the step Z3's model gives is held to
 * the reference evaluator's. The pw8 variants put the blocks where the translation can go wrong:
 * at the top of storage (and of the address space), two blocks one cell apart, registers of
 * different widths adjacent in one block (a two-cell store that lands partly in it), a read-only
 * register and a read-only field, a field mapped beside its own register.
 */
import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { onReference, type Case, type Observed } from '../machine/three-way.js';
import { instructionWordOf } from '../../testing/instructions.js';
import type { IsaDescription, RegisterDecl } from '../../spec/description.js';
import { assertValidIsa } from '../../spec/index.js';
import { mappedBlocks } from '../../spec/mapped-registers.js';
import { withZ3 } from '../../proofs/z3.js';
import { val, type BV, type Mem } from '../../proofs/terms.js';
import { symbolicInsn } from '../../proofs/instruction.js';
import { stepInsn } from '../../proofs/run.js';
import { evalBV, evalCond } from '../../proofs/witness-model.js';
import type { SymState } from '../../proofs/state.js';
import { pw8 } from '../spec/mapped-isa.js';

/** pw8 with these registers mapped (and `extra` registers declared). */
function variant(name: string, mapped: { register: string; cell: number }[], extra: RegisterDecl[] = []): IsaDescription {
  return assertValidIsa({ ...pw8, name, state: { ...pw8.state, registers: [...pw8.state.registers, ...extra], storage: { ...pw8.state.storage, mapped } } });
}

const variants = {
  // L, then the status word in the last two cells: the block ends at the last address there is.
  top: variant('pw8-top', [
    { register: 'L', cell: 0xfd },
    { register: 'PSW', cell: 0xfe },
  ]),
  // B and L adjacent (one block), a plain cell, then the status word (another).
  apart: variant('pw8-apart', [
    { register: 'B', cell: 0x7b },
    { register: 'L', cell: 0x7c },
    { register: 'PSW', cell: 0x7e },
  ]),
  // A one-cell register against a two-cell one: STW at 0x7c, 0x7d or 0x7f lands partly in the block.
  straddle: variant('pw8-straddle', [
    { register: 'L', cell: 0x7d },
    { register: 'PSW', cell: 0x7e },
  ]),
  // A read-only register mapped between the relocation register and the status word.
  readOnly: variant(
    'pw8-read-only',
    [
      { register: 'L', cell: 0x7c },
      { register: 'RO', cell: 0x7d },
      { register: 'PSW', cell: 0x7e },
    ],
    [{ name: 'RO', width: 8, kind: 'system', readOnly: true, reset: '0x5a' }],
  ),
  // The mode bit mapped on its own just below the whole status word (0x7e its low byte, 0x7f the
  // high one with the mode): STW at 0x7d writes the bit, then the status word's low byte, whose
  // write of every field must keep the bit's new value (each register read after the store's
  // writes below it).
  alias: variant('pw8-alias', [
    { register: 'PSW.U', cell: 0x7d },
    { register: 'PSW', cell: 0x7e },
  ]),
};

/** Addresses at and around each block's edges. */
const edges = (isa: IsaDescription) => [...new Set(mappedBlocks(isa).flatMap((b) => [b.lo - 1, b.lo, b.lo + 1, b.hi - 1, b.hi, b.hi + 1]).map((a) => a & 0xff))];

const dataAccess = ['LD', 'ST', 'STW', 'TSTLD'];

/** A random load or store (or another instruction, less often) whose registers point at the blocks' edges, relocated by L. */
const arbCase = (isa: IsaDescription) =>
  fc.constantFrom(...isa.instructions.filter((i) => i.mnemonic !== 'HALT'), ...isa.instructions.filter((i) => dataAccess.includes(i.mnemonic))).chain((insn) =>
    fc
      .record({
        word: instructionWordOf(isa, insn),
        pc: fc.integer({ min: 0x80, max: 0xe0 }),
        L: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0x18 })),
        B: fc.oneof(fc.constant(0xff), fc.integer({ min: 0, max: 0xff })),
        RO: fc.integer({ min: 0, max: 0xff }),
        psw: fc.record({ U: fc.integer({ min: 0, max: 1 }), ID: fc.integer({ min: 0, max: 1 }), PRI: fc.integer({ min: 0, max: 7 }), Z: fc.integer({ min: 0, max: 1 }), C: fc.integer({ min: 0, max: 1 }) }),
        r: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...edges(isa)) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xff }) }), { minLength: 4, maxLength: 4 }),
        cells: fc.array(fc.tuple(fc.constantFrom(...edges(isa)), fc.integer({ min: 0, max: 0xff })), { maxLength: 4 }),
      })
      .map((g): Case => {
        const at = g.pc + g.L;
        const code = new Set(g.word.cells.map((_, i) => at + i));
        const storage = new Map<number, number>(g.cells.filter(([a]) => !code.has(a)));
        g.word.cells.forEach((v, i) => storage.set(at + i, Number(v)));
        const ro: Record<string, number> = isa.state.registers.some((r) => r.name === 'RO') ? { RO: g.RO } : {};
        return {
          isa,
          insn,
          fields: g.word.fields,
          registers: { PC: g.pc, L: g.L, B: g.B, ...ro, ...Object.fromEntries(Object.entries(g.psw).map(([f, v]) => [`PSW.${f}`, v])) },
          files: { r: g.r },
          storage: [...storage],
        };
      }),
  );

/** The physical address of the case's data access (its first cell), if it makes one without a fault. */
function dataAddress(c: Case): number | undefined {
  if (!dataAccess.includes(c.insn.mnemonic) || Number(c.registers['PSW.U']) === 0) return dataAccess.includes(c.insn.mnemonic) ? Number(c.files.r![c.fields.rs!]!) : undefined;
  const v = Number(c.files.r![c.fields.rs!]!);
  return v > Number(c.registers.B) ? undefined : (v + Number(c.registers.L)) & 0xff;
}

/**
 * The step as Z3 computes it on a state of fresh constants held equal to the case's values:
 * every register, file element and (through them) address is unknown to the translation.
 */
async function onZ3Unfolded(c: Case, probe: readonly number[]): Promise<Observed> {
  return withZ3(async ({ ctx }) => {
    const { addressBits, cellBits } = c.isa.state.storage;
    let mem = ctx.Array.K(ctx.BitVec.sort(addressBits), val(ctx, 0, cellBits)) as unknown as Mem;
    for (const [a, v] of c.storage) mem = mem.store(val(ctx, a, addressBits), val(ctx, v, cellBits)) as Mem;
    const equal: ReturnType<BV['eq']>[] = [];
    const fresh = (name: string, width: number, value: number | bigint): BV => {
      const x = ctx.BitVec.const(`u.${name}`, width) as BV;
      equal.push(x.eq(val(ctx, value, width)));
      return x;
    };
    const s: SymState = {
      regs: new Map(c.isa.state.registers.map((r) => [r.name, fresh(r.name, r.width, c.registers[r.name] ?? 0)])),
      files: new Map(c.isa.state.files.map((f) => [f.name, Array.from({ length: f.count }, (_, i) => fresh(`${f.name}.${i}`, f.width, c.files[f.name]?.[i] ?? 0))])),
      mem,
    };
    const step = stepInsn(ctx, c.isa, symbolicInsn(ctx, c.isa, c.insn, 'U', c.fields), s);
    const solver = new ctx.Solver();
    try {
      for (const e of equal) solver.add(e);
      expect(await solver.check()).toBe('sat');
      const m = solver.model();
      try {
        const n = (t: BV) => Number(evalBV(m, t));
        const trapName = [...step.run.trap.byKind].find(([, x]) => evalCond(ctx, m, x))?.[0];
        if (!trapName && evalCond(ctx, m, step.run.trap.trapped)) return { trap: 'outside' };
        const cells = new Map<number, number>();
        for (const a of [...step.accessed.map(n), ...probe]) cells.set(a, n(step.next.mem.select(val(ctx, a, addressBits)) as BV));
        return {
          ...(trapName ? { trap: { name: trapName, value: n(step.run.trap.value) } } : {}),
          halted: evalCond(ctx, m, step.run.halted),
          registers: Object.fromEntries([...step.next.regs].map(([k, v]) => [k, n(v)])),
          files: Object.fromEntries([...step.next.files].map(([k, v]) => [k, v.map(n)])),
          cells,
        };
      } finally {
        m.release();
      }
    } finally {
      solver.release();
    }
  });
}

/** The instruction with these field values, placed at 0x80. */
function word(isa: IsaDescription, insn: IsaDescription['instructions'][number], fields: Record<string, number>): Pick<Case, 'insn' | 'fields' | 'storage'> {
  const w = fc.sample(instructionWordOf(isa, insn), { numRuns: 200, seed: 1 }).find((x) => Object.entries(fields).every(([k, v]) => x.fields[k] === v))!;
  return { insn, fields: w.fields, storage: w.cells.map((v, i) => [0x80 + i, v] as [number, number]) };
}

async function expectAgrees(c: Case): Promise<void> {
  const ref = onReference(c);
  const before = new Map(c.storage);
  const written = [...(ref.cells ?? [])].filter(([a, v]) => (before.get(a) ?? 0) !== v).map(([a]) => a);
  const z3 = await onZ3Unfolded(c, written);
  const label = `${c.insn.mnemonic} ${JSON.stringify({ registers: c.registers, r: c.files.r, storage: c.storage })}`;
  expect(z3.trap, label).toEqual(ref.trap);
  if (ref.trap === 'outside') return;
  expect(z3.halted, label).toBe(ref.halted);
  expect(z3.registers, label).toEqual(ref.registers);
  expect(z3.files, label).toEqual(ref.files);
  for (const [a, v] of z3.cells!) if (a < c.isa.state.storage.cells) expect(v, `${label}: E[${a}]`).toBe(ref.cells!.get(a));
}

describe('mapped blocks with addresses unknown to the translation', () => {
  it('the variants have the blocks they are meant to', () => {
    const shape = (isa: IsaDescription) => mappedBlocks(isa).map((b) => [b.lo, b.hi, b.views.map((v) => v.register)]);
    expect(shape(variants.top)).toEqual([[0xfd, 0xff, ['L', 'PSW']]]);
    expect(shape(variants.apart)).toEqual([
      [0x7b, 0x7c, ['B', 'L']],
      [0x7e, 0x7f, ['PSW']],
    ]);
    expect(shape(variants.straddle)).toEqual([[0x7d, 0x7f, ['L', 'PSW']]]);
    expect(shape(variants.readOnly)).toEqual([[0x7c, 0x7f, ['L', 'RO', 'PSW']]]);
    expect(shape(variants.alias)).toEqual([[0x7d, 0x7f, ['PSW.U', 'PSW']]]);
  });

  for (const [name, isa] of Object.entries(variants)) {
    fcTest.prop([arbCase(isa)], { numRuns: 60 })(`${name}: one step of a random state agrees with the reference evaluator`, async (c) => {
      await expectAgrees(c);
    }, 240_000);

    it(`${name}: the generator reaches every edge of every block with loads and with two-cell stores, from both modes`, () => {
      const cases = fc.sample(arbCase(isa), { numRuns: 1500, seed: 7 });
      for (const b of mappedBlocks(isa)) {
        const at = (m: string, p: number) => cases.filter((c) => c.insn.mnemonic === m && dataAddress(c) === (p & 0xff));
        for (const p of [b.lo, b.hi]) expect(at('LD', p).length, `LD at ${p}`).toBeGreaterThan(0);
        // Two-cell stores that end in the block's first cell and begin in its last.
        expect(at('STW', b.lo - 1).length, `STW at ${b.lo - 1}`).toBeGreaterThan(0);
        expect(at('STW', b.hi).length, `STW at ${b.hi}`).toBeGreaterThan(0);
        expect(new Set(at('ST', b.lo).map((c) => c.registers['PSW.U'])).size).toBe(2);
      }
    });
  }

  it('a two-cell store into the mode bit and then the status word’s other byte keeps the bit it wrote', async () => {
    const isa = variants.alias;
    const stw = isa.instructions.find((i) => i.mnemonic === 'STW')!;
    // Kernel mode; STW r1 at 0x7d: 0x7d (the bit) gets r1 = 1, 0x7e (the low byte) gets r2 = 0.
    const c: Case = { isa, registers: { PC: 0x80, L: 0, B: 0xff, 'PSW.ID': 1, 'PSW.PRI': 5 }, files: { r: [0x7d, 0x01, 0x00, 0] }, ...word(isa, stw, { rd: 1, rs: 0 }) };
    expect(onReference(c).registers!['PSW.U']).toBe(1);
    expect((await onZ3Unfolded(c, [])).registers!['PSW.U']).toBe(1);
    await expectAgrees(c);
  });

  it('a store to the read-only register leaves it, and the storage beneath, alone; a load reads it', async () => {
    const isa = variants.readOnly;
    const st = isa.instructions.find((i) => i.mnemonic === 'ST')!;
    const ld = isa.instructions.find((i) => i.mnemonic === 'LD')!;
    const base: Omit<Case, 'insn' | 'fields'> = { isa, registers: { PC: 0x80, L: 0, B: 0xff, RO: 0x5a, 'PSW.ID': 1 }, files: { r: [0x7d, 0x33, 0, 0] }, storage: [] };
    const store = { ...base, ...word(isa, st, { rd: 1, rs: 0 }) };
    const after = await onZ3Unfolded(store, [0x7d]);
    expect(after.registers!.RO).toBe(0x5a);
    expect(after.cells!.get(0x7d)).toBe(0);
    await expectAgrees(store);
    const load = { ...base, ...word(isa, ld, { rd: 2, rs: 0 }) };
    expect((await onZ3Unfolded(load, [])).files!.r![2]).toBe(0x5a);
    await expectAgrees(load);
  });
});
