/**
 * mr8: a byte machine with x86-shaped ModRM addressing, for field-value exclusions
 * (`FieldDecl.excluded`). One opcode byte (0x8b, MOV r32, r/m32) with four forms told apart by the
 * ModRM byte, as the SDM's Table 2-2 does it:
 *   mod = 11        MOV.rr   register to register         2 bytes
 *   mod = 00, rm ≠ 4, 5  MOV.ind  load through rm      2 bytes (rm excluded: 4 and 5 are the next two)
 *   mod = 00, rm = 4     MOV.sib  a SIB byte follows: base + index << scale   3 bytes
 *   mod = 00, rm = 5     MOV.abs  a displacement byte follows: an absolute address   3 bytes
 * MOV.ind's semantics read the mode when rm is 4 or 5 — words that are never MOV.ind — so the
 * checker calls it innocuous only if its instruction word honours the exclusion; MOV.abs reads the
 * mode at address 0xff, which the checker finds only if it knows that MOV.ind, whose fixed bits
 * its first two bytes match, is not there (rm = 5 is excluded from it).
 */
import { add, eq, ite, load, shl, trapCode, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 8, kind: 'system' },
      B: { width: 8, kind: 'system', reset: 0xff },
    },
    files: { r: { count: 8, width: 8, kind: 'user' } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 8,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
      svc: { class: 'supervisor-call', code: 4 },
    },
    // Old PC at 0, the mode at 1, the code at 2; the new PC from 3.
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.store(c(8, 1), zext(reg('M'), 8), 'physical');
      $.store(c(8, 2), trapCode(8), 'physical');
      $.set(reg('PC'), load(c(8, 3), 8, 'physical'));
      $.set(reg('M'), c(1, 1));
      $.set(reg('L'), c(8, 0));
      $.set(reg('B'), c(8, 0xff));
    },
  },
  operands: {
    reg: { kind: 'register', file: 'r' },
    rm: { kind: 'register', file: 'r' },
    base: { kind: 'register', file: 'r' },
    index: { kind: 'register', file: 'r' },
    scale: { kind: 'immediate', signed: false },
    disp: { kind: 'immediate', signed: false },
    imm: { kind: 'immediate', signed: false },
    target: { kind: 'target', relative: false, signed: false },
  },
});

const r = b.file('r');
const M = b.reg('M');
const PC = b.reg('PC');
const cite = 'Intel SDM vol. 2 §2.1.5, Table 2-2 (32-bit addressing forms with the ModR/M byte), in miniature';

// Encodings are little-endian: the opcode byte is bits 7..0, the ModRM byte bits 15..8
// (mod 15..14, reg 13..11, rm 10..8), a SIB or displacement byte bits 23..16.
export const mr8 = b.define({
  name: 'mr8',
  summary: 'a byte machine with x86-shaped ModRM forms, told apart by excluded field values',
  instructions: [
    b.insn('MOV.rr', { cite, class: 'innocuous', encoding: '11 reg:3 rm:3 10001011', syntax: 'mov {reg}, {rm}', semantics: ({ reg, rm }, $) => $.set(r(reg), r(rm)) }),
    b.insn('MOV.ind', {
      cite,
      class: 'innocuous',
      encoding: '00 reg:3 rm:3 10001011',
      syntax: 'mov {reg}, [{rm}]',
      excluded: { rm: [4, 5] },
      // rm = 4 or 5 is MOV.sib or MOV.abs: this arm is never taken by an MOV.ind word.
      semantics: ({ reg, rm }, $) => $.set(r(reg), ite(eq(rm, 4), zext(M, 8), ite(eq(rm, 5), zext(M, 8), load(r(rm), 8)))),
    }),
    b.insn('MOV.sib', {
      cite,
      class: 'innocuous',
      encoding: 'scale:2 index:3 base:3 00 reg:3 100 10001011',
      syntax: 'mov {reg}, [{base} + {index} << {scale}]',
      semantics: ({ reg, base, index, scale }, $) => $.set(r(reg), load(add(r(base), shl(r(index), zext(scale, 8))), 8)),
    }),
    // Address 0xff reads the mode, as a status word mapped into storage would: a sensitive corner
    // of a three-byte form whose first two bytes MOV.ind would match but for its exclusion.
    b.insn('MOV.abs', {
      cite,
      class: 'sensitive',
      encoding: 'disp:8 00 reg:3 101 10001011',
      syntax: 'mov {reg}, [{disp}]',
      semantics: ({ reg, disp }, $) => $.set(r(reg), ite(eq(disp, 0xff), zext(M, 8), load(disp, 8))),
    }),
    b.insn('LDI', { cite: 'test', class: 'innocuous', encoding: 'imm:8 00000 reg:3', syntax: 'ldi {reg}, {imm}', semantics: ({ reg, imm }, $) => $.set(r(reg), imm) }),
    b.insn('RDM', { cite: 'test', class: 'sensitive', encoding: '00001 reg:3', syntax: 'rdm {reg}', semantics: ({ reg }, $) => $.set(r(reg), zext(M, 8)) }),
    b.insn('RTU', {
      cite: 'test', class: 'privileged', encoding: 'target:8 00010000', syntax: 'rtu {target}',
      semantics: ({ target }, $) => {
        $.requireSupervisor();
        $.set(M, c(1, 0));
        $.set(PC, target);
      },
    }),
    b.insn('SVC', { cite: 'test', class: 'innocuous', encoding: '00010001', syntax: 'svc', semantics: (_, $) => $.trap('svc') }),
    b.insn('HALT', {
      cite: 'test', class: 'privileged', encoding: '00010010', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});
