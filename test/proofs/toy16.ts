/**
 * toy16: a test ISA for what the pg74 family does not exercise — 8-bit cells and 16-bit loads,
 * one-cell and two-cell instructions (the opcode in the first cell), three mode levels (two of them
 * supervisor), a system register file, a hard-wired register, an exception-class trap, a
 * physical load, and an unprivileged read of the timer: Theorem 1 holds, Theorem 2 fails.
 */
import { add, and, eq, extract, load, ne, sext, trapCode, trapValue, xor, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 16, kind: 'user', reset: 0x10 },
      M: { width: 2, kind: 'system', reset: 3 },
      L: { width: 16, kind: 'system' },
      B: { width: 16, kind: 'system', reset: 0xffff },
      T: { width: 16, kind: 'system' },
    },
    files: {
      x: { count: 4, width: 16, kind: 'user', hardwired: [{ index: 0, value: 0 }] },
      csr: { count: 2, width: 16, kind: 'system' },
    },
    pc: 'PC',
    mode: { register: 'M', levels: { kernel: { value: 3, supervisor: true }, exec: { value: 1, supervisor: true }, user: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 16, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'memory' },
    timing: ['T'],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 16,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
      svc: { class: 'supervisor-call', code: 4 },
      overflow: { class: 'exception', code: 5 },
    },
    // Old PC at E[0..1], mode at E[2], code at E[3], value at E[4..5]; new PC from E[6..7].
    sequence: ($, { reg }) => {
      $.store(c(16, 0), reg('PC'), 'physical');
      $.store(c(16, 2), zext(reg('M'), 8), 'physical');
      $.store(c(16, 3), trapCode(8), 'physical');
      $.store(c(16, 4), trapValue(16), 'physical');
      $.set(reg('PC'), load(c(16, 6), 16, 'physical'));
      $.set(reg('M'), c(2, 3));
      $.set(reg('L'), c(16, 0));
      $.set(reg('B'), c(16, 0xffff));
    },
  },
  operands: {
    ra: { kind: 'register', file: 'x' },
    rb: { kind: 'register', file: 'x' },
    imm: { kind: 'immediate', signed: false },
    rel: { kind: 'target', relative: true, signed: true },
    k: { kind: 'immediate', signed: false },
  },
});

const x = b.file('x');
const csr = b.file('csr');
const PC = b.reg('PC');

export const toy16 = b.define({
  name: 'toy16',
  summary: 'a byte-celled test machine with three mode levels and an unprivileged timer read',
  instructions: [
    b.insn('NOP', { cite: 'test', class: 'innocuous', encoding: '11111111', syntax: 'nop', semantics: () => {} }),
    b.insn('LDI', { cite: 'test', class: 'innocuous', encoding: 'imm:8 | 0001 ra:2 00', syntax: 'ldi {ra}, {imm}', semantics: ({ ra, imm }, $) => $.set(x(ra), zext(imm, 16)) }),
    b.insn('ADDV', {
      cite: 'test', class: 'innocuous', encoding: '00000000 | 0010 ra:2 rb:2', syntax: 'addv {ra}, {rb}',
      doc: 'Add; signed overflow takes the overflow trap (an exception).',
      semantics: ({ ra, rb }, $) => {
        const sum = $.let('sum', add(x(ra), x(rb)));
        const overflow = and(eq(extract(xor(x(ra), x(rb)), 15, 15), 0), ne(extract(xor(sum, x(ra)), 15, 15), 0));
        $.trapIf(overflow, 'overflow');
        $.set(x(ra), sum);
      },
    }),
    b.insn('LDW', { cite: 'test', class: 'innocuous', encoding: 'imm:8 | 0011 ra:2 rb:2', syntax: 'ldw {ra}, {imm}({rb})', semantics: ({ ra, rb, imm }, $) => $.set(x(ra), load(add(x(rb), zext(imm, 16)), 16)) }),
    b.insn('STW', { cite: 'test', class: 'innocuous', encoding: 'imm:8 | 0100 ra:2 rb:2', syntax: 'stw {ra}, {imm}({rb})', semantics: ({ ra, rb, imm }, $) => $.store(add(x(rb), zext(imm, 16)), x(ra)) }),
    b.insn('JNZ', { cite: 'test', class: 'innocuous', encoding: 'rel:8 | 0101 ra:2 00', syntax: 'jnz {ra}, {rel}', semantics: ({ ra, rel }, $) => $.if(ne(x(ra), 0), () => $.set(PC, add(PC, sext(rel, 16)))) }),
    b.insn('SVC', { cite: 'test', class: 'innocuous', encoding: 'imm:8 | 0110 0000', syntax: 'svc {imm}', semantics: ({ imm }, $) => $.trap('svc', zext(imm, 16)) }),
    b.insn('RDT', { cite: 'test', class: 'innocuous', encoding: '00000000 | 0111 ra:2 00', syntax: 'rdt {ra}', semantics: ({ ra }, $) => $.set(x(ra), b.reg('T')) }),
    b.insn('CSRR', {
      cite: 'test', class: 'privileged', encoding: '00000000 | 1000 ra:2 k:1 0', syntax: 'csrr {ra}, {k}',
      semantics: ({ ra, k }, $) => {
        $.requireSupervisor();
        $.set(x(ra), csr(k));
      },
    }),
    b.insn('CSRW', {
      cite: 'test', class: 'privileged', encoding: '00000000 | 1001 ra:2 k:1 0', syntax: 'csrw {ra}, {k}',
      semantics: ({ ra, k }, $) => {
        $.requireSupervisor();
        $.set(csr(k), x(ra));
      },
    }),
    b.insn('LDP', {
      cite: 'test', class: 'privileged', encoding: '00000000 | 1010 ra:2 rb:2', syntax: 'ldp {ra}, {rb}',
      doc: 'A physical load; an address outside storage is an emulator error, not a trap.',
      semantics: ({ ra, rb }, $) => {
        $.requireSupervisor();
        $.set(x(ra), load(x(rb), 16, 'physical'));
      },
    }),
    b.insn('SETM', {
      cite: 'test', class: 'privileged', encoding: '00000000 | 1011 ra:2 00', syntax: 'setm {ra}',
      semantics: ({ ra }, $) => {
        $.requireSupervisor();
        $.set(b.reg('M'), extract(x(ra), 1, 0));
      },
    }),
    b.insn('HALT', {
      cite: 'test', class: 'privileged', encoding: '00000000 | 1111 0000', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});
