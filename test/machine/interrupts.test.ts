/**
 * Interrupts (`traps.interrupts`): before each instruction the first interrupt whose condition
 * holds is taken instead, with trap value 0 and the interrupted instruction's PC saved. The
 * machine rechecks the conditions only when state they read may have changed; these tests hold
 * run(), step() and the reference machine to taking them at exactly the right step.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import type { Expr } from '../../spec/ast.js';
import type { IsaDescription } from '../../spec/description.js';
import { Machine, RefState, referenceFullStep } from '../../machine/index.js';
import { feat, feat16, featState, HANDLER, I, machineRun, ORIGIN, program, referenceRun, saved, SR } from './feature-isa.js';

const IE = (ra: number) => I('MTS', { ra, sr: SR.IE });
const PA = (ra: number) => I('MTS', { ra, sr: SR.PA });
/** r1 = 1 and r0 = 0, for MTS to set and clear with. */
const ones = [...I('LDI', { ra: 1, imm: 1 }), ...I('LDI', { ra: 0, imm: 0 })];
const irqA = { name: 'irqA', code: 8, value: 0 };
const irqB = { name: 'irqB', code: 9, value: 0 };

/** feat16 with the handler halting at once. */
function haltingHandler(code: number[], isa: IsaDescription = feat16): Machine {
  const m = feat(code, isa);
  m.loadCells(HANDLER, I('HALT'));
  return m;
}

/** What the reference machine does from the machine's current state, one full step. */
function referenceStep(m: Machine) {
  const st = RefState.fromSnapshot(m.isa, m.snapshot());
  const out = referenceFullStep(m.isa, st);
  st.apply(out.writes);
  return { trap: out.trap, state: st.toSnapshot(out.halted, m.steps + 1) };
}

describe('an interrupt is taken right after the instruction that makes its condition true', () => {
  // PA is pending from the start; MTS at ORIGIN + 2 enables interrupts; the ADD after it must not run.
  const code = [...ones, ...IE(1), ...I('ADD', { ra: 2, rb: 1 }), ...I('ADD', { ra: 2, rb: 1 }), ...I('HALT')];
  const enableAt = ORIGIN + 2;

  test('run(): the interrupted PC is the instruction after the enabling one', () => {
    const m = haltingHandler(code);
    m.setReg('PA', 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 5 }); // LDI, LDI, MTS, the interrupt, HALT
    expect(saved(m)).toEqual([enableAt + 1, 8, 0, 0b11]);
    expect(m.getFile('r', 2)).toBe(0);
    expect([m.getReg('PC'), m.getReg('IE'), m.getReg('M')]).toEqual([HANDLER + 1, 0, 1]);
  });

  test('step(): the step after the enabling one reports the interrupt, at the next PC, fetching nothing', () => {
    const m = haltingHandler(code);
    m.setReg('PA', 1);
    for (let i = 0; i < 2; i++) expect(m.step().trap).toBeUndefined();
    const enable = m.step();
    expect([enable.pc, enable.mnemonic, enable.trap]).toEqual([enableAt, 'MTS', undefined]);
    const taken = m.step();
    expect(taken.trap).toEqual(irqA);
    expect(taken.pc).toBe(enableAt + 1);
    expect(taken.cells).toEqual([]);
    expect(taken.mnemonic).toBeUndefined();
    expect(taken.writes).toContainEqual({ kind: 'reg', name: 'PC', value: HANDLER });
    expect(saved(m)).toEqual([enableAt + 1, 8, 0, 0b11]);
    expect(m.getFile('r', 2)).toBe(0);
  });

  test('an instruction that raises a pending bit while enabled is interrupted after, in run() and step()', () => {
    const raise = [...ones, ...PA(1), ...I('ADD', { ra: 2, rb: 1 }), ...I('HALT')];
    const byRun = haltingHandler(raise);
    byRun.setReg('IE', 1);
    byRun.run();
    const byStep = haltingHandler(raise);
    byStep.setReg('IE', 1);
    const traps = Array.from({ length: 4 }, () => byStep.step().trap?.name ?? '-');
    expect(traps).toEqual(['-', '-', '-', 'irqA']);
    for (const m of [byRun, byStep]) {
      expect(saved(m)).toEqual([ORIGIN + 3, 8, 0, 0b11]);
      expect(m.getFile('r', 2)).toBe(0);
    }
  });

  test('a run that ends right after the enabling instruction leaves the interrupt to the next run', () => {
    const m = haltingHandler(code);
    m.setReg('PA', 1);
    expect(m.run(3)).toEqual({ reason: 'step-limit', steps: 3 });
    expect(m.getReg('PC')).toBe(enableAt + 1);
    expect(m.run(1)).toEqual({ reason: 'step-limit', steps: 1 });
    expect(saved(m)[0]).toBe(enableAt + 1);
    expect(m.getReg('PC')).toBe(HANDLER);
  });

  test('inside a loop, the instruction after the enabling one does not run', () => {
    // r3 counts down from 3; the loop enables interrupts on its first pass (PA pending).
    const loop = [...ones, ...I('LDI', { ra: 3, imm: 3 }), ...I('LIW', { ra: 2, imm: 0xffff }), ...IE(1), ...I('ADD', { ra: 3, rb: 2 }), ...I('JNZ', { ra: 3, rel: -2 }), ...I('HALT')];
    const m = haltingHandler(loop);
    m.setReg('PA', 1);
    m.run();
    expect(m.getFile('r', 3)).toBe(3);
    expect(saved(m)[0]).toBe(ORIGIN + 6); // LDI, LDI, LDI, LIW (two cells), MTS: the ADD is next
  });

  test('the interrupted step is a step: it counts and advances the clock', () => {
    const m = haltingHandler(code);
    m.setReg('PA', 1);
    m.run(4);
    expect([m.steps, m.getReg('CYC')]).toEqual([4, 4]);
  });
});

