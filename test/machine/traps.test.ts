/** Traps: the trap sequence, memory traps at the bound and the end of storage, fetch faults, illegal words. */
import { describe, expect, test } from 'vitest';
import type { IsaDescription, RelocationBoundsMap } from '../../spec/description.js';
import { pg74 } from '../../spec/isa/pg74.js';
import { Machine, MachineError } from '../../machine/index.js';
import { contextFor } from '../../machine/context.js';
import { Runtime } from '../../machine/runtime.js';
import { CodeCache } from '../../machine/code-cache.js';
import { cells, exec, HANDLER, machine, ORIGIN, r, regs, user } from './helpers.js';

/** pg74 with the other bound convention: `above` traps when a > b. */
const pg74Above: IsaDescription = {
  ...pg74,
  name: 'pg74-above',
  state: { ...pg74.state, addressMap: { ...(pg74.state.addressMap as RelocationBoundsMap), boundTest: 'above' } },
};

/** A user-mode machine with R = (0x1000, 0x100) and the instruction at virtual ORIGIN. */
function relocated(isa: IsaDescription, mnemonic: string, fields: Record<string, number>, setup: (m: Machine) => void = () => {}) {
  return exec(
    mnemonic,
    fields,
    (m) => {
      user(m);
      m.setReg('L', 0x1000);
      m.setReg('B', 0x100);
      setup(m);
    },
    isa,
  );
}

describe('the trap sequence', () => {
  test('saves the old PSW, code and value in E[0..5] and loads the new PSW from E[8..11]', () => {
    const { m, r: res } = relocated(pg74, 'LD', { ra: 1, rb: 2, off: 0 }, (m) => regs(m, { 2: 0x100 }));
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: 0x100 });
    expect(m.readCells(0, 6)).toEqual([0, ORIGIN, 0x1000, 0x100, 2, 0x100]);
    expect([m.getReg('M'), m.getReg('PC'), m.getReg('L'), m.getReg('B')]).toEqual([1, HANDLER, 0, 0xffffffff]);
  });
  test('runs on the state before the instruction: a trapping instruction writes nothing of its own', () => {
    // LPSW in supervisor mode from an address whose last word faults: no PSW word is loaded.
    const { m, r: res } = exec('LPSW', { rb: 2, off: 0 }, (m) => {
      m.setReg('B', 0x103);
      regs(m, { 2: 0x100 });
      m.loadCells(0x100, [0, 0x40, 0x2000, 0x80]);
    });
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: 0x103 });
    expect(m.readCells(0, 6)).toEqual([1, ORIGIN, 0, 0x103, 2, 0x103]);
  });
  test('the timing register advances on a trapping step too', () => {
    const { m } = exec('SVC', { uimm: 1 });
    expect(m.getReg('CLK')).toBe(1);
  });
});

describe.each([
  ['at-or-above', pg74, 0xff, 0x100],
  ['above', pg74Above, 0x100, 0x101],
] as const)('memory traps at the bound (%s)', (_, isa, lastLegal, firstIllegal) => {
  test(`LD at ${lastLegal} reads E[l + a]`, () => {
    const { m, r: res } = relocated(isa, 'LD', { ra: 1, rb: 2, off: 0 }, (m) => {
      regs(m, { 2: lastLegal });
      m.writeCell(0x1000 + lastLegal, 77);
    });
    expect(res.trap).toBeUndefined();
    expect(r(m, 1)).toBe(77);
  });
  test(`LD at ${firstIllegal} takes the memory trap with the address as value`, () => {
    const { m, r: res } = relocated(isa, 'LD', { ra: 1, rb: 2, off: 0 }, (m) => regs(m, { 2: firstIllegal, 1: 5 }));
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: firstIllegal });
    expect(r(m, 1)).toBe(5);
  });
  test(`ST at ${firstIllegal} stores nothing`, () => {
    const { m, r: res } = relocated(isa, 'ST', { ra: 1, rb: 2, off: 0 }, (m) => regs(m, { 1: 9, 2: firstIllegal }));
    expect(res.trap?.name).toBe('memory');
    expect(m.readCell(0x1000 + firstIllegal)).toBe(0);
    expect(res.writes.filter((w) => w.kind === 'store' && w.addr > 5)).toEqual([]);
  });
  test(`a fetch at ${firstIllegal} faults with the PC as value and no cells`, () => {
    const m = machine(isa);
    user(m);
    m.setReg('L', 0x1000);
    m.setReg('B', 0x100);
    m.setReg('PC', firstIllegal);
    m.loadCells(0x1000 + firstIllegal, cells(isa, 'NOP'));
    const res = m.step();
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: firstIllegal });
    expect(res.cells).toEqual([]);
    expect(res.mnemonic).toBeUndefined();
    expect(m.readCell(1)).toBe(firstIllegal);
  });
  test(`a two-word LIL at ${lastLegal} whose second word is past the bound faults`, () => {
    const m = machine(isa);
    m.setReg('L', 0x1000);
    m.setReg('B', 0x100);
    m.setReg('PC', lastLegal);
    m.loadCells(0x1000 + lastLegal, cells(isa, 'LIL', { ra: 1, uimm: 5 }));
    const res = m.step();
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: lastLegal });
    expect(res.cells).toEqual([]);
    expect(r(m, 1)).toBe(0);
  });
});

