/**
 * The checker on a map that stores (paged8-ad, test/machine/ad-paged-isa.ts): the walk's A and D
 * stores are part of a run's effect on storage. paged8-ad translates (and so stores) only in user
 * mode, so an instruction that completes in both modes leaves the page table differently in each:
 * mode-sensitive, with a witness that replays on the machine; Theorem 1 fails and Theorem 3 holds.
 * With stores that never happen (`when` 0) the verdicts are paged8's own.
 */
import { describe, expect, test } from 'vitest';
import { checkIsa } from '../../proofs/index.js';
import { assertValidIsa, type DescribedMap, type IsaDescription } from '../../spec/index.js';
import { paged8 } from '../machine/paged-isa.js';
import { paged8ad } from '../machine/ad-paged-isa.js';

const derivedOf = (r: Awaited<ReturnType<typeof checkIsa>>) => Object.fromEntries(r.instructions.map((i) => [i.mnemonic, i.derived]));

describe('the checker on a map whose walk sets accessed and dirty bits', () => {
  test('paged8-ad: every instruction that completes in both modes is mode-sensitive (its walk stores in user mode only), witnesses replayed', async () => {
    const r = await checkIsa(paged8ad);
    expect(derivedOf(r)).toEqual({ NOP: 'sensitive', LDI: 'sensitive', ADD: 'sensitive', LD: 'sensitive', ST: 'sensitive', JNZ: 'sensitive', SVC: 'innocuous', MTS: 'privileged', HALT: 'privileged' });
    for (const m of ['NOP', 'LD', 'ST']) {
      const w = r.instructions.find((i) => i.mnemonic === m)!.definitions['mode-sensitive']!;
      expect(w.answer, m).toBe('yes');
      expect(w.witness?.replayed, m).toBe(true);
    }
    expect(r.theorems.find((t) => t.theorem === 1)?.status).toBe('fails');
    expect(r.theorems.find((t) => t.theorem === 3)?.status).toBe('holds');
  }, 120_000);

  test('the same answers without shortcuts', async () => {
    const fast = await checkIsa(paged8ad);
    const slow = await checkIsa(paged8ad, { shortcuts: false });
    expect(derivedOf(slow)).toEqual(derivedOf(fast));
  }, 240_000);

  test('walk stores that never happen change no verdict of paged8', async () => {
    const map = paged8.state.addressMap as DescribedMap;
    const never = { when: { kind: 'const', width: 1, value: '0' }, cell: { kind: 'const', width: 8, value: '0x10' }, value: { kind: 'const', width: 16, value: '0' } } as const;
    const isa: IsaDescription = { ...paged8, name: 'paged8-never', state: { ...paged8.state, addressMap: { ...map, updates: [never] } } };
    assertValidIsa(isa, 'paged8-never');
    const [a, b] = [await checkIsa(paged8), await checkIsa(isa)];
    expect(derivedOf(b)).toEqual(derivedOf(a));
    expect(b.theorems.map((t) => t.status)).toEqual(a.theorems.map((t) => t.status));
  }, 240_000);
});
