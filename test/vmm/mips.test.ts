/**
 * The monitor on mips (the R3000): its guest runs virtual = real. Virtual user mode runs directly
 * in real user mode under the guest's own TLB; virtual kernel mode never can, because the kernel
 * segments kseg0-kseg2 are an address error in real user mode — the kseg0 problem Disco met
 * (Bugnion et al., SOSP 1997) — so the plain monitor interprets it, as the hybrid one does. Under
 * the configuration CU0 = 0 every CP0 instruction of virtual user mode traps and is emulated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mips, mipsTlb8 } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { assemble, loadProgram, type Program } from '../../asm/index.js';
import { buildStack, rolesOf, type DirectStep } from '../../vmm/index.js';

const kernel = assemble(mips, readFileSync('examples/mips/os.s', 'utf8'), 'os.s');

/** What `m` prints on the console, collected as it is written. */
function consoleOf(m: { watchStores(paddr: number, count: number, handler: (paddr: number, machine: { readCell(p: number): number }) => void): void }) {
  const out: string[] = [];
  const cell = mips.state.storage.devices![0]!.cell;
  m.watchStores(cell, 1, (c, x) => void out.push(String.fromCharCode(x.readCell(c))));
  return out;
}

function both(program: Program, options: { hybrid?: boolean; onDirectStep?: (s: DirectStep) => void } = {}) {
  const bare = new Machine(mips);
  loadProgram(program, bare);
  const bareOut = consoleOf(bare);
  bare.run(100_000);
  const stack = buildStack(mips, { guestCells: mips.state.storage.cells, reserve: 0, hybrid: !!options.hybrid, ...(options.onDirectStep ? { onDirectStep: options.onDirectStep } : {}) });
  const guest = stack.guests[0]!;
  loadProgram(program, guest);
  const guestOut = consoleOf(guest);
  guest.run(100_000);
  return { bare, guest, bareOut: bareOut.join(''), guestOut: guestOut.join(''), stack };
}

describe('the example kernel as a guest', () => {
  it.each([false, true])('hybrid %s: halts in the bare run’s state with the same output', (hybrid) => {
    const { bare, guest, bareOut, guestOut } = both(kernel, { hybrid });
    expect(bare.halted).toBe(true);
    expect(guest.halted).toBe(true);
    expect(guestOut).toBe(bareOut);
    expect(guestOut).toContain('720\nkernel: exit\n');
    expect(guest.snapshot()).toEqual(bare.snapshot());
  });

  it('the plain monitor runs virtual user mode directly and interprets virtual kernel mode (kseg0 is not reachable from real user mode)', () => {
    const { guest } = both(kernel);
    const s = guest.statistics();
    expect(s.direct).toBeGreaterThan(50);
    expect(s.interpreted).toBeGreaterThan(1000);
    // The user program's CP0 read and kseg0 load trap on the real machine and are reflected to the guest kernel.
    expect(s.guestTraps).toMatchObject({ cpu0: 1, addressLoad: 1, syscall: 4 });
  });

  it('a guest instruction never runs in real kernel mode', () => {
    const seen: DirectStep[] = [];
    both(kernel, { onDirectStep: (s) => void seen.push(s) });
    expect(seen.length).toBeGreaterThan(50);
    for (const s of seen) expect(rolesOf(mips).isSupervisor(s.modeBefore)).toBe(false);
  });
});

describe('which levels run directly', () => {
  it('user mode always; kernel mode never, whatever the TLB holds (its map reaches kseg0-kseg2, user mode’s does not)', () => {
    for (const isa of [mips, mipsTlb8]) {
      const roles = rolesOf(isa);
      expect([roles.runsDirectly(1), roles.runsDirectly(0)]).toEqual([true, false]);
      expect(roles.runsDirectly(0, () => 0n)).toBe(false);
    }
  });
});

describe('the configuration CU0 = 0', () => {
  /** A kernel that sets CU0 for its user program (legitimately), which then reads Status and PRId. */
  const cu0 = assemble(
    mips,
    `
        .org 0x1000, 0x80001000
        lui t0, 0x1000                  ; CU0
        ori t0, t0, 0x8                 ; KUp = user
        mtc0 t0, Status
        lui t0, 0x0040
        mtc0 t0, EntryHi
        lui t0, 0x0001
        ori t0, t0, 0x600
        mtc0 t0, EntryLo
        mtc0 zero, Index
        tlbwi
        lui k0, 0x0040
        jr k0
        rfe
        .org 0x80, 0x80000080
        halt
        .org 0x10000, 0x00400000
        mfc0 s0, Status                 ; allowed by the guest's CU0
        mfc0 s1, PRId
        syscall 0
        .org 0x100000, 0xbfc00000
        lui t0, 0x8000
        ori t0, t0, 0x1000
        jr t0
        sll zero, zero, 0
`,
    'cu0.s',
  );

  it('the guest’s user mode may use CP0 when its CU0 is set: the real CU0 stays 0, so it traps and is emulated, ending as the bare run', () => {
    const { bare, guest } = both(cu0);
    expect(bare.getFile('r', 16) >>> 0).toBe(0x1000_0002); // read in user mode: CU0 and KUc
    expect(guest.snapshot()).toEqual(bare.snapshot());
    const s = guest.statistics();
    expect(s.byInstruction['MFC0.Status']?.emulated).toBe(1);
    expect(s.byInstruction['MFC0.PRId']?.emulated).toBe(1);
  });
});
