/**
 * The allocator's composed map: for any guest map (l, b), region (k, n) and host size, under
 * either bound convention, an access traps on the host exactly when it traps on a bare machine of
 * n cells, and otherwise reaches the bare machine's cell moved by k. Nested, the maps compose:
 * while a depth-3 guest runs, the real map is the guest's own moved by every level's base.
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription, RelocationBoundsMap } from '../../spec/description.js';
import { pg74 } from '../../spec/index.js';
import { RefState } from '../../machine/index.js';
import { buildStack, composeMap, translatorFor, type DirectStep } from '../../vmm/index.js';
import { loadProgram, assemble } from '../../asm/index.js';
import { runs } from './helpers.js';

const withBound = (boundTest: 'above' | 'at-or-above'): IsaDescription => ({
  ...pg74,
  name: `pg74-${boundTest}`,
  state: { ...pg74.state, addressMap: { ...(pg74.state.addressMap as RelocationBoundsMap), boundTest } },
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const near = (n: number) => fc.oneof(fc.integer({ min: 0, max: n + 4 }), u32);

describe('composeMap', () => {
  for (const boundTest of ['at-or-above', 'above'] as const) {
    const isa = withBound(boundTest);
    test.prop(
      [
        fc.integer({ min: 1, max: 80 }).chain((n) =>
          fc.record({ n: fc.constant(n), k: fc.integer({ min: 0, max: 40 }), extra: fc.nat(40), l: near(n), b: near(n), a: near(n), cells: fc.constantFrom(1, 2) }),
        ),
      ],
      runs(300),
    )(`traps and cells agree with the bare machine (${boundTest})`, ({ n, k, extra, l, b, a, cells }) => {
      const hostCells = k + n + extra;
      const bare = new RefState(isa, n);
      bare.regs.set('L', BigInt(l));
      bare.regs.set('B', BigInt(b));
      const host = new RefState(isa, hostCells);
      for (const [name, v] of composeMap(isa, (r) => Number(bare.reg(r)), { base: k, size: n }, hostCells)) host.regs.set(name, BigInt(v));
      const onBare = translatorFor(isa, n).physical(bare, BigInt(a), cells);
      const onHost = translatorFor(isa, hostCells).physical(host, BigInt(a), cells);
      expect(onHost).toBe(onBare === undefined ? undefined : onBare + BigInt(k));
    });
  }
});

describe('nested maps compose', () => {
  test.prop([fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 8, max: 40 })], runs(30))(
    'the real relocation is the guest’s plus every level’s base; the real bound is the guest’s, clipped to its region',
    (bases, l, b) => {
      const seen: { L: number; B: number }[] = [];
      // After a step that did not trap, the host's map is still the one the step ran under.
      const stack = buildStack(pg74, { guestCells: 64, depth: 3, bases, onDirectStep: (s: DirectStep) => !s.trapped && seen.push({ L: s.host.getReg('L'), B: s.host.getReg('B') }) });
      const g = stack.guests[0]!;
      loadProgram(assemble(pg74, `.org ${l}\nldi r1, 1\nldi r2, 2\nsvc 0\n`), g);
      g.setReg('PC', 0);
      g.setReg('M', 0);
      g.setReg('L', l);
      g.setReg('B', b);
      g.run(3);
      expect(stack.realBase[0]).toBe(bases[0]! + bases[1]! + bases[2]!);
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect(s).toEqual({ L: l + stack.realBase[0]!, B: Math.min(b, 64 - l) });
    },
  );
});
