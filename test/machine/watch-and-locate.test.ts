/**
 * A described address map on the machine (faults per access kind, fetch faults inside compiled
 * blocks, agreement with the reference machine), `Machine.locate`, which answers where an access
 * would go, and `Machine.watchStores`, which reports stores to chosen cells as they commit.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { accessRules, type Access, type IsaDescription } from '../../spec/description.js';
import { translate } from '../../spec/address-map.js';
import { rv32 } from '../../spec/isa/index.js';
import { consoleBase, consoleCell, ramBase, ramBytes } from '../../spec/isa/rv32/machine.js';
import { evaluateExpr, Machine, RefState, referenceFullStep, type StateView } from '../../machine/index.js';
import { feat, feat16, featState, HANDLER, I, machineRun, ORIGIN, program, referenceRun, saved, SR } from './feature-isa.js';

const accesses = ['fetch', 'read', 'write'] as const;

/** A machine with the map: executable up to XL, readable up to RL, writable from WB to RL, at + OFF. */
function mapped(code: number[], map: { XL?: number; RL?: number; WB?: number; OFF?: number }, isa: IsaDescription = feat16): Machine {
  const m = feat([], isa);
  for (const [name, v] of Object.entries(map)) m.setReg(name, v);
  m.loadCells((ORIGIN + m.getReg('OFF')) % 256, code);
  m.loadCells(HANDLER, I('HALT'));
  return m;
}

describe('a described map on the machine: each access kind its own rule', () => {
  // 0x40..0x4f readable, not writable; 0x50..0x5f readable and writable; code runs at 0x10..0x1f.
  const map = { XL: 0x1f, RL: 0x5f, WB: 0x50 };

  test.each(['run', 'step'] as const)('a load from a readable region that is not writable works (%s)', (how) => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x48 }), ...I('LD', { ra: 2, rb: 1 }), ...I('HALT')], map);
    m.writeCell(0x48, 0xabcd);
    if (how === 'run') expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    else for (let i = 0; i < 3; i++) expect(m.step().trap).toBeUndefined();
    expect(m.getFile('r', 2)).toBe(0xabcd);
  });

  test.each(['run', 'step'] as const)('a store there takes the write trap, with the address as the value (%s)', (how) => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x48 }), ...I('ST', { ra: 1, rb: 1 }), ...I('HALT')], map);
    if (how === 'run') expect(m.run()).toEqual({ reason: 'halted', steps: 3 }); // LDI, ST (trapping), the handler's HALT
    else expect([m.step().trap, m.step().trap]).toEqual([undefined, { name: 'storeFault', code: 3, value: 0x48 }]);
    expect(saved(m)).toEqual([ORIGIN + 1, 3, 0x48, 0b10]);
    expect(m.readCell(0x48)).toBe(0);
  });

  test('a store to the writable region above WB works, and one past RL takes the write trap', () => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x5f }), ...I('ST', { ra: 1, rb: 1 }), ...I('LDI', { ra: 1, imm: 0x60 }), ...I('ST', { ra: 1, rb: 1 })], map);
    m.run();
    expect(m.readCell(0x5f)).toBe(0x5f);
    expect(saved(m).slice(0, 3)).toEqual([ORIGIN + 3, 3, 0x60]);
  });

  test('a load past RL takes the read trap, not the write trap', () => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x60 }), ...I('LD', { ra: 2, rb: 1 })], map);
    m.run();
    expect(saved(m).slice(0, 3)).toEqual([ORIGIN + 1, 2, 0x60]);
  });

  test.each(['run', 'step'] as const)('a jump to a readable region that is not executable takes the fetch trap at the target (%s)', (how) => {
    const m = mapped([...I('LDI', { ra: 1, imm: 1 }), ...I('JNZ', { ra: 1, rel: 0x30 })], map); // to 0x41
    m.writeCell(0x41, I('NOP')[0]!);
    if (how === 'run') m.run();
    else expect([m.step().trap, m.step().trap, m.step().trap]).toEqual([undefined, undefined, { name: 'fetchFault', code: 1, value: 0x41 }]);
    expect(saved(m)).toEqual([0x41, 1, 0x41, 0b10]);
  });

  test('loads, stores and fetches all go to vaddr + OFF', () => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x40 }), ...I('LD', { ra: 2, rb: 1 }), ...I('ST', { ra: 2, rb: 1 }), ...I('LDD', { ra: 2, rb: 1 }), ...I('HALT')], { OFF: 0x20 });
    m.loadCells(0x60, [0x1111, 0x2222]);
    m.setFile('r', 2, 0);
    m.run();
    expect(m.readCells(0x40, 2)).toEqual([0, 0]);
    expect([m.getFile('r', 2), m.getFile('r', 3)]).toEqual([0x1111, 0x2222]);
    expect(m.getReg('PC')).toBe(ORIGIN + 5); // the program ran from physical ORIGIN + 0x20
  });

  test('a two-cell load whose second cell is past RL faults, with the first cell’s address', () => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x5f }), ...I('LDD', { ra: 2, rb: 1 })], map);
    m.run();
    expect(saved(m).slice(0, 3)).toEqual([ORIGIN + 1, 2, 0x5f]);
  });

  test('an instruction that changes the map is followed by fetches under the new map', () => {
    // Narrow XL to ORIGIN + 2: the MTS at ORIGIN + 1 and the NOP at ORIGIN + 2 run, ORIGIN + 3 faults.
    const m = mapped([...I('LDI', { ra: 1, imm: ORIGIN + 2 }), ...I('MTS', { ra: 1, sr: SR.XL }), ...I('NOP'), ...I('NOP')], {});
    m.run();
    expect(saved(m).slice(0, 3)).toEqual([ORIGIN + 3, 1, ORIGIN + 3]);
  });
});

