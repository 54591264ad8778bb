/**
 * Issue 13's "also noted": outcomes that were silent or unusable. A fuzz replay line that can be
 * pasted, an --expect failure that says what it found, --workers capped with a note, a note when
 * a guest gets less storage than the machine, a progress line that keeps its last character, and
 * the documented `export const isa` read from a .ts file outside a module package.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { progressLine } from '../../cli/io.js';
import { bundledIsa, pg74 } from '../../spec/index.js';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vmcheck-outcomes-'));

/** Words of a shell command line as printed by the CLI: plain words and single-quoted ones. */
const shellWords = (line: string) => [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));

describe('fuzz', () => {
  test('the replay line names the ISA file as given (quoted) and replays the same failure when pasted', async () => {
    const file = join(tmp(), "my jrst's.json");
    writeFileSync(file, JSON.stringify(bundledIsa('pg74-jrst')));
    const first = await runCli('fuzz', file, '--seed', '7');
    expect(first.code).toBe(1);
    const replay = /replay: vmcheck (fuzz .*)$/m.exec(first.out)?.[1];
    expect(replay).toBeDefined();
    const argv = shellWords(replay!);
    expect(argv[1]).toBe(file);
    const again = await runCli(...argv);
    expect(again.code).toBe(1);
    expect(again.out.split('\n').slice(3)).toEqual(first.out.split('\n').slice(3));
  });
});

describe('check', () => {
  test('--expect not met says what was expected and what was found; --workers above the cores is capped with a note', async () => {
    const r = await runCli('check', 'pg74-jrst', '--expect', 'virtualizable', '--no-cache', '--workers', '1000');
    expect(r.code).toBe(1);
    expect(r.err).toContain('vmcheck: --expect virtualizable not met: pg74-jrst is hybrid');
    expect(r.err).toContain(`note: --workers 1000 is more than the ${availableParallelism()} cores here; using ${availableParallelism()}`);
  }, 120_000);
});

describe('vmm', () => {
  test('a guest given less storage than the machine has is told so', async () => {
    const r = await runCli('vmm', 'pg74', 'examples/pg74/os.s');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`note: each guest has \\d+ cells of storage \\(the power of two that holds the program\\), not pg74's ${pg74.state.storage.cells}`));
  });
});

describe('the progress line', () => {
  test('a terminal reporting 0 columns (or none) gets the whole line, as on 80 columns', () => {
    const line = 'checking pg74: LPSW (36/40)';
    expect(progressLine(line, 0)).toBe(`\r\x1b[2K${line}`);
    expect(progressLine(line, undefined)).toBe(`\r\x1b[2K${line}`);
    expect(progressLine(line, 10)).toBe('\r\x1b[2Kchecking ');
  });
});

describe('a .ts description outside a "type": "module" package', () => {
  const program = '        .org 16\n        halt\n';
  for (const [how, source] of [
    ['export const isa', `export const isa = ${JSON.stringify(pg74)};\n`],
    ['export default', `export default ${JSON.stringify(pg74)};\n`],
  ] as const)
    test(`is read from ${how}, not reported as missing fields`, async () => {
      const dir = tmp();
      writeFileSync(join(dir, 'isa.ts'), source);
      writeFileSync(join(dir, 'p.s'), program);
      const r = await runCli('run', join(dir, 'isa.ts'), join(dir, 'p.s'));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^pg74: halted after 1 steps/);
    });
});

describe('pipes and devices', () => {
  test('a program read from a pipe (as from <(…) or /dev/stdin) runs; a report goes to /dev/null', async () => {
    const dir = tmp();
    const fifo = join(dir, 'p.fifo');
    execFileSync('mkfifo', [fifo]);
    // Another process writes: the CLI reads synchronously, so a writer in this one would wait forever.
    const writer = spawn('sh', ['-c', `printf '        .org 16\\n        halt\\n' > '${fifo}'`]);
    const r = await runCli('run', 'pg74', fifo);
    writer.kill();
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^pg74: halted after 1 steps/);
    const a = await runCli('asm', 'pg74', 'examples/pg74/os.s', '-o', '/dev/null');
    expect(a.code).toBe(0);
  });
});