describe('memory traps at the end of storage (l + a >= q)', () => {
  const q = 0x1000;
  const small = (a: number) => {
    const m = machine(pg74, { storageCells: q });
    m.setReg('L', 0xf00);
    regs(m, { 2: a });
    m.writeCell(0xfff, 3);
    m.loadCells(0xf00 + ORIGIN, cells(pg74, 'LD', { ra: 1, rb: 2, off: 0 }));
    return { m, res: m.step() };
  };
  test('the last cell is legal', () => {
    const { m, res } = small(0xff);
    expect(res.trap).toBeUndefined();
    expect(r(m, 1)).toBe(3);
  });
  test('one past it traps', () => {
    expect(small(0x100).res.trap).toEqual({ name: 'memory', code: 2, value: 0x100 });
  });
  test('an address that wraps l + a past 2^32 traps rather than wrapping into storage', () => {
    expect(small(0xffffff00).res.trap).toEqual({ name: 'memory', code: 2, value: 0xffffff00 });
  });
  test('a fetch past the end of storage faults', () => {
    const m = machine(pg74, { storageCells: q });
    m.setReg('PC', q);
    expect(m.step().trap).toEqual({ name: 'memory', code: 2, value: q });
  });
  test('a LIL whose immediate would be past the end of storage faults', () => {
    const m = machine(pg74, { storageCells: q });
    m.setReg('PC', q - 1);
    m.loadCells(q - 1, [cells(pg74, 'LIL', { ra: 1 })[0]!]);
    expect(m.step().trap).toEqual({ name: 'memory', code: 2, value: q - 1 });
  });
});

describe('illegal instructions', () => {
  test('the zero word takes the illegal trap with the word as value', () => {
    const m = machine();
    const res = m.step();
    expect(res.trap).toEqual({ name: 'illegal', code: 4, value: 0 });
    expect(res.cells).toEqual([0]);
    expect(m.readCells(0, 6)).toEqual([1, ORIGIN, 0, 0xffffffff, 4, 0]);
  });
  test('a known opcode with a non-zero must-be-zero field is illegal', () => {
    const m = machine();
    const word = cells(pg74, 'ADD', { ra: 1, rb: 2, rc: 3 })[0]! | 1;
    m.writeCell(ORIGIN, word);
    expect(m.step().trap).toEqual({ name: 'illegal', code: 4, value: word });
  });
});

describe('machine errors', () => {
  test('a trap sequence that reads past the end of storage is a MachineError', () => {
    // E[10] and E[11] (the new PSW's L and B) do not exist in 10 cells; the fetch at 16 faults.
    const m = new Machine(pg74, { storageCells: 10 });
    expect(() => m.step()).toThrow(MachineError);
    const r = new Machine(pg74, { storageCells: 10 });
    expect(() => r.run()).toThrow(/outside its 10 cells/);
    // The failed step did not happen: no step counted, no state changed.
    expect([m.steps, r.steps, r.getReg('PC'), r.readCell(0)]).toEqual([0, 0, ORIGIN, 0]);
  });
  test('a description whose trap sequence can trap is refused', () => {
    const bad: IsaDescription = { ...pg74, traps: { ...pg74.traps, sequence: [...pg74.traps.sequence, { kind: 'trap', trap: 'svc' }] } };
    expect(() => new Machine(bad)).toThrow(MachineError);
    expect(() => new Machine(bad)).toThrow(/traps\.sequence\[10\].*may not trap/);
  });
  test('a trap inside the compiled trap sequence is a MachineError', () => {
    // Bypass the constructor's validation to reach the run-time check itself.
    const bad: IsaDescription = { ...pg74, traps: { ...pg74.traps, sequence: [{ kind: 'trap', trap: 'svc' }] } };
    const ctx = contextFor(bad, 64);
    const R = new Int32Array(ctx.layout.size);
    const S = new Int32Array(64);
    const rt = new Runtime(ctx, R, S, new CodeCache(ctx, S), undefined);
    expect(() => ctx.sequence(R, S, rt, 1, 0)).toThrow(MachineError);
    expect(() => ctx.sequence(R, S, rt, 1, 0)).toThrow(/trap sequence took the 'svc' trap/);
  });
});
