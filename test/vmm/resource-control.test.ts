/**
 * Resource control (Popek & Goldberg's third property), which must hold for every ISA of the
 * family — even where equivalence fails, a guest cannot take what it was not given:
 *   - every guest instruction runs on the real machine in a user level;
 *   - it stores only inside the guest's region of real storage;
 *   - real storage outside the region is unchanged after the run (the monitor's own writes included).
 * And isolation: several guests on one monitor, scheduled round robin, each end exactly as it
 * would alone on a bare machine, and none touches another's region.
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { pg74Family, pg74 } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { guestCase, guestLayout } from '../../testing/index.js';
import { buildStack, guestDifferences, Monitor, roundRobin, rolesOf, type DirectStep } from '../../vmm/index.js';
import { runs } from './helpers.js';

const CELLS = 64;
const STEPS = 64;

/** Real storage filled with a recognisable pattern outside `base..base+size-1`. */
function fillOutside(real: Machine, base: number, size: number, seed: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let a = 0; a < real.storageCells; a++)
    if (a < base || a >= base + size) {
      const v = (Math.imul(a + 1, 0x9e3779b1) ^ seed) >>> 0;
      real.writeCell(a, v);
      out.set(a, v);
    }
  return out;
}

describe('a guest never runs supervisor and never touches storage outside its region', () => {
  for (const isa of pg74Family)
    test.prop(
      [guestCase(isa, { cells: CELLS, maxLength: 12 }), fc.boolean(), fc.constantFrom(1, 2, 3), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 }), fc.integer()],
      runs(20),
    )(isa.name, (c, hybrid, depth, bases, seed) => {
      const roles = rolesOf(isa);
      let realBase = 0;
      let directSteps = 0;
      const audit = (s: DirectStep) => {
        directSteps++;
        expect(roles.isSupervisor(s.modeBefore), `real ${roles.mode.register} while a guest instruction ran`).toBe(false);
        for (const w of s.result.writes)
          if (w.kind === 'store') {
            expect(w.addr).toBeGreaterThanOrEqual(realBase);
            expect(w.addr).toBeLessThan(realBase + CELLS);
          }
      };
      const stack = buildStack(isa, { guestCells: CELLS, hybrid, depth, bases, onDirectStep: audit });
      realBase = stack.realBase[0]!;
      const outside = fillOutside(stack.real, realBase, CELLS, seed);
      const guest = stack.guests[0]!;
      guest.restore(c.image);
      guest.run(STEPS);
      // The guest's storage is where the composed maps put it.
      expect(stack.real.readCells(realBase, CELLS)).toEqual(guest.readCells(0, CELLS));
      for (const [a, v] of outside) if (stack.real.readCell(a) !== v) expect.fail(`real cell ${a} outside the guest's region changed`);
      expect(directSteps).toBeGreaterThanOrEqual(guest.statistics().direct);
    });
});

describe('guests are isolated from one another', () => {
  const isa: IsaDescription = pg74;
  test.prop(
    [
      guestLayout({ guestCells: CELLS, minGuests: 2, maxGuests: 3 }),
      fc.array(guestCase(isa, { cells: CELLS, maxLength: 12 }), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 1, max: 20 }),
      fc.boolean(),
    ],
    runs(25),
  )('round robin: each guest ends as it would alone; no region touches another', (layout, cases, slice, hybrid) => {
    const monitor = Monitor.onMachine(isa, layout.hostCells, { hybrid, reserve: layout.reserve });
    const outside = fillOutside(monitor.host as Machine, 0, 0, 7);
    const guests = layout.regions.map((r, i) => monitor.createGuest({ size: r.size, base: r.base, name: `g${i}` }));
    guests.forEach((g, i) => g.restore(cases[i]!.image));
    roundRobin(guests, { slice, guestMaxSteps: STEPS });
    guests.forEach((g, i) => {
      const bare = new Machine(isa, { storageCells: CELLS });
      bare.restore(cases[i]!.image);
      bare.run(g.steps);
      expect(guestDifferences(isa, bare.snapshot(), g.snapshot()), `guest ${i}`).toEqual([]);
      expect(g.steps === STEPS || g.halted).toBe(true);
    });
    const inside = (a: number) => layout.regions.some((r) => a >= r.base && a < r.base + r.size);
    for (const [a, v] of outside) if (!inside(a) && monitor.host.readCell(a) !== v) expect.fail(`real cell ${a}, in no guest's region, changed`);
  });
});
