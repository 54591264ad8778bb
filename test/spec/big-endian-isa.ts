/**
 * be8: a big-endian byte machine for the `endianness: 'big'` storage order — instructions of two
 * and four cells whose first cell holds the opcode (as on the 68000 and S/370), 16- and 32-bit
 * loads and stores, a trap sequence that saves and loads 16-bit words, relocation-bounds, and one
 * unprivileged read of the mode (RDM) so that the checker has a witness to replay.
 */
import { add, extract, load, ne, sext, trapCode, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 16, kind: 'user', reset: 0x20 },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 16, kind: 'system' },
      B: { width: 16, kind: 'system', reset: 0xffff },
    },
    files: { x: { count: 4, width: 16, kind: 'user' } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 16, cells: 512, endianness: 'big' },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 16,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
      svc: { class: 'supervisor-call', code: 4 },
    },
    // Old PC at E[0..1] (high byte first), the mode at E[2], the code at E[3]; new PC from E[4..5].
    sequence: ($, { reg }) => {
      $.store(c(16, 0), reg('PC'), 'physical');
      $.store(c(16, 2), zext(reg('M'), 8), 'physical');
      $.store(c(16, 3), trapCode(8), 'physical');
      $.set(reg('PC'), load(c(16, 4), 16, 'physical'));
      $.set(reg('M'), c(1, 1));
      $.set(reg('L'), c(16, 0));
      $.set(reg('B'), c(16, 0xffff));
    },
  },
  operands: {
    ra: { kind: 'register', file: 'x' },
    rb: { kind: 'register', file: 'x' },
    imm: { kind: 'immediate', signed: false },
    target: { kind: 'target', relative: false, signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

const x = b.file('x');
const PC = b.reg('PC');
const M = b.reg('M');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void) =>
  b.insn(mnemonic, { cite: 'test', class: 'innocuous', encoding, syntax, semantics });

export const be8 = b.define({
  name: 'be8',
  summary: 'a big-endian byte machine with two- and four-cell instructions',
  instructions: [
    insn('LDI', '0001 ra:2 00 00000000 imm:16', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), imm)),
    insn('ADDI', '0010 ra:2 00 imm:8', 'addi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), add(x(ra), zext(imm, 16)))),
    insn('LDW', '0011 ra:2 rb:2 00000000', 'ldw {ra}, ({rb})', ({ ra, rb }, $) => $.set(x(ra), load(x(rb), 16))),
    insn('STW', '0100 ra:2 rb:2 00000000', 'stw {ra}, ({rb})', ({ ra, rb }, $) => $.store(x(rb), x(ra))),
    insn('LDB', '0101 ra:2 rb:2 00000000', 'ldb {ra}, ({rb})', ({ ra, rb }, $) => $.set(x(ra), zext(load(x(rb), 8), 16))),
    // The low half of a 32-bit word: in big-endian storage, the cells at +2 and +3.
    insn('LDLO', '0110 ra:2 rb:2 00000000', 'ldlo {ra}, ({rb})', ({ ra, rb }, $) => $.set(x(ra), extract(load(x(rb), 32), 15, 0))),
    insn('JNZ', '0111 ra:2 00 rel:8', 'jnz {ra}, {rel}', ({ ra, rel }, $) => $.if(ne(x(ra), 0), () => $.set(PC, add(PC, sext(rel, 16))))),
    insn('RDM', '1000 ra:2 00 00000000', 'rdm {ra}', ({ ra }, $) => $.set(x(ra), zext(M, 16))),
    b.insn('RTU', {
      cite: 'test', class: 'privileged', encoding: '1001 0000 00000000 target:16', syntax: 'rtu {target}',
      semantics: ({ target }, $) => {
        $.requireSupervisor();
        $.set(M, c(1, 0));
        $.set(PC, target);
      },
    }),
    b.insn('SVC', { cite: 'test', class: 'innocuous', encoding: '1110 0000 00000000', syntax: 'svc', semantics: (_, $) => $.trap('svc') }),
    b.insn('HALT', {
      cite: 'test', class: 'privileged', encoding: '1111 0000 00000000', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});
