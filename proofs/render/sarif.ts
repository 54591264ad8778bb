/**
 * SARIF 2.1.0 for code-scanning tools: one run per ISA, one rule per definition, one result per
 * violation (an instruction meeting a definition without being privileged), located at the ISA's
 * source and the instruction; undecided queries as warnings, declared-class mismatches as notes.
 */
import { definitionNames, type Report } from '../report-types.js';
import { definitionTitles, violations, witnessLines } from './describe.js';
import { vmcheckVersion } from './version.js';


function location(report: Report, mnemonic: string) {
  return {
    physicalLocation: { artifactLocation: { uri: report.isa.source ?? report.isa.name } },
    logicalLocations: [{ name: mnemonic, fullyQualifiedName: `${report.isa.name}/${mnemonic}`, kind: 'member' }],
  };
}

function run(report: Report) {
  const rules = [
    ...definitionNames.map((d) => ({ id: d, name: d, shortDescription: { text: `The instruction ${definitionTitles[d]}.` } })),
    { id: 'undecided', name: 'undecided', shortDescription: { text: 'Z3 could not decide a definition (timeout or unknown).' } },
    { id: 'declared-class', name: 'declared-class', shortDescription: { text: 'The declared class differs from the class derived from the semantics.' } },
  ];
  const results = [
    ...violations(report).map((v) => {
      const d = report.instructions.find((i) => i.mnemonic === v.mnemonic)!.definitions[v.definition];
      return {
        ruleId: v.definition,
        level: 'error',
        message: {
          text: `${v.mnemonic} is ${v.definition} but not privileged, so Theorem ${v.theorems.join(' and ')} fails` + (d.systemState.length ? ` (system state: ${d.systemState.join(', ')})` : ''),
        },
        locations: [location(report, v.mnemonic)],
        properties: { theorems: v.theorems, systemState: d.systemState, ...(d.witness ? { witness: d.witness, witnessText: witnessLines(d.witness) } : {}) },
      };
    }),
    ...report.queries
      .filter((q) => q.status === 'unknown')
      .map((q) => ({
        ruleId: 'undecided',
        level: 'warning',
        message: { text: `query ${q.id} was not decided (${q.reason ?? 'unknown'}); the verdicts that need it are inconclusive` },
        locations: [location(report, q.instruction)],
      })),
    ...report.mismatches.map((m) => ({
      ruleId: 'declared-class',
      level: 'note',
      message: { text: `${m.mnemonic} is declared ${m.declared} but derived ${m.derived}` },
      locations: [location(report, m.mnemonic)],
    })),
  ];
  return {
    tool: { driver: { name: 'vmcheck', version: vmcheckVersion, informationUri: 'https://github.com/vmcheck/vmcheck', rules } },
    results,
    invocations: [{ executionSuccessful: true }],
    properties: { isa: report.isa.name, verdict: report.verdict, theorems: report.theorems.map((t) => ({ theorem: t.theorem, status: t.status })) },
  };
}

export function renderSarif(reports: readonly Report[]): string {
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: reports.map(run) }, null, 2) + '\n';
}
