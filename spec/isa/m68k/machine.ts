/**
 * m68k — the state, exceptions and address map of the Motorola MC68000 and MC68010, following the
 * M68000 Family Programmer's Reference Manual (M68000PM/AD rev. 1, 1992; "PRM") and the
 * MC68000/MC68010 user's manuals ("UM", M68000UM/AD rev. 8, 1993).
 *
 * State (PRM 1.1, 1.3):
 *   D0-D7, A0-A7   32-bit data and address registers (user state); A7 is the active stack pointer
 *   PC             32-bit program counter (user state)
 *   SR             the status register: the user byte is the CCR (X N Z V C, user state), the
 *                  system byte holds T (bit 15), S (bit 13) and the interrupt mask I2-I0 (bits
 *                  10:8), system state. The mode is the S field: 1 supervisor, 0 user.
 *   USP, SSP       the two stack pointers the 68000 banks as A7 (see "Banked A7" below)
 *   VBR, SFC, DFC  (68010 only) vector base, source and destination function codes (UM 1.3.2)
 *
 * Banked A7. The description language has no banked registers yet, so A7 is written as the
 * *active copy* every instruction uses (user state: in user mode it is the user's own stack
 * pointer) and two *saved copies* (system state): USP holds the user stack pointer while the
 * processor is in supervisor mode, SSP the supervisor stack pointer while it is in user mode.
 * `writeSr` and `enterSupervisor` below swap them whenever S changes — in the exception sequence,
 * MOVE to SR, ANDI/EORI/ORI to SR, STOP and RTE — and are the only code that writes S. MOVE USP
 * (supervisor only) reads and writes the saved USP, which is the user's stack pointer whenever it
 * can run.
 *
 * The address map. The 68000 and 68010 have no MMU (UM 1.1): an address goes out on the bus
 * as it is. A guest must be placed somewhere in real storage, so the model has Popek and
 * Goldberg's relocation-bounds register R = (L, B) — system state no 68000 instruction reads or
 * writes, reset to the identity over all of storage (L = 0, B = all ones) and never changed on
 * the bare machine. It is what the monitor composes to place a guest (as on pg74), and it lets
 * the checker ask location-sensitivity about every instruction. An address beyond storage takes
 * the bus error (no device answers, UM 5.4.1), a memory trap. The real 68000 ignores address
 * bits 31:24 (a 24-bit bus); this model does not alias them: those addresses are beyond storage.
 *
 * The platform: 64 KiB of RAM from address 0 (the exception vectors at 0-0x3FF, PRM table B-1);
 * a console byte at 0x400 (each byte stored there is a character of output); execution starts at
 * 0x800 in supervisor mode with SR = 0x2700 (the real reset exception fetches SSP and PC from
 * vectors 0 and 1: a program's own first instructions set its stack instead).
 *
 * Exceptions (PRM 1.3.1 and B.1, UM 6). Each trap kind's code is its vector number. The sequence
 * saves SR, sets S and clears T, swaps to the supervisor stack, pushes the PC and SR (the 68010
 * also the format/vector-offset word, format 0, UM 6.3.10), and loads the PC from the vector at
 * 4 × vector (68010: VBR + 4 × vector). TRAP, TRAPV and CHK stack the address of the next
 * instruction, which they pass as the trap value; the others stack the instruction's own address.
 * Abstracted, none of which bears on the virtualization question: interrupts (the I mask is
 * stored, read and written, but no interrupt source exists); tracing (T is stored, no trace
 * exception is taken); address errors (word and long accesses at odd addresses complete);
 * the long bus-error frames (a bus error stacks the short frame with the faulting instruction's
 * address); the A-line and F-line vectors (an undecoded word takes the illegal-instruction trap);
 * a double bus fault (the sequence's stack writes wrap within storage instead of halting the
 * processor); CHK's setting of N before it traps (traps are precise here: the stacked SR is the
 * SR before the instruction).
 *
 * Privilege: the 68000 and 68010 have two states, supervisor (S = 1) and user (S = 0); they map
 * to the theorems' supervisor and user directly.
 */
import { add, all, and, concat, eq, extract, ite, load, or, shl, sub, trapCode, trapValue, uge, zext } from '../../builder/ops.js';
import { c, type Bits, type Loc } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';
import type { DeviceDecl } from '../../description.js';

/** Storage: 64 KiB of RAM from address 0. */
export const ramBytes = 0x1_0000;
/** The console's byte (and storage cell). */
export const consoleAddress = 0x400;
/** Where execution starts. */
export const resetPc = 0x800;
/** SR at reset: supervisor, interrupts masked (UM 5.2.1). */
export const resetSr = 0x2700;

/** Vector numbers (PRM table B-1, UM table 6-2). */
export const vector = {
  busError: 2,
  illegal: 4,
  chk: 6,
  trapv: 7,
  privilege: 8,
  formatError: 14,
  trap0: 32,
} as const;

