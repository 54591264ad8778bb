import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { extendIsa } from '../../spec/compose.js';
import { pg74Lra } from '../../spec/isa/index.js';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

describe('vmcheck check', () => {
  // Each check runs Z3 on a whole ISA: a few runs, each asserting several things.
  test('JSON output with --expect missed exits 1, carries the versioned schema, and --smt-out writes every query', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmcheck-smt-'));
    const r = await runCli('check', 'pg74-mode', '--format', 'json', '--expect', 'virtualizable', '--smt-out', dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { schema: string; verdict: string; isa: { name: string } };
    expect(report).toMatchObject({ schema: 'vmcheck-report/1', verdict: 'hybrid', isa: { name: 'pg74-mode' } });
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.smt2'));
    expect(files.some((f) => f.includes('RMODE'))).toBe(true);
  });

  test('SARIF output with --expect met exits 0 and names the violating instruction', async () => {
    const r = await runCli('check', 'pg74-lra', '--format', 'sarif', '--expect', 'not-virtualizable', '--no-cache');
    expect(r.code).toBe(0);
    type Place = { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } };
    const sarif = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; message: { text: string }; locations: Place[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.some((x) => x.message.text.includes('LRA'))).toBe(true);
    // A bundled ISA is placed in vmcheck's own files, relative to the working directory (the repository here).
    const lra = sarif.runs[0]!.results.find((x) => x.ruleId === 'location-sensitive')!;
    expect(lra.locations[0]!.physicalLocation.artifactLocation.uri).toBe('spec/isa/pg74-variants.ts');
    expect(lra.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(1);
  });

  test('HTML output to -o is one page with a matrix row per instruction of the ISA file checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmcheck-html-'));
    const isa = join(dir, 'small.json');
    writeFileSync(isa, JSON.stringify(extendIsa(pg74Lra, { name: 'pg74-lra-small', summary: pg74Lra.summary, remove: pg74Lra.instructions.filter((i) => !['LRA', 'LD'].includes(i.mnemonic)).map((i) => i.mnemonic) })));
    const r = await runCli('check', isa, '--format', 'html', '-o', join(dir, 'report.html'), '--no-cache');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect([...html.matchAll(/<tr data-mnemonic="([^"]+)"/g)].map((m) => m[1])).toEqual(['LD', 'LRA']);
  });

  test('a timeout of 1 ms is inconclusive (exit 3), never virtualizable', async () => {
    const r = await runCli('check', 'pg74', '--timeout', '1', '--format', 'json', '--no-cache');
    const report = JSON.parse(r.out) as { verdict: string };
    if (report.verdict === 'inconclusive') expect(r.code).toBe(3);
    else expect(report.verdict).toBe('virtualizable'); // every query may finish within 1 ms on a fast machine
    expect(report.verdict).not.toBe('not-virtualizable');
  });

  test('a second check answers from the cache file, with the same verdict and replayed witnesses; a damaged cache is ignored', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmcheck-cache-')), 'findings.json');
    // pg74-lra's verdict-making instruction and two others, as a JSON file: each check takes a second or two.
    const lra = join(dirname(file), 'pg74-lra-small.json');
    writeFileSync(lra, JSON.stringify(extendIsa(pg74Lra, { name: 'pg74-lra', summary: pg74Lra.summary, remove: pg74Lra.instructions.filter((i) => !['LRA', 'LD', 'SRB'].includes(i.mnemonic)).map((i) => i.mnemonic) })));
    type Json = { verdict: string; stats: { queries: number }; queries: { instruction: string }[]; instructions: { mnemonic: string; derived: string }[] };
    const mnemonics = (r: Json) => new Set(r.instructions.map((i) => i.mnemonic));
    /** Queries about instructions (the ISA-wide relocation query is asked on every check). */
    const perInstruction = (r: Json) => r.queries.filter((q) => mnemonics(r).has(q.instruction)).length;
    const first = JSON.parse((await runCli('check', lra, '--format', 'json', '--cache', file)).out) as Json;
    expect(perInstruction(first)).toBeGreaterThan(0);
    expect(existsSync(file)).toBe(true);
    const second = JSON.parse((await runCli('check', lra, '--format', 'json', '--cache', file)).out) as Json;
    expect(perInstruction(second)).toBe(0);
    expect(second.verdict).toBe(first.verdict);
    expect(second.instructions.map((i) => [i.mnemonic, i.derived])).toEqual(first.instructions.map((i) => [i.mnemonic, i.derived]));
    // An entry whose witness lost its storage (a cache written by an older vmcheck) is proved again, not trusted.
    type Entry = { sum: string; findings: { witness?: { runs: { start: { cells: unknown } }[] } }[] };
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, Entry> };
    let stripped = 0;
    for (const entry of Object.values(saved.entries))
      for (const f of entry.findings) for (const run of f.witness?.runs ?? []) (run.start.cells = {}), stripped++;
    expect(stripped).toBeGreaterThan(0);
    writeFileSync(file, JSON.stringify(saved));
    const fourth = await runCli('check', lra, '--format', 'json', '--cache', file);
    expect(fourth.code).toBe(0);
    expect(perInstruction(JSON.parse(fourth.out) as Json)).toBeGreaterThan(0);
    // Damaged as a crash mid-write would leave it (a file that is no cache at all is refused: bad-input corpus).
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    const third = JSON.parse((await runCli('check', lra, '--format', 'json', '--cache', file)).out) as Json;
    expect(perInstruction(third)).toBeGreaterThan(0);
    expect(third.verdict).toBe(first.verdict);
  });

  test('usage errors exit 2: bad format, bad expectation, no ISA, ISAs and --all together', async () => {
    for (const argv of [
      ['check', 'pg74', '--format', 'pdf'],
      ['check', 'pg74', '--expect', 'maybe'],
      ['check'],
      ['check', 'pg74', '--all'],
      ['check', 'pg74', '--cache', 'x.json', '--no-cache'],
    ]) {
      const r = await runCli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^vmcheck: /);
    }
  });
});
