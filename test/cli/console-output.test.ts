/**
 * `vmcheck run` and `vmcheck vmm` print what an assembly program stores to a console device, as
 * they do for an executable (armv7a's console is a byte at 0x101F1000); not with --json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vmcheck-console-'));
const hi = join(dir, 'hi.s');
writeFileSync(
  hi,
  ['movw r3, #0x1000', 'movt r3, #0x101f', 'mov r0, #104', 'strb r0, [r3, #0]', 'mov r0, #105', 'strb r0, [r3, #0]', 'mov r0, #10', 'strb r0, [r3, #0]', 'wfi'].map((l) => `        ${l}\n`).join(''),
);

describe('console output of assembly programs', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('run prints the characters stored to the console, before the final state', async () => {
    const r = await runCli('run', 'armv7a', hi);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual(['hi', 'armv7a: halted after 9 steps']);
  });

  test('vmm prints the guest’s console output too', async () => {
    const r = await runCli('vmm', 'armv7a', hi);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('hi');
  });

  test('--json output stays one JSON document', async () => {
    for (const cmd of ['run', 'vmm']) {
      const r = await runCli(cmd, 'armv7a', hi, '--json');
      expect(() => JSON.parse(r.out), cmd).not.toThrow();
    }
  });
});