describe('a compiled block that runs into a region that is not executable', () => {
  const adds = Array.from({ length: 6 }, () => I('ADD', { ra: 1, rb: 2 })).flat();
  const limit = ORIGIN + 3; // ORIGIN .. ORIGIN + 3 executable

  function check(m: Machine) {
    expect(m.getFile('r', 1)).toBe(4);
    expect(saved(m)).toEqual([limit + 1, 1, limit + 1, 0b10]);
  }

  test('run(): faults exactly at the first instruction past the limit', () => {
    const m = mapped(adds, { XL: limit });
    m.setFile('r', 2, 1);
    expect(m.run()).toEqual({ reason: 'halted', steps: 6 });
    check(m);
  });

  test('step(): the same', () => {
    const m = mapped(adds, { XL: limit });
    m.setFile('r', 2, 1);
    const traps = Array.from({ length: 5 }, () => m.step().trap?.name ?? '-');
    expect(traps).toEqual(['-', '-', '-', '-', 'fetchFault']);
    check(m);
  });

  test('run(): the same when the block was compiled while all of it was executable', () => {
    const m = mapped([...adds, ...I('HALT')], {});
    m.run();
    const code = m.readCells(ORIGIN, adds.length);
    m.reset();
    m.loadCells(ORIGIN, code);
    m.loadCells(4, [HANDLER]);
    m.loadCells(HANDLER, I('HALT'));
    // reset() drops compiled code; so compile again, then narrow the map and run from the start.
    m.setReg('XL', 0xff);
    m.run(2);
    m.setReg('PC', ORIGIN);
    m.setFile('r', 1, 0);
    m.setFile('r', 2, 1);
    m.setReg('XL', limit);
    m.run();
    check(m);
  });

  test.each(['run', 'step'] as const)('a two-cell instruction straddling the limit faults at its first cell, without running (%s)', (how) => {
    // ADD x3, then LIW at limit .. limit + 1.
    const m = mapped([...I('ADD', { ra: 1, rb: 2 }), ...I('ADD', { ra: 1, rb: 2 }), ...I('ADD', { ra: 1, rb: 2 }), ...I('LIW', { ra: 1, imm: 0x7777 })], { XL: limit });
    m.setFile('r', 2, 1);
    if (how === 'run') m.run();
    else {
      for (let i = 0; i < 3; i++) m.step();
      const res = m.step();
      expect(res.trap).toEqual({ name: 'fetchFault', code: 1, value: limit });
      expect(res.cells).toEqual([]);
    }
    expect(m.getFile('r', 1)).toBe(3);
    expect(saved(m).slice(0, 3)).toEqual([limit, 1, limit]);
  });
});

