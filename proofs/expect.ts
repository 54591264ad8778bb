/** `--expect` and exit codes (issue 3 §7): 0 done and met, 1 not met, 3 inconclusive. */
import type { Report, Verdict } from './report-types.js';

export const expectations = ['virtualizable', 'hybrid', 'not-virtualizable'] as const;
export type Expectation = (typeof expectations)[number];

/** Whether the report's verdict is the expected one (an inconclusive verdict never is). */
export function meetsExpectation(report: Report, expect: Expectation): boolean {
  return report.verdict === expect;
}

/**
 * The exit code for a set of reports: 4 if the classification contradicts the exact per-step
 * condition anywhere (a checker bug), else 3 if any is inconclusive, else 1 if any misses
 * `expect`, else 0.
 */
export function exitCodeFor(reports: readonly Report[], expect?: Expectation): 0 | 1 | 3 | 4 {
  if (reports.some((r) => r.crossCheck.contradictions.length > 0)) return 4;
  if (reports.some((r) => r.verdict === ('inconclusive' satisfies Verdict))) return 3;
  if (expect && reports.some((r) => !meetsExpectation(r, expect))) return 1;
  return 0;
}
