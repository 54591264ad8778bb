/**
 * The monitor holds its configuration C (DESIGN.md §2 rule 3): while a guest runs directly, the
 * real registers hold C's bits (rv32: mcounteren CY, TM, IR = 0), whatever the guest wrote into
 * its own (virtual) copy and whatever the host held before; the guest's reads and writes of those
 * registers reach its virtual state through the interpreter, and the guest ends exactly as the
 * bare run does. A monitor not told C (a description that declares none, run without the
 * checker's) lets a guest read what the bare machine would have trapped on.
 */
import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { guestCase } from '../../testing/index.js';
import { runs } from './helpers.js';
import type { IsaDescription } from '../../spec/description.js';
import { rv32 } from '../../spec/index.js';
import { assemble, loadProgram, type Program } from '../../asm/index.js';
import { Machine } from '../../machine/index.js';
import { buildStack, configurationOf, guestDifferences, holdsConfiguration, Monitor, runBare, runUnderMonitor, VmmError, type DirectStep, type MonitorRunOptions, type StackOptions } from '../../vmm/index.js';
import { declared as counterEnable, searched as counterEnableSearched } from '../fixtures/soundness/counter-enable.js';

const CELLS = rv32.state.storage.cells;

/**
 * rv32: M-mode enables cycle and instret (not time) for S-mode in its own mcounteren and drops to
 * S-mode, which reads cycle and instret (allowed) and time (withheld: the illegal-instruction trap
 * to M, whose handler records mcause, mcounteren, mepc and mcycle).
 */
const counters = `
        .org 0, 0x80000000
        addi  t0, x0, -1             # PMP entry 0: all of memory, RWX, for S and U
        csrrw x0, pmpaddr0, t0
        addi  t0, x0, 0x1f
        csrrw x0, pmpcfg0, t0
        lui   t0, 0x80000            # mtvec = handler
        addi  t0, t0, handler - 0x80000000
        csrrw x0, mtvec, t0
        csrrwi x0, mcounteren, 5     # CY and IR for S-mode, TM withheld: the guest's own choice
        lui   t0, 0x1                # mstatus.MPP = S
        addi  t0, t0, -2048
        csrrw x0, mstatus, t0
        lui   t0, 0x80000            # mepc = super
        addi  t0, t0, super - 0x80000000
        csrrw x0, mepc, t0
        mret
super:  csrrs a0, cycle, x0          # allowed by the guest's mcounteren
        csrrs a1, instret, x0
        addi  s0, s0, 1              # runs directly
        csrrs a2, time, x0           # withheld: traps to M
        addi  a3, x0, 1              # not reached
spin:   jal   x0, spin
handler:
        csrrs a4, mcause, x0
        csrrs a5, mcounteren, x0     # the guest's own value, 5
        csrrs a6, mepc, x0
        csrrs a7, mcycle, x0
stop:   jal   x0, stop
`;
const STEPS = 60;

function rv32Run(image: Program, options: Omit<StackOptions, 'guestCells'> & { dirty?: boolean } = {}) {
  const seen: DirectStep[] = [];
  const { dirty, ...stackOptions } = options;
  const stack = buildStack(rv32, { guestCells: CELLS, reserve: 0, ...stackOptions, onDirectStep: (s) => void seen.push(s) });
  // A host whose counter enables something else left open: the monitor must close them itself.
  if (dirty) for (const r of ['mcounteren', 'scounteren']) stack.real.setReg(r, 7);
  const guest = stack.guests[0]!;
  loadProgram(image, guest);
  guest.run(STEPS);
  return { stack, guest, seen };
}

