/**
 * The JSON forms: one report (`vmcheck-report/1`), or several in a `vmcheck-report-set/1`, each
 * stamped with the vmcheck version that made it. Their JSON Schemas are in report-schema.ts.
 */
import type { Report } from '../report-types.js';
import { vmcheckVersion } from './version.js';

/** The JSON form of several reports. */
export const reportSetSchema = 'vmcheck-report-set/1' as const;

/** A report as `--format json` writes it. */
export type ReportJson = { schema: Report['schema']; vmcheckVersion: string } & Omit<Report, 'schema'>;

/** Several reports as `--format json` writes them (`check --all`, or more than one ISA). */
export interface ReportSetJson {
  schema: typeof reportSetSchema;
  vmcheckVersion: string;
  reports: ReportJson[];
}

/** The report with the version after its `schema`, where a reader looks first. */
export function reportJson(report: Report): ReportJson {
  const { schema, ...rest } = report;
  return { schema, vmcheckVersion, ...rest };
}

/** One report as itself; several as a `vmcheck-report-set/1`. */
export function renderJson(reports: readonly Report[]): string {
  const json: ReportJson | ReportSetJson =
    reports.length === 1 ? reportJson(reports[0]!) : { schema: reportSetSchema, vmcheckVersion, reports: reports.map(reportJson) };
  return JSON.stringify(json, null, 2) + '\n';
}
