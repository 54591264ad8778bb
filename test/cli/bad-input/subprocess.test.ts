/**
 * Bad inputs that need a process of their own: memory (each run under a 512 MB heap, where an
 * out-of-memory abort is an exit code of its own), exit codes and stack traces through bin.js,
 * and inputs of about 1 MB. The CLI is the built one (dist/, rebuilt here first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pg74 } from '../../../spec/index.js';
import { buildElf, CODE } from '../../loader/elf-builder.js';
import { literal } from './case.js';

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-bad-input-process-'));
const at = (name: string) => join(dir, name);

beforeAll(() => {
  // Build what bin.js runs: a stale dist/ would test yesterday's CLI.
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProcessCase {
  name: string;
  argv: string[];
  files?: Record<string, string | Uint8Array>;
  code: number;
  message: RegExp;
  env?: Record<string, string>;
}

const code = { place: CODE, data: [0x6f, 0, 0, 0] }; // j . (an endless loop)
const tohost = [{ name: 'tohost', value: CODE + 0x1000 }];
const program = '        .org 16\n        halt\n';
const MB = 2 ** 20;

/** pg74 with copies of its first instruction, about 1 MB of JSON: every copy overlaps every other. */
function overlappingCopies(): string {
  const d = JSON.parse(JSON.stringify(pg74)) as { instructions: { mnemonic: string }[] };
  const one = JSON.stringify(d.instructions[0]).length;
  d.instructions = Array.from({ length: Math.floor(MB / one) }, (_, i) => ({ ...d.instructions[0]!, mnemonic: `X${i}` }));
  return JSON.stringify(d);
}

