/**
 * tabled8: paged8 (test/machine/paged-isa.ts) with a map that translates in every mode — so the
 * mode does not select it, and its register PTB is held equal by the mode pairs — for
 * location-sensitivity against a monitor's composed map (proofs/definitions/README.md). Under
 * shadow tables the real PTB is the monitor's: an instruction that reads PTB, or storage past the
 * map, can tell; loads and stores through the map cannot.
 *
 * Entries as paged8's: the cell PTB + (a >> 4), bit 15 valid, bit 14 writable, bits 3..0 the
 * frame; faults pageFault / protFault. Trap sequence: paged8's.
 */
import { add, and, concat, eq, extract, letIn, load, lshr, ne, not, or, trapCode, trapValue, zext } from '../../spec/builder/ops.js';
import { bits, c, type Bits } from '../../spec/builder/bits.js';
import { assertValidIsa, type DescribedMap, type MapUpdate } from '../../spec/index.js';
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
      const entry = <W extends number>(a: Bits<8>, use: (pte: Bits<16>) => Bits<W>) => letIn('pte', load(add(reg('PTB'), zext(lshr(a, 4), 8)), 16, 'physical'), use);
      const invalid = (a: Bits<number>) => entry(a as Bits<8>, (pte) => not(extract(pte, 15, 15)));
      return {
        fetch: { fault: invalid, trap: 'pageFault' },
        read: { fault: invalid, trap: 'pageFault' },
        write: [
          { fault: invalid, trap: 'pageFault' },
          { fault: (a) => entry(a as Bits<8>, (pte) => not(extract(pte, 14, 14))), trap: 'protFault' },
        ],
        physical: (a) => entry(a as Bits<8>, (pte) => concat(extract(pte, 3, 0), extract(a, 3, 0))),
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
const PTB = b.reg('PTB');
const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' | 'sensitive' = 'innocuous') =>
  b.insn(mnemonic, { cite: 'test', class: cls, encoding, syntax, semantics });

export const tabled8: IsaDescription = b.define({
  name: 'tabled8',
  summary: 'a test machine whose address map walks a one-level page table in every mode, with unprivileged reads of the table base and of physical storage',
  instructions: [
    insn('NOP', '0000 000000000000', 'nop', () => {}),
    insn('LDI', '0001 ra:2 00 imm:8', 'ldi {ra}, {imm}', ({ ra, imm }, $) => $.set(r(ra), zext(imm, 16))),
    insn('ADD', '0010 ra:2 rb:2 00000000', 'add {ra}, {rb}', ({ ra, rb }, $) => $.set(r(ra), add(r(ra), r(rb)))),
    insn('LD', '0011 ra:2 rb:2 00000000', 'ld {ra}, {rb}', ({ ra, rb }, $) => $.set(r(ra), load(extract(r(rb), 7, 0), 16))),
    insn('ST', '0100 ra:2 rb:2 00000000', 'st {ra}, {rb}', ({ ra, rb }, $) => $.store(extract(r(rb), 7, 0), r(ra))),
    insn('JNZ', '0111 ra:2 00 rel:8', 'jnz {ra}, {rel}', ({ ra, rel }, $) => $.if(ne(r(ra), 0), () => $.set(PC, add(PC, rel)))),
    insn('SVC', '1100 000000000000', 'svc', (_, $) => $.trap('svc')),
    // Reads the table base in any mode: under shadow tables it would show the monitor's.
    insn('RDPTB', '1101 ra:2 0000000000', 'rdptb {ra}', ({ ra }, $) => $.set(r(ra), zext(PTB, 16)), 'sensitive'),
    // The same in supervisor mode only.
    insn(
      'RDPTBS',
      '1110 ra:2 0000000000',
      'rdptbs {ra}',
      ({ ra }, $) => {
        $.requireSupervisor();
        $.set(r(ra), zext(PTB, 16));
      },
      'privileged',
    ),
    // A load past the map, in any mode: under a monitor that moved the guest it reads elsewhere.
    insn('LDP', '1010 ra:2 rb:2 00000000', 'ldp {ra}, {rb}', ({ ra, rb }, $) => $.set(r(ra), load(extract(r(rb), 7, 0), 16, 'physical')), 'sensitive'),
    insn(
      'MTS',
      '1000 ra:2 sr:1 000000000',
      'mts {ra}, {sr}',
      ({ ra, sr }, $) => {
        $.requireSupervisor();
        $.if(eq(sr, 0), () => $.set(PTB, extract(r(ra), 7, 0)), () => $.set(b.reg('M'), extract(r(ra), 0, 0)));
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

/** tabled8 whose walk sets an accessed bit (bit 13) in the entry, for every access that does not fault: walk stores under a composed map. */
export const tabled8ad: IsaDescription = (() => {
  const vaddr = bits({ kind: 'var', name: 'vaddr' }, 8);
  const cell: Bits<8> = add(bits({ kind: 'reg', name: 'PTB' }, 8), zext(lshr(vaddr, 4), 8));
  const pte: Bits<16> = load(cell, 16, 'physical');
  const accessed: MapUpdate = { when: eq(and(pte, 0x2000), 0).node, cell: cell.node, value: or(pte, 0x2000).node, doc: 'A' };
  const isa: IsaDescription = {
    ...tabled8,
    name: 'tabled8-ad',
    state: { ...tabled8.state, addressMap: { ...(tabled8.state.addressMap as DescribedMap), updates: [accessed] } },
  };
  assertValidIsa(isa, 'tabled8-ad');
  return isa;
})();
