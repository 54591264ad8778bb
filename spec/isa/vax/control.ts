/**
 * Branches, jumps and subroutine linkage (VAX ARM, "Control Instructions"): Bcond, BRB, BRW, JMP,
 * JSB, RSB, and NOP ("Miscellaneous Instructions").
 *
 * A branch's displacement holds target − the branch's own address (integer.ts says why); a taken
 * branch sets PC to that address plus the sign-extended displacement. JMP and JSB take a register-
 * deferred (6n) or absolute (9F) operand; JSB pushes the address of the next instruction.
 */
import { add, all, any, eq, load, sext, sub } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { vaxBuilder as b } from './machine.js';

const R = b.file('R');
const SP = R(c(4, 14));
const PC = b.reg('PC');
const N = b.reg('PSL.N');
const Z = b.reg('PSL.Z');
const V = b.reg('PSL.V');
const C = b.reg('PSL.C');

const set = (x: Bits<number>): Bool => eq(x, 1);
const clear = (x: Bits<number>): Bool => eq(x, 0);

/** A conditional branch with a byte displacement. */
const branch = (mnemonic: string, opcode: string, taken: () => Bool, what: string) =>
  b.insn(mnemonic, {
    cite: `VAX ARM, Control Instructions: Bcond (${what})`,
    class: 'innocuous',
    encoding: `rel:8 ${opcode}` as const,
    syntax: `${mnemonic.toLowerCase()} {rel}`,
    semantics: ({ rel }, $) => $.if(taken(), () => $.set(PC, add(PC, sext(rel, 32)))),
  });

export const controlInstructions = [
  branch('BNEQ', '00010010', () => clear(Z), 'Z = 0'),
  branch('BEQL', '00010011', () => set(Z), 'Z = 1'),
  branch('BGTR', '00010100', () => all(clear(N), clear(Z)), 'N OR Z = 0'),
  branch('BLEQ', '00010101', () => any(set(N), set(Z)), 'N OR Z = 1'),
  branch('BGEQ', '00011000', () => clear(N), 'N = 0'),
  branch('BLSS', '00011001', () => set(N), 'N = 1'),
  branch('BGTRU', '00011010', () => all(clear(C), clear(Z)), 'C OR Z = 0'),
  branch('BLEQU', '00011011', () => any(set(C), set(Z)), 'C OR Z = 1'),
  branch('BVC', '00011100', () => clear(V), 'V = 0'),
  branch('BVS', '00011101', () => set(V), 'V = 1'),
  branch('BGEQU', '00011110', () => clear(C), 'C = 0, also BCC'),
  branch('BLSSU', '00011111', () => set(C), 'C = 1, also BCS'),
  b.insn('BRB', {
    cite: 'VAX ARM, Control Instructions: BR', class: 'innocuous',
    encoding: 'rel:8 00010001', syntax: 'brb {rel}',
    semantics: ({ rel }, $) => $.set(PC, add(PC, sext(rel, 32))),
  }),
  b.insn('BRW', {
    cite: 'VAX ARM, Control Instructions: BR', class: 'innocuous',
    encoding: 'rel:16 00110001', syntax: 'brw {rel}',
    semantics: ({ rel }, $) => $.set(PC, add(PC, sext(rel, 32))),
  }),
  b.insn('JMP', {
    cite: 'VAX ARM, Control Instructions: JMP', class: 'innocuous',
    encoding: '0110 rb:4 00010111', syntax: 'jmp ({rb})',
    semantics: ({ rb }, $) => $.set(PC, R(rb)),
  }),
  b.insn('JMP.ABS', {
    cite: 'VAX ARM, Control Instructions: JMP', class: 'innocuous',
    encoding: 'addr:32 10011111 00010111', syntax: 'jmp @#{addr}',
    semantics: ({ addr }, $) => $.set(PC, addr),
  }),
  b.insn('JSB', {
    cite: 'VAX ARM, Control Instructions: JSB', class: 'innocuous',
    encoding: '0110 rb:4 00010110', syntax: 'jsb ({rb})',
    semantics: ({ rb }, $) => {
      const target = $.let('jsb.target', R(rb));
      const sp = $.let('jsb.sp', sub(SP, 4));
      $.store(sp, add(PC, 2));
      $.set(SP, sp);
      $.set(PC, target);
    },
  }),
  b.insn('JSB.ABS', {
    cite: 'VAX ARM, Control Instructions: JSB', class: 'innocuous',
    encoding: 'addr:32 10011111 00010110', syntax: 'jsb @#{addr}',
    semantics: ({ addr }, $) => {
      const sp = $.let('jsb.sp', sub(SP, 4));
      $.store(sp, add(PC, 6));
      $.set(SP, sp);
      $.set(PC, addr);
    },
  }),
  b.insn('RSB', {
    cite: 'VAX ARM, Control Instructions: RSB', class: 'innocuous',
    encoding: '00000101', syntax: 'rsb',
    semantics: (_, $) => {
      const target = $.let('rsb.pc', load(SP, 32));
      $.set(SP, add(SP, 4));
      $.set(PC, target);
    },
  }),
  b.insn('NOP', {
    cite: 'VAX ARM, Miscellaneous Instructions: NOP', class: 'innocuous',
    encoding: '00000001', syntax: 'nop',
    semantics: () => {},
  }),
];
