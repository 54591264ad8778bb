/**
 * armv7a — the state, exceptions and memory map of an ARMv7-A processor without the Security and
 * Virtualization Extensions, A32 (ARM) instruction set only, following the ARM Architecture
 * Reference Manual ARMv7-A and ARMv7-R edition, ARM DDI 0406C.d ("ARM ARM").
 *
 * What is modelled
 *   - The processor modes of B1.3.1 (usr, fiq, irq, svc, abt, und, sys) in CPSR.M, the CPSR with
 *     its fields (B1.3.3), one SPSR per exception mode, and the banked registers of B1.3.2
 *     (Table B1-2): R13 and R14 per mode (usr and sys share), R8-R12 for FIQ.
 *   - Exception entry (B1.9) for Undefined Instruction, Supervisor Call, Prefetch Abort and Data
 *     Abort, with DFSR/DFAR/IFSR/IFAR; exception return is in the instructions (B1.9.10).
 *   - A32 only: no Thumb, ThumbEE or Jazelle state. CPSR.T and J read 0; an interworking branch
 *     to a Thumb address (bit 0 set) takes the Undefined Instruction exception at the branch (a
 *     processor state this model lacks, not the architecture's behaviour: said again where used).
 *   - Little-endian data only: CPSR.E reads 0 and ignores writes, SETEND is not modelled (it
 *     decodes as UNDEFINED); SCTLR.EE reads 0.
 *
 * What is abstracted, and why
 *   - The MMU (B3): the VMSA's translation is not modelled. SCTLR.M reads 0 and ignores writes,
 *     so the map B3.2 prescribes with the stage 1 MMU disabled (flat: virtual = physical, no
 *     permission checks) is always in force. TTBR0/TTBR1/TTBCR/DACR/CONTEXTIDR are kept as plain
 *     CP15 registers that software can write and read back. The map then reads no register and
 *     is the same at PL0 and PL1, which is why LDRT/STRT come out innocuous here (with the MMU's
 *     permission checks they would read the privilege; see README.md).
 *   - Memory: RAM at 0x00000000 (`ramBytes`), and a write-only console byte at 0x101F1000 (the
 *     PL011 UART0 data register of the ARM Versatile PB board). Any other address aborts: a
 *     Prefetch Abort for a fetch, a Data Abort for a load or store (synchronous external abort,
 *     FS 0b01000). LDM/STM/SRS/RFE on an address not word-aligned take an alignment fault
 *     (A3.2.1, Table A3-1: these fault whatever SCTLR.A says); LDR/STR accept any alignment
 *     (SCTLR.A reads 0, A3.2.1).
 *   - Interrupts: no interrupt controller, timer or event source exists, so IRQ and FIQ are never
 *     asserted (CPSR.I and F are still system state, written by CPS/MSR and exception entry).
 *     Hence WFI never wakes: it stops the machine (B1.8.13; this is also how the example kernel
 *     ends). WFE, SEV and YIELD complete at once.
 *   - No Security Extensions (so no Monitor mode, SMC, VBAR, NSACR: the rules of B1.3.3 for
 *     "IsSecure()" read as TRUE) and no Virtualization Extensions (no Hyp mode, HVC, HCR).
 *     Exception vectors are at 0 (SCTLR.V reads 0). No performance monitors or generic timer:
 *     the model has no timing resource.
 *   - UNPREDICTABLE: every UNPREDICTABLE case the model meets takes the Undefined Instruction
 *     exception. The ARM ARM allows it (Glossary, UNPREDICTABLE: "An instruction that is
 *     UNPREDICTABLE can be implemented as UNDEFINED"), and it is the implementation most
 *     favourable to a monitor: whatever the checker still finds sensitive and unprivileged is so
 *     on every ARMv7-A. Cases that are UNPREDICTABLE because of the mode (an SPSR access in User
 *     or System mode, an exception return in User mode, ...) take the `privileged` trap kind,
 *     the others (a bad register choice in an encoding) the `undefined` kind; both are the same
 *     exception, to the Undefined vector.
 *   - UNKNOWN: MRS of the CPSR at PL0 "returns an UNKNOWN value for CPSR.{E, A, I, F, M}"
 *     (B9.3.8): this model returns the real bits, as ARMv7-A processors do. README.md says what a
 *     fixed value would change.
 *
 * Privilege and the theorems: User mode is PL0, every other mode PL1 (B1.3.1). Every privilege
 * test in the ARM ARM pseudocode is CurrentModeIsNotUser() (or "UserOrSystem" for the
 * registers System mode lacks), so usr is the theorems' user level and fiq, irq, svc, abt, und
 * and sys are supervisor levels. System mode is privileged although it shares User mode's
 * registers.
 *
 * Banked registers (the description language has no banking yet, DESIGN.md issue 11 construct 4):
 * the registers instructions name are one file `r` (user state) holding the *active* copies of
 * R0-R14; each mode's other copies of R8-R14 are system registers (`R13_svc`, `R8_fiq`, ...), and
 * `swapBanks` (banking.ts) exchanges them whenever the mode changes — in exception entry and in
 * every instruction that writes CPSR.M. The copy of the current mode's bank among the saved ones
 * is stale and never read. R15 is the `PC` register: r15 of the file is never read or written
 * (a read of R15 yields PC + 8, A2.3).
 */
