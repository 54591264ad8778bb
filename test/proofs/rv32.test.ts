/**
 * The checker on rv32. By default a reduced rv32 (one instruction of each kind: base, memory,
 * a privileged CSR of each level, a counter, the trap returns, WFI, ECALL); the
 * whole ISA behind VMCHECK_LONG=1 (several minutes).
 */
import { describe, expect, it } from 'vitest';
import { rv32 } from '../../spec/index.js';
import { checkIsa, type Report } from '../../proofs/index.js';
import { only, byMnemonic } from './samples.js';

const sample = ['ADDI', 'LW', 'CSRRW.mstatus', 'CSRRS.sstatus', 'CSRRS.cycle', 'CSRRS.mhartid', 'MRET', 'SRET', 'WFI', 'ECALL'];

describe('rv32 under the checker', () => {
  let report: Report;
  it('classifies a sample of instructions from their semantics', async () => {
    report = await checkIsa(only(rv32, sample));
    const i = byMnemonic(report);
    expect(i.get('ADDI')!.derived).toBe('innocuous');
    expect(i.get('LW')!.derived).toBe('innocuous');
    // CSRs of M and S level: they read or write system state, and trap in U-mode.
    for (const m of ['CSRRW.mstatus', 'CSRRS.sstatus', 'MRET', 'SRET', 'WFI']) expect(i.get(m)!.privileged, m).toBe('yes');
    // mhartid is an M-level read-only CSR: reading it traps below M (so, a trap being an outcome,
    // it is mode-sensitive), and CSRRS with rs1 ≠ x0 is illegal in every mode, so the entry is not
    // privileged as a whole; but no one encoding is both: it is privileged where it matters.
    const mhartid = i.get('CSRRS.mhartid')!;
    expect([mhartid.privileged, mhartid.sensitive, mhartid.derived]).toEqual(['no', 'yes', 'privileged']);
    expect(mhartid.definitions['mode-sensitive'].violation?.answer).toBe('no');
    for (const m of ['CSRRW.mstatus', 'CSRRS.sstatus', 'MRET', 'SRET']) expect(i.get(m)!.sensitive, m).toBe('yes');
    expect(i.get('CSRRW.mstatus')!.definitions['control-sensitive'].systemState).toContain('mstatus');
  }, 300_000);

  it('the counters trap below M under the declared configuration (mcounteren = 0), so Theorems 1, 2 and 3 hold', () => {
    expect(report.configuration).toEqual({ source: 'declared', entries: [{ register: 'mcounteren', mask: '0x7', value: '0x0' }] });
    const cycle = byMnemonic(report).get('CSRRS.cycle')!;
    // Whether it traps in U depends on mcounteren: a trap is an outcome, so it is mode-sensitive …
    expect(cycle.definitions['mode-sensitive'].answer).toBe('yes');
    expect(cycle.definitions['timing-dependent'].answer).toBe('yes');
    expect(cycle.definitions['timing-dependent'].witness).toBeDefined();
    // … and, in every encoding that reads the counter, privileged under the configuration the
    // monitor keeps (the encodings with rs1 ≠ x0 are illegal in every mode).
    expect(cycle.derived).toBe('privileged');
    for (const d of ['mode-sensitive', 'timing-dependent'] as const) expect(cycle.definitions[d].violation?.answer, d).toBe('no');
    expect(report.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(report.verdict).toBe('virtualizable');
    expect(report.crossCheck.contradictions).toEqual([]);
    for (const i of report.instructions) expect([i.mnemonic, i.direct.anyLevel.safe]).toEqual([i.mnemonic, 'yes']);
  });

  it('without the configuration the counter reads are sensitive and unprivileged: Theorem 1 fails on them alone', async () => {
    const { configuration: _c, ...state } = rv32.state;
    const bare = only({ ...rv32, name: 'rv32-unconfigured', state: { ...state, registers: state.registers.map(({ configurable: _m, ...r }) => r) } }, ['ADDI', 'CSRRS.cycle']);
    const r = await checkIsa(bare);
    expect(r.configuration.source).toBe('none');
    expect(r.theorems[0].violators).toEqual([{ mnemonic: 'CSRRS.cycle', definitions: ['mode-sensitive'] }]);
    // One instruction word both mode-sensitive and run in user mode without a trap.
    const v = byMnemonic(r).get('CSRRS.cycle')!.definitions['mode-sensitive'].violation!;
    expect(v.answer).toBe('yes');
    expect(v.witness!.instruction.cells).toEqual(v.privilegedWitness!.instruction.cells);
    const w = v.privilegedWitness!;
    expect(w.states.find((s) => s.label === 'user')!.outcome.trap).toBeUndefined();
  }, 300_000);

  it('two worker threads give the same findings as one', async () => {
    const few = ['ADDI', 'CSRRS.sstatus', 'CSRRS.cycle', 'MRET'];
    const parallel = await checkIsa(only(rv32, few), { workers: 2 });
    const answers = (r: Report) =>
      r.instructions.filter((i) => few.includes(i.mnemonic)).map((i) => [i.mnemonic, i.derived, Object.values(i.definitions).map((d) => d.answer)]);
    expect(answers(parallel)).toEqual(answers(report));
    expect(parallel.instructions).toHaveLength(few.length);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of rv32 under its configuration: Theorems 1, 2 and 3 hold, every instruction safe for direct execution', async () => {
    const full = await checkIsa(rv32, { workers: 2 });
    expect(full.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(full.crossCheck.contradictions).toEqual([]);
    for (const i of full.instructions) expect([i.mnemonic, i.direct.anyLevel.safe, i.direct.userLevel.safe]).toEqual([i.mnemonic, 'yes', 'yes']);
    expect(full.verdict).toBe('virtualizable');
  }, 3_600_000);
});
