/**
 * The example x86 kernel (examples/x86/os.s) under the monitor. Theorem 1 fails on the x86, and
 * the plain trap-and-emulate monitor shows it: the guest kernel runs directly in real ring 3,
 * where its privileged instructions (LGDT, LTR, HLT) and its ring-0 segment loads trap and are
 * emulated, but MOV from CS — sensitive and unprivileged — reads the real CS, whose RPL is 3.
 * Theorem 3 fails too, on the user-sensitive instructions; the hybrid monitor runs this user
 * program, which uses none of them, exactly as the bare run — and a user program that executes
 * SGDT reads the monitor's GDTR instead of its kernel's.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { x86 } from '../../spec/index.js';
import { runUnderMonitor } from '../../vmm/index.js';
import { runCli } from '../cli/run-cli.js';

const path = join(import.meta.dirname, '../../examples/x86/os.s');
const source = readFileSync(path, 'utf8');
const expected = [
  'x86 kernel: running in ring 0',
  'user: hello from ring 3',
  'user: 3 + 4 = 7',
  '[kernel: #GP, instruction skipped]',
  'user: still here',
  'kernel: user program exited',
];

describe('the example x86 kernel under the monitor', () => {
  test('under the plain monitor the kernel runs in real ring 3: LGDT, LTR and the segment loads are emulated, and MOV from CS gives it away', () => {
    const r = runUnderMonitor(x86, source);
    expect(r.reason).toBe('halted');
    expect(r.guests[0]!.output).toBe('x86 kernel: not in ring 0!\n');
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(100);
    expect(Object.keys(s.byInstruction).filter((m) => s.byInstruction[m]!.emulated > 0)).toEqual(
      expect.arrayContaining(['LGDT', 'LIDT', 'LJMP', 'MOV.toDS', 'MOV.toSS', 'LTR', 'OUT', 'HLT']),
    );
  });

  test('`vmm --compare` names the first divergence: MOV from CS in virtual ring 0 reads the real RPL 3', async () => {
    const r = await runCli('vmm', 'x86', path, '--compare');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/diverges from the bare machine at step 12: mov eax, cs at 0x102f in ring0 \(supervisor\)/);
    expect(r.out).toMatch(/r0: bare 8, under the monitor 11/); // selector 0x08 with RPL 0, against RPL 3
  });

  test('under the hybrid monitor the guest ends as the bare run: ring 0 interpreted, the ring-3 program direct, its INT 0x80s and its #GP reflected', async () => {
    const r = runUnderMonitor(x86, source, { hybrid: true });
    expect(r.reason).toBe('halted');
    expect(r.guests[0]!.output).toBe(expected.join('\n') + '\n');
    const s = r.guests[0]!.statistics;
    expect(s.direct).toBeGreaterThan(10);
    expect(s.reflected).toBe(5);
    expect(s.guestTraps).toEqual({ INT: 4, GP: 1 });
    const c = await runCli('vmm', 'x86', path, '--compare', '--hybrid');
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/under the hybrid monitor agrees with the bare machine after each of its \d+ steps \(halted\)/);
    const v = await runCli('vmm', 'x86', path, '--hybrid');
    expect(v.out.split('\n').slice(0, expected.length)).toEqual(expected);
  });

  test('Theorem 3 fails: a ring-3 SGDT run directly by the hybrid monitor stores the real GDTR, not its kernel’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x86-sgdt-'));
    const variant = join(dir, 'os-sgdt.s');
    writeFileSync(variant, source.replace(/^user: {3}mov ebx, #greeting/m, 'user:   sgdt [ebx+0x100]\n        mov ebx, #greeting'));
    const r = await runCli('vmm', 'x86', variant, '--compare', '--hybrid');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/diverges from the bare machine at step \d+: sgdt \[ebx\+256\] at 0x0 in ring3 \(user\)/);
    expect(r.out).toMatch(/cell 16675: bare 0x2f, under the monitor 0xff/); // the GDT limit: the kernel's 0x2F against the real 0xFFFF
  });

  /**
   * A monitor gap this model exposed, now closed: INT n always traps — through the gate, or
   * #GP(n × 8 + 2) when the gate is missing or its DPL is below the CPL — so the checker finds it
   * innocuous (two trapping runs are alike, DESIGN.md §2 rule 1: the monitor re-derives the trap
   * on the virtual state). The dispatcher once re-derived only privileged-instruction traps and
   * reflected a supervisor-call trap as the real machine took it; which trap INT n takes depends
   * on the IDT the real IDTR names. Here the kernel's IDT has no gate 0x30 (bare: #GP(0x182)),
   * while the real IDTR (base 0) finds a DPL 3 gate. The dispatcher now re-derives every trap.
   */
  test('a ring-3 INT whose gate only the real IDT has ends, under the hybrid monitor, as the bare run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x86-int30-'));
    const variant = join(dir, 'os-int30.s');
    writeFileSync(
      variant,
      source
        .replace('        .org 0x100\ntss:', '        .org 0x30 * 8\n        .half fault, 0x08\n        .byte 0, 0xee\n        .half 0\n        .org 0x200\ntss:')
        .replace(/^user: {3}mov ebx, #greeting/m, 'user:   int 0x30\n        mov ebx, #greeting'),
    );
    const r = await runCli('vmm', 'x86', variant, '--compare', '--hybrid');
    expect(r.out).toMatch(/agrees with the bare machine/);
  });
});
