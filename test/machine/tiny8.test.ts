/** Byte cells, hard-wired register-file elements, run-time file indices, physical loads, wide products. */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { Machine, MachineError, RefState, referenceFullStep, type MachineSnapshot } from '../../machine/index.js';
import { cells } from './helpers.js';
import { tiny8 } from './tiny-isa.js';

const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(tiny8, mnemonic, fields);
const ORIGIN = 0x10;

function tiny(program: number[], setup: (m: Machine) => void = () => {}): Machine {
  const m = new Machine(tiny8);
  m.loadCells(6, [0x80, 0x00]); // the handler at 0x80
  m.loadCells(ORIGIN, program);
  setup(m);
  return m;
}
const x = (m: Machine, i: number) => m.getFile('x', i);

describe('hard-wired register-file elements', () => {
  test('read as their value after reset', () => {
    const m = tiny([]);
    expect([x(m, 0), x(m, 3)]).toEqual([0, 0xbeef]);
  });
  test('ignore writes by instructions', () => {
    const m = tiny([...I('LDI', { ra: 0, imm: 5 }), ...I('LDI', { ra: 3, imm: 6 }), ...I('ADD', { ra: 1, rb: 3 }), ...I('HALT')]);
    const first = m.step();
    expect(first.writes.filter((w) => w.kind === 'file')).toEqual([]);
    m.run();
    expect([x(m, 0), x(m, 3), x(m, 1)]).toEqual([0, 0xbeef, 0xbeef]);
  });
  test('ignore writes through the API', () => {
    const m = tiny([]);
    m.setFile('x', 0, 9);
    expect(x(m, 0)).toBe(0);
  });
  test('ignore writes at an index computed at run time, and read as their value there', () => {
    const m = tiny([...I('SETX', { ra: 1, rb: 2 }), ...I('GETX', { ra: 1, rb: 2 }), ...I('HALT')], (m) => {
      m.setFile('x', 1, 0x77);
      m.setFile('x', 2, 0x103); // index 3 (low two bits)
    });
    m.step();
    expect(x(m, 3)).toBe(0xbeef);
    m.step();
    expect(x(m, 1)).toBe(0xbeef);
  });
});

describe('register-file indices computed at run time', () => {
  test('SETX writes the element its index register names', () => {
    const m = tiny([...I('SETX', { ra: 1, rb: 2 }), ...I('HALT')], (m) => {
      m.setFile('x', 1, 0x1234);
      m.setFile('x', 2, 2);
    });
    const res = m.step();
    expect(x(m, 2)).toBe(0x1234);
    expect(res.writes).toContainEqual({ kind: 'file', name: 'x', index: 2, value: 0x1234 });
  });
  test('GETX reads the element its index register names', () => {
    const m = tiny([...I('GETX', { ra: 1, rb: 2 }), ...I('HALT')], (m) => m.setFile('x', 2, 3));
    m.run();
    expect(x(m, 1)).toBe(0xbeef);
  });
  test('instructions with run-time indices run correctly inside longer runs', () => {
    const m = tiny(
      [...I('LDI', { ra: 1, imm: 2 }), ...I('LDI', { ra: 2, imm: 9 }), ...I('SETX', { ra: 2, rb: 1 }), ...I('ADD', { ra: 2, rb: 2 }), ...I('GETX', { ra: 1, rb: 1 }), ...I('HALT')],
    );
    m.run();
    // x1 = 2 selects x2; x2 = 9 then doubled to 18; GETX reads x[x1 & 3] = x2 = 18.
    expect([x(m, 1), x(m, 2)]).toEqual([18, 18]);
  });
});

describe('byte cells', () => {
  test('instructions are two cells, the first holding the low bits', () => {
    expect(I('LDI', { ra: 1, imm: 0xab })).toEqual([0xab, 0x14]);
    const m = tiny([...I('LDI', { ra: 1, imm: 0xab }), ...I('HALT')]);
    expect(m.step()).toMatchObject({ cells: [0xab, 0x14], mnemonic: 'LDI', fields: { ra: 1, imm: 0xab } });
    expect(m.getReg('PC')).toBe(ORIGIN + 2);
  });
  test('a 16-bit store writes two cells little-endian, and a load reads them back', () => {
    const m = tiny([...I('STW', { ra: 1, rb: 2 }), ...I('LDW', { ra: 3 - 2, rb: 2 }), ...I('HALT')], (m) => {
      m.setFile('x', 1, 0xa1b2);
      m.setFile('x', 2, 0x40);
    });
    const res = m.step();
    expect(m.readCells(0x40, 2)).toEqual([0xb2, 0xa1]);
    expect(res.writes.filter((w) => w.kind === 'store')).toEqual([
      { kind: 'store', addr: 0x40, value: 0xb2 },
      { kind: 'store', addr: 0x41, value: 0xa1 },
    ]);
    m.loadCells(0x40, [0x34, 0x12]);
    m.step();
    expect(x(m, 1)).toBe(0x1234);
  });
  test('a 16-bit load whose second cell is past the bound takes the memory trap at its address', () => {
    const m = tiny([...I('LDW', { ra: 1, rb: 2 })], (m) => {
      m.setReg('B', 0x41);
      m.setFile('x', 2, 0x40);
    });
    const res = m.step();
    expect(res.trap).toEqual({ name: 'memory', code: 2, value: 0x40 });
    expect(m.readCells(0, 6)).toEqual([ORIGIN, 0, 1, 0x40, 0, 2]);
  });
  test('an instruction whose second cell is past the end of storage faults on fetch', () => {
    const m = tiny([], (m) => {
      m.writeCell(255, 0xab);
      m.setReg('PC', 255);
    });
    expect(m.step()).toMatchObject({ trap: { name: 'memory', code: 2, value: 255 }, cells: [] });
  });
  test('a word matching no instruction once both cells are fetched is illegal, with its first cell as value', () => {
    const m = tiny([0x99, 0xe0]);
    expect(m.step()).toMatchObject({ trap: { name: 'illegal', code: 3, value: 0x99 }, cells: [0x99, 0xe0] });
  });
});

