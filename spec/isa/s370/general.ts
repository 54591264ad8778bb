/**
 * General instructions (POO ch. 7, "General Instructions"): the loads, stores, fixed-point
 * arithmetic, logical operations, comparisons, shifts and branches a small kernel and its user
 * programs need, with the real opcodes and formats (formats.ts), in the order of the chapter's
 * alphabetical list. Every one of them is unprivileged and, the PSW's condition code and program
 * mask being user state, reads or writes no system state: each is declared innocuous.
 *
 * The condition code (PSW bits 18-19) is set as each instruction's "Resulting Condition Code"
 * says. Not modelled: the fixed-point-overflow interruption (the program mask is kept; CC 3 is
 * set), decimal, floating-point, multiply, divide, the storage-to-storage moves, EXECUTE.
 */
import { add, all, and, eq, extract, ite, load, lshr, ne, not, or, sext, shl, slt, sub, ult, ashr, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { CC, PC, R, b, ilcOf, type S370Semantics } from './machine.js';
import { address, rr, rrOne, rsShift, rx, si } from './formats.js';

const msb = (v: Bits<number>): Bool => extract(v, v.width - 1, v.width - 1) as Bool;
const PM = b.reg('PSW.PM') as Bits<4>;

/** CC for an arithmetic result: 0 zero, 1 less than zero, 2 greater than zero, 3 overflow. */
const arithmeticCc = (r: Bits<32>, overflow: Bool): Bits<2> => ite(overflow, c(2, 3), ite(eq(r, 0), c(2, 0), ite(msb(r), c(2, 1), c(2, 2))));
/** CC for a logical result (AND, OR, XOR): 0 zero, 1 not zero. */
const logicalCc = (r: Bits<number>): Bits<2> => ite(eq(r, 0), c(2, 0), c(2, 1));
/** CC of a comparison: 0 equal, 1 first operand low, 2 first operand high. */
const compareCc = (low: Bool, equal: Bool): Bits<2> => ite(equal, c(2, 0), ite(low, c(2, 1), c(2, 2)));
/** CC of a logical add or subtract: bit 1 the carry, bit 0 a nonzero result. */
const carryCc = (r: Bits<32>, carry: Bool): Bits<2> => or(ite(carry, c(2, 2), c(2, 0)), ite(eq(r, 0), c(2, 0), c(2, 1)));

type Arith = 'A' | 'S';
const overflowOf = (op: Arith, a: Bits<32>, v: Bits<32>, r: Bits<32>): Bool =>
  op === 'A' ? msb(and(xor(a, r), xor(v, r))) : msb(and(xor(a, v), xor(a, r)));

function arith($: S370Semantics, op: Arith, r1: Bits<4>, v: Bits<32>): void {
  const a = $.let('a', R(r1) as Bits<32>);
  const operand = $.let('v', v);
  const r = $.let('r', op === 'A' ? add(a, operand) : sub(a, operand));
  $.set(R(r1), r);
  $.set(CC, arithmeticCc(r, overflowOf(op, a, operand, r)));
}

function logicalArith($: S370Semantics, op: Arith, r1: Bits<4>, v: Bits<32>): void {
  const a = $.let('a', R(r1) as Bits<32>);
  const operand = $.let('v', v);
  const r = $.let('r', op === 'A' ? add(a, operand) : sub(a, operand));
  $.set(R(r1), r);
  // SUBTRACT LOGICAL: the carry is the absence of a borrow (POO ch. 7, "Subtract Logical").
  $.set(CC, carryCc(r, op === 'A' ? ult(r, a) : not(ult(a, operand))));
}

function logic($: S370Semantics, op: 'N' | 'O' | 'X', r1: Bits<4>, v: Bits<32>): void {
  const a = R(r1) as Bits<32>;
  const r = $.let('r', op === 'N' ? and(a, v) : op === 'O' ? or(a, v) : xor(a, v));
  $.set(R(r1), r);
  $.set(CC, logicalCc(r));
}

/** Whether the 4-bit mask selects the current condition code (mask bit 8 for CC 0 ... 1 for CC 3). */
const selects = (m: Bits<4>): Bool => ne(and(m, lshr(c(4, 8), zext(CC, 4))), 0);

/** The link information BAL and BALR leave in R1 (24-bit addressing): ILC, CC, program mask, next address. */
const link = (op: number): Bits<32> => {
  const ilc = ilcOf(c(8, op));
  const next = add(PC as Bits<24>, op < 0x40 ? 2 : 4);
  return or(or(shl(zext(ilc, 32), 30), shl(zext(CC, 32), 28)), or(shl(zext(PM, 32), 24), zext(next, 32)));
};

const w32 = (ea: Bits<24>): Bits<32> => load(ea, 32);

export const generalInstructions: InstructionDecl[] = [
  // ADD -------------------------------------------------------------------------------------------------
  rr('AR', 0x1a, { cite: 'POO ch. 7, Add (AR)', semantics: ({ r1, r2 }, $) => arith($, 'A', r1, R(r2) as Bits<32>) }),
  rx('A', 0x5a, { cite: 'POO ch. 7, Add (A)', semantics: ({ r1, x2, b2, d2 }, $) => arith($, 'A', r1, w32(address(d2, b2, x2))) }),
  rx('AH', 0x4a, { cite: 'POO ch. 7, Add Halfword', semantics: ({ r1, x2, b2, d2 }, $) => arith($, 'A', r1, sext(load(address(d2, b2, x2), 16), 32)) }),
  rr('ALR', 0x1e, { cite: 'POO ch. 7, Add Logical (ALR)', semantics: ({ r1, r2 }, $) => logicalArith($, 'A', r1, R(r2) as Bits<32>) }),
  rx('AL', 0x5e, { cite: 'POO ch. 7, Add Logical (AL)', semantics: ({ r1, x2, b2, d2 }, $) => logicalArith($, 'A', r1, w32(address(d2, b2, x2))) }),
  // AND -------------------------------------------------------------------------------------------------
  rr('NR', 0x14, { cite: 'POO ch. 7, And (NR)', semantics: ({ r1, r2 }, $) => logic($, 'N', r1, R(r2) as Bits<32>) }),
  rx('N', 0x54, { cite: 'POO ch. 7, And (N)', semantics: ({ r1, x2, b2, d2 }, $) => logic($, 'N', r1, w32(address(d2, b2, x2))) }),
  si('NI', 0x94, {
    cite: 'POO ch. 7, And (NI)',
    semantics: ({ i2, b1, d1 }, $) => {
      const ea = $.let('ea', address(d1, b1));
      const r = $.let('r', and(load(ea, 8), i2));
      $.store(ea, r);
      $.set(CC, logicalCc(r));
    },
  }),
  // BRANCH ----------------------------------------------------------------------------------------------
  rr('BALR', 0x05, {
    cite: 'POO ch. 7, Branch and Link (BALR)',
    doc: 'R1 := link information; branch to R2 unless R2 is 0.',
    semantics: ({ r1, r2 }, $) => {
      const target = $.let('target', extract(R(r2), 23, 0));
      $.set(R(r1), link(0x05));
      $.if(ne(r2, 0), () => $.set(PC, target));
    },
  }),
  rx('BAL', 0x45, {
    cite: 'POO ch. 7, Branch and Link (BAL)',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      const target = $.let('target', address(d2, b2, x2));
      $.set(R(r1), link(0x45));
      $.set(PC, target);
    },
  }),
  b.insn('BCR', {
    cite: 'POO ch. 7, Branch on Condition (BCR)',
    class: 'innocuous',
    encoding: '00000111 m1:4 r2:4',
    syntax: 'bcr {m1}, {r2}',
    operands: { m1: { kind: 'immediate', signed: false } },
    doc: 'Branch to R2 when mask M1 selects the condition code (mask 8: CC 0, ... 1: CC 3); R2 = 0: no branch.',
    semantics: ({ m1, r2 }, $) => $.if(all(ne(r2, 0), selects(m1)), () => $.set(PC, extract(R(r2), 23, 0))),
  }),
  b.insn('BC', {
    cite: 'POO ch. 7, Branch on Condition (BC)',
    class: 'innocuous',
    encoding: '01000111 m1:4 x2:4 b2:4 d2:12',
    syntax: 'bc {m1}, {d2}({x2}, {b2})',
    operands: { m1: { kind: 'immediate', signed: false } },
    semantics: ({ m1, x2, b2, d2 }, $) => $.if(selects(m1), () => $.set(PC, address(d2, b2, x2))),
  }),
  rr('BCTR', 0x06, {
    cite: 'POO ch. 7, Branch on Count (BCTR)',
    semantics: ({ r1, r2 }, $) => {
      const target = $.let('target', extract(R(r2), 23, 0));
      const n = $.let('n', sub(R(r1) as Bits<32>, 1));
      $.set(R(r1), n);
      $.if(all(ne(n, 0), ne(r2, 0)), () => $.set(PC, target));
    },
  }),
  rx('BCT', 0x46, {
    cite: 'POO ch. 7, Branch on Count (BCT)',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      const target = $.let('target', address(d2, b2, x2));
      const n = $.let('n', sub(R(r1) as Bits<32>, 1));
      $.set(R(r1), n);
      $.if(ne(n, 0), () => $.set(PC, target));
    },
  }),
  // COMPARE ---------------------------------------------------------------------------------------------
  rr('CR', 0x19, { cite: 'POO ch. 7, Compare (CR)', semantics: ({ r1, r2 }, $) => $.set(CC, compareCc(slt(R(r1), R(r2) as Bits<32>), eq(R(r1), R(r2) as Bits<32>))) }),
  rx('C', 0x59, {
    cite: 'POO ch. 7, Compare (C)',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      const v = $.let('v', w32(address(d2, b2, x2)));
      $.set(CC, compareCc(slt(R(r1), v), eq(R(r1), v)));
    },
  }),
  rx('CH', 0x49, {
    cite: 'POO ch. 7, Compare Halfword',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      const v = $.let('v', sext(load(address(d2, b2, x2), 16), 32));
      $.set(CC, compareCc(slt(R(r1), v), eq(R(r1), v)));
    },
  }),
  rr('CLR', 0x15, { cite: 'POO ch. 7, Compare Logical (CLR)', semantics: ({ r1, r2 }, $) => $.set(CC, compareCc(ult(R(r1), R(r2) as Bits<32>), eq(R(r1), R(r2) as Bits<32>))) }),
  rx('CL', 0x55, {
    cite: 'POO ch. 7, Compare Logical (CL)',
    semantics: ({ r1, x2, b2, d2 }, $) => {
      const v = $.let('v', w32(address(d2, b2, x2)));
      $.set(CC, compareCc(ult(R(r1), v), eq(R(r1), v)));
    },
  }),
  si('CLI', 0x95, {
    cite: 'POO ch. 7, Compare Logical (CLI)',
    semantics: ({ i2, b1, d1 }, $) => {
      const v = $.let('v', load(address(d1, b1), 8));
      $.set(CC, compareCc(ult(v, i2), eq(v, i2)));
    },
  }),
  // EXCLUSIVE OR ----------------------------------------------------------------------------------------
  rr('XR', 0x17, { cite: 'POO ch. 7, Exclusive Or (XR)', semantics: ({ r1, r2 }, $) => logic($, 'X', r1, R(r2) as Bits<32>) }),
  rx('X', 0x57, { cite: 'POO ch. 7, Exclusive Or (X)', semantics: ({ r1, x2, b2, d2 }, $) => logic($, 'X', r1, w32(address(d2, b2, x2))) }),
  si('XI', 0x97, {
    cite: 'POO ch. 7, Exclusive Or (XI)',
    semantics: ({ i2, b1, d1 }, $) => {
      const ea = $.let('ea', address(d1, b1));
      const r = $.let('r', xor(load(ea, 8), i2));
      $.store(ea, r);
      $.set(CC, logicalCc(r));
    },
  }),
  // INSERT CHARACTER, LOAD ------------------------------------------------------------------------------
  rx('IC', 0x43, {
    cite: 'POO ch. 7, Insert Character',
    semantics: ({ r1, x2, b2, d2 }, $) => $.set(R(r1), or(and(R(r1), 0xffff_ff00), zext(load(address(d2, b2, x2), 8), 32))),
  }),
  rr('LR', 0x18, { cite: 'POO ch. 7, Load (LR)', semantics: ({ r1, r2 }, $) => $.set(R(r1), R(r2) as Bits<32>) }),
  rx('L', 0x58, { cite: 'POO ch. 7, Load (L)', semantics: ({ r1, x2, b2, d2 }, $) => $.set(R(r1), w32(address(d2, b2, x2))) }),
  rx('LA', 0x41, { cite: 'POO ch. 7, Load Address', semantics: ({ r1, x2, b2, d2 }, $) => $.set(R(r1), zext(address(d2, b2, x2), 32)) }),
  rr('LCR', 0x13, {
    cite: 'POO ch. 7, Load Complement',
    semantics: ({ r1, r2 }, $) => {
      const v = $.let('v', R(r2) as Bits<32>);
      const r = $.let('r', sub(c(32, 0), v));
      $.set(R(r1), r);
      $.set(CC, arithmeticCc(r, eq(v, 0x8000_0000)));
    },
  }),
  rx('LH', 0x48, { cite: 'POO ch. 7, Load Halfword', semantics: ({ r1, x2, b2, d2 }, $) => $.set(R(r1), sext(load(address(d2, b2, x2), 16), 32)) }),
  rr('LTR', 0x12, {
    cite: 'POO ch. 7, Load and Test',
    semantics: ({ r1, r2 }, $) => {
      const v = $.let('v', R(r2) as Bits<32>);
      $.set(R(r1), v);
      $.set(CC, arithmeticCc(v, c(1, 0)));
    },
  }),
  // MOVE ------------------------------------------------------------------------------------------------
  si('MVI', 0x92, { cite: 'POO ch. 7, Move (MVI)', semantics: ({ i2, b1, d1 }, $) => $.store(address(d1, b1), i2) }),
  // OR --------------------------------------------------------------------------------------------------
  rr('OR', 0x16, { cite: 'POO ch. 7, Or (OR)', semantics: ({ r1, r2 }, $) => logic($, 'O', r1, R(r2) as Bits<32>) }),
  rx('O', 0x56, { cite: 'POO ch. 7, Or (O)', semantics: ({ r1, x2, b2, d2 }, $) => logic($, 'O', r1, w32(address(d2, b2, x2))) }),
  si('OI', 0x96, {
    cite: 'POO ch. 7, Or (OI)',
    semantics: ({ i2, b1, d1 }, $) => {
      const ea = $.let('ea', address(d1, b1));
      const r = $.let('r', or(load(ea, 8), i2));
      $.store(ea, r);
      $.set(CC, logicalCc(r));
    },
  }),
  // SET PROGRAM MASK ------------------------------------------------------------------------------------
  rrOne('SPM', 0x04, {
    cite: 'POO ch. 7, Set Program Mask',
    doc: 'CC := R1 bits 2-3, program mask := R1 bits 4-7 (user state: the rest of the PSW is untouched).',
    semantics: ({ r1 }, $) => {
      $.set(CC, extract(R(r1), 29, 28));
      $.set(b.reg('PSW.PM'), extract(R(r1), 27, 24));
    },
  }),
  // SHIFT -----------------------------------------------------------------------------------------------
  rsShift('SLL', 0x89, { cite: 'POO ch. 7, Shift Left Single Logical', semantics: ({ r1, b2, d2 }, $) => $.set(R(r1), shl(R(r1) as Bits<32>, zext(extract(address(d2, b2), 5, 0), 32))) }),
  rsShift('SRL', 0x88, { cite: 'POO ch. 7, Shift Right Single Logical', semantics: ({ r1, b2, d2 }, $) => $.set(R(r1), lshr(R(r1) as Bits<32>, zext(extract(address(d2, b2), 5, 0), 32))) }),
  rsShift('SRA', 0x8a, {
    cite: 'POO ch. 7, Shift Right Single',
    semantics: ({ r1, b2, d2 }, $) => {
      const r = $.let('r', ashr(R(r1) as Bits<32>, zext(extract(address(d2, b2), 5, 0), 32)));
      $.set(R(r1), r);
      $.set(CC, arithmeticCc(r, c(1, 0)));
    },
  }),
  // STORE -----------------------------------------------------------------------------------------------
  rx('ST', 0x50, { cite: 'POO ch. 7, Store', semantics: ({ r1, x2, b2, d2 }, $) => $.store(address(d2, b2, x2), R(r1) as Bits<32>) }),
  rx('STC', 0x42, { cite: 'POO ch. 7, Store Character', semantics: ({ r1, x2, b2, d2 }, $) => $.store(address(d2, b2, x2), extract(R(r1), 7, 0)) }),
  rx('STH', 0x40, { cite: 'POO ch. 7, Store Halfword', semantics: ({ r1, x2, b2, d2 }, $) => $.store(address(d2, b2, x2), extract(R(r1), 15, 0)) }),
  // SUBTRACT --------------------------------------------------------------------------------------------
  rr('SR', 0x1b, { cite: 'POO ch. 7, Subtract (SR)', semantics: ({ r1, r2 }, $) => arith($, 'S', r1, R(r2) as Bits<32>) }),
  rx('S', 0x5b, { cite: 'POO ch. 7, Subtract (S)', semantics: ({ r1, x2, b2, d2 }, $) => arith($, 'S', r1, w32(address(d2, b2, x2))) }),
  rx('SH', 0x4b, { cite: 'POO ch. 7, Subtract Halfword', semantics: ({ r1, x2, b2, d2 }, $) => arith($, 'S', r1, sext(load(address(d2, b2, x2), 16), 32)) }),
  rr('SLR', 0x1f, { cite: 'POO ch. 7, Subtract Logical (SLR)', semantics: ({ r1, r2 }, $) => logicalArith($, 'S', r1, R(r2) as Bits<32>) }),
  rx('SL', 0x5f, { cite: 'POO ch. 7, Subtract Logical (SL)', semantics: ({ r1, x2, b2, d2 }, $) => logicalArith($, 'S', r1, w32(address(d2, b2, x2))) }),
  // TEST UNDER MASK -------------------------------------------------------------------------------------
  si('TM', 0x91, {
    cite: 'POO ch. 7, Test under Mask',
    doc: 'CC 0: the selected bits are all zero (or the mask is zero); 1: mixed; 3: all ones.',
    semantics: ({ i2, b1, d1 }, $) => {
      const v = $.let('v', and(load(address(d1, b1), 8), i2));
      $.set(CC, ite(eq(v, 0), c(2, 0), ite(eq(v, i2), c(2, 3), c(2, 1))));
    },
  }),
];
