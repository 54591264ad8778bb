/**
 * s370 — the state, interruptions and address map of an IBM System/370 in the EC mode with
 * dynamic address translation, following the IBM System/370 Principles of Operation, GA22-7000
 * (the 1987 edition, GA22-7000-10, is the one cited; "POO ch. n" below is its chapter).
 *
 * STATE
 *   PSW      The first word of the 64-bit EC-mode PSW (POO ch. 4, "Program-Status Word"), a
 *            register with fields: the system mask (bit 1 PER R, bit 5 DAT T, bit 6 I/O IO, bit 7
 *            external EX), the PSW key (bits 8-11), bit 12 (E, always one: the EC mode), machine-
 *            check mask M (13), wait W (14), problem state P (15) — system state; the condition
 *            code CC (18-19) and the program mask PM (20-23) — user state. IBM numbers bits from
 *            the left: PSW bit n is bit 31-n of the register.
 *   PC       The PSW's second word: the 24-bit instruction address (bits 40-63).
 *   R0-R15   The general registers (user state).
 *   CR0-CR15 The control registers (POO ch. 4, "Control Registers"), system state, each 32 bits:
 *            CR0 with fields (SSM-suppression SS, low-address protection LA, extraction authority
 *            EA, the translation format TF, the external subclass masks XM), CR1 the segment-table
 *            designation, CR3 with the PSW-key mask PKM and the SASN, CR8 with the monitor masks
 *            MM; the others are kept as loaded (their facilities are not modelled).
 *   KEY      The storage keys, one 7-bit key per 2K-byte block of the 64 KiB (POO ch. 3, "Storage
 *            Key"): access-control bits ACC (6:3), fetch protection F (2), reference R (1), change C
 *            (0). Storage keys are not addressable storage: a register file indexed by block.
 *   TODH/TODL  The TOD clock (bits 0-31 and 32-63), timing: the low word advances by one per step,
 *            the high word when the low wraps (a step is one unit of bit 63, not a microsecond).
 *   CKCH/CKCL  The clock comparator (system state; no external interruption is taken).
 *   CPUT     The CPU timer's bits 0-31 as their ones' complement, timing: the register advances by
 *            one per step, so the timer DEcrements by one per step (bits 32-63 read as zero).
 *   CPUIDH/CPUIDL  The CPU identification STIDP stores (read-only): version 01, serial 012345,
 *            model 3158.
 *   CHID     The channel identification STIDC stores (read-only: a block-multiplexer channel).
 *   IOS      The abstract channel (see io.ts): the condition code the I/O instructions set.
 *
 * PRIVILEGE: the problem-state bit P is the mode: P = 0 is the supervisor state (the theorems'
 * supervisor), P = 1 the problem state (user). Two levels, nothing to compress. IPK, SPKA and MC
 * are the semiprivileged instructions: whether they complete in the problem state depends on CR0's
 * extraction-authority control, CR3's PSW-key mask and CR8's monitor masks — exactly the bits a
 * monitor sets for its guests (DESIGN §2 rule 3): they are `configurable`, and the configuration
 * below is the one VM/370's position calls for (every semiprivileged instruction of a guest traps).
 *
 * INTERRUPTIONS (POO ch. 6): an interruption stores the current PSW as the old PSW at a fixed
 * real location, stores the interruption code, and loads the new PSW from another fixed location:
 *   SVC      old PSW 0x20, new PSW 0x60, ILC and SVC number at 0x88-0x8B.
 *   program  old PSW 0x28, new PSW 0x68, ILC and program-interruption code at 0x8C-0x8F; the
 *            translation-exception address at 0x90; a monitor event's class at 0x94-0x95 and
 *            monitor code at 0x9C.
 * Each trap kind's code is its program-interruption code (SVC: 0x100, not a program code). The
 * trap value carries what the sequence needs: the first byte of the instruction (its opcode, from
 * which the ILC follows, POO ch. 5 "Instruction Format") for the operation exception and the
 * instruction-raised exceptions; the SVC number; the monitor class and code; the virtual address
 * for the access exceptions.
 * Which instruction address the old PSW holds (POO ch. 6, "Types of Instruction Ending"): the next
 * instruction's for suppression and completion (SVC, operation, privileged-operation,
 * specification, special-operation, monitor event); the instruction's own for the access
 * exceptions, which this model always NULLIFIES (the POO nullifies page and segment translation
 * and suppresses or terminates protection and addressing; the handler's view differs only in
 * the ILC, stored here as 0 for every access exception, and in the old PSW's address for
 * protection and addressing).
 *
 * ABSTRACTED, none of which bears on the virtualization question:
 * - The BC mode: PSW bit 12 is always one; LPSW of a PSW with bit 12 zero is a specification
 *   exception here. Interruptions store and load EC-mode PSWs.
 * - External, I/O, machine-check and restart interruptions are never taken (no source is
 *   modelled: the clock comparator and CPU timer are kept and read, but do not interrupt; the
 *   channel completes nothing). The masks are kept as state. A new PSW with the wait bit set is
 *   loaded and the machine goes on at its address; LPSW of a PSW with the wait bit HALTS the
 *   machine (the disabled wait, the 370's way to stop: no interruption can end it here).
 * - PER, the fixed-point-overflow and other arithmetic interruptions (the program mask is kept;
 *   no instruction of this model divides or traps on overflow), the ILC of 0 for PSW-format
 *   errors recognized after loading (LPSW checks the new PSW before it loads it: suppression).
 * - The multiprocessing facility (prefix register, SPX/STPX, SIGP): real = absolute here.
 * - Of the dual-address-space facility only the PSW-key handling: IPK, SPKA, the extraction-
 *   authority control and the PSW-key mask (PT, PC, SAC, MVCP/MVCS/MVCK, IAC, EPAR/ESAR not).
 * - Instruction-address alignment: the 370 takes a specification exception on fetching from an odd
 *   address; this model fetches from it (a fault rule of the map would have to be of the memory
 *   class). Branches, LPSW and the interruption sequence can all leave an odd address in the PC.
 *
 * PLATFORM: 64 KiB of real storage from address 0; the console is the byte at real address
 * 0x10000 (storage cell 0x10000, just past storage: each byte stored there is printed; reads of it
 * are addressing exceptions). Execution starts at 0x200 in the supervisor state, key 0, DAT off,
 * every interruption masked, as if an IPL had loaded that PSW.
 */
