/**
 * The checker on the 68000 and the 68010. By default a sample of each (the instructions that
 * read or write SR or the stack pointers, and an ordinary move); the whole ISAs behind
 * VMCHECK_LONG=1 (`vmcheck check m68000 m68010` takes minutes).
 *
 * From the semantics alone: the 68000's MOVE from SR is sensitive and unprivileged — mode-
 * sensitive (it reads S) and, in user mode, user-system-sensitive (it reads the interrupt mask
 * and T), so Theorems 1 and 3 both fail on it; the 68010, which made it privileged and added
 * MOVE from CCR, is virtualizable.
 */
import { describe, expect, it } from 'vitest';
import { m68000, m68010 } from '../../spec/isa/index.js';
import { checkIsa } from '../../proofs/index.js';
import { only, byMnemonic, verdicts, noReplayFailures } from './samples.js';


describe('the 68000 and 68010 under the checker', () => {
  it('m68000: MOVE from SR is the violator of Theorems 1 and 3; MOVE to CCR and the privileged SR writes are fine', async () => {
    const r = await checkIsa(only(m68000, ['MOVE.L_Dn_Dn', 'MOVE_SR_Dn', 'MOVE_Dn_CCR', 'MOVE_Dn_SR', 'MOVE_An_USP']));
    const i = byMnemonic(r);
    expect(i.get('MOVE_SR_Dn')!.derived).toBe('sensitive');
    expect(i.get('MOVE_SR_Dn')!.privileged).toBe('no');
    for (const m of ['MOVE.L_Dn_Dn', 'MOVE_Dn_CCR']) expect(i.get(m)!.derived, m).toBe('innocuous');
    for (const m of ['MOVE_Dn_SR', 'MOVE_An_USP']) expect(i.get(m)!.derived, m).toBe('privileged');
    expect(verdicts(r)).toEqual([
      [1, 'fails', ['MOVE_SR_Dn']],
      [2, 'fails', ['MOVE_SR_Dn']],
      [3, 'fails', ['MOVE_SR_Dn']],
    ]);
    const user = i.get('MOVE_SR_Dn')!.definitions['user-system-sensitive']!.witness!;
    const [a, b] = user.states!;
    expect([a!.registers['SR.S'], b!.registers['SR.S']]).toEqual([0, 0]);
    expect(['SR.I', 'SR.T'].some((f) => a!.registers[f] !== b!.registers[f])).toBe(true);
    noReplayFailures(r);
  }, 300_000);

  it('m68010: MOVE from SR privileged, MOVE from CCR innocuous, MOVEC privileged: Theorems 1, 2 and 3 hold', async () => {
    const r = await checkIsa(only(m68010, ['MOVE_SR_Dn', 'MOVE_CCR_Dn', 'MOVEC_Dn_VBR', 'MOVE_Dn_SR']));
    const i = byMnemonic(r);
    expect([i.get('MOVE_SR_Dn')!.derived, i.get('MOVE_CCR_Dn')!.derived, i.get('MOVEC_Dn_VBR')!.derived]).toEqual(['privileged', 'innocuous', 'privileged']);
    expect(r.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    noReplayFailures(r);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of m68000: MOVE from SR (its three shapes) is the only violator', async () => {
    const r = await checkIsa(m68000, { workers: 2 });
    const fromSr = ['MOVE_SR_Dn', 'MOVE_SR_Ind', 'MOVE_SR_Pre'];
    expect(verdicts(r)).toEqual([
      [1, 'fails', fromSr],
      [2, 'fails', fromSr],
      [3, 'fails', fromSr],
    ]);
    noReplayFailures(r);
  }, 3_600_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of m68010: Theorems 1, 2 and 3 hold', async () => {
    const r = await checkIsa(m68010, { workers: 2 });
    expect(r.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(r.crossCheck.contradictions).toEqual([]);
    noReplayFailures(r);
  }, 3_600_000);
});
