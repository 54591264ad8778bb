/**
 * Tiering (machine/code-cache.ts): an address runs its single instruction's entry `tiering.runs`
 * times before the run loop compiles the block there. The boundary may fall anywhere: in the
 * middle of a loop whose block reads the clock, or just before, at or after the pass on which the
 * loop rewrites its own first instruction. run(k) must agree with k reference steps at every
 * budget, whatever the threshold.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';
import { feat, feat16, I, machineRun, ORIGIN, referenceRun } from './feature-isa.js';

const saved = tiering.runs;
// No hint from an earlier machine that an address is hot (CompileContext.hot): every run starts cold.
beforeEach(() => contextFor(feat16, feat16.state.storage.cells).hot.clear());
afterEach(() => {
  tiering.runs = saved;
});

/** run(k) from the program's start agrees with k reference steps, for every k up to the halt. */
function agreeAtEveryBudget(program: number[], upTo: number): void {
  const m = feat(program);
  m.setReg('M', 1);
  const snap = m.snapshot();
  for (let k = 1; k <= upTo; k++) {
    contextFor(feat16, feat16.state.storage.cells).hot.clear();
    expect(machineRun('run', feat16, snap, k), `run(${k})`).toEqual(referenceRun(feat16, snap, k));
  }
}

describe('the tier boundary', () => {
  test.each([2, 3, 4, 5])('in the middle of a loop whose block reads the clock, after %i runs, at every budget', (runs) => {
    tiering.runs = runs;
    // RDC reads the clock in the middle of the loop's block; r1 counts 6 passes down.
    const loop = [
      ...I('LIW', { ra: 0, imm: 0xffff }),
      ...I('LDI', { ra: 1, imm: 6 }),
      ...I('NOP'), // top
      ...I('RDC', { ra: 2, h: 0 }),
      ...I('ADD', { ra: 3, rb: 2 }),
      ...I('ADD', { ra: 1, rb: 0 }),
      ...I('JNZ', { ra: 1, rel: -4 & 0xff }),
      ...I('HALT'),
    ];
    const m = feat(loop);
    m.setReg('M', 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 2 + 6 * 5 + 1 });
    // The clock reads 2 + 1 + 5i on pass i.
    expect(m.getFile('r', 3)).toBe([0, 1, 2, 3, 4, 5].reduce((s, i) => s + 3 + 5 * i, 0));
    agreeAtEveryBudget(loop, 34);
  });

  /**
   * A loop of `passes` passes, then a store of HALT over its first instruction and a branch back
   * to it: the rewrite comes after the loop's top was entered `passes` times.
   */
  const rewriting = (passes: number) => {
    const top = ORIGIN + 6;
    const code = [
      ...I('LIW', { ra: 1, imm: 0xffff }), // r1 = -1
      ...I('LDI', { ra: 0, imm: top }),
      ...I('LDI', { ra: 2, imm: passes }),
      ...I('LIW', { ra: 3, imm: I('HALT')[0]! }),
      ...I('NOP'), // top: becomes HALT
      ...I('ADD', { ra: 2, rb: 1 }),
      ...I('JNZ', { ra: 2, rel: -2 & 0xff }),
      ...I('ST', { ra: 3, rb: 0 }),
      ...I('JNZ', { ra: 1, rel: -4 & 0xff }), // always taken: back to top, now HALT
    ];
    expect(code.length).toBe(top - ORIGIN + 5);
    return code;
  };

  test.each([2, 3, 4])('code rewritten after its top ran one pass short of, at, or past the threshold (%i) runs rewritten, at every budget', (runs) => {
    tiering.runs = runs;
    for (const passes of [runs - 1, runs, runs + 1, 2 * runs + 1]) {
      const code = rewriting(passes);
      contextFor(feat16, feat16.state.storage.cells).hot.clear();
      const m = feat(code);
      m.setReg('M', 1);
      expect(m.run(), `${passes} passes`).toEqual({ reason: 'halted', steps: 4 + 3 * passes + 3 });
      expect(m.readCell(ORIGIN + 6)).toBe(I('HALT')[0]);
      agreeAtEveryBudget(code, 4 + 3 * passes + 4);
    }
  });
});
