/**
 * The example supervisor (examples/pg74/os.s) and its user program run to the same final guest
 * state bare, under the monitor, under the hybrid monitor, and nested two and three deep; the
 * statistics show the user program ran directly. The compute-heavy sieve runs its 37 million
 * instructions under the monitor with a handful of traps.
 */
import { describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/index.js';
import { Machine, type MachineSnapshot } from '../../machine/index.js';
import { loadProgram } from '../../asm/index.js';
import { formatStatistics, guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';
import { example } from './helpers.js';

const os = example(pg74, 'os.s');
const CELLS = 0x2000;

/** The bare run, and what ran in each mode. */
function bare(): { state: MachineSnapshot; userSteps: number; supervisorSteps: number; traps: number } {
  const m = new Machine(pg74, { storageCells: CELLS });
  loadProgram(os, m);
  let userSteps = 0;
  let supervisorSteps = 0;
  let traps = 0;
  while (!m.halted && m.steps < 10_000) {
    const user = m.getReg('M') === 0;
    const r = m.step();
    if (r.trap) traps++;
    else if (user) userSteps++;
    else supervisorSteps++;
  }
  return { state: m.snapshot(), userSteps, supervisorSteps, traps };
}

describe('the example OS', () => {
  const b = bare();

  test('runs bare as its comments say', () => {
    const cell = (name: string) => b.state.storage.find(([a]) => a === os.symbols[name])?.[1] ?? 0;
    expect(b.state.halted).toBe(true);
    expect(cell('status')).toBe(7);
    expect(cell('faults')).toBe(1);
    expect(cell('privs')).toBe(1);
    const out = os.symbols.out!;
    expect([0, 1, 2].map((i) => b.state.storage.find(([a]) => a === out + i)?.[1])).toEqual([55, 720, 0x1234]);
  });

  for (const [hybrid, depth] of [
    [false, 1],
    [true, 1],
    [false, 2],
    [false, 3],
    [true, 3],
  ] as const)
    test(`${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor, depth ${depth}: same final state; the user program ran directly`, () => {
      const r = runUnderMonitor(pg74, os, { hybrid, depth, guestCells: CELLS, maxSteps: 10_000 });
      expect(r.reason).toBe('halted');
      const g = r.guests[0]!;
      expect(guestDifferences(pg74, b.state, g.state)).toEqual([]);
      // The virtual clock counts the guest's own steps, so even timing agrees here.
      expect(g.state.registers.CLK).toBe(b.state.registers.CLK);
      const s = g.statistics;
      expect(s.steps).toBe(b.state.steps);
      // Every user-mode instruction that did not trap ran directly; only traps reached the monitor.
      expect(s.direct).toBeGreaterThanOrEqual(b.userSteps);
      if (hybrid) {
        expect(s.direct).toBe(b.userSteps);
        expect(s.interpreted).toBe(b.supervisorSteps);
      } else {
        expect(s.direct).toBe(b.userSteps + b.supervisorSteps - s.emulated);
        expect(s.interpreted).toBe(0);
      }
      for (const m of ['ADD', 'ADDI', 'MUL', 'BNE', 'LDI']) expect(s.byInstruction[m]?.emulated ?? 0, m).toBe(0);
      // Lower levels pass every trap up; none of them emulates or reflects anything.
      for (const level of r.levels.slice(0, -1)) {
        expect(level.statistics.forwarded).toBe(level.statistics.hostTraps);
        expect(level.statistics.emulated + level.statistics.reflected).toBe(0);
      }
    });

  test('three copies side by side, round robin, each end as the bare run', () => {
    const r = runUnderMonitor(pg74, os, { guests: 3, guestCells: CELLS, slice: 7, maxSteps: 10_000 });
    expect(r.reason).toBe('halted');
    expect(new Set(r.guests.map((g) => g.realBase)).size).toBe(3);
    for (const g of r.guests) expect(guestDifferences(pg74, b.state, g.state)).toEqual([]);
  });

  test('runBare gives the bare run runUnderMonitor must match', () => {
    const r = runBare(pg74, os, { guestCells: CELLS, maxSteps: 10_000 });
    expect(r.reason).toBe('halted');
    expect(r.state).toEqual(b.state);
    expect(runBare(pg74, os).guestCells).toBe(0x2000);
  });

  test('two copies under a monitor nested two deep; the statistics as text', () => {
    const r = runUnderMonitor(pg74, os, { guests: 2, depth: 2, guestCells: CELLS, slice: 13, maxSteps: 10_000 });
    for (const g of r.guests) expect(guestDifferences(pg74, b.state, g.state)).toEqual([]);
    const text = formatStatistics(r.levels);
    expect(text).toMatch(/^level 0 \(trap-and-emulate, on the real machine of [\d,]+ cells\): steps 380: direct 354, forwarded 26$/m);
    expect(text).toMatch(/^ {2}LPSW +emulated 12$/m);
  });

  test('a guest that never halts ends at its budget', () => {
    const r = runUnderMonitor(pg74, '.org 16\nloop: jmp loop\n', { maxSteps: 5000, depth: 2 });
    expect(r.reason).toBe('step-limit');
    expect(r.guests[0]!.reason).toBe('step-limit');
    expect(r.guests[0]!.steps).toBe(5000);
  });
});

describe('the compute-heavy sieve', () => {
  test('runs under the monitor to the bare result, nearly all of it directly', () => {
    const compute = example(pg74, 'compute.s');
    const cells = 0x10000;
    const m = new Machine(pg74, { storageCells: cells });
    loadProgram(compute, m);
    m.run(100_000_000);
    const r = runUnderMonitor(pg74, compute, { guestCells: cells, maxSteps: 100_000_000 });
    const g = r.guests[0]!;
    expect(guestDifferences(pg74, m.snapshot(), g.state)).toEqual([]);
    expect(g.state.files.r![1]).toBe(3245);
    expect(g.statistics.hostTraps).toBeLessThanOrEqual(3);
    expect(g.statistics.direct).toBe(g.steps - g.statistics.hostTraps);
  }, 120_000);
});
