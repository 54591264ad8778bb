/**
 * `vmcheck vmm --compare`: the program bare and under the monitor, a step at a time, and the first
 * step after which they differ — the instruction, its mode, the differences — or that none did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-compare-'));
/** The supervisor reads the mode with RMODE (unprivileged on pg74-mode) and halts. */
const readsMode = join(dir, 'reads-mode.s');
writeFileSync(readsMode, '        .org 16\n        rmode r1\n        halt\n');

describe('vmcheck vmm --compare', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a guest that runs as on the bare machine: exit 0, and how many steps agreed', async () => {
    const r = await runCli('vmm', 'pg74', 'examples/pg74/os.s', '--compare');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pg74: examples\/pg74\/os\.s under the monitor agrees with the bare machine after each of its \d+ steps \(halted\)$/);
  });

  test('pg74-mode: the supervisor reads the real mode with RMODE, and the first difference names it', async () => {
    const r = await runCli('vmm', 'pg74-mode', readsMode, '--compare');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/diverges from the bare machine at step 1: rmode r1 at 0x10 in \w+ \(supervisor\)/);
    expect(r.out).toMatch(/^ {2}r1: bare 1, under the monitor 0$/m);
  });

  test('the hybrid monitor interprets supervisor mode, so the same program agrees (Theorem 3 holds)', async () => {
    const r = await runCli('vmm', 'pg74-mode', readsMode, '--compare', '--hybrid');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/under the hybrid monitor agrees/);
  });

  test('--json reports the divergence as data', async () => {
    const r = await runCli('vmm', 'pg74-mode', readsMode, '--compare', '--json');
    const j = JSON.parse(r.out) as { ok: boolean; divergence: { step: number; culprit: { mnemonic: string } } };
    expect(j.ok).toBe(false);
    expect(j.divergence.step).toBe(1);
    expect(j.divergence.culprit.mnemonic).toBe('RMODE');
  });

  test('an executable, or several guests, is refused with what to do instead', async () => {
    const r = await runCli('vmm', 'pg74', 'examples/pg74/os.s', '--compare', '--guests', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--compare runs one guest: --guests must be 1/);
  });
});
