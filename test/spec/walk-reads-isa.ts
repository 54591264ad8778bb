/**
 * ki8: a KI10-like test machine whose page-table walk may read registers mapped into storage
 * (issue 11: an address map that reads storage, construct 1, with control state mapped into
 * storage, construct 5). The PDP-10's accumulators are also storage locations 0-17 (PDP-10 System
 * Reference Manual, DEC-10-HGAC-D, §2.1, as spec/isa/pdp10 cites it) and the KI10's pager reads
 * its page tables in core: here a table whose base points at location 0 has the accumulators for
 * its first entries, and the walk reads them as any read of those locations does. 16-bit cells, 8-bit addresses, 256
 * cells: 16 pages of 16 cells.
 *
 * AC0..AC3 (user) are cells 0..3. M is the mode (1 executive, 0 user). A user address walks the
 * table at UBR, an executive one the table at EBR while EPG is set (else it is physical): the
 * entry for address a is the cell base + (a >> 4), bit 15 valid, bit 14 writable, bits 3..0 the
 * frame. Faults: an invalid entry `pageFault`; a store through an entry not writable, or a user
 * access to frame 0 (the executive's: the accumulators, the trap cells), `protFault`; a fetch from
 * frame 0 `execFault` (data only here: no monitor could fetch a guest's register from its cell).
 * A user program whose UBR is 0 thus has its accumulators for the entries of pages 0..3: a store
 * to AC1 remaps page 1.
 *
 * ki8-key also maps KEY (a system register no instruction names) at cell 4: a user walk through
 * a table at UBR = 0 reads KEY as page 4's entry, so a user access there depends on system state
 * by the walk alone (user-sensitive), and a monitor running user mode directly reads the real
 * KEY where the bare machine reads the guest's.
 *
 * Trap sequence: old PC, code, value and (EPG, M) to cells 8..11; the new PC from cell 12;
 * executive mode, unpaged.
 */
import { add, concat, eq, extract, ite, letIn, load, lshr, ne, not, or, trapCode, trapValue, ult, zext } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';
import { assertValidIsa, type IsaDescription } from '../../spec/index.js';

