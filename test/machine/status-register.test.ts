/**
 * Registers with fields on the emulator (sr8, sr8-010): each field is its own register, the whole
 * register reads as its fields with zeros between them, a write of the whole sets every field.
 */
import { describe, expect, test } from 'vitest';
import { Machine } from '../../machine/index.js';
import { referenceStep } from '../../machine/reference.js';
import { isKnownValid } from '../../spec/validate/validate.js';
import { sr8, sr8010, srProgram } from './status-register-isa.js';
import { cells } from './helpers.js';

describe('a status register with fields, on the emulator', () => {
  test('each field is a register of its own kind, the reset split among them', () => {
    const regs = Object.fromEntries(sr8.state.registers.map((r) => [r.name, r]));
    expect(Object.keys(regs)).toEqual(['PC', 'D', 'SR.C', 'SR.Z', 'SR.I', 'SR.S', 'SR.T', 'L', 'B']);
    expect([regs['SR.C']!.kind, regs['SR.Z']!.kind, regs['SR.I']!.kind, regs['SR.S']!.kind]).toEqual(['user', 'user', 'system', 'system']);
    expect(regs['SR.I']!.width).toBe(2);
    expect(regs['SR.S']!.fieldOf).toEqual({ register: 'SR', lo: 6, registerWidth: 8 });
    const m = new Machine(sr8);
    expect(m.getReg('SR.S')).toBe(1);
    expect(m.getReg('SR.T')).toBe(0);
  });

  test('the program runs: MOVE to SR enters user mode, MOVE to CCR sets the codes, the supervisor reads the whole SR', () => {
    const m = srProgram(sr8);
    const r = m.run(100);
    expect(r.reason).toBe('halted');
    // The handler read S (1), Z and C (1), zeros in bits 5 and 2, I = 0, T = 0.
    expect(m.getReg('D')).toBe(0x43);
    expect(m.readCell(3)).toBe(0x43);
    // The trap sequence stored the user's whole SR and the PC of the TRAP.
    expect(m.readCell(1)).toBe(0x03);
    expect(m.readCell(0)).toBe(8);
  });

  test('MOVE from SR in user mode: the 68000 reads it, the 68010 traps', () => {
    for (const [isa, traps] of [
      [sr8, false],
      [sr8010, true],
    ] as const) {
      const m = new Machine(isa);
      m.loadCells(4, cells(isa, 'MVFSR'));
      m.setReg('SR.S', 0);
      m.setReg('SR.I', 2);
      const s = m.step();
      expect(s.trap?.name === 'priv', isa.name).toBe(traps);
      if (!traps) expect(m.getReg('D')).toBe(0x10);
    }
  });

  test('a write of the whole SR sets every field, and the reference evaluator agrees with the compiled step', () => {
    const m = new Machine(sr8);
    m.loadCells(4, cells(sr8, 'MVTSR'));
    m.setReg('D', 0xff);
    const view = {
      reg: (n: string) => BigInt(m.getReg(n)),
      file: () => 0n,
      cell: (p: bigint) => (p < 16n ? BigInt(m.readCell(Number(p))) : undefined),
      storageCells: 16,
    };
    const ref = referenceStep(sr8, view);
    m.step();
    expect([m.getReg('SR.C'), m.getReg('SR.Z'), m.getReg('SR.I'), m.getReg('SR.S'), m.getReg('SR.T')]).toEqual([1, 1, 3, 1, 1]);
    expect(ref.outcome.kind).toBe('ok');
    if (ref.outcome.kind === 'ok')
      for (const w of ref.outcome.writes) if (w.kind === 'reg' && w.name.startsWith('SR.')) expect(m.getReg(w.name), w.name).toBe(Number(w.value));
  });

  test('a description still in source form is refused by the emulator with a message that says so', () => {
    const fields = sr8.state.registers.filter((r) => r.fieldOf).map((r) => ({ name: r.name.slice(3), hi: r.fieldOf!.lo + r.width - 1, lo: r.fieldOf!.lo, kind: r.kind }));
    const source = { ...sr8, state: { ...sr8.state, registers: [...sr8.state.registers.filter((r) => !r.fieldOf), { name: 'SR', width: 8, kind: 'system' as const, fields }] } };
    expect(() => new Machine(source)).toThrow(/sr8: the description has 1 problem\n.*the description is in source form \(registers with fields\)/);
  });

  test('the emulator trusts only the very description assertValidIsa returned: a copy with a broken register is refused', () => {
    expect(isKnownValid(sr8)).toBe(true);
    const copy = structuredClone(sr8);
    expect(isKnownValid(copy)).toBe(false);
    copy.state.registers.find((r) => r.name === 'SR.S')!.width = 0;
    expect(() => new Machine(copy)).toThrow(/sr8: the description has/);
    expect(() => new Machine(sr8)).not.toThrow();
  });
});
