/**
 * The word-by-word comparison is exercised whatever the random generator draws: an entry that is
 * sensitive through one word and unprivileged through another (the shape of RISC-V's `CSRRS
 * cycle`) gets a checker refinement `no`, which the oracle confirms by enumerating every word;
 * the same entry with the unprivileged word made sensitive too gets `yes`.
 */
import { describe, expect, test } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { assertValidIsa } from '../../spec/validate/validate.js';
import { compareWithChecker, describeDisagreement } from './compare.js';
import { and, eq, k, reg, trap, trapKinds } from './hand-isas.js';


/** RD: word f = 1 is illegal everywhere; word f = 0 reads `cen`, trapping in user mode while cen = 0 (C holds it at 0). */
function gated(leakyWord: boolean): IsaDescription {
  const userAndDisabled = and(eq(reg('M'), k(1, 1)), eq(reg('cen'), k(1, 0)));
  return assertValidIsa({
    format: 'vmcheck-isa/1',
    name: leakyWord ? 'gated-leaky' : 'gated',
    summary: 'a counter-enable-like read with an always-illegal word',
    state: {
      registers: [
        { name: 'PC', width: 2, kind: 'user' },
        { name: 'M', width: 1, kind: 'system' },
        { name: 'R0', width: 2, kind: 'user' },
        { name: 'cen', width: 1, kind: 'system', configurable: '1' },
      ],
      files: [],
      pc: 'PC',
      mode: { register: 'M', levels: [{ name: 's', value: 0, supervisor: true }, { name: 'u', value: 1, supervisor: false }] },
      storage: { cellBits: 8, addressBits: 2, cells: 4 },
      addressMap: {
        kind: 'described',
        fetch: { fault: k(1, 0), trap: 'mem' },
        read: { fault: k(1, 0), trap: 'mem' },
        write: { fault: k(1, 0), trap: 'mem' },
        physical: { kind: 'var', name: 'vaddr' },
      },
      timing: [],
      configuration: [{ register: 'cen', mask: '1', value: '0' }],
    },
    traps: {
      codeWidth: 2,
      valueWidth: 8,
      kinds: [...trapKinds],
      sequence: [{ kind: 'assign', target: { kind: 'reg', name: 'M' }, value: k(1, 0) }],
    },
    instructions: [
      {
        mnemonic: 'RD',
        cite: 'test',
        class: 'privileged',
        encoding: { bits: 8, fixed: [{ hi: 7, lo: 1, value: 0x55 }], fields: [{ name: 'f', width: 1, slices: [{ fieldHi: 0, fieldLo: 0, at: 0 }], operand: { kind: 'immediate', signed: false } }] },
        syntax: 'rd {f}',
        semantics: [
          // The other word: illegal everywhere, or (leaky) a read of the mode in every mode.
          { kind: 'if', cond: eq({ kind: 'field', name: 'f' }, k(1, 1)), then: [leakyWord ? { kind: 'assign', target: { kind: 'reg', name: 'R0' }, value: { kind: 'extend', signed: false, arg: reg('M'), width: 2 } } : trap('ill')], else: [
            { kind: 'if', cond: userAndDisabled, then: [trap('priv')], else: [] },
            { kind: 'assign', target: { kind: 'reg', name: 'R0' }, value: { kind: 'extend', signed: false, arg: reg('cen'), width: 2 } },
          ] },
        ],
      },
    ],
  });
}

describe('the checker word by word, against the oracle', () => {
  test('sensitive in one word, unprivileged only in another: no violation, Theorem 1 holds, and the oracle agrees word by word', async () => {
    const c = await compareWithChecker(gated(false));
    expect(c.disagreements.map(describeDisagreement)).toEqual([]);
    expect(c.wordChecks.refinements).toBeGreaterThan(0);
    expect(c.wordChecks.words).toBe(2);
  }, 60_000);

  test('one word both sensitive and unprivileged: a violation, Theorem 1 fails, and the oracle agrees', async () => {
    const c = await compareWithChecker(gated(true));
    expect(c.disagreements.map(describeDisagreement)).toEqual([]);
    expect(c.compared).toBeGreaterThan(10);
  }, 60_000);
});
