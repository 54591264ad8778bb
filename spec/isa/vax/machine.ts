/**
 * vax — the processor state, exceptions and memory map of a VAX-11/780, following the VAX
 * Architecture Reference Manual (T. E. Leonard, ed., Digital Press 1987; "VAX ARM" below) and the
 * VAX-11/780 Architecture Handbook (1977). Where the books leave an implementation choice, the
 * model follows the 11/780 (and SIMH's vax_cpu1.c, which implements them) and says so.
 *
 * STATE
 *   PSL     the processor status longword as a register with fields. The PSW (bits 15:0: N Z V C,
 *           and the trap enables T IV FU DV) is user state: BISPSW/BICPSW write it in any mode.
 *           The high half is system state: IPL 20:16, PRV 23:22, CUR 25:24, IS 26, FPD 27, TP 30,
 *           CM 31. CUR is the mode register.
 *   R0-R15  the general registers (user state). R14 is SP: the ACTIVE stack pointer.
 *   KSP ESP SSP USP ISP   the five stack pointers (system state), see "banked stack pointers".
 *   P0BR P0LR P1BR P1LR SBR SLR MAPEN   memory management (mm.ts).
 *   SCBB PCBB ASTLVL SISR TXCS RXCS      the other processor registers MTPR/MFPR reach
 *           (processor-registers.ts lists them all, with those that are only actions: SIRR, TBIA,
 *           TBIS, TXDB).
 *   PC      the program counter. On the VAX it is R15; here it is a register of its own and r15
 *           is an ordinary element of the file (register mode with the PC is UNPREDICTABLE on the
 *           VAX, so no entry of this model can tell the difference).
 *
 * ACCESS MODES AND THE THEOREMS: kernel alone counts as supervisor; executive, supervisor and
 * user count as user. The reason: every privileged instruction of the VAX (MTPR, MFPR, LDPCTX,
 * SVPCTX, HALT) faults in any mode but kernel, and the system control block, the page tables and
 * the stack-pointer registers are reached only through them; executive and supervisor modes
 * (VMS's RMS and DCL) hold no privilege a user program lacks except what the page protection the
 * kernel writes grants them. A monitor for VMS must therefore keep real kernel mode for itself
 * and treat the guest's executive and supervisor code as P&G treat user code — which is what the
 * VAX security kernel did (Karger et al., IEEE S&P 1990: only the virtual machine's kernel mode
 * lost its real mode, compressed into executive; virtual executive, supervisor and user ran in
 * their own). User is declared first of the three so that the monitor's real level is user.
 *
 * BANKED STACK POINTERS (the description language has no banked registers yet): R14 is the
 * active copy, user state, which every instruction uses; KSP, ESP, SSP, USP and ISP are the saved
 * copies, system state. The copy of the stack in use (ISP when PSL<IS>, else the one of PSL<CUR>)
 * is stale while it is in use. `switchStack` below — written once, used by the trap sequence,
 * REI, LDPCTX and SVPCTX, the only places where CUR or IS change — saves R14 into the old stack's
 * copy and loads R14 from the new one. MTPR/MFPR of a stack pointer reach R14 when that stack is
 * in use and the saved copy otherwise (VAX ARM, "Processor Registers"; SIMH op_mtpr/op_mfpr).
 *
 * EXCEPTIONS (VAX ARM, "Exceptions and Interrupts"): every trap of this model goes through the
 * system control block at SCBB; its code is the SCB vector offset (bits 8:0; bit 16 marks a
 * memory-management fault on a write, which sets the fault parameter's bit 2). The trap sequence
 * pushes the parameters, the PC and the PSL on the new stack and loads the PC from the vector:
 * - CHMK/CHME/CHMS/CHMU (vectors 40-4C): new mode = the more privileged of the target and CUR,
 *   PRV = CUR, IPL unchanged, pushes the code, the PC of the next instruction and the PSL.
 * - any other exception: to kernel mode (on the interrupt stack when already on it, or when the
 *   vector's bit 0 asks for it, IPL then 1F), PRV = CUR; a fault pushes the PC of the faulting
 *   instruction. Access-control violation and translation-not-valid push two parameters (the
 *   fault parameter, then the virtual address), a machine check one (a byte count of 0).
 * Not modelled: interrupts (device and software: SISR and ASTLVL are kept, but no interrupt is
 * delivered), trace (T/TP), arithmetic traps (IV/DV/FU are kept; no instruction here divides),
 * compatibility mode (an REI to a PSL with CM set is a reserved-operand fault here), the interval
 * timer and time-of-year clock (so there is no timing state), and kernel-stack-not-valid (the trap
 * sequence may not fault: its pushes go to the physical address the map gives, unchecked).
 *
 * PLATFORM: 64 KiB of memory from physical address 0; the console (TXDB) writes to the storage
 * cell after memory. Reset: PC = 0x200, PSL = 041F0000 (kernel, interrupt stack, IPL 1F), as the
 * 11/780 console starts a bootstrap; SCBB = 0.
 *
 * ENCODINGS: see the header of integer.ts (operand specifiers are abstracted; opcodes are real).
 */