describe('rv32: the real mcounteren holds C while the guest runs', () => {
  const image = assemble(rv32, counters, 'counters.s');
  const bare = new Machine(rv32);
  loadProgram(image, bare);
  bare.run(STEPS);

  it('the program does what it says bare: cycle and instret read in S-mode, time traps to M', () => {
    const x = bare.snapshot().files.x!;
    expect(x[10]).toBeGreaterThan(0); // a0 = cycle
    expect(x[11]).toBeGreaterThan(0); // a1 = instret
    expect(x[14]).toBe(2); // a4 = mcause: illegal instruction
    expect(x[15]).toBe(5); // a5 = the guest's mcounteren
    expect(x[13]).toBe(0); // a3: never reached
  });

  for (const [what, options] of [
    ['plain', {}],
    ['plain, on a host that left mcounteren and scounteren at 7', { dirty: true }],
    ['hybrid', { hybrid: true }],
    ['nested two deep', { depth: 2, dirty: true }],
  ] as const) {
    it(`${what}: the guest ends in the bare run’s exact state, and the real mcounteren is 0 whenever it runs directly`, () => {
      const { guest, seen, stack } = rv32Run(image, options);
      expect(guest.snapshot()).toEqual(bare.snapshot()); // registers, counters, storage, steps
      // (The hybrid monitor interprets virtual S-mode: this program then runs nothing directly.)
      if (!('hybrid' in options)) expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect(s.host.getReg('mcounteren') & 7, `real mcounteren at guest pc ${s.result.pc.toString(16)}`).toBe(0);
      expect(stack.real.getReg('mcounteren') & 7).toBe(0);
      // The guest's mcounteren is its own: it wrote 5 and reads 5 back.
      expect(guest.getReg('mcounteren')).toBe(5);
      // The counter reads the guest's mcounteren allows still trap on the host and are emulated.
      const stats = stack.monitors[stack.monitors.length - 1]!.statistics();
      expect((stats.byInstruction['CSRRS.cycle']?.emulated ?? 0) + (stats.byInstruction['CSRRS.cycle']?.interpreted ?? 0)).toBe(1);
    });
  }

  it('a monitor told to hold nothing (C empty) lets S-mode read time where the bare run traps', () => {
    const { guest, seen } = rv32Run(image, { configuration: [], dirty: true });
    expect(guest.snapshot()).not.toEqual(bare.snapshot());
    expect(guest.snapshot().files.x![13]).toBe(1); // a3: reached, time read directly
    expect(seen.some((s) => (s.host.getReg('mcounteren') & 7) !== 0)).toBe(true);
  });

  it('a configuration that names other than configurable bits of a system register is refused', () => {
    expect(() => configurationOf(rv32, [{ register: 'mstatus', mask: '0x200000', value: '0x0' }])).toThrow(VmmError);
    expect(() => configurationOf(rv32, [{ register: 'mcounteren', mask: '0x8', value: '0x0' }])).toThrow(/configurable/);
    expect(() => configurationOf(rv32, [{ register: 'mcounteren', mask: '0x1', value: '0x2' }])).toThrow(/outside the mask/);
    expect(() => configurationOf(rv32, [{ register: 'mode', mask: '0x1', value: '0x0' }])).toThrow(VmmError);
    expect(() => configurationOf(rv32, [{ register: 'nope', mask: '0x1', value: '0x0' }])).toThrow(/no such register/);
    expect(configurationOf(rv32)).toEqual([{ register: 'mcounteren', mask: 7n, value: 0n }]);
  });
});

/**
 * pg74 + cen (test/fixtures/soundness/counter-enable.ts): the supervisor clears cen, reads the
 * clock, and enters user mode, whose RDCLK traps; the handler sets cen and resumes at the RDCLK,
 * which now reads the clock; SVC 0 ends the run (the handler halts).
 */
const cenProgram = `
        .org 8
newpsw: .word 1, trap, 0, 0xffffffff
        .org 16
start:  ldi r1, 0
        wrcen r1                ; cen = 0: user-mode clock reads trap
        rdclk r5                ; supervisor mode: reads the clock
        lpsw upsw(r0)           ; user mode at 'user'
user:   rdclk r6                ; cen = 0: the privileged-instruction trap
        addi r9, r9, 1
        svc 0
trap:   ld r7, 4(r0)            ; the trap code
        ld r8, 1(r0)            ; where it was taken
        addi r10, r10, 1        ; traps taken
        ldi r1, 3
        beq r7, r1, done
        ldi r1, 1
        wrcen r1                ; let user mode read the clock, and retry
        lpsw 0(r0)
done:   halt
upsw:   .word 0, user, 0, 0xffffffff
`;

