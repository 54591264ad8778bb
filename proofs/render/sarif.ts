/**
 * SARIF 2.1.0 for code scanning: one run per ISA, one rule per definition, one result per
 * violation (an instruction meeting a definition without being privileged), located at the
 * instruction's definition in the ISA's source file (line and column of its mnemonic) with
 * artifact URIs relative to the working directory; undecided queries as warnings, declared-class
 * mismatches as notes. Each result's `partialFingerprints` depend on the ISA, the instruction and
 * the rule only, so an alert survives edits that move the definition.
 */
import { createHash } from 'node:crypto';
import { definitionNames, type DefinitionName, type Report } from '../report-types.js';
import { definitionTitles, mappedFetchFailures, mappedFetchLines, violations, witnessLines } from './describe.js';
import { DefinitionLocator } from './source-location.js';
import { vmcheckVersion } from './version.js';

export interface SarifOptions {
  /** What artifact URIs are relative to, and ISA sources resolved from. @defaultValue `process.cwd()` */
  cwd?: string;
}

const theoremsBroken: Record<DefinitionName, string> = {
  privileged: 'Theorems 1 and 3 need every sensitive instruction privileged',
  'control-sensitive': 'Theorem 1 (virtualizable) fails while it is not privileged',
  'user-control-sensitive': 'Theorems 1 and 3 (a hybrid monitor) fail while it is not privileged',
  'mode-sensitive': 'Theorem 1 (virtualizable) fails while it is not privileged',
  'location-sensitive': 'Theorem 1 (virtualizable) fails while it is not privileged',
  'user-location-sensitive': 'Theorems 1 and 3 (a hybrid monitor) fail while it is not privileged',
  'user-system-sensitive': 'Theorem 3 (a hybrid monitor) fails while it is not privileged',
  'timing-dependent': 'Theorem 2 (recursively virtualizable) fails while it is not privileged',
};

const remedy =
  'Make the instruction trap in user mode (under the monitor configuration the report states), so that a monitor sees every use; ' +
  'or change its semantics so that it no longer meets the definition. `vmcheck check --suggest-fix` checks the first remedy.';

