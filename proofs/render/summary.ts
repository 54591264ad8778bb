/** The one-table summary of several ISAs (`vmcheck check --all`). */
import type { Report } from '../report-types.js';
import { markdownTable, textTable } from './table.js';
import { configurationLine } from './describe.js';

const head = ['ISA', 'Theorem 1', 'Theorem 2', 'Theorem 3', 'sensitive, unprivileged', 'instructions', 'monitor configuration'];

function rows(reports: readonly Report[]): string[][] {
  return reports.map((r) => {
    // Sensitive and unprivileged in one encoding: Theorem 1's violators.
    const bad = r.theorems[0].violators.map((v) => v.mnemonic);
    const status = r.crossCheck.contradictions.length > 0 ? ['CHECKER ERROR', '', ''] : r.theorems.map((t) => t.status);
    return [r.isa.name, ...status, String(bad.length), bad.join(', ') || '-', configurationLine(r)];
  });
}

export function renderSummary(reports: readonly Report[], format: 'text' | 'md' = 'text'): string {
  return (format === 'md' ? markdownTable(head, rows(reports)) : textTable(head, rows(reports))).join('\n') + '\n';
}