describe('masking and priority', () => {
  test('not taken while masked (IE = 0), in run() and step()', () => {
    const code = [...ones, ...PA(1), ...I('ADD', { ra: 2, rb: 1 }), ...I('HALT')];
    const byRun = haltingHandler(code);
    expect(byRun.run()).toEqual({ reason: 'halted', steps: 5 });
    const byStep = haltingHandler(code);
    const traps = Array.from({ length: 5 }, () => byStep.step().trap);
    expect(traps.every((t) => t === undefined)).toBe(true);
    for (const m of [byRun, byStep]) {
      expect(m.getFile('r', 2)).toBe(1);
      expect(m.getReg('PA')).toBe(1);
      expect(saved(m)).toEqual([0, 0, 0, 0]);
    }
  });

  test('disabling before the pending bit is raised keeps the interrupt out', () => {
    const code = [...ones, ...IE(0), ...PA(1), ...I('ADD', { ra: 2, rb: 1 }), ...I('HALT')];
    const m = haltingHandler(code);
    m.setReg('IE', 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 6 });
    expect(m.getFile('r', 2)).toBe(1);
  });

  test('the trap sequence masks interrupts: the handler runs without being interrupted again', () => {
    const m = haltingHandler([...I('NOP')]);
    m.loadCells(HANDLER, [...I('NOP'), ...I('NOP'), ...I('HALT')]);
    m.setReg('IE', 1);
    m.setReg('PA', 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 4 }); // the interrupt, then the handler's three
    expect(saved(m)).toEqual([ORIGIN, 8, 0, 0b11]);
  });

  test.each([
    ['both pending: the first listed (irqA) wins', 1, 1, irqA],
    ['only the second pending: irqB', 0, 1, irqB],
    ['only the first pending: irqA', 1, 0, irqA],
  ])('%s', (_, pa, pb, trap) => {
    const m = feat([...I('NOP')]);
    m.setReg('IE', 1);
    m.setReg('PA', pa);
    m.setReg('PB', pb);
    expect(m.step().trap).toEqual(trap);
    expect(saved(m)[1]).toBe(trap.code);
  });

  test('priority is the order of the list, not of the codes', () => {
    const swapped: IsaDescription = { ...feat16, name: 'feat16-swapped', traps: { ...feat16.traps, interrupts: [...feat16.traps.interrupts!].reverse() } };
    const m = feat([...I('NOP')], swapped);
    m.setReg('IE', 1);
    m.setReg('PA', 1);
    m.setReg('PB', 1);
    expect(m.step().trap).toEqual(irqB);
  });

  test('a pending interrupt is taken before the fetch fault of the instruction at the PC', () => {
    const m = feat([...I('NOP')]);
    m.setReg('XL', ORIGIN - 1);
    m.setReg('IE', 1);
    m.setReg('PB', 1);
    expect(m.step().trap).toEqual(irqB);
    m.setReg('PC', ORIGIN);
    m.setReg('XL', ORIGIN - 1);
    expect(m.step().trap).toEqual({ name: 'fetchFault', code: 1, value: ORIGIN });
  });
});

