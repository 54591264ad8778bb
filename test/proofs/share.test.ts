/**
 * Sharing findings between entries alike up to a renaming (proofs/share.ts): which entries are
 * alike, computed from the description (a register alike in every declared respect but one is
 * never shared), and a check that shares gives the answers of one that does not, with each
 * derived witness renamed and replayed for its own entry.
 */
import { describe, expect, test } from 'vitest';
import type { InstructionDecl, IsaDescription, RegisterDecl } from '../../spec/description.js';
import { assertValidIsa } from '../../spec/validate/validate.js';
import { checkIsa } from '../../proofs/index.js';
import { renameWitness, shareClasses } from '../../proofs/share.js';
import type { ModelWitness } from '../../proofs/witness-model.js';
import { renderText } from '../../proofs/render/text.js';
import { handIsa, inUser, reg, set, trap, when, k, zext, type HandInsn } from '../oracle/hand-isas.js';

/** Writes the system register `r` from A, trapping in user mode; reads it into A in any mode. */
const WR = (r: string): HandInsn => ({ mnemonic: `WR.${r}`, semantics: [when(inUser, [trap('priv')], [set(r, reg('A'))])] });
const RD = (r: string): HandInsn => ({ mnemonic: `RD.${r}`, semantics: [set('A', reg(r))] });
/** Assigns `r` its own value: names `r` but says nothing of its width. */
const TOUCH = (r: string): HandInsn => ({ mnemonic: `TOUCH.${r}`, semantics: [set(r, reg(r))] });

const sys = (name: string, more: Partial<RegisterDecl> = {}): RegisterDecl => ({ name, width: 2, kind: 'system', ...more });

function classes(isa: IsaDescription): Record<string, string> {
  return Object.fromEntries([...shareClasses(isa, isa.state.configuration ?? [])].map(([m, s]) => [m, `${s.representative} ${[...s.renaming].map(([a, b]) => `${a}>${b}`).join(' ')}`]));
}

