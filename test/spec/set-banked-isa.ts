/**
 * set8: general registers banked by a status field rather than by the mode (issue 11, construct
 * 4), as the PDP-11/45's two register sets are chosen by PSW<RS> (45 Handbook 2.3.1). ST holds the
 * mode M (system) and the register-set bit RS (the program's own, user state); x0 and x1 have a
 * copy per set, x2 and x3 are shared. A trap saves ST and enters supervisor mode in set 0, as a
 * PDP-11 trap loads a new PSW; RTE restores ST (and so the set) from SAVED, which WSAVED writes. SETRS and FLIP change the set from
 * user mode; FLIP then increments a register of the new set in the same step; RD1 reads set 1's
 * x0 by name whatever the set (as R13_svc names a bank). `set8Mapped` also maps ST into storage at
 * 0xf0, so that a store there can switch sets.
 */
import { add, and, eq, extract, load, or, uge, xor, zext } from '../../spec/builder/ops.js';
import { c, type Bits, type Loc } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';

/** A map whose fetch in supervisor mode sets RS through ST's cell (set8-walk): a walk store that switches sets. */
const walkMap = ({ reg }: { reg: (name: never) => unknown }) => {
  const st = () => load(c(16, 0xf0), 8, 'physical');
  const beyond = { fault: (a: Bits<number>) => uge(a as Bits<16>, reg('B' as never) as Bits<16>), trap: 'memory' as const };
  return {
    fetch: beyond,
    read: beyond,
    write: beyond,
    physical: (a: Bits<number>) => add(a as Bits<16>, reg('L' as never) as Bits<16>),
    updates: {
      fetch: [{ when: () => and(eq(extract(st(), 0, 0), 1), eq(extract(st(), 1, 1), 0)), cell: () => c(16, 0xf0), value: () => or(st(), 2), doc: 'a supervisor fetch selects set 1' }],
      read: [],
      write: [],
    },
  };
};

function make(mapped: boolean, walk = false) {
  const b = isaBuilder({
    state: {
      registers: {
        PC: { width: 16, kind: 'user', reset: 0x20 },
        ST: {
          width: 8,
          kind: 'system',
          reset: 1,
          fields: {
            M: { bits: 0, doc: 'mode: 1 supervisor, 0 user' },
            RS: { bits: 1, kind: 'user', doc: 'register set' },
          },
        },
        SAVED: { width: 8, kind: 'system', doc: 'ST when the last trap was taken' },
        EPC: { width: 16, kind: 'system' },
        L: { width: 16, kind: 'system' },
        B: { width: 16, kind: 'system', reset: 0xffff },
      },
      files: { x: { count: 4, width: 16, kind: 'user' } },
      pc: 'PC',
      mode: { register: 'ST.M', levels: { usr: { value: 0, supervisor: false }, svc: { value: 1, supervisor: true } } },
      storage: { cellBits: 8, addressBits: 16, cells: 256, ...(mapped ? { mapped: [{ register: 'ST', cell: 0xf0 }] } : {}) },
      addressMap: walk ? walkMap : { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
      timing: [],
      banked: [
        { state: { file: 'x', index: 0 }, by: 'ST.RS', banks: { x0_set0: [0], x0_set1: [1] } },
        { state: { file: 'x', index: 1 }, by: 'ST.RS', banks: { x1_set0: [0], x1_set1: [1] } },
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
      // A new status word, as a PDP-11 trap loads one from its vector: supervisor mode, set 0.
      sequence: ($, { reg }) => {
        $.set(reg('SAVED'), reg('ST'));
        $.set(reg('EPC'), reg('PC'));
        $.set(reg('ST'), c(8, 1));
        $.set(reg('PC'), c(16, 0x80));
        $.set(reg('L'), c(16, 0));
        $.set(reg('B'), c(16, 0xffff));
      },
    },
    operands: {
      ra: { kind: 'register', file: 'x' },
      rb: { kind: 'register', file: 'x' },
      imm: { kind: 'immediate', signed: false },
      target: { kind: 'target', relative: false, signed: false },
    },
  });

  const x = b.file('x');
  const RS = b.reg('ST.RS');
  const X0SET1 = b.bank('x0_set1') as Loc<16>;
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

  return b.define({
    name: walk ? 'set8-walk' : mapped ? 'set8-mapped' : 'set8',
    summary: `two general registers banked by a register-set bit of the status word${mapped ? ', which is also storage cell 0xf0' : ''}`,
    instructions: [
      insn('LDI', '0001 ra:2 00 imm:8', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), zext(imm, 16))),
      insn('ADDI', '0010 ra:2 00 imm:8', 'addi {ra}, {imm}', ({ ra, imm }, $) => $.set(x(ra), add(x(ra), zext(imm, 16)))),
      insn('MOV', '0011 ra:2 rb:2 00000000', 'mov {ra}, {rb}', ({ ra, rb }, $) => $.set(x(ra), x(rb))),
      insn('SETRS', '0100 000 imm:1 00000000', 'setrs {imm}', ({ imm }, $) => $.set(RS, imm)),
      // The set switches at once: the increment is of the new set's register.
      insn('FLIP', '0101 ra:2 00 00000000', 'flip {ra}', ({ ra }, $) => {
        $.set(RS, xor(RS, c(1, 1)));
        $.set(x(ra), add(x(ra), c(16, 1)));
      }),
      insn('RD1', '0110 ra:2 00 00000000', 'rd1 {ra}', ({ ra }, $) => $.set(x(ra), X0SET1)),
      insn('STB', '0111 ra:2 rb:2 00000000', 'stb {ra}, {rb}', ({ ra, rb }, $) => $.store(x(rb), extract(x(ra), 7, 0))),
      b.insn('SVC', { cite: 'test', class: 'innocuous', encoding: '1110 0000 00000000', syntax: 'svc', semantics: (_, $) => $.trap('svc') }),
      privileged('RTE', '1000 0000 00000000', 'rte', (_, $) => {
        $.set(b.reg('ST'), b.reg('SAVED'));
        $.set(b.reg('PC'), b.reg('EPC'));
      }),
      privileged('WSAVED', '1001 ra:2 00 00000000', 'wsaved {ra}', ({ ra }, $) => $.set(b.reg('SAVED'), extract(x(ra), 7, 0))),
      privileged('WEPC', '1010 ra:2 00 00000000', 'wepc {ra}', ({ ra }, $) => $.set(b.reg('EPC'), x(ra))),
      privileged('HALT', '1111 0000 00000000', 'halt', (_, $) => $.halt()),
    ],
  });
}

export const set8 = make(false);
/** set8 with ST also at storage cell 0xf0: a store there writes it, and may switch sets. */
export const set8Mapped = make(true);
/** set8-mapped whose address map is described and whose fetch in supervisor mode sets RS through cell 0xf0: a walk store that switches register sets. */
export const set8Walk = make(true, true);
