/**
 * Repetition as restartable single steps (rep8, test/machine/repeat-isa.ts): REP MOVSB moves one
 * byte a step and stays on itself until CX is zero. The emulator runs it a step at a time or in
 * blocks with the same result, stops between any two elements with the progress in registers,
 * and the checker sees one loop-free step; the monitor runs it as the bare machine does.
 */
import { describe, expect, test } from 'vitest';
import { Machine } from '../../machine/index.js';
import { checkIsa } from '../../proofs/index.js';
import { checkEquivalence } from '../../vmm/index.js';
import { rep8 } from './repeat-isa.js';
import { cells } from './helpers.js';

/** The supervisor points SI, DI and CX at five bytes and enters user mode, which copies them and calls the supervisor, which halts. */
function program(): Machine {
  const m = new Machine(rep8);
  const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(rep8, mnemonic, fields);
  m.loadCells(1, [0x30]); // where the trap sequence enters the supervisor
  m.loadCells(0x10, [...I('LSI', { imm: 0x40 }), ...I('LDI', { imm: 0x80 }), ...I('LCX', { imm: 5 }), ...I('USER', { imm: 0x20 })]);
  m.loadCells(0x20, [...I('REPMOVSB'), ...I('TRAP')]);
  m.loadCells(0x30, I('HALT'));
  m.loadCells(0x40, [11, 22, 33, 44, 55, 66]);
  return m;
}

describe('repetition as restartable single steps', () => {
  test('REP MOVSB copies CX bytes, one a step, and the same in blocks as one step at a time', () => {
    const a = program();
    expect(a.run(100).reason).toBe('halted');
    expect([0x80, 0x81, 0x82, 0x83, 0x84, 0x85].map((p) => a.readCell(p))).toEqual([11, 22, 33, 44, 55, 0]);
    expect([a.getReg('SI'), a.getReg('DI'), a.getReg('CX')]).toEqual([0x45, 0x85, 0]);
    // 4 set-up steps, 5 copies, the trap, the halt.
    expect(a.snapshot().steps).toBe(11);
    const b = program();
    for (let i = 0; i < 11; i++) b.step();
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  test('between two elements the PC is on the instruction and the progress is in the registers', () => {
    const m = program();
    for (let i = 0; i < 4 + 2; i++) m.step();
    expect(m.getReg('PC')).toBe(0x20);
    expect([m.getReg('SI'), m.getReg('DI'), m.getReg('CX')]).toEqual([0x42, 0x82, 3]);
    expect(m.readCell(0x82)).toBe(0);
  });

  test('with CX = 0 it moves nothing and goes on', () => {
    const m = new Machine(rep8);
    m.loadCells(0x10, cells(rep8, 'REPMOVSB'));
    m.step();
    expect(m.getReg('PC')).toBe(0x12);
    expect(m.snapshot().storage.filter(([a]) => a !== 0x10 && a !== 0x11)).toEqual([]);
  });

  test('the checker sees one loop-free step: REP MOVSB is innocuous and rep8 virtualizable', async () => {
    const r = await checkIsa(rep8);
    expect(r.instructions.find((i) => i.mnemonic === 'REPMOVSB')!.derived).toBe('innocuous');
    expect(r.verdict).toBe('virtualizable');
  }, 120_000);

  test('under the monitor the guest copies as on the bare machine', () => {
    const r = checkEquivalence(rep8, program().snapshot(), 256, { maxSteps: 40, reserve: 0 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
  });
});
