/**
 * The checker on mips (the R3000). By default a sample of mips-tlb8 (the model with an 8-entry
 * TLB): an ordinary load, the mode-changing MTC0 Status and RFE, the timing-dependent read of
 * Random, SYSCALL; and the same without the configuration CU0 = 0. The whole of mips-tlb8, and of
 * mips with the R3000's 64 entries, behind VMCHECK_LONG=1 (about 2 and 10+ minutes).
 */
import { describe, expect, it } from 'vitest';
import { mips, mipsTlb8, type IsaDescription } from '../../spec/index.js';
import { checkIsa, type Report } from '../../proofs/index.js';
import { expectLawfulReport } from './laws.js';
import { only, byMnemonic } from './samples.js';

const long = process.env.VMCHECK_LONG === '1';

/** mips-tlb8 with CU0 neither declared nor configurable: the monitor cannot keep user-mode CP0 use from working. */
function unconfigured(isa: IsaDescription): IsaDescription {
  const { configuration: _c, ...state } = isa.state;
  return { ...isa, name: `${isa.name}-cu0-free`, state: { ...state, registers: state.registers.map(({ configurable: _m, ...r }) => r) } };
}

describe('mips under the checker', () => {
  let report: Report;
  it('a sample: loads innocuous; MTC0 Status and RFE privileged and control-sensitive in Status.KUc; Random timing-dependent and privileged', async () => {
    report = await checkIsa(only(mipsTlb8, ['LW', 'MTC0.Status', 'RFE', 'MFC0.Random', 'SYSCALL']));
    const i = byMnemonic(report);
    expect(i.get('LW')!.derived).toBe('innocuous');
    expect(i.get('SYSCALL')!.derived).toBe('innocuous');
    for (const m of ['MTC0.Status', 'RFE']) {
      expect(i.get(m)!.derived, m).toBe('privileged');
      expect(i.get(m)!.definitions['control-sensitive'].systemState, m).toContain('Status.KUc');
    }
    const random = i.get('MFC0.Random')!;
    expect([random.derived, random.definitions['timing-dependent'].answer]).toEqual(['privileged', 'yes']);
    expect(random.definitions['timing-dependent'].systemState).toEqual(['randomClock']);
    expect(report.configuration).toEqual({ source: 'declared', entries: [{ register: 'Status.CU0', mask: '0x1', value: '0x0' }] });
    expect(report.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(report.crossCheck.contradictions).toEqual([]);
    // A kseg0 load from kernel mode is an address error in real user mode: the monitor gets the
    // trap, so even a load is safe for direct execution (it is the efficiency that suffers).
    for (const x of report.instructions) expect([x.mnemonic, x.direct.anyLevel.safe, x.direct.userLevel.safe]).toEqual([x.mnemonic, 'yes', 'yes']);
    expectLawfulReport(mipsTlb8, report);
  }, 300_000);

  it('without CU0 held at 0, a user-mode MFC0 Status completes and reads the mode: Theorems 1 and 3 fail on it', async () => {
    const r = await checkIsa(only(unconfigured(mipsTlb8), ['MFC0.Status'], 'mips-cu0-free'));
    expect(r.configuration.source).toBe('none');
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'fails']);
    expect(r.theorems[0].violators).toEqual([{ mnemonic: 'MFC0.Status', definitions: ['mode-sensitive'] }]);
    expect(r.theorems[2].violators).toEqual([{ mnemonic: 'MFC0.Status', definitions: ['user-system-sensitive'] }]);
    expectLawfulReport(unconfigured(mipsTlb8), r);
  }, 300_000);

  it.skipIf(!long)('the whole of mips-tlb8 under CU0 = 0: Theorems 1, 2 and 3 hold, the declared classes are derived, every instruction is safe', async () => {
    const full = await checkIsa(mipsTlb8, { workers: 2 });
    expect(full.theorems.map((t) => [t.status, t.violators])).toEqual([['holds', []], ['holds', []], ['holds', []]]);
    expect(full.mismatches).toEqual([]);
    expect(full.crossCheck.contradictions).toEqual([]);
    for (const x of full.instructions) expect([x.mnemonic, x.direct.anyLevel.safe, x.direct.userLevel.safe]).toEqual([x.mnemonic, 'yes', 'yes']);
    expect(full.instructions.filter((x) => x.derived === 'privileged').map((x) => x.mnemonic)).toEqual(
      mipsTlb8.instructions.filter((x) => x.class === 'privileged').map((x) => x.mnemonic),
    );
    expectLawfulReport(mipsTlb8, full);
  }, 3_600_000);

  it.skipIf(!long)('mips with the R3000’s 64 TLB entries derives the same class for every instruction as mips-tlb8', async () => {
    const [big, small] = [await checkIsa(mips, { workers: 2 }), await checkIsa(mipsTlb8, { workers: 2 })];
    const classes = (r: Report) => r.instructions.map((x) => [x.mnemonic, x.derived, x.meets]);
    expect(classes(big)).toEqual(classes(small));
    expect(big.verdict).toBe('virtualizable');
  }, 7_200_000);
});
