/**
 * pdp11 — the processor state, traps and memory map of the DEC PDP-11/45, following the
 * PDP-11/45 Processor Handbook (DEC, 1973; "45HB" below) and the PDP-11 Processor Handbook
 * (DEC, 1979; "PHB") for the memory-management chapter the 11/45 shares with the 11/70. Where the
 * books leave a detail open the model follows simh's PDP-11 simulator with its 11/45 CPU option
 * (github.com/simh/simh @ 8a4b375, PDP11/pdp11_cpu.c, pdp11_defs.h: `CPUT_45`, `HAS_SPL`,
 * `HAS_MXPY`, `HAS_HALT4`, `HAS_RTT`, `HAS_2REG`), and says so.
 *
 * STATE
 *   PSW    the processor status word (45HB 2.3.2) as a register with fields: CM 15:14 (current
 *          mode), PM 13:12 (previous mode), RS 11 (general register set), PRI 7:5 (priority),
 *          T 4 (trace), N Z V C 3:0. The condition codes, T and RS are user state; CM, PM and
 *          PRI system state. RS and T are the guest's: RS only selects which of its own registers
 *          an instruction uses, and T only asks for a trace trap after each instruction (user-mode
 *          RTI/RTT may set both on the 11/45, so that a user-mode debugger can trace); a monitor
 *          runs its guest with the guest's own RS and T in the real PSW, as it does the condition
 *          codes, and reflects the trace trap it takes. Declared system state they would make
 *          every instruction that names a register depend on monitor state.
 *          The PSW is also physical address 777776 (octal) in the I/O page (`storage.mapped`):
 *          every load, store, fetch and trap-sequence access there is the PSW (45HB 2.3.2: "the
 *          PSW ... may be addressed as location 777776"). A store there writes every field, T
 *          included (the 11/45 does not let an explicit write set T: abstracted).
 *   R0-R5  TWO general register sets, chosen by PSW<RS> (45HB 2.3.1): R[0]-R[5] banked by the
 *          field PSW.RS (`state.banked` with `by`), so the semantics name R[n] for the current
 *          set's register as the handbook does, and set0r0-set0r5 / set1r0-set1r5 are each set's
 *          copies (user state: the program's own registers). Any step that writes RS — RTI, RTT,
 *          a trap's new PSW, a store to 777776 — switches sets at its end, and a write within an
 *          instruction switches at once. The assembler's r0-r7 (sp, pc) are the register numbers.
 *   R6     the stack pointer, banked per mode (`state.banked`): KSP in kernel mode, SSP in
 *          supervisor mode, USP in user mode (45HB 2.3.1: the 11/45 has 16 general registers —
 *          two sets of six, three stack pointers and the PC). Mode 10 has no stack pointer of its
 *          own on the 11/45 (there are only three): it shares USP here. R[6] is the file element;
 *          R[7] exists only because a file's count is a power of two (unused).
 *   R7     the PC: the register PC, 18 bits wide because an address of this model is (the
 *          storage's address width); it always holds a 16-bit virtual address (bits 17:16 are
 *          written 0 and ignored by every use). An operand naming r7 reads and writes PC.
 *   KIPAR0-7, KIPDR0-7, SIPAR0-7, SIPDR0-7, UIPAR0-7, UIPDR0-7, MMR0-MMR3
 *          memory management (mm.ts). MMR0-MMR3 are I/O page addresses (`storage.mapped`). The
 *          48 page registers are I/O page addresses on the 11/45 too, and in the variant
 *          `pdp11-iopage` (index.ts); in `pdp11` they are system registers that no instruction
 *          reaches — a CUT, for the checker's sake: every physical access compares its address
 *          with every mapped register's cells, and with 53 mapped registers instead of 5 a check
 *          of two memory instructions took more than 16 minutes instead of 3.6 (the emulator runs
 *          about 6% slower). The verdicts the I/O page gives do not need them: the PSW and MMR0
 *          there already make every load and store a map can take to the I/O page sensitive. On
 *          `pdp11` a kernel cannot program memory management (tests set the registers directly).
 *
 * MODES AND THE THEOREMS. Kernel (CM 00) counts as supervisor; supervisor (01), user (11) and the
 * undefined mode 10 count as user. Reason: every instruction the 11/45 confines to one mode
 * confines it to kernel mode (HALT traps elsewhere, SPL and RESET do nothing elsewhere, RTI/RTT
 * cannot lower the mode or change the priority elsewhere), and the page registers are reached only
 * through the kernel's own map; supervisor mode has nothing a user program lacks except what the
 * kernel's page registers give it (its own map and stack). A monitor must keep real kernel mode
 * for itself and run the guest's supervisor and user code as P&G run user code. User is declared
 * first of the three user levels so that the monitor's real level is user.
 *
 * TRAPS (45HB 2.7 and chapter 4 per instruction; simh `trap_vec`). A trap kind's code is its
 * vector (bits 8:0) with bit 12 set for an ABORT (the instruction did not complete: the stacked PC
 * is its own address) and, for a memory-management abort, MMR0's error bit in bits 15:13.
 *   4    odd address (a word access at an odd address: `oddAddress`); HALT outside kernel mode
 *        (`privileged`, the 11/45's "HALT in user mode traps to 4", simh HAS_HALT4)
 *   10   reserved instruction (`illegal`): every word no entry decodes
 *   14   BPT; 20 IOT; 30 EMT; 34 TRAP (supervisor calls; the stacked PC is the next instruction's)
 *   250  memory-management abort: non-resident, page length, read-only (mm.ts)
 * The sequence (45HB 2.7; simh's trap code): the new PC and PSW are read from the vector in
 * KERNEL space (through the kernel's page registers); the new PSW's previous mode is the old
 * current mode; the old PSW and then the old PC are pushed on the NEW mode's stack (in the new
 * mode's space); on a memory-management abort MMR0 records the error, the mode and the page and
 * MMR2 the instruction's virtual address, unless MMR0 is frozen by an earlier error (45HB 6.6).
 * Traps are precise here: the sequence sees the state before the trapping instruction (so MMR1,
 * which records register changes an abort leaves behind, is always 0). The sequence's own
 * accesses are not checked (a kernel stack abort, a double fault, is not modelled; an odd stack
 * pointer pushes at the even address below it).
 * Not modelled: an odd PC (the 11/45 aborts the fetch to 4; here a word is fetched from the odd
 * address: an address map's fault rules see an access's first and last cell, not its alignment,
 * and every entry that sets the PC from a register or the stack would need its own test),
 * interrupts (no device raises one; PRI is kept), trace (T is kept, no trace trap),
 * the stack limit register and the red/yellow zone traps, parity and power-fail traps, and
 * nonexistent memory (every 18-bit address is storage, the unassigned I/O page addresses too).
 *
 * PLATFORM: 256 KB (2^18 bytes) of storage, little-endian, byte cells; the console's transmit
 * buffer (DL11 XBUF) at 777566 (octal): each byte stored there is printed (the console is always
 * ready: no XCSR). Execution starts at 1000 (octal) in kernel mode at priority 7 with memory
 * management off.
 *
 * ENCODINGS: real (op src:6 dst:6 words, with the extension words that follow); the addressing
 * modes are operand shapes (operands.ts).
 */
