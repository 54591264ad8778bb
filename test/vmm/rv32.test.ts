/**
 * The monitor on rv32: its guest runs virtual = real, U- and S-mode code directly in real U-mode
 * under the guest's own PMP, M-mode code interpreted. The architectural test programs end in the
 * same state bare and as guests (registers, counters, storage, steps), and so do random programs
 * started in random modes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { pg74, rv32, rv32Sv32, rv32Sv32With, type IsaDescription } from '../../spec/index.js';
import { Machine, type MachineSnapshot } from '../../machine/index.js';
import { loadElf32 } from '../../loader/index.js';
import { runProgram } from '../../host/index.js';
import { instructionWord } from '../../testing/index.js';
import { buildStack, rolesOf, type DirectStep } from '../../vmm/index.js';
import { runs } from './helpers.js';

const root = join(import.meta.dirname, '../../examples/riscv');
const CELLS = rv32.state.storage.cells;
const RAM = 0x8000_0000;

/** VMCHECK_LONG=1 runs every program (and more random ones); by default a set that visits every feature. */
const long = process.env.VMCHECK_LONG === '1';
const every = ['rv32ui', 'rv32um', 'rv32ua', 'rv32mi', 'rv32si', 'strict'].flatMap((d) =>
  readdirSync(join(root, d)).filter((f) => f.endsWith('.elf')).map((f) => `${d}/${f.slice(0, -4)}`),
);
const programs = long
  ? [...every, 'c/hello']
  : ['rv32ui/lw', 'rv32um/mulh', 'rv32ua/lrsc', 'rv32ua/lrsc_kept', 'rv32ua/amominmax', 'strict/amo_causes', 'rv32mi/counters', 'rv32mi/ecall', 'rv32mi/access', 'rv32mi/mode', 'rv32mi/interrupt', 'rv32si/scsr', 'strict/mret_mprv'];

/** Registers, files, storage (sparse) and steps, as `snapshot()` gives them bare and for a guest. */
const stateOf = (m: { snapshot(): MachineSnapshot }): MachineSnapshot => m.snapshot();

function runBoth(path: string, options: { depth?: number; hybrid?: boolean; isa?: IsaDescription } = {}) {
  const isa = options.isa ?? rv32;
  const program = loadElf32(readFileSync(join(root, `${path}.elf`)), path);
  const bare = new Machine(isa);
  const b = runProgram(bare, program, { maxSteps: 50_000_000 });
  const stack = buildStack(isa, { guestCells: CELLS, reserve: 0, depth: options.depth ?? 1, hybrid: !!options.hybrid });
  const guest = stack.guests[0]!;
  const g = runProgram(guest, program, { maxSteps: 50_000_000 });
  return { b, g, bare, guest, stack };
}

