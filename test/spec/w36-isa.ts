/**
 * w36: a PDP-10 in miniature, for words and cells wider than 32 bits (issue 11, construct 6).
 *
 * 36-bit word-addressed storage (1024 cells, 18-bit addresses), sixteen 36-bit accumulators, an
 * 18-bit PC, executive and user mode, one relocation/protection pair as the KA10 had (DEC,
 * "PDP-10 System Reference Manual", 1969, §2.14: relocation RL added to every user address,
 * protection RB the highest address a program may use), a 64-bit step clock, and a console at
 * cell 0o377 (inside the 256 cells a monitor gives a small guest). One instruction is one 36-bit
 * cell in the PDP-10's basic format (§2.1):
 *
 *   op:9 ac:4 i:1 x:4 y:18      E = y + (x = 0 ? 0 : right half of AC x)
 *
 * The indirect bit `i` is fixed at 0 here (indirect chains are construct 7's bounded repetition).
 * Opcodes are the PDP-10's where it has the instruction (MOVE 200, HRRZ 550, JRST 254, …);
 * MOVEL (a 36-bit immediate in a second cell) and RDTIME/RDTIMH (the clock's halves) are this
 * machine's own. JRST 1 ("return to user") is the literature's PDP-10 finding (Popek & Goldberg
 * 1974, §6): in executive mode it enters user mode, in user mode it only jumps — sensitive and
 * not privileged, so Theorem 1 fails and Theorem 3 holds.
 *
 * The trap sequence saves the old PSW — mode,,PC in E[0], RB,,RL in E[1] — the code in E[2] and
 * the 36-bit value in E[3], and loads the new PSW from E[4] and E[5].
 */
import { add, concat, eq, extract, load, ne, sub, trapCode, trapValue, zext, ite } from '../../spec/builder/ops.js';
import { c, type Bits } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { Semantics } from '../../spec/builder/recorder.js';

export const w36Builder = isaBuilder({
  state: {
    registers: {
      PC: { width: 18, kind: 'user', reset: 0o20 },
      M: { width: 1, kind: 'system', reset: 1, doc: 'mode: 1 executive, 0 user' },
      RL: { width: 18, kind: 'system', doc: 'relocation, added to every address' },
      RB: { width: 18, kind: 'system', reset: 0o777777, doc: 'protection: an address above it traps' },
      CLK: { width: 64, kind: 'system', doc: 'a 64-bit clock counting steps' },
    },
    files: { ac: { count: 16, width: 36, kind: 'user', doc: 'accumulators' } },
    pc: 'PC',
    mode: { register: 'M', levels: { exec: { value: 1, supervisor: true }, user: { value: 0, supervisor: false } } },
    storage: { cellBits: 36, addressBits: 18, cells: 1024, endianness: 'big', devices: [{ name: 'tty', kind: 'console', cell: 0o377 }] },
    addressMap: { kind: 'relocation-bounds', base: 'RL', bound: 'RB', boundTest: 'above', trap: 'memory' },
    timing: ['CLK'],
  },
  traps: {
    codeWidth: 9,
    valueWidth: 36,
    kinds: {
      privileged: { class: 'privileged-instruction', code: 1 },
      memory: { class: 'memory', code: 2, doc: 'value: the address' },
      illegal: { class: 'illegal-instruction', code: 3 },
      uuo: { class: 'supervisor-call', code: 4, doc: 'CALLI; value: its effective address' },
    },
    sequence: ($, { reg }) => {
      const E = (a: number) => c(18, a);
      $.store(E(0), concat(c(17, 0), reg('M'), reg('PC')), 'physical');
      $.store(E(1), concat(reg('RB'), reg('RL')), 'physical');
      $.store(E(2), zext(trapCode(9), 36), 'physical');
      $.store(E(3), trapValue(36), 'physical');
      const psw = $.let('psw', load(E(4), 36, 'physical'));
      const map = $.let('map', load(E(5), 36, 'physical'));
      $.set(reg('M'), extract(psw, 18, 18));
      $.set(reg('PC'), extract(psw, 17, 0));
      $.set(reg('RB'), extract(map, 35, 18));
      $.set(reg('RL'), extract(map, 17, 0));
    },
  },
  operands: {
    ac: { kind: 'register', file: 'ac' },
    x: { kind: 'register', file: 'ac' },
    y: { kind: 'immediate', signed: false },
    imm: { kind: 'immediate', signed: false },
  },
});

