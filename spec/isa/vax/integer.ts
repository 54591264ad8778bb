/**
 * Integer moves, arithmetic and logic on longwords (VAX ARM, "Integer Arithmetic and Logical
 * Instructions"; "Address Instructions" for MOVAL).
 *
 * ENCODINGS (this file's header stands for the whole model). A VAX instruction is an opcode (one
 * byte here; every opcode value is the VAX's) followed by one operand specifier per operand, each
 * of variable length: register (5n), short literal (00-3F), register deferred (6n), autodecrement
 * (7n), autoincrement (8n), immediate (8F + the constant), absolute (9F + the address), byte/
 * word/long displacement (An/Cn/En + the displacement), their deferred forms and index mode. The
 * description language has one fixed length per encoding, and no operand specifier decides a
 * virtualization question (the sensitivity of MOVPSL, REI, PROBEx or CHMx is the same whatever
 * addressing mode names their operands). So each entry fixes the specifier forms of its operands,
 * and the specifier bytes are the VAX's own: `movl r1, r2` is D0 51 52; `movl #x, r2` is
 * D0 8F x0 x1 x2 x3 52; `movl 8(r3), r2` is D0 E3 08 00 00 00 52 (always the longword
 * displacement); `movl @#a, r2` is D0 9F a0 a1 a2 a3 52; `popl r2` (MOVL (SP)+, R2) is D0 8E 52.
 * Several entries share a mnemonic and are told apart by their operands' shape. A form not listed
 * decodes as no instruction: the reserved-instruction fault.
 *
 * Branch displacements (bytes 2 and up of a branch, control.ts) hold target − address of the
 * branch, the language's convention for pc-relative fields; the VAX measures from the end of the
 * branch, so its displacement byte is this one less the branch's length.
 *
 * Condition codes follow the ARM's table for each instruction: N and Z from the result, V signed
 * overflow, C carry out of (ADD) or borrow into (SUB, CMP) bit 31; MOV, CLR, TST and the logical
 * operations clear V and leave C (TST clears it).
 */
