/**
 * The checker on a map that reads storage (paged8, test/machine/paged-isa.ts): a map that differs
 * between modes (supervisor untranslated, user through the table) is the monitor's to compose,
 * so ordinary instructions stay innocuous; an instruction that reads the mode itself is still
 * mode-sensitive.
 */
import { describe, expect, test } from 'vitest';
import { checkIsa } from '../../proofs/index.js';
import { assertValidIsa, type IsaDescription } from '../../spec/index.js';
import { paged8 } from '../machine/paged-isa.js';

describe('the checker on a map that walks a page table', () => {
  test('paged8 is virtualizable: loads and stores through the table are innocuous, MTS privileged', async () => {
    const r = await checkIsa(paged8);
    const derived = Object.fromEntries(r.instructions.map((i) => [i.mnemonic, i.derived]));
    expect(derived).toMatchObject({ LD: 'innocuous', ST: 'innocuous', JNZ: 'innocuous', MTS: 'privileged', HALT: 'privileged' });
    expect(r.theorems.find((t) => t.theorem === 1)?.status).toBe('holds');
  }, 120_000);

  test('the same answers without shortcuts (every pair asked of the solver)', async () => {
    const fast = await checkIsa(paged8);
    const slow = await checkIsa(paged8, { shortcuts: false });
    expect(slow.instructions.map((i) => [i.mnemonic, i.derived])).toEqual(fast.instructions.map((i) => [i.mnemonic, i.derived]));
  }, 120_000);

  test('an unprivileged read of the mode is still mode-sensitive, and its witness pair translates the PC alike', async () => {
    const rdm = withRdm();
    const r = await checkIsa(rdm);
    const i = r.instructions.find((x) => x.mnemonic === 'RDM')!;
    expect(i.derived).toBe('sensitive');
    const w = i.definitions['mode-sensitive']!.witness!;
    expect(w.replayed).toBe(true);
    const [a, b] = w.states!;
    expect(a!.instructionAt?.physical).toBe(b!.instructionAt?.physical);
    expect(r.theorems.find((t) => t.theorem === 1)?.status).toBe('fails');
  }, 120_000);
});

/** paged8 with RDM: r[ra] = M, in any mode. */
function withRdm(): IsaDescription {
  const isa: IsaDescription = {
    ...paged8,
    name: 'paged8-rdm',
    instructions: [
      ...paged8.instructions,
      {
        mnemonic: 'RDM',
        cite: 'test',
        class: 'innocuous' as const,
        encoding: { bits: 16, fixed: [{ hi: 15, lo: 12, value: 0b1101 }, { hi: 9, lo: 0, value: 0 }], fields: [{ name: 'ra', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 10 }], operand: { kind: 'register' as const, file: 'r' } }] },
        syntax: 'rdm {ra}',
        semantics: [{ kind: 'assign', target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'ra' } }, value: { kind: 'extend', signed: false, arg: { kind: 'reg', name: 'M' }, width: 16 } }],
      },
    ],
  };
  assertValidIsa(isa, 'paged8-rdm');
  return isa;
}
