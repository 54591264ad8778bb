/**
 * pg74 — the Popek–Goldberg machine (CACM 17(7), 1974, §2) with a usable instruction set.
 *
 * State S = <E, M, P, R>: word-addressed storage E of 32-bit cells, mode M (s or u), program
 * counter P, relocation-bounds R = (L, B) in force in both modes; sixteen general registers and a
 * clock. A trap saves the old PSW <M, P, L, B> and the trap's code and value in E[0..5] and loads
 * the new PSW from E[8..11]. Every instruction that can change or reveal M or R is privileged, so
 * the machine is virtualizable by construction (Theorem 1).
 *
 * Sections (§) refer to the pg74 manual in spec/isa/pg74.md.
 * Formats, most significant bit first:
 *   R   op:8 ra:4 rb:4 rc:4 000000000000
 *   I   op:8 ra:4 rb:4 imm:16
 *   J   op:8 target:24
 *   L   imm:32 | op:8 ra:4 0…0        (two words: the second word holds the immediate)
 *
 * Storage operands are `off(rb)`: rb + off, where rb = r0 means no base (as on System/360), so
 * `ld r1, 5(r0)` reads E[5] relative to R whatever r0 holds — a trap handler needs that before it
 * has saved any register.
 */
import { add, and, concat, eq, extract, load, lshr, mul, ne, or, sdiv, sext, shl, sge, slt, srem, sub, trapCode, trapValue, uge, ult, xor, ashr, zext, ite } from '../builder/ops.js';
import { c } from '../builder/bits.js';
import { isaBuilder } from '../builder/isa-builder.js';
import type { Bits } from '../builder/bits.js';

