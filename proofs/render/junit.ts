/**
 * JUnit XML for CI dashboards: one test suite per (ISA, theorem), one test case per instruction.
 * A violator fails its case; an undecided instruction is an error (inconclusive, not a pass).
 */
import type { Report } from '../report-types.js';
import { witnessLines } from './describe.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function suites(report: Report): string[] {
  return report.theorems.map((t) => {
    const cases = report.instructions.map((i) => {
      const name = `${report.isa.name}.theorem${t.theorem}`;
      const v = t.violators.find((x) => x.mnemonic === i.mnemonic);
      const open = `    <testcase classname="${esc(name)}" name="${esc(i.mnemonic)}">`;
      if (v) {
        const w = i.definitions[v.definitions[0]!].witness;
        const body = w ? esc(witnessLines(w).join('\n')) : '';
        return `${open}\n      <failure message="${esc(`${v.definitions.join(', ')} but not privileged`)}" type="${esc(v.definitions[0]!)}">${body}</failure>\n    </testcase>`;
      }
      if (t.undecided.includes(i.mnemonic)) return `${open}\n      <error message="inconclusive: a query was not decided" type="undecided"/>\n    </testcase>`;
      return `    <testcase classname="${esc(name)}" name="${esc(i.mnemonic)}"/>`;
    });
    return [
      `  <testsuite name="${esc(`${report.isa.name}: Theorem ${t.theorem} (${t.title})`)}" tests="${report.instructions.length}" failures="${t.violators.length}" errors="${t.undecided.length}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
}

export function renderJunit(reports: readonly Report[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="vmcheck check">', ...reports.flatMap(suites), '</testsuites>', ''].join('\n');
}