/** The CPUs this folder describes. */
export type Cpu = '68000' | '68010';

const gpr = { width: 32, kind: 'user' } as const;

const registers = {
  PC: { width: 32, kind: 'user', reset: resetPc, doc: 'program counter (PRM 1.1.3)' },
  SR: {
    width: 16,
    kind: 'system',
    reset: resetSr,
    doc: 'status register (PRM 1.3.2): system byte T, S, I2-I0; user byte the CCR X N Z V C',
    fields: {
      C: { bits: 0, kind: 'user', doc: 'carry' },
      V: { bits: 1, kind: 'user', doc: 'overflow' },
      Z: { bits: 2, kind: 'user', doc: 'zero' },
      N: { bits: 3, kind: 'user', doc: 'negative' },
      X: { bits: 4, kind: 'user', doc: 'extend' },
      I: { bits: [10, 8], doc: 'interrupt priority mask' },
      S: { bits: 13, doc: 'supervisor state: the mode' },
      T: { bits: 15, doc: 'trace enable (no trace exception is modelled)' },
    },
  },
  USP: { width: 32, kind: 'system', doc: 'the user stack pointer while in supervisor mode (A7 holds it in user mode)' },
  SSP: { width: 32, kind: 'system', doc: 'the supervisor stack pointer while in user mode (A7 holds it in supervisor mode)' },
  L: { width: 32, kind: 'system', readOnly: true, doc: 'relocation l of R = (l, b): not a 68000 register (see machine.ts); 0 on the bare machine' },
  B: { width: 32, kind: 'system', readOnly: true, reset: 0xffff_ffff, doc: 'bound b of R = (l, b): not a 68000 register; addresses a >= b take the bus error' },
  VBR: { width: 32, kind: 'system', doc: '68010 vector base register (UM 1.3.2)' },
  SFC: { width: 3, kind: 'system', doc: '68010 source function code (MOVES)' },
  DFC: { width: 3, kind: 'system', doc: '68010 destination function code (MOVES)' },
} as const;

/** The 68010's registers the 68000 lacks. */
const only68010 = ['VBR', 'SFC', 'DFC'] as const;

/** A word address inside storage, for the exception sequence's own accesses (it may not fault). */
const wordCell = (a: Bits<32>): Bits<32> => and(a, ramBytes - 2);

/** The trap kinds, each with its vector number as its code. */
function trapKinds(cpu: Cpu) {
  const traps = Object.fromEntries(
    Array.from({ length: 16 }, (_, n) => [`trap${n}`, { class: 'supervisor-call' as const, code: vector.trap0 + n, doc: `TRAP #${n}; value: the next instruction's address` }]),
  ) as Record<`trap${number}`, { class: 'supervisor-call'; code: number; doc: string }>;
  return {
    busError: { class: 'memory', code: vector.busError, doc: 'bus error: an address beyond storage or the bound; value: the address' },
    illegal: { class: 'illegal-instruction', code: vector.illegal, doc: 'illegal instruction: ILLEGAL, or a word that is no instruction' },
    chk: { class: 'exception', code: vector.chk, doc: 'CHK out of bounds; value: the next instruction’s address' },
    trapv: { class: 'exception', code: vector.trapv, doc: 'TRAPV with V set; value: the next instruction’s address' },
    privilege: { class: 'privileged-instruction', code: vector.privilege, doc: 'privilege violation: a supervisor instruction in user mode' },
    ...(cpu === '68010' ? { formatError: { class: 'exception' as const, code: vector.formatError, doc: '68010: RTE found a stack frame of a format it does not know' } } : {}),
    ...traps,
  } as const;
}

/** The names the exception sequence and the mode-changing instructions use (built from whichever builder records them). */
interface StateNames {
  reg(name: string): Loc<number>;
  file(name: string): (index: Bits<3>) => Loc<32>;
}

function config(cpu: Cpu) {
  const regs = cpu === '68010' ? registers : Object.fromEntries(Object.entries(registers).filter(([n]) => !(only68010 as readonly string[]).includes(n)));
  return {
    state: {
      registers: regs as typeof registers,
      files: {
        D: { ...gpr, count: 8, prefix: 'd', doc: 'data registers D0-D7 (PRM 1.1.1)' },
        A: { ...gpr, count: 8, prefix: 'a', aliases: { sp: 7 }, doc: 'address registers A0-A7; A7 is the active stack pointer (PRM 1.1.2)' },
      },
      pc: 'PC',
      mode: { register: 'SR.S', levels: { supervisor: { value: 1, supervisor: true }, user: { value: 0, supervisor: false } } },
      storage: {
        cellBits: 8,
        addressBits: 32,
        cells: ramBytes,
        endianness: 'big',
        devices: [{ name: 'console', kind: 'console', cell: consoleAddress, doc: 'a byte stored at 0x400 is printed' }] as DeviceDecl[],
      },
      addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'at-or-above', trap: 'busError' },
      timing: [] as never[],
    },
    traps: {
      codeWidth: 8,
      valueWidth: 32,
      kinds: trapKinds(cpu),
      // PRM 1.3.1 / UM 6.2: the steps of exception processing, in order.
      sequence: ($: M68kSemantics, s: unknown) => exceptionSequence(cpu, $, s as StateNames),
    },
    operands: {},
  } as const;
}