import { add, all, and, bit, concat, eq, extract, ite, load, sub, trapCode, trapValue, zext } from '../../builder/ops.js';
import { c, type Bits, type Loc } from '../../builder/bits.js';
import { isaBuilder, type RegisterInput } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';
import { KERNEL, MODE10, SUPERVISOR, USER, pageRegisterAddresses, parName, pdrName, relocate, virtual16, type StateRead } from './mm.js';

/** Storage: the 11/45's 18-bit physical address space, all of it. */
export const storageBytes = 1 << 18;
/** Where execution starts (octal 1000). */
export const resetPc = 0o1000;
/** PSW at start: kernel mode, priority 7. */
export const resetPsw = 0o340;
/** The console transmit buffer (DL11 XBUF), physical. */
export const consoleAddress = 0o777566;
/** The PSW's physical address. */
export const pswAddress = 0o777776;

/** Trap vectors (45HB 2.7, simh pdp11_defs.h VEC_*). */
export const vector = { busError: 0o4, reserved: 0o10, bpt: 0o14, iot: 0o20, emt: 0o30, trap: 0o34, mmu: 0o250 } as const;
/** Code bit 12: an abort (the stacked PC is the instruction's own address). */
export const ABORT = 0x1000;
/** MMR0's abort flags (45HB 6.6.1), also bits 15:13 of a memory-management abort's code. */
export const MMR0_NONRESIDENT = 0x8000;
export const MMR0_LENGTH = 0x4000;
export const MMR0_READONLY = 0x2000;

