/**
 * The example kernel (examples/m68k/os.s) under the monitor. On the 68010 it runs as bare under
 * the plain and the hybrid monitor. On the 68000 the plain monitor goes wrong at the kernel's own
 * MOVE from SR — run in real user mode, it reads S = 0 and the kernel prints "boot u" — and the
 * hybrid monitor, which interprets virtual supervisor mode, goes wrong later, at the user
 * program's MOVE from SR, which runs directly and reads the real interrupt mask (the monitor's),
 * not the guest's: the user-system sensitivity that makes Theorem 3 fail too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../asm/index.js';
import { Machine } from '../../machine/index.js';
import { m68000, m68010 } from '../../spec/isa/index.js';
import type { IsaDescription } from '../../spec/index.js';
import { buildStack, checkEquivalence, guestCellsFor } from '../../vmm/index.js';

const source = readFileSync(new URL('../../examples/m68k/os.s', import.meta.url), 'utf8');
const CONSOLE = 0x400;

/** The kernel's console output and its end, under the monitor (plain or hybrid). */
function underMonitor(isa: IsaDescription, hybrid: boolean): { out: string; halted: boolean } {
  const program = assemble(isa, source);
  const stack = buildStack(isa, { guestCells: guestCellsFor(isa, program), hybrid });
  const guest = stack.guests[0]!;
  loadProgram(program, guest);
  let out = '';
  guest.watchStores(CONSOLE, 1, (_, g) => (out += String.fromCharCode(g.readCell(CONSOLE))));
  const r = guest.run(10_000);
  return { out, halted: r.reason === 'halted' };
}

function compare(isa: IsaDescription, hybrid: boolean) {
  const program = assemble(isa, source);
  const cells = guestCellsFor(isa, program);
  const bare = new Machine(isa, { storageCells: cells });
  loadProgram(program, bare);
  return checkEquivalence(isa, bare.snapshot(), cells, { maxSteps: 10_000, hybrid });
}

describe('the m68k kernel under the monitor', () => {
  test.each([false, true])('m68010 (hybrid %s): the same output as bare, and every step agrees', (hybrid) => {
    expect(underMonitor(m68010, hybrid)).toEqual({ out: 'boot s\nhello\n!!u\nbye\n', halted: true });
    const r = compare(m68010, hybrid);
    expect([r.ok, r.reason]).toEqual([true, 'halted']);
  });

  test('m68000, plain monitor: the kernel’s MOVE from SR reads the real S bit and the kernel thinks it runs in user mode', () => {
    expect(underMonitor(m68000, false)).toEqual({ out: 'boot u\nhello\n!u\nbye\n', halted: true });
    const d = compare(m68000, false).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['MOVE_SR_Dn', 1]);
    expect(d.differences.map((x) => x.what)).toEqual(['d2']);
  });

  test('m68000, hybrid monitor: the kernel is interpreted, but the user program’s MOVE from SR reads the monitor’s interrupt mask', () => {
    expect(underMonitor(m68000, true)).toEqual({ out: 'boot s\nhello\n!u\nbye\n', halted: true });
    const d = compare(m68000, true).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['MOVE_SR_Dn', 0]);
    const d3 = d.differences.find((x) => x.what === 'd3')!;
    // Bare: SR = 0x0004 (Z) in user mode with the mask the kernel set (0); under the monitor the real mask.
    expect(Number(d3.bare)).toBe(4);
    expect(Number(d3.virtual) & 0x0700).not.toBe(0);
  });
});