type Config = ReturnType<typeof config>;
export const m68010Builder = isaBuilder(config('68010') as Config);
/** The 68000's builder: the same names, without VBR, SFC and DFC (semantics that used them would not validate). */
export const m68000Builder = isaBuilder(config('68000') as Config);

/** The builder instruction entries are written with: its state is the 68010's, a superset of the 68000's. */
export const b = m68010Builder;
export type M68kSemantics = Semantics<string>;

const names = b as unknown as StateNames;
export const PC = b.reg('PC');
export const SR = b.reg('SR');
export const D = b.file('D');
export const A = b.file('A');
/** The active stack pointer. */
export const SP = A(c(3, 7));
export const flag = {
  C: b.reg('SR.C'),
  V: b.reg('SR.V'),
  Z: b.reg('SR.Z'),
  N: b.reg('SR.N'),
  X: b.reg('SR.X'),
} as const;
export const S = b.reg('SR.S');
export const USP = b.reg('USP');
export const SSP = b.reg('SSP');

/** The CCR: SR's user byte (PRM 1.1.4); bits 7:5 read as zero. */
export const ccr = (): Bits<8> => zext(extract(SR, 4, 0), 8);

/** The stack-pointer copies and SR fields the mode changes touch. */
function banked(s: StateNames) {
  return { sp: s.file('A')(c(3, 7)), s: s.reg('SR.S'), usp: s.reg('USP') as Loc<32>, ssp: s.reg('SSP') as Loc<32> };
}

/**
 * SR := v, swapping the stack pointers when S changes (the banked A7, see the header): leaving
 * supervisor mode saves A7 as SSP and makes USP active; entering it the other way round.
 */
export function writeSr($: M68kSemantics, v: Bits<16>, s: StateNames = names): void {
  const { sp, s: mode, usp, ssp } = banked(s);
  const newS = extract(v, 13, 13);
  $.if(all(eq(mode, 1), eq(newS, 0)), () => {
    $.set(ssp, sp);
    $.set(sp, usp);
  });
  $.if(all(eq(mode, 0), eq(newS, 1)), () => {
    $.set(usp, sp);
    $.set(sp, ssp);
  });
  $.set(s.reg('SR'), v);
}

/** S := 1 (and T := 0), making SSP the active stack pointer if the processor was in user mode. */
function enterSupervisor($: M68kSemantics, s: StateNames): void {
  const { sp, s: mode, usp, ssp } = banked(s);
  $.if(eq(mode, 0), () => {
    $.set(usp, sp);
    $.set(sp, ssp);
  });
  $.set(mode, 1);
  $.set(s.reg('SR.T'), 0);
}

/** The vectors whose stacked PC is the next instruction's address (passed as the trap value). */
function stacksNextPc(code: Bits<8>) {
  return or(or(eq(code, vector.chk), eq(code, vector.trapv)), uge(code, vector.trap0));
}

function exceptionSequence(cpu: Cpu, $: M68kSemantics, s: StateNames): void {
  const code = trapCode(8);
  const sr = $.let('oldSr', s.reg('SR'));
  const pc = $.let('stackedPc', ite(stacksNextPc(code), trapValue(32), s.reg('PC') as Bits<32>));
  const offset = shl(zext(code, 32), 2);
  enterSupervisor($, s);
  // The frame, lowest address first: SR, PC (high word, low word), and on the 68010 the
  // format/vector-offset word (format 0: the four-word frame, UM 6.3.10).
  const sp = s.file('A')(c(3, 7));
  const frame = $.let('frame', sub(sp, cpu === '68010' ? 8 : 6));
  $.store(wordCell(frame), sr, 'physical');
  $.store(wordCell(add(frame, 2)), extract(pc, 31, 16), 'physical');
  $.store(wordCell(add(frame, 4)), extract(pc, 15, 0), 'physical');
  if (cpu === '68010') $.store(wordCell(add(frame, 6)), extract(offset, 15, 0), 'physical');
  $.set(sp, frame);
  const v = $.let('vectorAt', cpu === '68010' ? add(s.reg('VBR') as Bits<32>, offset) : offset);
  $.set(s.reg('PC'), concat(load(wordCell(v), 16, 'physical'), load(wordCell(add(v, 2)), 16, 'physical')));
}