describe('the architectural test programs run as guests', () => {
  it.each(programs)('%s passes under the monitor and ends in the bare run’s state', (path) => {
    const { b, g, bare, guest } = runBoth(path);
    expect(b.verdict).toEqual({ kind: 'pass' });
    expect(g.verdict).toEqual({ kind: 'pass' });
    expect(g.output).toBe(b.output);
    expect(g.steps).toBe(b.steps);
    expect(stateOf(guest)).toEqual(stateOf(bare));
  });

  it('with PMP open and satp Bare every level runs directly, and privileged instructions are emulated', () => {
    const { guest } = runBoth('rv32si/delegation');
    const s = guest.statistics();
    // Its PMP is open over all of storage and satp Bare: every level's map is U's, so every level
    // runs directly (M-mode too, as Miralis runs firmware); only the steps of a level-changing
    // trap's first instruction are interpreted.
    expect(s.direct).toBeGreaterThan(4000);
    expect(s.interpreted).toBeLessThan(100);
    expect(s.emulated).toBeGreaterThan(0);
    expect(s.byInstruction['SRET']?.emulated ?? 0).toBeGreaterThan(0);
  });

  it('nested two deep, and under the hybrid monitor, the guest still ends in the bare state', () => {
    for (const options of [{ depth: 2 }, { hybrid: true }]) {
      const { b, g, bare, guest } = runBoth('rv32mi/ecall', options);
      expect(g.verdict).toEqual(b.verdict);
      expect(stateOf(guest)).toEqual(stateOf(bare));
    }
  });

  it('a guest instruction never runs in a real supervisor level, and the real PMP is the guest’s own', () => {
    const program = loadElf32(readFileSync(join(root, 'rv32ui/lw.elf')), 'lw');
    const seen: DirectStep[] = [];
    const stack = buildStack(rv32, { guestCells: CELLS, reserve: 0, onDirectStep: (s) => void seen.push(s) });
    const guest = stack.guests[0]!;
    const pmpRegs = rv32.state.registers.map((r) => r.name).filter((n) => n.startsWith('pmp'));
    let checked = 0;
    const audit = (s: DirectStep) => {
      expect(rolesOf(rv32).isSupervisor(s.modeBefore)).toBe(false);
      if (checked++ < 200) for (const r of pmpRegs) expect(s.host.getReg(r)).toBe(guest.getReg(r));
    };
    expect(runProgram(guest, program, { maxSteps: 5_000_000, onStep: () => seen.splice(0).forEach(audit) }).verdict).toEqual({ kind: 'pass' });
    seen.splice(0).forEach(audit);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('which levels run directly', () => {
  it('rv32: U and S always run directly (PMP cannot tell them apart); M where its map is U’s (PMP open)', () => {
    const roles = rolesOf(rv32);
    expect([0, 1, 3].map((l) => roles.runsDirectly(l))).toEqual([true, true, false]);
    const open: Record<string, bigint> = { pmpcfg0: 0x1fn, pmpaddr0: 0xffff_ffffn };
    expect([0, 1, 3].map((l) => roles.runsDirectly(l, (name) => open[name] ?? 0n))).toEqual([true, true, true]);
    // PMP over part of storage only: M passes everywhere, U does not.
    expect(roles.runsDirectly(3, (name) => (name === 'pmpcfg0' ? 0x1fn : name === 'pmpaddr0' ? 0x2000_1fffn : 0n))).toBe(false);
  });
  it('rv32-sv32: U always runs directly; S and M where their map is U’s (satp Bare, PMP open), not under Sv32', () => {
    const roles = rolesOf(rv32Sv32);
    expect([0, 1, 3].map((l) => roles.runsDirectly(l))).toEqual([true, false, false]);
    // PMP entry 0 NAPOT over all of storage, RWX: U's accesses are allowed, as M's are.
    const open: Record<string, bigint> = { pmpcfg0: 0x1fn, pmpaddr0: 0xffff_ffffn };
    const regs = (satp: bigint) => (name: string) => (name === 'satp' ? satp : (open[name] ?? 0n));
    expect([0, 1, 3].map((l) => roles.runsDirectly(l, regs(0n)))).toEqual([true, true, true]);
    expect([0, 1, 3].map((l) => roles.runsDirectly(l, regs(0x8000_0000n | 0x80100n)))).toEqual([true, false, false]);
  });
  it('rv32-sv32: an Sv32 guest runs U-mode directly and interprets S-mode, ending as the bare run', () => {
    const { b, g, bare, guest } = runBoth('sv32/sv32', { isa: rv32Sv32 });
    expect(g.verdict).toEqual({ kind: 'pass' });
    expect(g.steps).toBe(b.steps);
    expect(stateOf(guest)).toEqual(stateOf(bare));
    const s = guest.statistics();
    // S-mode code under Sv32 is interpreted (its map is not U's); M's and U's code, and S's while
    // satp is Bare, run directly.
    expect(s.direct).toBeGreaterThan(1000);
    expect(s.interpreted).toBeGreaterThan(500);
  });
  it('rv32-sv32-svadu: a guest whose walks set A and D (S-mode, interpreted) passes svadu and ends as the bare run, page tables included', () => {
    const { b, g, bare, guest } = runBoth('sv32/svadu', { isa: rv32Sv32With({ adUpdate: 'hardware' }) });
    expect(b.verdict).toEqual({ kind: 'pass' });
    expect(g.verdict).toEqual({ kind: 'pass' });
    expect(g.steps).toBe(b.steps);
    expect(stateOf(guest)).toEqual(stateOf(bare));
    expect(guest.statistics().interpreted).toBeGreaterThan(50);
  });
  it('pg74: both levels run directly (relocation-bounds does not read the mode)', () => {
    const roles = rolesOf(pg74);
    expect([0, 1].map((l) => roles.runsDirectly(l))).toEqual([true, true]);
  });
  it('a guest of a described map must take all of storage from cell 0', () => {
    const stack = buildStack(rv32, { guestCells: CELLS, reserve: 0 });
    expect(() => stack.monitors[0]!.createGuest({ size: 64 })).toThrow(/virtual = real/);
  });
});

/** An mstatus a program could have written: its writable fields, MPP never the reserved 2. */
const legalStatus = (v: number) => {
  const w = v & 0x7e_19aa;
  return ((w >> 11) & 3) === 2 ? w & ~0x1800 : w;
};

describe('random programs from random modes end alike bare and as guests', () => {
  // Mostly base instructions (they run directly), some of the 344 CSR entries (they trap).
  const words = fc.array(instructionWord(rv32, { addressRange: 64, weight: (insn) => (/^CSRR/.test(insn.mnemonic) ? 1 : 25) }), { minLength: 4, maxLength: 24 });
  const start = fc.record({
    // Mostly U and S, with exceptions mostly delegated to S: the handlers then run directly too.
    // M one time in three, so that M with PMP closed to U and S (below) is one run in six.
    mode: fc.constantFrom(0, 0, 1, 1, 3, 3),
    mstatus: fc.nat({ max: 0x7f_ffff }),
    medeleg: fc.oneof(fc.constant(0xb3ff), fc.nat({ max: 0xffff })),
    mtvec: fc.integer({ min: 0, max: 15 }).map((i) => RAM + 4 * i),
    stvec: fc.integer({ min: 0, max: 15 }).map((i) => RAM + 4 * i),
    mcounteren: fc.nat({ max: 7 }),
    mip: fc.constantFrom(0, 0, 2),
    mie: fc.constantFrom(0, 2, 0xaaa),
    mideleg: fc.constantFrom(0, 0x222),
    mcycle: fc.constantFrom(0, 0xffff_fff0),
    // PMP over all of storage (M's map is then U's, and M-mode code runs directly too) or over
    // RAM's first 64 KiB (M passes everywhere, U and S do not: M-mode code is interpreted).
    pmpaddr0: fc.constantFrom(0xffff_ffff, 0x2000_1fff),
  });
  let reachedDirect = 0;
  let reachedInterpreted = 0;
  let reachedTraps = 0;
  // 40 runs: about one run in six starts in M-mode with PMP closed to U and S (M-mode code then
  // interpreted); at one in ten, 12 runs missed that case about one time in four and the reach
  // test below failed, and 40 would still miss it about one time in seventy. Now about 1 in 1,500.
  fcTest.prop([words, start], runs(long ? 200 : 40))('the same final state after 300 steps', (ws, s) => {
    // Two ADDIs first: a run that starts in U or S with nothing pending runs something directly.
    const addi = [0x93, 0x80, 0x10, 0x00]; // addi x1, x1, 1
    const cells = [...addi, ...addi, ...ws.flatMap((w) => w.cells)];
    const setUp = (m: Machine | ReturnType<typeof buildStack>['guests'][number]) => {
      m.loadCells(0, cells);
      // Everything readable, writable and executable for S and U (PMP entry 0, NAPOT over all).
      m.setReg('pmpcfg0', 0x1f);
      m.setReg('pmpaddr0', 0xffff_ffff);
      for (const [name, value] of Object.entries(s)) m.setReg(name, name === 'mstatus' ? legalStatus(value) : value);
    };
    const bare = new Machine(rv32);
    setUp(bare);
    bare.run(300);
    const stack = buildStack(rv32, { guestCells: CELLS, reserve: 0 });
    const guest = stack.guests[0]!;
    setUp(guest);
    guest.run(300);
    expect(guest.snapshot()).toEqual(bare.snapshot());
    const st = guest.statistics();
    reachedDirect += st.direct > 0 ? 1 : 0;
    reachedInterpreted += st.interpreted > 0 ? 1 : 0;
    reachedTraps += st.emulated + st.reflected > 0 ? 1 : 0;
  });
  it('the generator reaches direct execution, interpretation and traps', () => {
    expect(reachedDirect).toBeGreaterThanOrEqual(2);
    expect(reachedInterpreted).toBeGreaterThan(0);
    expect(reachedTraps).toBeGreaterThan(0);
  });
});
