/** `--format json`: the version stamp, and real reports valid under the published schemas. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderReports, reportSchema, reportSetSchema } from '../../../proofs/index.js';
import { reportSchemaFiles } from '../../../proofs/render/report-schema.js';
import { vmcheckVersion } from '../../../proofs/render/version.js';
import { schemaText } from '../../../spec/json-schema/generate.js';
import { smallReports } from './reports.js';

const committed = (file: string) => readFileSync(new URL(`../../../schema/${file}`, import.meta.url), 'utf8');
// strictRequired off (ajv's default): a record keyed by definition names lists its keys as
// `required` beside `propertyNames`, valid JSON Schema that ajv's strictest lint flags.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validators = new Map<string, ReturnType<Ajv2020['compile']>>();
const validator = (file: string) => validators.get(file) ?? validators.set(file, ajv.compile(JSON.parse(committed(file)) as object)).get(file)!;
const errorsOf = (validate: ReturnType<typeof validator>, json: unknown) =>
  validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
const packageVersion = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the report schemas', () => {
  it.each(reportSchemaFiles().map((f) => [f.file, f.schema] as const))('schema/%s is what `npm run schema` generates now', (file, schema) => {
    expect(committed(file) === schemaText(schema), `schema/${file} is out of date: run \`npm run schema\` and commit the result`).toBe(true);
  });

  it('are exported by the package', () => {
    const exports = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string> }).exports;
    expect(exports['./schema/report.json']).toBe('./schema/report.schema.json');
    expect(exports['./schema/report-set.json']).toBe('./schema/report-set.schema.json');
  });
});

describe('--format json', () => {
  it('stamps one report with the package version, right after its schema', async () => {
    const [report] = await smallReports();
    const json = JSON.parse(renderReports([report!], 'json')) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 2)).toEqual(['schema', 'vmcheckVersion']);
    expect(json.schema).toBe(reportSchema);
    expect(json.vmcheckVersion).toBe(packageVersion);
    expect(vmcheckVersion).toBe(packageVersion);
  }, 60_000);

  it('writes real reports (a violator with witnesses, a hybrid, a virtualizable ISA) that the report schema accepts', async () => {
    const validate = validator('report.schema.json');
    for (const report of await smallReports()) expect(errorsOf(validate, JSON.parse(renderReports([report], 'json'))), report.isa.name).toEqual([]);
  }, 60_000);

  it('writes several reports as a vmcheck-report-set/1 that the set schema accepts, each stamped', async () => {
    const reports = await smallReports();
    const json = JSON.parse(renderReports(reports, 'json')) as { schema: string; vmcheckVersion: string; reports: { vmcheckVersion: string }[] };
    expect(json.schema).toBe(reportSetSchema);
    expect(json.reports).toHaveLength(reports.length);
    expect(json.reports.every((r) => r.vmcheckVersion === packageVersion)).toBe(true);
    expect(errorsOf(validator('report-set.schema.json'), json)).toEqual([]);
  }, 60_000);

  it('the schema rejects a report that lost a required field or has a wrong verdict', async () => {
    const validate = validator('report.schema.json');
    const json = JSON.parse(renderReports([(await smallReports())[0]!], 'json')) as Record<string, unknown>;
    const { vmcheckVersion: _dropped, ...unstamped } = json;
    expect(errorsOf(validate, unstamped).join('\n')).toMatch(/vmcheckVersion/);
    expect(errorsOf(validate, { ...json, verdict: 'probably' }).join('\n')).toMatch(/\/verdict/);
  }, 60_000);
});