export const pg74Builder = isaBuilder({
  state: {
    registers: {
      PC: { width: 32, kind: 'user', reset: 16, doc: 'program counter P, an address relative to R' },
      M: { width: 1, kind: 'system', reset: 1, doc: 'mode: 1 supervisor, 0 user' },
      L: { width: 32, kind: 'system', doc: 'relocation l of R = (l, b)' },
      B: { width: 32, kind: 'system', reset: 0xffffffff, doc: 'bound b of R = (l, b): addresses a >= b trap' },
      CLK: { width: 32, kind: 'system', doc: 'clock: counts steps (a timing resource)' },
    },
    files: {
      r: { count: 16, width: 32, kind: 'user', doc: 'general registers' },
    },
    pc: 'PC',
    mode: { register: 'M', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
    storage: { cellBits: 32, addressBits: 32, cells: 65536 },
    addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'memory' },
    timing: ['CLK'],
  },
  traps: {
    codeWidth: 32,
    valueWidth: 32,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1, doc: 'a privileged instruction in user mode' },
      memory: { class: 'memory', code: 2, doc: 'an address beyond the bound or beyond storage; value: the address' },
      svc: { class: 'supervisor-call', code: 3, doc: 'SVC; value: its operand' },
      illegal: { class: 'illegal-instruction', code: 4, doc: 'a word that is no instruction' },
      divide: { class: 'exception', code: 5, doc: 'division by zero' },
    },
    // §2.3: the old PSW and the cause go to E[0..5], the new PSW comes from E[8..11].
    sequence: ($, { reg }) => {
      const E = (a: number) => c(32, a);
      $.store(E(0), zext(reg('M'), 32), 'physical');
      $.store(E(1), reg('PC'), 'physical');
      $.store(E(2), reg('L'), 'physical');
      $.store(E(3), reg('B'), 'physical');
      $.store(E(4), trapCode(32), 'physical');
      $.store(E(5), trapValue(32), 'physical');
      $.set(reg('M'), extract(load(E(8), 32, 'physical'), 0, 0));
      $.set(reg('PC'), load(E(9), 32, 'physical'));
      $.set(reg('L'), load(E(10), 32, 'physical'));
      $.set(reg('B'), load(E(11), 32, 'physical'));
    },
  },
  operands: {
    ra: { kind: 'register', file: 'r' },
    rb: { kind: 'register', file: 'r' },
    rc: { kind: 'register', file: 'r' },
    imm: { kind: 'immediate', signed: true },
    uimm: { kind: 'immediate', signed: false },
    off: { kind: 'immediate', signed: true },
    target: { kind: 'target', relative: false, signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

const b = pg74Builder;
const reg = b.reg;
const r = b.file('r');
const PC = reg('PC');
/** The address of the next instruction, for a one-word instruction. */
const next = add(PC, 1);
/** §3.1: the effective address rb + off, where base field 0 means no base (as on System/360). */
export const ea = (rb: Bits<4>, off: Bits<16>) => add(ite(eq(rb, 0), c(32, 0), r(rb)), sext(off, 32));

/** An R-format register-register operation (§3.2). */
const alu = (mnemonic: string, opcode: string, op: (x: Bits<32>, y: Bits<32>) => Bits<32>) =>
  b.insn(mnemonic, {
    cite: '§3.2 arithmetic and logic',
    class: 'innocuous',
    encoding: `${opcode} ra:4 rb:4 rc:4 000000000000` as const,
    syntax: `${mnemonic.toLowerCase()} {ra}, {rb}, {rc}`,
    semantics: ({ ra, rb, rc }, $) => $.set(r(ra), op(r(rb), r(rc))),
  });

/** An I-format operation with an immediate (§3.3); `signed` says how the immediate extends. */
const alui = (mnemonic: string, opcode: string, signed: boolean, op: (x: Bits<32>, y: Bits<32>) => Bits<32>) =>
  b.insn(mnemonic, {
    cite: '§3.3 immediate operations',
    class: 'innocuous',
    encoding: `${opcode} ra:4 rb:4 imm:16` as const,
    syntax: `${mnemonic.toLowerCase()} {ra}, {rb}, {imm}`,
    operands: { imm: { kind: 'immediate', signed } },
    semantics: ({ ra, rb, imm }, $) => $.set(r(ra), op(r(rb), signed ? sext(imm, 32) : zext(imm, 32))),
  });

/** Compare and branch, PC-relative (§3.4). */
const branch = (mnemonic: string, opcode: string, test: (x: Bits<32>, y: Bits<32>) => Bits<1>) =>
  b.insn(mnemonic, {
    cite: '§3.4 compare and branch',
    class: 'innocuous',
    encoding: `${opcode} ra:4 rb:4 rel:16` as const,
    syntax: `${mnemonic.toLowerCase()} {ra}, {rb}, {rel}`,
    semantics: ({ ra, rb, rel }, $) => $.if(test(r(ra), r(rb)), () => $.set(PC, add(PC, sext(rel, 32)))),
  });

const shiftAmount = (y: Bits<32>) => and(y, 31);

export const pg74Instructions = [
  // §3.1 Data movement ------------------------------------------------------------------------
  b.insn('LDI', {
    cite: '§3.1 data movement', class: 'innocuous',
    encoding: '00010000 ra:4 0000 imm:16', syntax: 'ldi {ra}, {imm}',
    semantics: ({ ra, imm }, $) => $.set(r(ra), sext(imm, 32)),
  }),
  b.insn('LUI', {
    cite: '§3.1 data movement', class: 'innocuous',
    encoding: '00010001 ra:4 0000 uimm:16', syntax: 'lui {ra}, {uimm}',
    semantics: ({ ra, uimm }, $) => $.set(r(ra), concat(uimm, c(16, 0))),
  }),
  b.insn('LIL', {
    cite: '§3.1 data movement (two-word form)', class: 'innocuous',
    encoding: 'uimm:32 | 00010010 ra:4 00000000000000000000', syntax: 'lil {ra}, {uimm}',
    doc: 'Load a 32-bit immediate held in the second word; the next instruction is at PC + 2.',
    semantics: ({ ra, uimm }, $) => {
      $.set(r(ra), uimm);
      $.set(PC, add(PC, 2));
    },
  }),
  b.insn('MOV', {
    cite: '§3.1 data movement', class: 'innocuous',
    encoding: '00010011 ra:4 rb:4 0000000000000000', syntax: 'mov {ra}, {rb}',
    semantics: ({ ra, rb }, $) => $.set(r(ra), r(rb)),
  }),
  b.insn('LD', {
    cite: '§3.1 data movement', class: 'innocuous',
    encoding: '00010100 ra:4 rb:4 off:16', syntax: 'ld {ra}, {off}({rb})',
    semantics: ({ ra, rb, off }, $) => $.set(r(ra), load(ea(rb, off), 32)),
  }),
  b.insn('ST', {
    cite: '§3.1 data movement', class: 'innocuous',
    encoding: '00010101 ra:4 rb:4 off:16', syntax: 'st {ra}, {off}({rb})',
    semantics: ({ ra, rb, off }, $) => $.store(ea(rb, off), r(ra)),
  }),

  // §3.2 Arithmetic and logic -----------------------------------------------------------------
  alu('ADD', '00100000', add),
  alu('SUB', '00100001', sub),
  alu('MUL', '00100010', mul),
  b.insn('DIV', {
    cite: '§3.2 arithmetic and logic', class: 'innocuous',
    encoding: '00100011 ra:4 rb:4 rc:4 000000000000', syntax: 'div {ra}, {rb}, {rc}',
    doc: 'Signed division, rounding toward zero; a zero divisor takes the divide trap.',
    semantics: ({ ra, rb, rc }, $) => {
      $.trapIf(eq(r(rc), 0), 'divide');
      $.set(r(ra), sdiv(r(rb), r(rc)));
    },
  }),
  b.insn('REM', {
    cite: '§3.2 arithmetic and logic', class: 'innocuous',
    encoding: '00100100 ra:4 rb:4 rc:4 000000000000', syntax: 'rem {ra}, {rb}, {rc}',
    doc: 'Signed remainder, with the sign of the dividend; a zero divisor takes the divide trap.',
    semantics: ({ ra, rb, rc }, $) => {
      $.trapIf(eq(r(rc), 0), 'divide');
      $.set(r(ra), srem(r(rb), r(rc)));
    },
  }),
  alu('AND', '00100101', and),
  alu('OR', '00100110', or),
  alu('XOR', '00100111', xor),
  alu('SHL', '00101000', (x, y) => shl(x, shiftAmount(y))),
  alu('SHR', '00101001', (x, y) => lshr(x, shiftAmount(y))),
  alu('SRA', '00101010', (x, y) => ashr(x, shiftAmount(y))),
  alu('SLT', '00101011', (x, y) => zext(slt(x, y), 32)),
  alu('SLTU', '00101100', (x, y) => zext(ult(x, y), 32)),

  // §3.3 Immediate operations -----------------------------------------------------------------
  alui('ADDI', '00110000', true, add),
  alui('ANDI', '00110001', false, and),
  alui('ORI', '00110010', false, or),
  alui('XORI', '00110011', false, xor),
  alui('SLTI', '00110100', true, (x, y) => zext(slt(x, y), 32)),

  // §3.4 Compare and branch, jumps --------------------------------------------------------------
  branch('BEQ', '01000000', eq),
  branch('BNE', '01000001', ne),
  branch('BLT', '01000010', slt),
  branch('BGE', '01000011', sge),
  branch('BLTU', '01000100', ult),
  branch('BGEU', '01000101', uge),
  b.insn('JMP', {
    cite: '§3.4 jumps', class: 'innocuous',
    encoding: '01001000 target:24', syntax: 'jmp {target}',
    semantics: ({ target }, $) => $.set(PC, zext(target, 32)),
  }),
  b.insn('JAL', {
    cite: '§3.4 jumps', class: 'innocuous',
    encoding: '01001001 ra:4 target:20', syntax: 'jal {ra}, {target}',
    doc: 'Jump and link: ra receives the address of the next instruction.',
    semantics: ({ ra, target }, $) => {
      $.set(r(ra), next);
      $.set(PC, zext(target, 32));
    },
  }),
  b.insn('JR', {
    cite: '§3.4 jumps', class: 'innocuous',
    encoding: '01001010 ra:4 00000000000000000000', syntax: 'jr {ra}',
    semantics: ({ ra }, $) => $.set(PC, r(ra)),
  }),
  b.insn('NOP', {
    cite: '§3.4 jumps', class: 'innocuous',
    encoding: '00000010 000000000000000000000000', syntax: 'nop',
    semantics: () => {},
  }),

  // §4 System instructions --------------------------------------------------------------------
  b.insn('SVC', {
    cite: '§4.1 supervisor call', class: 'innocuous',
    encoding: '01010000 00000000 uimm:16', syntax: 'svc {uimm}',
    doc: 'Takes the svc trap with the operand as the trap value; the old PSW points at the SVC.',
    semantics: ({ uimm }, $) => $.trap('svc', zext(uimm, 32)),
  }),
  b.insn('LPSW', {
    cite: '§4.2 load PSW (Popek & Goldberg 1974, §2: LPSW)', class: 'privileged',
    encoding: '01010001 0000 rb:4 off:16', syntax: 'lpsw {off}({rb})',
    doc: 'Loads M, P, L and B from the four words at the effective address.',
    semantics: ({ rb, off }, $) => {
      $.requireSupervisor();
      const a = $.let('a', ea(rb, off));
      const m = $.let('m', load(a, 32));
      const p = $.let('p', load(add(a, 1), 32));
      const l = $.let('l', load(add(a, 2), 32));
      const bound = $.let('b', load(add(a, 3), 32));
      $.set(reg('M'), extract(m, 0, 0));
      $.set(PC, p);
      $.set(reg('L'), l);
      $.set(reg('B'), bound);
    },
  }),
  b.insn('SRB', {
    cite: '§4.3 set relocation-bounds', class: 'privileged',
    encoding: '01010010 ra:4 rb:4 0000000000000000', syntax: 'srb {ra}, {rb}',
    doc: 'R = (ra, rb). Takes effect from the next instruction.',
    semantics: ({ ra, rb }, $) => {
      $.requireSupervisor();
      $.set(reg('L'), r(ra));
      $.set(reg('B'), r(rb));
    },
  }),
  b.insn('RRB', {
    cite: '§4.3 read relocation-bounds', class: 'privileged',
    encoding: '01010011 ra:4 rb:4 0000000000000000', syntax: 'rrb {ra}, {rb}',
    semantics: ({ ra, rb }, $) => {
      $.requireSupervisor();
      $.set(r(ra), reg('L'));
      $.set(r(rb), reg('B'));
    },
  }),
  b.insn('RDCLK', {
    cite: '§4.4 read clock', class: 'privileged',
    encoding: '01010100 ra:4 00000000000000000000', syntax: 'rdclk {ra}',
    semantics: ({ ra }, $) => {
      $.requireSupervisor();
      $.set(r(ra), reg('CLK'));
    },
  }),
  b.insn('HALT', {
    cite: '§4.5 halt', class: 'privileged',
    encoding: '00000001 000000000000000000000000', syntax: 'halt',
    semantics: (_, $) => {
      $.requireSupervisor();
      $.halt();
    },
  }),
];

export const pg74 = b.define({
  name: 'pg74',
  summary: 'The Popek–Goldberg machine: relocation-bounds, two modes, every sensitive instruction privileged',
  manual: 'Popek & Goldberg, Formal Requirements for Virtualizable Third Generation Architectures, CACM 17(7), 1974; spec/isa/pg74.md',
  instructions: pg74Instructions,
});
