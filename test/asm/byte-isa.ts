/**
 * A tiny byte-addressed ISA for the assembler tests, RISC-V style: 8-bit cells, 32-bit
 * instructions (four cells, lowest byte first), scattered immediates whose low bits no slice
 * covers (branch and jump offsets are even; `lui`'s value is a multiple of 4096), register
 * aliases and an enum operand. Semantics are kept minimal: only the encodings matter here.
 */
import { add, eq, sext, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';

/** The byte ISA's state and traps, for other test ISAs built on them (csr-isa.ts). */
export const byteBuilder = isaBuilder({
  state: {
    registers: {
      PC: { width: 32, kind: 'user' },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 32, kind: 'system' },
      B: { width: 32, kind: 'system', reset: 0xffffffff },
      CYC: { width: 32, kind: 'system' },
    },
    files: { x: { count: 32, width: 32, kind: 'user', aliases: { zero: 0, ra: 1, sp: 2 }, hardwired: [{ index: 0, value: 0 }] } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 32, cells: 65536 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: ['CYC'],
  },
  traps: {
    codeWidth: 32,
    valueWidth: 32,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
    },
    sequence: ($, { reg }) => {
      $.set(reg('M'), c(1, 1));
      $.set(reg('PC'), c(32, 0));
    },
  },
  operands: {
    rd: { kind: 'register', file: 'x' },
    rs1: { kind: 'register', file: 'x' },
    rs2: { kind: 'register', file: 'x' },
  },
});
const b = byteBuilder;

const x = b.file('x');
const PC = b.reg('PC');
const cite = 'test ISA';

export const byteIsa = b.define({
  name: 'byte-test',
  summary: 'A byte-addressed RISC-V-like ISA for assembler tests',
  instructions: [
    b.insn('ADDI', {
      cite, class: 'innocuous',
      encoding: 'imm[11:0] rs1:5 000 rd:5 0010011', syntax: 'addi {rd}, {rs1}, {imm}',
      operands: { imm: { kind: 'immediate', signed: true } },
      semantics: ({ rd, rs1, imm }, $) => $.set(x(rd), add(x(rs1), sext(imm, 32))),
    }),
    b.insn('LUI', {
      cite, class: 'innocuous',
      encoding: 'imm[31:12] rd:5 0110111', syntax: 'lui {rd}, {imm}',
      operands: { imm: { kind: 'immediate', signed: false } },
      semantics: ({ rd, imm }, $) => $.set(x(rd), zext(imm, 32)),
    }),
    b.insn('LW', {
      cite, class: 'innocuous',
      encoding: 'imm[11:0] rs1:5 010 rd:5 0000011', syntax: 'lw {rd}, {imm}({rs1})',
      operands: { imm: { kind: 'immediate', signed: true } },
      semantics: ({ rd }, $) => $.set(x(rd), c(32, 0)),
    }),
    b.insn('BEQ', {
      cite, class: 'innocuous',
      encoding: 'imm[12|10:5] rs2:5 rs1:5 000 imm[4:1|11] 1100011', syntax: 'beq {rs1}, {rs2}, {imm}',
      operands: { imm: { kind: 'target', relative: true, signed: true } },
      semantics: ({ rs1, rs2, imm }, $) => $.if(eq(x(rs1), x(rs2)), () => $.set(PC, add(PC, sext(imm, 32)))),
    }),
    b.insn('JAL', {
      cite, class: 'innocuous',
      encoding: 'imm[20|10:1|11|19:12] rd:5 1101111', syntax: 'jal {rd}, {imm}',
      operands: { imm: { kind: 'target', relative: true, signed: true } },
      semantics: ({ rd, imm }, $) => {
        $.set(x(rd), add(PC, 4));
        $.set(PC, add(PC, sext(imm, 32)));
      },
    }),
    b.insn('CSRR', {
      cite, class: 'innocuous',
      encoding: 'csr:12 00000 010 rd:5 1110011', syntax: 'csrr {rd}, {csr}',
      operands: { csr: { kind: 'enum', names: { cycle: 0xc00, time: 0xc01, mstatus: 0x300 } } },
      semantics: ({ rd, csr }, $) => $.set(x(rd), zext(csr, 32)),
    }),
    b.insn('MASK', {
      cite, class: 'innocuous',
      encoding: 'm[7:4|1:0] 00000000000000 rd:5 0001011', syntax: 'mask {rd}, [{m}]',
      doc: 'A field with a hole in the middle: bits 3 and 2 are not encoded.',
      operands: { m: { kind: 'immediate', signed: false } },
      semantics: ({ rd, m }, $) => $.set(x(rd), zext(m, 32)),
    }),
    b.insn('EBREAK', {
      cite, class: 'innocuous',
      encoding: '000000000001 00000 000 00000 1110011', syntax: 'ebreak',
      semantics: () => {},
    }),
  ],
});