import { add, any, eq, extract, ite, load, or, shl, trapCode, trapValue, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import type { Semantics } from '../../builder/recorder.js';
import type { DeviceDecl } from '../../description.js';
import {
  addressingFault,
  consoleAddress,
  datException,
  keyProtected,
  lowAddressProtected,
  realAddress,
  storageBytes,
  type FileRead,
  type StateRead,
} from './dat.js';

export { consoleAddress, storageBytes } from './dat.js';

/** Where execution starts. */
export const resetPc = 0x200;

/** Fixed real locations (POO ch. 3, "Assigned Storage Locations"). */
export const lowCore = {
  svcOld: 0x20,
  programOld: 0x28,
  svcNew: 0x60,
  programNew: 0x68,
  svcCode: 0x88,
  programCode: 0x8c,
  translationAddress: 0x90,
  monitorClass: 0x94,
  monitorCode: 0x9c,
} as const;

/** Program-interruption codes (POO ch. 6, "Program Interruption"), and SVC's code in this model. */
export const code = {
  operation: 0x01,
  privilegedOperation: 0x02,
  protection: 0x04,
  addressing: 0x05,
  specification: 0x06,
  segmentTranslation: 0x10,
  pageTranslation: 0x11,
  translationSpecification: 0x12,
  specialOperation: 0x13,
  monitorEvent: 0x40,
  svc: 0x100,
} as const;

/** PSW first-word bits, as register bit positions (IBM bit n is bit 31 - n). */
export const PSW_BITS = { R: 30, T: 26, IO: 25, EX: 24, KEY: 20, E: 19, M: 18, W: 17, P: 16, CC: 12, PM: 8 } as const;
/** The PSW first word at reset: EC mode, supervisor, key 0, everything masked. */
export const resetPsw = 1 << PSW_BITS.E;
/**
 * The bits of the first word an EC-mode PSW must have zero (0, 2-4, 16-17, 24-31): LPSW of a PSW
 * with any of them one, or with bit 12 zero, is a specification exception.
 */
export const PSW_MUST_BE_ZERO = 0x8000_0000 | 0x3800_0000 | 0x0000_c000 | 0x0000_00ff;

/** CR0 bits (register positions). */
export const CR0_BITS = { SS: 30, LA: 28, EA: 27 } as const;

const sys = (doc: string, width = 32) => ({ width, kind: 'system', doc }) as const;

export const s370Builder = isaBuilder({
  state: {
    registers: {
      PC: { width: 24, kind: 'user', reset: resetPc, doc: 'the instruction address, PSW bits 40-63 (POO ch. 4)' },
      PSW: {
        width: 32,
        kind: 'system',
        reset: resetPsw,
        doc: 'PSW bits 0-31 in the EC mode (POO ch. 4, "Program-Status Word"); IBM bit n is bit 31-n',
        fields: {
          PM: { bits: [11, 8], kind: 'user', doc: 'program mask (PSW bits 20-23): kept, no arithmetic interruption is modelled' },
          CC: { bits: [13, 12], kind: 'user', doc: 'condition code (PSW bits 18-19)' },
          P: { bits: 16, doc: 'problem state (PSW bit 15): the mode, 1 user' },
          W: { bits: 17, doc: 'wait state (PSW bit 14)' },
          M: { bits: 18, doc: 'machine-check mask (PSW bit 13)' },
          E: { bits: 19, readOnly: true, doc: 'EC mode (PSW bit 12): always one, the BC mode is not modelled' },
          KEY: { bits: [23, 20], doc: 'PSW key (PSW bits 8-11)' },
          EX: { bits: 24, doc: 'external mask (PSW bit 7)' },
          IO: { bits: 25, doc: 'I/O mask (PSW bit 6)' },
          T: { bits: 26, doc: 'DAT mode (PSW bit 5)' },
          R: { bits: 30, doc: 'PER mask (PSW bit 1): kept, PER is not modelled' },
        },
      },
      CR0: {
        width: 32,
        kind: 'system',
        reset: 0xe0,
        configurable: 1 << CR0_BITS.EA,
        doc: 'control register 0: controls and masks (POO ch. 4, "Control Registers"); reset value E0 hex',
        fields: {
          XM: { bits: [15, 4], doc: 'external-interruption subclass masks (CR0 bits 16-27): kept' },
          TF: { bits: [23, 19], doc: 'translation format (CR0 bits 8-12): 10000 = 4K pages, 64K segments' },
          EA: { bits: CR0_BITS.EA, doc: 'extraction-authority control (CR0 bit 4): IPK in the problem state' },
          LA: { bits: CR0_BITS.LA, doc: 'low-address protection (CR0 bit 3)' },
          TS: { bits: 29, doc: 'TOD-clock synchronization control (CR0 bit 2): kept' },
          SS: { bits: CR0_BITS.SS, doc: 'SSM-suppression control (CR0 bit 1): SSM is a special-operation exception' },
          BM: { bits: 31, doc: 'block-multiplexing control (CR0 bit 0): kept' },
        },
      },
      CR1: sys('control register 1: the segment-table designation (bits 0-7 length, 8-25 origin)'),
      CR2: { ...sys('control register 2: channel masks (kept)'), reset: 0xffff_ffff },
      CR3: {
        width: 32,
        kind: 'system',
        configurable: 0xffff_0000,
        doc: 'control register 3: PSW-key mask and secondary ASN',
        fields: {
          SASN: { bits: [15, 0], doc: 'secondary ASN (CR3 bits 16-31): kept' },
          PKM: { bits: [31, 16], doc: 'PSW-key mask (CR3 bits 0-15): bit n lets the problem state use key n (SPKA)' },
        },
      },
      CR4: sys('control register 4 (dual-address-space facility: kept)'),
      CR5: sys('control register 5 (kept)'),
      CR6: sys('control register 6 (kept)'),
      CR7: sys('control register 7 (kept)'),
      CR8: {
        width: 32,
        kind: 'system',
        configurable: 0xffff,
        doc: 'control register 8: the monitor masks',
        fields: {
          EAX: { bits: [31, 16], doc: 'extended authorization index (CR8 bits 0-15): kept' },
          MM: { bits: [15, 0], doc: 'monitor masks (CR8 bits 16-31): class n enabled when bit 16+n is one' },
        },
      },
      CR9: sys('control register 9: PER event masks (kept)'),
      CR10: sys('control register 10: PER starting address (kept)'),
      CR11: sys('control register 11: PER ending address (kept)'),
      CR12: sys('control register 12 (kept)'),
      CR13: sys('control register 13 (kept)'),
      CR14: { ...sys('control register 14: machine-check handling (kept)'), reset: 0xc200_0000 },
      CR15: { ...sys('control register 15: machine-check extended-logout address (kept)'), reset: 0x200 },
      TODH: sys('TOD clock bits 0-31 (POO ch. 4, "Time-of-Day Clock"): advances when TODL wraps'),
      TODL: sys('TOD clock bits 32-63: one per step'),
      CKCH: sys('clock comparator bits 0-31 (POO ch. 4, "Clock Comparator")'),
      CKCL: sys('clock comparator bits 32-63'),
      CPUT: sys('CPU timer bits 0-31, ones’ complement (POO ch. 4, "CPU Timer"): one per step, so the timer decrements'),
      CPUIDH: { width: 32, kind: 'system', readOnly: true, reset: 0x0101_2345, doc: 'CPU ID bits 0-31: version code 01, CPU identification 012345 (STIDP)' },
      CPUIDL: { width: 32, kind: 'system', readOnly: true, reset: 0x3158_0000, doc: 'CPU ID bits 32-63: model number 3158, then zeros' },
      CHID: { width: 32, kind: 'system', readOnly: true, reset: 0x2000_0000, doc: 'channel ID (STIDC): type 0010, a block-multiplexer channel' },
      IOS: { width: 2, kind: 'system', doc: 'the abstract channel: the condition code an I/O instruction gets (io.ts)' },
    },
    files: {
      R: { count: 16, width: 32, kind: 'user', prefix: 'r', doc: 'general registers (POO ch. 2, "General Registers")' },
      KEY: { count: 32, width: 7, kind: 'system', prefix: 'key', doc: 'storage keys, one per 2K-byte block: ACC F R C (POO ch. 3)' },
    },
    pc: 'PC',
    mode: { register: 'PSW.P', levels: { supervisor: { value: 0, supervisor: true }, problem: { value: 1, supervisor: false } } },
    storage: {
      cellBits: 8,
      addressBits: 24,
      cells: storageBytes + 1,
      endianness: 'big',
      devices: [{ name: 'console', kind: 'console', cell: consoleAddress, doc: 'a byte stored at real address 0x10000 is printed' }] as DeviceDecl[],
    },
    addressMap: ({ reg, file }) => {
      const read: StateRead = (name) => reg(name as never) as unknown as Bits<number>;
      const readFile: FileRead = (name, index) => file(name as never)(index as never) as unknown as Bits<number>;
      const rules = (access: 'fetch' | 'read' | 'write') => {
        const t = access[0]!;
        const va = (v: Bits<number>) => v as Bits<24>;
        const dat = (v: Bits<number>) => datException(read, va(v), `${t}x`);
        const store = access === 'write';
        return [
          { trap: 'translationSpecification' as const, fault: (v: Bits<number>) => eq(dat(v), code.translationSpecification) },
          { trap: 'segmentTranslation' as const, fault: (v: Bits<number>) => eq(dat(v), code.segmentTranslation) },
          { trap: 'pageTranslation' as const, fault: (v: Bits<number>) => eq(dat(v), code.pageTranslation) },
          { trap: 'addressing' as const, fault: (v: Bits<number>) => any(eq(dat(v), code.addressing), addressingFault(realAddress(read, va(v), `${t}a`), store)) },
          {
            trap: 'protection' as const,
            fault: (v: Bits<number>): Bool => {
              const key = keyProtected(read, readFile, realAddress(read, va(v), `${t}p`), store);
              return store ? any(lowAddressProtected(read, va(v)), key) : key;
            },
          },
        ];
      };
      return { fetch: rules('fetch'), read: rules('read'), write: rules('write'), physical: (v) => realAddress(read, v as Bits<24>, 'ph') };
    },
    timing: ['TODL', 'TODH', 'CPUT'],
    carries: [{ low: 'TODL', high: 'TODH' }],
    configuration: [
      { register: 'CR0', mask: 1 << CR0_BITS.EA, value: 0, doc: 'extraction authority off: IPK traps in the problem state' },
      { register: 'CR3', mask: 0xffff_0000, value: 0, doc: 'an empty PSW-key mask: SPKA traps in the problem state' },
      { register: 'CR8', mask: 0xffff, value: 0xffff, doc: 'every monitor class enabled: MC always interrupts, and the monitor decides' },
    ],
  },
  traps: {
    codeWidth: 16,
    valueWidth: 32,
    kinds: {
      operation: { class: 'illegal-instruction', code: code.operation, doc: 'operation exception: no such instruction; value: its first byte' },
      privilegedOperation: { class: 'privileged-instruction', code: code.privilegedOperation, doc: 'privileged-operation exception; value: the opcode byte' },
      protection: { class: 'memory', code: code.protection, doc: 'protection exception (key or low-address); value: the address' },
      addressing: { class: 'memory', code: code.addressing, doc: 'addressing exception: a real address outside storage; value: the address' },
      specification: { class: 'exception', code: code.specification, doc: 'specification exception; value: the opcode byte' },
      segmentTranslation: { class: 'memory', code: code.segmentTranslation, doc: 'segment-translation exception; value: the virtual address' },
      pageTranslation: { class: 'memory', code: code.pageTranslation, doc: 'page-translation exception; value: the virtual address' },
      translationSpecification: { class: 'memory', code: code.translationSpecification, doc: 'translation-specification exception; value: the address' },
      specialOperation: { class: 'exception', code: code.specialOperation, doc: 'special-operation exception (SSM with CR0 bit 1 one); value: the opcode byte' },
      monitorEvent: { class: 'supervisor-call', code: code.monitorEvent, doc: 'monitor event (MC with its class enabled); value: class (bits 31-24) and monitor code (23-0)' },
      svc: { class: 'supervisor-call', code: code.svc, doc: 'SVC interruption; value: the SVC number' },
    },
    // POO ch. 6: the old PSW and the interruption code are stored, the new PSW loaded.
    sequence: ($, s) => interruption($ as S370Semantics, s as unknown as StateNames),
  },
  operands: {
    r1: { kind: 'register', file: 'R' },
    r2: { kind: 'register', file: 'R' },
    r3: { kind: 'register', file: 'R' },
    x2: { kind: 'register', file: 'R' },
    b1: { kind: 'register', file: 'R' },
    b2: { kind: 'register', file: 'R' },
  },
});

export const b = s370Builder;
export type S370Semantics = Semantics<string>;

interface StateNames {
  reg(name: string): Loc<number>;
}

export const PC = b.reg('PC');
export const PSW = b.reg('PSW');
export const R = b.file('R');
export const KEY = b.file('KEY');
export const CC = b.reg('PSW.CC') as Loc<2>;
export const P = b.reg('PSW.P') as Loc<1>;
export const read: StateRead = (name) => b.reg(name as never) as unknown as Bits<number>;


/** The instruction-length code (1, 2 or 3 halfwords) of an instruction whose first byte is `op` (POO ch. 5). */
export function ilcOf(op: Bits<8>): Bits<2> {
  return ite(eq(extract(op, 7, 6), 0), c(2, 1), ite(eq(extract(op, 7, 6), 3), c(2, 3), c(2, 2)));
}

/** Loads a PSW's first word into the PSW register (the E field is read-only: it stays one). */
export function setPsw($: S370Semantics, word: Bits<32>, s: StateNames = b): void {
  $.set(s.reg('PSW'), word);
}

function interruption($: S370Semantics, s: StateNames): void {
  const tc = trapCode(16);
  const value = trapValue(32);
  const isSvc = eq(tc, code.svc);
  const access = any(eq(tc, code.protection), eq(tc, code.addressing), eq(tc, code.segmentTranslation), eq(tc, code.pageTranslation), eq(tc, code.translationSpecification));
  const ilc = $.let('ilc', ite(isSvc, c(2, 1), ite(access, c(2, 0), ite(eq(tc, code.monitorEvent), c(2, 2), ilcOf(extract(value, 7, 0))))));
  const pc = s.reg('PC') as Bits<24>;
  const oldIa = $.let('oldIa', add(pc, shl(zext(ilc, 24), 1)));
  const old = $.let('oldAt', ite(isSvc, c(24, lowCore.svcOld), c(24, lowCore.programOld)));
  $.store(old, s.reg('PSW') as Bits<32>, 'physical');
  $.store(add(old, 4), zext(oldIa, 32), 'physical');
  // The interruption code: byte 0 zero, byte 1 the ILC in bits 5-6, then the halfword code.
  const interruptionCode = ite(isSvc, zext(extract(value, 7, 0), 16), tc);
  $.store(ite(isSvc, c(24, lowCore.svcCode), c(24, lowCore.programCode)), or(shl(zext(ilc, 32), 17), zext(interruptionCode, 32)), 'physical');
  $.if(any(eq(tc, code.segmentTranslation), eq(tc, code.pageTranslation)), () =>
    $.store(c(24, lowCore.translationAddress), zext(extract(value, 23, 0), 32), 'physical'),
  );
  $.if(eq(tc, code.monitorEvent), () => {
    $.store(c(24, lowCore.monitorClass), zext(extract(value, 31, 24), 16), 'physical');
    $.store(c(24, lowCore.monitorCode), zext(extract(value, 23, 0), 32), 'physical');
  });
  const fresh = $.let('newAt', ite(isSvc, c(24, lowCore.svcNew), c(24, lowCore.programNew)));
  setPsw($, load(fresh, 32, 'physical'), s);
  $.set(s.reg('PC'), extract(load(add(fresh, 4), 32, 'physical'), 23, 0));
}
