/**
 * mips — the state, exceptions and address map of a MIPS R3000 (MIPS I with the R3000's system
 * control coprocessor CP0), following Kane & Heinrich, *MIPS RISC Architecture*, Prentice Hall
 * 1992 ("K&H"), and the IDT R30xx Family Software Reference Manual ("IDT SRM").
 *
 * Configuration: **little-endian**. The R3000 is bi-endian, the byte order chosen by a pin at
 * reset (K&H "Byte ordering"); this model is the little-endian machine. The R3000A's Status.RE
 * (reverse endianness in user mode) is not modelled: this is the R3000, and RE reads as zero.
 *
 * Privilege: two modes, kernel and user, chosen by Status.KUc (0 kernel, 1 user), which is the
 * mode register of the theorems: kernel is their supervisor, user their user. Status keeps a
 * three-deep stack of (KU, IE) pairs — current, previous, old — that every exception pushes and
 * RFE pops (K&H "Exception Processing"; IDT SRM "Exception Management").
 *
 * The address map (K&H "Memory Management System"), as the `described` map below:
 *   kuseg 0x00000000-0x7fffffff  mapped through the TLB, user and kernel
 *   kseg0 0x80000000-0x9fffffff  unmapped, cached:   physical = va - 0x80000000, kernel only
 *   kseg1 0xa0000000-0xbfffffff  unmapped, uncached: physical = va - 0xa0000000, kernel only
 *   kseg2 0xc0000000-0xffffffff  mapped through the TLB, kernel only
 * A user-mode access above 0x7fffffff is an address error (AdEL/AdES) with BadVAddr. A mapped
 * access that no entry matches is a TLB refill exception (TLBL/TLBS) — to the UTLB vector when
 * the address is in kuseg, the general vector otherwise; a match whose V is clear is TLBL/TLBS
 * too; a store through a match whose D is clear is the TLB Mod exception.
 *
 * The platform (physical addresses; storage cells are bytes):
 *   0x00000000  RAM, `ramBytes` long (cells 0 …)
 *   0x1f000000  console: a write-only byte; each byte stored is printed (the cell after the PROM)
 *   0x1fc00000  boot PROM, `promBytes` long, read and fetch only (cells after RAM); the reset
 *               vector 0xbfc00000 (kseg1) is its first word
 *   elsewhere   nothing: an access is a bus error (IBE on a fetch, DBE on data), so that the
 *               map never leaves storage.
 *
 * What is modelled faithfully: every CPU instruction of MIPS I (no coprocessor 1-3 is fitted),
 * the branch delay slot (a next-PC register `nPC` and the delay flag `inDelay`, so that EPC and
 * Cause.BD are the manual's), every CP0 register and instruction, the exception vectors with BEV,
 * the KU/IE stack, CU0 (user-mode CP0 use takes Coprocessor Unusable unless Status.CU0 = 1), the
 * TLB with its three exceptions, software interrupts (Cause.IP1:0 with Status.IM1:0 and IEc).
 *
 * What is abstracted, and why it does not bear on the virtualization question:
 * - Load delay slots are interlocked (MIPS II behaviour): a load's value, and MFC0's, is seen by
 *   the next instruction. MIPS I leaves the delay slot's view undefined; no correct program
 *   depends on it.
 * - HI/LO hazards (a MULT/DIV within two instructions of MFHI/MFLO) are not modelled: the
 *   result is always the completed one. DIV by zero gives SMT-LIB's bvsdiv/bvsrem values (the
 *   manual: undefined, no exception).
 * - Caches are not modelled: Status.IsC, SwC, PZ, PE are stored and read back but isolate or swap
 *   nothing; CM and TS read as zero. A monitor keeps the real IsC clear, as any kernel does
 *   outside cache maintenance.
 * - The TLB has `tlbEntries` entries: 64, the R3000's, for running programs; the checked
 *   description `mips` has 64 too, and `tlbEntries` exists so that a smaller TLB can be checked
 *   or run (see index.ts and the README for the measurement). Two entries matching one address
 *   (the R3000 sets TS and shuts the TLB down): here the lowest-numbered one translates.
 * - Random decrements once per instruction from tlbEntries − 1 down to tlbEntries / 8 (63 to 8
 *   on the R3000) and wraps: it is derived from `randomClock`, a timing resource that counts
 *   steps (Random = top − clock mod period). Writes to Random are ignored (it is read-only).
 * - A JR or JALR to an address off a word boundary takes its address error (AdEL, BadVAddr = the
 *   target) at the jump, not at the target's fetch after the delay slot as the R3000 does (EPC is
 *   then the jump's, and the delay slot does not run): the language checks an access through the
 *   map cell by cell, so a fetch cannot see its own alignment. No other path misaligns the PC.
 * - Hardware interrupts (Cause.IP7:2) have no sources on this platform and read as zero; the
 *   external CpCond0 input (BC0T/BC0F) is a read-only register at 0.
 * - LWC0/SWC0 are not implemented on the R3000 (no CP0 general registers to load): they, and
 *   every other unused opcode, take the Reserved Instruction exception.
 * - Halting: the R3000 has no halt instruction; a board powers off through a device register,
 *   which would be control state mapped into storage (not yet in the language). `HALT` (cp0.ts)
 *   stands for it on a COP0 function code the R3000 leaves reserved, gated like every CP0
 *   instruction.
 */
