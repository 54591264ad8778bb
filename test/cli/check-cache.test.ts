/**
 * What the check cache may be trusted with (DESIGN.md §5 invariant 7): a fully cached check with
 * worker threads still applies --expect and writes its report; an answer flipped in the file (even
 * with its checksum redone) or a witness that no longer replays is proved again, never reported;
 * two checks saving to one file keep both their entries.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/index.js';
import { extendIsa } from '../../spec/compose.js';
import type { IsaDescription } from '../../spec/description.js';
import { CheckCache, checkIsa, loadCheckCache, saveCheckCache } from '../../proofs/index.js';
import { loadIsa } from '../../spec/index.js';
import { runCli } from './run-cli.js';

type Finding = { definition: string; answer: string; witness?: { runs: { start: { regs: Record<string, unknown> } }[] } };
type CacheJson = { format: string; entries: Record<string, { sum: string; findings: Finding[] }> };
type ReportJson = { verdict: string; queries: { instruction: string }[]; instructions: { mnemonic: string; derived: string }[] };

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'vmcheck-cache-')), name);
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CacheJson;
/** Writes entries back with checksums made the way the cache makes them: a deliberate edit, not damage. */
function writeResummed(file: string, c: CacheJson): void {
  for (const [hash, e] of Object.entries(c.entries)) e.sum = createHash('sha256').update(hash).update(JSON.stringify(e.findings)).digest('hex');
  writeFileSync(file, JSON.stringify(c));
}
/**
 * A small variant of a bundled ISA written to a JSON file: the instructions that make its verdict
 * and a few others, so that each check here takes a second or two.
 */
function small(isa: IsaDescription, keep: string[]): string {
  const file = tempFile(`${isa.name}.json`);
  writeFileSync(file, JSON.stringify(extendIsa(isa, { name: isa.name, summary: isa.summary, remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) })));
  return file;
}
const jrst = small(pg74Jrst, ['JRU', 'LPSW', 'ADD']);
const lra = small(pg74Lra, ['LRA', 'LD', 'SRB']);
const mode = small(pg74Mode, ['RMODE', 'ST', 'LPSW']);

const instructionQueries = (r: ReportJson) => r.queries.filter((q) => r.instructions.some((i) => i.mnemonic === q.instruction)).length;

describe('the check cache', () => {
  test('a fully cached check with worker threads applies --expect (exit 1) and writes -o', async () => {
    const file = tempFile('findings.json');
    const first = await runCli('check', jrst, '--workers', '2', '--cache', file, '--expect', 'virtualizable');
    expect(first.code).toBe(1);
    const out = tempFile('report.sarif');
    const second = await runCli('check', jrst, '--workers', '2', '--cache', file, '--expect', 'virtualizable', '--format', 'sarif', '-o', out);
    expect(second.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('JRU');
  });

  test('an answer flipped in the file, checksum and all, is proved again: the verdict stays right', async () => {
    const file = tempFile('findings.json');
    const fresh = JSON.parse((await runCli('check', lra, '--format', 'json', '--cache', file)).out) as ReportJson;
    expect(fresh.verdict).toBe('not-virtualizable');
    const c = read(file);
    let flipped = 0;
    for (const e of Object.values(c.entries))
      for (const f of e.findings)
        if (f.answer === 'yes' && f.definition === 'location-sensitive') {
          f.answer = 'no';
          flipped++;
        }
    expect(flipped).toBeGreaterThan(0);
    writeResummed(file, c);
    const again = await runCli('check', lra, '--format', 'json', '--cache', file);
    expect(again.code).toBe(0);
    const r = JSON.parse(again.out) as ReportJson;
    expect(r.verdict).toBe('not-virtualizable');
    expect(instructionQueries(r)).toBeGreaterThan(0);
  });

  test('a witness whose state was altered (checksum redone) does not replay, and is proved again instead of crashing', async () => {
    const file = tempFile('findings.json');
    await runCli('check', mode, '--format', 'json', '--cache', file);
    const c = read(file);
    let altered = 0;
    for (const e of Object.values(c.entries))
      for (const f of e.findings)
        for (const run of f.witness?.runs ?? []) {
          // A different mode in every starting state: the model's prediction no longer holds.
          run.start.regs.M = { $bigint: '0' };
          altered++;
        }
    expect(altered).toBeGreaterThan(0);
    writeResummed(file, c);
    const again = await runCli('check', mode, '--format', 'json', '--cache', file);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    const r = JSON.parse(again.out) as ReportJson;
    expect(r.verdict).toBe('hybrid');
    expect(instructionQueries(r)).toBeGreaterThan(0);
  });

  test('two checks saving to one file keep both their entries', async () => {
    const file = tempFile('findings.json');
    const a = new CheckCache();
    const b = new CheckCache();
    await checkIsa(loadIsa(JSON.parse(readFileSync(lra, 'utf8')), lra), { cache: a });
    await checkIsa(loadIsa(JSON.parse(readFileSync(mode, 'utf8')), mode), { cache: b });
    // Both loaded the (empty) file before either saved, as two concurrent runs would.
    saveCheckCache(a, file);
    saveCheckCache(b, file);
    const merged = loadCheckCache(file);
    for (const [hash] of a.entries()) expect(merged.hasHashed(hash)).toBe(true);
    for (const [hash] of b.entries()) expect(merged.hasHashed(hash)).toBe(true);
  });
});