import { add, all, and, any, bit, concat, eq, extract, ite, load, not, or, sext, sub, trapCode, trapValue, uge, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';
import { accessible, allows, frameAddress, physicalNoCheck, walk, type StateRead } from './mm.js';

/** Bytes of memory, from physical address 0. */
export const ramBytes = 0x1_0000;
/** The console's storage cell: a byte stored there is printed (MTPR to TXDB). */
export const consoleCell = ramBytes;

/** Access modes, as PSL<CUR> and PSL<PRV> hold them. */
export const KERNEL = 0;
export const EXECUTIVE = 1;
export const SUPERVISOR = 2;
export const USER = 3;

/** System control block vector offsets (VAX ARM, "Exceptions and Interrupts", the SCB). */
export const SCB = {
  machineCheck: 0x04,
  reservedInstruction: 0x10,
  customerReserved: 0x14,
  reservedOperand: 0x18,
  accessViolation: 0x20,
  translationNotValid: 0x24,
  breakpoint: 0x2c,
  chmk: 0x40,
  chme: 0x44,
  chms: 0x48,
  chmu: 0x4c,
} as const;
/** Marks a memory-management fault on a write (the fault parameter's bit 2). */
export const WRITE_FAULT = 0x1_0000;

/** Stack slots: the four modes' stacks, and the interrupt stack. */
export const stackRegisters = ['KSP', 'ESP', 'SSP', 'USP', 'ISP'] as const;
const ISP_SLOT = 4;

/** PSL<IS>, PSL<PRV> and PSL<IPL>, and their values in any non-kernel mode (IS 0, PRV user, IPL 0). */
export const PSL_USER_MASK = 0x04df_0000;
export const PSL_USER_VALUE = 0x00c0_0000;

const sys = (width: number, doc: string) => ({ width, kind: 'system', doc }) as const;

export const vaxBuilder = isaBuilder({
  state: {
    registers: {
      PC: { width: 32, kind: 'user', reset: 0x200, doc: 'program counter (R15 on the VAX)' },
      PSL: {
        width: 32,
        kind: 'system',
        reset: 0x041f_0000,
        // IS, PRV and IPL: the values REI gives every non-kernel mode (see `configuration`).
        configurable: PSL_USER_MASK,
        doc: 'processor status longword (VAX ARM, "Processor Status Longword")',
        fields: {
          C: { bits: 0, kind: 'user', doc: 'carry' },
          V: { bits: 1, kind: 'user', doc: 'overflow' },
          Z: { bits: 2, kind: 'user', doc: 'zero' },
          N: { bits: 3, kind: 'user', doc: 'negative' },
          T: { bits: 4, kind: 'user', doc: 'trace enable (trace is not modelled)' },
          IV: { bits: 5, kind: 'user', doc: 'integer overflow trap enable (kept, not acted on)' },
          FU: { bits: 6, kind: 'user', doc: 'floating underflow enable (kept)' },
          DV: { bits: 7, kind: 'user', doc: 'decimal overflow enable (kept)' },
          IPL: { bits: [20, 16], doc: 'interrupt priority level' },
          PRV: { bits: [23, 22], doc: 'previous mode' },
          CUR: { bits: [25, 24], doc: 'current mode: 0 kernel, 1 executive, 2 supervisor, 3 user' },
          IS: { bits: 26, doc: 'on the interrupt stack' },
          FPD: { bits: 27, doc: 'first part done (no instruction here is interruptible)' },
          TP: { bits: 30, doc: 'trace pending' },
          CM: { bits: 31, doc: 'compatibility mode (not modelled: REI refuses it)' },
        },
      },
      KSP: sys(32, 'kernel stack pointer (saved copy; R14 while the kernel stack is in use)'),
      ESP: sys(32, 'executive stack pointer (saved copy)'),
      SSP: sys(32, 'supervisor stack pointer (saved copy)'),
      USP: sys(32, 'user stack pointer (saved copy)'),
      ISP: sys(32, 'interrupt stack pointer (saved copy; R14 while PSL<IS>)'),
      P0BR: sys(32, 'P0 base register (physical here: see mm.ts)'),
      P0LR: sys(22, 'P0 length register, in pages'),
      P1BR: sys(32, 'P1 base register (physical here: see mm.ts)'),
      P1LR: sys(22, 'P1 length register: pages below it are invalid'),
      SBR: sys(32, 'system base register (physical)'),
      SLR: sys(22, 'system length register, in pages'),
      // A longword processor register whose bit 0 is the enable (the others read 0). Declared 32
      // bits wide, not 1: the checker holds a described map's address-width registers equal in a
      // mode pair and varies the narrower ones, so a 1-bit MAPEN would let the two states of a
      // pair see storage through different maps (see README.md).
      MAPEN: sys(32, 'memory management enable: bit 0'),
      SCBB: sys(32, 'system control block base (physical)'),
      PCBB: sys(32, 'process control block base (physical)'),
      ASTLVL: { ...sys(3, 'AST level (0-4; 4: none pending)'), reset: 4 },
      SISR: sys(16, 'software interrupt summary: bit n requests IPL n (1-15)'),
      TXCS: {
        width: 32,
        kind: 'system',
        reset: 0x80,
        doc: 'console transmit control/status',
        fields: { IE: { bits: 6, doc: 'interrupt enable (kept; no interrupt is delivered)' }, READY: { bits: 7, readOnly: true, doc: 'ready: always 1' } },
      },
      RXCS: {
        width: 32,
        kind: 'system',
        doc: 'console receive control/status',
        fields: { IE: { bits: 6, doc: 'interrupt enable (kept)' }, DONE: { bits: 7, readOnly: true, doc: 'done: always 0 (no input)' } },
      },
    },
    files: {
      R: { count: 16, width: 32, kind: 'user', prefix: 'r', aliases: { ap: 12, fp: 13, sp: 14 }, doc: 'general registers; R14 = SP, the active stack pointer' },
    },
    pc: 'PC',
    mode: {
      register: 'PSL.CUR',
      levels: {
        kernel: { value: KERNEL, supervisor: true },
        user: { value: USER, supervisor: false },
        executive: { value: EXECUTIVE, supervisor: false },
        supervisor: { value: SUPERVISOR, supervisor: false },
      },
    },
    storage: {
      cellBits: 8,
      addressBits: 32,
      cells: ramBytes + 4,
      devices: [{ name: 'console', kind: 'console', cell: consoleCell, doc: 'MTPR to TXDB stores the character here' }],
    },
    // VAX ARM, "Memory Management" (mm.ts): protection, then validity, then nonexistent memory.
    addressMap: ({ reg }) => {
      const read: StateRead = (name) => reg(name as never) as unknown as Bits<number>;
      const mode = read('PSL.CUR') as Bits<2>;
      const mapen = bit(read('MAPEN'), 0);
      const rules = (write: boolean) => [
        {
          trap: write ? 'accessViolationWrite' : 'accessViolation',
          fault: (va: Bits<number>) => {
            const w = walk(read, ramBytes, va as Bits<32>);
            return all(mapen, not(all(w.lengthOk, allows(extract(w.pte, 30, 27) as Bits<4>, mode, write))));
          },
        },
        { trap: write ? 'translationNotValidWrite' : 'translationNotValid', fault: (va: Bits<number>) => all(mapen, eq(bit(walk(read, ramBytes, va as Bits<32>).pte, 31), 0)) },
        { trap: 'machineCheck', fault: (va: Bits<number>) => uge(physical(va as Bits<32>), ramBytes) },
      ] as const;
      const physical = (va: Bits<32>): Bits<32> => ite(mapen, frameAddress(walk(read, ramBytes, va).pte, va), va);
      return {
        fetch: [...rules(false)],
        read: [...rules(false)],
        write: [...rules(true)],
        physical: (va: Bits<number>) => physical(va as Bits<32>),
      };
    },
    timing: [],
    // The monitor's configuration (DESIGN.md §2 rule 3). A VAX is never in a non-kernel mode with
    // IS set, IPL above 0 or PRV more privileged than CUR: REI refuses such a PSL (its rules 3, 5
    // and 6) and every exception enters kernel mode. So a monitor that runs its guest in real user
    // mode holds IS = 0, IPL = 0 and PRV = user there, as an REI into user mode would leave them;
    // without it the monitor would run the guest in a state no VAX reaches (on the interrupt
    // stack, where CHMx halts the processor).
    configuration: [{ register: 'PSL', mask: PSL_USER_MASK, value: PSL_USER_VALUE, doc: 'user mode as REI leaves it: IS = 0, IPL = 0, PRV = user' }],
  },
  traps: {
    codeWidth: 32,
    valueWidth: 32,
    kinds: {
      machineCheck: { class: 'memory', code: SCB.machineCheck, doc: 'nonexistent memory (an 11/780 machine check); value: the address' },
      privileged: { class: 'privileged-instruction', code: SCB.reservedInstruction, doc: 'privileged instruction outside kernel mode (the reserved-instruction vector)' },
      reservedInstruction: { class: 'illegal-instruction', code: SCB.reservedInstruction, doc: 'an opcode or operand form this model does not decode' },
      customerReserved: { class: 'supervisor-call', code: SCB.customerReserved, doc: 'XFC: customer reserved instruction fault, a deliberate trap to the kernel' },
      reservedOperand: { class: 'exception', code: SCB.reservedOperand, doc: 'reserved operand fault: a PSL REI may not load, a bad MTPR value, PSW bits 15:8' },
      accessViolation: { class: 'memory', code: SCB.accessViolation, doc: 'access-control violation on a read or fetch; value: the virtual address' },
      accessViolationWrite: { class: 'memory', code: SCB.accessViolation | WRITE_FAULT, doc: 'access-control violation on a write; value: the virtual address' },
      translationNotValid: { class: 'memory', code: SCB.translationNotValid, doc: 'translation not valid (PTE<V> clear) on a read or fetch; value: the virtual address' },
      translationNotValidWrite: { class: 'memory', code: SCB.translationNotValid | WRITE_FAULT, doc: 'translation not valid on a write; value: the virtual address' },
      breakpoint: { class: 'supervisor-call', code: SCB.breakpoint, doc: 'BPT: breakpoint fault' },
      chmk: { class: 'supervisor-call', code: SCB.chmk, doc: 'CHMK; value: the code' },
      chme: { class: 'supervisor-call', code: SCB.chme, doc: 'CHME; value: the code' },
      chms: { class: 'supervisor-call', code: SCB.chms, doc: 'CHMS; value: the code' },
      chmu: { class: 'supervisor-call', code: SCB.chmu, doc: 'CHMU; value: the code' },
    },
    sequence: ($, s) => exceptionSequence($ as unknown as VaxSemantics, (name) => s.reg(name as never) as unknown as Loc<number>, s.file('R')),
  },
  operands: {
    rd: { kind: 'register', file: 'R' },
    rs: { kind: 'register', file: 'R' },
    ra: { kind: 'register', file: 'R' },
    rb: { kind: 'register', file: 'R' },
    rm: { kind: 'register', file: 'R' },
    rl: { kind: 'register', file: 'R' },
    imm: { kind: 'immediate', signed: false },
    disp: { kind: 'immediate', signed: true },
    lit: { kind: 'immediate', signed: false },
    addr: { kind: 'target', relative: false, signed: false },
    rel: { kind: 'target', relative: true, signed: true },
  },
});

/** The recorder type the model's helpers take, with the model's trap names. */
export type VaxSemantics = Semantics<TrapName>;
export type TrapName =
  | 'machineCheck'
  | 'privileged'
  | 'reservedInstruction'
  | 'customerReserved'
  | 'reservedOperand'
  | 'accessViolation'
  | 'accessViolationWrite'
  | 'translationNotValid'
  | 'translationNotValidWrite'
  | 'breakpoint'
  | 'chmk'
  | 'chme'
  | 'chms'
  | 'chmu';

/** Reads (and names for writing) a register of the machine. */
export type StateLoc = (name: string) => Loc<number>;
type FileAccess = (index: Bits<4>) => Loc<32>;

/** The stack slot in use for a PSL<IS> and PSL<CUR>: 0-3 the mode's stack, 4 the interrupt stack. */
function slotOf(is: Bool, cur: Bits<2>): Bits<3> {
  return ite(is, c(3, ISP_SLOT), zext(cur, 3));
}

/**
 * The one swap of the banked stack pointers (see the file's comment): R14 goes to the saved copy
 * of the stack in use now (PSL<IS>, PSL<CUR> as they are), and R14 comes from the copy of the
 * stack `newIs`/`newCur` select (the value just saved, when that is the same stack). Call it
 * before PSL<IS> or PSL<CUR> change; `newIs` and `newCur` must not read R14.
 */
export function switchStack($: VaxSemantics, reg: StateLoc, R: FileAccess, newIs: Bool, newCur: Bits<2>): void {
  const sp = R(c(4, 14));
  const from = $.let('stack.from', slotOf(bit(reg('PSL.IS'), 0), reg('PSL.CUR') as Bits<2>));
  const to = $.let('stack.to', slotOf(newIs, newCur));
  const active = $.let('stack.active', sp);
  stackRegisters.forEach((name, slot) => $.if(eq(from, slot), () => $.set(reg(name), active)));
  const [k, e, s, u, i] = stackRegisters.map((n) => reg(n) as Bits<32>) as [Bits<32>, Bits<32>, Bits<32>, Bits<32>, Bits<32>];
  $.set(sp, ite(eq(to, 0), k, ite(eq(to, 1), e, ite(eq(to, 2), s, ite(eq(to, 3), u, i)))));
}

/** A PSL value from its parts (the PSW cleared, as an exception or CHMx leaves it). */
export function pslOf(p: { cur: Bits<2>; prv: Bits<2>; ipl: Bits<5>; is: Bool }): Bits<32> {
  return concat(c(5, 0), p.is, p.cur, p.prv, c(1, 0), p.ipl, c(16, 0));
}

/**
 * The trap sequence (VAX ARM, "Exceptions and Interrupts": exception initiation, the SCB; CHMx
 * after the ARM's change-mode operation and SIMH op_chm/intexc). Runs on the state before the
 * trapping instruction.
 */
function exceptionSequence($: VaxSemantics, reg: StateLoc, R: FileAccess): void {
  const code = trapCode(32);
  const cur = reg('PSL.CUR') as Bits<2>;
  const ipl = reg('PSL.IPL') as Bits<5>;
  const isNow = bit(reg('PSL.IS'), 0);
  const pc = reg('PC') as Bits<32>;
  const oldPsl = $.let('trap.psl', reg('PSL') as Bits<32>);
  const offset = zext(extract(code, 8, 0), 32);
  const vector = $.let('trap.vector', load(and(add(reg('SCBB') as Bits<32>, offset), ramBytes - 4), 32, 'physical'));
  const isChm = $.let('trap.chm', all(uge(offset, SCB.chmk), ult(offset, SCB.chmk + 16)));
  const isMm = $.let('trap.mm', any(eq(offset, SCB.accessViolation), eq(offset, SCB.translationNotValid)));
  const isMc = $.let('trap.mc', eq(offset, SCB.machineCheck));
  // CHMx: the more privileged of the target mode and the current one; exceptions: kernel.
  const target = extract(code, 3, 2);
  const newCur = $.let('trap.cur', ite(isChm, ite(ult(target, cur), target, cur), c(2, 0)));
  const newIs = $.let('trap.is', ite(isChm, c(1, 0), or(isNow, bit(vector, 0))));
  const newIpl = $.let('trap.ipl', ite(all(eq(isChm, 0), bit(vector, 0)), c(5, 0x1f), ipl));
  // CHMx is a trap: it pushes the PC of the next instruction (every CHMx entry is 2 bytes long).
  const pushedPc = $.let('trap.pc', ite(isChm, add(pc, 2), pc));
  switchStack($, reg, R, newIs, newCur);
  const sp = $.let('trap.sp', R(c(4, 14)));
  const push = (offsetFromSp: number, value: Bits<32>, name: string) =>
    $.store(physicalNoCheck(reg, ramBytes, sub(sp, offsetFromSp), name), value, 'physical');
  push(4, oldPsl, 'trap.pte1');
  push(8, pushedPc, 'trap.pte2');
  $.if(isChm, () => push(12, trapValue(32), 'trap.pte3'));
  $.if(isMc, () => push(12, c(32, 0), 'trap.pte4'));
  $.if(isMm, () => {
    push(12, trapValue(32), 'trap.pte5');
    push(16, ite(bit(code, 16), c(32, 4), c(32, 0)), 'trap.pte6');
  });
  const frame = ite(isMm, c(32, 16), ite(any(isChm, isMc), c(32, 12), c(32, 8)));
  $.set(R(c(4, 14)), sub(sp, frame));
  $.set(reg('PSL'), pslOf({ cur: newCur, prv: cur, ipl: newIpl, is: newIs }));
  $.set(reg('PC'), and(vector, ~3));
}


/** The mode PROBE checks: the less privileged of the operand's bits 1:0 and PSL<PRV> (VAX ARM, PROBEx). */
export const probeMode = (operand: Bits<32>, prv: Bits<2>): Bits<2> => {
  const m = extract(operand, 1, 0);
  return ite(ult(m, prv), prv, m);
};

export { accessible, sext };