describe('the machine and the reference machine on a described map', () => {
  // Every instruction but SPJ (see interrupts.test.ts): map changes, one- and two-cell accesses,
  // two-cell instructions, interrupts and the clock.
  const scenario = featState(program(['NOP', 'LDI', 'ADD', 'LD', 'ST', 'LDD', 'STD', 'JNZ', 'MTS', 'MTS', 'RDC', 'LIW']));
  fcTest.prop([scenario])('run(), step() and the reference agree on random programs', (snap) => {
    const expected = referenceRun(feat16, snap, 40);
    expect(machineRun('step', feat16, snap, 40)).toEqual(expected);
    expect(machineRun('run', feat16, snap, 40)).toEqual(expected);
  });

  fcTest.prop([scenario, fc.integer({ min: 1, max: 39 })])('a run split in two ends where one run does', (snap, k) => {
    const whole = new Machine(feat16);
    whole.restore(snap);
    let wholeError = false;
    try {
      whole.run(40);
    } catch {
      wholeError = true;
    }
    const split = new Machine(feat16);
    split.restore(snap);
    let splitError = false;
    try {
      const first = split.run(k).steps;
      split.run(40 - first);
    } catch {
      splitError = true;
    }
    expect(splitError).toBe(wholeError);
    expect(split.snapshot()).toEqual(whole.snapshot());
  });
});

