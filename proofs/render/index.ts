/** Report renderers: text, JSON (versioned schema), Markdown, SARIF 2.1.0, JUnit XML, HTML. */
import { match } from 'ts-pattern';
import type { Report } from '../report-types.js';
import { renderText } from './text.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderJunit } from './junit.js';
import { renderSummary } from './summary.js';
import { renderJson, reportSetSchema } from './json.js';
import { renderHtml } from './html.js';

export const reportFormats = ['text', 'json', 'md', 'sarif', 'junit', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** One report in `format`. */
export function renderReport(report: Report, format: ReportFormat): string {
  return renderReports([report], format);
}

/**
 * Several reports in one document: text and Markdown end with the summary table when there is
 * more than one; JSON is the report itself for one, a `vmcheck-report-set/1` object for several.
 */
export function renderReports(reports: readonly Report[], format: ReportFormat): string {
  const many = reports.length > 1;
  return match(format)
    .with('text', () => reports.map(renderText).join('\n') + (many ? '\nSummary\n\n' + renderSummary(reports) : ''))
    .with('md', () => reports.map(renderMarkdown).join('\n') + (many ? '\n## Summary\n\n' + renderSummary(reports, 'md') : ''))
    .with('json', () => renderJson(reports))
    .with('sarif', () => renderSarif(reports))
    .with('junit', () => renderJunit(reports))
    .with('html', () => renderHtml(reports))
    .exhaustive();
}

export { renderText, renderMarkdown, renderSarif, renderJunit, renderSummary, renderJson, renderHtml, reportSetSchema };
export { reportJson, type ReportJson, type ReportSetJson } from './json.js';
export { vmcheckVersion } from './version.js';
