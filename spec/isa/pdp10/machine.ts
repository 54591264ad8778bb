/**
 * pdp10 — the state, traps and address map of a DEC PDP-10 with the KA10 processor, following
 * the "PDP-10 System Reference Manual" (DEC-10-HGAC-D, 1969; "SRM") and the KA10 as the KA10
 * emulator in github:rcornwell/sims (PDP10/kx10_cpu.c, the KA10 paths; "kx10") implements it.
 *
 * State (SRM §1, §2.9, §7.1-7.3):
 *   ac0-ac17      sixteen 36-bit accumulators (user state), also storage locations 0-17 (below)
 *   PC            the 18-bit program counter (user state)
 *   FLAGS         the left half of the PC word (SRM §2.9 "Program Control", JRST/JSR/JSP), system
 *                 state with fields: AROV CRY0 CRY1 FOV BIS FXU DCK (the program's: user state) and
 *                 USER, USERIO (the system's). The mode is FLAGS.USER: 0 executive, 1 user.
 *   PL RL PH RH WP  the KT10A protection and relocation registers (SRM §7.3, DATAO APR): low and
 *                 high segment protection and relocation, 8 bits each (address bits 0-7: 1K-word
 *                 blocks), and the high segment's write protection
 *   APR           the arithmetic processor's conditions (CONI APR, SRM §7.1): PI assignment, the
 *                 overflow/clock enables and the flags NXM, memory protection, address break, PDL overflow
 *   PI, PIR       the priority interrupt system (CONI/CONO PI, SRM §7.2): channels on, system on,
 *                 channels in progress (held), parity enable; PIR the requests CONO PI makes
 *   SW            the console data switches (DATAI APR), read-only
 *   TTY           the console teletype's conditions (device 120: PIA, output done/busy, input done/busy)
 *
 * Instruction format (SRM §2.1): op:9 ac:4 i:1 x:4 y:18 (left to right, bit 0 the most
 * significant); E = y + (x = 0 ? 0 : right half of AC x). ABSTRACTED: the indirect bit. Every
 * entry fixes i = 0, so a word with i = 1 decodes as no instruction and takes the illegal-
 * instruction trap (which goes through locations 40/41 like an MUUO). The KA10 follows an
 * indirect chain of any length (interruptibly); no finding here depends on indirection, and
 * leaving it out keeps each instruction one load cheaper for the checker. JRSTF's flags, which
 * the KA10 takes from "the last word of the effective-address calculation", come from the left
 * half of AC x when x ≠ 0 and from the instruction word's own left half when x = 0.
 *
 * The accumulators as storage (SRM §2.1: "the accumulators ... are also addressable as memory
 * locations 0-17"). The language has no storage aliases yet (construct 5), so the model says it
 * in its own semantics: every memory operand goes through `readWord`/`writeWord` below, which use
 * AC[E] when E < 20 (octal) and storage otherwise, in both modes and before relocation (kx10:
 * `if (AB < 020) MB = get_reg(AB)` ahead of the page lookup). ABSTRACTED: instruction fetch
 * from locations 0-17 fetches storage cells 0-17, not the accumulators (the KA10 would execute
 * the ACs: "fast loops"); storage 0-17 is otherwise unused.
 *
 * Relocation and protection (SRM §7.3; kx10 `page_lookup_ka` with UNIT_TWOSEG: the KT10A). In
 * executive mode an address is physical. In user mode an address A is in the low segment when
 * A<0:7> ≤ PL (physical A + RL·2^10), else in the high segment when A ≥ 400000 and A<0:7> ≤ PH
 * (physical A + RH·2^10, writes refused when WP is set), else it is a memory protection
 * violation. The map is `described` (it reads the mode), so the monitor runs its one guest
 * virtual = real. ABSTRACTED: on the KA10 a violation sets the APR's memory-protection flag and
 * interrupts on the APR's PI channel; here it is a trap taken at once, through location 42
 * (channel 1's interrupt location), whatever the PI assignment and PI state.
 *
 * Traps (SRM §2.10 "Unimplemented operations", §7; kx10 `muuo:`). An MUUO (opcodes 000 and
 * 040-077), an I/O instruction or JRST 4/10/12 in user mode without User I/O, and a word that is
 * no instruction of this model all do the same: the instruction word with E in its right half
 * (op,ac,0,0,E) is stored in executive location 40 and the instruction in executive location 41
 * is executed. Monitors put a JSR there, and the model executes location 41 as the JSR it must
 * hold (ABSTRACTED: whatever the opcode at 41, its right half is the JSR's address): the PC word
 * (FLAGS,,the address after the trapping instruction) is stored at that address Y, USER and BIS
 * are cleared (kx10: JSR in a UUO cycle clears USER), and execution continues at Y+1 in
 * executive mode. A memory protection violation and a pushdown overflow do the same through
 * location 42, saving the address of the instruction, after setting the APR flag (MPV, PDLOV).
 * ABSTRACTED: on the KA10 both are APR conditions that interrupt on the APR's PI channel (the
 * push or pop completes first); here they are traps taken at once, the instruction not done —
 * the overflow an `exception` (excluded from the definitions, as an ordinary overflow trap is),
 * so that a user-mode PUSH does not count as changing system state without trapping merely
 * because the model delivers no interrupts. ABSTRACTED: priority interrupts (no source requests one:
 * the PI and APR state is stored, read and written, but no interrupt is taken), the clock,
 * floating point, byte instructions, multiply/divide, XCT, shifts other than LSH/ROT.
 *
 * Platform: 2^18 words of storage (the whole 18-bit address space); execution starts at
 * 1000 in executive mode. The console: a store to physical cell 777777 prints a character, which
 * is what DATAO TTY does (the real teletype is device 120; the model makes its data register a
 * storage cell so that the monitor's console sees it).
 *
 * Privilege: the KA10 has two modes, executive (USER = 0) and user (USER = 1); they map to the
 * theorems' supervisor and user directly. User I/O (FLAGS.USERIO) lets a user-mode program
 * execute the I/O instructions and JRST 4/10/12: privilege is relative to it, so the monitor's
 * configuration holds the real USERIO at 0 while a guest runs (DESIGN §2 rule 3).
 */