const sys = (width: number, doc: string, extra: Partial<RegisterInput> = {}): RegisterInput => ({ width, kind: 'system', doc, ...extra });

/** The page registers of the three modes (I space), in the I/O page. */
const pageRegisters: Record<string, RegisterInput> = {};
const pageMapped: { register: string; cell: number; doc: string }[] = [];
for (const mode of [KERNEL, SUPERVISOR, USER] as const) {
  const at = pageRegisterAddresses[mode];
  for (let p = 0; p < 8; p++) {
    pageRegisters[parName(mode, p)] = sys(12, `page address register ${p} of ${['kernel', 'supervisor', '', 'user'][mode]} mode (I space): the page's base in 64-byte blocks (45HB 6.4.1)`);
    pageRegisters[pdrName(mode, p)] = sys(16, `page descriptor register ${p} of ${['kernel', 'supervisor', '', 'user'][mode]} mode: PLF 14:8, W 6, ED 3, ACF 2:0 (45HB 6.4.2)`);
    pageMapped.push({ register: parName(mode, p), cell: at.par + 2 * p, doc: `${parName(mode, p)} (octal ${(at.par + 2 * p).toString(8)})` });
    pageMapped.push({ register: pdrName(mode, p), cell: at.pdr + 2 * p, doc: `${pdrName(mode, p)} (octal ${(at.pdr + 2 * p).toString(8)})` });
  }
}

/** The PSW and the memory-management status registers in the I/O page (45HB 2.3.2, 6.6). */
const statusMapped = [
  { register: 'PSW', cell: pswAddress, doc: 'the PSW at 777776 (45HB 2.3.2)' },
  { register: 'MMR0', cell: 0o777572, doc: 'MMR0 at 777572' },
  { register: 'MMR1', cell: 0o777574, doc: 'MMR1 at 777574' },
  { register: 'MMR2', cell: 0o777576, doc: 'MMR2 at 777576' },
  { register: 'MMR3', cell: 0o772516, doc: 'MMR3 at 772516' },
];
/** All of them with the 48 page registers: the whole I/O page of the model (`pdp11-iopage`). */
export const ioPageMapped = [...statusMapped, ...pageMapped];

const registers = {
  PC: { width: 18, kind: 'user', reset: resetPc, doc: 'the program counter, R7 (a 16-bit virtual address; 18 bits wide as every address of the model is)' },
  PSW: {
    width: 16,
    kind: 'system',
    reset: resetPsw,
    // PM: a monitor holds the previous mode at user while its guest runs (see `configuration`).
    configurable: 0x3000,
    doc: 'processor status word (45HB 2.3.2), also physical address 777776',
    fields: {
      C: { bits: 0, kind: 'user', doc: 'carry' },
      V: { bits: 1, kind: 'user', doc: 'overflow' },
      Z: { bits: 2, kind: 'user', doc: 'zero' },
      N: { bits: 3, kind: 'user', doc: 'negative' },
      T: { bits: 4, kind: 'user', doc: 'trace trap enable (kept; no trace trap is modelled)' },
      PRI: { bits: [7, 5], doc: 'processor priority (kept; no interrupt source is modelled)' },
      RS: { bits: 11, kind: 'user', doc: 'general register set: 0 or 1' },
      PM: { bits: [13, 12], doc: 'previous mode' },
      CM: { bits: [15, 14], doc: 'current mode: 00 kernel, 01 supervisor, 11 user (10 undefined)' },
    },
  },
  MMR0: sys(16, 'memory management status register 0 (45HB 6.6.1): 15-13 abort flags (non-resident, page length, read-only), 6:5 mode, 3:1 page, 0 enable'),
  MMR1: sys(16, 'memory management register 1: registers an aborted instruction changed; always 0 here (traps are precise)', { readOnly: true }),
  MMR2: sys(16, 'memory management register 2: the virtual address of the instruction an abort stopped'),
  MMR3: sys(16, 'memory management register 3: D-space enables; 0 here (no D space is modelled)', { readOnly: true }),
  ...pageRegisters,
} as const;