export const KEY_CELL = 4;
/** The cells of the trap sequence: old PC, code, value, (EPG, M); the new PC. */
export const TRAP_CELLS = { pc: 8, code: 9, value: 10, mode: 11, vector: 12 } as const;

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1, doc: 'the mode: 1 executive' },
      EPG: { width: 1, kind: 'system', doc: 'executive paging on' },
      UBR: { width: 8, kind: 'system', reset: 0xc0, doc: "the user's page table: 16 entries from this cell" },
      EBR: { width: 8, kind: 'system', reset: 0xd0, doc: "the executive's page table (when EPG is set)" },
      KEY: { width: 16, kind: 'system', doc: 'no instruction names it; ki8-key maps it at cell 4' },
      AC0: { width: 16, kind: 'user' },
      AC1: { width: 16, kind: 'user' },
      AC2: { width: 16, kind: 'user' },
      AC3: { width: 16, kind: 'user' },
    },
    files: {},
    pc: 'PC',
    mode: { register: 'M', levels: { e: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: {
      cellBits: 16,
      addressBits: 8,
      cells: 256,
      mapped: [
        { register: 'AC0', cell: 0, doc: 'the accumulators are locations 0..3' },
        { register: 'AC1', cell: 1 },
        { register: 'AC2', cell: 2 },
        { register: 'AC3', cell: 3 },
      ],
    },
    addressMap: ({ reg }) => {
      const user = eq(reg('M'), 0);
      const paged = or(user, eq(reg('EPG'), 1));
      // The entry for `a`'s page, named once (a `let`) however often a rule reads it.
      const entry = <W extends number>(a: Bits<8>, use: (pte: Bits<16>) => Bits<W>) =>
        letIn('pte', load(add(ite(user, reg('UBR'), reg('EBR')), zext(lshr(a, 4), 8)), 16, 'physical'), use);
      const walked = <W extends number>(a: Bits<number>, use: (pte: Bits<16>) => Bits<W>, unpaged: Bits<W>) => ite(paged, entry(a as Bits<8>, use), unpaged);
      const physical = (a: Bits<number>) => walked(a, (pte) => concat(extract(pte, 3, 0), extract(a as Bits<8>, 3, 0)), a as Bits<8>);
      const invalid = (a: Bits<number>) => walked(a, (pte) => not(extract(pte, 15, 15)), c(1, 0));
      const frame0 = (a: Bits<number>) => ite(user, walked(a, (pte) => eq(extract(pte, 3, 0), 0), c(1, 0)), c(1, 0));
      return {
        fetch: [
          { fault: invalid, trap: 'pageFault' },
          { fault: frame0, trap: 'protFault' },
          { fault: (a) => ult(physical(a), 16), trap: 'execFault' },
        ],
        read: [
          { fault: invalid, trap: 'pageFault' },
          { fault: frame0, trap: 'protFault' },
        ],
        write: [
          { fault: invalid, trap: 'pageFault' },
          { fault: (a) => or(frame0(a), walked(a, (pte) => not(extract(pte, 14, 14)), c(1, 0))), trap: 'protFault' },
        ],
        physical,
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
      execFault: { class: 'memory', code: 3 },
      illegal: { class: 'illegal-instruction', code: 4 },
      privileged: { class: 'privileged-instruction', code: 5 },
      svc: { class: 'supervisor-call', code: 6 },
    },
    sequence: ($, { reg }) => {
      $.store(c(8, TRAP_CELLS.pc), zext(reg('PC'), 16), 'physical');
      $.store(c(8, TRAP_CELLS.code), zext(trapCode(8), 16), 'physical');
      $.store(c(8, TRAP_CELLS.value), zext(trapValue(8), 16), 'physical');
      $.store(c(8, TRAP_CELLS.mode), zext(concat(reg('EPG'), reg('M')), 16), 'physical');
      $.set(reg('PC'), extract(load(c(8, TRAP_CELLS.vector), 16, 'physical'), 7, 0));
      $.set(reg('M'), 1);
      $.set(reg('EPG'), 0);
    },
  },
  operands: {
    ac: { kind: 'immediate', signed: false },
    ab: { kind: 'immediate', signed: false },
    sr: { kind: 'immediate', signed: false },
    imm: { kind: 'immediate', signed: false },
    target: { kind: 'target', relative: false, signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

const PC = b.reg('PC');
const ACS = [b.reg('AC0'), b.reg('AC1'), b.reg('AC2'), b.reg('AC3')] as const;
/** Accumulator `f`. */
const ac = (f: Bits<2>): Bits<16> => ite(eq(f, 0), ACS[0], ite(eq(f, 1), ACS[1], ite(eq(f, 2), ACS[2], ACS[3])));
/** Sets accumulator `f` to `v`. */
const setAc = ($: Semantics<string>, f: Bits<2>, v: Bits<16>) => ACS.forEach((r, i) => $.if(eq(f, i), () => $.set(r, v)));
const addr = (f: Bits<2>): Bits<8> => extract(ac(f), 7, 0);
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous') =>
  b.insn(mnemonic, { cite: 'test (PDP-10 SRM §2.1 and the KI10 pager, in miniature)', class: cls, encoding, syntax, semantics });
const privileged = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void) =>
  insn(mnemonic, encoding, syntax, (f, $) => {
    $.requireSupervisor();
    semantics(f, $);
  }, 'privileged');

export const ki8: IsaDescription = b.define({
  name: 'ki8',
  summary: 'a KI10-like test machine: accumulators at cells 0..3, a one-level page table whose base may point at them',
  instructions: [
    insn('NOP', '0000 000000000000', 'nop', () => {}),
    insn('LDI', '0001 ac:2 00 imm:8', 'ldi {ac}, {imm}', ({ ac: a, imm }, $) => setAc($, a, zext(imm, 16))),
    insn('ADD', '0010 ac:2 ab:2 00000000', 'add {ac}, {ab}', ({ ac: a, ab }, $) => setAc($, a, add(ac(a), ac(ab)))),
    insn('LD', '0011 ac:2 ab:2 00000000', 'ld {ac}, {ab}', ({ ac: a, ab }, $) => setAc($, a, load(addr(ab), 16))),
    insn('ST', '0100 ac:2 ab:2 00000000', 'st {ac}, {ab}', ({ ac: a, ab }, $) => $.store(addr(ab), ac(a))),
    insn('JNZ', '0111 ac:2 00 rel:8', 'jnz {ac}, {rel}', ({ ac: a, rel }, $) => $.if(ne(ac(a), 0), () => $.set(PC, add(PC, rel)))),
    insn('SVC', '1100 000000000000', 'svc', (_, $) => $.trap('svc')),
    // Move to system register sr: 0 UBR, 1 EBR, 2 EPG, 3 M.
    privileged('MTS', '1000 ac:2 sr:2 00000000', 'mts {ac}, {sr}', ({ ac: a, sr }, $) => {
      const v = ac(a);
      $.if(eq(sr, 0), () => $.set(b.reg('UBR'), extract(v, 7, 0)));
      $.if(eq(sr, 1), () => $.set(b.reg('EBR'), extract(v, 7, 0)));
      $.if(eq(sr, 2), () => $.set(b.reg('EPG'), extract(v, 0, 0)));
      $.if(eq(sr, 3), () => $.set(b.reg('M'), extract(v, 0, 0)));
    }),
    // Return to user mode at `target` (the KI10's JRST 1).
    privileged('JRSTU', '1011 0000 target:8', 'jrstu {target}', ({ target }, $) => {
      $.set(b.reg('M'), c(1, 0));
      $.set(PC, target);
    }),
    privileged('HALT', '1111 000000000000', 'halt', (_, $) => $.halt()),
  ],
});

/** ki8 with KEY, a system register, at cell 4 too: page 4's entry where UBR (or EBR) is 0. */
export const ki8Key: IsaDescription = (() => {
  const isa: IsaDescription = {
    ...ki8,
    name: 'ki8-key',
    summary: 'ki8 whose system register KEY is also cell 4, where a table at 0 has page 4’s entry',
    state: { ...ki8.state, storage: { ...ki8.state.storage, mapped: [...(ki8.state.storage.mapped ?? []), { register: 'KEY', cell: KEY_CELL, doc: 'a system register' }] } },
  };
  assertValidIsa(isa, 'ki8-key');
  return isa;
})();
