/**
 * Where a theorem fails, the fuzzer must find a failing guest and shrink it to the offending
 * instruction (DESIGN.md §1): the return-to-user JRU under the plain monitor, the load-real-
 * address LRA under both monitors, the mode read RMODE under the plain monitor. The seed and path
 * it reports replay the same counterexample.
 */
import { describe, expect, test } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { assemble } from '../../asm/index.js';
import { pg74Jrst, pg74Lra, pg74Mode } from '../../spec/index.js';
import { fuzzEquivalence } from '../../vmm/index.js';

const failing: { isa: IsaDescription; hybrid: boolean; culprit: string }[] = [
  { isa: pg74Jrst, hybrid: false, culprit: 'JRU' },
  { isa: pg74Lra, hybrid: false, culprit: 'LRA' },
  { isa: pg74Lra, hybrid: true, culprit: 'LRA' },
  { isa: pg74Mode, hybrid: false, culprit: 'RMODE' },
];

describe('the fuzzer finds and shrinks the non-virtualizable instruction', () => {
  for (const { isa, hybrid, culprit } of failing) {
    test(`${isa.name} under the ${hybrid ? 'hybrid' : 'trap-and-emulate'} monitor: ${culprit}`, () => {
      const r = fuzzEquivalence(isa, { runs: 300, hybrid });
      if (r.ok) throw new Error(`no failure in ${r.runs} runs (seed ${r.seed})`);
      const c = r.counterexample;
      expect(c.culprit?.mnemonic).toBe(culprit);
      // Shrunk: usually to the culprit alone; at worst (when the trap vector leads into the
      // program) to a few steps that reach it.
      expect(r.shrinks).toBeGreaterThan(0);
      expect(c.step).toBeLessThanOrEqual(5);
      // The listing marks the culprit and assembles back to the program's cells.
      const marked = c.assembly.split('\n').filter((l) => l.includes('<-- culprit'));
      expect(marked).toHaveLength(1);
      expect(marked[0]!.toUpperCase()).toContain(culprit);
      const program = assemble(isa, c.assembly);
      const cells = new Map(program.segments.flatMap((s) => s.cells.map((v, i) => [s.place + i, v] as const)));
      for (const [a, v] of c.case.image.storage) expect(cells.get(a), `cell ${a}`).toBe(v);
      // Replay: the reported seed and path give the same counterexample straight away.
      const again = fuzzEquivalence(isa, { runs: 300, hybrid, seed: r.seed, path: r.path });
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.counterexample.assembly).toBe(c.assembly);
    });
  }
});
