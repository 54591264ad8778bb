/**
 * The PDP-10 (KA10) under the monitor. The map is described (it reads the mode), so the monitor
 * runs its one guest virtual = real, and runs virtual executive mode directly exactly while the
 * user map is the identity over all of storage (PL = 377, RL = 0), as the example monitor sets it.
 *
 * - The example monitor (examples/pdp10/os.s): under the plain monitor its executive code runs in
 *   real user mode, and the first instruction that tells is its PUSHJ, whose saved PC word has
 *   USER set; its JRST 1 then changes nothing, the program runs on in virtual executive mode and
 *   its CONO APR is executed instead of refused. Under the hybrid monitor (virtual executive mode
 *   interpreted) it runs as bare, step for step.
 * - JRST 1 alone (the literature's PDP-10 finding): the plain monitor's guest stays in executive mode.
 * - Theorem 3's violators here all read or write User I/O in user mode: a guest that grants User
 *   I/O to its program sees it cleared in the PC word its program's JSP saves, under the hybrid
 *   monitor too (the monitor holds the real USERIO at 0: its configuration).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram, type Program } from '../../asm/index.js';
import { Machine } from '../../machine/index.js';
import { pdp10 } from '../../spec/isa/index.js';
import { buildStack, checkEquivalence, guestCellsFor } from '../../vmm/index.js';

const CONSOLE = 0o777777;
const kernel = assemble(pdp10, readFileSync(new URL('../../examples/pdp10/os.s', import.meta.url), 'utf8'));

function underMonitor(program: Program, hybrid: boolean): { out: string; halted: boolean } {
  const stack = buildStack(pdp10, { guestCells: guestCellsFor(pdp10, program), hybrid, reserve: 0 });
  const guest = stack.guests[0]!;
  loadProgram(program, guest);
  let out = '';
  guest.watchStores(CONSOLE, 1, (_, g) => (out += String.fromCharCode(g.readCell(CONSOLE))));
  const r = guest.run(10_000);
  return { out, halted: r.reason === 'halted' };
}

function compare(program: Program, hybrid: boolean) {
  const cells = guestCellsFor(pdp10, program);
  const bare = new Machine(pdp10, { storageCells: cells });
  loadProgram(program, bare);
  return checkEquivalence(pdp10, bare.snapshot(), cells, { maxSteps: 10_000, hybrid, reserve: 0 });
}

/** A guest: trap locations 40/41 (JSR 100, then a halt at 101), the identity user map, then `body` at 1000. */
const guest = (body: string) =>
  assemble(pdp10, `.org 0o41\njsr ac0, 0o100(ac0)\n.org 0o101\nhalt 0(ac0)\n.org 0o1000\ndatao apr, map(ac0)\n${body}\nmap: .word 0o776000000000\n`);

describe('the example monitor under the monitor', () => {
  test('hybrid: the same output as bare, and every step agrees', () => {
    expect(underMonitor(kernel, true)).toEqual({ out: 'boot x\nhello\n!\nuser u\nbye\n', halted: true });
    const r = compare(kernel, true);
    expect([r.ok, r.reason]).toEqual([true, 'halted']);
  });

  test('plain: the executive code runs in real user mode — PUSHJ saves USER = 1, JRST 1 does not leave executive mode', () => {
    expect(underMonitor(kernel, false)).toEqual({ out: 'boot u\nhello\nuser u\nbye\n', halted: true });
    const d = compare(kernel, false).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['PUSHJ', 0]);
    // The PC word pushed: bare FLAGS = 0, under the monitor USER (bit 12 of the left half).
    const pushed = d.differences.find((x) => x.what.startsWith('cell '))!;
    expect(Number(pushed.virtual) - Number(pushed.bare)).toBe((1 << 12) * 2 ** 18);
  });
});

describe('the literature’s instruction and Theorem 3’s', () => {
  test('JRST 1 in virtual executive mode, run directly, leaves the guest in executive mode (plain monitor); hybrid is right', () => {
    const program = guest('jrst1 u(ac0)\nu: calli ac0, 0(ac0)');
    const d = compare(program, false).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['JRST1', 0]);
    expect(d.differences.map((x) => x.what)).toContain('register FLAGS.USER');
    const r = compare(program, true);
    expect([r.ok, r.reason]).toEqual([true, 'halted']);
  });

  test('a program granted User I/O sees USERIO cleared in the PC word its JSP saves under the hybrid monitor; the plain one already fails at JRSTF', () => {
    const program = guest('movsi ac1, 0o14000(ac0)\nhrri ac1, u(ac0)\njrstf 0(ac1)\nu: jsp ac2, v(ac0)\nv: calli ac0, 0(ac0)');
    const d = compare(program, true).divergence!;
    expect([d.culprit?.mnemonic, d.culprit?.mode]).toEqual(['JSP', 1]);
    const ac2 = d.differences.find((x) => x.what === 'ac2')!;
    expect(Number(ac2.bare) - Number(ac2.virtual)).toBe((1 << 11) * 2 ** 18);
    // Plain: JRSTF runs directly in real user mode, where it cannot set USER: the guest stays in executive mode.
    const p = compare(program, false).divergence!;
    expect([p.culprit?.mnemonic, p.culprit?.mode]).toEqual(['JRSTF', 0]);
  });
});
