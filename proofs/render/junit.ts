/**
 * JUnit XML for CI dashboards: one test suite per (ISA, theorem), one test case per instruction.
 * A violator fails its case; an undecided instruction is an error (inconclusive, not a pass).
 */
import type { Report } from '../report-types.js';
import { mappedFetchLines, witnessLines } from './describe.js';

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
    // Where registers are mapped into storage, the instruction fetch is a case of its own.
    const f = t.mappedFetch;
    if (f) {
      const open = `    <testcase classname="${esc(`${report.isa.name}.theorem${t.theorem}`)}" name="(instruction fetch from a mapped register)">`;
      cases.push(
        f.answer === 'yes'
          ? `${open}\n      <failure message="${esc('a level run directly can fetch from a register mapped into storage')}" type="mapped-fetch">${esc(mappedFetchLines(f.witness!).join('\n'))}</failure>\n    </testcase>`
          : f.answer === 'unknown'
            ? `${open}\n      <error message="inconclusive: the query was not decided" type="undecided"/>\n    </testcase>`
            : `${open.slice(0, -1)}/>`,
      );
    }
    const failures = t.violators.length + (f?.answer === 'yes' ? 1 : 0);
    const errors = t.undecided.length + (f?.answer === 'unknown' ? 1 : 0);
    return [
      `  <testsuite name="${esc(`${report.isa.name}: Theorem ${t.theorem} (${t.title})`)}" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
}

export function renderJunit(reports: readonly Report[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="vmcheck check">', ...reports.flatMap(suites), '</testsuites>', ''].join('\n');
}
