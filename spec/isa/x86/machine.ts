/**
 * x86 — the state, exceptions and address map of an Intel x86 processor in 32-bit protected mode
 * as on the Pentium (before VT-x), following the Intel 64 and IA-32 Architectures Software
 * Developer's Manual ("SDM"): volume 3A for the system architecture (chapters 2-7) and volume 2
 * for the instructions.
 *
 * STATE (SDM vol. 3A 2.1-2.5; vol. 1 3.4)
 *   EAX..EDI   the general registers, file R (user state); R4 = ESP is the stack pointer.
 *   EIP        the instruction pointer: an offset in the code segment (user state).
 *   EFLAGS     a register with fields. CF ZF SF OF DF TF are user state (the status flags, the
 *              direction flag, and the single-step flag any program may set with POPF); IF, IOPL
 *              and NT are system state (SDM 3A 2.3, "System Flags and IOPL Field"). PF and AF are
 *              not modelled (read 0); bit 1 reads 1 (reset value; no instruction writes it); RF,
 *              VM, AC, VIF, VIP, ID are not modelled (read 0): there is no virtual-8086 mode.
 *   CS SS DS ES  the segment selectors (16 bits, system state) with their hidden descriptor
 *              caches: <S>_base, <S>_limit (the byte limit, granularity already applied) and, for
 *              SS DS ES, <S>_ar (the descriptor's access-rights byte: P DPL S TYPE). CS has fields:
 *              RPL (bits 1:0) is the CPL — the mode register — so that the CPL and CS's RPL are one
 *              piece of state and cannot disagree (SDM 3A 5.5: "the CPL is ... the RPL of CS").
 *              FS and GS are not modelled (no instruction here names them).
 *   GDTR IDTR  base (32) and limit (16) of the descriptor tables; LDTR and TR: selector + base and
 *              limit caches.
 *   CR0        PE (always 1: the model is protected mode only), MP EM TS NE WP AM NW CD, ET (1),
 *              PG (always 0: paging is not modelled, linear = physical). The machine status word
 *              is bits 15:0. CR2, CR3: kept, read and written by MOV CRn; nothing uses them.
 *   CR4        TSD (Pentium, SDM 3A 2.5), and in the `umip` model UMIP (bit 11, later processors).
 *   TSC        the time-stamp counter, 64 bits as TSC_lo and TSC_hi (a timing resource).
 *
 * PRIVILEGE AND THE THEOREMS: CPL 0 is the supervisor; CPL 1, 2 and 3 count as user. Every
 * privileged instruction of the x86 (SDM 3A 5.9) faults unless CPL = 0, so rings 1 and 2 hold no
 * privilege ring 3 lacks except what descriptor DPLs and IOPL grant them — exactly as P&G's user
 * mode has none but what the relocation register grants. A monitor keeps ring 0 for itself and
 * runs guest kernels de-privileged ("ring compression": Xen ran them at ring 1, Barham et al.,
 * SOSP 2003 §2.1; VMware's binary translator de-privileged them too, Adams & Agesen, ASPLOS 2006
 * §3). Ring 3 is declared first of the user levels so that the monitor's real level is 3.
 *
 * THE ADDRESS MAP (SDM 3A 3.1-3.4, 5.3): a logical address is a segment register and an offset;
 * linear = the segment's base + offset, with the limit and type checked; with CR0.PG = 0 linear
 * addresses are physical. The description language chooses a map per access kind (fetch, read,
 * write), and x86 data accesses choose among three segments (DS by default, SS for the stack and
 * for [ESP]/[EBP] bases, ES), so the model carries the logical address in one 32-bit virtual
 * address: bits 31:30 name the segment register (0 ES, 1 CS, 2 SS, 3 DS) and bits 29:0 are the
 * offset. Offsets of 1 GiB and more are refused before the access (#GP(0)/#SS(0): an abstraction,
 * the model's machine has 64 KiB). Instruction fetch uses CS with EIP as the whole offset. An
 * access beyond the segment limit (any of its bytes, SDM 3A 5.3) takes #SS(0) through SS and
 * #GP(0) otherwise; a write through a code or read-only data segment, any access through a null
 * (not present) data segment, #GP(0). Expand-down segments are not modelled (every data segment
 * is expand-up). Physical addresses beyond the 64 KiB of RAM fault too (#GP(0) here; a PC would
 * read open bus).
 *
 * DESCRIPTORS live in storage: segment-register loads, far transfers, IRET, the gates and the
 * descriptor-checking instructions read the 8-byte descriptor at table base + index × 8 (GDT, or
 * the LDT when TI = 1) with physical loads, after the table-limit check. A descriptor beyond the
 * 64 KiB of RAM reads as zero (not present). Loads do not set the descriptor's accessed bit.
 *
 * EXCEPTIONS (SDM 3A 6.12, "Exception and Interrupt Handling"): every trap goes through the IDT.
 * A trap kind's code holds the vector in bits 7:0; bit 8 marks a software interrupt (INT n,
 * INT3: its value holds the vector in bits 7:0 and the instruction's length in bits 11:8), bit 9
 * an address-map fault (error code 0; its value is the address). The sequence reads the gate
 * (interrupt gate 0xE or trap gate 0xF) and the target code segment's descriptor; when the target
 * DPL is below the CPL it switches to the stack SSn:ESPn from the TSS (TR) and pushes SS and ESP
 * first; then EFLAGS, CS, EIP (the faulting instruction's, or the next one's for INT n) and, for
 * #NP, #SS and #GP, the error code; it clears TF and NT, and IF through an interrupt gate.
 * Simplified: the sequence cannot fault (a missing gate, a bad target descriptor or a TSS stack
 * outside RAM would be a double fault and, nested, a shutdown): it uses what it finds, its
 * physical addresses wrapped into RAM. Not modelled: task gates and task switches, interrupts
 * from devices (IF is kept, read and written; no interrupt is delivered), single-step and
 * debug exceptions, #PF (no paging), #DF, conforming-code targets of a gate.
 *
 * TRAP CLASSES (what the theorems exclude, DESIGN.md §1, and how a monitor treats a trap its
 * guest takes directly: a privileged-instruction trap is re-derived on the virtual machine, any
 * other is reflected as it is). #GP and #NP are each two trap kinds here, by what decides them.
 * `GP` and `NP` — a privilege check (CPL > 0 for a privileged instruction, CPL > IOPL, a DPL or
 * RPL against the CPL, UMIP, TSD) or a check of a descriptor found through GDTR, LDTR or IDTR at
 * any CPL (a segment load, a far transfer, a gate) — are of the privileged-instruction class: a
 * monitor's real descriptor tables are not its guest's, so only the virtual machine can say
 * whether the guest's own descriptor faults. `GPoperand` and `NPoperand` — decided by the operand
 * alone (a null selector, CR0.NW without CD) or reachable only behind a CPL 0 check (LLDT's and
 * LTR's descriptor checks) — are ordinary exceptions, excluded as the VAX model excludes its
 * reserved-operand fault: an instruction is not less privileged because a supervisor can also
 * hand it a bad operand. `GPfault` and `SSfault`, a segment-limit or type violation of an access
 * (and a far transfer's offset beyond the new CS limit), are the memory trap. #SS(selector) on a
 * not-present stack segment (`SSsel`) is of the privileged-instruction class, like `NP`.
 *
 * PLATFORM: 64 KiB of RAM at physical 0; the I/O space of ports 0x00-0xFF as 256 storage cells
 * after RAM (IN and OUT reach them; no memory access does); the console is port 0xE9 (the Bochs
 * and QEMU "debug console" port). Reset (abstracted: the model starts in protected mode, as a boot
 * loader leaves it): EIP 0x1000, CPL 0, CS 0x08 and SS DS ES 0x10 with flat 4-GiB caches, GDTR and
 * IDTR base 0 and limit 0xFFFF, CR0 0x11 (PE, ET), EFLAGS 0x2.
 *
 * ENCODINGS: see the headers of integer.ts and system.ts (real opcode bytes; one ModRM form per
 * entry).
 */