const cases: ProcessCase[] = [
  {
    name: 'elf-64-mib-zero-fill-outside-ram',
    files: { 'p.elf': buildElf({ segments: [code, { place: 0x10000000, data: [], memsz: 2 ** 26 }], symbols: tohost }) },
    argv: ['run', 'rv32', '@p.elf'],
    code: 2,
    message: /p\.elf: the segment at 0x10000000 \(67108864 cells\) does not lie in rv32's storage/,
  },
  {
    name: 'elf-eight-64-mib-zero-fills-outside-ram',
    files: { 'p.elf': buildElf({ segments: [code, ...Array.from({ length: 8 }, (_, i) => ({ place: 0x4000000 * i + 0x100, data: [], memsz: 2 ** 26 - 0x200 }))], symbols: tohost }) },
    argv: ['run', 'rv32', '@p.elf'],
    code: 2,
    message: /p\.elf: the segment at 0x100 \(67108352 cells\) does not lie in rv32's storage/,
  },
  {
    name: 'elf-60-mib-bss-inside-ram-runs-in-bounded-memory',
    files: { 'p.elf': buildElf({ segments: [code, { place: CODE + 0x100000, data: [], memsz: 60 * MB }], symbols: tohost }) },
    argv: ['run', 'rv32', '@p.elf', '--ram', '62M', '--steps', '1000'],
    code: 3,
    message: /p\.elf did not write tohost within 1000 steps/,
  },
  {
    name: 'vmm-rv32-32-mib-of-ram-runs-in-bounded-memory',
    files: { 'p.elf': buildElf({ segments: [code], symbols: tohost }) },
    argv: ['vmm', 'rv32', '@p.elf', '--ram', '32M', '--steps', '1000'],
    code: 3,
    message: /p\.elf did not write tohost within 1000 steps/,
  },
  { name: 'asm-one-mb-of-errors', files: { 'p.s': 'frob r1\n'.repeat(MB / 8) }, argv: ['run', 'pg74', '@p.s'], code: 2, message: /p\.s:1:1: unknown mnemonic 'frob'[^]*… and \d+ more errors/ },
  { name: 'asm-one-mb-of-nul-bytes', files: { 'p.s': new Uint8Array(MB) }, argv: ['run', 'pg74', '@p.s'], code: 2, message: /p\.s: a binary file/ },
  { name: 'json-one-mb-of-overlapping-copies', files: { 'isa.json': overlappingCopies() }, argv: ['run', '@isa.json', '@p.s'], code: 2, message: /isa\.json: \d+ problems in the ISA description[^]*encoding overlaps[^]*… and \d+ more/ },
  {
    name: 'json-expression-nested-fifty-thousand-deep',
    files: { 'isa.json': JSON.stringify({ ...JSON.parse(JSON.stringify(pg74)), summary: 'DEEP' }).replace('"DEEP"', '{"kind":"not","arg":'.repeat(50_000) + '0' + '}'.repeat(50_000)) },
    argv: ['run', '@isa.json', '@p.s'],
    code: 2,
    message: /isa\.json: /,
  },
  { name: 'image-one-mb-of-cells-beyond-storage', files: { 'p.json': JSON.stringify({ format: 'vmcheck-image/1', segments: [{ place: 0, cells: new Array(MB / 2).fill(0) }] }) }, argv: ['run', 'pg74', '@p.json'], code: 2, message: /p\.json: segment 0 \(524288 cells at 0\) lies beyond pg74's storage of 65536 cells/ },
  { name: 'vmm-depth-thousand', argv: ['vmm', 'pg74', '@p.s', '--depth', '1000'], code: 2, message: /--depth 1000: at most 256 monitors nest/ },
  { name: 'fuzz-path-malformed', argv: ['fuzz', 'pg74', '--seed', '1', '--path', 'zz'], code: 2, message: /--path expects the path a failure printed/ },
  { name: 'image-segment-null', files: { 'p.json': '{"format":"vmcheck-image/1","segments":[null]}' }, argv: ['run', 'pg74', '@p.json'], code: 2, message: /p\.json: segments\[0\]: expected an object/ },
  { name: 'program-is-a-directory', argv: ['run', 'pg74', dir], code: 2, message: new RegExp(`${literal(dir)}: is a directory; expected`) },
  { name: 'no-command', argv: [], code: 2, message: /usage: vmcheck <command>/ },
  {
    name: 'ts-description-that-never-finishes-loading-stops-at-its-time-limit',
    files: { 'isa.ts': 'for (;;) {}\nexport const isa = {};\n' },
    argv: ['run', '@isa.ts', '@p.s'],
    env: { VMCHECK_MODULE_TIMEOUT_MS: '2000' },
    code: 2,
    message: /isa\.ts: cannot load: it did not finish within 2 s/,
  },
  {
    name: 'ts-description-whose-heap-grows-without-bound-stops-at-512-mb',
    files: { 'isa.ts': 'const a: number[][] = [];\nfor (;;) a.push(new Array(1e6).fill(1));\nexport const isa = {};\n' },
    argv: ['run', '@isa.ts', '@p.s'],
    code: 2,
    message: /isa\.ts: cannot load: it needed more than 512 MB of heap/,
  },
  { name: 'program-that-never-halts-stops-at-its-budget', files: { 'loop.s': '        .org 16\nloop:   jmp loop\n' }, argv: ['run', 'pg74', '@loop.s'], code: 3, message: /loop\.s did not halt within 100000000 steps/ },
];

describe('bad inputs in a process of their own (512 MB heap)', () => {
  for (const c of cases)
    test(c.name, () => {
      writeFileSync(at('p.s'), program);
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(at(name), content);
      const argv = c.argv.map((a) => (a.startsWith('@') ? at(a.slice(1)) : a));
      const start = performance.now();
      const r = spawnSync(process.execPath, ['--max-old-space-size=512', 'dist/cli/bin.js', ...argv], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ...c.env } });
      const seconds = (performance.now() - start) / 1000;
      expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
      expect(r.stderr).toMatch(c.message);
      expect(r.status, `exit status (signal ${r.signal})`).toBe(c.code);
      // 5 s for the input, and up to 3 s more for starting Node and collecting garbage while the
      // rest of the suite keeps both cores busy (6.4 s was seen once for the 512 MB heap case).
      expect(seconds).toBeLessThan(8);
    }, 20_000);
});
