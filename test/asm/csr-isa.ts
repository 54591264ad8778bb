/**
 * A small byte-addressed ISA whose instructions share assembly mnemonics, as a RISC-V model with
 * one entry per (CSR operation, CSR) does: `csrrw {rd}, mstatus, {rs1}` and
 * `csrrw {rd}, mscratch, {rs1}` differ in the CSR number, fixed in the encoding, and in a literal
 * word of the syntax. `li` has a short form and a two-word long one, told apart by `=`. Its state
 * and traps are the byte ISA's.
 */
import { zext } from '../../spec/builder/ops.js';
import { byteBuilder as b } from './byte-isa.js';

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
