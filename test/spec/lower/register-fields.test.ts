/**
 * Lowering registers with fields, as a property: for random field layouts (widths, gaps, kinds,
 * read-only fields) and random values, a machine built from the lowered description reads the
 * whole register as its fields side by side with zeros in the gaps, and a write of the whole sets
 * each writable field to its bits of the value and leaves read-only fields as they were. Both the
 * compiled emulator and the reference evaluator run the lowered semantics.
 */
import { describe, expect, test } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import fc from 'fast-check';
import { Machine, referenceStep } from '../../../machine/index.js';
import { assertValidIsa, type IsaDescription, type RegisterFieldDecl } from '../../../spec/index.js';

/** A layout of 1–5 fields over a register of at most 32 bits: each field's width and the gap below it. */
const layout = fc
  .tuple(
    fc.array(fc.record({ gap: fc.nat(2), width: fc.integer({ min: 1, max: 4 }), system: fc.boolean(), readOnly: fc.nat(4).map((n) => n === 0) }), { minLength: 1, maxLength: 5 }),
    fc.boolean(),
  )
  .map(([parts, full]) => {
    let lo = 0;
    const fields: RegisterFieldDecl[] = parts.map((p, i) => {
      lo += p.gap;
      const f: RegisterFieldDecl = { name: `F${i}`, hi: lo + p.width - 1, lo, kind: p.system ? 'system' : 'user', ...(p.readOnly ? { readOnly: true } : {}) };
      lo += p.width;
      return f;
    });
    // Sometimes 32 bits, unused above the fields; else up to two bits above them.
    return { fields, width: full ? 32 : lo + (parts.length % 3) };
  });

/** A machine with register SR of those fields, a 32-bit X, and two instructions: X := SR, SR := X. */
function isaOf(fields: RegisterFieldDecl[], width: number): IsaDescription {
  const k = (w: number, v: number) => ({ kind: 'const' as const, width: w, value: String(v) });
  const x = { kind: 'reg' as const, name: 'X' };
  const sr = { kind: 'reg' as const, name: 'SR' };
  const insn = (mnemonic: string, op: number, semantics: IsaDescription['instructions'][number]['semantics']) => ({
    mnemonic,
    cite: 'test',
    class: 'innocuous' as const,
    encoding: { bits: 8, fixed: [{ hi: 7, lo: 0, value: op }], fields: [] },
    syntax: mnemonic.toLowerCase(),
    semantics,
  });
  return assertValidIsa({
    format: 'vmcheck-isa/1',
    name: 'fields',
    summary: 'random field layouts',
    state: {
      registers: [
        { name: 'PC', width: 4, kind: 'user' },
        { name: 'M', width: 1, kind: 'system' },
        { name: 'X', width: 32, kind: 'user' },
        { name: 'SR', width, kind: 'system', fields },
      ],
      files: [],
      pc: 'PC',
      mode: { register: 'M', levels: [{ name: 's', value: 0, supervisor: true }, { name: 'u', value: 1, supervisor: false }] },
      storage: { cellBits: 8, addressBits: 4, cells: 16 },
      addressMap: { kind: 'described', fetch: { fault: k(1, 0), trap: 'mem' }, read: { fault: k(1, 0), trap: 'mem' }, write: { fault: k(1, 0), trap: 'mem' }, physical: { kind: 'var', name: 'vaddr' } },
      timing: [],
    },
    traps: { codeWidth: 2, valueWidth: 8, kinds: [{ name: 'mem', class: 'memory', code: 0 }, { name: 'ill', class: 'illegal-instruction', code: 1 }], sequence: [] },
    instructions: [
      insn('RD', 1, [{ kind: 'assign', target: { kind: 'reg', name: 'X' }, value: width === 32 ? sr : { kind: 'extend', signed: false, arg: sr, width: 32 } }]),
      insn('WR', 2, [{ kind: 'assign', target: { kind: 'reg', name: 'SR' }, value: width === 32 ? x : { kind: 'extract', arg: x, hi: width - 1, lo: 0 } }]),
    ],
  });
}

const bitsOf = (v: number, f: RegisterFieldDecl) => Number((BigInt(v) >> BigInt(f.lo)) & ((1n << BigInt(f.hi - f.lo + 1)) - 1n));

describe('lowering registers with fields', () => {
  test('the layouts reach gaps, read-only and system fields, one field alone, and a full 32 bits', () => {
    const sample = fc.sample(layout, { numRuns: 300, seed: 1 });
    expect(sample.some((l) => l.fields.some((f, i) => f.lo > (i === 0 ? 0 : l.fields[i - 1]!.hi + 1)))).toBe(true);
    expect(sample.some((l) => l.fields.some((f) => f.readOnly))).toBe(true);
    expect(sample.some((l) => l.fields.some((f) => f.kind === 'system') && l.fields.some((f) => f.kind === 'user'))).toBe(true);
    expect(sample.some((l) => l.fields.length === 1)).toBe(true);
    expect(sample.some((l) => l.width === 32)).toBe(true);
  });

  prop.prop([layout, fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })])('the whole register reads as its fields and a whole write sets the writable ones', ({ fields, width }, before, value) => {
    const isa = isaOf(fields, width);
    expect(isa.state.registers.map((r) => r.name)).toEqual(['PC', 'M', 'X', ...fields.map((f) => `SR.${f.name}`)]);
    const m = new Machine(isa);
    for (const f of fields) m.setReg(`SR.${f.name}`, bitsOf(before, f));
    m.loadCells(0, [1, 2]);
    // RD: X is every field's bits where the field is, zero elsewhere.
    m.step();
    const whole = fields.reduce((acc, f) => acc | (BigInt(bitsOf(before, f)) << BigInt(f.lo)), 0n);
    expect(BigInt(m.getReg('X'))).toBe(whole);
    // WR from X = value: writable fields take their bits, read-only ones keep theirs; the reference agrees.
    m.setReg('X', value);
    const view = { reg: (n: string) => BigInt(m.getReg(n)), file: () => 0n, cell: (p: bigint) => (p < 16n ? BigInt(m.readCell(Number(p))) : undefined), storageCells: 16 };
    const ref = referenceStep(isa, view);
    m.step();
    for (const f of fields) expect(m.getReg(`SR.${f.name}`), f.name).toBe(f.readOnly ? bitsOf(before, f) : bitsOf(value, f));
    const refWrites = ref.outcome.kind === 'ok' ? ref.outcome.writes : [];
    for (const w of refWrites) if (w.kind === 'reg' && w.name.startsWith('SR.')) expect(Number(w.value), w.name).toBe(m.getReg(w.name));
    expect(refWrites.filter((w) => w.kind === 'reg' && w.name.startsWith('SR.')).length).toBe(fields.filter((f) => !f.readOnly).length);
  });
});
