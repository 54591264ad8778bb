/**
 * `vmcheck run` and `vmcheck vmm` on assembly programs print what the program writes to the
 * description's console devices, a line at a time, before the final state (as they do for
 * executables); `--json` prints only its JSON.
 */
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const lines = ['R3000 kernel: entering user mode', 'hello from user mode', '55', 'kernel: user CP0 use refused (CpU)', 'kernel: address error at 2147483648 refused (AdEL)', '720', 'kernel: exit'];

describe('console output of assembly programs', () => {
  test('run prints the console lines, then the final state', async () => {
    const r = await runCli('run', 'mips', 'examples/mips/os.s');
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.slice(0, lines.length)).toEqual(lines);
    expect(out[lines.length]).toMatch(/^mips: halted after \d+ steps$/);
  });

  test('vmm prints the guest’s console lines', async () => {
    const r = await runCli('vmm', 'mips', 'examples/mips/os.s');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, lines.length)).toEqual(lines);
    expect(r.out).toMatch(/^mips under the monitor: halted$/m);
  });

  test('--json prints JSON alone', async () => {
    const r = await runCli('run', 'mips', 'examples/mips/os.s', '--json');
    expect(() => JSON.parse(r.out)).not.toThrow();
  });
});
