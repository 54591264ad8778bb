/**
 * `--format sarif`: valid SARIF 2.1.0 (the OASIS schema, vendored from npm's
 * @microsoft/jest-sarif 1.0.0-beta.0 into test/fixtures/sarif/), with each result placed where
 * code scanning can show it: the line and column of the instruction's definition, a URI relative
 * to the working directory, fingerprints that do not move with the line, rules with help.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { Report } from '../../../proofs/index.js';
import { renderSarif } from '../../../proofs/render/sarif.js';
import { findDefinition } from '../../../proofs/render/source-location.js';
import { smallIsas, smallReports } from './reports.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
// The schema is draft-04, which ajv 8 reads through ajv-draft-04 (a CommonJS class export).
const AjvDraft04 = createRequire(import.meta.url)('ajv-draft-04') as typeof import('ajv-draft-04').default;
// Formats (uri, date-time) are not checked by ajv without a plugin (the URIs are checked below);
// one of the schema's patterns is not valid with JavaScript's `u` flag.
const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

interface Result {
  ruleId: string;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endColumn: number } } }[];
}
interface Run {
  tool: { driver: { version: string; rules: { id: string; help: { text: string } }[] } };
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Result[];
}
const sarif = (reports: readonly Report[], cwd: string) => JSON.parse(renderSarif(reports, { cwd })) as { version: string; runs: Run[] };
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findDefinition', () => {
  it('finds a JSON "mnemonic" value, not an earlier mention of the name', () => {
    const text = '{\n  "remove": ["LRA"],\n  "add": [\n    { "mnemonic": "LRA", "class": "innocuous" }\n  ]\n}\n';
    expect(findDefinition(text, 'LRA')).toEqual({ startLine: 4, startColumn: 19, endColumn: 24 });
  });

  it("finds a builder's insn('X' …) call in TypeScript, with any quotes", () => {
    const text = "const x = ['RDX'];\nexport const r = b.insn(\n  'RDX', {\n";
    expect(findDefinition(text, 'RDX')).toEqual({ startLine: 3, startColumn: 3, endColumn: 8 });
    expect(findDefinition('b.insn(`RDX`, {})', 'RDX')).toEqual({ startLine: 1, startColumn: 8, endColumn: 13 });
  });

  it('takes the mnemonic literally (a dot is no wildcard) and finds nothing when it is absent', () => {
    expect(findDefinition("insn('CSRRWxmstatus')", 'CSRRW.mstatus')).toBeUndefined();
    expect(findDefinition('{ "mnemonic": "LR" }', 'LRA')).toBeUndefined();
  });
});

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 for real reports: violations, notes and all', async () => {
    const log = JSON.parse(renderSarif(await smallReports(), { cwd: dir }));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(log.runs[0].results.map((r: Result) => r.level)).toEqual(expect.arrayContaining(['error', 'note']));
    // The schema has teeth: a run without a driver name is not SARIF.
    expect(validate({ ...log, runs: [{ ...log.runs[0], tool: { driver: {} } }] })).toBe(false);
  }, 60_000);

  it('places each violation at its definition in a JSON description, by a URI relative to the working directory', async () => {
    const [lra] = await smallReports();
    mkdirSync(join(dir, 'isas'), { recursive: true });
    const text = JSON.stringify(smallIsas[0], null, 2);
    writeFileSync(join(dir, 'isas', 'lra.json'), text);
    const run = sarif([{ ...lra!, isa: { ...lra!.isa, source: 'isas/lra.json' } }], dir).runs[0]!;
    const found = run.results.find((r) => r.ruleId === 'location-sensitive')!;
    expect(found.level).toBe('error');
    expect(found.message.text).toMatch(/^LRA is location-sensitive but not privileged/);
    const place = found.locations[0]!.physicalLocation;
    expect(place.artifactLocation).toEqual({ uri: 'isas/lra.json', uriBaseId: '%SRCROOT%' });
    expect(place.region.startLine).toBe(lineOf(text, '"mnemonic": "LRA"'));
    expect(text.split('\n')[place.region.startLine - 1]!.slice(place.region.startColumn - 1, place.region.endColumn - 1)).toBe('"LRA"');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(pathToFileURL(dir + '/').href);
  }, 60_000);

  it('places a violation in a TypeScript description at its insn call, and a file outside the working directory by an absolute URI', async () => {
    const [lra] = await smallReports();
    const file = join(dir, 'lra.ts');
    writeFileSync(file, "import { pg74Builder as b } from 'vmcheck/spec';\n\nexport const lra = b.insn('LRA', {});\n");
    const place = sarif([{ ...lra!, isa: { ...lra!.isa, source: file } }], join(dir, 'elsewhere')).runs[0]!.results.find((r) => r.ruleId === 'location-sensitive')!.locations[0]!.physicalLocation;
    expect(place.artifactLocation).toEqual({ uri: pathToFileURL(file).href });
    expect(place.region).toEqual({ startLine: 3, startColumn: 27, endColumn: 32 });
  }, 60_000);

  it('places an instruction an extension file takes from its base at the top of that file, and says so', async () => {
    const [lra] = await smallReports();
    writeFileSync(join(dir, 'ext.json'), '{\n  "format": "vmcheck-extension/1",\n  "base": "pg74-lra",\n  "remove": ["SUB"]\n}\n');
    const found = sarif([{ ...lra!, isa: { ...lra!.isa, source: 'ext.json' } }], dir).runs[0]!.results.find((r) => r.ruleId === 'location-sensitive')!;
    const at = found.locations[0]! as Result['locations'][number] & { message?: { text: string } };
    expect(at.physicalLocation.artifactLocation.uri).toBe('ext.json');
    expect(at.physicalLocation.region).toEqual({ startLine: 1 });
    expect(at.message?.text).toMatch(/LRA comes from the base/);
  }, 60_000);

  it("places a bundled ISA's violation in vmcheck's own ISA file", async () => {
    const [lra] = await smallReports();
    const root = new URL('../../../', import.meta.url);
    const place = sarif([lra!], root.pathname).runs[0]!.results.find((r) => r.ruleId === 'location-sensitive')!.locations[0]!.physicalLocation;
    expect(place.artifactLocation.uri).toBe('spec/isa/pg74-variants.ts');
    expect(place.region.startLine).toBe(lineOf(readFileSync(new URL('spec/isa/pg74-variants.ts', root), 'utf8'), "b.insn('LRA'"));
  }, 60_000);

  it('fingerprints a finding by ISA, instruction and rule, not by line', async () => {
    const [lra, jrst] = await smallReports();
    const a = sarif([lra!], dir).runs[0]!.results;
    const moved = sarif([{ ...lra!, isa: { ...lra!.isa, source: 'isas/lra.json' } }], dir).runs[0]!.results;
    expect(a.map((r) => r.partialFingerprints)).toEqual(moved.map((r) => r.partialFingerprints));
    const other = sarif([jrst!], dir).runs[0]!.results;
    expect(new Set([...a, ...other].map((r) => r.partialFingerprints['vmcheckFinding/v1'])).size).toBe(a.length + other.length);
  }, 60_000);

  it('gives every rule help text that names its definition, and the package version as the driver version', async () => {
    const run = sarif(await smallReports(), dir).runs[0]!;
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(run.tool.driver.version).toBe(pkg.version);
    for (const r of run.tool.driver.rules.filter((x) => x.id.endsWith('sensitive') || x.id === 'timing-dependent')) expect(r.help.text).toMatch(new RegExp(`^${r.id}: an instruction is ${r.id} when it `));
    for (const r of run.tool.driver.rules) expect(r.help.text.length).toBeGreaterThan(40);
  }, 60_000);
});