describe('the host raises an interrupt', () => {
  /** A machine that has run a while with interrupts enabled and nothing pending. */
  function running(): Machine {
    const m = feat([...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('JNZ', { ra: 1, rel: -4 })]);
    m.setFile('r', 1, 1);
    m.setReg('IE', 1);
    expect(m.run(7)).toEqual({ reason: 'step-limit', steps: 7 });
    return m;
  }

  test('setReg that raises one makes the next step() take it', () => {
    const m = running();
    const pc = m.getReg('PC');
    m.setReg('PA', 1);
    const res = m.step();
    expect(res.trap).toEqual(irqA);
    expect(res.pc).toBe(pc);
    expect(saved(m)[0]).toBe(pc);
  });

  test('setReg that raises one makes the next run() take it first', () => {
    const m = running();
    const pc = m.getReg('PC');
    m.setReg('PB', 1);
    expect(m.run(1)).toEqual({ reason: 'step-limit', steps: 1 });
    expect(saved(m).slice(0, 2)).toEqual([pc, 9]);
    expect(m.getReg('PC')).toBe(HANDLER);
  });

  test('restore() of a state with one pending makes the next step take it', () => {
    const m = running();
    const snap = m.snapshot();
    const other = running();
    other.restore({ ...snap, registers: { ...snap.registers, PA: 1 } });
    expect(other.step().trap).toEqual(irqA);
  });

  test('an onTrap handler receives the interrupt with the machine as it was, and run() resumes at the interrupted instruction', () => {
    const seen: { trap: unknown; pc: number }[] = [];
    const m = new Machine(feat16, {
      onTrap: (trap, mm) => {
        seen.push({ trap, pc: mm.getReg('PC') });
        mm.setReg('PA', 0);
      },
    });
    m.loadCells(ORIGIN, [...I('LDI', { ra: 2, imm: 7 }), ...I('HALT')]);
    m.setReg('IE', 1);
    m.setReg('PA', 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(seen).toEqual([{ trap: irqA, pc: ORIGIN }]);
    expect(m.getFile('r', 2)).toBe(7);
  });
});

describe('the reference machine', () => {
  test('takes the interrupt at the same step as the machine, with the same state after', () => {
    const m = haltingHandler([...ones, ...IE(1), ...I('ADD', { ra: 2, rb: 1 })]);
    m.setReg('PA', 1);
    for (let i = 0; i < 4; i++) {
      const want = referenceStep(m);
      const got = m.step();
      expect(got.trap && { ...got.trap, value: BigInt(got.trap.value) }).toEqual(want.trap);
      expect(m.snapshot()).toEqual(want.state);
    }
    expect(saved(m)[1]).toBe(8);
  });

  // Programs that enable, raise and clear interrupts (MTS to IE, PA, PB) among ordinary instructions.
  const scenario = featState(program(['NOP', 'LDI', 'ADD', 'JNZ', 'MTS', 'MTS', 'MTS', 'LD', 'ST']));
  fcTest.prop([scenario])('run(), step() and the reference agree on random programs that switch interrupts', (snap) => {
    const expected = referenceRun(feat16, snap, 40);
    expect(machineRun('step', feat16, snap, 40)).toEqual(expected);
    expect(machineRun('run', feat16, snap, 40)).toEqual(expected);
  });
});

describe('fixed bugs, kept as regressions', () => {
  // Was a bug (fixed): compile-block.ts lets a block loop in place (`this.loops`) when its last instruction may
  // branch back to the block's entry, without looking at `writesIrq`: the loop never returns to the
  // run loop, which is where interrupts are checked.
  test('a block that loops in place is interrupted after the instruction that raises the interrupt (run)', () => {
    // ADD r1, r2; SPJ r3, -1 (PA = 1 and jump back to the ADD), interrupts enabled.
    const m = feat([...I('ADD', { ra: 1, rb: 2 }), ...I('SPJ', { ra: 3, rel: -1 })]);
    m.setReg('IE', 1);
    m.setFile('r', 2, 1);
    m.setFile('r', 3, 1);
    const expected = referenceRun(feat16, m.snapshot(), 10).state;
    m.run(10);
    expect(m.getFile('r', 1)).toBe(1); // the reference: ADD, SPJ, the interrupt, then the handler
    expect(m.snapshot()).toEqual(expected);
  });

  /** IE and the condition (the trap sequence clears IE, so the handler is not interrupted again). */
  const enabled = (when: Expr): Expr => ({ kind: 'binary', op: 'and', left: { kind: 'reg', name: 'IE' }, right: when });

  // Was a bug (fixed): the machine rechecks interrupt conditions only when an instruction writes a register they
  // read, but the timing advance of every step is not counted as a write: a timer interrupt (a
  // condition on a timing register) is never taken by run() or step(); the reference takes it.
  const timer: IsaDescription = {
    ...feat16,
    name: 'feat16-timer',
    traps: { ...feat16.traps, interrupts: [{ trap: 'irqA', when: enabled({ kind: 'compare', op: 'uge', left: { kind: 'reg', name: 'CYC' }, right: { kind: 'const', width: 32, value: '0x3' } }) }] },
  };
  test.each(['run', 'step'] as const)('a timer interrupt is taken once the clock reaches its compare value (%s)', (how) => {
    const m = feat([...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP')], timer);
    m.setReg('IE', 1);
    const snap = m.snapshot();
    const expected = referenceRun(timer, snap, 5);
    expect(expected.state.registers.PC).toBe(HANDLER + 1); // NOP x3, the interrupt at CYC = 3, one handler step
    expect(machineRun(how, timer, snap, 5)).toEqual(expected);
  });

  // Was a bug (fixed): context.ts collects only scalar registers into irqSlots (a register file adds its name to
  // irqFiles, which is compared only with files written at run-time indices): an instruction that
  // writes a register-file element at a constant index is not seen to change the condition.
  const onR1: Expr = { kind: 'compare', op: 'ne', left: { kind: 'file', name: 'r', index: { kind: 'const', width: 2, value: '0x1' } }, right: { kind: 'const', width: 16, value: '0x0' } };
  const fileIrq: IsaDescription = { ...feat16, name: 'feat16-file-irq', traps: { ...feat16.traps, interrupts: [{ trap: 'irqA', when: enabled(onR1) }] } };
  test.each(['run', 'step'] as const)('an interrupt on a register-file element is taken after LDI writes it (%s)', (how) => {
    const m = feat([...I('LDI', { ra: 1, imm: 7 }), ...I('NOP'), ...I('NOP'), ...I('HALT')], fileIrq);
    m.setReg('IE', 1);
    const snap = m.snapshot();
    const expected = referenceRun(fileIrq, snap, 3);
    expect(expected.state.registers.PC).toBe(HANDLER + 1);
    expect(machineRun(how, fileIrq, snap, 3)).toEqual(expected);
  });
});
