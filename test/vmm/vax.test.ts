/**
 * The example VAX kernel (examples/vax/os.s, MAPEN = 0) under the monitor. Theorem 1 fails on the
 * VAX, and the plain trap-and-emulate monitor shows it: with memory management off the map cannot
 * tell kernel from user, so the guest's kernel runs directly in real user mode, where MOVPSL reads
 * the real PSL. The hybrid monitor interprets virtual kernel mode and runs the user program
 * directly: it ends exactly as the bare run (the user program uses none of the user-sensitive
 * instructions). The console output of an assembly program is printed by `run` and `vmm`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { vax } from '../../spec/index.js';
import { runUnderMonitor } from '../../vmm/index.js';
import { runCli } from '../cli/run-cli.js';

const path = join(import.meta.dirname, '../../examples/vax/os.s');
const source = readFileSync(path, 'utf8');
const expected = [
  'VAX kernel: running in kernel mode',
  'user: hello from user mode',
  'user: 1 + 2 + ... + 10 = 55',
  '[kernel: privileged instruction refused]',
  'user: still here',
  'kernel: user program exited',
];

describe('the example kernel under the monitor', () => {
  test('bare, `run` prints the kernel’s and the user program’s console output and halts', async () => {
    const r = await runCli('run', 'vax', path);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, expected.length)).toEqual(expected);
  });

  test('under the plain monitor the guest kernel runs in real user mode and MOVPSL gives it away: it finds itself outside kernel mode', () => {
    const r = runUnderMonitor(vax, source);
    expect(r.guests[0]!.output).toBe('VAX kernel: not in kernel mode!\n');
    expect(r.guests[0]!.statistics.direct).toBeGreaterThan(100);
  });

  test('`vmm --compare` names the first divergence: MOVPSL in virtual kernel mode, reading the real mode bits', async () => {
    const r = await runCli('vmm', 'vax', path, '--compare');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/diverges from the bare machine at step \d+: movpsl r2 at 0x228 in kernel \(supervisor\)/);
    expect(r.out).toMatch(/r2: bare 69140484, under the monitor 62914564/); // 041F0004 (kernel, IS, IPL 1F) against 03C00004 (user, user)
  });

  test('under the hybrid monitor the guest ends as the bare run: kernel interpreted, the user program direct, its CHMKs and the privileged fault reflected', async () => {
    const r = runUnderMonitor(vax, source, { hybrid: true });
    expect(r.reason).toBe('halted');
    expect(r.guests[0]!.output).toBe(expected.join('\n') + '\n');
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(50);
    expect(s.reflected).toBe(8);
    expect(s.guestTraps).toEqual({ chmk: 7, privileged: 1 });
    const c = await runCli('vmm', 'vax', path, '--compare', '--hybrid');
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/under the hybrid monitor agrees with the bare machine after each of its \d+ steps \(halted\)/);
    const v = await runCli('vmm', 'vax', path, '--hybrid');
    expect(v.out.split('\n').slice(0, expected.length)).toEqual(expected);
  });
});
