/** Every pg74 instruction's semantics on concrete states (words encoded with the description). */
import { afterAll, describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/isa/pg74.js';
import type { Machine } from '../../machine/index.js';
import { exec as run, HANDLER, ORIGIN, r, regs, user } from './helpers.js';

const seen = new Set<string>();
const exec = (mnemonic: string, fields: Record<string, number> = {}, setup: (m: Machine) => void = () => {}) => {
  seen.add(mnemonic);
  return run(mnemonic, fields, setup);
};
/** Runs an R-format operation on r2, r3 into r1. */
const alu = (mnemonic: string, x: number, y: number) => r(exec(mnemonic, { ra: 1, rb: 2, rc: 3 }, (m) => regs(m, { 2: x, 3: y })).m, 1);
const INT_MIN = 0x80000000;

afterAll(() => {
  // A new pg74 instruction must get a test here.
  expect([...seen].sort()).toEqual(pg74.instructions.map((i) => i.mnemonic).sort());
});

describe('data movement', () => {
  test('LDI sign-extends its immediate', () => {
    expect(r(exec('LDI', { ra: 4, imm: -2 }).m, 4)).toBe(0xfffffffe);
    expect(r(exec('LDI', { ra: 4, imm: 0x7fff }).m, 4)).toBe(0x7fff);
  });
  test('LUI puts its immediate in the upper half', () => {
    expect(r(exec('LUI', { ra: 4, uimm: 0xbeef }).m, 4)).toBe(0xbeef0000);
  });
  test('LIL loads the second word and advances the PC by two', () => {
    const { m, r: res } = exec('LIL', { ra: 7, uimm: 0xdeadbeef });
    expect(r(m, 7)).toBe(0xdeadbeef);
    expect(m.getReg('PC')).toBe(ORIGIN + 2);
    expect(res.cells).toEqual([expect.any(Number), 0xdeadbeef]);
  });
  test('MOV copies a register', () => {
    expect(r(exec('MOV', { ra: 1, rb: 2 }, (m) => regs(m, { 2: 99 })).m, 1)).toBe(99);
  });
  test('LD reads storage relative to L', () => {
    const { m } = exec('LD', { ra: 1, rb: 2, off: 3 }, (m) => {
      m.setReg('L', 0x1000);
      regs(m, { 2: 0x20 });
      m.writeCell(0x1000 + 0x23, 1234);
    });
    expect(r(m, 1)).toBe(1234);
  });
  test('LD with base r0 means no base (r0 is ignored)', () => {
    const { m } = exec('LD', { ra: 1, rb: 0, off: 0x50 }, (m) => {
      regs(m, { 0: 0x1000 });
      m.writeCell(0x50, 7);
    });
    expect(r(m, 1)).toBe(7);
  });
  test('LD with a negative offset wraps the address', () => {
    const { m } = exec('LD', { ra: 1, rb: 2, off: -1 }, (m) => {
      regs(m, { 2: 0x31 });
      m.writeCell(0x30, 5);
    });
    expect(r(m, 1)).toBe(5);
  });
  test('ST writes storage relative to L', () => {
    const { m, r: res } = exec('ST', { ra: 1, rb: 2, off: 1 }, (m) => {
      m.setReg('L', 0x800);
      regs(m, { 1: 0xcafe, 2: 0x10 });
    });
    expect(m.readCell(0x811)).toBe(0xcafe);
    expect(res.writes).toContainEqual({ kind: 'store', addr: 0x811, value: 0xcafe });
  });
});

describe('arithmetic and logic', () => {
  test('ADD and SUB wrap modulo 2^32', () => {
    expect(alu('ADD', 0xffffffff, 2)).toBe(1);
    expect(alu('SUB', 1, 2)).toBe(0xffffffff);
  });
  test('MUL keeps the low 32 bits of the product', () => {
    expect(alu('MUL', 0x10001, 0x10001)).toBe(0x20001);
    expect(alu('MUL', 0xffffffff, 0xffffffff)).toBe(1);
  });
  test('DIV rounds toward zero', () => {
    expect(alu('DIV', -7 >>> 0, 2)).toBe(-3 >>> 0);
    expect(alu('DIV', 7, -2 >>> 0)).toBe(-3 >>> 0);
  });
  test('DIV of INT_MIN by -1 wraps to INT_MIN', () => {
    expect(alu('DIV', INT_MIN, 0xffffffff)).toBe(INT_MIN);
  });
  test('REM takes the sign of the dividend', () => {
    expect(alu('REM', -7 >>> 0, 2)).toBe(-1 >>> 0);
    expect(alu('REM', 7, -2 >>> 0)).toBe(1);
    expect(alu('REM', INT_MIN, 0xffffffff)).toBe(0);
  });
  test.each(['DIV', 'REM'])('%s by zero takes the divide trap and writes no register', (mnemonic) => {
    const { m, r: res } = exec(mnemonic, { ra: 1, rb: 2, rc: 3 }, (m) => regs(m, { 1: 11, 2: 5, 3: 0 }));
    expect(res.trap).toEqual({ name: 'divide', code: 5, value: 0 });
    expect(r(m, 1)).toBe(11);
    expect(m.getReg('PC')).toBe(HANDLER);
    expect(m.readCell(1)).toBe(ORIGIN);
  });
  test('AND, OR, XOR', () => {
    expect(alu('AND', 0xff00ff00, 0x0ff00ff0)).toBe(0x0f000f00);
    expect(alu('OR', 0xff00ff00, 0x0ff00ff0)).toBe(0xfff0fff0);
    expect(alu('XOR', 0xff00ff00, 0x0ff00ff0)).toBe(0xf0f0f0f0);
  });
  test('shifts use the low five bits of the amount', () => {
    expect(alu('SHL', 1, 31)).toBe(INT_MIN);
    expect(alu('SHL', 1, 32)).toBe(1);
    expect(alu('SHL', 3, 33)).toBe(6);
    expect(alu('SHR', INT_MIN, 31)).toBe(1);
    expect(alu('SHR', INT_MIN, 63)).toBe(1);
    expect(alu('SRA', INT_MIN, 31)).toBe(0xffffffff);
    expect(alu('SRA', 0x40000000, 30)).toBe(1);
    expect(alu('SRA', INT_MIN, 0)).toBe(INT_MIN);
  });
  test('SLT compares signed, SLTU unsigned', () => {
    expect(alu('SLT', 0xffffffff, 1)).toBe(1);
    expect(alu('SLTU', 0xffffffff, 1)).toBe(0);
    expect(alu('SLT', 1, 1)).toBe(0);
    expect(alu('SLTU', 1, 2)).toBe(1);
  });
});

describe('immediate operations', () => {
  const imm = (mnemonic: string, x: number, imm: number) => r(exec(mnemonic, { ra: 1, rb: 2, imm }, (m) => regs(m, { 2: x })).m, 1);
  test('ADDI sign-extends', () => {
    expect(imm('ADDI', 10, -3)).toBe(7);
    expect(imm('ADDI', 0xffffffff, 1)).toBe(0);
  });
  test('ANDI, ORI and XORI zero-extend', () => {
    expect(imm('ANDI', 0xffffffff, 0xffff)).toBe(0xffff);
    expect(imm('ORI', 0xf0000000, 0x8001)).toBe(0xf0008001);
    expect(imm('XORI', 0xffffffff, 0xffff)).toBe(0xffff0000);
  });
  test('SLTI compares signed with a sign-extended immediate', () => {
    expect(imm('SLTI', 0xfffffffe, -1)).toBe(1);
    expect(imm('SLTI', 5, -1)).toBe(0);
  });
});

describe('compare and branch, jumps', () => {
  const branch = (mnemonic: string, x: number, y: number, rel = -4) =>
    exec(mnemonic, { ra: 1, rb: 2, rel }, (m) => regs(m, { 1: x, 2: y })).m.getReg('PC');
  const cases: [string, number, number, boolean][] = [
    ['BEQ', 5, 5, true], ['BEQ', 5, 6, false],
    ['BNE', 5, 6, true], ['BNE', 5, 5, false],
    ['BLT', 0xffffffff, 0, true], ['BLT', 0, 0xffffffff, false],
    ['BGE', 0, 0xffffffff, true], ['BGE', 0xffffffff, 0, false],
    ['BLTU', 0, 0xffffffff, true], ['BLTU', 0xffffffff, 0, false],
    ['BGEU', 0xffffffff, 0, true], ['BGEU', 0, 1, false],
  ];
  test.each(cases)('%s %d, %d is taken: %s', (mnemonic, x, y, taken) => {
    expect(branch(mnemonic, x, y)).toBe(taken ? ORIGIN - 4 : ORIGIN + 1);
  });
  test('a branch offset is relative to the branch itself', () => {
    expect(branch('BEQ', 0, 0, 100)).toBe(ORIGIN + 100);
  });
  test('JMP jumps to its absolute target', () => {
    expect(exec('JMP', { target: 0x123456 }).m.getReg('PC')).toBe(0x123456);
  });
  test('JAL links the next address and jumps', () => {
    const { m } = exec('JAL', { ra: 15, target: 0x400 });
    expect(r(m, 15)).toBe(ORIGIN + 1);
    expect(m.getReg('PC')).toBe(0x400);
  });
  test('JR jumps to a register', () => {
    expect(exec('JR', { ra: 3 }, (m) => regs(m, { 3: 0x777 })).m.getReg('PC')).toBe(0x777);
  });
  test('NOP only advances the PC', () => {
    const { r: res } = exec('NOP');
    expect(res.writes).toEqual([
      { kind: 'reg', name: 'PC', value: ORIGIN + 1 },
      { kind: 'reg', name: 'CLK', value: 1 },
    ]);
  });
});

describe('system instructions', () => {
  test('SVC traps with its operand as the value and the old PC at the SVC', () => {
    const { m, r: res } = exec('SVC', { uimm: 0x4242 }, user);
    expect(res.trap).toEqual({ name: 'svc', code: 3, value: 0x4242 });
    expect(m.readCells(0, 6)).toEqual([0, ORIGIN, 0, 0xffffffff, 3, 0x4242]);
    expect(m.getReg('M')).toBe(1);
  });
  test('LPSW loads M, P, L and B from four words', () => {
    const { m, r: res } = exec('LPSW', { rb: 2, off: 1 }, (m) => {
      regs(m, { 2: 0x100 });
      m.loadCells(0x101, [0, 0x40, 0x2000, 0x80]);
    });
    expect(res.trap).toBeUndefined();
    expect([m.getReg('M'), m.getReg('PC'), m.getReg('L'), m.getReg('B')]).toEqual([0, 0x40, 0x2000, 0x80]);
  });
  test('LPSW keeps only bit 0 of the mode word', () => {
    const { m } = exec('LPSW', { rb: 0, off: 0x100 }, (m) => m.loadCells(0x100, [0xfffffffe, 0x40, 0, 0xffffffff]));
    expect(m.getReg('M')).toBe(0);
  });
  test('SRB sets the relocation-bounds register', () => {
    const { m } = exec('SRB', { ra: 1, rb: 2 }, (m) => regs(m, { 1: 0x3000, 2: 0x100 }));
    expect([m.getReg('L'), m.getReg('B')]).toEqual([0x3000, 0x100]);
    expect(m.getReg('PC')).toBe(ORIGIN + 1);
  });
  test('RRB reads the relocation-bounds register', () => {
    const { m } = exec('RRB', { ra: 1, rb: 2 }, (m) => {
      m.setReg('L', 0);
      m.setReg('B', 0x1234);
    });
    expect([r(m, 1), r(m, 2)]).toEqual([0, 0x1234]);
  });
  test('RDCLK reads the clock before the step advances it', () => {
    const { m } = exec('RDCLK', { ra: 1 }, (m) => m.setReg('CLK', 41));
    expect(r(m, 1)).toBe(41);
    expect(m.getReg('CLK')).toBe(42);
  });
  test('HALT stops the machine after advancing the PC', () => {
    const { m, r: res } = exec('HALT');
    expect(res.halted).toBe(true);
    expect(m.halted).toBe(true);
    expect(m.getReg('PC')).toBe(ORIGIN + 1);
    expect(m.step()).toEqual({ pc: ORIGIN + 1, cells: [], writes: [], halted: true });
  });
  const privileged: [string, Record<string, number>][] = [
    ['LPSW', { rb: 0, off: 0x100 }],
    ['SRB', { ra: 1, rb: 2 }],
    ['RRB', { ra: 1, rb: 2 }],
    ['RDCLK', { ra: 1 }],
    ['HALT', {}],
  ];
  test.each(privileged)('privileged %s traps in user mode and changes only what the trap sequence writes', (mnemonic, fields) => {
    const { m, r: res } = exec(mnemonic, fields, (m) => {
      user(m);
      m.setReg('L', 0x100);
      m.setReg('B', 0x1000);
      regs(m, { 1: 0x5000, 2: 0x60 });
    });
    expect(res.trap).toEqual({ name: 'privileged', code: 1, value: 0 });
    expect(res.halted).toBe(false);
    const changed = res.writes.map((w) => (w.kind === 'store' ? `E[${w.addr}]` : w.kind === 'reg' ? w.name : `${w.name}${w.index}`));
    // The old PSW and cause to E[0..5], the new PSW, and the clock; nothing of the instruction's own.
    expect(changed.every((c) => ['M', 'PC', 'L', 'B', 'CLK'].includes(c) || /^E\[[0-5]\]$/.test(c))).toBe(true);
    expect(m.readCells(0, 6)).toEqual([0, ORIGIN, 0x100, 0x1000, 1, 0]);
    expect([m.getReg('M'), m.getReg('PC'), m.getReg('L'), m.getReg('B')]).toEqual([1, HANDLER, 0, 0xffffffff]);
    expect([r(m, 1), r(m, 2)]).toEqual([0x5000, 0x60]);
  });
});
