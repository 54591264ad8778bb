/**
 * RV32I, the base integer instruction set (unpriv. chapter 2), with Zifencei (unpriv. chapter 3).
 * ECALL and EBREAK are in privileged.ts with the other SYSTEM instructions.
 *
 * Formats (unpriv. 2.2-2.3), most significant bit first:
 *   R  funct7 rs2 rs1 funct3 rd opcode
 *   I  imm[11:0] rs1 funct3 rd opcode
 *   S  imm[11:5] rs2 rs1 funct3 imm[4:0] opcode
 *   B  imm[12|10:5] rs2 rs1 funct3 imm[4:1|11] opcode
 *   U  imm[31:12] rd opcode
 *   J  imm[20|10:1|11|19:12] rd opcode
 */
import { add, and, ashr, bit, concat, eq, extract, load as loadMem, lshr, ne, or, sext, sge, shl, slt, sub, uge, ult, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { rv32Builder as b } from './machine.js';
import type { RvSemantics as S } from './semantics.js';

const x = b.file('x');
const pc = b.reg('pc');

/** A jump to `target`: instruction-address-misaligned when it is not on 4 bytes (IALIGN = 32, unpriv. 2.5). */
function jumpTo($: S, target: Bits<32>): void {
  $.trapIf(ne(extract(target, 1, 0), 0), 'fetchMisaligned', target);
  $.set(pc, target);
}

const rType = (mnemonic: string, funct7: string, funct3: string, op: (a: Bits<32>, b: Bits<32>) => Bits<32>, cite = 'unpriv. 2.4.2 Integer Register-Register Operations') =>
  b.insn(mnemonic, {
    cite,
    class: 'innocuous',
    encoding: `${funct7} rs2:5 rs1:5 ${funct3} rd:5 0110011` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {rs1}, {rs2}`,
    semantics: ({ rd, rs1, rs2 }, $) => $.set(x(rd), op(x(rs1), x(rs2))),
  });

const iType = (mnemonic: string, funct3: string, op: (a: Bits<32>, imm: Bits<32>) => Bits<32>) =>
  b.insn(mnemonic, {
    cite: 'unpriv. 2.4.1 Integer Register-Immediate Instructions',
    class: 'innocuous',
    encoding: `imm:12 rs1:5 ${funct3} rd:5 0010011` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {rs1}, {imm}`,
    semantics: ({ rd, rs1, imm }, $) => $.set(x(rd), op(x(rs1), sext(imm, 32))),
  });

const shiftImm = (mnemonic: string, funct7: string, funct3: string, op: (a: Bits<32>, n: Bits<32>) => Bits<32>) =>
  b.insn(mnemonic, {
    cite: 'unpriv. 2.4.1 Integer Register-Immediate Instructions (shifts by a constant)',
    class: 'innocuous',
    encoding: `${funct7} shamt:5 rs1:5 ${funct3} rd:5 0010011` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {rs1}, {shamt}`,
    semantics: ({ rd, rs1, shamt }, $) => $.set(x(rd), op(x(rs1), zext(shamt, 32))),
  });

const branch = (mnemonic: string, funct3: string, test: (a: Bits<32>, b: Bits<32>) => Bool) =>
  b.insn(mnemonic, {
    cite: 'unpriv. 2.5 Control Transfer Instructions (conditional branches)',
    class: 'innocuous',
    encoding: `off[12|10:5] rs2:5 rs1:5 ${funct3} off[4:1|11] 1100011` as const,
    syntax: `${mnemonic.toLowerCase()} {rs1}, {rs2}, {off}`,
    semantics: ({ rs1, rs2, off }, $) => $.if(test(x(rs1), x(rs2)), () => jumpTo($, add(pc, sext(off, 32)))),
  });

/** The effective address rs1 + imm of a load or store (unpriv. 2.6). */
const ea = (rs1: Bits<5>, imm: Bits<number>) => add(x(rs1), sext(imm, 32));

/** Misaligned when the low `bits` bits of the address are not zero. */
const misaligned = (a: Bits<32>, size: 1 | 2 | 4): Bool => (size === 1 ? c(1, 0) : size === 2 ? bit(a, 0) : ne(extract(a, 1, 0), 0));

const load = (mnemonic: string, funct3: string, size: 1 | 2 | 4, signed: boolean) =>
  b.insn(mnemonic, {
    cite: 'unpriv. 2.6 Load and Store Instructions',
    class: 'innocuous',
    encoding: `imm:12 rs1:5 ${funct3} rd:5 0000011` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {imm}({rs1})`,
    semantics: ({ rd, rs1, imm }, $) => {
      const a = $.let('a', ea(rs1, imm));
      $.trapIf(misaligned(a, size), 'loadMisaligned', a);
      const v = loadMem(a, size * 8);
      $.set(x(rd), signed ? sext(v, 32) : zext(v, 32));
    },
  });

const store = (mnemonic: string, funct3: string, size: 1 | 2 | 4) =>
  b.insn(mnemonic, {
    cite: 'unpriv. 2.6 Load and Store Instructions',
    class: 'innocuous',
    encoding: `imm[11:5] rs2:5 rs1:5 ${funct3} imm[4:0] 0100011` as const,
    syntax: `${mnemonic.toLowerCase()} {rs2}, {imm}({rs1})`,
    semantics: ({ rs1, rs2, imm }, $) => {
      const a = $.let('a', ea(rs1, imm));
      $.trapIf(misaligned(a, size), 'storeMisaligned', a);
      $.store(a, extract(x(rs2), size * 8 - 1, 0));
    },
  });

const shamtOf = (v: Bits<32>) => and(v, 31);

export const rv32iInstructions = [
  // unpriv. 2.4.1 Integer Register-Immediate Instructions
  iType('ADDI', '000', add),
  iType('SLTI', '010', (a, i) => zext(slt(a, i), 32)),
  iType('SLTIU', '011', (a, i) => zext(ult(a, i), 32)),
  iType('XORI', '100', xor),
  iType('ORI', '110', or),
  iType('ANDI', '111', and),
  shiftImm('SLLI', '0000000', '001', shl),
  shiftImm('SRLI', '0000000', '101', lshr),
  shiftImm('SRAI', '0100000', '101', ashr),
  b.insn('LUI', {
    cite: 'unpriv. 2.4.1 Integer Register-Immediate Instructions (LUI)',
    class: 'innocuous',
    encoding: 'uimm:20 rd:5 0110111',
    syntax: 'lui {rd}, {uimm}',
    semantics: ({ rd, uimm }, $) => $.set(x(rd), concat(uimm, c(12, 0))),
  }),
  b.insn('AUIPC', {
    cite: 'unpriv. 2.4.1 Integer Register-Immediate Instructions (AUIPC)',
    class: 'innocuous',
    encoding: 'uimm:20 rd:5 0010111',
    syntax: 'auipc {rd}, {uimm}',
    semantics: ({ rd, uimm }, $) => $.set(x(rd), add(pc, concat(uimm, c(12, 0)))),
  }),

  // unpriv. 2.4.2 Integer Register-Register Operations
  rType('ADD', '0000000', '000', add),
  rType('SUB', '0100000', '000', sub),
  rType('SLL', '0000000', '001', (a, n) => shl(a, shamtOf(n))),
  rType('SLT', '0000000', '010', (a, v) => zext(slt(a, v), 32)),
  rType('SLTU', '0000000', '011', (a, v) => zext(ult(a, v), 32)),
  rType('XOR', '0000000', '100', xor),
  rType('SRL', '0000000', '101', (a, n) => lshr(a, shamtOf(n))),
  rType('SRA', '0100000', '101', (a, n) => ashr(a, shamtOf(n))),
  rType('OR', '0000000', '110', or),
  rType('AND', '0000000', '111', and),

  // unpriv. 2.5 Control Transfer Instructions
  b.insn('JAL', {
    cite: 'unpriv. 2.5 Control Transfer Instructions (unconditional jumps)',
    class: 'innocuous',
    encoding: 'off[20|10:1|11|19:12] rd:5 1101111',
    syntax: 'jal {rd}, {off}',
    doc: 'rd = pc + 4, then jump; a misaligned target traps before rd is written.',
    semantics: ({ rd, off }, $) => {
      const target = $.let('target', add(pc, sext(off, 32)));
      $.trapIf(ne(extract(target, 1, 0), 0), 'fetchMisaligned', target);
      $.set(x(rd), add(pc, 4));
      $.set(pc, target);
    },
  }),
  b.insn('JALR', {
    cite: 'unpriv. 2.5 Control Transfer Instructions (unconditional jumps)',
    class: 'innocuous',
    encoding: 'imm:12 rs1:5 000 rd:5 1100111',
    syntax: 'jalr {rd}, {imm}({rs1})',
    doc: 'The target is rs1 + imm with bit 0 cleared, computed before rd is written.',
    semantics: ({ rd, rs1, imm }, $) => {
      const target = $.let('target', and(ea(rs1, imm), ~1));
      $.trapIf(bit(target, 1), 'fetchMisaligned', target);
      $.set(x(rd), add(pc, 4));
      $.set(pc, target);
    },
  }),
  branch('BEQ', '000', eq),
  branch('BNE', '001', ne),
  branch('BLT', '100', slt),
  branch('BGE', '101', sge),
  branch('BLTU', '110', ult),
  branch('BGEU', '111', uge),

  // unpriv. 2.6 Load and Store Instructions
  load('LB', '000', 1, true),
  load('LH', '001', 2, true),
  load('LW', '010', 4, true),
  load('LBU', '100', 1, false),
  load('LHU', '101', 2, false),
  store('SB', '000', 1),
  store('SH', '001', 2),
  store('SW', '010', 4),

  // unpriv. 2.7 Memory Ordering Instructions; 3 Zifencei
  b.insn('FENCE', {
    cite: 'unpriv. 2.7 Memory Ordering Instructions',
    class: 'innocuous',
    encoding: 'fm:4 pred:4 succ:4 rs1:5 000 rd:5 0001111',
    syntax: 'fence {pred}, {succ}, {fm}, {rs1}, {rd}',
    doc: 'A single hart in order: nothing to do. fm, rs1 and rd are reserved and ignored (FENCE.TSO and PAUSE included).',
    semantics: () => {},
  }),
  b.insn('FENCE.I', {
    cite: 'unpriv. 3 "Zifencei" Instruction-Fetch Fence',
    class: 'innocuous',
    encoding: 'imm:12 rs1:5 001 rd:5 0001111',
    syntax: 'fence.i {imm}, {rs1}, {rd}',
    doc: 'Stores are seen by later fetches anyway (the emulator drops code compiled from a stored cell). imm, rs1 and rd are reserved and ignored.',
    semantics: () => {},
  }),
];