describe('physical accesses and wide values', () => {
  test('a physical load outside storage is a MachineError, and the state is as before the instruction', () => {
    const m = tiny([...I('LDI', { ra: 1, imm: 1 }), ...I('LDP', { ra: 1, rb: 2 }), ...I('HALT')], (m) => m.setFile('x', 2, 255));
    expect(() => m.run()).toThrow(MachineError);
    expect(x(m, 1)).toBe(1);
    expect(m.getReg('PC')).toBe(ORIGIN + 2);
    expect(m.steps).toBe(1);
    expect(() => m.step()).toThrow(/physical access outside storage: cell 255/);
  });
  test('a physical load ignores relocation', () => {
    const m = tiny([...I('LDP', { ra: 1, rb: 2 })], (m) => {
      m.setFile('x', 2, 0x60);
      m.loadCells(0x60, [0x22, 0x11]);
      m.setReg('L', 0x10);
      m.setReg('PC', 0);
    });
    m.step();
    expect(x(m, 1)).toBe(0x1122);
  });
  test('MULH computes through a 64-bit signed product', () => {
    const m = tiny([...I('MULH', { ra: 1, rb: 2 }), ...I('HALT')], (m) => {
      m.setFile('x', 1, 0x8000); // -32768
      m.setFile('x', 2, 0x7fff); // 32767
    });
    m.run();
    // -32768 * 32767 = -1073709056 = 0xc0008000 as 32 bits; bits 31..16 are 0xc000.
    expect(x(m, 1)).toBe(0xc000);
  });
  test('a loop with a relative branch runs to its end', () => {
    const m = tiny([...I('LDI', { ra: 1, imm: 0xff }), ...I('LDI', { ra: 2, imm: 0 }), ...I('ADD', { ra: 2, rb: 3 }), ...I('LDI', { ra: 0, imm: 0 }), ...I('JNZ', { ra: 0, rel: 0 }), ...I('HALT')]);
    expect(m.run()).toEqual({ reason: 'halted', steps: 6 });
    expect(x(m, 2)).toBe(0xbeef);
  });
});

describe('tiny8 against the reference machine', () => {
  const STEPS = 30;
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const small = fc.integer({ min: 0, max: 0x60 });
  const program = fc
    .array(
      fc.constantFrom(...tiny8.instructions).chain((insn) =>
        fc.record(Object.fromEntries(insn.encoding.fields.map((f) => [f.name, f.name === 'rel' ? fc.integer({ min: -8, max: 8 }).map((v) => v & 0xff) : fc.integer({ min: 0, max: 2 ** f.width - 1 })]))).map((fields) =>
          cells(tiny8, insn.mnemonic, fields),
        ),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((xs) => xs.flat());
  const scenario = fc.record({
    M: fc.constantFrom(0, 1),
    PC: fc.integer({ min: 0, max: 0x30 }),
    L: fc.oneof(fc.integer({ min: 0, max: 0x40 }), u16),
    B: fc.oneof(fc.constant(0xffff), fc.integer({ min: 0, max: 0x100 }), u16),
    x: fc.tuple(fc.oneof(small, u16), fc.oneof(small, u16)),
    storage: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 256, maxLength: 256 }),
    program,
  });
  fcTest.prop([scenario])('run() and the reference agree on random programs', (s) => {
    const storage = [...s.storage];
    storage[6] = (s.L + s.PC) & 0xff; // traps go back to the program
    storage[7] = ((s.L + s.PC) >>> 8) & 0xff;
    s.program.forEach((c, i) => s.L + s.PC + i < 256 && (storage[s.L + s.PC + i] = c));
    const snap: MachineSnapshot = {
      registers: { PC: s.PC, M: s.M, L: s.L, B: s.B, T: 0 },
      files: { x: [0, s.x[0], s.x[1], 0xbeef] },
      storage: storage.flatMap((v, a) => (v === 0 ? [] : [[a, v] as [number, number]])),
      halted: false,
      steps: 0,
    };
    const m = new Machine(tiny8);
    m.restore(snap);
    const ref = RefState.fromSnapshot(tiny8, snap);
    let steps = 0;
    let halted = false;
    let refError: unknown;
    try {
      while (steps < STEPS && !halted) {
        const out = referenceFullStep(tiny8, ref);
        ref.apply(out.writes);
        halted = out.halted;
        steps++;
      }
    } catch (e) {
      refError = e;
    }
    if (refError) {
      // Both machines refuse the same physical access outside storage.
      expect(refError).toBeInstanceOf(MachineError);
      expect(() => m.run(STEPS)).toThrow(MachineError);
      return;
    }
    m.run(STEPS);
    expect(m.snapshot()).toEqual(ref.toSnapshot(halted, steps));
  });
});