describe('entries alike up to a renaming', () => {
  test('two registers declared alike: the entries over the second are derived from those over the first, with P↔Q', () => {
    const isa = handIsa('twins', [WR('P'), RD('P'), TOUCH('P'), WR('Q'), RD('Q'), TOUCH('Q')], { registers: [sys('P'), sys('Q')] });
    expect(classes(isa)).toEqual({ 'WR.Q': 'WR.P P>Q Q>P', 'RD.Q': 'RD.P P>Q Q>P', 'TOUCH.Q': 'TOUCH.P P>Q Q>P' });
  });

  // Each near miss: Q as P but for one thing; the entries over Q must be asked, not derived.
  const nearMisses: [string, () => IsaDescription][] = [
    ['width', () => handIsa('w', [TOUCH('P'), TOUCH('Q')], { registers: [sys('P'), sys('Q', { width: 3 })] })],
    ['reset value', () => handIsa('r', [WR('P'), WR('Q')], { registers: [sys('P'), sys('Q', { reset: '1' })] })],
    ['kind', () => handIsa('k', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q', { kind: 'user' })] })],
    ['read-only', () => handIsa('o', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q', { readOnly: true })] })],
    ['configurable bits', () => handIsa('c', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q', { configurable: '1' })] })],
    ['timing membership', () => handIsa('t', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q')], timing: ['Q'] })],
    [
      'a declared configuration over one of them',
      () => handIsa('d', [RD('P'), RD('Q')], { registers: [sys('P', { configurable: '1' }), sys('Q', { configurable: '1' })], configuration: [{ register: 'P', mask: '1', value: '0' }] }),
    ],
    ['field layout (register fields)', () => handIsa('f', [TOUCH('P'), TOUCH('Q')], { registers: [sys('P'), sys('Q', { fields: [{ name: 'lo', hi: 0, lo: 0 }, { name: 'hi', hi: 1, lo: 1 }] })] })],
    [
      'a trap sequence that reads one of them',
      () => {
        const isa = handIsa('s', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q')] });
        return assertValidIsa({ ...isa, traps: { ...isa.traps, sequence: [...isa.traps.sequence, { kind: 'store', space: 'physical', addr: k(2, 1), value: zext(reg('Q'), 8) }] } });
      },
    ],
    [
      'an address map that reads one of them',
      () => {
        const isa = handIsa('m', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q')] });
        const never = { fault: { kind: 'compare', op: 'eq', left: reg('Q'), right: k(2, 3) } as const, trap: 'mem' };
        return assertValidIsa({ ...isa, state: { ...isa.state, addressMap: { kind: 'described', fetch: never, read: never, write: never, physical: { kind: 'var', name: 'vaddr' } } } });
      },
    ],
  ];
  test.each(nearMisses)('two registers alike except the %s: not shared', (_, make) => {
    expect(classes(make())).toEqual({});
  });

  test('nothing is shared where a register is mapped into storage (a fetched cell may be a register value)', () => {
    const isa = handIsa('mapped', [WR('P'), RD('P'), WR('Q'), RD('Q')], { registers: [sys('P'), sys('Q'), sys('S')] });
    expect(classes(isa)).not.toEqual({});
    expect(classes(assertValidIsa({ ...isa, state: { ...isa.state, storage: { ...isa.state.storage, mapped: [{ register: 'S', cell: 0 }] } } }))).toEqual({});
  });

  test('an entry that loads or stores is never shared (cell values would reach registers)', () => {
    const ld = (r: string): HandInsn => ({ mnemonic: `LD.${r}`, semantics: [set(r, { kind: 'extract', arg: { kind: 'load', space: 'virtual', addr: reg('A'), width: 8 }, hi: 1, lo: 0 })] });
    expect(classes(handIsa('l', [ld('P'), ld('Q')], { registers: [sys('P'), sys('Q')] }))).toEqual({});
  });

  /** Two-cell words: an operand field in the first cell, the number of the register in the second. */
  function twoCell(fieldBits: 7 | 8, numbers: [number, number]): IsaDescription {
    const base = handIsa('two-cell', [RD('P')], { registers: [sys('P'), sys('Q')] });
    const entry = (r: string, n: number): InstructionDecl => ({
      mnemonic: `RD.${r}`,
      cite: 'test',
      class: 'innocuous',
      encoding: {
        bits: 16,
        fixed: [{ hi: 15, lo: 8, value: n }, ...(fieldBits === 7 ? [{ hi: 7, lo: 7, value: 1 }] : [])],
        fields: [{ name: 'f', width: fieldBits, slices: [{ fieldHi: fieldBits - 1, fieldLo: 0, at: 0 }], operand: { kind: 'immediate', signed: false } }],
      },
      syntax: `rd.${r.toLowerCase()} {f}`,
      semantics: [set('A', reg(r))],
    });
    return assertValidIsa({ ...base, instructions: [entry('P', numbers[0]), entry('Q', numbers[1])] });
  }
  test('words whose cells are equal for some operand in one entry and not the other: not shared; never equal: shared', () => {
    // Cell 0 is the operand f (8 bits): f = 5 makes it equal to P's cell 1, but not to Q's.
    expect(classes(twoCell(8, [5, 6]))).toEqual({});
    // Cell 0 is 1fffffff: never 5 or 6.
    expect(classes(twoCell(7, [5, 6]))).toEqual({ 'RD.Q': 'RD.P P>Q Q>P' });
  });

  test('a check that shares answers as one that does not, naming the representative, with renamed witnesses that replay', async () => {
    const isa = handIsa('twins', [WR('P'), RD('P'), WR('Q'), RD('Q')], { registers: [sys('P'), sys('Q')] });
    const [shared, asked] = [await checkIsa(isa, { share: true }), await checkIsa(isa, { share: false })];
    const facts = (r: typeof shared) => r.instructions.map((i) => [i.mnemonic, i.derived, Object.values(i.definitions).map((d) => [d.answer, d.systemState, d.violation?.answer]), i.direct.anyLevel.safe, i.direct.userLevel.safe]);
    expect(facts(shared)).toEqual(facts(asked));
    expect(shared.verdict).toBe(asked.verdict);
    expect(shared.queries.filter((q) => q.instruction.endsWith('.Q'))).toEqual([]);
    expect(asked.queries.filter((q) => q.instruction.endsWith('.Q')).length).toBeGreaterThan(0);
    const rdq = shared.instructions.find((i) => i.mnemonic === 'RD.Q')!;
    const mode = rdq.definitions['mode-sensitive'];
    expect(mode.answer).toBe('yes');
    expect(mode.systemState).toEqual(['Q']);
    expect(mode.note).toMatch(/^shared: as RD\.P, alike up to renaming P↔Q/);
    expect(mode.witness!.query).toMatch(/^RD\.Q\/.* \(renamed from RD\.P\/.*: P↔Q\)$/);
    expect(mode.witness!.replayed).toBe(true);
    // The derived witness's states differ in Q, as RD.P's differ in P.
    const [s1, s2] = mode.witness!.states;
    expect(s1!.registers.Q).not.toEqual(s2!.registers.Q);
    const wrq = shared.instructions.find((i) => i.mnemonic === 'WR.Q')!;
    expect(wrq.definitions['control-sensitive'].systemState).toEqual(['Q']);
    // The text report names each representative and what was derived from it.
    expect(renderText(shared)).toContain('\n  WR.P: WR.Q (P↔Q)\n  RD.P: RD.Q (P↔Q)\n');
    expect(renderText(asked)).not.toContain('derived by renaming');
  }, 60_000);

  test('a derived witness under a composed map renames the guest\'s map registers too', () => {
    const isa = handIsa('twins', [RD('P'), RD('Q')], { registers: [sys('P'), sys('Q')] });
    const rdq = isa.instructions.find((i) => i.mnemonic === 'RD.Q')!;
    const start = { regs: { P: 1n, Q: 2n }, files: {}, cells: new Map<bigint, bigint>() };
    const w: ModelWitness = {
      query: 'RD.P/location-sensitive',
      definition: 'location-sensitive',
      fields: {},
      cells: [],
      runs: [
        { label: 'S1', start, fetchAt: 0n },
        { label: 'S2', start: { ...start, regs: { P: 3n, Q: 2n }, guest: { regs: { P: 1n }, files: {}, shift: 1n } }, fetchAt: 0n },
      ],
      claim: { kind: 'outcome-differs', probe: 0n, probeAt: [undefined, undefined] },
      shift: 1n,
    };
    const renamed = renameWitness(isa, w, rdq, new Map([['P', 'Q'], ['Q', 'P']]), 'RD.P');
    expect(renamed.runs[1]!.start.guest).toEqual({ regs: { Q: 1n }, files: {}, shift: 1n });
    expect(renamed.runs[1]!.start.regs).toEqual({ Q: 3n, P: 2n });
  });
});
