/**
 * Repair what-if (`check --suggest-fix`): the violators made to trap in user mode, checked again.
 * On the 68000 in miniature it derives the 68010's change; on pg74-jrst and pg74-lra the PDP-10's
 * and the 360/67's missing privilege checks; nothing where the theorems hold.
 */
import { describe, expect, test } from 'vitest';
import { checkIsa, suggestFixes } from '../../proofs/index.js';
import { pg74 } from '../../spec/index.js';
import { sr8 } from '../machine/status-register-isa.js';
import { runCli } from '../cli/run-cli.js';

describe('repair what-if', () => {
  test('the 68000 in miniature: making MOVE from SR trap in user mode — the 68010 change — makes it virtualizable', async () => {
    const fixes = await suggestFixes(sr8, await checkIsa(sr8));
    expect(fixes.map((f) => [f.theorem, f.changed, f.variant?.status, f.variant?.verdict])).toEqual([
      [1, ['MVFSR'], 'holds', 'virtualizable'],
      [3, ['MVFSR'], 'holds', 'virtualizable'],
    ]);
    const fixed = fixes[0]!.variant!.report.instructions.find((i) => i.mnemonic === 'MVFSR')!;
    expect(fixed.derived).toBe('privileged');
    // The other instructions keep their classes.
    const before = (await checkIsa(sr8)).instructions.filter((i) => i.mnemonic !== 'MVFSR').map((i) => [i.mnemonic, i.derived]);
    expect(fixes[0]!.variant!.report.instructions.filter((i) => i.mnemonic !== 'MVFSR').map((i) => [i.mnemonic, i.derived])).toEqual(before);
  }, 120_000);

  test('where a theorem holds there is nothing to change, and no variant is checked', async () => {
    const fixes = await suggestFixes(pg74, await checkIsa(pg74));
    expect(fixes).toEqual([
      { theorem: 1, changed: [], status: 'holds', why: '' },
      { theorem: 3, changed: [], status: 'holds', why: '' },
    ]);
  }, 120_000);

  test('the command line: pg74-jrst needs JRU privileged for Theorem 1, and Theorem 3 already holds', async () => {
    const r = await runCli('check', 'pg74-jrst', '--suggest-fix', '--no-cache');
    expect(r.out).toMatch(/Repair what-if for pg74-jrst .*\n {2}Theorem 1: make JRU privileged -> Theorem 1 holds \(virtualizable\); that suffices\n {2}Theorem 3: holds already; nothing to change/);
    const bad = await runCli('check', 'pg74-jrst', '--suggest-fix', '--format', 'json');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--suggest-fix prints text after the report/);
  }, 120_000);
});
