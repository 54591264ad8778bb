/**
 * bank8: a stack pointer banked per mode (issue 11, construct 4), as the 68000's A7 (USP/SSP) and
 * ARM's R13 are: three modes (user, supervisor, interrupt), x3 the stack pointer with one copy per
 * mode, and SAVED (the mode a trap came from) banked as ARM's SPSR is. A trap pushes the PC on the
 * supervisor's stack after switching mode; RDUSP/WRUSP reach the user's copy from supervisor mode
 * (MOVE USP); RDUSPU is an unprivileged read of the user's copy (as LDM^ is), which a state in
 * supervisor mode answers differently from the same state in user mode.
 */
import { add, load, sub, zext, extract } from '../../spec/builder/ops.js';
import { c, type Loc } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 16, kind: 'user', reset: 0x20 },
      M: { width: 2, kind: 'system', reset: 1 },
      SAVED: { width: 2, kind: 'system' },
      L: { width: 16, kind: 'system' },
      B: { width: 16, kind: 'system', reset: 0xffff },
    },
    files: { x: { count: 4, width: 16, kind: 'user', aliases: { sp: 3 } } },
    pc: 'PC',
    mode: { register: 'M', levels: { usr: { value: 0, supervisor: false }, svc: { value: 1, supervisor: true }, irq: { value: 2, supervisor: true } } },
    storage: { cellBits: 8, addressBits: 16, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: [],
    banked: [
      { state: { file: 'x', index: 3 }, banks: { SP_usr: ['usr'], SP_svc: ['svc'], SP_irq: ['irq'] } },
      { state: { register: 'SAVED' }, banks: { SAVED_usr: ['usr'], SAVED_svc: ['svc'], SAVED_irq: ['irq'] } },
    ],
  },
  traps: {
    codeWidth: 4,
    valueWidth: 16,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 3 },
      svc: { class: 'supervisor-call', code: 4 },
    },
    // Into supervisor mode first; then the stack pointer and SAVED are the supervisor's copies.
    sequence: ($, { reg, file }) => {
      const from = $.let('from', reg('M'));
      $.set(reg('M'), c(2, 1));
      $.set(reg('SAVED'), from);
      $.set(file('x')(c(2, 3)), sub(file('x')(c(2, 3)), 2));
      $.store(file('x')(c(2, 3)), reg('PC'), 'physical');
      $.set(reg('PC'), load(c(16, 4), 16, 'physical'));
      $.set(reg('L'), c(16, 0));
      $.set(reg('B'), c(16, 0xffff));
    },
  },
  operands: {
    ra: { kind: 'register', file: 'x' },
    imm: { kind: 'immediate', signed: false },
    target: { kind: 'target', relative: false, signed: false },
  },
});

const x = b.file('x');
const SP = x(c(2, 3));
const USP = b.bank('SP_usr') as Loc<16>;
const PC = b.reg('PC');
const M = b.reg('M');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void) =>
  b.insn(mnemonic, { cite: 'test', class: 'innocuous', encoding, syntax, semantics });
const privileged = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void) =>
  b.insn(mnemonic, {
    cite: 'test', class: 'privileged', encoding, syntax,
    semantics: (f, $) => {
      $.requireSupervisor();
      semantics(f, $);
    },
  });

export const bank8 = b.define({
  name: 'bank8',
  summary: 'a stack pointer and a saved-mode register banked per mode',
  instructions: [
    insn('LDI', '0001 ra:2 00 imm:8', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), zext(imm, 16))),
    insn('PUSH', '0010 ra:2 00 00000000', 'push {ra}', ({ ra }, $) => {
      const v = $.let('v', x(ra));
      $.set(SP, sub(SP, 2));
      $.store(SP, v);
    }),
    insn('POP', '0011 ra:2 00 00000000', 'pop {ra}', ({ ra }, $) => {
      const v = $.let('v', load(SP, 16));
      $.set(SP, add(SP, 2));
      $.set(x(ra), v);
    }),
    insn('MOVSP', '0100 ra:2 00 00000000', 'movsp {ra}', ({ ra }, $) => $.set(x(ra), SP)),
    insn('RDUSPU', '0101 ra:2 00 00000000', 'rduspu {ra}', ({ ra }, $) => $.set(x(ra), USP)),
    privileged('RDUSP', '0110 ra:2 00 00000000', 'rdusp {ra}', ({ ra }, $) => $.set(x(ra), USP)),
    privileged('WRUSP', '0111 ra:2 00 00000000', 'wrusp {ra}', ({ ra }, $) => $.set(USP, x(ra))),
    // Back to the mode a trap came from: the PC off the current stack, then the mode from SAVED.
    privileged('RTE', '1000 0000 00000000', 'rte', (_, $) => {
      $.set(PC, load(SP, 16));
      $.set(SP, add(SP, 2));
      $.set(M, b.reg('SAVED'));
    }),
    // Into interrupt mode, then a push on the interrupt stack: the copy switches mid-instruction.
    privileged('RAISE', '1001 ra:2 00 00000000', 'raise {ra}', ({ ra }, $) => {
      $.set(M, c(2, 2));
      $.set(SP, sub(SP, 2));
      $.store(SP, x(ra));
    }),
    privileged('RTU', 'target:16 1010 0000 00000000', 'rtu {target}', ({ target }, $) => {
      $.set(M, c(2, 0));
      $.set(PC, target);
    }),
    insn('ADDI', '1011 ra:2 00 imm:8', 'addi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), add(x(ra), zext(imm, 16)))),
    insn('LOW', '1100 ra:2 00 00000000', 'low {ra}', ({ ra }, $) => $.set(x(ra), zext(extract(x(ra), 7, 0), 16))),
    b.insn('SVC', { cite: 'test', class: 'innocuous', encoding: '1110 0000 00000000', syntax: 'svc', semantics: (_, $) => $.trap('svc') }),
    privileged('HALT', '1111 0000 00000000', 'halt', (_, $) => $.halt()),
  ],
});
