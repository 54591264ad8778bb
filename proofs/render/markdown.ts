/** The report as Markdown, for pull requests and documentation. */
import type { Report } from '../report-types.js';
import { configurationLine, crossCheckLines, definitionTitles, mappedFetchFailures, mappedFetchLines, sharedLines, theoremLine, undecidedQueries, violations, witnessLines } from './describe.js';
import { markdownTable } from './table.js';
import { classificationHead, classificationRows } from './text.js';

export function renderMarkdown(report: Report): string {
  const out: string[] = [`## ${report.isa.name}`, '', report.isa.summary, ''];
  out.push(`- Monitor configuration (${report.configuration.source}): ${configurationLine(report)}`);
  out.push(...report.theorems.map((t) => `- ${theoremLine(t)}`), `- **Verdict: ${report.verdict}**`, '');
  const cross = crossCheckLines(report);
  if (cross.length > 0) out.push('```', ...cross, '```', '');
  out.push('### Classification', '', ...markdownTable(classificationHead, classificationRows(report)), '');
  if (report.mismatches.length > 0)
    out.push('### Declared vs derived', '', ...report.mismatches.map((m) => `- \`${m.mnemonic}\`: declared ${m.declared}, derived **${m.derived}**`), '');
  const undecided = undecidedQueries(report);
  if (undecided.length > 0) out.push('### Undecided', '', ...undecided.map((u) => `- ${u}`), '');
  const vs = violations(report);
  if (vs.length > 0) {
    out.push('### Violations', '');
    for (const v of vs) {
      const insn = report.instructions.find((i) => i.mnemonic === v.mnemonic)!;
      const d = insn.definitions[v.definition];
      out.push(`#### \`${v.mnemonic}\` — ${v.definition}, not privileged (Theorem ${v.theorems.join(', ')})`, '', `It ${definitionTitles[v.definition]}.`, '');
      const shown = d.violation?.witness ?? d.witness;
      if (shown) out.push('```', ...witnessLines(shown), '```', '');
      const p = d.violation?.privilegedWitness ?? insn.definitions.privileged.witness;
      if (p) out.push('Not privileged, because:', '', '```', ...witnessLines(p), '```', '');
    }
  }
  for (const f of mappedFetchFailures(report))
    out.push(`### Instruction fetch from a register mapped into storage (Theorem ${f.theorems.join(', ')})`, '', '```', ...mappedFetchLines(f.witness), '```', '');
  const shared = sharedLines(report);
  if (shared.length > 0) out.push('### Derived by renaming', '', 'Alike up to a renaming of state: findings derived from the representative\'s, each witness replayed for its own entry.', '', ...shared.map((l) => `- ${l}`), '');
  out.push('### Readings', '', ...report.readings.map((r) => `- ${r}`), '');
  return out.join('\n');
}
