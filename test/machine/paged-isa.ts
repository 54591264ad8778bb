/**
 * paged8: the smallest machine whose address map reads storage — a one-level page table — for
 * the tests of that construct in every consumer (emulator, reference evaluator, monitor,
 * checker). 16-bit cells, 8-bit addresses, 256 cells: 16 pages of 16 cells.
 *
 * In supervisor mode (M = 1) addresses are physical. In user mode the entry for page a >> 4 is
 * the cell PTB + (a >> 4): bit 15 valid, bit 14 writable, bits 3..0 the frame. An invalid entry
 * takes `pageFault` (for every access); a store to a page not writable takes `protFault`. The
 * page table is wherever PTB says, and is itself in storage the program can write.
 *
 * Trap sequence (as feat16's): old PC, code, value and M go to E[0..3]; the new PC comes from
 * E[4]; the machine enters supervisor mode.
 */
import { add, concat, eq, extract, ite, letIn, load, lshr, ne, not, trapCode, trapValue, zext } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';
import type { IsaDescription } from '../../spec/description.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      PTB: { width: 8, kind: 'system', reset: 0xc0, doc: 'the page table: 16 entries from this cell' },
    },
    files: { r: { count: 4, width: 16, kind: 'user' } },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 16, addressBits: 8, cells: 256 },
    addressMap: ({ reg }) => {
      // The entry for `a`'s page, named once (a `let`) however often the rule reads it.
      const entry = <W extends number>(a: Bits<8>, use: (pte: Bits<16>) => Bits<W>) => letIn('pte', load(add(reg('PTB'), zext(lshr(a, 4), 8)), 16, 'physical'), use);
      const user = eq(reg('M'), 0);
      const invalid = (a: Bits<number>) => ite(user, entry(a as Bits<8>, (pte) => not(extract(pte, 15, 15))), c(1, 0));
      return {
        fetch: { fault: invalid, trap: 'pageFault' },
        read: { fault: invalid, trap: 'pageFault' },
        write: [
          { fault: invalid, trap: 'pageFault' },
          { fault: (a) => ite(user, entry(a as Bits<8>, (pte) => not(extract(pte, 14, 14))), c(1, 0)), trap: 'protFault' },
        ],
        // The frame's cells: frame number, then the offset within the page.
        physical: (a) => ite(user, entry(a as Bits<8>, (pte) => concat(extract(pte, 3, 0), extract(a, 3, 0))), a as Bits<8>),
      };
    },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 8,
    kinds: {
      pageFault: { class: 'memory', code: 1 },
      protFault: { class: 'memory', code: 2 },
      illegal: { class: 'illegal-instruction', code: 4 },
      privileged: { class: 'privileged-instruction', code: 5 },
      svc: { class: 'supervisor-call', code: 6 },
    },
    sequence: ($, { reg }) => {
      $.store(c(8, 0), zext(reg('PC'), 16), 'physical');
      $.store(c(8, 1), zext(trapCode(8), 16), 'physical');
      $.store(c(8, 2), zext(trapValue(8), 16), 'physical');
      $.store(c(8, 3), zext(reg('M'), 16), 'physical');
      $.set(reg('PC'), extract(load(c(8, 4), 16, 'physical'), 7, 0));
      $.set(reg('M'), 1);
    },
  },
  operands: {
    ra: { kind: 'register', file: 'r' },
    rb: { kind: 'register', file: 'r' },
    imm: { kind: 'immediate', signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

const r = b.file('r');
const PC = b.reg('PC');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous') =>
  b.insn(mnemonic, { cite: 'test', class: cls, encoding, syntax, semantics });

export const paged8: IsaDescription = b.define({
  name: 'paged8',
  summary: 'a test machine whose address map walks a one-level page table in storage',
  instructions: [
    insn('NOP', '0000 000000000000', 'nop', () => {}),
    insn('LDI', '0001 ra:2 00 imm:8', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(r(ra), zext(imm, 16))),
    insn('ADD', '0010 ra:2 rb:2 00000000', 'add {ra}, {rb}', ({ ra, rb }, $) => $.set(r(ra), add(r(ra), r(rb)))),
    insn('LD', '0011 ra:2 rb:2 00000000', 'ld {ra}, {rb}', ({ ra, rb }, $) => $.set(r(ra), load(extract(r(rb), 7, 0), 16))),
    insn('ST', '0100 ra:2 rb:2 00000000', 'st {ra}, {rb}', ({ ra, rb }, $) => $.store(extract(r(rb), 7, 0), r(ra))),
    insn('JNZ', '0111 ra:2 00 rel:8', 'jnz {ra}, {rel}', ({ ra, rel }, $) => $.if(ne(r(ra), 0), () => $.set(PC, add(PC, rel)))),
    insn('SVC', '1100 000000000000', 'svc', (_, $) => $.trap('svc')),
    // Supervisor only: PTB from r[ra]'s low byte, or M from its bit 0 (sr = 1).
    insn(
      'MTS',
      '1000 ra:2 sr:1 000000000',
      'mts {ra}, {sr}',
      ({ ra, sr }, $) => {
        $.requireSupervisor();
        $.if(eq(sr, 0), () => $.set(b.reg('PTB'), extract(r(ra), 7, 0)), () => $.set(b.reg('M'), extract(r(ra), 0, 0)));
      },
      'privileged',
    ),
    insn(
      'HALT',
      '1111 000000000000',
      'halt',
      (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
      'privileged',
    ),
  ],
});
