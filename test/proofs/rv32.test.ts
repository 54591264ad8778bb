/**
 * The checker on rv32. By default a reduced rv32 (one instruction of each kind: base, memory,
 * a privileged CSR of each level, a counter, the trap returns, WFI, SFENCE.VMA, ECALL); the
 * whole ISA behind VMCHECK_LONG=1 (several minutes).
 */
import { describe, expect, it } from 'vitest';
import { extendIsa, rv32, type IsaDescription } from '../../spec/index.js';
import { checkIsa, type Report } from '../../proofs/index.js';

const sample = ['ADDI', 'LW', 'SW', 'JALR', 'CSRRW.mstatus', 'CSRRS.sstatus', 'CSRRWI.satp', 'CSRRS.cycle', 'CSRRS.mhartid', 'MRET', 'SRET', 'WFI', 'SFENCE.VMA', 'ECALL'];
const only = (isa: IsaDescription, keep: readonly string[]) =>
  extendIsa(isa, { name: `${isa.name}-sample`, summary: 'a sample', remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) });
const byMnemonic = (r: Report) => new Map(r.instructions.map((i) => [i.mnemonic, i]));

describe('rv32 under the checker', () => {
  let report: Report;
  it('classifies a sample of instructions from their semantics', async () => {
    report = await checkIsa(only(rv32, sample));
    const i = byMnemonic(report);
    expect(i.get('ADDI')!.derived).toBe('innocuous');
    expect(i.get('LW')!.derived).toBe('innocuous');
    // CSRs of M and S level: they read or write system state, and trap in U-mode.
    for (const m of ['CSRRW.mstatus', 'CSRRS.sstatus', 'CSRRWI.satp', 'MRET', 'SRET', 'WFI', 'SFENCE.VMA']) expect(i.get(m)!.privileged, m).toBe('yes');
    // mhartid is read-only zero: CSRRS with rs1 ≠ x0 is illegal in every mode, so not privileged, and reveals nothing.
    expect(i.get('CSRRS.mhartid')!.privileged).toBe('no');
    expect(i.get('CSRRS.mhartid')!.sensitive).toBe('no');
    for (const m of ['CSRRW.mstatus', 'CSRRS.sstatus', 'MRET', 'SRET']) expect(i.get(m)!.sensitive, m).toBe('yes');
    expect(i.get('CSRRW.mstatus')!.definitions['control-sensitive'].systemState).toContain('mstatus');
  }, 300_000);

  it('reports the counters as Theorem 2’s timing question, not as sensitivity', () => {
    const cycle = byMnemonic(report).get('CSRRS.cycle')!;
    expect(cycle.privileged).toBe('no');
    expect(cycle.sensitive).toBe('no');
    expect(cycle.definitions['timing-dependent'].answer).toBe('yes');
    expect(cycle.definitions['timing-dependent'].witness).toBeDefined();
    expect(report.theorems.map((t) => t.status)).toEqual(['holds', 'fails', 'holds']);
    expect(report.theorems[1].violators.map((v) => v.mnemonic)).toEqual(['CSRRS.cycle']);
    expect(report.verdict).toBe('virtualizable');
  });

  it('two worker threads give the same findings as one', async () => {
    const few = ['ADDI', 'CSRRS.sstatus', 'CSRRS.cycle', 'MRET'];
    const parallel = await checkIsa(only(rv32, few), { workers: 2 });
    const answers = (r: Report) =>
      r.instructions.filter((i) => few.includes(i.mnemonic)).map((i) => [i.mnemonic, i.derived, Object.values(i.definitions).map((d) => d.answer)]);
    expect(answers(parallel)).toEqual(answers(report));
    expect(parallel.instructions).toHaveLength(few.length);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of rv32: Theorem 1 holds, Theorem 2 fails on the 24 counter reads alone', async () => {
    const full = await checkIsa(rv32);
    expect(full.theorems[0].status).toBe('holds');
    expect(full.theorems[2].status).toBe('holds');
    const t2 = full.theorems[1].violators.map((v) => v.mnemonic);
    expect(t2).toHaveLength(24);
    expect(t2.every((m) => /^CSRR[SC]I?\.(cycle|time|instret)h?$/.test(m))).toBe(true);
    expect(full.verdict).toBe('virtualizable');
  }, 3_600_000);
});