import { add, all, and, any, bit, concat, eq, extract, ite, load, or, sub, trapCode, trapValue, ugt, ule, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';

/** Bytes of RAM, from physical address 0. */
export const ramBytes = 0x1_0000;
/** The I/O space: port p is the storage cell ioBase + p (IN and OUT reach it; memory does not). */
export const ioBase = ramBytes;
export const ioPorts = 0x100;
/** The console port (Bochs/QEMU debug console, port E9h): a byte OUT there is printed. */
export const consolePort = 0xe9;

/** Segment registers, by the number the model's logical addresses and the ModRM sreg field use. */
export const SEG = { ES: 0, CS: 1, SS: 2, DS: 3 } as const;
export type SegName = keyof typeof SEG;

/** Exception vectors (SDM 3A table 6-1). */
export const VECTOR = { UD: 6, NP: 11, SS: 12, GP: 13 } as const;
/** Bit 8 of a trap code: a software interrupt (INT n, INT3); bit 9: an address-map fault. */
export const SOFTWARE = 0x100;
export const MAP_FAULT = 0x200;

/** The model's options: whether CR4.UMIP exists (later processors; the Pentium has none), and far CALL through call gates. */
export interface X86Features {
  readonly umip: boolean;
  /**
   * Far CALL through a call gate (SDM 3A 5.8.5): to the same level, or to a more privileged one
   * with the stack switch from the TSS. Off in the bundled models, where such a call is refused
   * with an excluded #GP: with it, Z3 does not decide the checker's mode- and user-system-
   * sensitivity queries on LCALL within the default 10 s per query (the inner-level path did not
   * within 60 s either: two descriptor reads, the TSS, the new SS's descriptor and four pushes
   * through a changing SS, in each of two states), and the verdict would show undecided queries.
   */
  readonly gateCalls?: boolean;
}

const sys = (width: number, doc: string, reset?: number) => ({ width, kind: 'system', doc, ...(reset !== undefined ? { reset } : {}) }) as const;
/** A flat 4-GiB segment: base 0, limit 0xFFFFFFFF. */
const FLAT = 0xffff_ffff;
/** Access rights of a present, DPL 0, read/write, accessed data segment. */
const AR_DATA0 = 0x93;

export function x86Builder(features: X86Features) {
  return isaBuilder({
    state: {
      registers: {
        EIP: { width: 32, kind: 'user', reset: 0x1000, doc: 'instruction pointer: an offset in CS' },
        EFLAGS: {
          width: 32,
          kind: 'system',
          reset: 0x2,
          configurable: 0x3000,
          doc: 'EFLAGS (SDM 1, 3.4.3; 3A 2.3)',
          fields: {
            CF: { bits: 0, kind: 'user', doc: 'carry' },
            R1: { bits: 1, kind: 'user', readOnly: true, doc: 'reserved, reads 1' },
            ZF: { bits: 6, kind: 'user', doc: 'zero' },
            SF: { bits: 7, kind: 'user', doc: 'sign' },
            TF: { bits: 8, kind: 'user', doc: 'trap (single-step; kept, no debug exception is taken)' },
            IF: { bits: 9, doc: 'interrupt enable (kept; no interrupt source exists)' },
            DF: { bits: 10, kind: 'user', doc: 'direction (no string instruction here reads it)' },
            OF: { bits: 11, kind: 'user', doc: 'overflow' },
            IOPL: { bits: [13, 12], doc: 'I/O privilege level' },
            NT: { bits: 14, doc: 'nested task (IRET with NT = 1 would switch tasks: #GP(0) here)' },
          },
        },
        CS: {
          width: 16,
          kind: 'system',
          reset: 0x08,
          doc: 'code segment selector; its RPL is the CPL',
          fields: {
            RPL: { bits: [1, 0], doc: 'the current privilege level (CPL)' },
            TI: { bits: 2, doc: 'table indicator (0 GDT, 1 LDT)' },
            INDEX: { bits: [15, 3], doc: 'descriptor index' },
          },
        },
        CS_base: sys(32, 'CS descriptor cache: base', 0),
        CS_limit: sys(32, 'CS descriptor cache: byte limit', FLAT),
        SS: sys(16, 'stack segment selector', 0x10),
        SS_base: sys(32, 'SS cache: base', 0),
        SS_limit: sys(32, 'SS cache: byte limit', FLAT),
        SS_ar: sys(8, 'SS cache: access rights (P DPL S TYPE)', AR_DATA0),
        DS: sys(16, 'data segment selector', 0x10),
        DS_base: sys(32, 'DS cache: base', 0),
        DS_limit: sys(32, 'DS cache: byte limit', FLAT),
        DS_ar: sys(8, 'DS cache: access rights', AR_DATA0),
        ES: sys(16, 'extra segment selector', 0x10),
        ES_base: sys(32, 'ES cache: base', 0),
        ES_limit: sys(32, 'ES cache: byte limit', FLAT),
        ES_ar: sys(8, 'ES cache: access rights', AR_DATA0),
        GDTR_base: sys(32, 'global descriptor table base (linear)', 0),
        GDTR_limit: sys(16, 'global descriptor table limit', 0xffff),
        IDTR_base: sys(32, 'interrupt descriptor table base (linear)', 0),
        IDTR_limit: sys(16, 'interrupt descriptor table limit', 0xffff),
        LDTR: sys(16, 'local descriptor table selector'),
        LDTR_base: sys(32, 'LDT cache: base'),
        LDTR_limit: sys(32, 'LDT cache: byte limit'),
        TR: sys(16, 'task register selector'),
        TR_base: sys(32, 'TSS cache: base'),
        TR_limit: sys(32, 'TSS cache: byte limit'),
        CR0: {
          width: 32,
          kind: 'system',
          reset: 0x11,
          doc: 'control register 0; bits 15:0 are the machine status word',
          fields: {
            PE: { bits: 0, readOnly: true, doc: 'protection enable: always 1 (real mode is not modelled)' },
            MP: { bits: 1, doc: 'monitor coprocessor' },
            EM: { bits: 2, doc: 'emulation' },
            TS: { bits: 3, doc: 'task switched' },
            ET: { bits: 4, readOnly: true, doc: 'extension type: 1' },
            NE: { bits: 5, doc: 'numeric error' },
            WP: { bits: 16, doc: 'write protect (no paging: no effect)' },
            AM: { bits: 18, doc: 'alignment mask (no effect)' },
            NW: { bits: 29, doc: 'not write-through (caches are not modelled)' },
            CD: { bits: 30, doc: 'cache disable (caches are not modelled)' },
            PG: { bits: 31, readOnly: true, doc: 'paging: always 0 (not modelled)' },
          },
        },
        CR2: sys(32, 'page-fault linear address (no #PF here)'),
        CR3: sys(32, 'page-directory base (no paging here)'),
        CR4: {
          width: 32,
          kind: 'system',
          configurable: features.umip ? 0x804 : 0x4,
          doc: 'control register 4',
          fields: features.umip
            ? {
                TSD: { bits: 2, doc: 'time-stamp disable: RDTSC faults at CPL > 0' },
                UMIP: { bits: 11, doc: 'user-mode instruction prevention: SGDT SIDT SLDT SMSW STR fault at CPL > 0' },
              }
            : { TSD: { bits: 2, doc: 'time-stamp disable: RDTSC faults at CPL > 0' } },
        },
        TSC_lo: sys(32, 'time-stamp counter, low half: one per step'),
        TSC_hi: sys(32, 'time-stamp counter, high half'),
      },
      files: {
        R: {
          count: 8,
          width: 32,
          kind: 'user',
          prefix: 'r',
          aliases: { eax: 0, ecx: 1, edx: 2, ebx: 3, esp: 4, ebp: 5, esi: 6, edi: 7 },
          doc: 'general registers EAX ECX EDX EBX ESP EBP ESI EDI, in ModRM order',
        },
      },
      pc: 'EIP',
      mode: {
        register: 'CS.RPL',
        levels: {
          ring0: { value: 0, supervisor: true },
          ring3: { value: 3, supervisor: false },
          ring1: { value: 1, supervisor: false },
          ring2: { value: 2, supervisor: false },
        },
      },
      storage: {
        cellBits: 8,
        addressBits: 32,
        cells: ramBytes + ioPorts,
        devices: [{ name: 'console', kind: 'console', cell: ioBase + consolePort, doc: 'port E9h: OUT 0E9h, AL prints AL' }],
      },
      addressMap: ({ reg }) => {
        const r = (name: string) => reg(name as never) as unknown as Bits<32>;
        const r8 = (name: string) => reg(name as never) as unknown as Bits<8>;
        const seg = (va: Bits<number>) => extract(va, 31, 30);
        const off = (va: Bits<number>) => zext(extract(va, 29, 0), 32);
        const pick = <W extends number>(va: Bits<number>, es: Bits<W>, cs: Bits<W>, ss: Bits<W>, ds: Bits<W>): Bits<W> =>
          ite(eq(seg(va), SEG.ES), es, ite(eq(seg(va), SEG.CS), cs, ite(eq(seg(va), SEG.SS), ss, ds)));
        const base = (va: Bits<number>) => pick(va, r('ES_base'), r('CS_base'), r('SS_base'), r('DS_base'));
        const limit = (va: Bits<number>) => pick(va, r('ES_limit'), r('CS_limit'), r('SS_limit'), r('DS_limit'));
        // CS has no access-rights cache here: it always holds a present code segment.
        const ar = (va: Bits<number>) => pick(va, r8('ES_ar'), c(8, 0x9b), r8('SS_ar'), r8('DS_ar'));
        const isSS = (va: Bits<number>) => eq(seg(va), SEG.SS);
        const linear = (va: Bits<number>) => add(base(va), off(va));
        const beyondRam = (pa: Bits<32>) => ugt(pa, ramBytes - 1);
        const data = (write: boolean) => [
          // #SS(0): through SS, beyond the limit or not present.
          { trap: 'SSfault' as const, fault: (va: Bits<number>) => all(isSS(va), any(ugt(off(va), limit(va)), eq(bit(ar(va), 7), 0))) },
          // #GP(0): beyond the limit, a null (not present) segment, the wrong type.
          {
            trap: 'GPfault' as const,
            fault: (va: Bits<number>) => {
              const a = ar(va);
              const code = bit(a, 3);
              const badType = write ? any(code, eq(bit(a, 1), 0)) : all(code, eq(bit(a, 1), 0));
              return any(ugt(off(va), limit(va)), eq(bit(a, 7), 0), badType, beyondRam(linear(va)));
            },
          },
        ];
        return {
          fetch: [
            { trap: 'GPfault', fault: (va: Bits<number>) => any(ugt(va as Bits<32>, r('CS_limit')), beyondRam(add(r('CS_base'), va as Bits<32>))) },
          ],
          read: data(false),
          write: data(true),
          physical: {
            fetch: (va: Bits<number>) => add(r('CS_base'), va as Bits<32>),
            read: linear,
            write: linear,
          },
        };
      },
      timing: ['TSC_lo', 'TSC_hi'],
      carries: [{ low: 'TSC_lo', high: 'TSC_hi' }],
    },
    traps: {
      codeWidth: 16,
      valueWidth: 32,
      // GP first of the privileged-instruction kinds: it is the trap `requireSupervisor` takes.
      kinds: {
        UD: { class: 'illegal-instruction', code: VECTOR.UD, doc: '#UD invalid opcode: an encoding this model does not decode, MOV to CS, CR1/CR5-7' },
        GP: {
          class: 'privileged-instruction',
          code: VECTOR.GP,
          doc: '#GP(error code): a privilege check failed (CPL > 0, CPL > IOPL, a DPL or RPL against the CPL), or a descriptor-table check at any CPL; value: the error code',
        },
        GPoperand: {
          class: 'exception',
          code: VECTOR.GP,
          doc: '#GP(error code) decided by the operand alone (a null selector, CR0.NW without CD) or behind a CPL 0 check (LLDT and LTR descriptors); value: the error code',
        },
        GPfault: { class: 'memory', code: VECTOR.GP | MAP_FAULT, doc: '#GP(0): an access beyond a segment limit, through a null segment, of the wrong type, or beyond RAM' },
        NP: { class: 'privileged-instruction', code: VECTOR.NP, doc: '#NP(selector): a segment or gate not present, found through a descriptor table at any CPL' },
        NPoperand: { class: 'exception', code: VECTOR.NP, doc: '#NP(selector): the LDT or TSS descriptor LLDT or LTR names is not present (ring 0 only)' },
        SSfault: { class: 'memory', code: VECTOR.SS | MAP_FAULT, doc: '#SS(0): a stack access beyond the SS limit' },
        SSsel: { class: 'privileged-instruction', code: VECTOR.SS, doc: '#SS(selector): loading a not-present stack segment' },
        INT: { class: 'supervisor-call', code: SOFTWARE, doc: 'INT n / INT3: value = vector | length << 8' },
      },
      sequence: ($, s) => exceptionSequence($ as unknown as X86Semantics, (name) => s.reg(name as never) as unknown as Loc<number>, s.file('R') as unknown as GprFile),
    },
    operands: {
      rd: { kind: 'register', file: 'R' },
      rs: { kind: 'register', file: 'R' },
      rb: { kind: 'register', file: 'R' },
      imm: { kind: 'immediate', signed: false },
      imm8: { kind: 'immediate', signed: false },
      imm16: { kind: 'immediate', signed: false },
      simm: { kind: 'immediate', signed: true },
      disp: { kind: 'immediate', signed: false },
      port: { kind: 'immediate', signed: false },
      vector: { kind: 'immediate', signed: false },
      sel: { kind: 'immediate', signed: false },
      offset: { kind: 'target', relative: false, signed: false },
    },
  });
}

export type X86Builder = ReturnType<typeof x86Builder>;
export type TrapName = 'UD' | 'NP' | 'NPoperand' | 'SSfault' | 'SSsel' | 'GP' | 'GPoperand' | 'GPfault' | 'INT';
export type X86Semantics = Semantics<TrapName>;
export type StateLoc = (name: string) => Loc<number>;
export type GprFile = (index: Bits<3>) => Loc<32>;

/** The monitor configurations the bundled models declare (DESIGN.md §2 rule 3). */
export const configurations = {
  /** Guests run with the real IOPL 0: CLI, STI, IN, OUT fault at every CPL > 0 (VMware, Xen). */
  iopl: { register: 'EFLAGS', mask: 0x3000, value: 0, doc: 'IOPL 0: the I/O-sensitive instructions fault outside ring 0' },
  tsd: { register: 'CR4', mask: 0x4, value: 0x4, doc: 'CR4.TSD = 1: RDTSC faults outside ring 0' },
  umip: { register: 'CR4', mask: 0x800, value: 0x800, doc: 'CR4.UMIP = 1: SGDT, SIDT, SLDT, SMSW, STR fault outside ring 0' },
} as const;

// ---------------------------------------------------------------------------------------------
// Descriptors (SDM 3A 3.4.5, figure 3-8)

/** A segment descriptor's two doublewords, and what the model reads from them. */
export interface Descriptor {
  lo: Bits<32>;
  hi: Bits<32>;
  /** The selector's entry lies within its table (and the table within RAM). */
  inTable: Bool;
}

export const descBase = (d: Descriptor): Bits<32> => concat(extract(d.hi, 31, 24), extract(d.hi, 7, 0), extract(d.lo, 31, 16));
/** The byte limit: the 20-bit limit, scaled by 4 KiB when G = 1. */
export const descLimit = (d: Descriptor): Bits<32> => {
  const raw = concat(extract(d.hi, 19, 16), extract(d.lo, 15, 0));
  return ite(bit(d.hi, 23), concat(raw, c(12, 0xfff)), zext(raw, 32));
};
/** The access-rights byte (descriptor bits 47:40): P DPL S TYPE. */
export const descAr = (d: Descriptor): Bits<8> => extract(d.hi, 15, 8);
export const arDpl = (ar: Bits<8>): Bits<2> => extract(ar, 6, 5);
export const arPresent = (ar: Bits<8>): Bool => bit(ar, 7);
/** S = 1: a code or data segment (not a system descriptor). */
export const arSegment = (ar: Bits<8>): Bool => bit(ar, 4);
export const arCode = (ar: Bits<8>): Bool => bit(ar, 3);
/** Code: conforming. */
export const arConforming = (ar: Bits<8>): Bool => bit(ar, 2);
/** Data: writable; code: readable. */
export const arRw = (ar: Bits<8>): Bool => bit(ar, 1);
export const arType = (ar: Bits<8>): Bits<4> => extract(ar, 3, 0);

/**
 * Reads the descriptor `sel` names (SDM 3A 3.4.2): from the LDT when TI = 1, else the GDT; its
 * entry must lie within the table's limit. An entry outside the table, or beyond RAM, reads as 0.
 */
export function descriptor($: X86Semantics, reg: StateLoc, sel: Bits<16>, tag: string): Descriptor {
  const ti = bit(sel, 2);
  const offset = $.let(`${tag}.index8`, zext(and(sel, 0xfff8), 32));
  const base = ite(ti, reg('LDTR_base') as Bits<32>, reg('GDTR_base') as Bits<32>);
  const limit = ite(ti, reg('LDTR_limit') as Bits<32>, zext(reg('GDTR_limit') as Bits<16>, 32));
  const addr = $.let(`${tag}.addr`, add(base, offset));
  const inTable = $.let(`${tag}.ok`, all(ule(add(offset, 7), limit), ult(addr, ramBytes - 7)));
  const lo = $.let(`${tag}.lo`, ite(inTable, load(addr, 32, 'physical'), c(32, 0)));
  const hi = $.let(`${tag}.hi`, ite(inTable, load(add(addr, 4), 32, 'physical'), c(32, 0)));
  return { lo, hi, inTable };
}

/** The null selector (index 0 of the GDT, any RPL). */
export const isNull = (sel: Bits<16>): Bool => eq(and(sel, 0xfffc), 0);
/** The error code of a selector fault: the selector with its RPL bits cleared (SDM 3A 6.13). */
export const selectorError = (sel: Bits<16>): Bits<32> => zext(and(sel, 0xfffc), 32);

/** The larger of two privilege levels (the less privileged). */
export const maxPl = (a: Bits<2>, b: Bits<2>): Bits<2> => ite(ugt(a, b), a, b);

/** Writes a segment register and its cache. */
export function setSegment($: X86Semantics, reg: StateLoc, s: 'SS' | 'DS' | 'ES', sel: Bits<16>, base: Bits<32>, limit: Bits<32>, ar: Bits<8>): void {
  $.set(reg(s), sel);
  $.set(reg(`${s}_base`), base);
  $.set(reg(`${s}_limit`), limit);
  $.set(reg(`${s}_ar`), ar);
}

// ---------------------------------------------------------------------------------------------
// Logical addresses and the stack

/** The virtual address of `segment`:`offset` (see the header: the segment in bits 31:30). */
export function logical(segment: number | Bits<2>, offset: Bits<32>): Bits<32> {
  const s = typeof segment === 'number' ? c(2, segment) : segment;
  return concat(s, extract(offset, 29, 0));
}

/**
 * The address of a `bytes`-byte access at `segment`:`offset`, refusing offsets the model's
 * logical address cannot carry (1 GiB and above: see the header) with #SS(0) or #GP(0).
 */
export function at($: X86Semantics, segment: number | Bits<2>, offset: Bits<32>, bytes: number): Bits<32> {
  const tooFar = ugt(offset, 0x4000_0000 - bytes);
  if (typeof segment === 'number') $.trapIf(tooFar, segment === SEG.SS ? 'SSfault' : 'GPfault');
  else {
    $.trapIf(all(tooFar, eq(segment, SEG.SS)), 'SSfault');
    $.trapIf(tooFar, 'GPfault');
  }
  return logical(segment, offset);
}

/**
 * The segment of a [base + disp] operand: SS when the base is ESP or EBP, DS otherwise (SDM 1,
 * 3.7.4 "Default Segment Selection Rules"; segment-override prefixes are not modelled).
 */
export const segmentOf = (rb: Bits<3>): Bits<2> => ite(any(eq(rb, 4), eq(rb, 5)), c(2, SEG.SS), c(2, SEG.DS));

/** Pushes a doubleword (SDM 2, PUSH): ESP − 4, then the store through SS. */
export function push($: X86Semantics, R: GprFile, value: Bits<32>, tag: string): void {
  const esp = $.let(`${tag}.esp`, sub(R(c(3, 4)), 4));
  $.store(at($, SEG.SS, esp, 4), value);
  $.set(R(c(3, 4)), esp);
}

/** The doubleword `n` slots above the top of the stack (0: the top), through SS. */
export function stackSlot($: X86Semantics, R: GprFile, n: number, tag: string): Bits<32> {
  return $.let(tag, load(at($, SEG.SS, add(R(c(3, 4)), 4 * n), 4), 32));
}

// ---------------------------------------------------------------------------------------------
// The exception sequence

/**
 * The exception and interrupt sequence (SDM 3A 6.12.1, "Exception- or Interrupt-Handler
 * Procedures"; INT n's operation section in SDM 2). Runs on the state before the trapping
 * instruction; see the file header for what it simplifies.
 */
function exceptionSequence($: X86Semantics, reg: StateLoc, R: GprFile): void {
  const code = trapCode(16);
  const value = trapValue(32);
  const software = bit(code, 8);
  const mapFault = bit(code, 9);
  const vector = $.let('x.vector', ite(software, extract(value, 7, 0), extract(code, 7, 0)));
  const cpl = reg('CS.RPL') as Bits<2>;
  const ram = (a: Bits<32>) => and(a, ramBytes - 1);
  const phys = (a: Bits<32>) => load(ram(a), 32, 'physical');
  // The gate (SDM 3A 6.11, figure 6-2).
  const gate = $.let('x.gate', ram(add(reg('IDTR_base') as Bits<32>, zext(concat(vector, c(3, 0)), 32))));
  const gLo = $.let('x.glo', phys(gate));
  const gHi = $.let('x.ghi', phys(add(gate, 4)));
  const target = $.let('x.sel', extract(gLo, 31, 16));
  const entry = $.let('x.eip', concat(extract(gHi, 31, 16), extract(gLo, 15, 0)));
  const interruptGate = eq(extract(gHi, 8, 8), 0); // type 0xE (interrupt) vs 0xF (trap)
  // The target code segment's descriptor (GDT, or LDT when TI = 1).
  const tBase = ite(bit(target, 2), reg('LDTR_base') as Bits<32>, reg('GDTR_base') as Bits<32>);
  const tAddr = $.let('x.taddr', ram(add(tBase, zext(and(target, 0xfff8), 32))));
  const t: Descriptor = { lo: $.let('x.tlo', phys(tAddr)), hi: $.let('x.thi', phys(add(tAddr, 4))), inTable: c(1, 1) };
  const newCpl = $.let('x.cpl', arDpl(descAr(t)));
  const inner = $.let('x.inner', ult(newCpl, cpl));
  // What is pushed: the old stack (to an inner level), EFLAGS, CS, EIP, the error code.
  const oldEflags = $.let('x.eflags', reg('EFLAGS') as Bits<32>);
  const oldCs = $.let('x.cs', zext(reg('CS') as Bits<16>, 32));
  const oldSs = $.let('x.ss', zext(reg('SS') as Bits<16>, 32));
  const oldEsp = $.let('x.oldesp', R(c(3, 4)));
  const eip = reg('EIP') as Bits<32>;
  const returnEip = $.let('x.ret', ite(software, add(eip, zext(extract(value, 11, 8), 32)), eip));
  const errorCode = $.let('x.err', ite(mapFault, c(32, 0), value));
  const hasError = $.let('x.haserr', all(eq(software, 0), any(eq(vector, VECTOR.NP), eq(vector, VECTOR.SS), eq(vector, VECTOR.GP))));
  // The new stack: SSn:ESPn from the TSS (SDM 3A 7.2.1, figure 7-2: ESPn at 4 + 8n, SSn at 8 + 8n).
  $.if(inner, () => {
    const tss = reg('TR_base') as Bits<32>;
    const slot = zext(concat(newCpl, c(3, 0)), 32);
    const esp = $.let('x.esp0', phys(add(tss, add(slot, 4))));
    const ss = $.let('x.ss0', extract(phys(add(tss, add(slot, 8))), 15, 0));
    const sBase = ite(bit(ss, 2), reg('LDTR_base') as Bits<32>, reg('GDTR_base') as Bits<32>);
    const sAddr = $.let('x.saddr', ram(add(sBase, zext(and(ss, 0xfff8), 32))));
    const sd: Descriptor = { lo: $.let('x.slo', phys(sAddr)), hi: $.let('x.shi', phys(add(sAddr, 4))), inTable: c(1, 1) };
    setSegment($, reg, 'SS', ss, descBase(sd), descLimit(sd), descAr(sd));
    $.set(R(c(3, 4)), esp);
  });
  const ssBase = reg('SS_base') as Bits<32>;
  const sp = $.let('x.sp', R(c(3, 4)));
  const put = (n: number, v: Bits<32>) => $.store(ram(add(ssBase, sub(sp, 4 * n))), v, 'physical');
  $.if(inner, () => {
    put(1, oldSs);
    put(2, oldEsp);
    put(3, oldEflags);
    put(4, oldCs);
    put(5, returnEip);
    $.if(hasError, () => put(6, errorCode));
  }, () => {
    put(1, oldEflags);
    put(2, oldCs);
    put(3, returnEip);
    $.if(hasError, () => put(4, errorCode));
  });
  const frame = add(ite(inner, c(32, 20), c(32, 12)), ite(hasError, c(32, 4), c(32, 0)));
  $.set(R(c(3, 4)), sub(sp, frame));
  $.set(reg('CS'), or(and(target, 0xfffc), zext(newCpl, 16)));
  $.set(reg('CS_base'), descBase(t));
  $.set(reg('CS_limit'), descLimit(t));
  $.set(reg('EIP'), entry);
  $.set(reg('EFLAGS.TF'), 0);
  $.set(reg('EFLAGS.NT'), 0);
  $.if(interruptGate, () => $.set(reg('EFLAGS.IF'), 0));
}