import { add, and, bit, eq, load, not, or, slt, sub, ult, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { vaxBuilder as b, type VaxSemantics } from './machine.js';

const R = b.file('R');
const SP = R(c(4, 14));
const N = b.reg('PSL.N');
const Z = b.reg('PSL.Z');
const V = b.reg('PSL.V');
const C = b.reg('PSL.C');

const cite = (what: string) => `VAX ARM, Integer Arithmetic and Logical Instructions: ${what}`;

/** N and Z from a longword result; V as given; C as given, or left alone. */
export function cc($: VaxSemantics, result: Bits<32>, v: Bool | 0, cFlag?: Bool | 0): void {
  $.set(N, bit(result, 31));
  $.set(Z, eq(result, 0));
  $.set(V, v === 0 ? c(1, 0) : v);
  if (cFlag !== undefined) $.set(C, cFlag === 0 ? c(1, 0) : cFlag);
}

/** a + b with the ARM's flags. */
function addFlags($: VaxSemantics, a: Bits<32>, b2: Bits<32>): Bits<32> {
  const x = $.let('add.a', a);
  const y = $.let('add.b', b2);
  const sum = $.let('add.sum', add(x, y));
  cc($, sum, and(not(xor(bit(x, 31), bit(y, 31))), xor(bit(sum, 31), bit(x, 31))), ult(sum, x));
  return sum;
}

/** dif − sub with the ARM's flags (C is the borrow). */
function subFlags($: VaxSemantics, dif: Bits<32>, subtrahend: Bits<32>): Bits<32> {
  const x = $.let('sub.dif', dif);
  const y = $.let('sub.sub', subtrahend);
  const r = $.let('sub.r', sub(x, y));
  cc($, r, and(xor(bit(x, 31), bit(y, 31)), xor(bit(r, 31), bit(x, 31))), ult(x, y));
  return r;
}

/** CMPL: src1 − src2 sets the codes only (N signed less, Z equal, V 0, C unsigned less). */
function compare($: VaxSemantics, a: Bits<32>, b2: Bits<32>): void {
  const x = $.let('cmp.a', a);
  const y = $.let('cmp.b', b2);
  $.set(N, slt(x, y));
  $.set(Z, eq(x, y));
  $.set(V, 0);
  $.set(C, ult(x, y));
}

/** A move of a longword into register rd, with MOVL's codes. */
const moveTo = ($: VaxSemantics, rd: Bits<4>, value: Bits<32>) => {
  const v = $.let('mov.v', value);
  $.set(R(rd), v);
  cc($, v, 0);
};

export const integerInstructions = [
  // MOVL (D0) ---------------------------------------------------------------------------------
  b.insn('MOVL', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11010000', syntax: 'movl {rs}, {rd}',
    semantics: ({ rs, rd }, $) => moveTo($, rd, R(rs)),
  }),
  b.insn('MOVL.I', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: '0101 rd:4 imm:32 10001111 11010000', syntax: 'movl #{imm}, {rd}',
    semantics: ({ imm, rd }, $) => moveTo($, rd, imm),
  }),
  b.insn('MOVL.LD', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: '0101 rd:4 disp:32 1110 rb:4 11010000', syntax: 'movl {disp}({rb}), {rd}',
    semantics: ({ disp, rb, rd }, $) => moveTo($, rd, load(add(R(rb), disp), 32)),
  }),
  b.insn('MOVL.ST', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: 'disp:32 1110 rb:4 0101 rs:4 11010000', syntax: 'movl {rs}, {disp}({rb})',
    semantics: ({ rs, disp, rb }, $) => {
      const v = $.let('mov.v', R(rs));
      $.store(add(R(rb), disp), v);
      cc($, v, 0);
    },
  }),
  b.insn('MOVL.LDA', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: '0101 rd:4 addr:32 10011111 11010000', syntax: 'movl @#{addr}, {rd}',
    semantics: ({ addr, rd }, $) => moveTo($, rd, load(addr, 32)),
  }),
  b.insn('MOVL.STA', {
    cite: cite('MOV'), class: 'innocuous',
    encoding: 'addr:32 10011111 0101 rs:4 11010000', syntax: 'movl {rs}, @#{addr}',
    semantics: ({ rs, addr }, $) => {
      const v = $.let('mov.v', R(rs));
      $.store(addr, v);
      cc($, v, 0);
    },
  }),
  b.insn('POPL', {
    cite: cite('MOV (POPL is the assembler\'s name for MOVL (SP)+, dst)'), class: 'innocuous',
    encoding: '0101 rd:4 10001110 11010000', syntax: 'popl {rd}',
    doc: 'Autoincrement from SP: reads the longword at SP, SP += 4, then writes rd (rd = sp gets the value read).',
    semantics: ({ rd }, $) => {
      const v = $.let('mov.v', load(SP, 32));
      $.set(SP, add(SP, 4));
      $.set(R(rd), v);
      cc($, v, 0);
    },
  }),
  b.insn('MOVZBL', {
    cite: cite('MOVZ'), class: 'innocuous',
    encoding: '0101 rd:4 disp:32 1110 rb:4 10011010', syntax: 'movzbl {disp}({rb}), {rd}',
    doc: 'Zero-extends a byte: N = 0, Z from the result, V = 0, C unchanged.',
    semantics: ({ disp, rb, rd }, $) => moveTo($, rd, zext(load(add(R(rb), disp), 8), 32)),
  }),
  b.insn('MOVAL', {
    cite: 'VAX ARM, Address Instructions: MOVA', class: 'innocuous',
    encoding: '0101 rd:4 disp:32 1110 rb:4 11011110', syntax: 'moval {disp}({rb}), {rd}',
    doc: 'The address of the operand, not its contents: no memory access.',
    semantics: ({ disp, rb, rd }, $) => moveTo($, rd, add(R(rb), disp)),
  }),
  b.insn('PUSHL', {
    cite: cite('PUSHL'), class: 'innocuous',
    encoding: '0101 rs:4 11011101', syntax: 'pushl {rs}',
    semantics: ({ rs }, $) => {
      const v = $.let('push.v', R(rs));
      const sp = $.let('push.sp', sub(SP, 4));
      $.store(sp, v);
      $.set(SP, sp);
      cc($, v, 0);
    },
  }),
  b.insn('PUSHL.I', {
    cite: cite('PUSHL'), class: 'innocuous',
    encoding: 'imm:32 10001111 11011101', syntax: 'pushl #{imm}',
    semantics: ({ imm }, $) => {
      const sp = $.let('push.sp', sub(SP, 4));
      $.store(sp, imm);
      $.set(SP, sp);
      cc($, imm, 0);
    },
  }),
  b.insn('CLRL', {
    cite: cite('CLR'), class: 'innocuous',
    encoding: '0101 rd:4 11010100', syntax: 'clrl {rd}',
    semantics: ({ rd }, $) => moveTo($, rd, c(32, 0)),
  }),

  // Arithmetic --------------------------------------------------------------------------------
  b.insn('ADDL2', {
    cite: cite('ADD'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11000000', syntax: 'addl2 {rs}, {rd}',
    semantics: ({ rs, rd }, $) => $.set(R(rd), addFlags($, R(rd), R(rs))),
  }),
  b.insn('ADDL2.I', {
    cite: cite('ADD'), class: 'innocuous',
    encoding: '0101 rd:4 imm:32 10001111 11000000', syntax: 'addl2 #{imm}, {rd}',
    semantics: ({ imm, rd }, $) => $.set(R(rd), addFlags($, R(rd), imm)),
  }),
  b.insn('ADDL3', {
    cite: cite('ADD'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rb:4 0101 ra:4 11000001', syntax: 'addl3 {ra}, {rb}, {rd}',
    semantics: ({ ra, rb, rd }, $) => $.set(R(rd), addFlags($, R(ra), R(rb))),
  }),
  b.insn('SUBL2', {
    cite: cite('SUB'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11000010', syntax: 'subl2 {rs}, {rd}',
    doc: 'rd = rd − rs.',
    semantics: ({ rs, rd }, $) => $.set(R(rd), subFlags($, R(rd), R(rs))),
  }),
  b.insn('SUBL2.I', {
    cite: cite('SUB'), class: 'innocuous',
    encoding: '0101 rd:4 imm:32 10001111 11000010', syntax: 'subl2 #{imm}, {rd}',
    semantics: ({ imm, rd }, $) => $.set(R(rd), subFlags($, R(rd), imm)),
  }),
  b.insn('SUBL3', {
    cite: cite('SUB'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rm:4 0101 rs:4 11000011', syntax: 'subl3 {rs}, {rm}, {rd}',
    doc: 'rd = rm − rs.',
    semantics: ({ rs, rm, rd }, $) => $.set(R(rd), subFlags($, R(rm), R(rs))),
  }),
  b.insn('INCL', {
    cite: cite('INC'), class: 'innocuous',
    encoding: '0101 rd:4 11010110', syntax: 'incl {rd}',
    semantics: ({ rd }, $) => $.set(R(rd), addFlags($, R(rd), c(32, 1))),
  }),
  b.insn('DECL', {
    cite: cite('DEC'), class: 'innocuous',
    encoding: '0101 rd:4 11010111', syntax: 'decl {rd}',
    semantics: ({ rd }, $) => $.set(R(rd), subFlags($, R(rd), c(32, 1))),
  }),
  b.insn('CMPL', {
    cite: cite('CMP'), class: 'innocuous',
    encoding: '0101 rb:4 0101 ra:4 11010001', syntax: 'cmpl {ra}, {rb}',
    semantics: ({ ra, rb }, $) => compare($, R(ra), R(rb)),
  }),
  b.insn('CMPL.I', {
    cite: cite('CMP'), class: 'innocuous',
    encoding: 'imm:32 10001111 0101 ra:4 11010001', syntax: 'cmpl {ra}, #{imm}',
    semantics: ({ ra, imm }, $) => compare($, R(ra), imm),
  }),
  b.insn('TSTL', {
    cite: cite('TST'), class: 'innocuous',
    encoding: '0101 rs:4 11010101', syntax: 'tstl {rs}',
    semantics: ({ rs }, $) => cc($, R(rs), 0, 0),
  }),

  // Logical -----------------------------------------------------------------------------------
  b.insn('BISL2', {
    cite: cite('BIS'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11001000', syntax: 'bisl2 {rs}, {rd}',
    semantics: ({ rs, rd }, $) => moveTo($, rd, or(R(rd), R(rs))),
  }),
  b.insn('BICL2', {
    cite: cite('BIC'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11001010', syntax: 'bicl2 {rs}, {rd}',
    doc: 'rd = rd AND NOT rs.',
    semantics: ({ rs, rd }, $) => moveTo($, rd, and(R(rd), not(R(rs)))),
  }),
  b.insn('XORL2', {
    cite: cite('XOR'), class: 'innocuous',
    encoding: '0101 rd:4 0101 rs:4 11001100', syntax: 'xorl2 {rs}, {rd}',
    semantics: ({ rs, rd }, $) => moveTo($, rd, xor(R(rd), R(rs))),
  }),
];


