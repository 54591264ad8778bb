/**
 * pw8: a byte machine whose 16-bit status word is also storage, for registers mapped into storage
 * (`state.storage.mapped`, issue 11 construct 5), shaped after the PDP-11's PSW at 0177776
 * (PDP-11/45 Processor Handbook, 1973, §2.3.2: "the PSW ... may be addressed as location 777776").
 *
 * PSW (little-endian at cells 0x7e, 0x7f, inside the 128 cells a monitor gives a small guest): U (bit 15) the mode, 1 user; ID (bit 8) a read-only
 * model bit, always one; PRI (bits 7..5) the priority; Z (bit 2) and C (bit 0) condition codes.
 * A relocation-bounds map (L, B) is user mode's; the trap sequence puts the kernel at L = 0 with
 * the whole storage, so the kernel reaches the status word at 0x7e and a user reaches it only
 * through a map that covers it.
 */
import { add, concat, eq, extract, load, trapCode, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      PSW: {
        width: 16,
        kind: 'system',
        reset: 0x0100,
        fields: {
          C: { bits: 0, kind: 'user', doc: 'carry' },
          Z: { bits: 2, kind: 'user', doc: 'zero' },
          PRI: { bits: [7, 5], doc: 'priority' },
          ID: { bits: 8, readOnly: true, doc: 'a model bit: always one' },
          U: { bits: 15, doc: 'the mode: 1 user' },
        },
      },
      L: { width: 8, kind: 'system' },
      B: { width: 8, kind: 'system', reset: 0xff },
    },
    files: { r: { count: 4, width: 8, kind: 'user' } },
    pc: 'PC',
    mode: { register: 'PSW.U', levels: { k: { value: 0, supervisor: true }, u: { value: 1, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 256, devices: [{ name: 'tty', kind: 'console', cell: 0x70 }], mapped: [{ register: 'PSW', cell: 0x7e, doc: 'the status word' }] },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'memory' },
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
    // Old PC at 0, the old status word's low byte at 1, the code at 2; the new PC from 3; kernel mode, the whole storage.
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.store(c(8, 1), extract(reg('PSW'), 7, 0), 'physical');
      $.store(c(8, 2), trapCode(8), 'physical');
      $.set(reg('PC'), load(c(8, 3), 8, 'physical'));
      $.set(reg('PSW.U'), c(1, 0));
      $.set(reg('L'), c(8, 0));
      $.set(reg('B'), c(8, 0xff));
    },
  },
  operands: {
    rd: { kind: 'register', file: 'r' },
    rs: { kind: 'register', file: 'r' },
    imm: { kind: 'immediate', signed: false },
    target: { kind: 'target', relative: false, signed: false },
  },
});

const r = b.file('r');
const PC = b.reg('PC');
const cite = 'test (PDP-11/45 Processor Handbook §2.3.2, in miniature)';

export const pw8 = b.define({
  name: 'pw8',
  summary: 'a byte machine whose status word is also storage at 0x7e',
  instructions: [
    b.insn('LDI', { cite, class: 'innocuous', encoding: 'imm:8 0000 rd:2 00', syntax: 'ldi {rd}, {imm}', semantics: ({ rd, imm }, $) => $.set(r(rd), imm) }),
    b.insn('LD', { cite, class: 'innocuous', encoding: '0001 rd:2 rs:2', syntax: 'ld {rd}, [{rs}]', semantics: ({ rd, rs }, $) => $.set(r(rd), load(r(rs), 8)) }),
    b.insn('ST', { cite, class: 'innocuous', encoding: '0010 rd:2 rs:2', syntax: 'st {rd}, [{rs}]', semantics: ({ rd, rs }, $) => $.store(r(rs), r(rd)) }),
    // A 16-bit store of r(rd+1):r(rd) — at 0x7d it spans a storage cell and the status word's low byte.
    b.insn('STW', {
      cite, class: 'innocuous', encoding: '0011 rd:2 rs:2', syntax: 'stw {rd}, [{rs}]',
      semantics: ({ rd, rs }, $) => $.store(r(rs), concat(r(add(rd, c(2, 1))), r(rd))),
    }),
    // Sets Z from rd, then reads rs: the read sees this instruction's own write of Z.
    b.insn('TSTLD', {
      cite, class: 'innocuous', encoding: '0100 rd:2 rs:2', syntax: 'tstld {rd}, [{rs}]',
      semantics: ({ rd, rs }, $) => {
        $.set(b.reg('PSW.Z'), eq(r(rd), c(8, 0)));
        $.set(r(rd), load(r(rs), 8));
      },
    }),
    b.insn('ADD', {
      cite, class: 'innocuous', encoding: '0101 rd:2 rs:2', syntax: 'add {rd}, {rs}',
      semantics: ({ rd, rs }, $) => {
        const sum = $.let('sum', add(zext(r(rd), 9), zext(r(rs), 9)));
        $.set(r(rd), extract(sum, 7, 0));
        $.set(b.reg('PSW.C'), extract(sum, 8, 8));
        $.set(b.reg('PSW.Z'), eq(extract(sum, 7, 0), c(8, 0)));
      },
    }),
    b.insn('RTU', {
      cite, class: 'privileged', encoding: 'target:8 01100000', syntax: 'rtu {target}',
      semantics: ({ target }, $) => {
        $.requireSupervisor();
        $.set(b.reg('PSW.U'), c(1, 1));
        $.set(PC, target);
      },
    }),
    b.insn('SVC', { cite, class: 'innocuous', encoding: '01100001', syntax: 'svc', semantics: (_, $) => $.trap('svc') }),
    b.insn('HALT', {
      cite, class: 'privileged', encoding: '01100010', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});