describe('locate', () => {
  function byTranslate(m: Machine, vaddr: number, access: Access, cells: number): number | undefined {
    const { isa } = m;
    const view: StateView = {
      reg: (name) => BigInt(m.getReg(name)),
      file: (name, i) => BigInt(m.getFile(name, i)),
      cell: () => undefined,
      storageCells: m.storageCells,
    };
    const t = translate(isa, { kind: 'const', width: isa.state.storage.addressBits, value: '0x' + vaddr.toString(16) }, cells, m.storageCells, access);
    if (evaluateExpr(isa, t.fault, {}, view) === 1n) return undefined;
    const p = Number(evaluateExpr(isa, t.physical, {}, view));
    return p + cells <= m.storageCells ? p : undefined;
  }

  test('gives each access kind its own answer: readable, not writable, not executable', () => {
    const m = mapped([], { XL: 0x1f, RL: 0x5f, WB: 0x50, OFF: 3 });
    expect(accesses.map((a) => m.locate(0x48, a))).toEqual([undefined, 0x4b, undefined]);
    expect(accesses.map((a) => m.locate(0x50, a))).toEqual([undefined, 0x53, 0x53]);
    expect(accesses.map((a) => m.locate(0x10, a))).toEqual([0x13, 0x13, undefined]);
    expect(m.locate(0x48)).toBe(0x4b); // a read by default
  });

  test('applies the multi-cell and wrap rules', () => {
    const m = mapped([], { RL: 0x5f });
    expect(m.locate(0x5e, 'read', 2)).toBe(0x5e);
    expect(m.locate(0x5f, 'read', 2)).toBeUndefined();
    m.setReg('RL', 0xff);
    expect(m.locate(0xff, 'read', 1)).toBe(0xff);
    expect(m.locate(0xff, 'read', 2)).toBeUndefined();
  });

  test('is undefined where the map admits an access that would run past the end of storage', () => {
    const m = new Machine(feat16, { storageCells: 0x80 });
    expect(m.locate(0x7f, 'read', 1)).toBe(0x7f);
    expect(m.locate(0x7f, 'read', 2)).toBeUndefined();
    expect(m.locate(0x80, 'write')).toBeUndefined();
  });

  test('follows the current state: after an instruction moves the map', () => {
    const m = mapped([...I('LDI', { ra: 1, imm: 0x40 }), ...I('MTS', { ra: 1, sr: SR.OFF })], {});
    expect(m.locate(0x20)).toBe(0x20);
    m.run(2);
    expect(m.locate(0x20)).toBe(0x60);
  });

  const probe = fc.record({
    regs: fc.record({ XL: fc.nat(0xff), RL: fc.nat(0xff), WB: fc.nat(0xff), OFF: fc.nat(0xff) }),
    vaddr: fc.nat(0xff),
    access: fc.constantFrom(...accesses),
    cells: fc.integer({ min: 1, max: 3 }),
    storageCells: fc.constantFrom(256, 0x90),
  });
  fcTest.prop([probe])('matches translate for every access kind', ({ regs, vaddr, access, cells, storageCells }) => {
    const m = new Machine(feat16, { storageCells });
    for (const [name, v] of Object.entries(regs)) m.setReg(name, v);
    expect(m.locate(vaddr, access, cells)).toBe(byTranslate(m, vaddr, access, cells));
  });

  test('on rv32: RAM and the write-only console through physical memory attributes and PMP', () => {
    const m = new Machine(rv32);
    expect(m.locate(ramBase + 0x10, 'fetch', 4)).toBe(0x10);
    expect(m.locate(ramBase + ramBytes - 4, 'read', 4)).toBe(ramBytes - 4);
    expect(m.locate(ramBase + ramBytes - 2, 'read', 4)).toBeUndefined();
    expect(m.locate(consoleBase, 'write')).toBe(consoleCell);
    expect(m.locate(consoleBase, 'read')).toBeUndefined();
    expect(m.locate(consoleBase, 'fetch')).toBeUndefined();
    expect(m.locate(0, 'read')).toBeUndefined();
    // In U-mode with no PMP entry, nothing is reachable.
    m.setReg('mode', 0);
    expect(accesses.map((a) => m.locate(ramBase, a))).toEqual([undefined, undefined, undefined]);
  });

  test('refuses an address wider than the address width', () => {
    const m = new Machine(feat16);
    expect(() => m.locate(0x100)).toThrow(/virtual address/);
  });
});