import { add, all, any, and, bit, concat, eq, extract, ite, letIn, ne, not, or, shl, sub, trapCode, trapValue, uge, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { isaBuilder, type RegisterInput } from '../../builder/isa-builder.js';
import { HI, hit, lookup, physicalOf, tlbHi, tlbLo, valid, dirty, type Reg32 } from './tlb.js';

export const KERNEL = 0;
export const USER = 1;

/** The platform's physical map. */
export const PROM_BASE = 0x1fc0_0000;
export const CONSOLE_BASE = 0x1f00_0000;
export const RESET_VECTOR = 0xbfc0_0000;

export interface MipsPlatform {
  /** TLB entries: a power of two from 8 to 64 (64 on the R3000). */
  tlbEntries: number;
  /** RAM bytes from physical 0, a multiple of 4 KiB. */
  ramBytes: number;
  /** Boot PROM bytes at 0x1fc00000, a multiple of 4 KiB. */
  promBytes: number;
}

export const r3000: MipsPlatform = { tlbEntries: 64, ramBytes: 0x10_0000, promBytes: 0x1_0000 };

/** Status register fields (K&H "Status register"; IDT SRM "Status Register"). */
export const STATUS = {
  IEc: 0,
  KUc: 1,
  IEp: 2,
  KUp: 3,
  IEo: 4,
  KUo: 5,
  BEV: 22,
  CU0: 28,
} as const;

/** Exception codes, Cause.ExcCode (K&H table "Cause register ExcCode field"). */
export const EXC = { Int: 0, Mod: 1, TLBL: 2, TLBS: 3, AdEL: 4, AdES: 5, IBE: 6, DBE: 7, Sys: 8, Bp: 9, RI: 10, CpU: 11, Ov: 12 } as const;
/**
 * Bit 5 of a trap's code (above the 5-bit ExcCode) marks a TLB refill of a kuseg address: the
 * same ExcCode as any TLBL/TLBS, but the UTLB vector. The trap sequence writes only bits 4:0
 * to Cause.ExcCode.
 */
export const UTLB = 0x20;

const abi = ['zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 'fp', 'ra'];

const cp0 = (doc: string, extra: Partial<RegisterInput> = {}): RegisterInput => ({ width: 32, kind: 'system', doc, ...extra });

/** log2 of a power of two. */
export const log2 = (n: number) => Math.round(Math.log2(n));

/** Random's range: it counts down from `top` to `wired` and wraps (63 and 8 on the R3000). */
export function randomRange(p: MipsPlatform): { top: number; wired: number; period: number } {
  const top = p.tlbEntries - 1;
  const wired = p.tlbEntries / 8;
  return { top, wired, period: top - wired + 1 };
}

/** Why `p` is not a platform this model can be, or undefined. */
export function badPlatform(p: MipsPlatform): string | undefined {
  if (![8, 16, 32, 64].includes(p.tlbEntries)) return `the TLB has 8, 16, 32 or 64 entries, not ${p.tlbEntries}`;
  for (const [what, n] of [['RAM', p.ramBytes], ['boot PROM', p.promBytes]] as const)
    if (!Number.isSafeInteger(n) || n <= 0 || n % 4096 !== 0) return `the ${what} size must be a positive multiple of 4 KiB, not ${n}`;
  if (p.ramBytes > CONSOLE_BASE) return `the RAM (${p.ramBytes} bytes) would reach the console at 0x${CONSOLE_BASE.toString(16)}`;
  if (p.promBytes > 0x20_0000_00 - PROM_BASE) return `the boot PROM (${p.promBytes} bytes) does not fit below 0x20000000`;
  return undefined;
}

/** Builds the state, exceptions and map of an R3000 platform; instructions are added by cpu.ts and cp0.ts. */
export function mipsBuilder(p: MipsPlatform) {
  const why = badPlatform(p);
  if (why) throw new RangeError(why);
  const ram = p.ramBytes;
  const prom = p.promBytes;
  const consoleCell = ram + prom;
  const tlbRegisters: Record<string, RegisterInput> = {};
  for (let i = 0; i < p.tlbEntries; i++) {
    tlbRegisters[tlbHi(i)] = cp0(`TLB entry ${i}, high half: VPN (31:12) and ASID (11:6), as EntryHi`);
    tlbRegisters[tlbLo(i)] = cp0(`TLB entry ${i}, low half: PFN (31:12), N, D, V, G (11:8), as EntryLo`);
  }

  return isaBuilder({
    state: {
      registers: {
        PC: { width: 32, kind: 'user', reset: RESET_VECTOR, doc: 'program counter: the address of the instruction about to run' },
        nPC: { width: 32, kind: 'user', reset: RESET_VECTOR + 4, doc: 'the address of the next instruction: PC + 4, or a taken branch’s target while PC is its delay slot' },
        inDelay: { width: 1, kind: 'user', doc: 'the instruction at PC is in a branch delay slot (what Cause.BD records)' },
        HI: { width: 32, kind: 'user', doc: 'multiply/divide result, high word or remainder' },
        LO: { width: 32, kind: 'user', doc: 'multiply/divide result, low word or quotient' },
        // CP0 (K&H "System Control Coprocessor"; IDT SRM "CPU Control Registers").
        Index: cp0('CP0 0: P (31), set when TLBP finds no match; Index (13:8), the entry TLBR and TLBWI use'),
        randomClock: cp0('counts steps; CP0 1, Random, is derived from it (see the header)'),
        EntryLo: cp0('CP0 2: PFN (31:12), N, D, V, G (11:8)'),
        Context: cp0('CP0 4: PTEBase (31:21), written by software; BadVPN (20:2), the failing VPN of a TLB exception'),
        BadVAddr: cp0('CP0 8: the failing virtual address of an address error or TLB exception (read-only)'),
        EntryHi: cp0('CP0 10: VPN (31:12) and ASID (11:6); the ASID of every translation'),
        Status: {
          width: 32,
          kind: 'system',
          reset: 1 << STATUS.BEV,
          // A monitor keeps CU0 clear while its guest runs: then every CP0 instruction traps in user mode.
          configurable: 1 << STATUS.CU0,
          doc: 'CP0 12: the status register',
          fields: {
            IEc: { bits: 0, doc: 'interrupts enabled, current' },
            KUc: { bits: 1, doc: 'mode, current: 0 kernel, 1 user' },
            IEp: { bits: 2, doc: 'interrupts enabled, previous' },
            KUp: { bits: 3, doc: 'mode, previous' },
            IEo: { bits: 4, doc: 'interrupts enabled, old' },
            KUo: { bits: 5, doc: 'mode, old' },
            IM: { bits: [15, 8], doc: 'interrupt mask, one bit per Cause.IP bit' },
            IsC: { bits: 16, doc: 'isolate cache (caches not modelled: no effect)' },
            SwC: { bits: 17, doc: 'swap caches (no effect)' },
            PZ: { bits: 18, doc: 'parity zero (no effect)' },
            CM: { bits: 19, readOnly: true, doc: 'cache miss of an isolated load (reads 0)' },
            PE: { bits: 20, doc: 'parity error (never set)' },
            TS: { bits: 21, readOnly: true, doc: 'TLB shutdown (never set: see tlb.ts)' },
            BEV: { bits: 22, doc: 'bootstrap exception vectors: 1 uses the PROM vectors at 0xbfc00100' },
            CU0: { bits: 28, doc: 'coprocessor 0 usable in user mode' },
            CU1: { bits: 29, doc: 'coprocessor 1 usable (none fitted)' },
            CU2: { bits: 30, doc: 'coprocessor 2 usable (none fitted)' },
            CU3: { bits: 31, doc: 'coprocessor 3 usable (none fitted)' },
          },
        },
        Cause: {
          width: 32,
          kind: 'system',
          doc: 'CP0 13: the cause of the last exception',
          fields: {
            ExcCode: { bits: [6, 2], doc: 'exception code' },
            IPsw: { bits: [9, 8], doc: 'software interrupts pending (IP1:0), writable' },
            IPhw: { bits: [15, 10], readOnly: true, doc: 'hardware interrupts pending (IP7:2): no sources here, read 0' },
            CE: { bits: [29, 28], doc: 'the coprocessor of a Coprocessor Unusable exception' },
            BD: { bits: 31, doc: 'the exception was taken in a branch delay slot: EPC is the branch' },
          },
        },
        EPC: cp0('CP0 14: where to restart after an exception (the branch, when BD is set; read-only)'),
        PRId: cp0('CP0 15: implementation 2 (R3000), revision 0x20', { readOnly: true, reset: 0x0220 }),
        CpCond0: { width: 1, kind: 'system', readOnly: true, doc: 'the CpCond0 input that BC0T/BC0F test: not driven on this platform' },
        ...tlbRegisters,
      },
      files: {
        r: { count: 32, width: 32, kind: 'user', prefix: 'r', aliases: Object.fromEntries(abi.map((n, i) => [n, i])), hardwired: [{ index: 0, value: 0 }], doc: 'general registers; r0 reads 0 (K&H "CPU registers")' },
      },
      pc: 'PC',
      mode: { register: 'Status.KUc', levels: { kernel: { value: KERNEL, supervisor: true }, user: { value: USER, supervisor: false } } },
      storage: {
        cellBits: 8,
        addressBits: 32,
        cells: ram + prom + 1,
        devices: [{ name: 'console', kind: 'console' as const, cell: consoleCell, doc: 'a byte stored at physical 0x1f000000 (kseg1 0xbf000000) is printed' }],
      },
      addressMap: ({ reg }) => {
        const r = reg as unknown as Reg32;
        const user = eq(reg('Status.KUc'), USER);
        const kernelOnly = (va: Bits<number>) => bit(va, 31);
        const mapped = (va: Bits<number>): Bool => any(not(bit(va, 31)), eq(extract(va, 31, 30), 3));
        // Only a mapped address looks in the TLB (the emulator evaluates only the taken branch).
        const tlb = (va: Bits<number>, use: (sel: Bits<32>) => Bool): Bool => ite(mapped(va), letIn('tlb', lookup(r, p.tlbEntries, va as Bits<32>), use), c(1, 0));
        const addressError = (va: Bits<number>) => all(user, kernelOnly(va));
        const refill = (va: Bits<number>, kuseg: boolean) => tlb(va, (sel) => all(not(hit(sel)), kuseg ? not(bit(va, 31)) : bit(va, 31)));
        const invalid = (va: Bits<number>) => tlb(va, (sel) => all(hit(sel), not(valid(sel))));
        const clean = (va: Bits<number>) => tlb(va, (sel) => all(hit(sel), valid(sel), not(dirty(sel))));
        const physical = (va: Bits<number>): Bits<32> =>
          ite(mapped(va), letIn('tlb', lookup(r, p.tlbEntries, va as Bits<32>), (sel) => physicalOf(sel, va as Bits<32>)), and(va as Bits<32>, 0x1fff_ffff));
        const inRam = (pa: Bits<32>) => ult(pa, ram);
        const inProm = (pa: Bits<32>) => all(uge(pa, PROM_BASE), ult(pa, PROM_BASE + prom));
        const isConsole = (pa: Bits<32>) => eq(pa, CONSOLE_BASE);
        const absent = (va: Bits<number>, present: (pa: Bits<32>) => Bool) => letIn('pa', physical(va), (pa) => not(present(pa)));
        return {
          fetch: [
            // A fetch off a word boundary is taken at the JR/JALR that jumps there (cpu.ts): the
            // map checks an access cell by cell and cannot see the alignment of a whole fetch.
            { trap: 'addressLoad', fault: addressError },
            { trap: 'utlbLoad', fault: (va) => refill(va, true) },
            { trap: 'tlbLoad', fault: (va) => any(refill(va, false), invalid(va)) },
            { trap: 'busFetch', fault: (va) => absent(va, (pa) => any(inRam(pa), inProm(pa))) },
          ],
          read: [
            { trap: 'addressLoad', fault: addressError },
            { trap: 'utlbLoad', fault: (va) => refill(va, true) },
            { trap: 'tlbLoad', fault: (va) => any(refill(va, false), invalid(va)) },
            { trap: 'busData', fault: (va) => absent(va, (pa) => any(inRam(pa), inProm(pa))) },
          ],
          write: [
            { trap: 'addressStore', fault: addressError },
            { trap: 'utlbStore', fault: (va) => refill(va, true) },
            { trap: 'tlbStore', fault: (va) => any(refill(va, false), invalid(va)) },
            { trap: 'tlbMod', fault: clean },
            { trap: 'busData', fault: (va) => absent(va, (pa) => any(inRam(pa), isConsole(pa))) },
          ],
          physical: (va) =>
            letIn('pa', physical(va), (pa) => ite(inRam(pa), pa, ite(inProm(pa), add(pa, ram - PROM_BASE), c(32, consoleCell)))),
        };
      },
      timing: ['randomClock'],
      // The monitor's configuration (DESIGN.md §2 rule 3): with CU0 clear, user-mode CP0 use traps.
      configuration: [{ register: 'Status', mask: 1 << STATUS.CU0, value: 0, doc: 'CU0 = 0: every CP0 instruction traps in user mode (K&H "Status register")' }],
    },
    traps: {
      codeWidth: 32,
      valueWidth: 32,
      kinds: {
        interrupt: { class: 'interrupt', code: EXC.Int, doc: 'Int: a software interrupt pending, unmasked, with IEc set' },
        tlbMod: { class: 'memory', code: EXC.Mod, doc: 'Mod: a store through a valid TLB entry whose D is clear; value: the address' },
        tlbLoad: { class: 'memory', code: EXC.TLBL, doc: 'TLBL: a load or fetch through an invalid entry, or a kseg2 miss (general vector); value: the address' },
        tlbStore: { class: 'memory', code: EXC.TLBS, doc: 'TLBS: a store through an invalid entry, or a kseg2 miss (general vector); value: the address' },
        utlbLoad: { class: 'memory', code: UTLB | EXC.TLBL, doc: 'TLBL, a refill: no entry matches a kuseg load or fetch (UTLB vector); value: the address' },
        utlbStore: { class: 'memory', code: UTLB | EXC.TLBS, doc: 'TLBS, a refill: no entry matches a kuseg store (UTLB vector); value: the address' },
        addressLoad: { class: 'memory', code: EXC.AdEL, doc: 'AdEL: a user-mode load or fetch above 0x7fffffff; value: the address' },
        addressStore: { class: 'memory', code: EXC.AdES, doc: 'AdES: a user-mode store above 0x7fffffff; value: the address' },
        misalignedLoad: { class: 'exception', code: EXC.AdEL, doc: 'AdEL: a load off its size’s boundary, or a JR/JALR to an address off a word boundary; value: the address' },
        misalignedStore: { class: 'exception', code: EXC.AdES, doc: 'AdES: a store off its size’s boundary; value: the address' },
        busFetch: { class: 'memory', code: EXC.IBE, doc: 'IBE: an instruction fetch from a physical address with nothing there' },
        busData: { class: 'memory', code: EXC.DBE, doc: 'DBE: a load or store to a physical address with nothing there' },
        syscall: { class: 'supervisor-call', code: EXC.Sys, doc: 'Sys: SYSCALL' },
        breakpoint: { class: 'supervisor-call', code: EXC.Bp, doc: 'Bp: BREAK' },
        reserved: { class: 'illegal-instruction', code: EXC.RI, doc: 'RI: an opcode the R3000 does not implement' },
        cpu0: { class: 'privileged-instruction', code: EXC.CpU, doc: 'CpU, CE = 0: a CP0 instruction in user mode with CU0 clear' },
        cpUnusable: { class: 'exception', code: EXC.CpU, doc: 'CpU: an instruction of coprocessor 1-3 with its CU bit clear, in either mode; value: the coprocessor (Cause.CE). An ordinary exception (an OS uses it to lend the FPU lazily), excluded as P&G exclude such traps' },
        overflow: { class: 'exception', code: EXC.Ov, doc: 'Ov: ADD, ADDI or SUB overflowed' },
      },
      // K&H "Exception Processing": software interrupts IP1:0 under IM1:0 and IEc (IP7:2 have no sources here).
      interrupts: ({ reg }) => [
        {
          trap: 'interrupt',
          when: all(eq(reg('Status.IEc'), 1), ne(and(concat(reg('Cause.IPhw'), reg('Cause.IPsw')) as Bits<8>, reg('Status.IM') as Bits<8>), 0)),
        },
      ],
      // K&H "Exception Processing"; IDT SRM "Exception Management": EPC and Cause.BD, BadVAddr,
      // Context and EntryHi for TLB exceptions, the KU/IE stack pushed, the vector by BEV.
      sequence: ($, { reg }) => {
        const code = trapCode(32);
        const exc = $.let('exc', extract(code, 4, 0));
        const value = trapValue(32);
        const delay = reg('inDelay');
        const pc = reg('PC');
        const isAny = (...codes: number[]) => any(...codes.map((k) => eq(exc, k)));
        const vector = $.let('vector', add(ite(eq(reg('Status.BEV'), 1), c(32, 0xbfc0_0100), c(32, 0x8000_0000)), ite(bit(code, 5), c(32, 0), c(32, 0x80))));
        $.set(reg('EPC'), ite(eq(delay, 1), sub(pc, 4), pc));
        $.set(reg('Cause.BD'), delay);
        $.set(reg('Cause.ExcCode'), exc);
        $.if(eq(exc, EXC.CpU), () => $.set(reg('Cause.CE'), extract(value, 1, 0)));
        $.if(isAny(EXC.Mod, EXC.TLBL, EXC.TLBS, EXC.AdEL, EXC.AdES), () => $.set(reg('BadVAddr'), value));
        $.if(isAny(EXC.Mod, EXC.TLBL, EXC.TLBS), () => {
          $.set(reg('Context'), or(and(reg('Context') as Bits<32>, 0xffe0_0000), shl(zext(extract(value, 31, 12), 32), 2)));
          $.set(reg('EntryHi'), or(and(value, HI.VPN), and(reg('EntryHi') as Bits<32>, HI.ASID)));
        });
        // The KU/IE stack: old := previous, previous := current, current := kernel, disabled.
        $.set(reg('Status.KUo'), reg('Status.KUp'));
        $.set(reg('Status.IEo'), reg('Status.IEp'));
        $.set(reg('Status.KUp'), reg('Status.KUc'));
        $.set(reg('Status.IEp'), reg('Status.IEc'));
        $.set(reg('Status.KUc'), KERNEL);
        $.set(reg('Status.IEc'), 0);
        $.set(pc, vector);
        $.set(reg('nPC'), add(vector, 4));
        $.set(delay, 0);
      },
    },
    operands: {
      rs: { kind: 'register', file: 'r' },
      rt: { kind: 'register', file: 'r' },
      rd: { kind: 'register', file: 'r' },
      base: { kind: 'register', file: 'r' },
      imm: { kind: 'immediate', signed: true },
      uimm: { kind: 'immediate', signed: false },
      off: { kind: 'immediate', signed: true },
      sa: { kind: 'immediate', signed: false },
      code: { kind: 'immediate', signed: false },
      target: { kind: 'target', relative: false, signed: false },
      cofun: { kind: 'immediate', signed: false },
    },
  });
}

export type MipsBuilder = ReturnType<typeof mipsBuilder>;
