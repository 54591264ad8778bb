/** The Machine API: limits, errors, onTrap, the step report, the trace, snapshots, self-modifying code. */
import { describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/isa/pg74.js';
import { Machine, MachineError, traceLine, type MachineSnapshot, type Write } from '../../machine/index.js';
import { cells, HANDLER, machine, ORIGIN, r, regs, user } from './helpers.js';
import { tiny8 } from './tiny-isa.js';

const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(pg74, mnemonic, fields);
/** A loop at ORIGIN that never ends: r1 counts up. */
const forever = [...I('ADDI', { ra: 1, rb: 1, imm: 1 }), ...I('JMP', { target: ORIGIN })];

/** What changed between two snapshots, as step() reports it. */
function diff(a: MachineSnapshot, b: MachineSnapshot): Write[] {
  const out: Write[] = [];
  for (const [name, v] of Object.entries(b.registers)) if (a.registers[name] !== v) out.push({ kind: 'reg', name, value: v });
  for (const [name, vs] of Object.entries(b.files)) vs.forEach((v, index) => a.files[name]![index] !== v && out.push({ kind: 'file', name, index, value: v }));
  const before = new Map(a.storage);
  const after = new Map(b.storage);
  const addrs = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => x - y);
  for (const addr of addrs) if ((before.get(addr) ?? 0) !== (after.get(addr) ?? 0)) out.push({ kind: 'store', addr, value: after.get(addr) ?? 0 });
  return out;
}

describe('limits', () => {
  test('run() stops at the step budget', () => {
    const m = machine();
    m.loadCells(ORIGIN, forever);
    expect(m.run(1001)).toEqual({ reason: 'step-limit', steps: 1001 });
    expect(m.steps).toBe(1001);
    expect(r(m, 1)).toBe(501);
    expect(m.getReg('PC')).toBe(ORIGIN + 1);
  });
  test('run() without a budget uses maxSteps', () => {
    const m = machine(pg74, { maxSteps: 500 });
    m.loadCells(ORIGIN, forever);
    expect(m.run()).toEqual({ reason: 'step-limit', steps: 500 });
    expect(m.run(0)).toEqual({ reason: 'step-limit', steps: 0 });
  });
  test('a budget that ends inside a block stops exactly there', () => {
    const m = machine();
    m.loadCells(ORIGIN, [...I('ADDI', { ra: 1, rb: 1, imm: 1 }), ...I('ADDI', { ra: 2, rb: 2, imm: 1 }), ...I('ADDI', { ra: 3, rb: 3, imm: 1 }), ...I('JMP', { target: ORIGIN })]);
    m.run(6);
    expect([r(m, 1), r(m, 2), r(m, 3), m.getReg('PC'), m.getReg('CLK')]).toEqual([2, 2, 1, ORIGIN + 2, 6]);
  });
  test.each([
    [2 ** 26 + 1, /2\^26/],
    [0, /positive/],
    [1.5, /positive whole number/],
  ])('storageCells %d is refused', (storageCells, message) => {
    expect(() => new Machine(pg74, { storageCells })).toThrow(MachineError);
    expect(() => new Machine(pg74, { storageCells })).toThrow(message);
  });
  test('storageCells up to 2^26 is allowed', () => {
    expect(new Machine(pg74, { storageCells: 2 ** 26 }).storageCells).toBe(2 ** 26);
  });
  test('a negative budget is refused', () => {
    expect(() => machine().run(-1)).toThrow(MachineError);
  });
});

