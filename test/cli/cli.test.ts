import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/index.js';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vmcheck-cli-'));

describe('vmcheck list', () => {
  test('lists every bundled ISA with its summary', async () => {
    const r = await runCli('list');
    expect(r.code).toBe(0);
    for (const name of ['pg74', 'pg74-jrst', 'pg74-lra', 'pg74-mode']) expect(r.out).toMatch(new RegExp(`^${name} `, 'm'));
    expect(r.out).toContain('PDP-10 JRST 1');
    // The long checks, which check --all leaves out, are marked; the others are not.
    expect(r.out).toMatch(/^vax +\d+ instructions  \[long check\] /m);
    expect(r.out).toMatch(/^rv32 +\d+ instructions  RISC-V/m);
  });
});

describe('vmcheck run', () => {
  test('runs the example OS to its halt and prints the final state', async () => {
    const r = await runCli('run', 'pg74', 'examples/pg74/os.s', '--dump', '0x1000:4');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pg74: halted after \d+ steps/);
    expect(r.out).toContain('mode s (supervisor)');
  });

  test('the example OS serves calls, counts one memory trap and one refused privileged instruction, and exits 7', async () => {
    const r = await runCli('run', 'pg74', 'examples/pg74/os.s', '--json');
    expect(r.code).toBe(0);
    const state = JSON.parse(r.out) as { reason: string; storage: [number, number][] };
    const { symbols } = await import('../../asm/index.js').then((m) =>
      m.assemble(pg74, readFileSync('examples/pg74/os.s', 'utf8'), 'os.s'),
    );
    const cell = (a: number) => state.storage.find(([p]) => p === a)?.[1] ?? 0;
    expect(state.reason).toBe('halted');
    expect(cell(symbols.status!)).toBe(7);
    expect(cell(symbols.faults!)).toBe(1);
    expect(cell(symbols.lastf!)).toBe(0x200);
    expect(cell(symbols.privs!)).toBe(1);
    expect([0, 1, 2].map((i) => cell(symbols.out! + i))).toEqual([55, 720, 0x1234]);
  });

  test('--trace prints one JSON object per step', async () => {
    const r = await runCli('run', 'pg74', 'examples/pg74/os.s', '--trace');
    const lines = r.out.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(20);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ step: 0, pc: 16, mnemonic: 'LPSW' });
    expect(lines.some((l) => (JSON.parse(l) as { trap?: { name: string } }).trap?.name === 'svc')).toBe(true);
  });

  test('a program that never halts stops at --steps with exit 3 and says so', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'loop.s'), '        .org 16\nloop:   jmp loop\n');
    const r = await runCli('run', 'pg74', join(dir, 'loop.s'), '--steps', '1000');
    expect(r.code).toBe(3);
    expect(r.err).toContain('did not halt within 1000 steps');
  });

  test('an assembly error names file, line and column, exits 2, and prints no stack', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.s');
    writeFileSync(file, '        .org 16\n        lod r1, 5(r0)\n');
    const r = await runCli('run', 'pg74', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2:9`);
    expect(r.err).toContain("'lod'");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('an unknown ISA is a usage error listing the bundled ones', async () => {
    const r = await runCli('run', 'pg75', 'examples/pg74/os.s');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown ISA 'pg75'");
    expect(r.err).toContain('pg74-jrst');
  });

  test('a bad flag value is a usage error', async () => {
    const r = await runCli('run', 'pg74', 'examples/pg74/os.s', '--steps', 'many');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--steps expects a non-negative integer, not 'many'");
  });

  test('runs an ISA read from a JSON file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'pg74.json'), JSON.stringify(pg74));
    const r = await runCli('run', join(dir, 'pg74.json'), 'examples/pg74/os.s');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pg74: halted/);
  });

  test('a malformed JSON ISA reports every problem with its path and exits 2', async () => {
    const dir = tmp();
    const bad = JSON.parse(JSON.stringify(pg74)) as { instructions: { semantics: unknown[] }[]; state: { pc: string } };
    bad.state.pc = 'PQ';
    bad.instructions[0]!.semantics = [{ kind: 'assign', target: { kind: 'reg', name: 'NOPE' }, value: { kind: 'const', width: 32, value: 1 } }];
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await runCli('run', join(dir, 'bad.json'), 'examples/pg74/os.s');
    expect(r.code).toBe(2);
    expect(r.err).toContain('state.pc');
    expect(r.err).toContain('instructions[0].semantics[0].target (LDI)');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('runs an ISA written in TypeScript', async () => {
    const r = await runCli('run', 'examples/extension/pg74-uclock.ts', 'examples/pg74/os.s');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^pg74-uclock: halted/);
  });
});

describe('vmcheck asm and disasm', () => {
  test('an image written by asm disassembles to source that assembles to the same image', async () => {
    const dir = tmp();
    const image = join(dir, 'os.json');
    expect((await runCli('asm', 'pg74', 'examples/pg74/os.s', '-o', image)).code).toBe(0);
    const text = await runCli('disasm', 'pg74', image);
    expect(text.code).toBe(0);
    writeFileSync(join(dir, 'again.s'), text.out + '\n');
    const image2 = join(dir, 'again.json');
    expect((await runCli('asm', 'pg74', join(dir, 'again.s'), '-o', image2)).code).toBe(0);
    const segs = (p: string) => (JSON.parse(readFileSync(p, 'utf8')) as { segments: unknown }).segments;
    expect(segs(image2)).toEqual(segs(image));
  });

  test('asm prints a listing with addresses and cells', async () => {
    const r = await runCli('asm', 'pg74', 'examples/pg74/os.s');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^00000010 {2}51000\w{3}/m);
  });
});

describe('help and usage', () => {
  test.each(['check', 'list', 'run', 'asm', 'disasm', 'vmm', 'fuzz'])('%s --help describes the command', async (cmd) => {
    const r = await runCli(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`usage: vmcheck ${cmd}`);
  });

  test('an unknown command is a usage error', async () => {
    const r = await runCli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  test('a wrong number of arguments is a usage error', async () => {
    const r = await runCli('run', 'pg74');
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected 2 arguments, got 1');
  });
});

describe('vmcheck vmm and fuzz', () => {
  test('the example OS runs nested three deep to the same final state as bare, its user program directly', async () => {
    const bare = JSON.parse((await runCli('run', 'pg74', 'examples/pg74/os.s', '--json')).out) as { registers: unknown; files: unknown };
    const r = await runCli('vmm', 'pg74', 'examples/pg74/os.s', '--depth', '3', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as {
      reason: string;
      guests: { state: { registers: unknown; files: unknown }; statistics: { direct: number; steps: number } }[];
      levels: unknown[];
    };
    expect(result.reason).toBe('halted');
    expect(result.levels).toHaveLength(3);
    expect(result.guests[0]!.state.registers).toEqual(bare.registers);
    expect(result.guests[0]!.state.files).toEqual(bare.files);
    const s = result.guests[0]!.statistics;
    expect(s.direct / s.steps).toBeGreaterThan(0.9);
  });

  test('vmm prints the statistics for people', async () => {
    const r = await runCli('vmm', 'pg74', 'examples/pg74/os.s', '--hybrid');
    expect(r.code).toBe(0);
    expect(r.out).toContain('pg74 under the hybrid monitor: halted');
    expect(r.out).toMatch(/\d+ interpreted/);
  });

  test('fuzz finds and shrinks the JRU counterexample on pg74-jrst, with a seed that replays', async () => {
    const r = await runCli('fuzz', 'pg74-jrst', '--runs', '300', '--seed', '7');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/jru .*; <-- culprit/);
    const replay = /--seed (-?\d+) --path (\S+)/.exec(r.out);
    expect(replay).not.toBeNull();
    const again = await runCli('fuzz', 'pg74-jrst', '--seed', replay![1]!, '--path', replay![2]!, '--runs', '1');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/jru .*; <-- culprit/);
  });

  test('fuzz finds no difference on pg74 under the hybrid monitor', async () => {
    const r = await runCli('fuzz', 'pg74', '--runs', '50', '--hybrid', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('no difference in 50 programs');
  });

  test('--path without --seed is a usage error', async () => {
    const r = await runCli('fuzz', 'pg74', '--path', '0:1');
    expect(r.code).toBe(2);
  });
});
