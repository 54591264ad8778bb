/**
 * rv32 — the state, traps, memory map and interrupts of an RV32IMA hart with machine, supervisor
 * and user modes (Zicsr, Zifencei), following the RISC-V unprivileged ISA 20191213 ("unpriv.")
 * and the privileged architecture 20211203, version 1.12 ("priv.").
 *
 * The platform, as the programs in examples/riscv expect it:
 *   0x80000000  RAM, `ramBytes` (1 MiB) long, or as `rv32WithRam` says (storage cells from 0, one byte each)
 *   0x10000000  console: a write-only byte register (storage cell `consoleCell`)
 *   elsewhere   nothing: every access takes an access fault
 * Physical memory protection has four entries (OFF, TOR, NA4, NAPOT; grain 4 bytes). satp supports
 * Bare and Sv32 (sv32.ts: the map walks the page tables in storage; A and D are software's).
 * Counters: cycle, time and instret tick once per step; the hpm
 * counters are not implemented (their CSRs are illegal).
 */
import { add, all, and, any, bit, eq, extract, ite, letIn, lshr, ne, not, or, shl, trapCode, trapValue, uge, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { isaBuilder } from '../../builder/isa-builder.js';
import { pmpAllows, type Access, type StateRead } from './pmp.js';
import { sv32, type AdUpdate, type Platform, type Sv32Walk } from './sv32.js';

export const ramBase = 0x8000_0000;
/** The default RAM size: `rv32WithRam` (ram.ts) makes others. */
export const ramBytes = 0x10_0000; // 1 MiB
export const consoleBase = 0x1000_0000;
export const consoleBytes = 8;
/** The console's storage cell (after RAM). */
export const consoleCell = ramBytes;

/** Privilege levels as the mode register holds them (priv. 1.2). */
export const U = 0;
export const S = 1;
export const M = 3;

/** mstatus fields (priv. 3.1.6). */
export const MSTATUS = {
  SIE: 1 << 1,
  MIE: 1 << 3,
  SPIE: 1 << 5,
  MPIE: 1 << 7,
  SPP: 1 << 8,
  MPP: 3 << 11,
  MPRV: 1 << 17,
  SUM: 1 << 18,
  MXR: 1 << 19,
  TVM: 1 << 20,
  TW: 1 << 21,
  TSR: 1 << 22,
} as const;

const csr = (doc: string) => ({ width: 32, kind: 'system', doc }) as const;
const counter = (doc: string) => ({ width: 32, kind: 'system', doc }) as const;

const abi = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

/** Trap causes (priv. 3.1.15, table 3.6). */
const cause = {
  fetchMisaligned: 0,
  fetchAccess: 1,
  illegal: 2,
  breakpoint: 3,
  loadMisaligned: 4,
  loadAccess: 5,
  storeMisaligned: 6,
  storeAccess: 7,
  ecallU: 8,
  ecallS: 9,
  ecallM: 11,
  fetchPage: 12,
  loadPage: 13,
  storePage: 15,
};
const interrupt = 0x8000_0000;

/**
 * The memory map for `ram` bytes of RAM at `ramBase` (the console's cell follows RAM): storage
 * and the address map, physical memory attributes (what is there), then PMP (who may use it),
 * priv. 3.6-3.7. `rv32WithRam` (ram.ts) builds rv32 with another size.
 */
export const memoryMap = (ram: number, paging = false, ad: AdUpdate = 'software') => ({
  storage: {
    cellBits: 8,
    addressBits: 32,
    cells: ram + consoleBytes,
    devices: [{ name: 'console', kind: 'console' as const, cell: ram, doc: 'a byte stored at 0x10000000 is printed' }],
  },
  addressMap: paging ? pagedMap(ram, ad) : pmpMap(ram),
});

/** Physical memory attributes (what is there), then PMP (who may use it), priv. 3.6-3.7. */
const pmpMap =
  (ram: number) =>
  ({ reg }: { reg: (name: never) => unknown }) => {
    const read: StateRead = (name) => reg(name as never) as unknown as Bits<32>;
    const inRam = (a: Bits<number>) => all(uge(a, ramBase), ult(a, ramBase + ram));
    const inConsole = (a: Bits<number>) => all(uge(a, consoleBase), ult(a, consoleBase + consoleBytes));
    const rule = (access: Access, trap: 'fetchAccess' | 'loadAccess' | 'storeAccess') => ({
      trap,
      fault: (a: Bits<number>) => not(all(access === 'write' ? any(inRam(a), inConsole(a)) : inRam(a), pmpAllows(read, a, access))),
    });
    return {
      fetch: rule('fetch', 'fetchAccess'),
      read: rule('read', 'loadAccess'),
      write: rule('write', 'storeAccess'),
      physical: (a: Bits<number>) => ite(inRam(a), add(a, -ramBase), add(a, ram - consoleBase)),
    };
  };

/**
 * rv32-sv32's map: Sv32 pages (priv. 4.3), then physical memory attributes and PMP. A page fault
 * comes before an access fault: each is exclusive of the other, since the walk stops at the
 * first entry that fails.
 */
const pagedMap =
  (ram: number, ad: AdUpdate) =>
  ({ reg }: { reg: (name: never) => unknown }) => {
    const read: StateRead = (name) => reg(name as never) as unknown as Bits<32>;
    const inRam = (a: Bits<number>) => all(uge(a, ramBase), ult(a, ramBase + ram));
    const inConsole = (a: Bits<number>) => all(uge(a, consoleBase), ult(a, consoleBase + consoleBytes));
    const platform: Platform = { inRam, cellOf: (a) => add(a, -ramBase) };
    const present = (access: Access, pa: Bits<32>) => (access === 'write' ? any(inRam(pa), inConsole(pa)) : inRam(pa));
    const walk = <W extends number>(a: Bits<number>, access: Access, use: (w: Sv32Walk) => Bits<W>) => sv32(read, platform, a as Bits<32>, access, use, ad);
    const rules = (access: Access, page: 'fetchPage' | 'loadPage' | 'storePage', accessFault: 'fetchAccess' | 'loadAccess' | 'storeAccess') => [
      { trap: page, fault: (a: Bits<number>) => walk(a, access, (t) => t.pageFault) },
      {
        trap: accessFault,
        fault: (a: Bits<number>) =>
          walk(a, access, (t) => {
            const reaches = all(not(t.above4G), present(access, t.physical), pmpAllows(read, t.physical, access));
            return any(t.tableAccessFault, all(not(t.pageFault), any(not(reaches), t.updateDenied)));
          }),
      },
    ];
    const updates = (access: Access) => [
      {
        when: (a: Bits<number>) => walk(a, access, (t) => t.update),
        cell: (a: Bits<number>) => walk(a, access, (t) => t.leafCell),
        value: (a: Bits<number>) => walk(a, access, (t) => t.leafByte),
        doc: 'priv. 4.3.2 step 7: A, and for a store D, set in the leaf PTE',
      },
    ];
    const cell = (access: Access) => (a: Bits<number>) =>
      walk(a, access, (t) => letIn('pa', t.physical, (pa) => ite(inRam(pa), add(pa, -ramBase), add(pa, ram - consoleBase))));
    return {
      fetch: rules('fetch', 'fetchPage', 'fetchAccess'),
      read: rules('read', 'loadPage', 'loadAccess'),
      write: rules('write', 'storePage', 'storeAccess'),
      // Fetches translate at the current privilege, loads and stores at MPRV's (priv. 3.1.6.3).
      physical: { fetch: cell('fetch'), read: cell('read'), write: cell('write') },
      // Hardware A/D (sv32.ts): the leaf PTE's low byte, A (and for a store D) set.
      ...(ad === 'hardware' ? { updates: { fetch: updates('fetch'), read: updates('read'), write: updates('write') } } : {}),
    };
  };

export const rv32Builder = isaBuilder({
  state: {
    registers: {
      pc: { width: 32, kind: 'user', reset: ramBase, doc: 'program counter (unpriv. 2.1)' },
      mode: { width: 2, kind: 'system', reset: M, doc: 'current privilege level: 0 U, 1 S, 3 M (priv. 1.2); not a CSR' },
      mstatus: csr('machine status (priv. 3.1.6); sstatus is a view of it'),
      medeleg: csr('machine exception delegation (priv. 3.1.8)'),
      mideleg: csr('machine interrupt delegation (priv. 3.1.8)'),
      mie: csr('machine interrupt enable (priv. 3.1.9); sie is a view of it'),
      mip: csr('machine interrupt pending (priv. 3.1.9); sip is a view of it'),
      mtvec: csr('machine trap vector (priv. 3.1.7)'),
      // A monitor clears CY, TM and IR so that every counter read below M traps (priv. 3.1.11).
      mcounteren: { ...csr('machine counter enable (priv. 3.1.11)'), configurable: 0x7 },
      mscratch: csr('machine scratch (priv. 3.1.13)'),
      mepc: csr('machine exception PC (priv. 3.1.14)'),
      mcause: csr('machine cause (priv. 3.1.15)'),
      mtval: csr('machine trap value (priv. 3.1.16)'),
      stvec: csr('supervisor trap vector (priv. 4.1.2)'),
      scounteren: csr('supervisor counter enable (priv. 4.1.5)'),
      sscratch: csr('supervisor scratch (priv. 4.1.6)'),
      sepc: csr('supervisor exception PC (priv. 4.1.7)'),
      scause: csr('supervisor cause (priv. 4.1.8)'),
      stval: csr('supervisor trap value (priv. 4.1.9)'),
      satp: csr('supervisor address translation and protection (priv. 4.1.11): Bare or Sv32, ASIDLEN 0'),
      pmpcfg0: csr('PMP configuration of entries 0-3, a byte each (priv. 3.7.1)'),
      pmpaddr0: csr('PMP address 0: bits 33:2 of an address (priv. 3.7.1)'),
      pmpaddr1: csr('PMP address 1'),
      pmpaddr2: csr('PMP address 2'),
      pmpaddr3: csr('PMP address 3'),
      mcycle: counter('cycle counter, low half (priv. 3.1.10): one per step'),
      mcycleh: counter('cycle counter, high half'),
      minstret: counter('instructions-retired counter, low half (priv. 3.1.10): one per step'),
      minstreth: counter('instructions-retired counter, high half'),
      mtime: counter('real time, low half (priv. 3.2.1): one per step; no memory-mapped mtime'),
      mtimeh: counter('real time, high half'),
      // The LR/SC reservation (unpriv. 8.2): user state, untouched by traps and xRET; rv32a.ts says why.
      reserved: { width: 1, kind: 'user', doc: 'a reservation is held (unpriv. 8.2): set by LR.W, cleared by every SC.W' },
      reservation: { width: 32, kind: 'user', doc: 'the reserved word: the address of the last LR.W' },
    },
    files: {
      x: { count: 32, width: 32, kind: 'user', prefix: 'x', aliases: Object.fromEntries(abi.map((n, i) => [n, i])), hardwired: [{ index: 0, value: 0 }], doc: 'integer registers; x0 is hard-wired to 0 (unpriv. 2.1)' },
    },
    pc: 'pc',
    mode: { register: 'mode', levels: { U: { value: U, supervisor: false }, S: { value: S, supervisor: true }, M: { value: M, supervisor: true } } },
    ...memoryMap(ramBytes),
    timing: ['mcycle', 'mcycleh', 'minstret', 'minstreth', 'mtime', 'mtimeh'],
    carries: [
      { low: 'mcycle', high: 'mcycleh' },
      { low: 'minstret', high: 'minstreth' },
      { low: 'mtime', high: 'mtimeh' },
    ],
    // The monitor's configuration (DESIGN.md §2 rule 3): with mcounteren's CY, TM and IR clear, a
    // guest kept in U-mode traps on every counter read, and the monitor answers from its own clocks.
    configuration: [{ register: 'mcounteren', mask: 0x7, value: 0, doc: 'counter reads below M trap (priv. 3.1.11)' }],
  },
  traps: {
    codeWidth: 32,
    valueWidth: 32,
    kinds: {
      fetchMisaligned: { class: 'exception', code: cause.fetchMisaligned, doc: 'instruction address misaligned: a jump or taken branch to a target not on 4 bytes; value: the target' },
      fetchAccess: { class: 'memory', code: cause.fetchAccess, doc: 'instruction access fault; value: the address' },
      illegal: { class: 'illegal-instruction', code: cause.illegal, doc: 'illegal instruction: no such encoding, or a write to a read-only CSR' },
      privileged: { class: 'privileged-instruction', code: cause.illegal, doc: 'illegal instruction raised by privilege: a CSR or instruction of a higher level, or one TVM/TW/TSR/counteren withholds' },
      breakpoint: { class: 'supervisor-call', code: cause.breakpoint, doc: 'EBREAK, a deliberate trap to the debugger or the kernel (as ECALL is); value 0' },
      loadMisaligned: { class: 'exception', code: cause.loadMisaligned, doc: 'load address misaligned; value: the address' },
      loadAccess: { class: 'memory', code: cause.loadAccess, doc: 'load access fault; value: the address' },
      storeMisaligned: { class: 'exception', code: cause.storeMisaligned, doc: 'store address misaligned; value: the address' },
      storeAccess: { class: 'memory', code: cause.storeAccess, doc: 'store access fault; value: the address' },
      fetchPage: { class: 'memory', code: cause.fetchPage, doc: 'instruction page fault (Sv32); value: the virtual address' },
      loadPage: { class: 'memory', code: cause.loadPage, doc: 'load page fault (Sv32); value: the virtual address' },
      storePage: { class: 'memory', code: cause.storePage, doc: 'store/AMO page fault (Sv32); value: the virtual address' },
      ecallU: { class: 'supervisor-call', code: cause.ecallU, doc: 'ECALL from U-mode' },
      ecallS: { class: 'supervisor-call', code: cause.ecallS, doc: 'ECALL from S-mode' },
      ecallM: { class: 'supervisor-call', code: cause.ecallM, doc: 'ECALL from M-mode' },
      ssi: { class: 'interrupt', code: interrupt + 1, doc: 'supervisor software interrupt (mip.SSIP)' },
      sti: { class: 'interrupt', code: interrupt + 5, doc: 'supervisor timer interrupt (mip.STIP)' },
      sei: { class: 'interrupt', code: interrupt + 9, doc: 'supervisor external interrupt (mip.SEIP)' },
    },
    // priv. 3.1.6.1 and 3.1.9: an interrupt i is taken in M unless delegated, in S if delegated;
    // never in a more privileged mode than its target, always in a less privileged one.
    interrupts: ({ reg }) => {
      const mode = reg('mode');
      const mstatus = reg('mstatus');
      const takes = (i: number): Bool => {
        const pending = all(bit(reg('mip'), i), bit(reg('mie'), i));
        const delegated = bit(reg('mideleg'), i);
        const toM = any(ult(mode, M), ne(and(mstatus, MSTATUS.MIE), 0));
        const toS = any(eq(mode, U), all(eq(mode, S), ne(and(mstatus, MSTATUS.SIE), 0)));
        return all(pending, ite(delegated, toS, toM));
      };
      // priv. 3.1.9: SEI, then SSI, then STI.
      return [
        { trap: 'sei', when: takes(9) },
        { trap: 'ssi', when: takes(1) },
        { trap: 'sti', when: takes(5) },
      ];
    },
    // priv. 3.1.8 (delegation), 3.1.7 (vectors), 3.1.6.1 (the interrupt-enable stack).
    sequence: ($, { reg }) => {
      const mode = reg('mode');
      const mstatus = reg('mstatus');
      const code = trapCode(32);
      const isInterrupt = bit(code, 31);
      const n = zext(extract(code, 4, 0), 32);
      const delegated = bit(lshr(ite(isInterrupt, reg('mideleg'), reg('medeleg')), n), 0);
      // Illegal instructions report 0 (priv. 3.1.16 allows it): the machine's value is a cell.
      const value = $.let('value', ite(eq(code, cause.illegal), c(32, 0), trapValue(32)));
      const vector = (tvec: Bits<32>) => ite(all(isInterrupt, eq(extract(tvec, 1, 0), 1)), add(and(tvec, ~3), shl(n, 2)), and(tvec, ~3));
      $.if(
        all(ne(mode, M), delegated),
        () => {
          const status = $.let(
            'sstatus',
            or(
              and(mstatus, ~(MSTATUS.SPP | MSTATUS.SPIE | MSTATUS.SIE)),
              or(shl(zext(bit(mode, 0), 32), 8), shl(and(mstatus, MSTATUS.SIE), 4)),
            ),
          );
          const target = $.let('stvec', vector(reg('stvec')));
          $.set(reg('sepc'), reg('pc'));
          $.set(reg('scause'), code);
          $.set(reg('stval'), value);
          $.set(mstatus, status);
          $.set(mode, S);
          $.set(reg('pc'), target);
        },
        () => {
          const status = $.let(
            'mstatus',
            or(
              and(mstatus, ~(MSTATUS.MPP | MSTATUS.MPIE | MSTATUS.MIE)),
              or(shl(zext(mode, 32), 11), shl(and(mstatus, MSTATUS.MIE), 4)),
            ),
          );
          const target = $.let('mtvec', vector(reg('mtvec')));
          $.set(reg('mepc'), reg('pc'));
          $.set(reg('mcause'), code);
          $.set(reg('mtval'), value);
          $.set(mstatus, status);
          $.set(mode, M);
          $.set(reg('pc'), target);
        },
      );
    },
  },
  operands: {
    rd: { kind: 'register', file: 'x' },
    rs1: { kind: 'register', file: 'x' },
    rs2: { kind: 'register', file: 'x' },
    imm: { kind: 'immediate', signed: true },
    uimm: { kind: 'immediate', signed: false },
    shamt: { kind: 'immediate', signed: false },
    off: { kind: 'target', relative: true, signed: true },
    pred: { kind: 'immediate', signed: false },
    succ: { kind: 'immediate', signed: false },
    fm: { kind: 'immediate', signed: false },
    // aq and rl of an AMO (unpriv. 8.1): accepted and ignored, one hart in program order.
    aqrl: { kind: 'enum', names: { none: 0, rl: 1, aq: 2, aqrl: 3 } },
  },
});