describe('state access', () => {
  test('unknown names and out-of-range values are MachineErrors naming the problem', () => {
    const m = machine();
    expect(() => m.getReg('X')).toThrow(/no register 'X'/);
    expect(() => m.setReg('M', 2)).toThrow(/not an unsigned 1-bit value/);
    expect(() => m.setReg('PC', -1)).toThrow(MachineError);
    expect(() => m.getFile('r', 16)).toThrow(/index must be 0\.\.15/);
    expect(() => m.readCell(65536)).toThrow(/outside storage/);
    expect(() => m.writeCell(0, 2 ** 32)).toThrow(MachineError);
    expect(() => m.loadCells(65535, [1, 2])).toThrow(/outside storage/);
  });
  test('reset() restores reset values and clears storage', () => {
    const m = machine();
    m.setReg('PC', 99);
    regs(m, { 4: 4 });
    m.reset();
    expect([m.getReg('PC'), m.getReg('M'), m.getReg('B'), r(m, 4), m.readCell(9), m.steps]).toEqual([ORIGIN, 1, 0xffffffff, 0, 0, 0]);
  });

  // A new or reset machine skips zeroing storage that is zero already (Machine.zeroed): every way
  // of writing storage must make fillCells(…, 0) zero it again.
  const stores = [...I('ADDI', { ra: 1, rb: 0, imm: 7 }), ...I('ST', { ra: 1, rb: 0, off: 40 }), ...I('HALT')];
  test.each([
    ['writeCell', (m: Machine): void => m.writeCell(40, 7)],
    ['loadCells', (m: Machine): void => m.loadCells(40, [7])],
    ['fillCells', (m: Machine): void => m.fillCells(40, 1, 7)],
    ['restore', (m: Machine): void => m.restore({ ...m.snapshot(), storage: [[40, 7]] })],
    ['internals', (m: Machine): void => void (m.internals().S[40] = 7)],
    ['run', (m: Machine): void => void (m.loadCells(ORIGIN, stores), m.run(10))],
    ['step', (m: Machine): void => void (m.loadCells(ORIGIN, stores), m.step(), m.step())],
  ] as const)('fillCells(…, 0) zeroes a cell written by %s, on a new machine and after reset', (_, write) => {
    for (const fresh of [true, false]) {
      const m = machine();
      if (!fresh) m.reset();
      write(m);
      expect(m.readCell(40)).toBe(7);
      m.fillCells(0, m.storageCells, 0);
      expect(m.readCell(40)).toBe(0);
    }
  });
});

describe('timing', () => {
  test('the timing register advances by one on every step', () => {
    const m = machine();
    m.loadCells(ORIGIN, forever);
    m.run(37);
    expect(m.getReg('CLK')).toBe(37);
    m.step();
    expect(m.getReg('CLK')).toBe(38);
  });
  test('RDCLK inside a block sees the steps before it in the block', () => {
    const m = machine();
    m.loadCells(ORIGIN, [...I('NOP'), ...I('NOP'), ...I('RDCLK', { ra: 1 }), ...I('HALT')]);
    m.run();
    expect(r(m, 1)).toBe(2);
    expect(m.getReg('CLK')).toBe(4);
  });
});

