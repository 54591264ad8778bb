/**
 * armv7a under the monitor. Theorem 1 fails (CPS, MSR and MRS of the CPSR do not trap at PL0),
 * so the example kernel, run in virtual Supervisor mode on real User mode, goes wrong under the
 * plain monitor at its first CPS; the hybrid monitor interprets virtual PL1 and runs the kernel
 * exactly as the bare machine does. Theorem 3 fails too, on MRS alone (user-system-sensitive: at
 * PL0 it reads the real A, I, F masks): a user program that reads the CPSR goes wrong under the
 * hybrid monitor as well.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { armv7a } from '../../spec/index.js';
import { assemble, loadProgram } from '../../asm/index.js';
import { Machine } from '../../machine/index.js';
import { checkEquivalence, guestCellsFor, runUnderMonitor } from '../../vmm/index.js';

const kernel = assemble(armv7a, readFileSync('examples/armv7a/os.s', 'utf8'));
const cells = guestCellsFor(armv7a, kernel);

/** The kernel bare and under the monitor, a step at a time (as `vmm --compare`). */
function compare(program: typeof kernel, hybrid: boolean) {
  const bare = new Machine(armv7a, { storageCells: cells });
  loadProgram(program, bare);
  return checkEquivalence(armv7a, bare.snapshot(), cells, { maxSteps: 5_000, hybrid, reserve: 0 });
}

describe('armv7a under the monitor', () => {
  test('plain trap-and-emulate: the kernel diverges at its first CPS, a NOP at real PL0', () => {
    const r = compare(kernel, false);
    expect(r.ok).toBe(false);
    const d = r.divergence!;
    expect(d.step).toBe(3);
    expect(d.culprit?.mnemonic).toBe('CPS');
    expect(d.culprit?.mode).toBe(0x13); // virtual Supervisor mode
    expect(d.differences.map((x) => x.what)).toContain('register CPSR.M');
  });

  test('hybrid: every step of the kernel and its user program agrees with the bare machine, to the halt', () => {
    const r = compare(kernel, true);
    expect(r.ok).toBe(true);
    expect(r.reason).toBe('halted');
  });

  test('hybrid: the guest prints what the bare kernel prints, and its user program ran directly', () => {
    let out = '';
    const r = runUnderMonitor(armv7a, kernel, { hybrid: true, maxSteps: 100_000, onOutput: (_g, ch) => (out += ch) });
    expect(r.reason).toBe('halted');
    expect(out).toContain('user: hello\n00000037\nkernel: undefined instruction, skipped\nkernel: data abort at 20000000\n');
    expect(out.endsWith('kernel: user exit, status 00000007\n')).toBe(true);
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(40); // the user program's loop
    expect(s.guestTraps).toMatchObject({ svc: 3, privileged: 1, dataAbortRead: 1 });
  });

  test('Theorem 3 fails on MRS: a user program that reads the CPSR sees the real masks under the hybrid monitor', () => {
    const program = assemble(
      armv7a,
      [
        '        .org 0',
        '        b reset - . - 8',
        'reset:  mov r0, #0x10           ; User mode, A, I, F clear',
        '        msr spsr, fsxc, r0',
        '        movw lr, #user',
        '        movs pc, lr, lsl #0',
        'user:   mrs r1, cpsr',
        '        wfi',
      ].join('\n'),
    );
    const r = compare(program, true);
    expect(r.ok).toBe(false);
    expect(r.divergence!.culprit?.mnemonic).toBe('MRS');
    expect(r.divergence!.culprit?.mode).toBe(0x10);
    expect(r.divergence!.differences.find((x) => x.what === 'r1')?.bare).toBe('16');
  });
});
