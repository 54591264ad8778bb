/**
 * Efficiency (Popek & Goldberg's second property): innocuous instructions run on the machine
 * directly. Counted per instruction: the monitor never emulates an instruction its description
 * declares innocuous (such an instruction reaches the monitor only when it takes a trap the bare
 * machine takes too, which is reflected); the hybrid monitor never interprets in a virtual user
 * level. On pg74 the count is exact: the host traps exactly when the bare machine traps or runs a
 * privileged instruction in supervisor mode. (The checker's derived classes are cross-checked in
 * agreement.test.ts, where the checker runs once.)
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { pg74Family, pg74 } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { guestCase } from '../../testing/index.js';
import { buildStack, type Statistics } from '../../vmm/index.js';
import { runs } from './helpers.js';

const CELLS = 64;
const STEPS = 64;

function runVirtualized(isa: IsaDescription, image: Parameters<Machine['restore']>[0], hybrid: boolean, depth = 1): Statistics[] {
  const stack = buildStack(isa, { guestCells: CELLS, hybrid, depth, bases: [3, 5, 7] });
  stack.guests[0]!.restore(image);
  stack.guests[0]!.run(STEPS);
  return stack.monitors.map((m) => m.statistics());
}

const innocuous = (isa: IsaDescription) => new Set(isa.instructions.filter((i) => i.class === 'innocuous').map((i) => i.mnemonic));

describe('no innocuous instruction is emulated', () => {
  for (const isa of pg74Family)
    for (const hybrid of [false, true])
      test.prop([guestCase(isa, { cells: CELLS, maxLength: 12 })], runs(25))(`${isa.name}, ${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor`, (c) => {
        const [s] = runVirtualized(isa, c.image, hybrid);
        const harmless = innocuous(isa);
        for (const [m, n] of Object.entries(s!.byInstruction)) {
          if (harmless.has(m)) expect(n.emulated, `${m} emulated`).toBe(0);
          expect(n.interpretedInUserMode, `${m} interpreted in user mode`).toBe(0);
          if (!hybrid) expect(n.interpreted, `${m} interpreted`).toBe(0);
        }
        // Every guest step is accounted for exactly once.
        expect(s!.direct + s!.emulated + s!.reflected + s!.forwarded + s!.interpreted).toBe(s!.steps);
      });
});

describe('on pg74 the monitor is entered exactly when it must be', () => {
  const privileged = new Set(pg74.instructions.filter((i) => i.class === 'privileged').map((i) => i.mnemonic));
  test.prop([guestCase(pg74, { cells: CELLS, maxLength: 12 }), fc.constantFrom(1, 2, 3)], runs(30))('host traps = bare traps + privileged instructions run in supervisor mode', (c, depth) => {
    const bare = new Machine(pg74, { storageCells: CELLS });
    bare.restore(c.image);
    let expected = 0;
    for (let i = 0; i < STEPS && !bare.halted; i++) {
      const supervisor = bare.getReg('M') === 1;
      const r = bare.step();
      if (r.trap || (supervisor && r.mnemonic !== undefined && privileged.has(r.mnemonic))) expected++;
    }
    const levels = runVirtualized(pg74, c.image, false, depth);
    // Every level below the top sees the same traps and passes them up; the top one handles them.
    for (const s of levels) expect(s.hostTraps).toBe(expected);
    expect(levels.at(-1)!.direct).toBe(bare.steps - expected);
  });
});
