/**
 * The checker on the PDP-11/45. By default a sample (SPL, HALT and a condition-code operator:
 * two instructions whose class the 11/45's kernel-only rules decide, and an innocuous one);
 * the whole ISA behind VMCHECK_LONG=1 (`vmcheck check pdp11` takes many minutes: every load and
 * store can reach the PSW and the page registers in the I/O page).
 *
 * From the semantics alone: SPL does nothing outside kernel mode instead of trapping, and sets
 * the priority (system state) in kernel mode — control-sensitive and unprivileged, so Theorem 1
 * fails on it; HALT traps outside kernel mode (privileged); the condition-code operators are
 * innocuous. The PSW and MMR0-3 are in storage (the I/O page), and a level a monitor runs directly
 * can fetch an instruction from their cells: that alone fails every theorem (proofs/mapped-fetch.ts).
 */
import { describe, expect, it } from 'vitest';
import { pdp11 } from '../../spec/isa/index.js';
import { checkIsa } from '../../proofs/index.js';
import { only, byMnemonic, verdicts, noReplayFailures } from './samples.js';


describe('the PDP-11/45 under the checker', () => {
  it('a sample: SPL is the violator of Theorem 1 (control-sensitive in kernel mode, a no-op elsewhere); HALT is privileged; CCC is innocuous', async () => {
    const r = await checkIsa(only(pdp11, ['SPL', 'HALT', 'CCC']));
    const i = byMnemonic(r);
    expect([i.get('SPL')!.derived, i.get('SPL')!.privileged, i.get('SPL')!.meets]).toEqual(['sensitive', 'no', ['control-sensitive']]);
    expect(i.get('SPL')!.systemState).toContain('PSW.PRI');
    expect(i.get('HALT')!.derived).toBe('privileged');
    expect(i.get('CCC')!.derived).toBe('innocuous');
    expect(verdicts(r)[0]).toEqual([1, 'fails', ['SPL']]);
    // A user level can fetch from the I/O page's registers: Theorem 3 fails with no violator.
    expect(r.theorems.map((t) => t.mappedFetch?.answer)).toEqual(['yes', 'yes', 'yes']);
    expect(r.theorems[2]!.violators).toEqual([]);
    expect(r.theorems[2]!.status).toBe('fails');
    expect(r.theorems[2]!.mappedFetch!.witness!.mode.supervisor).toBe(false);
    noReplayFailures(r);
  }, 600_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the system instructions: RTI, RTT, RESET, MFPI/MTPI on registers violate Theorem 1; all but RESET Theorem 3 too; WAIT and TRAP are innocuous', async () => {
    const r = await checkIsa(only(pdp11, ['RTI', 'RTT', 'RESET', 'WAIT', 'MFPI.R', 'MTPI.R', 'TRAP']));
    const i = byMnemonic(r);
    for (const m of ['WAIT', 'TRAP']) expect(i.get(m)!.derived, m).toBe('innocuous');
    expect(i.get('RESET')!.meets).toEqual(['control-sensitive']);
    for (const m of ['RTI', 'RTT', 'MFPI.R', 'MTPI.R'])
      expect(i.get(m)!.meets, m).toEqual(['control-sensitive', 'user-control-sensitive', 'mode-sensitive', 'user-system-sensitive']);
    expect(verdicts(r)).toEqual([
      [1, 'fails', ['RTI', 'RESET', 'RTT', 'MFPI.R', 'MTPI.R']],
      [2, 'fails', ['RTI', 'RESET', 'RTT', 'MFPI.R', 'MTPI.R']],
      [3, 'fails', ['RTI', 'RTT', 'MFPI.R', 'MTPI.R']],
    ]);
    noReplayFailures(r);
  }, 7_200_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of pdp11: the verdicts and violators of spec/isa/pdp11/README.md', async () => {
    const r = await checkIsa(pdp11, { workers: 2 });
    expect(verdicts(r).map(([t, s]) => [t, s])).toEqual([
      [1, 'fails'],
      [2, 'fails'],
      [3, 'fails'],
    ]);
    noReplayFailures(r);
  }, 7_200_000);
});