export const pdp11Builder = isaBuilder({
  state: {
    registers: registers as Record<string, RegisterInput> as typeof registers & Record<string, RegisterInput>,
    files: {
      R: { count: 8, width: 16, kind: 'user', prefix: 'r', aliases: { sp: 6, pc: 7 }, doc: 'general registers: R0-R5 of the register set PSW<RS> chooses (banked by it), R6 the stack pointer (banked per mode); R[7] unused (R7 is the register PC)' },
    },
    pc: 'PC',
    mode: {
      register: 'PSW.CM',
      levels: {
        kernel: { value: KERNEL, supervisor: true },
        user: { value: USER, supervisor: false },
        supervisor: { value: SUPERVISOR, supervisor: false },
        mode10: { value: MODE10, supervisor: false },
      },
    },
    storage: {
      cellBits: 8,
      addressBits: 18,
      cells: storageBytes,
      endianness: 'little',
      devices: [{ name: 'console', kind: 'console', cell: consoleAddress, doc: 'DL11 transmit buffer XBUF (777566 octal): a byte stored here is printed' }],
      mapped: statusMapped,
    },
    addressMap: ({ reg }) => {
      const read: StateRead = (name) => reg(name as never) as unknown as Bits<number>;
      const cm = read('PSW.CM') as Bits<2>;
      const at = (va: Bits<number>) => relocate(read, cm, virtual16(va));
      const rules = (write: boolean) => [
        { trap: 'mmuNonResident' as const, fault: (va: Bits<number>) => at(va).nonResident },
        { trap: 'mmuLength' as const, fault: (va: Bits<number>) => at(va).length },
        ...(write ? [{ trap: 'mmuReadOnly' as const, fault: (va: Bits<number>) => at(va).readOnly }] : []),
      ];
      return {
        // The rules are asked of an access's first and last cell, so an odd-address rule here would
        // fault every two-cell fetch: an odd PC is not checked (see the header).
        fetch: rules(false),
        read: rules(false),
        write: rules(true),
        physical: (va: Bits<number>) => at(va).physical,
      };
    },
    timing: [],
    // The monitor's configuration (DESIGN.md §2 rule 3): while its guest runs in real user mode,
    // a monitor holds the previous mode at user, as a trap from user mode leaves it. With PM =
    // kernel, MFPI and MTPI in user mode would reach the kernel's (the monitor's) space.
    configuration: [{ register: 'PSW', mask: 0x3000, value: 0x3000, doc: 'PSW<PM> = user' }],
    banked: [
      ...[0, 1, 2, 3, 4, 5].map((i) => ({
        state: { file: 'R' as const, index: i },
        by: 'PSW.RS',
        banks: { [`set0r${i}`]: [0], [`set1r${i}`]: [1] },
        doc: `R${i}: one per general register set, chosen by PSW<RS> (45HB 2.3.1)`,
      })),
      { state: { file: 'R', index: 6 }, banks: { KSP: ['kernel'], SSP: ['supervisor'], USP: ['user', 'mode10'] }, doc: 'R6, the stack pointer: one per mode (45HB 2.3.1); mode 10 shares the user’s' },
    ],
  },
  traps: {
    codeWidth: 16,
    valueWidth: 16,
    kinds: {
      oddAddress: { class: 'memory', code: ABORT | vector.busError, doc: 'odd address: a word access or fetch at an odd address (vector 4); value: the address' },
      mmuNonResident: { class: 'memory', code: ABORT | MMR0_NONRESIDENT | vector.mmu, doc: 'memory management abort, non-resident page (vector 250); value: the virtual address' },
      mmuLength: { class: 'memory', code: ABORT | MMR0_LENGTH | vector.mmu, doc: 'memory management abort, page length (vector 250); value: the virtual address' },
      mmuReadOnly: { class: 'memory', code: ABORT | MMR0_READONLY | vector.mmu, doc: 'memory management abort, write to a read-only page (vector 250); value: the virtual address' },
      privileged: { class: 'privileged-instruction', code: vector.busError, doc: 'HALT outside kernel mode (the 11/45 traps to 4)' },
      illegal: { class: 'illegal-instruction', code: vector.reserved, doc: 'reserved instruction (vector 10): a word no entry decodes' },
      bpt: { class: 'supervisor-call', code: vector.bpt, doc: 'BPT, breakpoint trap (vector 14)' },
      iot: { class: 'supervisor-call', code: vector.iot, doc: 'IOT, input/output trap (vector 20)' },
      emt: { class: 'supervisor-call', code: vector.emt, doc: 'EMT, emulator trap (vector 30)' },
      trap: { class: 'supervisor-call', code: vector.trap, doc: 'TRAP (vector 34)' },
    },
    sequence: ($, s) => trapSequence($ as PdpSemantics, (name) => s.reg(name as never) as unknown as Loc<number>, s.file('R') as unknown as (i: Bits<3>) => Loc<16>),
  },
  operands: {},
});

