/**
 * A guest's `locate` (where an access lands under its own map) answers with the compiled
 * translation on its virtual registers where the stack ends in a real machine: it must give what
 * the reference evaluator gives (`locateIn` over a view of the guest), for every access kind and
 * size, on random map registers, resident on the host or not. pg74's relocation-bounds map and
 * rv32's PMP; rv32-sv32 (a map that reads storage) keeps the reference path.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { accesses } from '../../spec/description.js';
import { pg74, rv32WithRam } from '../../spec/index.js';
import { locateIn } from '../../machine/index.js';
import { buildStack, machineView } from '../../vmm/index.js';

const cases: { isa: IsaDescription; cells: number }[] = [
  { isa: pg74, cells: 64 },
  { isa: rv32WithRam(256), cells: rv32WithRam(256).state.storage.cells },
];

describe('a guest locates accesses as the reference evaluator does', () => {
  for (const { isa, cells } of cases)
    test(`on ${isa.name}`, () => {
      const g = buildStack(isa, { guestCells: cells, reserve: 0 }).guests[0]!;
      const maps = isa.state.registers.filter((r) => isa.state.addressMap.kind === 'relocation-bounds' ? [isa.state.addressMap.base, isa.state.addressMap.bound].includes(r.name) : r.name.startsWith('pmp') || r.name === isa.state.mode.register);
      expect(maps.length).toBeGreaterThan(1);
      let inside = 0;
      let outside = 0;
      const bits = isa.state.storage.addressBits;
      fc.assert(
        fc.property(
          fc.array(fc.nat(), { minLength: maps.length, maxLength: maps.length }),
          // Near cell 0, anywhere, and near rv32's RAM (at 0x80000000).
          fc.oneof(fc.nat({ max: 2 * cells }), fc.nat({ max: 2 ** Math.min(bits, 31) - 1 }).map((a) => (bits === 32 ? a * 2 : a)), fc.nat({ max: 0x200 }).map((a) => (bits === 32 ? 0x7fffff00 + a + 0x80 : a))),
          fc.constantFrom(...accesses),
          fc.integer({ min: 1, max: 4 }),
          fc.boolean(),
          (values, vaddr, access, n, resident) => {
            maps.forEach((r, i) => g.setReg(r.name, r.width >= 32 ? values[i]! >>> 0 : values[i]! % 2 ** r.width));
            if (resident) g.monitor.activate(g);
            const want = locateIn(isa, machineView(g), vaddr % 2 ** bits, access, n);
            if (want === undefined) outside++;
            else inside++;
            expect(g.locate(vaddr % 2 ** bits, access, n)).toBe(want);
          },
        ),
        { numRuns: 300 },
      );
      // Both answers are reached.
      expect(inside).toBeGreaterThan(0);
      expect(outside).toBeGreaterThan(0);
    });
});