describe('onTrap', () => {
  test('the handler sees the machine as before the trapping instruction', () => {
    const seen: { trap: unknown; snap: MachineSnapshot }[] = [];
    const m = machine(pg74, { onTrap: (trap, mm) => (seen.push({ trap, snap: mm.snapshot() }), mm.requestStop()) });
    m.loadCells(ORIGIN, [...I('ADDI', { ra: 1, rb: 1, imm: 1 }), ...I('HALT')]);
    user(m);
    const res = m.run();
    expect(res).toEqual({ reason: 'stopped', steps: 2 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.trap).toEqual({ name: 'privileged', code: 1, value: 0 });
    const snap = seen[0]!.snap;
    expect(snap.registers).toMatchObject({ PC: ORIGIN + 1, M: 0, CLK: 1 });
    expect(snap.files.r![1]).toBe(1);
    // Nothing of the trap sequence happened.
    expect(snap.storage.filter(([a]) => a < 6)).toEqual([]);
  });
  test('run() goes on after the handler emulates the instruction', () => {
    let traps = 0;
    const m = machine(pg74, {
      onTrap: (_, mm) => {
        traps++;
        mm.setReg('PC', mm.getReg('PC') + 1);
      },
    });
    m.loadCells(ORIGIN, [...I('SVC', { uimm: 1 }), ...I('SVC', { uimm: 2 }), ...I('HALT')]);
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(traps).toBe(2);
  });
  test('step() with a handler reports the trap and no writes', () => {
    const m = machine(pg74, { onTrap: () => {} });
    m.loadCells(ORIGIN, I('SVC', { uimm: 7 }));
    const res = m.step();
    expect(res.trap).toEqual({ name: 'svc', code: 3, value: 7 });
    expect(res.writes).toEqual([]);
    expect(m.getReg('PC')).toBe(ORIGIN);
    expect(m.steps).toBe(1);
  });
});

describe('the step report', () => {
  const program = [
    ...I('LDI', { ra: 1, imm: 5 }),
    ...I('ST', { ra: 1, rb: 0, off: 0x300 }),
    ...I('ST', { ra: 1, rb: 0, off: 0x300 }),
    ...I('LIL', { ra: 2, uimm: 0x12345678 }),
    ...I('SVC', { uimm: 3 }),
  ];
  test("step()'s writes are exactly what changed", () => {
    const m = machine();
    m.loadCells(HANDLER, I('HALT'));
    m.loadCells(ORIGIN, program);
    for (let i = 0; i < 6; i++) {
      const before = m.snapshot();
      const res = m.step();
      expect(res.writes).toEqual(diff(before, m.snapshot()));
    }
    expect(m.halted).toBe(true);
  });
  test('a store of the value already there is not a change', () => {
    const m = machine();
    m.loadCells(ORIGIN, program);
    m.step();
    m.step();
    expect(m.step().writes.map((w) => w.kind)).toEqual(['reg', 'reg']);
  });
  test('mnemonic, fields and cells describe the instruction', () => {
    const m = machine();
    m.loadCells(ORIGIN, program);
    const res = m.step();
    expect(res).toMatchObject({ pc: ORIGIN, cells: I('LDI', { ra: 1, imm: 5 }), mnemonic: 'LDI', fields: { ra: 1, imm: 5 }, halted: false });
  });
});

describe('the trace', () => {
  test('one JSON object per step, with stable keys in a documented order', () => {
    const m = machine();
    m.loadCells(ORIGIN, [...I('LDI', { ra: 1, imm: 5 }), ...I('SVC', { uimm: 9 })]);
    const first = traceLine(pg74, m.step(), 0);
    const second = traceLine(pg74, m.step(), 1);
    expect(first).not.toContain('\n');
    expect(Object.keys(JSON.parse(first))).toEqual(['step', 'pc', 'cells', 'mnemonic', 'fields', 'writes', 'halted']);
    expect(JSON.parse(first)).toEqual({
      step: 0,
      pc: ORIGIN,
      cells: I('LDI', { ra: 1, imm: 5 }),
      mnemonic: 'LDI',
      fields: { ra: 1, imm: 5 },
      writes: [
        { kind: 'reg', name: 'PC', value: ORIGIN + 1 },
        { kind: 'reg', name: 'CLK', value: 1 },
        { kind: 'file', name: 'r', index: 1, value: 5 },
      ],
      halted: false,
    });
    const t = JSON.parse(second);
    expect(Object.keys(t)).toEqual(['step', 'pc', 'cells', 'mnemonic', 'fields', 'trap', 'writes', 'halted']);
    expect(t.trap).toEqual({ name: 'svc', code: 3, value: 9 });
    expect(t.writes).toContainEqual({ kind: 'store', addr: 5, value: 9 });
  });
});

describe('snapshots', () => {
  test('snapshot and restore round-trip, and the run continues identically', () => {
    const m = machine();
    m.loadCells(ORIGIN, forever);
    m.run(100);
    const mid = m.snapshot();
    m.run(50);
    const end = m.snapshot();
    m.restore(mid);
    expect(m.snapshot()).toEqual(mid);
    m.run(50);
    expect(m.snapshot()).toEqual(end);
  });
  test('a snapshot that does not fit is refused and changes nothing', () => {
    const m = machine();
    const good = m.snapshot();
    expect(() => m.restore({ ...good, registers: { ...good.registers, M: 3 } })).toThrow(MachineError);
    expect(() => m.restore({ ...good, files: { r: [1, 2] } })).toThrow(/needs 16 values/);
    expect(() => m.restore({ ...good, storage: [[70000, 1]] })).toThrow(/outside storage/);
    expect(() => m.restore({ ...good, registers: { ...good.registers, Q: 1 } })).toThrow(/no register 'Q'/);
    expect(m.snapshot()).toEqual(good);
  });
  test('storage is listed sparse and ascending', () => {
    const m = machine();
    m.writeCell(40, 4);
    m.writeCell(30, 3);
    expect(m.snapshot().storage).toEqual([[8, 1], [9, HANDLER], [11, 0xffffffff], [30, 3], [40, 4]]);
  });
});

describe('resetRegisters', () => {
  test('registers, halting and the step count return to reset; storage and its decoded code stay', () => {
    const m = machine();
    m.loadCells(ORIGIN, forever);
    const fresh = m.snapshot();
    m.run(100);
    m.writeCell(40, 4);
    m.resetRegisters();
    const after = m.snapshot();
    expect(after.registers).toEqual(fresh.registers);
    expect(after.files).toEqual(fresh.files);
    expect(m.steps).toBe(0);
    expect(m.halted).toBe(false);
    expect(after.storage).toContainEqual([40, 4]);
    // The code already decoded at ORIGIN runs again from the reset state exactly as before.
    m.run(100);
    expect(r(m, 1)).toBe(50);
  });
});

describe('self-modifying code', () => {
  test('a store into the running block takes effect on the next instruction', () => {
    const m = machine();
    const newWord = I('LDI', { ra: 3, imm: 42 })[0]!;
    m.loadCells(ORIGIN, [
      ...I('LIL', { ra: 1, uimm: newWord }),
      ...I('ST', { ra: 1, rb: 0, off: ORIGIN + 4 }),
      ...I('NOP'), // at ORIGIN + 3
      ...I('LDI', { ra: 3, imm: 1 }), // at ORIGIN + 4: overwritten before it runs
      ...I('HALT'),
    ]);
    m.run();
    expect(r(m, 3)).toBe(42);
  });
  test('code rewritten between runs is recompiled', () => {
    const m = machine();
    m.loadCells(ORIGIN, [...I('LDI', { ra: 1, imm: 1 }), ...I('HALT')]);
    m.run();
    m.reset();
    m.loadCells(8, [1, HANDLER, 0, 0xffffffff]);
    m.loadCells(ORIGIN, [...I('LDI', { ra: 1, imm: 1 }), ...I('HALT')]);
    m.run();
    m.setReg('PC', ORIGIN);
    m.restore({ ...m.snapshot(), halted: false });
    m.writeCell(ORIGIN, I('LDI', { ra: 1, imm: 2 })[0]!);
    m.run();
    expect(r(m, 1)).toBe(2);
  });
  test.each(['step', 'run'])('a trap sequence that overwrites compiled code drops it (%s)', (how) => {
    const m = machine();
    // The handler is at E[4], where the trap sequence stores the trap code: 3 for svc, an illegal word.
    m.loadCells(8, [1, 4, 0, 0xffffffff]);
    m.writeCell(4, I('NOP')[0]!);
    m.setReg('PC', 4);
    if (how === 'step') m.step();
    else m.run(1);
    m.setReg('PC', ORIGIN);
    m.loadCells(ORIGIN, I('SVC', { uimm: 1 }));
    const traps: string[] = [];
    for (let i = 0; i < 2; i++) {
      if (how === 'step') traps.push(m.step().trap?.name ?? '-');
      else m.run(1);
    }
    if (how === 'step') expect(traps).toEqual(['svc', 'illegal']);
    expect(m.readCells(4, 2)).toEqual([4, 3]);
  });
});

describe('descriptions this emulator cannot run', () => {
  test('a 64-bit register holds every value exactly, as a bigint; the number API refuses it by name', () => {
    const wide = { ...pg74, state: { ...pg74.state, registers: [...pg74.state.registers, { name: 'ACC', width: 64, kind: 'user' as const }, { name: 'W36', width: 36, kind: 'user' as const }] } };
    const m = new Machine(wide);
    m.setReg('ACC', 2n ** 64n - 1n);
    expect(m.getRegWord('ACC')).toBe(2n ** 64n - 1n);
    m.setReg('ACC', 2n ** 53n + 1n);
    expect(m.snapshot().registers.ACC).toBe(2n ** 53n + 1n);
    expect(() => m.getReg('ACC')).toThrow(/register ACC is wider than 52 bits: read it with getRegWord/);
    expect(() => m.setReg('ACC', 2n ** 64n)).toThrow(/not an unsigned 64-bit value/);
    expect(() => m.setReg('ACC', 2 ** 60)).toThrow(/pass a bigint above 2\^53/);
    m.setReg('W36', 2 ** 36 - 1);
    expect(m.getReg('W36')).toBe(2 ** 36 - 1);
    expect(() => m.setReg('W36', 2 ** 36)).toThrow(/not an unsigned 36-bit value/);
    // pg74's own 32-bit registers keep their values beside the wide ones.
    m.setFile('r', 3, 0xffffffff);
    expect(m.getFile('r', 3)).toBe(0xffffffff);
    const s = m.snapshot();
    m.reset();
    m.restore(s);
    expect(m.getRegWord('ACC')).toBe(2n ** 53n + 1n);
    expect(m.getFile('r', 3)).toBe(0xffffffff);
  });
  test('only a machine with a register wider than 32 bits pays for it: the others keep their registers in an Int32Array', () => {
    expect(new Machine(pg74).internals().R).toBeInstanceOf(Int32Array);
    expect(new Machine(tiny8).internals().R).toBeInstanceOf(Int32Array);
    const wide = { ...pg74, state: { ...pg74.state, registers: [...pg74.state.registers, { name: 'W36', width: 36, kind: 'user' as const }] } };
    expect(new Machine(wide).internals().R).toBeInstanceOf(Float64Array);
  });
  test('a register wider than 64 bits is refused at construction', () => {
    const wide = { ...pg74, state: { ...pg74.state, registers: [...pg74.state.registers, { name: 'ACC', width: 65, kind: 'user' as const }] } };
    expect(() => new Machine(wide)).toThrow(MachineError);
  });
  test('an invalid description is refused with its problems listed', () => {
    const bad = { ...pg74, state: { ...pg74.state, pc: 'Q' } };
    expect(() => new Machine(bad)).toThrow(/state\.pc: the program counter 'Q' is not a declared register/);
  });
  test('storage beyond what the address width reaches is refused', () => {
    expect(() => new Machine(tiny8, { storageCells: 2 ** 16 + 1 })).toThrow(/cannot all be addressed with 16-bit addresses/);
    expect(new Machine(tiny8, { storageCells: 2 ** 16 }).storageCells).toBe(2 ** 16);
  });
  test('a malformed snapshot is a MachineError', () => {
    const m = machine();
    expect(() => m.restore(undefined as unknown as MachineSnapshot)).toThrow(MachineError);
    expect(() => m.restore({ ...m.snapshot(), storage: [[1]] as unknown as [number, number][] })).toThrow(/pairs/);
  });
});