const b = w36Builder;
const ac = b.file('ac');
const PC = b.reg('PC');
const M = b.reg('M');
const next = add(PC, 1);
/** The effective address: y, indexed by the right half of AC x unless x is 0. */
const ea = (x: Bits<4>, y: Bits<18>) => add(y, ite(eq(x, 0), c(18, 0), extract(ac(x), 17, 0)));
const left = (w: Bits<36>) => extract(w, 35, 18);
const right = (w: Bits<36>) => extract(w, 17, 0);

/** An octal opcode as the 9 bits of a picture. */
const op = (octal: number) => octal.toString(2).padStart(9, '0');

/** A basic-format instruction: `op ac 0 x y`. */
const basic = (mnemonic: string, octal: number, semantics: (f: { ac: Bits<4>; x: Bits<4>; y: Bits<18> }, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous') =>
  b.insn(mnemonic, {
    cite: 'PDP-10 System Reference Manual §2',
    class: cls,
    encoding: `${op(octal)} ac:4 0 x:4 y:18` as const,
    syntax: `${mnemonic.toLowerCase()} {ac}, {y}({x})`,
    semantics: ({ ac: a, x, y }, $) => semantics({ ac: a, x, y }, $),
  });

/** JRST with a fixed AC field (the AC field selects the variant on the PDP-10). */
const jrst = (mnemonic: string, acField: string, syntax: string, cls: 'innocuous' | 'privileged', semantics: (e: Bits<18>, $: Semantics<string>) => void) =>
  b.insn(mnemonic, {
    cite: 'PDP-10 System Reference Manual §2.9 (JRST)',
    class: cls,
    encoding: `${op(0o254)} ${acField} 0 x:4 y:18` as const,
    syntax,
    semantics: ({ x, y }, $) => semantics(ea(x, y), $),
  });

const privileged = (mnemonic: string, fixed: string, syntax: string, semantics: (f: { ac: Bits<4> }, $: Semantics<string>) => void) =>
  b.insn(mnemonic, {
    cite: 'w36', class: 'privileged',
    encoding: `${fixed} ac:4 00000000000000000000000` as const,
    syntax,
    semantics: ({ ac: a }, $) => {
      $.requireSupervisor();
      semantics({ ac: a }, $);
    },
  });

export const w36 = b.define({
  name: 'w36',
  summary: 'A PDP-10 in miniature: 36-bit words and accumulators, relocation/protection, JRST 1',
  instructions: [
    basic('MOVE', 0o200, ({ ac: a, x, y }, $) => $.set(ac(a), load(ea(x, y), 36))),
    basic('MOVEI', 0o201, ({ ac: a, x, y }, $) => $.set(ac(a), zext(ea(x, y), 36))),
    basic('MOVEM', 0o202, ({ ac: a, x, y }, $) => $.store(ea(x, y), ac(a))),
    basic('HRLI', 0o505, ({ ac: a, x, y }, $) => $.set(ac(a), concat(ea(x, y), right(ac(a))))),
    basic('HRLZ', 0o514, ({ ac: a, x, y }, $) => $.set(ac(a), concat(right(load(ea(x, y), 36)), c(18, 0)))),
    basic('HRRI', 0o541, ({ ac: a, x, y }, $) => $.set(ac(a), concat(left(ac(a)), ea(x, y)))),
    basic('HRRZ', 0o550, ({ ac: a, x, y }, $) => $.set(ac(a), concat(c(18, 0), right(load(ea(x, y), 36))))),
    basic('HLRZ', 0o554, ({ ac: a, x, y }, $) => $.set(ac(a), concat(c(18, 0), left(load(ea(x, y), 36))))),
    basic('ADD', 0o270, ({ ac: a, x, y }, $) => $.set(ac(a), add(ac(a), load(ea(x, y), 36)))),
    basic('ADDI', 0o271, ({ ac: a, x, y }, $) => $.set(ac(a), add(ac(a), zext(ea(x, y), 36)))),
    basic('SUB', 0o274, ({ ac: a, x, y }, $) => $.set(ac(a), sub(ac(a), load(ea(x, y), 36)))),
    basic('SUBI', 0o275, ({ ac: a, x, y }, $) => $.set(ac(a), sub(ac(a), zext(ea(x, y), 36)))),
    basic('JUMPE', 0o322, ({ ac: a, x, y }, $) => $.if(eq(ac(a), 0), () => $.set(PC, ea(x, y)))),
    basic('JUMPN', 0o326, ({ ac: a, x, y }, $) => $.if(ne(ac(a), 0), () => $.set(PC, ea(x, y)))),
    basic('CALLI', 0o047, ({ x, y }, $) => $.trap('uuo', zext(ea(x, y), 36))),
    b.insn('MOVEL', {
      cite: 'w36: a 36-bit immediate in the next word', class: 'innocuous',
      encoding: `${op(0o051)} ac:4 00000000000000000000000 imm:36` as const,
      syntax: 'movel {ac}, {imm}',
      semantics: ({ ac: a, imm }, $) => $.set(ac(a), imm),
    }),
    jrst('JRST', '0000', 'jrst {y}({x})', 'innocuous', (e, $) => $.set(PC, e)),
    // Return to user: in executive mode it enters user mode; in user mode it only jumps.
    jrst('JRST1', '0001', 'jrstu {y}({x})', 'innocuous', (e, $) => {
      $.set(M, c(1, 0));
      $.set(PC, e);
    }),
    // Restores the mode from bit 18 of AC 0 (the PC word's flag), as a return from the trap PSW would.
    jrst('JRSTF', '0010', 'jrstf {y}({x})', 'privileged', (e, $) => {
      $.requireSupervisor();
      $.set(M, extract(ac(c(4, 0)), 18, 18));
      $.set(PC, e);
    }),
    b.insn('HALT', {
      cite: 'PDP-10 System Reference Manual §2.9 (JRST 4)', class: 'privileged',
      encoding: `${op(0o254)} 0100 0 0000 000000000000000000` as const,
      syntax: 'halt',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
    // DATAO/DATAI APR (device 000, §7): the protection (left half) and relocation (right half).
    b.insn('DATAO', {
      cite: 'PDP-10 System Reference Manual §7 (DATAO APR)', class: 'privileged',
      encoding: '1110000000011 0 x:4 y:18',
      syntax: 'datao apr, {y}({x})',
      semantics: ({ x, y }, $) => {
        $.requireSupervisor();
        const w = $.let('w', load(ea(x, y), 36));
        $.set(b.reg('RB'), left(w));
        $.set(b.reg('RL'), right(w));
      },
    }),
    b.insn('DATAI', {
      cite: 'PDP-10 System Reference Manual §7 (DATAI APR)', class: 'privileged',
      encoding: '1110000000001 0 x:4 y:18',
      syntax: 'datai apr, {y}({x})',
      semantics: ({ x, y }, $) => {
        $.requireSupervisor();
        $.store(ea(x, y), concat(b.reg('RB'), b.reg('RL')));
      },
    }),
    privileged('RDTIME', op(0o052), 'rdtime {ac}', ({ ac: a }, $) => $.set(ac(a), extract(b.reg('CLK'), 35, 0))),
    privileged('RDTIMH', op(0o053), 'rdtimh {ac}', ({ ac: a }, $) => $.set(ac(a), zext(extract(b.reg('CLK'), 63, 36), 36))),
  ],
});