describe('watchStores', () => {
  /** LIW r0, value; LDI r1, address; the store (ST r0, r1); two ADDs; HALT. */
  function storing(value: number, address: number, store = I('ST', { ra: 0, rb: 1 })): Machine {
    return feat([...I('LIW', { ra: 0, imm: value }), ...I('LDI', { ra: 1, imm: address }), ...store, ...I('ADD', { ra: 2, rb: 1 }), ...I('ADD', { ra: 2, rb: 1 }), ...I('HALT')]);
  }

  test.each(['run', 'step'] as const)('the handler is called with the cell after the store commits, and reads the new value (%s)', (how) => {
    const m = storing(0xbeef, 0x40);
    const seen: [number, number][] = [];
    m.watchStores(0x40, 1, (p, mm) => seen.push([p, mm.readCell(p)]));
    if (how === 'run') m.run();
    else for (let i = 0; i < 6; i++) m.step();
    expect(seen).toEqual([[0x40, 0xbeef]]);
  });

  test('the handler is not called for stores to other cells, for loads, nor for the host’s own writes', () => {
    const m = feat([...I('LDI', { ra: 1, imm: 0x41 }), ...I('ST', { ra: 1, rb: 1 }), ...I('LDI', { ra: 1, imm: 0x40 }), ...I('LD', { ra: 2, rb: 1 }), ...I('HALT')]);
    const seen: number[] = [];
    m.watchStores(0x40, 1, (p) => seen.push(p));
    m.writeCell(0x40, 1);
    m.loadCells(0x40, [2]);
    m.run();
    expect(seen).toEqual([]);
    expect(m.getFile('r', 2)).toBe(2);
  });

  test('a store that faults is not reported', () => {
    const m = storing(0xbeef, 0x40);
    m.setReg('WB', 0x41);
    const seen: number[] = [];
    m.watchStores(0x40, 1, (p) => seen.push(p));
    m.loadCells(HANDLER, I('HALT'));
    m.run();
    expect(saved(m)[1]).toBe(3);
    expect(seen).toEqual([]);
  });

  test.each(['run', 'step'] as const)('a store by the trap sequence is reported too (%s)', (how) => {
    const m = feat([0x0fff]); // an illegal word: the sequence stores its code at E[1]
    m.loadCells(HANDLER, I('HALT'));
    const seen: [number, number][] = [];
    m.watchStores(1, 1, (p, mm) => seen.push([p, mm.readCell(p)]));
    if (how === 'run') m.run();
    else m.step();
    expect(seen).toEqual([[1, 4]]);
  });

  test('requestStop from the handler ends run() after that instruction, with reason stopped', () => {
    const m = storing(0xbeef, 0x40);
    m.watchStores(0x40, 1, (_, mm) => mm.requestStop());
    expect(m.run()).toEqual({ reason: 'stopped', steps: 3 });
    expect(m.steps).toBe(3);
    expect(m.getReg('PC')).toBe(ORIGIN + 4); // after LIW (two cells), LDI and ST
    expect(m.getFile('r', 2)).toBe(0);
    expect(m.readCell(0x40)).toBe(0xbeef);
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(m.getFile('r', 2)).toBe(0x80);
  });

  test('requestStop from the handler of a store in a loop stops at that pass', () => {
    // r1 counts down from 3, storing r1 to 0x40 each pass: stop at the second store.
    const m = feat([...I('LDI', { ra: 1, imm: 3 }), ...I('LIW', { ra: 2, imm: 0xffff }), ...I('LDI', { ra: 3, imm: 0x40 }), ...I('ST', { ra: 1, rb: 3 }), ...I('ADD', { ra: 1, rb: 2 }), ...I('JNZ', { ra: 1, rel: -2 }), ...I('HALT')]);
    const values: number[] = [];
    m.watchStores(0x40, 1, (p, mm) => {
      values.push(mm.readCell(p));
      if (values.length === 2) mm.requestStop();
    });
    expect(m.run()).toEqual({ reason: 'stopped', steps: 7 }); // LDI, LIW, LDI, ST, ADD, JNZ, ST
    expect(values).toEqual([3, 2]);
    expect(m.getReg('PC')).toBe(ORIGIN + 5);
  });

  test('a run that is stopped and then resumed ends where an unstopped run does', () => {
    const plain = storing(0xbeef, 0x40);
    plain.run();
    const stopped = storing(0xbeef, 0x40);
    stopped.watchStores(0x40, 1, (_, mm) => mm.requestStop());
    stopped.run();
    stopped.run();
    expect(stopped.snapshot()).toEqual(plain.snapshot());
  });

  test.each([0x40, 0x41])('requestStop stops a two-cell store watched at one of its cells (cell %d)', (cell) => {
    const m = storing(0, 0x40, I('STD', { ra: 0, rb: 1 })); // stores r0 = 0 (low cell) and r1 = 0x40 (high cell)
    const seen: number[] = [];
    m.watchStores(cell, 1, (p, mm) => (seen.push(p), mm.requestStop()));
    expect(m.run()).toEqual({ reason: 'stopped', steps: 3 });
    expect(seen).toEqual([cell]);
    expect(m.readCells(0x40, 2)).toEqual([0, 0x40]);
  });

  test('every watched cell of a two-cell store is reported, in address order', () => {
    const m = storing(0x1111, 0x40, I('STD', { ra: 0, rb: 1 }));
    const seen: number[] = [];
    m.watchStores(0x3f, 4, (p) => seen.push(p));
    m.run();
    expect(seen).toEqual([0x40, 0x41]);
  });

  test('unwatching stops the calls, for the cells unwatched only', () => {
    const m = feat([...I('LDI', { ra: 1, imm: 0x40 }), ...I('LDI', { ra: 2, imm: 0x41 }), ...I('ST', { ra: 0, rb: 1 }), ...I('ST', { ra: 0, rb: 2 }), ...I('HALT')]);
    const seen: number[] = [];
    m.watchStores(0x40, 2, (p) => seen.push(p));
    m.watchStores(0x40, 1, undefined);
    m.run();
    expect(seen).toEqual([0x41]);
  });

  test('a later watch of a cell replaces the earlier handler', () => {
    const m = storing(5, 0x40);
    const seen: string[] = [];
    m.watchStores(0x40, 1, () => seen.push('first'));
    m.watchStores(0x40, 1, () => seen.push('second'));
    m.run();
    expect(seen).toEqual(['second']);
  });

  test('watched cells survive reset() and restore()', () => {
    const m = storing(0xbeef, 0x40);
    const seen: number[] = [];
    m.watchStores(0x40, 1, (p) => seen.push(p));
    const snap = m.snapshot();
    m.reset();
    m.restore(snap);
    m.run();
    m.reset();
    m.restore(snap);
    m.run();
    expect(seen).toEqual([0x40, 0x40]);
  });

  test('watched cells survive reset() with a program loaded afresh', () => {
    const m = storing(0xbeef, 0x40);
    const code = m.readCells(ORIGIN, 7);
    const seen: number[] = [];
    m.watchStores(0x40, 1, (p) => seen.push(p));
    m.reset();
    m.loadCells(ORIGIN, code);
    expect(m.run()).toEqual({ reason: 'halted', steps: 6 });
    expect(seen).toEqual([0x40]);
  });

  test('a store into compiled code that is also watched still drops the compiled code (later in the same block)', () => {
    const next = I('LDI', { ra: 3, imm: 0x55 })[0]!;
    // LIW r0, <LDI r3, 0x55>; LDI r1, ORIGIN + 4; ST r0, r1; LDI r3, 0x11 (overwritten before it runs); HALT
    const m = feat([...I('LIW', { ra: 0, imm: next }), ...I('LDI', { ra: 1, imm: ORIGIN + 4 }), ...I('ST', { ra: 0, rb: 1 }), ...I('LDI', { ra: 3, imm: 0x11 }), ...I('HALT')]);
    const seen: number[] = [];
    m.watchStores(ORIGIN + 4, 1, (p) => seen.push(p));
    m.run();
    expect(m.getFile('r', 3)).toBe(0x55);
    expect(seen).toEqual([ORIGIN + 4]);
  });

  test('a store into compiled code that is also watched still drops the compiled code (compiled by an earlier run)', () => {
    const next = I('LDI', { ra: 3, imm: 0x55 })[0]!;
    // ORIGIN: ST r0, r1; ORIGIN + 1: LDI r3, 0x11; HALT
    const m = feat([...I('ST', { ra: 0, rb: 1 }), ...I('LDI', { ra: 3, imm: 0x11 }), ...I('HALT')]);
    m.setFile('r', 0, next);
    m.setFile('r', 1, ORIGIN + 1);
    const seen: number[] = [];
    m.watchStores(ORIGIN + 1, 1, (p) => seen.push(p));
    m.setReg('PC', ORIGIN + 1);
    m.run(1); // compiles and runs LDI r3, 0x11
    expect(m.getFile('r', 3)).toBe(0x11);
    m.setReg('PC', ORIGIN);
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(m.getFile('r', 3)).toBe(0x55);
    expect(seen).toEqual([ORIGIN + 1]);
  });

  test('refuses cells outside storage', () => {
    const m = new Machine(feat16, { storageCells: 0x80 });
    expect(() => m.watchStores(0x7f, 2, () => {})).toThrow(/outside storage/);
  });
});

