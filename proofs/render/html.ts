/**
 * The report as one self-contained HTML page (`--format html`): for each ISA the verdicts, the
 * configuration assumed, the classification matrix (instructions by definitions, coloured, the
 * cells that break a theorem marked), each violation's witness with its states side by side, and
 * the readings. No script, no outside resource: a Content-Security-Policy says so to the browser.
 */
import { definitionNames, type Report } from '../report-types.js';
import { configurationLine, definitionTitles, mappedFetchFailures, mappedFetchLines, theoremWhy, undecidedQueries, violations } from './describe.js';
import { htmlStyle } from './html-style.js';
import { esc, witnessHtml } from './html-witness.js';
import { vmcheckVersion } from './version.js';

const badge = (status: string) => `<span class="badge ${esc(status)}">${esc(status)}</span>`;
const symbol = { yes: 'yes', no: 'no', unknown: '?' } as const;
const legend = [
  ['var(--yes)', 'meets the definition', 'yes'],
  ['var(--yes-bad); color: #fff', 'meets it and is not privileged: a theorem fails', 'yes'],
  ['var(--no)', 'proved not to', 'no'],
  ['var(--unknown)', 'undecided', '?'],
] as const;

function matrix(report: Report): string {
  const broken = new Set(violations(report).map((v) => `${v.mnemonic}/${v.definition}`));
  const head = definitionNames.map((d) => `<th class="def" scope="col" title="${esc(definitionTitles[d])}">${esc(d)}</th>`).join('');
  const body = report.instructions
    .map((i) => {
      const cells = definitionNames
        .map((d) => {
          const a = i.definitions[d].answer;
          const bad = broken.has(`${i.mnemonic}/${d}`);
          return `<td class="answer ${a}${bad ? ' violation' : ''}" data-definition="${esc(d)}" title="${esc(`${i.mnemonic}: ${d}: ${a}${bad ? ' (breaks a theorem)' : ''}`)}">${symbol[a]}</td>`;
        })
        .join('');
      const derived = i.derived === i.declared ? esc(i.derived) : `<strong>${esc(i.derived)}</strong> (declared ${esc(i.declared)})`;
      return `<tr data-mnemonic="${esc(i.mnemonic)}"><th scope="row"><code>${esc(i.mnemonic)}</code></th><td>${derived}</td>${cells}<td>${esc(i.systemState.join(', ') || '—')}</td></tr>`;
    })
    .join('\n');
  return [
    '<table class="matrix"><thead>',
    `<tr><th scope="col">instruction</th><th scope="col">class (derived)</th>${head}<th scope="col">system state</th></tr>`,
    '</thead><tbody>',
    body,
    '</tbody></table>',
    `<p class="legend muted">${legend.map(([colour, text, label]) => `<span style="background:${colour}">${label}</span> ${text}`).join(' ')}</p>`,
  ].join('\n');
}

