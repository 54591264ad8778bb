/**
 * The checker on a status register with fields (sr8 and sr8-010, test/machine/status-register-isa.ts):
 * from the semantics alone, the 68000's MOVE from SR is the violator — it reads the mode field
 * and, in user mode, the interrupt mask — and the 68010, which made it privileged and added MOVE
 * from CCR, is virtualizable. The fields' kinds decide it: the condition codes are user state, so
 * MOVE to CCR and MOVE from CCR stay innocuous.
 */
import { describe, expect, test } from 'vitest';
import { checkIsa } from '../../proofs/index.js';
import { extendIsa, type IsaDescription } from '../../spec/index.js';
import { sr8, sr8010, statusRegisterMachines } from '../machine/status-register-isa.js';
import { compareWithChecker, describeDisagreement } from '../oracle/compare.js';

describe('the checker on a status register with fields', () => {
  test('the 68000 in miniature: MOVE from SR is sensitive and unprivileged, so neither Theorem 1 nor 3 holds', async () => {
    const r = await checkIsa(sr8);
    const derived = Object.fromEntries(r.instructions.map((i) => [i.mnemonic, i.derived]));
    expect(derived).toMatchObject({ MVFSR: 'sensitive', MVTCCR: 'innocuous', MVTSR: 'privileged', RTE: 'privileged', ADDQ: 'innocuous' });
    expect(r.theorems.map((t) => [t.theorem, t.status, t.violators.map((v) => v.mnemonic)])).toEqual([
      [1, 'fails', ['MVFSR']],
      [2, 'fails', ['MVFSR']],
      [3, 'fails', ['MVFSR']],
    ]);
    const mvfsr = r.instructions.find((i) => i.mnemonic === 'MVFSR')!;
    // Its mode pair differs in the mode field; its user pair in a system field that is not the mode.
    const mode = mvfsr.definitions['mode-sensitive']!.witness!;
    expect(mode.replayed).toBe(true);
    expect(new Set(mode.states!.map((s) => s.registers['SR.S']))).toEqual(new Set([0, 1]));
    const user = mvfsr.definitions['user-system-sensitive']!.witness!;
    const [a, b] = user.states!;
    expect(a!.registers['SR.S']).toBe(0);
    expect(b!.registers['SR.S']).toBe(0);
    expect(['SR.I', 'SR.T'].some((f) => a!.registers[f] !== b!.registers[f])).toBe(true);
  }, 120_000);

  test('the 68010 in miniature is virtualizable: MOVE from SR privileged, MOVE from CCR innocuous', async () => {
    const r = await checkIsa(sr8010);
    const derived = Object.fromEntries(r.instructions.map((i) => [i.mnemonic, i.derived]));
    expect(derived).toMatchObject({ MVFSR: 'privileged', MVFCCR: 'innocuous', MVTCCR: 'innocuous' });
    expect(r.verdict).toBe('virtualizable');
  }, 120_000);

  test('the enumerating oracle gives the same answers on both (four cells; the instructions that touch SR and the branch on Z)', async () => {
    const small = statusRegisterMachines(2);
    // ADDQ, LD and ST read the 8-bit D with their operand: seconds of enumeration each, and no field but C and Z (MVTCCR's) at stake.
    const focus = (isa: IsaDescription) => extendIsa(isa, { name: `${isa.name}-sr`, summary: `${isa.name}: the instructions that touch SR`, remove: ['ADDQ', 'LD', 'ST'] });
    for (const isa of [focus(small.sr8), focus(small.sr8010)]) {
      const c = await compareWithChecker(isa);
      expect(c.compared, isa.name).toBeGreaterThan(60);
      expect(c.disagreements.map(describeDisagreement), isa.name).toEqual([]);
    }
  }, 300_000);
});