describe('fixed bugs, kept as regressions', () => {
  // Was a bug (fixed): reference-eval.ts `locate` checks the bounds of storage only for physical accesses; a load
  // through the map then fails in readCell, but a store is recorded as it is, outside storage
  // (the emulator stops with a machine error, as ast.ts says). Only a described map can get there.
  test('the reference machine refuses a store that the map sends past the end of storage, as a load is refused', () => {
    // Storage of 0x80 cells; ST to 0x90, which the (wide open) map admits.
    const m = feat([...I('LDI', { ra: 1, imm: 0x90 }), ...I('ST', { ra: 1, rb: 1 })], feat16, { storageCells: 0x80 });
    const st = RefState.fromSnapshot(feat16, m.snapshot(), 0x80);
    expect(() => m.run(2)).toThrow(/physical access outside storage: cell 144/);
    st.apply(referenceFullStep(feat16, st).writes); // LDI
    expect(() => referenceFullStep(feat16, st)).toThrow(/outside storage/);
  });

  // Was a bug (fixed): compile-block.ts commits a multi-cell store cell by cell and calls m.inval (the watcher)
  // right after each cell, so a watcher of the first cell sees the second cell's old value: the
  // store has not committed yet when the handler is called.
  test.each(['run', 'step'] as const)('the handler of the first cell of a two-cell store sees the whole store (%s)', (how) => {
    const m = feat([...I('STD', { ra: 0, rb: 2 }), ...I('HALT')]);
    m.setFile('r', 0, 0x1111);
    m.setFile('r', 1, 0x2222);
    m.setFile('r', 2, 0x40);
    const seen: number[][] = [];
    m.watchStores(0x40, 1, (_, mm) => seen.push(mm.readCells(0x40, 2)));
    if (how === 'run') m.run();
    else m.step();
    expect(seen).toEqual([[0x1111, 0x2222]]);
  });

  // Was a bug (fixed): context.ts collects only scalar registers into mapSlots (a register file adds its name to
  // mapFiles, compared only with files written at run-time indices), so an instruction writing a
  // register-file element at a constant index does not end the block: a later access in the block
  // calls the map's out-of-line fault function on R, which still holds the old value.
  const fileMap: IsaDescription = (() => {
    const isa: IsaDescription = JSON.parse(JSON.stringify(feat16));
    isa.name = 'feat16-file-map';
    const map = isa.state.addressMap;
    if (map.kind !== 'described') throw new Error('feat16 has a described map');
    // Reads fault above the low byte of r3.
    accessRules(map, 'read')[0]!.fault = { kind: 'compare', op: 'ugt', left: { kind: 'var', name: 'vaddr' }, right: { kind: 'extract', hi: 7, lo: 0, arg: { kind: 'file', name: 'r', index: { kind: 'const', width: 2, value: '0x3' } } } };
    return isa;
  })();
  test('a load right after the instruction that narrows a map reading a register file faults (run)', () => {
    const m = feat([...I('LDI', { ra: 3, imm: 0x10 }), ...I('LD', { ra: 0, rb: 1 }), ...I('HALT')], fileMap);
    m.setFile('r', 3, 0xff);
    m.setFile('r', 1, 0x40);
    m.writeCell(0x40, 0x1234);
    const snap = m.snapshot();
    const expected = referenceRun(fileMap, snap, 3);
    expect(expected.state.storage.find(([a]) => a === 1)?.[1]).toBe(2); // the reference takes the read trap
    expect(machineRun('step', fileMap, snap, 3)).toEqual(expected);
    expect(machineRun('run', fileMap, snap, 3)).toEqual(expected);
  });
});
