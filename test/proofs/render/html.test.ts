/**
 * `--format html`: one self-contained page, opened in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core, which downloads no browser of its own). The page must
 * load without console errors, show a matrix row per instruction, colour the violations, and
 * set each witness's states side by side with the differences marked. A screenshot is written to
 * test-artifacts/ (git-ignored) for CI to keep.
 *
 * Without Chromium ($CHROMIUM overrides the path) the browser tests are skipped, never failed —
 * unless VMCHECK_REQUIRE_CHROMIUM=1, which .ci/run sets after installing it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { renderReports, type Report } from '../../../proofs/index.js';
import { smallReports } from './reports.js';

function findChromium(): { path?: string; why: string } {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const c of candidates) {
    try {
      return { path: execFileSync('sh', ['-c', `command -v "$1"`, 'sh', c], { encoding: 'utf8' }).trim(), why: '' };
    } catch {
      // Not on PATH: try the next name.
    }
  }
  return { why: `no ${candidates.join(', ')} on PATH (Debian: apt-get install chromium)` };
}

const browserPath = findChromium();
/** Set by .ci/run, which installs Chromium: there a missing browser is a failure, not a skip. */
const required = process.env.VMCHECK_REQUIRE_CHROMIUM === '1';
if (!browserPath.path) console.warn(`test/proofs/render/html.test.ts: ${browserPath.why}; ${required ? 'VMCHECK_REQUIRE_CHROMIUM=1: failing' : 'the browser tests are skipped'}.`);

it.runIf(required && !browserPath.path)('Chromium is installed (VMCHECK_REQUIRE_CHROMIUM=1)', () => {
  expect.fail(`VMCHECK_REQUIRE_CHROMIUM=1 but ${browserPath.why}`);
});

const artifacts = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vmcheck-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the HTML page, as text', () => {
  it('is one file: no script, nothing fetched from outside, a policy that forbids both', async () => {
    const html = renderReports(await smallReports(), 'html');
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  }, 60_000);

  it('escapes what the description says (a summary with markup stays text)', async () => {
    const [r] = await smallReports();
    const html = renderReports([{ ...r!, isa: { ...r!.isa, summary: '<b onmouseover="x">bold</b> & co' } }], 'html');
    expect(html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;bold&lt;/b&gt; &amp; co');
    expect(html).not.toContain('<b onmouseover');
  }, 60_000);
});

describe('a witness of one state, as text', () => {
  it('is shown as the state before and after its step, side by side, the mode change marked', async () => {
    const jrst = (await smallReports())[1]!;
    const html = renderReports([jrst], 'html');
    const jru = /<div class="violation" data-mnemonic="JRU" data-definition="control-sensitive">[^]*?<\/table>/.exec(html)?.[0];
    expect(jru, 'a control-sensitive violation of JRU').toBeDefined();
    expect(jru).toContain('<th scope="col">state: before</th><th scope="col">state: after the step</th>');
    expect(jru).toMatch(/<tr class="differs"><th scope="row">M<\/th>/);
    expect(jru).toMatch(/<tr class="differs"><th scope="row">mode<\/th><td class="mono diff">s \(/);
  }, 60_000);
});

describe.skipIf(!browserPath.path)('the HTML page in headless Chromium', () => {
  let browser: Browser;
  let reports: Report[];
  beforeAll(async () => {
    reports = await smallReports();
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await chromium.launch({ executablePath: browserPath.path!, headless: true, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('loads without console errors, a matrix row per instruction, violations coloured and witnesses side by side; screenshot in test-artifacts/', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReports(reports, 'html'));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);

    const sections = page.locator('section.isa');
    expect(await sections.count()).toBe(reports.length);
    for (const [i, r] of reports.entries()) {
      const rows = sections.nth(i).locator('table.matrix tbody tr');
      expect(await rows.count(), r.isa.name).toBe(r.instructions.length);
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-mnemonic')))).toEqual(r.instructions.map((x) => x.mnemonic));
      expect(await sections.nth(i).locator('ul.verdicts li').count()).toBe(3);
    }

    // pg74-lra-small: LRA's location-sensitive cell is the one marked as a violation, in red.
    const lra = sections.first();
    const bad = lra.locator('td.answer.violation');
    expect(await bad.evaluateAll((tds) => tds.map((td) => `${td.closest('tr')!.getAttribute('data-mnemonic')}/${td.getAttribute('data-definition')}`))).toContain('LRA/location-sensitive');
    expect(await bad.first().evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(217, 83, 79)');
    expect(await lra.locator('td.answer.no').first().evaluate((td) => getComputedStyle(td).backgroundColor)).not.toBe(await bad.first().evaluate((td) => getComputedStyle(td).backgroundColor));

    // Its witness: two states side by side, the instruction disassembled, differing rows marked.
    const witness = lra.locator('.violation[data-mnemonic="LRA"] .witness').first();
    expect(await witness.locator('table.states thead th').count()).toBe(3);
    expect(await witness.locator('code.disassembly').innerText()).toMatch(/^lra\b/i);
    expect(await witness.locator('td.diff').count()).toBeGreaterThan(0);
    expect(await lra.locator('ul.readings li').count()).toBe(reports[0]!.readings.length);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'html-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
