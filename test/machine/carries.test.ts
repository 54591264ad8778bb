/**
 * Carried counters (`state.carries`): the high half of a wide counter advances when its low half
 * wraps to zero, not on every step — on an ordinary step, a trapping one, an interrupt, inside a
 * compiled block, and on the reference machine alike.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { Machine, RefState, referenceFullStep } from '../../machine/index.js';
import { encode, toCells } from '../../spec/encoding.js';
import { rv32 } from '../../spec/isa/index.js';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';
import { feat, feat16, featState, HANDLER, I, machineRun, ORIGIN, program, referenceRun, saved } from './feature-isa.js';

const MAX = 0xffffffff;

/** feat16 with the clock at (CYC, CYCH) and `code` at ORIGIN. */
function clock(cyc: number, cych: number, code: number[] = [...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP')]): Machine {
  const m = feat(code);
  m.setReg('CYC', cyc);
  m.setReg('CYCH', cych);
  return m;
}
const counter = (m: Machine) => [m.getReg('CYC'), m.getReg('CYCH')];

describe('the high half advances when the low half wraps', () => {
  test.each([
    ['step()', (m: Machine) => void m.step()],
    ['run(1)', (m: Machine) => void m.run(1)],
  ])('with CYC = 0xffffffff, one %s makes CYC 0 and CYCH + 1', (_, once) => {
    const m = clock(MAX, 5);
    once(m);
    expect(counter(m)).toEqual([0, 6]);
  });

  test('and after a trapping step (an illegal word): the trap sequence’s advance carries too', () => {
    const m = clock(MAX, 5, [0x0fff]);
    const res = m.step();
    expect(res.trap?.name).toBe('illegal');
    expect(counter(m)).toEqual([0, 6]);
  });

  test('and after a fetch fault, in run()', () => {
    const m = clock(MAX, 5);
    m.setReg('XL', ORIGIN - 1);
    expect(m.run(1).steps).toBe(1);
    expect(saved(m)[1]).toBe(1);
    expect(counter(m)).toEqual([0, 6]);
  });

  test('and after an interrupt', () => {
    const m = clock(MAX, 5);
    m.setReg('IE', 1);
    m.setReg('PA', 1);
    expect(m.step().trap?.name).toBe('irqA');
    expect(counter(m)).toEqual([0, 6]);
  });

  test('the step report lists both halves', () => {
    const m = clock(MAX, 5);
    expect(m.step().writes).toEqual([
      { kind: 'reg', name: 'PC', value: ORIGIN + 1 },
      { kind: 'reg', name: 'CYC', value: 0 },
      { kind: 'reg', name: 'CYCH', value: 6 },
    ]);
  });

  test('the high half wraps too', () => {
    const m = clock(MAX, MAX);
    m.step();
    expect(counter(m)).toEqual([0, 0]);
  });

  test('inside a compiled block, at the step where the low half wraps, and an instruction after it reads the new high half', () => {
    const code = [...I('NOP'), ...I('NOP'), ...I('RDC', { ra: 1, h: 1 }), ...I('RDC', { ra: 2, h: 0 }), ...I('HALT')];
    const m = clock(MAX - 1, 0x1234, code);
    expect(m.run()).toEqual({ reason: 'halted', steps: 5 });
    expect([m.getFile('r', 1), m.getFile('r', 2)]).toEqual([0x1235, 1]); // RDC reads the clock before its own step's advance
    expect(counter(m)).toEqual([3, 0x1235]);
  });

  // A block that never reads or writes the clock advances it on exit through one shared function
  // (CompileContext.advanceFunction): by the instructions it completed, carrying, at every budget.
  test.each([1, 32])('a block that never touches the clock, compiled after %i runs, advances it as the reference does at every budget', (runs) => {
    const before = tiering.runs;
    tiering.runs = runs;
    try {
      const code = [...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('HALT')];
      const snap = clock(MAX - 2, 0x77, code).snapshot();
      for (let k = 1; k <= 7; k++) {
        contextFor(feat16, feat16.state.storage.cells).hot.clear();
        expect(machineRun('run', feat16, snap, k), `run(${k})`).toEqual(referenceRun(feat16, snap, k));
      }
      const m = clock(MAX - 2, 0x77, code);
      expect(m.run()).toEqual({ reason: 'halted', steps: 6 });
      expect(counter(m)[1]).toBe(0x78);
    } finally {
      tiering.runs = before;
    }
  });
});

describe('the high half does not advance otherwise', () => {
  test('one step short of the wrap: no carry yet, then the carry on the next', () => {
    const m = clock(MAX - 1, 5);
    m.step();
    expect(counter(m)).toEqual([MAX, 5]);
    m.step();
    expect(counter(m)).toEqual([0, 6]);
  });

  test('it is not ticked every step as a timing resource is: ten steps from 0 leave it alone', () => {
    const loop = [...I('NOP'), ...I('JNZ', { ra: 1, rel: -1 })];
    const m = clock(0, 7, loop);
    m.setFile('r', 1, 1);
    m.run(10);
    expect(counter(m)).toEqual([10, 7]);
    for (let i = 0; i < 10; i++) m.step();
    expect(counter(m)).toEqual([20, 7]);
  });

  test('a trapping step away from the wrap leaves it alone', () => {
    const m = clock(41, 7, [0x0fff]);
    m.loadCells(HANDLER, I('HALT'));
    expect(m.run()).toEqual({ reason: 'halted', steps: 2 });
    expect(counter(m)).toEqual([43, 7]);
  });
});

describe('the reference machine', () => {
  test.each([
    ['at the wrap', MAX, 9],
    ['before it', MAX - 1, 9],
    ['both at the top', MAX, MAX],
  ])('writes the same halves as the machine after one step (%s)', (_, cyc, cych) => {
    const m = clock(cyc, cych);
    const st = RefState.fromSnapshot(feat16, m.snapshot());
    const out = referenceFullStep(feat16, st);
    st.apply(out.writes);
    m.step();
    expect(st.toSnapshot(false, 1)).toEqual(m.snapshot());
    expect(out.writes.filter((w) => w.kind === 'reg' && w.name === 'CYCH').length).toBe(cyc === MAX ? 1 : 0);
  });

  // Programs that read the clock, trap, and loop, from clocks near the wrap.
  const scenario = featState(program(['NOP', 'LDI', 'ADD', 'JNZ', 'RDC', 'RDC', 'LD', 'ST']));
  fcTest.prop([scenario])('run(), step() and the reference agree on random programs with the clock near its wrap', (snap) => {
    const expected = referenceRun(feat16, snap, 30);
    expect(machineRun('step', feat16, snap, 30)).toEqual(expected);
    expect(machineRun('run', feat16, snap, 30)).toEqual(expected);
  });
});

describe('rv32', () => {
  test('mcycle, minstret and mtime carry into their high halves (and only then)', () => {
    const m = new Machine(rv32);
    const nop = rv32.instructions.find((i) => i.mnemonic === 'ADDI')!;
    const word = toCells(encode(nop, { rd: 0, rs1: 0, imm: 0 }), nop.encoding, { cellBits: 8 });
    m.loadCells(0, [...word, ...word]);
    m.setReg('mcycle', MAX);
    m.setReg('minstret', MAX - 1);
    m.setReg('mtime', MAX);
    m.setReg('mtimeh', 41);
    m.step();
    expect(['mcycle', 'mcycleh', 'minstret', 'minstreth', 'mtime', 'mtimeh'].map((r) => m.getReg(r))).toEqual([0, 1, MAX, 0, 0, 42]);
    m.run(1);
    expect(['mcycle', 'mcycleh', 'minstret', 'minstreth', 'mtime', 'mtimeh'].map((r) => m.getReg(r))).toEqual([1, 1, 0, 1, 1, 42]);
  });
});
