/**
 * tiny8: a test ISA for what pg74 does not exercise — 8-bit cells (instructions are two cells,
 * the opcode in the second; loads and stores are 16-bit, little-endian across cells), a register
 * file with hard-wired elements (x0 = 0, x3 = 0xbeef), register-file indices computed at run
 * time, a physical load, and a 64-bit product.
 */
import { add, extract, load, mul, ne, sext, trapCode, trapValue, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 16, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 16, kind: 'system' },
      B: { width: 16, kind: 'system', reset: 0xffff },
      T: { width: 16, kind: 'system' },
    },
    files: {
      x: { count: 4, width: 16, kind: 'user', hardwired: [{ index: 0, value: 0 }, { index: 3, value: 0xbeef }] },
    },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 16, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: ['T'],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 16,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
    },
    // Old PC at E[0..1], mode at E[2], value at E[3..4], code at E[5]; new PC from E[6..7].
    sequence: ($, { reg }) => {
      $.store(c(16, 0), reg('PC'), 'physical');
      $.store(c(16, 2), zext(reg('M'), 8), 'physical');
      $.store(c(16, 3), trapValue(16), 'physical');
      $.store(c(16, 5), trapCode(8), 'physical');
      $.set(reg('PC'), load(c(16, 6), 16, 'physical'));
      $.set(reg('M'), c(1, 1));
      $.set(reg('L'), c(16, 0));
      $.set(reg('B'), c(16, 0xffff));
    },
  },
  operands: {
    ra: { kind: 'register', file: 'x' },
    rb: { kind: 'register', file: 'x' },
    imm: { kind: 'immediate', signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

const x = b.file('x');
const PC = b.reg('PC');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void) =>
  b.insn(mnemonic, { cite: 'test', class: 'innocuous', encoding, syntax, semantics });

export const tiny8 = b.define({
  name: 'tiny8',
  summary: 'a byte-celled test machine',
  instructions: [
    insn('LDI', '0001 ra:2 00 imm:8', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), zext(imm, 16))),
    insn('ADD', '0010 ra:2 rb:2 00000000', 'add {ra}, {rb}', ({ ra, rb }, $) => $.set(x(ra), add(x(ra), x(rb)))),
    insn('LDW', '0011 ra:2 rb:2 00000000', 'ldw {ra}, {rb}', ({ ra, rb }, $) => $.set(x(ra), load(x(rb), 16))),
    insn('STW', '0100 ra:2 rb:2 00000000', 'stw {ra}, {rb}', ({ ra, rb }, $) => $.store(x(rb), x(ra))),
    insn('SETX', '0101 ra:2 rb:2 00000000', 'setx {ra}, {rb}', ({ ra, rb }, $) => $.set(x(extract(x(rb), 1, 0)), x(ra))),
    insn('GETX', '0110 ra:2 rb:2 00000000', 'getx {ra}, {rb}', ({ ra, rb }, $) => $.set(x(ra), x(extract(x(rb), 1, 0)))),
    insn('LDP', '0111 ra:2 rb:2 00000000', 'ldp {ra}, {rb}', ({ ra, rb }, $) => $.set(x(ra), load(x(rb), 16, 'physical'))),
    insn('MULH', '1000 ra:2 rb:2 00000000', 'mulh {ra}, {rb}', ({ ra, rb }, $) =>
      $.set(x(ra), extract(mul(sext(x(ra), 64), sext(x(rb), 64)), 31, 16)),
    ),
    insn('JNZ', '1001 ra:2 00 rel:8', 'jnz {ra}, {rel}', ({ ra, rel }, $) => $.if(ne(x(ra), 0), () => $.set(PC, add(PC, sext(rel, 16))))),
    b.insn('HALT', {
      cite: 'test', class: 'privileged', encoding: '1111 0000 00000000', syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
  ],
});
