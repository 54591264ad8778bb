/**
 * rep8: repetition as restartable single steps (issue 11, construct 7), the way x86's REP MOVSB
 * (Intel SDM vol. 2, "REP/REPE/REPZ/REPNE/REPNZ") and the VAX's MOVC3 (VAX Architecture Reference
 * Manual, PSL<FPD>) repeat: each step moves one element and keeps its progress in registers
 * (SI, DI, CX), and the PC stays on the instruction until CX reaches zero. Every step is one
 * loop-free instruction to every consumer — the checker sees one iteration, the emulator and the
 * monitor stop between any two, and a trap or an interrupt in the middle loses nothing.
 *
 * 8-bit cells, 256 of them, 16-bit instructions (an 8-bit opcode, an 8-bit operand), a
 * relocation-bounds map (L, B) and two modes. Trap sequence: the PC to cell 0, then supervisor
 * mode at the PC in cell 1.
 */
import { add, load, ne, sub } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';
import type { IsaDescription } from '../../spec/description.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      L: { width: 8, kind: 'system' },
      B: { width: 8, kind: 'system', reset: 0xff },
      SI: { width: 8, kind: 'user', doc: 'source index' },
      DI: { width: 8, kind: 'user', doc: 'destination index' },
      CX: { width: 8, kind: 'user', doc: 'count: elements still to move' },
    },
    files: {},
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 256 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'mem' },
    timing: [],
  },
  traps: {
    codeWidth: 2,
    valueWidth: 8,
    kinds: {
      mem: { class: 'memory', code: 0 },
      ill: { class: 'illegal-instruction', code: 1 },
      priv: { class: 'privileged-instruction', code: 2 },
      svc: { class: 'supervisor-call', code: 3 },
    },
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.set(reg('M'), 1);
      $.set(reg('PC'), load(c(8, 1), 8, 'physical'));
    },
  },
  operands: { imm: { kind: 'immediate', signed: false } },
});

const PC = b.reg('PC');
const SI = b.reg('SI');
const DI = b.reg('DI');
const CX = b.reg('CX');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous') =>
  b.insn(mnemonic, { cite: 'rep8 (after Intel SDM vol. 2, REP MOVS)', class: cls, encoding, syntax, semantics });

export const rep8: IsaDescription = b.define({
  name: 'rep8',
  summary: 'repetition as restartable single steps: REP MOVSB moves one byte a step and stays on itself until CX is zero',
  instructions: [
    insn('LSI', '00000001 imm:8', 'lsi {imm}', ({ imm }, $) => $.set(SI, imm)),
    insn('LDI', '00000010 imm:8', 'ldi {imm}', ({ imm }, $) => $.set(DI, imm)),
    insn('LCX', '00000011 imm:8', 'lcx {imm}', ({ imm }, $) => $.set(CX, imm)),
    // One element per step; the PC stays on the instruction while elements remain.
    insn('REPMOVSB', '00000100 00000000', 'rep movsb', (_, $) => {
      $.if(ne(CX, 0), () => {
        $.store(DI, load(SI, 8));
        $.set(SI, add(SI, 1));
        $.set(DI, add(DI, 1));
        $.set(CX, sub(CX, 1));
        // Later reads see the block's writes: CX here is the count left after this element.
        $.if(ne(CX, 0), () => $.set(PC, PC));
      });
    }),
    insn('TRAP', '00000101 00000000', 'trap', (_, $) => $.trap('svc')),
    // Enter user mode at the operand (supervisor only).
    insn(
      'USER',
      '00000110 imm:8',
      'user {imm}',
      ({ imm }, $) => {
        $.requireSupervisor();
        $.set(b.reg('M'), 0);
        $.set(PC, imm);
      },
      'privileged',
    ),
    insn(
      'HALT',
      '11111111 00000000',
      'halt',
      (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
      'privileged',
    ),
  ],
});