function rule(d: DefinitionName) {
  const statement = `${d}: an instruction is ${d} when it ${definitionTitles[d]} (Popek & Goldberg 1974, as generalized in vmcheck's proofs/definitions/README.md).`;
  return {
    id: d,
    name: d.replace(/(^|-)(\w)/g, (_, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: `The instruction is ${d} but not privileged.` },
    fullDescription: { text: statement },
    help: {
      text: `${statement} ${theoremsBroken[d]}. ${remedy}`,
      markdown: `**${d}** — an instruction is ${d} when it ${definitionTitles[d]}.\n\n${theoremsBroken[d]}.\n\n${remedy}`,
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['virtualization', 'popek-goldberg'] },
  };
}

const rules = [
  ...definitionNames.filter((d) => d !== 'privileged').map(rule),
  {
    id: 'undecided',
    name: 'Undecided',
    shortDescription: { text: 'Z3 could not decide a definition (timeout or unknown).' },
    fullDescription: { text: 'A query about this instruction came back unknown: the verdicts that need it are inconclusive, never a pass.' },
    help: { text: 'Raise --timeout, or try --solver z3 (native). An undecided query is never counted as virtualizable.' },
    defaultConfiguration: { level: 'warning' },
  },
  {
    id: 'mapped-fetch',
    name: 'FetchFromMappedRegister',
    shortDescription: { text: 'A level the monitor runs directly can fetch an instruction from a register mapped into storage.' },
    fullDescription: {
      text: "The register's cells are read as the register on the bare machine, but a guest run directly reads its own copy of them (storage at its placement, or the host's register), so the two runs fetch different words.",
    },
    help: { text: 'Keep the mapped cells out of the reach of the levels run directly (the address map), or have a monitor emulate the accesses there.' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'declared-class',
    name: 'DeclaredClass',
    shortDescription: { text: 'The declared class differs from the class derived from the semantics.' },
    fullDescription: { text: "The instruction's `class` says one thing and its semantics another; vmcheck goes by the semantics." },
    help: { text: "Correct the instruction's `class` to the derived one, or its semantics if the class says what was meant." },
    defaultConfiguration: { level: 'note' },
  },
];

const fingerprint = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

function run(report: Report, locator: DefinitionLocator) {
  const location = (mnemonic: string) => {
    const site = locator.site(report, mnemonic);
    const logical = { name: mnemonic, fullyQualifiedName: `${report.isa.name}/${mnemonic}`, kind: 'member' };
    if (!site) return { logicalLocations: [logical] };
    return {
      physicalLocation: { artifactLocation: locator.uri(site.file), region: site.region },
      logicalLocations: [logical],
      ...(site.found ? {} : { message: { text: `${mnemonic} comes from the base of ${report.isa.name}; this file is where it is checked` } }),
    };
  };
  const result = (ruleId: string, level: string, mnemonic: string, text: string, extra: object = {}) => ({
    ruleId,
    ...(rules.some((r) => r.id === ruleId) ? { ruleIndex: rules.findIndex((r) => r.id === ruleId) } : {}),
    level,
    message: { text },
    locations: [location(mnemonic)],
    partialFingerprints: { 'vmcheckFinding/v1': fingerprint(report.isa.name, mnemonic, ruleId) },
    ...extra,
  });
  const results = [
    ...violations(report).map((v) => {
      const d = report.instructions.find((i) => i.mnemonic === v.mnemonic)!.definitions[v.definition];
      const w = d.violation?.witness ?? d.witness;
      const text =
        `${v.mnemonic} is ${v.definition} but not privileged, so Theorem ${v.theorems.join(' and ')} fails` +
        (d.systemState.length ? ` (system state: ${d.systemState.join(', ')})` : '') +
        (w ? `. Witness: ${w.instruction.text} — it ${w.claim}.` : '.');
      return result(v.definition, 'error', v.mnemonic, text, {
        properties: { theorems: v.theorems, systemState: d.systemState, ...(w ? { witness: w, witnessText: witnessLines(w) } : {}) },
      });
    }),
    ...mappedFetchFailures(report).map((f) =>
      result('mapped-fetch', 'error', f.witness.instruction.mnemonic, `Theorem ${f.theorems.join(' and ')} fails: ${f.witness.claim}.`, {
        properties: { theorems: f.theorems, witness: f.witness, witnessText: mappedFetchLines(f.witness) },
      }),
    ),
    ...report.queries
      .filter((q) => q.status === 'unknown')
      .map((q) => result('undecided', 'warning', q.instruction, `query ${q.id} was not decided (${q.reason ?? 'unknown'}); the verdicts that need it are inconclusive`)),
    ...report.mismatches.map((m) => result('declared-class', 'note', m.mnemonic, `${m.mnemonic} is declared ${m.declared} but derived ${m.derived}`)),
  ];
  return {
    tool: { driver: { name: 'vmcheck', version: vmcheckVersion, semanticVersion: vmcheckVersion, informationUri: 'https://www.npmjs.com/package/vmcheck', rules } },
    originalUriBaseIds: locator.baseIds(),
    automationDetails: { id: `vmcheck/${report.isa.name}/` },
    results,
    invocations: [{ executionSuccessful: true }],
    properties: { isa: report.isa.name, verdict: report.verdict, theorems: report.theorems.map((t) => ({ theorem: t.theorem, status: t.status })), configuration: report.configuration },
  };
}

export function renderSarif(reports: readonly Report[], options: SarifOptions = {}): string {
  const locator = new DefinitionLocator(options.cwd ?? process.cwd());
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: reports.map((r) => run(r, locator)) }, null, 2) + '\n';
}