export type TrapName = 'oddAddress' | 'mmuNonResident' | 'mmuLength' | 'mmuReadOnly' | 'privileged' | 'illegal' | 'bpt' | 'iot' | 'emt' | 'trap';
export type PdpSemantics = Semantics<TrapName>;
export type StateLoc = (name: string) => Loc<number>;

export const b = pdp11Builder;
export const reg: StateLoc = (name) => b.reg(name as never) as unknown as Loc<number>;
export const read: StateRead = (name) => reg(name);
export const R = b.file('R') as unknown as (i: Bits<3>) => Loc<16>;
export const PC = reg('PC') as Loc<18>;
export const PSW = reg('PSW') as Loc<16>;
export const flag = { C: reg('PSW.C'), V: reg('PSW.V'), Z: reg('PSW.Z'), N: reg('PSW.N') } as const;
export const CM = reg('PSW.CM') as Loc<2>;
export const PM = reg('PSW.PM') as Loc<2>;
/** The stack pointer of the current mode. */
export const SP = R(c(3, 6));

/**
 * The trap sequence (see the header; 45HB 2.7, simh pdp11_cpu.c "Process a trap or interrupt").
 * Runs on the state before the trapping instruction.
 */
function trapSequence($: PdpSemantics, reg: StateLoc, R: (i: Bits<3>) => Loc<16>): void {
  const read: StateRead = (name) => reg(name);
  const code = trapCode(16);
  const vec = $.let('trap.vector', zext(extract(code, 8, 0), 16));
  const abort = bit(code, 12);
  const pc = virtual16(reg('PC'));
  const oldPsw = $.let('trap.oldPsw', reg('PSW') as Bits<16>);
  const oldMode = $.let('trap.oldMode', reg('PSW.CM') as Bits<2>);
  const stackedPc = $.let('trap.pc', ite(abort, pc, add(pc, 2)));
  // A memory-management abort: MMR0 records the error flag, the mode and the page, MMR2 the
  // instruction's address — unless an earlier error froze them (45HB 6.6.1, 6.6.3).
  const mmr0 = reg('MMR0') as Bits<16>;
  $.if(all(abort, eq(vec, vector.mmu), eq(extract(mmr0, 15, 13), 0)), () => {
    $.set(reg('MMR0'), concat(extract(code, 15, 13), extract(mmr0, 12, 7), oldMode, bit(mmr0, 4), extract(trapValue(16), 15, 13), bit(mmr0, 0)));
    $.set(reg('MMR2'), pc);
  });
  // The vector, in kernel space.
  const kernel = c(2, KERNEL);
  const newPc = $.let('trap.newPc', load(relocate(read, kernel, vec).physical, 16, 'physical'));
  const newPsw = $.let('trap.newPsw', load(relocate(read, kernel, add(vec, 2)).physical, 16, 'physical'));
  const newMode = $.let('trap.newMode', extract(newPsw, 15, 14));
  // The new PSW, with the old mode as its previous mode: R6 is now the new mode's stack pointer.
  $.set(reg('PSW'), concat(newMode, oldMode, extract(newPsw, 11, 0)));
  const sp = $.let('trap.sp', R(c(3, 6)) as Bits<16>);
  // An odd stack pointer would make the 11/45 abort the push (a fatal double error): here the
  // pushes go to the even address below, which keeps every access of the sequence in storage.
  const even = (a: Bits<18>) => and(a, c(18, 0x3fffe));
  $.store(even(relocate(read, newMode, sub(sp, 2)).physical), oldPsw, 'physical');
  $.store(even(relocate(read, newMode, sub(sp, 4)).physical), stackedPc, 'physical');
  $.set(R(c(3, 6)), sub(sp, 4));
  $.set(reg('PC'), zext(newPc, 18));
}

export { KERNEL, SUPERVISOR, USER, MODE10 };
