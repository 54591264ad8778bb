/**
 * Location-sensitivity against a monitor's composed map (proofs/definitions/README.md), on
 * tabled8 (test/proofs/composed-isa.ts): a map that walks a page table in every mode, with
 * unprivileged reads of its base register and of physical storage.
 */
import { describe, expect, test } from 'vitest';
import { checkIsa, type Report } from '../../proofs/index.js';
import { tabled8, tabled8ad } from './composed-isa.js';

const finding = (r: Report, mnemonic: string, d: 'location-sensitive' | 'user-location-sensitive') => r.instructions.find((i) => i.mnemonic === mnemonic)!.definitions[d]!;

describe('location-sensitivity against a composed map', () => {
  let fast: Report;
  test('an unprivileged read of the page-table base is location-sensitive in user mode and breaks Theorem 1', async () => {
    fast = await checkIsa(tabled8);
    const l = finding(fast, 'RDPTB', 'location-sensitive');
    expect(l.answer).toBe('yes');
    expect(l.systemState).toEqual(['PTB']);
    expect(finding(fast, 'RDPTB', 'user-location-sensitive').answer).toBe('yes');
    const w = l.witness!;
    expect(w.replayed).toBe(true);
    const [s1, s2] = w.states;
    // The second state holds the monitor's PTB; its map reads the guest's, which is the first state's.
    expect(s2!.guest!.registers.PTB).toBe(s1!.registers.PTB);
    expect(s2!.registers.PTB).not.toBe(s1!.registers.PTB);
    expect(w.shift).not.toBe(0);
    expect(w.differences.map((d) => d.what)).toContain(`r[${w.instruction.fields.ra}]`);
    const t1 = fast.theorems.find((t) => t.theorem === 1)!;
    expect(t1.status).toBe('fails');
    expect(t1.violators.map((v) => v.mnemonic).sort()).toEqual(['LDP', 'RDPTB']);
    // A monitor that runs the guest virtual = real (vmcheck's own) needs less: both are safe for it.
    expect(fast.crossCheck.safeViolators.filter((v) => v.theorem === 1).map((v) => v.mnemonic).sort()).toEqual(['LDP', 'RDPTB']);
    expect(fast.crossCheck.contradictions).toEqual([]);
  }, 120_000);

  test('a read of the base that traps in user mode is location-sensitive but not in user mode, and privileged', async () => {
    expect(finding(fast, 'RDPTBS', 'location-sensitive').answer).toBe('yes');
    expect(finding(fast, 'RDPTBS', 'user-location-sensitive').answer).toBe('no');
    expect(fast.instructions.find((i) => i.mnemonic === 'RDPTBS')!.derived).toBe('privileged');
  });

  test('a physical load in user mode is location-sensitive: the monitor moved the storage it reads', async () => {
    const w = finding(fast, 'LDP', 'user-location-sensitive').witness!;
    expect(w.replayed).toBe(true);
    expect(w.states[1]!.guest).toBeDefined();
  });

  test('loads, stores and the rest run alike under the composed map: structurally, and by the solver without shortcuts', async () => {
    const slow = await checkIsa(tabled8, { shortcuts: false });
    for (const m of ['NOP', 'LDI', 'ADD', 'LD', 'ST', 'JNZ', 'SVC', 'MTS', 'HALT']) {
      expect(finding(fast, m, 'location-sensitive').answer, m).toBe('no');
      expect(finding(fast, m, 'location-sensitive').note ?? '', m).toMatch(/^structural/);
      // Asked of Z3: a map that read the real PTB instead of the guest's would make LD and ST differ.
      expect(finding(slow, m, 'location-sensitive').answer, m).toBe('no');
      expect(finding(slow, m, 'location-sensitive').note, m).toBeUndefined();
    }
    expect(slow.instructions.map((i) => [i.mnemonic, i.derived])).toEqual(fast.instructions.map((i) => [i.mnemonic, i.derived]));
  }, 120_000);

  test('walk stores under a composed map reach the guest\'s entries: loads, stores and fetches still run alike (asked of Z3)', async () => {
    const slow = await checkIsa(tabled8ad, { shortcuts: false });
    for (const m of ['NOP', 'LD', 'ST', 'JNZ', 'MTS'])
      expect(finding(slow, m, 'location-sensitive').answer, m).toBe('no');
    expect(finding(slow, 'RDPTB', 'user-location-sensitive').answer).toBe('yes');
    expect(finding(slow, 'RDPTB', 'user-location-sensitive').witness!.replayed).toBe(true);
  }, 120_000);
});
