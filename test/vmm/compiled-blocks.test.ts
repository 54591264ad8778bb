/**
 * The levels the monitor interprets run as compiled blocks on the virtual state
 * (vmm/compiled-run.ts): code that rewrites itself there — a store into a later instruction of its
 * own block, on every pass of a loop — runs as on the bare machine, and the statistics count each
 * instruction interpreted, by mnemonic, as one-at-a-time interpretation does.
 */
import { describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { assemble, loadProgram } from '../../asm/index.js';
import { buildStack, checkEquivalence } from '../../vmm/index.js';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';

const CELLS = 64;

/** A supervisor loop whose first instruction rewrites the next one: pass 1 must run the new word. */
const selfModifying = `
        .org 16
        ldi r0, 0
        lil r3, 5
        ld r2, patch(r0)
loop:   st r2, target(r0)
target: addi r1, r1, 1
        addi r3, r3, -1
        bne r3, r0, loop
        halt
patch:  addi r1, r1, 7
`;

function image(source: string) {
  const m = new Machine(pg74, { storageCells: CELLS });
  loadProgram(assemble(pg74, source, 'self-modifying.s'), m);
  return m.snapshot();
}

describe('compiled interpretation of a virtual supervisor level', () => {
  test.each([1, 2])('self-modifying supervisor code runs as bare under the hybrid monitor, depth %i', (depth) => {
    const r = checkEquivalence(pg74, image(selfModifying), CELLS, { hybrid: true, depth, maxSteps: 100 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
    const top = r.statistics[r.statistics.length - 1]!;
    // Every instruction is in supervisor mode: all interpreted, each counted once by mnemonic.
    expect(top.interpreted).toBe(r.steps);
    expect(top.byInstruction['ADDI']?.interpreted).toBe(10);
    expect(top.byInstruction['ST']?.interpreted).toBe(5);
  });

  test('run again after the guest is restored (its cells rewritten in place), it still ends as bare', () => {
    const start = image(selfModifying);
    const bare = new Machine(pg74, { storageCells: CELLS });
    bare.restore(start);
    bare.run(100);
    const guest = buildStack(pg74, { guestCells: CELLS, hybrid: true }).guests[0]!;
    for (let round = 0; round < 3; round++) {
      guest.restore(start);
      guest.run(100);
      expect(guest.snapshot(), `round ${round}`).toEqual(bare.snapshot());
    }
  });

  /** A loop of `passes` passes, then HALT stored over its first instruction and a branch back to it. */
  const rewrittenAfter = (passes: number) => `
        .org 16
        ldi r0, 0
        lil r3, ${passes}
        ld r2, patch(r0)
loop:   addi r1, r1, 1
        addi r3, r3, -1
        bne r3, r0, loop
        st r2, loop(r0)
        lil r3, 1
        bne r3, r0, loop
patch:  halt
`;

  test.each([1, 2, 3])('with blocks compiled after %i runs of an address, a loop rewritten one pass short of, at or past it runs as bare', (runs) => {
    const saved = { ...tiering };
    tiering.runs = runs;
    tiering.guestRuns = runs;
    try {
      for (const passes of [runs - 1, runs, runs + 1, 2 * runs + 1].filter((p) => p > 0)) {
        // No hint from an earlier run that an address is hot (CompileContext.hot).
        contextFor(pg74, CELLS).hot.clear();
        const r = checkEquivalence(pg74, image(rewrittenAfter(passes)), CELLS, { hybrid: true, depth: 1, maxSteps: 200 });
        expect(r.ok, `${passes} passes: ${JSON.stringify(r.divergence)}`).toBe(true);
        expect(r.reason).toBe('halted');
        expect(r.statistics[r.statistics.length - 1]!.byInstruction['ADDI']?.interpreted).toBe(2 * passes);
      }
    } finally {
      Object.assign(tiering, saved);
    }
  });
});