describe('the counter-enable fixture under the monitor', () => {
  const cenOf = (isa: IsaDescription, options: Pick<MonitorRunOptions, 'hybrid' | 'depth' | 'configuration'> = {}) => {
    const bare = runBare(isa, cenProgram, { maxSteps: 1000 });
    const vm = runUnderMonitor(isa, cenProgram, { maxSteps: 1000, ...options });
    return { bare, vm };
  };

  it('bare: the user-mode RDCLK traps once, then reads the clock', () => {
    const { bare } = cenOf(counterEnable.isa);
    expect(bare.reason).toBe('halted');
    const r = bare.state.files.r!;
    expect(r[10]).toBe(2); // two traps: RDCLK, then SVC
    expect(r[6]).toBeGreaterThan(r[5]!);
    expect(bare.state.registers.cen).toBe(1);
  });

  for (const options of [{}, { hybrid: true }, { depth: 2 }, { depth: 3, hybrid: true }])
    it(`C declared: the guest ends in the bare run’s exact state (${JSON.stringify(options)})`, () => {
      const { bare, vm } = cenOf(counterEnable.isa, options);
      expect(vm.reason).toBe('halted');
      expect(vm.guests[0]!.state).toEqual(bare.state);
      // Every RDCLK trapped on the host (real cen = 0): the supervisor's and the user's retry were
      // emulated, the user's first, with the guest's cen 0, reflected.
      const rdclk = vm.guests[0]!.statistics.byInstruction['RDCLK'];
      if (!options.hybrid) expect(rdclk).toMatchObject({ reflected: 1, emulated: 2 });
    });

  it('C declared: the real cen is 0 whenever the guest runs directly, though the guest set its own to 1', () => {
    const isa = counterEnable.isa;
    const seen: DirectStep[] = [];
    const monitor = Monitor.onMachine(isa, 16 + 256, { onDirectStep: (s) => void seen.push(s) });
    const guest = monitor.createGuest({ size: 256 });
    loadProgram(assemble(isa, cenProgram), guest);
    guest.run(1000);
    expect(guest.halted).toBe(true);
    expect(guest.getReg('cen')).toBe(1);
    expect(seen.length).toBeGreaterThan(5);
    for (const s of seen) expect(s.host.getReg('cen')).toBe(0);
  });

  it('C searched, not declared: given the checker’s C the guest ends in the bare state; a monitor not told C does not', () => {
    const isa = counterEnableSearched.isa;
    const told = cenOf(isa, { configuration: counterEnableSearched.expected.configuration! });
    expect(told.vm.guests[0]!.state).toEqual(told.bare.state);
    // cen is 1 at reset: a host that is not told keeps it, and the user-mode RDCLK reads the clock.
    const untold = cenOf(isa);
    expect(untold.vm.guests[0]!.state).not.toEqual(untold.bare.state);
    expect(untold.vm.guests[0]!.state.files.r![10]).toBe(1); // only the SVC trapped
  });
});

describe('random guests of the counter-enable fixture never find the real cen open', () => {
  const isa = counterEnable.isa;
  fcTest.prop([guestCase(isa, { cells: 64, maxLength: 12 }), fc.boolean(), fc.constantFrom(1, 2)], runs(40))(
    'C holds at every direct step, plain, hybrid and nested, and the guest ends as it would bare',
    (c, hybrid, depth) => {
      let direct = 0;
      const stack = buildStack(isa, {
        guestCells: 64,
        hybrid,
        depth,
        onDirectStep: (s) => {
          direct++;
          expect(holdsConfiguration(stack.monitors[0]!.configuration, (r) => s.host.getReg(r)), 'real cen while a guest instruction ran').toBe(true);
        },
      });
      stack.real.setReg('cen', 1); // whatever the host held before
      const guest = stack.guests[0]!;
      guest.restore(c.image);
      guest.run(64);
      const bare = new Machine(isa, { storageCells: 64 });
      bare.restore(c.image);
      bare.run(guest.steps);
      expect(guestDifferences(isa, bare.snapshot(), guest.snapshot())).toEqual([]);
      expect(direct).toBeGreaterThanOrEqual(guest.statistics().direct);
    },
  );
});
