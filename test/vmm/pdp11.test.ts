/**
 * The example kernel (examples/pdp11/os.s) under the monitor. Its map is described, so the guest
 * runs virtual = real: its loads and stores of the I/O page reach the REAL PSW. With memory
 * management off the map does not depend on the mode, so the plain monitor runs the guest's
 * kernel directly in real user mode: the kernel's own read of the PSW at 177776 then sees user
 * mode and it prints "boot u" (and its later PSW writes and RTI, run directly, leave the monitor
 * with a wrong idea of the guest's mode: it stops at the user program's HALT). The hybrid monitor
 * interprets the guest's kernel and prints what the bare machine prints — but the user program's
 * own read of the PSW, run directly, reads the monitor's priority (7), not the guest's (0): the
 * user-mode sensitivity that makes Theorem 3 fail as well.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { pdp11 } from '../../spec/isa/index.js';
import { runUnderMonitor } from '../../vmm/index.js';
import { runCli } from '../cli/run-cli.js';

const path = join(import.meta.dirname, '../../examples/pdp11/os.s');
const source = readFileSync(path, 'utf8');

describe('the pdp11 kernel under the monitor', () => {
  test('plain monitor: the kernel, run in real user mode, reads the real PSW and thinks it runs in user mode', async () => {
    const r = runUnderMonitor(pdp11, source);
    expect(r.guests[0]!.output).toBe('boot u\nhello\n');
    const c = await runCli('vmm', 'pdp11', path, '--compare');
    expect(c.code).not.toBe(0);
    expect(c.out).toMatch(/diverges from the bare machine at step 27: mov @#0xfffe, r2 at 0x20c in kernel \(supervisor\)/);
    expect(c.out).toMatch(/r2: bare 228, under the monitor 61668/); // 000344 (kernel, priority 7, Z) against 170344 (user, previous user)
  });

  test('hybrid monitor: the kernel is interpreted and the output is the bare one, but the user program’s PSW read sees the monitor’s priority', async () => {
    const r = runUnderMonitor(pdp11, source, { hybrid: true });
    expect(r.reason).toBe('halted');
    expect(r.guests[0]!.output).toBe('boot k\nhello\n!u\nbye\n');
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(20);
    expect(s.interpreted).toBeGreaterThan(50);
    const c = await runCli('vmm', 'pdp11', path, '--compare', '--hybrid');
    expect(c.code).not.toBe(0);
    expect(c.out).toMatch(/diverges from the bare machine at step \d+: mov @#0xfffe, r3 at 0x272 in user \(user\)/);
    expect(c.out).toMatch(/r3: bare 61444, under the monitor 61668/); // 170004 against 170344: the real priority is the monitor's 7
  });
});
