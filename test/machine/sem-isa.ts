/**
 * sem8: a small test ISA whose one interesting instruction, `X`, takes any semantics a test gives
 * it (`withSemantics`). For properties over the semantics language itself: the state has scalar
 * registers of odd widths (1, 5, 8, 12, 16, 32 bits, one read-only), a 32-bit register file and an
 * 8-bit one with a hard-wired element, byte cells (multi-cell loads and stores), and a described
 * address map whose registers (M, LIM, OFF) the semantics may write before an access.
 *
 *   - fetch faults above 0xf0; a read faults above LIM; a write faults above LIM, and in user mode
 *     (M = 0) below 0x20; every virtual access lands at vaddr + OFF (mod 256).
 *   - storage is 240 cells of 8-bit addresses: a physical access (or a mapped one) can fall
 *     outside it, which has no trap (a machine error; Z3's `outside`).
 *   - traps: three memory traps, illegal, privileged, supervisor call, an exception; 4-bit codes,
 *     16-bit values. The sequence saves PC, code, value (2 cells) and M at E[0..4] and loads the
 *     new PC from E[5], in supervisor mode with the map open.
 *   - T is a 12-bit timing register (it ticks every step).
 *
 * Encodings are 16 bits (two cells, the low cell first): NOP is all zeros; X is
 * `101 a:2 b:3 imm:8`, where `a` indexes r, `b` indexes h.
 */
import { add, all, any, eq, load, trapCode, trapValue, ugt, ult, zext } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { Block } from '../../spec/ast.js';
import type { Endianness, InstructionDecl, IsaDescription } from '../../spec/description.js';
import { extendIsa } from '../../spec/compose.js';
import { encode, toCells } from '../../spec/encoding.js';

const b = isaBuilder({
  state: {
    registers: {
      PC: { width: 8, kind: 'user', reset: 0x10 },
      M: { width: 1, kind: 'system', reset: 1 },
      A: { width: 32, kind: 'user' },
      N: { width: 5, kind: 'user' },
      H: { width: 16, kind: 'user' },
      ID: { width: 16, kind: 'system', readOnly: true, reset: 0x1234 },
      OFF: { width: 8, kind: 'system' },
      LIM: { width: 8, kind: 'system', reset: 0xff },
      T: { width: 12, kind: 'system' },
    },
    files: {
      r: { count: 4, width: 32, kind: 'user' },
      h: { count: 8, width: 8, kind: 'user', hardwired: [{ index: 5, value: 0xa5 }] },
    },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 8, addressBits: 8, cells: 240 },
    addressMap: ({ reg }) => ({
      fetch: { fault: (a) => ugt(a as Bits<8>, 0xf0), trap: 'ffault' },
      read: { fault: (a) => ugt(a as Bits<8>, reg('LIM')), trap: 'rfault' },
      write: { fault: (a) => any(ugt(a as Bits<8>, reg('LIM')), all(eq(reg('M'), 0), ult(a as Bits<8>, 0x20))), trap: 'wfault' },
      physical: (a) => add(a as Bits<8>, reg('OFF')),
    }),
    timing: ['T'],
  },
  traps: {
    codeWidth: 4,
    valueWidth: 16,
    kinds: {
      ffault: { class: 'memory', code: 1 },
      rfault: { class: 'memory', code: 2 },
      wfault: { class: 'memory', code: 3 },
      illegal: { class: 'illegal-instruction', code: 4 },
      priv: { class: 'privileged-instruction', code: 5 },
      svc: { class: 'supervisor-call', code: 6 },
      ovf: { class: 'exception', code: 7 },
    },
    sequence: ($, { reg }) => {
      $.store(c(8, 0), reg('PC'), 'physical');
      $.store(c(8, 1), zext(trapCode(4), 8), 'physical');
      $.store(c(8, 2), trapValue(16), 'physical');
      $.store(c(8, 4), zext(reg('M'), 8), 'physical');
      $.set(reg('PC'), load(c(8, 5), 8, 'physical'));
      $.set(reg('M'), 1);
      $.set(reg('OFF'), 0);
      $.set(reg('LIM'), 0xff);
    },
  },
  operands: {},
});

export const sem8: IsaDescription = b.define({
  name: 'sem8',
  summary: 'a test machine for one instruction of arbitrary semantics',
  instructions: [b.insn('NOP', { cite: 'test', class: 'innocuous', encoding: '0000000000000000', syntax: 'nop', semantics: () => {} })],
});

/** The encoding of X: `101 a:2 b:3 imm:8`. */
const xEncoding: InstructionDecl['encoding'] = {
  bits: 16,
  fixed: [{ hi: 15, lo: 13, value: 0b101 }],
  fields: [
    { name: 'a', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 11 }], operand: { kind: 'register', file: 'r' } },
    { name: 'b', width: 3, slices: [{ fieldHi: 2, fieldLo: 0, at: 8 }], operand: { kind: 'register', file: 'h' } },
    { name: 'imm', width: 8, slices: [{ fieldHi: 7, fieldLo: 0, at: 0 }], operand: { kind: 'immediate', signed: false } },
  ],
};

/** Field widths of X, for generators. */
export const xFields = { a: 2, b: 3, imm: 8 } as const;

/**
 * sem8w: sem8 with registers wider than 32 bits (issue 11, construct 6): W of 36 bits and D of 64
 * (beyond a double's 53), so that the machine keeps its registers in the wide representation
 * (machine/layout.ts: a Float64Array, D through its BigUint64Array alias). sem8 itself stays an
 * Int32Array machine.
 */
export const sem8w: IsaDescription = {
  ...sem8,
  name: 'sem8w',
  state: {
    ...sem8.state,
    registers: [...sem8.state.registers, { name: 'W', width: 36, kind: 'user' }, { name: 'D', width: 64, kind: 'user' }],
  },
};

/** sem8 (or sem8w, `wide`) with X running `semantics` (validated: a malformed block throws), in either byte order. */
export function withSemantics(semantics: Block, name = 'sem8-x', endianness: Endianness = 'little', wide = false): { isa: IsaDescription; insn: InstructionDecl } {
  const insn: InstructionDecl = { mnemonic: 'X', cite: 'test', class: 'innocuous', encoding: xEncoding, syntax: 'x {a}, {b}, {imm}', semantics };
  const narrow = wide ? sem8w : sem8;
  const base = endianness === 'little' ? narrow : { ...narrow, state: { ...narrow.state, storage: { ...narrow.state.storage, endianness } } };
  const isa = extendIsa(base, { name, summary: 'sem8 and one instruction of given semantics', add: [insn] });
  return { isa, insn: isa.instructions.find((i) => i.mnemonic === 'X')! };
}

/** The two cells of X with the given fields (whatever its semantics). */
export function xCells(fields: Readonly<Record<string, number>>, endianness: Endianness = 'little'): number[] {
  const insn = { encoding: xEncoding } as InstructionDecl;
  return toCells(encode(insn, fields), xEncoding, { cellBits: 8, endianness });
}