function section(report: Report, id: string): string {
  const out: string[] = [`<section class="isa" id="${id}">`, `<h2>${esc(report.isa.name)} ${badge(report.verdict)}</h2>`, `<p>${esc(report.isa.summary)}</p>`];
  if (report.isa.source) out.push(`<p class="muted">Source: <code>${esc(report.isa.source)}</code> · ${report.isa.instructions} instructions</p>`);
  out.push('<h3>Verdicts</h3><ul class="verdicts">');
  for (const t of report.theorems) {
    const why = t.status === 'holds' ? '' : `: ${theoremWhy(t)}`;
    out.push(`<li data-theorem="${t.theorem}">Theorem ${t.theorem} — ${esc(t.title)}: ${badge(t.status)}${esc(why)} <span class="muted">(${esc(t.condition)})</span></li>`);
  }
  out.push('</ul>');
  const { contradictions, safeViolators } = report.crossCheck;
  if (contradictions.length > 0)
    out.push(`<p class="error"><strong>Checker error:</strong> the classification and the exact per-step condition disagree (${esc(contradictions.map((c) => `Theorem ${c.theorem}: ${c.mnemonic}`).join(', '))}); no verdict is given.</p>`);
  if (safeViolators.length > 0)
    out.push(`<p class="muted">Safe for direct execution although the classification counts them (the condition is sufficient, not necessary): ${esc(safeViolators.map((v) => `${v.mnemonic} (Theorem ${v.theorem})`).join(', '))}.</p>`);
  out.push('<h3>Configuration assumed</h3>', `<p>Monitor configuration C (${esc(report.configuration.source)}): <code>${esc(configurationLine(report))}</code></p>`);
  if (report.configuration.note) out.push(`<p class="muted">${esc(report.configuration.note)}</p>`);
  out.push('<h3>Classification</h3>', matrix(report));
  const undecided = undecidedQueries(report);
  if (undecided.length > 0) out.push('<h3>Undecided</h3><ul>', ...undecided.map((u) => `<li><code>${esc(u)}</code></li>`), '</ul>');
  const vs = violations(report);
  if (vs.length > 0) {
    out.push('<h3>Violations</h3>');
    for (const v of vs) {
      const insn = report.instructions.find((i) => i.mnemonic === v.mnemonic)!;
      const d = insn.definitions[v.definition];
      out.push(`<div class="violation" data-mnemonic="${esc(v.mnemonic)}" data-definition="${esc(v.definition)}">`);
      out.push(`<h4><code>${esc(v.mnemonic)}</code> is ${esc(v.definition)} but not privileged (Theorem ${v.theorems.join(', ')})</h4>`, `<p>It ${esc(definitionTitles[v.definition])}.${d.systemState.length ? ` System state involved: <code>${esc(d.systemState.join(', '))}</code>.` : ''}</p>`);
      const shown = d.violation?.witness ?? d.witness;
      if (shown) out.push(witnessHtml(shown, `Witness: ${v.definition}`, report.modeLevels));
      const p = d.violation?.privilegedWitness ?? insn.definitions.privileged.witness;
      if (p) out.push(witnessHtml(p, 'Not privileged, because', report.modeLevels));
      out.push('</div>');
    }
  }
  for (const f of mappedFetchFailures(report))
    out.push(
      `<div class="violation" data-mnemonic="(fetch)" data-definition="mapped-fetch"><h4>Instruction fetch from a register mapped into storage (Theorem ${f.theorems.join(', ')})</h4>`,
      `<pre>${esc(mappedFetchLines(f.witness).join('\n'))}</pre></div>`,
    );
  out.push('<h3>Readings</h3><ul class="readings">', ...report.readings.map((r) => `<li>${esc(r)}</li>`), '</ul>');
  const s = report.stats;
  out.push(`<p class="muted">${s.queries} queries, ${(s.queryMs / 1000).toFixed(1)} s in Z3, ${(s.wallMs / 1000).toFixed(1)} s in all.</p>`, '</section>');
  return out.join('\n');
}

function summary(reports: readonly Report[], ids: readonly string[]): string {
  const rows = reports.map((r, i) => `<tr><th scope="row"><a href="#${ids[i]}">${esc(r.isa.name)}</a></th>${r.theorems.map((t) => `<td>${badge(t.status)}</td>`).join('')}<td>${badge(r.verdict)}</td><td><code>${esc(configurationLine(r))}</code></td></tr>`);
  return ['<table class="summary"><thead><tr><th>ISA</th><th>Theorem 1</th><th>Theorem 2</th><th>Theorem 3</th><th>verdict</th><th>configuration</th></tr></thead><tbody>', ...rows, '</tbody></table>'].join('\n');
}

/** The reports as one HTML document. */
export function renderHtml(reports: readonly Report[]): string {
  const ids = reports.map((r, i) => `isa-${i}-${r.isa.name.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  const title = `vmcheck: ${reports.map((r) => r.isa.name).join(', ')}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // Nothing is fetched and nothing runs: the page is safe to open from any CI artifact.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${htmlStyle}</style>`,
    '</head><body>',
    `<h1>vmcheck report</h1><p class="muted">vmcheck ${esc(vmcheckVersion)} · Popek–Goldberg conditions proved with Z3; every witness replayed on the reference emulator.</p>`,
    reports.length > 1 ? summary(reports, ids) : '',
    ...reports.map((r, i) => section(r, ids[i]!)),
    '</body></html>',
    '',
  ].join('\n');
}
