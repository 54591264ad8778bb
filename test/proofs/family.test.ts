/**
 * The checker on the pg74 family and toy16: the verdicts DESIGN.md §1 predicts, witnesses that
 * replay, the five report formats. One Z3 instance for the file; the family shares a cache, so
 * each instruction's queries run once.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { pg74, pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/index.js';
import type { IsaDescription } from '../../spec/description.js';
import { CheckCache, checkIsa, checkIsas, exitCodeFor, renderReport, renderReports, reportSchema, type Report } from '../../proofs/index.js';
import { expectLawfulReport } from './laws.js';
import { toy16 } from './toy16.js';

const family: IsaDescription[] = [pg74, pg74Jrst, pg74Lra, pg74Mode];
let reports: Map<string, Report>;
const report = (name: string) => reports.get(name)!;
const insn = (r: Report, m: string) => r.instructions.find((i) => i.mnemonic === m)!;
const statuses = (r: Report) => r.theorems.map((t) => t.status);
const violators = (r: Report, n: 1 | 2 | 3) => r.theorems[n - 1]!.violators.map((v) => v.mnemonic);

beforeAll(async () => {
  const cache = new CheckCache();
  const rs = await checkIsas([...family, toy16], { cache });
  reports = new Map(rs.map((r) => [r.isa.name, r]));
}, 120_000);

describe('the pg74 family', () => {
  test('pg74: Theorems 1, 2 and 3 hold; every declared-privileged instruction is derived privileged', () => {
    const r = report('pg74');
    expect(statuses(r)).toEqual(['holds', 'holds', 'holds']);
    expect(r.verdict).toBe('virtualizable');
    for (const i of r.instructions.filter((x) => x.declared === 'privileged')) expect(i.derived, i.mnemonic).toBe('privileged');
    expect(r.mismatches).toEqual([]);
  });

  test('pg74: the system state each privileged instruction touches; each is mode-sensitive by its own trap (a trap is an outcome)', () => {
    const r = report('pg74');
    expect(insn(r, 'LPSW').definitions['control-sensitive'].systemState).toEqual(['M', 'L', 'B']);
    expect(insn(r, 'SRB').definitions['control-sensitive'].systemState).toEqual(['L', 'B']);
    expect(insn(r, 'RRB').meets).toEqual(['privileged', 'mode-sensitive', 'location-sensitive']);
    expect(insn(r, 'RDCLK').meets).toEqual(['privileged', 'mode-sensitive', 'timing-dependent']);
    expect(insn(r, 'HALT').meets).toEqual(['privileged', 'mode-sensitive']);
    expect(insn(r, 'HALT').definitions['mode-sensitive'].witness!.differences).toEqual([{ what: 'trapped', first: expect.any(Number), second: expect.any(Number) }]);
    for (const i of r.instructions) expect([i.mnemonic, i.direct.anyLevel.safe, i.direct.userLevel.safe]).toEqual([i.mnemonic, 'yes', 'yes']);
    expect(r.configuration).toEqual({ source: 'none', entries: [] });
  });

  test('pg74: location-sensitivity is asked only of the instructions that read or write L; the rest are no from the data flow, without a query', () => {
    const r = report('pg74');
    const asked = new Set(r.queries.filter((q) => q.definition === 'location-sensitive').map((q) => q.instruction));
    expect([...asked].sort()).toEqual(['(address map)', 'LPSW', 'RRB', 'SRB']);
    const structural = r.instructions.filter((i) => i.definitions['location-sensitive'].note?.startsWith('structural: it neither reads nor writes L'));
    expect(structural.length).toBe(r.instructions.length - 3);
    for (const i of structural) expect([i.mnemonic, i.definitions['location-sensitive'].answer]).toEqual([i.mnemonic, 'no']);
    expect(insn(r, 'RRB').definitions['location-sensitive'].answer).toBe('yes');
  });

  test('pg74: direct execution is asked of no instruction: the privileged ones trap in user levels at a first guard, the rest touch only user state and storage through the map', () => {
    const r = report('pg74');
    expect(r.queries.filter((q) => q.definition.startsWith('direct')).map((q) => q.id)).toEqual([]);
    const moved = r.instructions.filter((i) => i.direct.anyLevel.note?.startsWith('structural: it reads and writes only user state'));
    expect(moved.map((i) => i.mnemonic)).toEqual(expect.arrayContaining(['ADD', 'LD', 'ST', 'JMP']));
    for (const i of moved) expect([i.mnemonic, i.declared, i.direct.anyLevel.safe, i.direct.userLevel.safe]).toEqual([i.mnemonic, 'innocuous', 'yes', 'yes']);
  });

  test('pg74-jrst and pg74-mode: the one-word refinement is read off two replayed examples of one word, without a query', () => {
    for (const [isa, m, d] of [
      ['pg74-jrst', 'JRU', 'control-sensitive'],
      ['pg74-mode', 'RMODE', 'mode-sensitive'],
    ] as const) {
      const r = report(isa);
      const v = insn(r, m).definitions[d].violation!;
      expect([v.answer, v.note]).toEqual(['yes', `by example: the word of the ${d} witness is also shown unprivileged`]);
      expect(v.witness!.instruction.cells).toEqual(v.privilegedWitness!.instruction.cells);
      expect([v.witness!.replayed, v.privilegedWitness!.replayed]).toEqual([true, true]);
      expect(r.queries.filter((q) => q.detail === 'unprivileged').map((q) => q.id)).toEqual([]);
    }
  });

  test('pg74-lra: LRA reads L, so its direct execution is asked, and it is unsafe', () => {
    const lra = insn(report('pg74-lra'), 'LRA');
    expect(report('pg74-lra').queries.some((q) => q.id === 'LRA/direct-any-level')).toBe(true);
    expect([lra.direct.anyLevel.safe, lra.direct.anyLevel.note]).toEqual(['no', undefined]);
  });

  test('pg74-jrst: Theorem 1 fails with exactly JRU (control-sensitive, not privileged, not user-sensitive); Theorem 3 holds', () => {
    const r = report('pg74-jrst');
    expect(statuses(r)).toEqual(['fails', 'fails', 'holds']);
    expect(violators(r, 1)).toEqual(['JRU']);
    const jru = insn(r, 'JRU');
    expect(jru.meets).toEqual(['control-sensitive']);
    expect(jru.systemState).toEqual(['M']);
    expect([jru.privileged, jru.userSensitive]).toEqual(['no', 'no']);
    expect(r.verdict).toBe('hybrid');
  });

  test('pg74-lra: Theorems 1 and 3 both fail on LRA (user location-sensitive)', () => {
    const r = report('pg74-lra');
    expect(statuses(r)).toEqual(['fails', 'fails', 'fails']);
    expect(violators(r, 1)).toEqual(['LRA']);
    expect(r.theorems[2].violators).toEqual([{ mnemonic: 'LRA', definitions: ['user-location-sensitive'] }]);
    expect(insn(r, 'LRA').systemState).toEqual(['L']);
    expect(r.mismatches).toEqual([{ mnemonic: 'LRA', declared: 'innocuous', derived: 'sensitive' }]);
    expect(r.verdict).toBe('not-virtualizable');
  });

  test('pg74-mode: Theorem 1 fails on RMODE (mode-sensitive); Theorem 3 holds', () => {
    const r = report('pg74-mode');
    expect(statuses(r)).toEqual(['fails', 'fails', 'holds']);
    expect(r.theorems[0].violators).toEqual([{ mnemonic: 'RMODE', definitions: ['mode-sensitive'] }]);
    expect(insn(r, 'RMODE').systemState).toEqual(['M']);
    expect(r.verdict).toBe('hybrid');
  });

  test('every witness in every report replays on a fresh emulator from the report’s own data', () => {
    for (const isa of [...family, toy16]) expectLawfulReport(isa, report(isa.name));
  });
});

describe('toy16 (byte cells, three mode levels, a system register file)', () => {
  test('Theorem 1 holds, Theorem 2 fails on the unprivileged timer read, Theorem 3 holds', () => {
    const r = report('toy16');
    expect(statuses(r)).toEqual(['holds', 'fails', 'holds']);
    expect(r.theorems[1].violators).toEqual([{ mnemonic: 'RDT', definitions: ['timing-dependent'] }]);
    expect(r.mismatches).toEqual([]);
  });

  test('the system state involved: the register file, the mode, the relocation', () => {
    const r = report('toy16');
    expect(insn(r, 'CSRW').definitions['control-sensitive'].systemState).toEqual(['csr']);
    expect(insn(r, 'CSRR').definitions['mode-sensitive'].systemState).toEqual(['M', 'csr']);
    expect(insn(r, 'SETM').definitions['control-sensitive'].systemState).toEqual(['M']);
    expect(insn(r, 'LDP').meets).toEqual(['privileged', 'mode-sensitive', 'location-sensitive']);
  });
});

describe('reports', () => {
  test('text: the table, the verdicts, each violation with its witness', () => {
    const t = renderReport(report('pg74-jrst'), 'text');
    expect(t).toMatch(/instruction\s+declared\s+derived\s+definitions met\s+system state/);
    expect(t).toMatch(/^JRU\s+sensitive\s+sensitive\s+control-sensitive\s+M$/m);
    expect(t).toContain('Theorem 1 — virtualizable: a VMM can be built: FAILS — JRU (control-sensitive) not privileged');
    expect(t).toContain('Verdict: hybrid');
    expect(t).toContain('instruction: jru ');
    expect(t).toContain('replayed on the reference emulator (query JRU/control-sensitive (example))');
    expect(t).toContain('control-sensitive excludes every trapping run');
  });

  test('JSON: versioned, and the report round-trips', () => {
    const j = JSON.parse(renderReport(report('pg74-lra'), 'json'));
    expect(j.schema).toBe(reportSchema);
    // The report itself, stamped with the version of vmcheck that wrote it.
    expect(j).toEqual({ ...JSON.parse(JSON.stringify(report('pg74-lra'))), vmcheckVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const set = JSON.parse(renderReports([report('pg74'), report('pg74-mode')], 'json'));
    expect(set.schema).toBe('vmcheck-report-set/1');
    expect(set.reports.map((r: Report) => r.isa.name)).toEqual(['pg74', 'pg74-mode']);
  });

  test('Markdown: headings, the classification table, the witness', () => {
    const md = renderReport(report('pg74-mode'), 'md');
    expect(md).toContain('## pg74-mode');
    expect(md).toContain('| RMODE | innocuous | sensitive (!) | mode-sensitive | M |');
    expect(md).toContain('#### `RMODE` — mode-sensitive, not privileged (Theorem 1, 2)');
  });

  test('SARIF 2.1.0: one result per violation, a rule per definition, located at the instruction', () => {
    const s = JSON.parse(renderReports([report('pg74-lra'), report('pg74')], 'sarif'));
    expect(s.version).toBe('2.1.0');
    expect(s.runs).toHaveLength(2);
    const [lra, base] = s.runs;
    const errors = lra.results.filter((x: { level: string }) => x.level === 'error');
    expect(errors.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['location-sensitive', 'user-location-sensitive']);
    expect(errors[0].locations[0].logicalLocations[0].name).toBe('LRA');
    expect(lra.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('timing-dependent');
    expect(lra.results.filter((x: { ruleId: string }) => x.ruleId === 'declared-class')).toHaveLength(1);
    expect(base.results).toEqual([]);
  });

  test('JUnit: one test case per instruction per theorem, a failure per violator', () => {
    const x = renderReport(report('pg74-jrst'), 'junit');
    const n = report('pg74-jrst').instructions.length;
    expect(x.match(/<testcase /g)).toHaveLength(3 * n);
    expect(x.match(/<failure /g)).toHaveLength(2);
    expect(x).toContain(`<testsuite name="pg74-jrst: Theorem 3 (a hybrid VMM can be built (virtual supervisor mode interpreted))" tests="${n}" failures="0" errors="0">`);
  });

  test('several reports end with the summary table', () => {
    const t = renderReports(family.map((i) => report(i.name)), 'text');
    expect(t).toMatch(/^pg74-lra\s+fails\s+fails\s+fails\s+1\s+LRA\s+none$/m);
    expect(t).toMatch(/^pg74\s+holds\s+holds\s+holds\s+0\s+-\s+none$/m);
  });

  test('exit codes: 0 done, 1 --expect not met, 3 inconclusive', () => {
    expect(exitCodeFor([report('pg74')], 'virtualizable')).toBe(0);
    expect(exitCodeFor([report('pg74-jrst')], 'virtualizable')).toBe(1);
    expect(exitCodeFor([report('pg74-jrst')], 'hybrid')).toBe(0);
    expect(exitCodeFor([report('pg74-lra')])).toBe(0);
    expect(exitCodeFor([{ ...report('pg74'), verdict: 'inconclusive' }], 'virtualizable')).toBe(3);
  });
});

describe('several checks in one process', () => {
  test('interleaved checks give the results of sequential ones, with and without shortcuts', async () => {
    const [a, b] = await Promise.all([checkIsa(toy16, { shortcuts: false }), checkIsa(toy16)]);
    const shape = (r: Report) => r.instructions.map((i) => [i.mnemonic, i.derived, i.meets, i.systemState]);
    expect(shape(a)).toEqual(shape(report('toy16')));
    expect(shape(b)).toEqual(shape(report('toy16')));
    expect(a.stats.queries).toBeGreaterThan(b.stats.queries);
  }, 60_000);
});
