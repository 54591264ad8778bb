/** The report for people: classification table, verdicts, mismatches, violations with witnesses. */
import type { Report } from '../report-types.js';
import { configurationLine, crossCheckLines, definitionTitles, mappedFetchFailures, mappedFetchLines, sharedLines, theoremLine, undecidedQueries, violations, witnessLines } from './describe.js';
import { textTable } from './table.js';

export function classificationRows(report: Report): string[][] {
  return report.instructions.map((i) => [
    i.mnemonic,
    i.declared,
    i.derived === i.declared ? i.derived : `${i.derived} (!)`,
    i.meets.join(', ') || '-',
    i.systemState.join(', ') || '-',
  ]);
}

export const classificationHead = ['instruction', 'declared', 'derived', 'definitions met', 'system state'];

export function renderText(report: Report): string {
  const out: string[] = [`${report.isa.name} — ${report.isa.summary}`, ''];
  out.push(...textTable(classificationHead, classificationRows(report)), '');
  out.push(`Monitor configuration (${report.configuration.source}): ${configurationLine(report)}`);
  if (report.configuration.note) out.push(`  ${report.configuration.note}`);
  out.push(...report.theorems.map(theoremLine), `Verdict: ${report.verdict}`, '');
  out.push(...crossCheckLines(report));
  if (report.mismatches.length > 0) {
    out.push('Declared class differs from the derived one:');
    for (const m of report.mismatches) out.push(`  ${m.mnemonic}: declared ${m.declared}, derived ${m.derived}`);
    out.push('');
  }
  const undecided = undecidedQueries(report);
  if (undecided.length > 0) out.push(`Undecided queries (timeout ${report.options.timeoutMs} ms): ${undecided.join(', ')}`, '');
  const vs = violations(report);
  if (vs.length > 0) {
    out.push('Violations:');
    for (const v of vs) {
      const insn = report.instructions.find((i) => i.mnemonic === v.mnemonic)!;
      const d = insn.definitions[v.definition];
      out.push('', `${v.mnemonic} is ${v.definition} but not privileged (Theorem ${v.theorems.join(', ')}): it ${definitionTitles[v.definition]}`);
      if (d.systemState.length > 0) out.push(`  system state involved: ${d.systemState.join(', ')}`);
      // The refinement's witnesses show one instruction word both meeting it and unprivileged.
      const shown = d.violation?.witness ?? d.witness;
      if (shown) out.push(...witnessLines(shown).map((l) => `  ${l}`));
      const p = d.violation?.privilegedWitness ?? insn.definitions.privileged.witness;
      if (p) out.push('  not privileged, because:', ...witnessLines(p).map((l) => `    ${l}`));
    }
    out.push('');
  }
  for (const f of mappedFetchFailures(report))
    out.push(`Instruction fetch from a register mapped into storage (Theorem ${f.theorems.join(', ')}):`, ...mappedFetchLines(f.witness).map((l) => `  ${l}`), '');
  const shared = sharedLines(report);
  if (shared.length > 0) out.push('Findings derived by renaming a representative\'s (alike up to a renaming of state; each witness replayed for its own entry):', ...shared.map((l) => `  ${l}`), '');
  out.push('Readings:', ...report.readings.map((r) => `  - ${r}`), '');
  const s = report.stats;
  out.push(`${s.queries} queries, ${(s.queryMs / 1000).toFixed(1)} s in Z3, ${(s.wallMs / 1000).toFixed(1)} s in all`);
  return out.join('\n') + '\n';
}