import { add, all, any, bit, concat, eq, extract, ite, load, loadForModify, not, or, trapCode, trapValue, ule, ult, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';
import type { DeviceDecl } from '../../description.js';

/** Storage: the whole 18-bit address space. */
export const storageWords = 1 << 18;
/** The console's storage cell (DATAO TTY stores here). */
export const consoleCell = 0o777777;
/** Where execution starts. */
export const resetPc = 0o1000;

/** Trap codes (the model's own: the KA10 has one MUUO path and the APR interrupt). */
export const trapCodes = { uuo: 1, privileged: 2, illegal: 3, memory: 4, pdl: 5 } as const;

/** FLAGS field positions within the 18-bit left half (PDP-10 bit n of the PC word is bit 17 - n here). */
export const FLAG = { AROV: 17, CRY0: 16, CRY1: 15, FOV: 14, BIS: 13, USER: 12, USERIO: 11, FXU: 6, DCK: 5 } as const;

export const pdp10Builder = isaBuilder({
  state: {
    registers: {
      PC: { width: 18, kind: 'user', reset: resetPc, doc: 'program counter (SRM §1.3)' },
      FLAGS: {
        width: 18,
        kind: 'system',
        configurable: 1 << FLAG.USERIO,
        doc: 'the PC word’s left half (SRM §2.9, JRSTF): PDP-10 bits 0-12 are bits 17-5 here',
        fields: {
          AROV: { bits: FLAG.AROV, kind: 'user', doc: 'bit 0: overflow' },
          CRY0: { bits: FLAG.CRY0, kind: 'user', doc: 'bit 1: carry 0' },
          CRY1: { bits: FLAG.CRY1, kind: 'user', doc: 'bit 2: carry 1' },
          FOV: { bits: FLAG.FOV, kind: 'user', doc: 'bit 3: floating overflow' },
          BIS: { bits: FLAG.BIS, kind: 'user', doc: 'bit 4: byte increment suppression' },
          USER: { bits: FLAG.USER, doc: 'bit 5: user mode (the mode)' },
          USERIO: { bits: FLAG.USERIO, doc: 'bit 6: user in-out: user mode may do I/O, HALT and JEN' },
          FXU: { bits: FLAG.FXU, kind: 'user', doc: 'bit 11: floating underflow' },
          DCK: { bits: FLAG.DCK, kind: 'user', doc: 'bit 12: no divide' },
        },
      },
      PL: { width: 8, kind: 'system', doc: 'low-segment protection: the highest 1K block a user address may use (DATAO APR bits 0-7)' },
      PH: { width: 8, kind: 'system', doc: 'high-segment protection (DATAO APR bits 9-16)' },
      WP: { width: 1, kind: 'system', doc: 'high segment write-protected (DATAO APR bit 17)' },
      RL: { width: 8, kind: 'system', doc: 'low-segment relocation in 1K blocks (DATAO APR bits 18-25)' },
      RH: { width: 8, kind: 'system', doc: 'high-segment relocation in 1K blocks (DATAO APR bits 27-34)' },
      APR: {
        width: 18,
        kind: 'system',
        doc: 'APR conditions at their CONI APR positions (SRM §7.1; kx10 dev_apr)',
        fields: {
          PIA: { bits: [2, 0], doc: 'PI channel assignment' },
          OVEN: { bits: 4, doc: 'overflow interrupt enable' },
          FOVEN: { bits: 7, doc: 'floating overflow interrupt enable' },
          CLK: { bits: 9, doc: 'clock flag' },
          CLKEN: { bits: 10, doc: 'clock interrupt enable' },
          NXM: { bits: 12, doc: 'non-existent memory' },
          MPV: { bits: 13, doc: 'memory protection violation' },
          ADRBRK: { bits: 14, doc: 'address break' },
          PDLOV: { bits: 16, doc: 'pushdown overflow' },
        },
      },
      PI: {
        width: 16,
        kind: 'system',
        doc: 'priority interrupt system at its CONI PI positions (SRM §7.2; kx10 dev_pi)',
        fields: {
          PIE: { bits: [6, 0], doc: 'channels on (bit 6 is channel 1)' },
          ON: { bits: 7, doc: 'PI system on' },
          PIH: { bits: [14, 8], doc: 'channels in progress (held)' },
          PAR: { bits: 15, doc: 'parity interrupt enable' },
        },
      },
      PIR: { width: 7, kind: 'system', doc: 'interrupt requests made by CONO PI (no interrupt is delivered in this model)' },
      SW: { width: 36, kind: 'system', readOnly: true, doc: 'the console data switches (DATAI APR)' },
      TTY: {
        width: 7,
        kind: 'system',
        reset: 0o10,
        doc: 'console teletype conditions (device 120): PIA, output done, output busy, input done, input busy',
        fields: {
          PIA: { bits: [2, 0], doc: 'PI channel assignment' },
          ODONE: { bits: 3, doc: 'output done' },
          OBUSY: { bits: 4, doc: 'output busy' },
          IDONE: { bits: 5, doc: 'input done' },
          IBUSY: { bits: 6, doc: 'input busy' },
        },
      },
    },
    files: { ac: { count: 16, width: 36, kind: 'user', aliases: { p: 15 }, doc: 'accumulators 0-17 (SRM §1.2), also storage locations 0-17; ac15 (octal 17) is also p, the pushdown pointer by convention' } },
    pc: 'PC',
    mode: { register: 'FLAGS.USER', levels: { exec: { value: 0, supervisor: true }, user: { value: 1, supervisor: false } } },
    storage: {
      cellBits: 36,
      addressBits: 18,
      cells: storageWords,
      endianness: 'big',
      devices: [{ name: 'tty', kind: 'console', cell: consoleCell, doc: 'DATAO TTY stores the character here' }] as DeviceDecl[],
    },
    addressMap: (s) => {
      const user = eq(s.reg('FLAGS.USER'), 1);
      const block = (v: Bits<number>) => extract(v, 17, 10);
      const low = (v: Bits<number>) => ule(block(v), s.reg('PL'));
      const high = (v: Bits<number>) => all(eq(bit(v, 17), 1), ule(block(v), s.reg('PH')));
      return {
        fetch: { fault: (v) => all(user, not(any(low(v), high(v)))), trap: 'memory' },
        read: { fault: (v) => all(user, not(any(low(v), high(v)))), trap: 'memory' },
        write: { fault: (v) => all(user, not(any(low(v), all(high(v), eq(s.reg('WP'), 0))))), trap: 'memory' },
        physical: (v) => ite(user, add(v as Bits<18>, concat(ite(low(v), s.reg('RL'), s.reg('RH')), c(10, 0))), v as Bits<18>),
      };
    },
    timing: [],
    configuration: [{ register: 'FLAGS', mask: 1 << FLAG.USERIO, value: 0, doc: 'User I/O clear: the I/O instructions and JRST 4/10/12 trap in user mode (SRM §2.10, §7)' }],
  },
  traps: {
    codeWidth: 9,
    valueWidth: 36,
    kinds: {
      uuo: { class: 'supervisor-call', code: trapCodes.uuo, doc: 'an MUUO (000, 040-077); value: op,ac,0,0,E' },
      privileged: { class: 'privileged-instruction', code: trapCodes.privileged, doc: 'an I/O instruction or JRST 4/10/12 in user mode without User I/O, taken as an MUUO; value: the instruction with E' },
      illegal: { class: 'illegal-instruction', code: trapCodes.illegal, doc: 'a word that is no instruction of this model, taken as an MUUO; value: the word' },
      memory: { class: 'memory', code: trapCodes.memory, doc: 'memory protection violation (the APR interrupt, taken at once through 42); value: the address' },
      pdl: { class: 'exception', code: trapCodes.pdl, doc: 'pushdown overflow (the APR interrupt, taken at once through 42, the push or pop not done); value: the pointer' },
    },
    sequence: ($, s) => {
      const isPdl = eq(trapCode(9), trapCodes.pdl);
      const memory = $.let('isApr', any(eq(trapCode(9), trapCodes.memory), isPdl));
      $.if(memory, () => $.if(isPdl, () => $.set(s.reg('APR.PDLOV'), 1), () => $.set(s.reg('APR.MPV'), 1)), () => $.store(c(18, 0o40), trapValue(36), 'physical'));
      // Execute location 41 (42 for the APR's conditions) as the JSR a monitor keeps there.
      const via = $.let('viaWord', load(ite(memory, c(18, 0o42), c(18, 0o41)), 36, 'physical'));
      const y = $.let('jsrAt', extract(via, 17, 0));
      const pc = s.reg('PC') as Bits<18>;
      const saved = $.let('savedPcWord', concat(s.reg('FLAGS') as Bits<18>, ite(memory, pc, add(pc, 1))));
      $.if(ult(y, 0o20), () => $.set(s.file('ac')(extract(y, 3, 0)), saved), () => $.store(y, saved, 'physical'));
      $.set(s.reg('FLAGS.USER'), 0);
      $.set(s.reg('FLAGS.BIS'), 0);
      $.set(s.reg('PC'), add(y, 1));
    },
  },
  operands: {
    ac: { kind: 'register', file: 'ac' },
    x: { kind: 'register', file: 'ac' },
    y: { kind: 'immediate', signed: false },
    n: { kind: 'immediate', signed: false },
    dev: { kind: 'immediate', signed: false },
  },
});

export const b = pdp10Builder;
export type Pdp10Semantics = Semantics<'uuo' | 'privileged' | 'illegal' | 'memory' | 'pdl'>;

export const ac = b.file('ac');
export const PC = b.reg('PC');
export const FLAGS = b.reg('FLAGS');
const bit1 = (name: `FLAGS.${string}`) => b.reg(name) as Loc<1>;
export const flag = {
  AROV: bit1('FLAGS.AROV'),
  CRY0: bit1('FLAGS.CRY0'),
  CRY1: bit1('FLAGS.CRY1'),
  FOV: bit1('FLAGS.FOV'),
  BIS: bit1('FLAGS.BIS'),
  USER: bit1('FLAGS.USER'),
  USERIO: bit1('FLAGS.USERIO'),
  FXU: bit1('FLAGS.FXU'),
  DCK: bit1('FLAGS.DCK'),
} as const;

/** The octal opcode as the 9 bits of an encoding picture. */
export const op = (octal: number, bits = 9) => octal.toString(2).padStart(bits, '0');

export const left = (w: Bits<36>): Bits<18> => extract(w, 35, 18);
export const right = (w: Bits<36>): Bits<18> => extract(w, 17, 0);
export const swap = (w: Bits<36>): Bits<36> => concat(right(w), left(w));
/** PC + 1, the address of the next instruction (18-bit wrap). */
export const nextPc = (): Bits<18> => add(PC, 1);
/** The PC word: flags,,PC + 1 (what JSR, JSP and PUSHJ save; SRM §2.9). */
export const pcWord = (): Bits<36> => concat(FLAGS as Bits<18>, nextPc());

/** The effective address (SRM §2.1): y plus, when x ≠ 0, the right half of AC x (18-bit wrap). */
export const effectiveAddress = (x: Bits<4>, y: Bits<18>): Bits<18> => add(y, ite(eq(x, 0), c(18, 0), right(ac(x))));

const isAc = (e: Bits<18>): Bool => ult(e, 0o20);
const acAt = (e: Bits<18>) => ac(extract(e, 3, 0));

/** C(E): AC[E] for E < 20, else storage through the map. */
export const readWord = (e: Bits<18>): Bits<36> => ite(isAc(e), acAt(e), load(e, 36));
/** C(E) as the read of a read-modify-write (it faults where the write would). */
export const readModify = (e: Bits<18>): Bits<36> => ite(isAc(e), acAt(e), loadForModify(e, 36));
/** C(E) := v: AC[E] for E < 20, else storage through the map. */
export function writeWord($: Pdp10Semantics, e: Bits<18>, v: Bits<36>): void {
  $.if(isAc(e), () => $.set(acAt(e), v), () => $.store(e, v));
}

/**
 * a + b + carryIn in 36 bits, setting the KA10's flags as the adder sets them (SRM §2.4): CRY0
 * on a carry out of bit 0, CRY1 on a carry out of bit 1 (into bit 0), AROV when they differ.
 * Flags are only ever set here, never cleared. `tag` keeps the `let` names unique.
 */
export function addSetFlags($: Pdp10Semantics, tag: string, a: Bits<36>, bv: Bits<36>, carryIn: 0 | 1): Bits<36> {
  const wide = $.let(`${tag}Sum37`, add(add(zext(a, 37), zext(bv, 37)), c(37, carryIn)));
  const sum = $.let(`${tag}Sum`, extract(wide, 35, 0));
  const cry0 = bit(wide, 36);
  const cry1 = xor(xor(bit(a, 35), bit(bv, 35)), bit(sum, 35));
  $.set(flag.CRY0, or(flag.CRY0, cry0));
  $.set(flag.CRY1, or(flag.CRY1, cry1));
  $.set(flag.AROV, or(flag.AROV, xor(cry0, cry1)));
  return sum;
}

/** The instruction word an MUUO leaves in location 40: its op and AC fields, then E (SRM §2.10). */
export const uuoWord = (top13: Bits<13>, e: Bits<18>): Bits<36> => concat(top13, c(5, 0), e);

/** 1 in user mode without User I/O: where the I/O instructions and JRST 4/10/12 trap (SRM §2.10). */
export const ioRefused = (): Bool => all(eq(flag.USER, 1), eq(flag.USERIO, 0));
