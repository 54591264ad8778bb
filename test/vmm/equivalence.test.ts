/**
 * Equivalence (Popek & Goldberg's first property): a guest run bare — on a machine whose storage
 * is the guest's region — and under the monitor agrees on the guest's state after every step the
 * bare run takes and at its halt, timing aside. Where Theorem 1 (or 3) holds, the monitor (or the
 * hybrid monitor) must show it on every generated guest, at every nesting depth and placement.
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription, RelocationBoundsMap } from '../../spec/description.js';
import { pg74, pg74Jrst, pg74Mode } from '../../spec/index.js';
import { guestCase } from '../../testing/index.js';
import { checkEquivalence } from '../../vmm/index.js';
import { explain, runs } from './helpers.js';

const CELLS = 64;
const cases = (isa: IsaDescription) => guestCase(isa, { cells: CELLS, maxLength: 12 });
/** Where each level places the guest (0 would hide a location-sensitive instruction), and how the fast run is cut. */
const placement = fc.record({
  bases: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 3, maxLength: 3 }),
  chunks: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
});

/** pg74 with the other bound convention (a > b traps), to show nothing assumes `at-or-above`. */
const pg74Above: IsaDescription = {
  ...pg74,
  name: 'pg74-above',
  state: { ...pg74.state, addressMap: { ...(pg74.state.addressMap as RelocationBoundsMap), boundTest: 'above' } },
};

describe('equivalence holds where the theorems say it must', () => {
  const configs: { isa: IsaDescription; hybrid: boolean; depth: number; n: number }[] = [
    { isa: pg74, hybrid: false, depth: 1, n: 100 },
    { isa: pg74, hybrid: true, depth: 1, n: 100 },
    { isa: pg74, hybrid: false, depth: 2, n: 50 },
    { isa: pg74, hybrid: false, depth: 3, n: 50 },
    { isa: pg74, hybrid: true, depth: 3, n: 40 },
    { isa: pg74Above, hybrid: false, depth: 1, n: 30 },
    // Theorem 3 holds for these two: the hybrid monitor is equivalent where the plain one is not.
    { isa: pg74Jrst, hybrid: true, depth: 1, n: 50 },
    { isa: pg74Mode, hybrid: true, depth: 1, n: 50 },
    { isa: pg74Jrst, hybrid: true, depth: 2, n: 20 },
  ];
  for (const { isa, hybrid, depth, n } of configs) {
    const name = `${isa.name}, ${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor, depth ${depth}`;
    test.prop([cases(isa), placement], runs(n))(name, (c, p) => {
      const r = checkEquivalence(isa, c.image, c.cells, { hybrid, depth, maxSteps: 64, bases: p.bases, chunks: p.chunks });
      expect(r.ok, explain(isa, c, r)).toBe(true);
    });
  }
});
