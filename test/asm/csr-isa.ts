/**
 * A small byte-addressed ISA whose instructions share assembly mnemonics, as a RISC-V model with
 * one entry per (CSR operation, CSR) does: `csrrw {rd}, mstatus, {rs1}` and
 * `csrrw {rd}, mscratch, {rs1}` differ in the CSR number, fixed in the encoding, and in a literal
 * word of the syntax. `li` has a short form and a two-word long one, told apart by `=`.
 */
import { zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 32, kind: 'user' },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 32, kind: 'system' },
      B: { width: 32, kind: 'system', reset: 0xffffffff },
    },
    files: { x: { count: 32, width: 32, kind: 'user', aliases: { zero: 0, ra: 1, sp: 2 }, hardwired: [{ index: 0, value: 0 }] } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 32, cells: 65536 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: [],
  },
  traps: {
    codeWidth: 32,
    valueWidth: 32,
    kinds: {
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
      privileged: { class: 'privileged-instruction', code: 1 },
    },
    sequence: ($, { reg }) => {
      $.set(reg('M'), c(1, 1));
      $.set(reg('PC'), c(32, 0));
    },
  },
  operands: {
    rd: { kind: 'register', file: 'x' },
    rs1: { kind: 'register', file: 'x' },
  },
});

const x = b.file('x');
const cite = 'test ISA';

/** A CSR instruction: the CSR number and the operation are fixed bits, the CSR's name a literal word. */
const csr = (op: 'csrrw' | 'csrrs', funct3: string, name: string, number: number) =>
  b.insn(`${op.toUpperCase()}.${name}`, {
    cite, class: 'innocuous',
    encoding: `${number.toString(2).padStart(12, '0')} rs1:5 ${funct3} rd:5 1110011`,
    syntax: `${op} {rd}, ${name}, {rs1}`,
    semantics: ({ rd, rs1 }, $) => $.set(x(rd), x(rs1)),
  });

export const csrIsa = b.define({
  name: 'csr-test',
  summary: 'A byte-addressed ISA whose instructions share assembly mnemonics, for assembler tests',
  instructions: [
    csr('csrrw', '001', 'mstatus', 0x300),
    csr('csrrw', '001', 'mscratch', 0x340),
    csr('csrrw', '001', 'mepc', 0x341),
    csr('csrrs', '010', 'mstatus', 0x300),
    b.insn('LI', {
      cite, class: 'innocuous',
      encoding: 'imm[19:0] rd:5 0110111', syntax: 'li {rd}, {imm}',
      operands: { imm: { kind: 'immediate', signed: false } },
      semantics: ({ rd, imm }, $) => $.set(x(rd), zext(imm, 32)),
    }),
    b.insn('LI.LONG', {
      cite, class: 'innocuous',
      encoding: 'imm[31:0] 00000000000000000000 rd:5 0001011', syntax: 'li {rd}, ={imm}',
      operands: { imm: { kind: 'immediate', signed: false } },
      semantics: ({ rd, imm }, $) => $.set(x(rd), zext(imm, 32)),
    }),
  ],
});