import { add, all, any, eq, ite, not, or, uge, ult, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import { exceptionEntry, type StateSource } from './banking.js';
import { EXC, MODE } from './machine-constants.js';

export { EXC, MODE, type ModeName } from './machine-constants.js';

/** RAM from address 0: 64 KiB (enough for the example kernel; small, so that a guest's storage, all of it, is cheap to compare a step at a time). */
export const ramBytes = 0x1_0000;
/** The console: UART0's data register on the ARM Versatile PB (a byte stored here is printed). */
export const consoleBase = 0x101f_1000;
export const consoleBytes = 4;
/** The console's storage cell (after RAM). */
export const consoleCell = ramBytes;


/** CPSR at reset: Supervisor mode, A, I and F set (B1.9.2 TakeReset). */
export const cpsrReset = 0x1d3;


const csr = (doc: string) => ({ width: 32, kind: 'system', doc }) as const;
const saved = (doc: string) => ({ width: 32, kind: 'system', doc }) as const;

export const armBuilder = isaBuilder({
  state: {
    registers: {
      PC: { width: 32, kind: 'user', reset: 0, doc: 'R15, the address of the current instruction (reads of R15 as an operand give PC + 8, A2.3)' },
      CPSR: {
        width: 32,
        kind: 'system',
        reset: cpsrReset,
        doc: 'Current Program Status Register (B1.3.3); IT, J, E and T are not modelled (read 0)',
        fields: {
          N: { bits: 31, kind: 'user', doc: 'negative (APSR)' },
          Z: { bits: 30, kind: 'user', doc: 'zero (APSR)' },
          C: { bits: 29, kind: 'user', doc: 'carry (APSR)' },
          V: { bits: 28, kind: 'user', doc: 'overflow (APSR)' },
          Q: { bits: 27, kind: 'user', doc: 'saturation (APSR)' },
          GE: { bits: [19, 16], kind: 'user', doc: 'greater than or equal flags (APSR)' },
          A: { bits: 8, doc: 'asynchronous abort mask' },
          I: { bits: 7, doc: 'IRQ mask' },
          F: { bits: 6, doc: 'FIQ mask' },
          M: { bits: [4, 0], doc: 'mode (B1.3.1)' },
        },
      },
      SPSR_fiq: saved('saved program status, FIQ mode (B1.3.3)'),
      SPSR_irq: saved('saved program status, IRQ mode'),
      SPSR_svc: saved('saved program status, Supervisor mode'),
      SPSR_abt: saved('saved program status, Abort mode'),
      SPSR_und: saved('saved program status, Undefined mode'),
      // Banked copies (B1.3.2, Table B1-2): the one of the current mode lives in the file r.
      R13_usr: saved('SP of User and System mode, while another bank is current'),
      R14_usr: saved('LR of User and System mode, while another bank is current'),
      R13_fiq: saved('SP_fiq'),
      R14_fiq: saved('LR_fiq'),
      R13_irq: saved('SP_irq'),
      R14_irq: saved('LR_irq'),
      R13_svc: saved('SP_svc'),
      R14_svc: saved('LR_svc'),
      R13_abt: saved('SP_abt'),
      R14_abt: saved('LR_abt'),
      R13_und: saved('SP_und'),
      R14_und: saved('LR_und'),
      R8_usr: saved('R8 of every mode but FIQ, while FIQ mode is current'),
      R9_usr: saved('R9 of every mode but FIQ, while FIQ mode is current'),
      R10_usr: saved('R10 of every mode but FIQ, while FIQ mode is current'),
      R11_usr: saved('R11 of every mode but FIQ, while FIQ mode is current'),
      R12_usr: saved('R12 of every mode but FIQ, while FIQ mode is current'),
      R8_fiq: saved('R8_fiq'),
      R9_fiq: saved('R9_fiq'),
      R10_fiq: saved('R10_fiq'),
      R11_fiq: saved('R11_fiq'),
      R12_fiq: saved('R12_fiq'),
      // CP15 (B4.1), the registers this model implements.
      SCTLR: { ...csr('System Control Register (B4.1.130); M, A, V, EE, TE read 0 (no MMU, ARM state only)'), reset: 0x00c5_0078 },
      TTBR0: csr('Translation Table Base Register 0 (B4.1.154); no effect: the MMU is not modelled'),
      TTBR1: csr('Translation Table Base Register 1 (B4.1.155); no effect'),
      TTBCR: csr('Translation Table Base Control Register (B4.1.153); no effect'),
      DACR: csr('Domain Access Control Register (B4.1.43); no effect'),
      DFSR: csr('Data Fault Status Register (B4.1.52)'),
      IFSR: csr('Instruction Fault Status Register (B4.1.96)'),
      DFAR: csr('Data Fault Address Register (B4.1.51)'),
      IFAR: csr('Instruction Fault Address Register (B4.1.95)'),
      CONTEXTIDR: csr('Context ID Register (B4.1.36)'),
      TPIDRPRW: csr('PL1-only Thread ID Register (B4.1.151)'),
      // The two thread ID registers PL0 can read are the guest's own values, as the general
      // registers are: nothing in the machine reads them, so a monitor leaves them in place.
      TPIDRURW: { width: 32, kind: 'user', doc: 'User Read/Write Thread ID Register (B4.1.151): PL0 reads and writes it' },
      TPIDRURO: { width: 32, kind: 'user', doc: 'User Read-Only Thread ID Register (B4.1.151): PL0 reads it, only PL1 writes it' },
    },
    files: {
      r: {
        count: 16,
        width: 32,
        kind: 'user',
        prefix: 'r',
        aliases: { sb: 9, sl: 10, fp: 11, ip: 12, sp: 13, lr: 14, pc: 15 },
        doc: 'R0-R14, the copies of the current mode (A2.3); element 15 is unused: R15 is PC',
      },
    },
    pc: 'PC',
    mode: {
      register: 'CPSR.M',
      levels: {
        usr: { value: MODE.usr, supervisor: false },
        fiq: { value: MODE.fiq, supervisor: true },
        irq: { value: MODE.irq, supervisor: true },
        svc: { value: MODE.svc, supervisor: true },
        abt: { value: MODE.abt, supervisor: true },
        und: { value: MODE.und, supervisor: true },
        sys: { value: MODE.sys, supervisor: true },
      },
    },
    storage: {
      cellBits: 8,
      addressBits: 32,
      cells: ramBytes + consoleBytes,
      devices: [{ name: 'console', kind: 'console', cell: consoleCell, doc: 'a byte stored at 0x101F1000 is printed (UART0 data register)' }],
    },
    // B3.2: with the MMU disabled the map is flat; what answers an address is the platform's.
    addressMap: () => {
      const inRam = (a: Bits<number>) => ult(a, ramBytes);
      const inConsole = (a: Bits<number>) => all(uge(a, consoleBase), ult(a, consoleBase + consoleBytes));
      return {
        fetch: { trap: 'prefetchAbort', fault: (a) => not(inRam(a)) },
        read: { trap: 'dataAbortRead', fault: (a) => not(inRam(a)) },
        write: { trap: 'dataAbortWrite', fault: (a) => not(any(inRam(a), inConsole(a))) },
        physical: (a) => ite(inRam(a), a, add(a, ramBytes - consoleBase)),
      };
    },
    timing: [],
  },
  traps: {
    codeWidth: 8,
    valueWidth: 32,
    kinds: {
      undefined: { class: 'illegal-instruction', code: EXC.undefined, doc: 'Undefined Instruction exception (B1.9.6): an encoding with no instruction, UDF, or an UNPREDICTABLE case' },
      privileged: { class: 'privileged-instruction', code: EXC.undefined, doc: 'Undefined Instruction exception raised by the mode: CP15 access from PL0, an SPSR access or exception return where the mode has none' },
      svc: { class: 'supervisor-call', code: EXC.svc, doc: 'Supervisor Call exception (B1.9.7); value: the SVC immediate' },
      bkpt: { class: 'supervisor-call', code: 5, doc: 'BKPT: a Prefetch Abort (debug event, IFSR 0b00010) with invasive debug disabled (C3.4)' },
      prefetchAbort: { class: 'memory', code: EXC.prefetchAbort, doc: 'Prefetch Abort (B1.9.8): a fetch where no memory answers; value: the address' },
      dataAbortRead: { class: 'memory', code: EXC.dataAbort, doc: 'Data Abort (B1.9.9) on a read; value: the address' },
      dataAbortWrite: { class: 'memory', code: 6, doc: 'Data Abort on a write (DFSR.WnR = 1); value: the address' },
      alignmentRead: { class: 'exception', code: 7, doc: 'Data Abort, alignment fault (A3.2.1), on a read; value: the address' },
      alignmentWrite: { class: 'exception', code: 8, doc: 'Data Abort, alignment fault, on a write; value: the address' },
    },
    sequence: ($, s) => exceptionEntry($, s as unknown as StateSource),
  },
  operands: {
    rd: { kind: 'register', file: 'r' },
    rn: { kind: 'register', file: 'r' },
    rm: { kind: 'register', file: 'r' },
    rt: { kind: 'register', file: 'r' },
    rs: { kind: 'register', file: 'r' },
    imm: { kind: 'immediate', signed: false },
    imm5: { kind: 'immediate', signed: false },
    off: { kind: 'target', relative: true, signed: true },
    list: { kind: 'immediate', signed: false },
    shift: { kind: 'enum', names: { lsl: 0, lsr: 1, asr: 2, ror: 3 } },
    // P:U of LDM/STM/SRS/RFE (A8.8.58-A8.8.61): decrement after, increment after, before...
    amode: { kind: 'enum', names: { da: 0, ia: 1, db: 2, ib: 3 } },
    mode: { kind: 'enum', names: { usr: MODE.usr, fiq: MODE.fiq, irq: MODE.irq, svc: MODE.svc, abt: MODE.abt, und: MODE.und, sys: MODE.sys } },
  },
});

export type ArmBuilder = typeof armBuilder;
/** The recorder type instruction helpers take (`$`), with armv7a's trap names. */
export type ArmSemantics = Parameters<Parameters<ArmBuilder['insn']>[1]['semantics']>[1];

/** The builder's state, as the shared helpers of banking.ts read it. */
export const st = armBuilder as unknown as StateSource;

/** The current mode. */
export const mode = armBuilder.reg('CPSR.M') as unknown as Bits<5>;
export const isUser = eq(mode, MODE.usr);
export const isUserOrSystem = or(eq(mode, MODE.usr), eq(mode, MODE.sys));
export const zero32 = c(32, 0);
export { zext };
