/**
 * Zicsr (unpriv. chapter 9) and the CSRs of machine, supervisor and user level (priv. 2, 3, 4).
 *
 * Each (operation, CSR) pair is an instruction of its own, with the CSR number as fixed bits: the
 * privilege a CSR needs, whether it is read-only, and what a write does are then data of that
 * entry, and the checker classifies `CSRRS.cycle` apart from `CSRRW.mstatus`. A number no entry
 * declares decodes as no instruction: the illegal-instruction trap (priv. 2.1). Read-only CSRs
 * (number bits 11:10 = 3) have no CSRRW/CSRRWI entries, and CSRRS/CSRRC on them trap when rs1
 * (or uimm) is not 0 (priv. 2.1).
 */
import { all, and, bit, concat, eq, extract, ite, ne, not, or, shl, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { M, MSTATUS, S, U, rv32Builder as b } from './machine.js';
import { A, cfgOf, pmpEntries, type StateRead } from './pmp.js';
import { satpWrite } from './sv32.js';
import type { RvSemantics } from './semantics.js';

const x = b.file('x');
const mode = b.reg('mode');
const mstatus = b.reg('mstatus');
type Reg = Parameters<typeof b.reg>[0];
const r = (name: Reg) => b.reg(name) as unknown as Loc<32>;
const byName: StateRead = (name) => r(name as Reg);

export interface CsrDef {
  name: string;
  number: number;
  cite: string;
  read: () => Bits<32>;
  /** Writes the whole new value; absent: writes are accepted and change nothing (read-only-zero WARL fields). */
  write?: ($: RvSemantics, v: Bits<32>) => void;
  /** Further conditions for access (TVM, the counter enables). */
  guard?: ($: RvSemantics) => void;
  doc?: string;
}

/** Writes `v` under `mask`, keeping the register's other bits. */
const masked = (reg: Loc<32>, mask: number) => ($: RvSemantics, v: Bits<32>) => $.set(reg, or(and(reg, ~mask), and(v, mask)));
const plain = (reg: Loc<32>) => ($: RvSemantics, v: Bits<32>) => $.set(reg, v);
const zero = () => c(32, 0);

const SSTATUS = MSTATUS.SIE | MSTATUS.SPIE | MSTATUS.SPP | MSTATUS.SUM | MSTATUS.MXR;
const MSTATUS_WRITABLE = MSTATUS.MIE | MSTATUS.SIE | MSTATUS.MPIE | MSTATUS.SPIE | MSTATUS.SPP | MSTATUS.MPRV | MSTATUS.SUM | MSTATUS.MXR | MSTATUS.TVM | MSTATUS.TW | MSTATUS.TSR;
/** Interrupt bits: S-level software, timer, external (1, 5, 9); M-level ones (3, 7, 11). */
const S_INTERRUPTS = 0x222;
const ALL_INTERRUPTS = 0xaaa;
/** medeleg: causes 0-9, 12, 13, 15; 11 (ECALL from M) is read-only 0 (priv. 3.1.8). */
const DELEGABLE = 0xb3ff;
/** misa: MXL = 1 (32-bit), A, I, M, S, U (priv. 3.1.1). */
const MISA = 0x4000_0000 | (1 << 0) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);

const isSet = (reg: Bits<32>, field: number): Bool => ne(and(reg, field), 0);

/** S-mode with mstatus.TVM set: satp and SFENCE.VMA are withheld (priv. 3.1.6.5). */
const tvm = ($: RvSemantics) => $.trapIf(all(eq(mode, S), isSet(mstatus, MSTATUS.TVM)), 'privileged');

/** A user-level counter, enabled below M by mcounteren and below S by scounteren (priv. 3.1.11, 4.1.5). */
const counterGate = (bitIndex: number) => ($: RvSemantics) => {
  $.trapIf(all(ult(mode, M), eq(bit(r('mcounteren'), bitIndex), 0)), 'privileged');
  $.trapIf(all(eq(mode, U), eq(bit(r('scounteren'), bitIndex), 0)), 'privileged');
};

/** mstatus: WARL MPP never takes the reserved value 2 (a write of 2 keeps the old MPP). */
function writeMstatus($: RvSemantics, v: Bits<32>): void {
  const mpp = extract(v, 12, 11);
  const kept = ite(eq(mpp, 2), extract(mstatus, 12, 11), mpp);
  $.set(mstatus, or(and(v, MSTATUS_WRITABLE), shl(zext(kept, 32), 11)));
}

/** pmpcfg0: a locked entry's byte ignores writes; bits 6:5 are reserved zero (priv. 3.7.1). */
function writePmpcfg0($: RvSemantics, v: Bits<32>): void {
  const bytes = Array.from({ length: 4 }, (_, i) => {
    const old = cfgOf(byName, i);
    return ite(bit(old, 7), old, and(extract(v, 8 * i + 7, 8 * i), 0x9f));
  }).reverse();
  $.set(r('pmpcfg0'), concat(...bytes) as unknown as Bits<32>);
}

/** pmpaddr i ignores writes when entry i is locked, or entry i+1 is a locked TOR entry (priv. 3.7.1). */
function writePmpaddr(i: number) {
  return ($: RvSemantics, v: Bits<32>) => {
    const locked = bit(cfgOf(byName, i), 7);
    const next = i + 1 < pmpEntries ? all(bit(cfgOf(byName, i + 1), 7), eq(extract(cfgOf(byName, i + 1), 4, 3), A.TOR)) : c(1, 0);
    $.if(all(not(locked), not(next)), () => $.set(r(`pmpaddr${i}` as Reg), v));
  };
}

const m = (section: string) => `priv. ${section}`;

export const csrs: CsrDef[] = [
  // Supervisor level (priv. 4.1).
  { name: 'sstatus', number: 0x100, cite: m('4.1.1 Supervisor Status Register (sstatus)'), read: () => and(mstatus, SSTATUS), write: masked(mstatus, SSTATUS), doc: 'a view of mstatus: SIE SPIE SPP SUM MXR' },
  { name: 'sie', number: 0x104, cite: m('4.1.3 Supervisor Interrupt Registers (sip and sie)'), read: () => and(r('mie'), r('mideleg')), write: ($, v) => $.set(r('mie'), or(and(r('mie'), not(r('mideleg'))), and(v, r('mideleg')))), doc: 'a view of mie: the delegated bits' },
  { name: 'stvec', number: 0x105, cite: m('4.1.2 Supervisor Trap Vector Base Address Register (stvec)'), read: () => r('stvec'), write: ($, v) => $.set(r('stvec'), and(v, ~2)), doc: 'modes 0 (direct) and 1 (vectored)' },
  { name: 'scounteren', number: 0x106, cite: m('4.1.5 Counter-Enable Register (scounteren)'), read: () => r('scounteren'), write: ($, v) => $.set(r('scounteren'), and(v, 7)) },
  { name: 'senvcfg', number: 0x10a, cite: m('4.1.4 Supervisor Environment Configuration Register (senvcfg)'), read: zero, doc: 'no fields implemented (FIOM has no effect here)' },
  { name: 'sscratch', number: 0x140, cite: m('4.1.6 Supervisor Scratch Register (sscratch)'), read: () => r('sscratch'), write: plain(r('sscratch')) },
  { name: 'sepc', number: 0x141, cite: m('4.1.7 Supervisor Exception Program Counter (sepc)'), read: () => r('sepc'), write: ($, v) => $.set(r('sepc'), and(v, ~3)), doc: 'bits 1:0 read 0 (IALIGN = 32)' },
  { name: 'scause', number: 0x142, cite: m('4.1.8 Supervisor Cause Register (scause)'), read: () => r('scause'), write: plain(r('scause')) },
  { name: 'stval', number: 0x143, cite: m('4.1.9 Supervisor Trap Value (stval) Register'), read: () => r('stval'), write: plain(r('stval')) },
  { name: 'sip', number: 0x144, cite: m('4.1.3 Supervisor Interrupt Registers (sip and sie)'), read: () => and(r('mip'), r('mideleg')), write: ($, v) => {
    const writable = and(r('mideleg'), 2);
    $.set(r('mip'), or(and(r('mip'), not(writable)), and(v, writable)));
  }, doc: 'a view of mip: the delegated bits; only SSIP is writable' },
  { name: 'satp', number: 0x180, cite: m('4.1.11 Supervisor Address Translation and Protection (satp) Register'), read: () => r('satp'), guard: tvm, write: ($, v) => $.if(eq(bit(v, 31), 0), () => $.set(r('satp'), v)), doc: 'Bare only: a write selecting Sv32 has no effect (unsupported MODE, 4.1.11)' },

  // Machine level (priv. 3.1).
  { name: 'mstatus', number: 0x300, cite: m('3.1.6 Machine Status Registers (mstatus and mstatush)'), read: () => mstatus, write: writeMstatus },
  { name: 'misa', number: 0x301, cite: m('3.1.1 Machine ISA Register (misa)'), read: () => c(32, MISA), doc: 'RV32IMASU; writes are ignored (WARL)' },
  { name: 'medeleg', number: 0x302, cite: m('3.1.8 Machine Trap Delegation Registers (medeleg and mideleg)'), read: () => r('medeleg'), write: ($, v) => $.set(r('medeleg'), and(v, DELEGABLE)) },
  { name: 'mideleg', number: 0x303, cite: m('3.1.8 Machine Trap Delegation Registers (medeleg and mideleg)'), read: () => r('mideleg'), write: ($, v) => $.set(r('mideleg'), and(v, S_INTERRUPTS)) },
  { name: 'mie', number: 0x304, cite: m('3.1.9 Machine Interrupt Registers (mip and mie)'), read: () => r('mie'), write: ($, v) => $.set(r('mie'), and(v, ALL_INTERRUPTS)) },
  { name: 'mtvec', number: 0x305, cite: m('3.1.7 Machine Trap-Vector Base-Address Register (mtvec)'), read: () => r('mtvec'), write: ($, v) => $.set(r('mtvec'), and(v, ~2)), doc: 'modes 0 (direct) and 1 (vectored)' },
  { name: 'mcounteren', number: 0x306, cite: m('3.1.11 Machine Counter-Enable Register (mcounteren)'), read: () => r('mcounteren'), write: ($, v) => $.set(r('mcounteren'), and(v, 7)) },
  { name: 'menvcfg', number: 0x30a, cite: m('3.1.18 Machine Environment Configuration Registers (menvcfg and menvcfgh)'), read: zero },
  { name: 'mstatush', number: 0x310, cite: m('3.1.6 Machine Status Registers (mstatus and mstatush)'), read: zero, doc: 'MBE = SBE = 0: little-endian' },
  { name: 'menvcfgh', number: 0x31a, cite: m('3.1.18 Machine Environment Configuration Registers (menvcfg and menvcfgh)'), read: zero },
  { name: 'mscratch', number: 0x340, cite: m('3.1.13 Machine Scratch Register (mscratch)'), read: () => r('mscratch'), write: plain(r('mscratch')) },
  { name: 'mepc', number: 0x341, cite: m('3.1.14 Machine Exception Program Counter (mepc)'), read: () => r('mepc'), write: ($, v) => $.set(r('mepc'), and(v, ~3)), doc: 'bits 1:0 read 0 (IALIGN = 32)' },
  { name: 'mcause', number: 0x342, cite: m('3.1.15 Machine Cause Register (mcause)'), read: () => r('mcause'), write: plain(r('mcause')) },
  { name: 'mtval', number: 0x343, cite: m('3.1.16 Machine Trap Value Register (mtval)'), read: () => r('mtval'), write: plain(r('mtval')) },
  { name: 'mip', number: 0x344, cite: m('3.1.9 Machine Interrupt Registers (mip and mie)'), read: () => r('mip'), write: ($, v) => $.set(r('mip'), and(v, S_INTERRUPTS)), doc: 'SSIP, STIP and SEIP are writable; the M-level bits have no source here and read 0' },
  { name: 'pmpcfg0', number: 0x3a0, cite: m('3.7.1 Physical Memory Protection CSRs'), read: () => r('pmpcfg0'), write: writePmpcfg0 },
  ...[1, 2, 3].map((i): CsrDef => ({ name: `pmpcfg${i}`, number: 0x3a0 + i, cite: m('3.7.1 Physical Memory Protection CSRs'), read: zero, doc: 'entries 4-15 are not implemented: read-only zero' })),
  ...Array.from({ length: 16 }, (_, i): CsrDef =>
    i < pmpEntries
      ? { name: `pmpaddr${i}`, number: 0x3b0 + i, cite: m('3.7.1 Physical Memory Protection CSRs'), read: () => r(`pmpaddr${i}` as Reg), write: writePmpaddr(i) }
      : { name: `pmpaddr${i}`, number: 0x3b0 + i, cite: m('3.7.1 Physical Memory Protection CSRs'), read: zero, doc: 'not implemented: read-only zero' },
  ),
  { name: 'mcycle', number: 0xb00, cite: m('3.1.10 Hardware Performance Monitor'), read: () => r('mcycle'), write: plain(r('mcycle')) },
  { name: 'minstret', number: 0xb02, cite: m('3.1.10 Hardware Performance Monitor'), read: () => r('minstret'), write: plain(r('minstret')) },
  { name: 'mcycleh', number: 0xb80, cite: m('3.1.10 Hardware Performance Monitor'), read: () => r('mcycleh'), write: plain(r('mcycleh')) },
  { name: 'minstreth', number: 0xb82, cite: m('3.1.10 Hardware Performance Monitor'), read: () => r('minstreth'), write: plain(r('minstreth')) },
  { name: 'mvendorid', number: 0xf11, cite: m('3.1.2 Machine Vendor ID Register (mvendorid)'), read: zero },
  { name: 'marchid', number: 0xf12, cite: m('3.1.3 Machine Architecture ID Register (marchid)'), read: zero },
  { name: 'mimpid', number: 0xf13, cite: m('3.1.4 Machine Implementation ID Register (mimpid)'), read: zero },
  { name: 'mhartid', number: 0xf14, cite: m('3.1.5 Hart ID Register (mhartid)'), read: zero },
  { name: 'mconfigptr', number: 0xf15, cite: m('3.1.17 Machine Configuration Pointer Register (mconfigptr)'), read: zero },

  // User level: the counters (unpriv. 10.1, priv. 3.1.11).
  { name: 'cycle', number: 0xc00, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('mcycle'), guard: counterGate(0) },
  { name: 'time', number: 0xc01, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('mtime'), guard: counterGate(1) },
  { name: 'instret', number: 0xc02, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('minstret'), guard: counterGate(2) },
  { name: 'cycleh', number: 0xc80, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('mcycleh'), guard: counterGate(0) },
  { name: 'timeh', number: 0xc81, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('mtimeh'), guard: counterGate(1) },
  { name: 'instreth', number: 0xc82, cite: 'unpriv. 10.1 Base Counters and Timers', read: () => r('minstreth'), guard: counterGate(2) },
];

/** The privilege a CSR needs: its number's bits 9:8 (priv. 2.1). */
export const csrLevel = (number: number) => (number >> 8) & 3;
/** Read-only CSRs: number bits 11:10 = 3 (priv. 2.1). */
export const csrReadOnly = (number: number) => ((number >> 10) & 3) === 3;

type Op = { name: string; funct3: string; imm: boolean; combine?: (old: Bits<32>, src: Bits<32>) => Bits<32> };
const ops: Op[] = [
  { name: 'CSRRW', funct3: '001', imm: false },
  { name: 'CSRRS', funct3: '010', imm: false, combine: or },
  { name: 'CSRRC', funct3: '011', imm: false, combine: (old, src) => and(old, not(src)) },
  { name: 'CSRRWI', funct3: '101', imm: true },
  { name: 'CSRRSI', funct3: '110', imm: true, combine: or },
  { name: 'CSRRCI', funct3: '111', imm: true, combine: (old, src) => and(old, not(src)) },
];

/** The semantics shared by the six operations: checks, the old value to rd, the write if any. */
function access($: RvSemantics, csr: CsrDef, op: Op, rd: Bits<5>, src: Bits<32>, srcField: Bits<5>): void {
  const level = csrLevel(csr.number);
  if (level !== U) $.trapIf(ult(mode, level === 2 ? M : level), 'privileged');
  csr.guard?.($);
  const value = $.let('src', src);
  const old = $.let('old', csr.read());
  const write = () => {
    if (csrReadOnly(csr.number)) $.trap('illegal');
    else csr.write?.($, op.combine ? op.combine(old, value) : value);
  };
  // CSRRS/CSRRC (and the immediate forms) with x0 (or 0) do not write at all (unpriv. 9.1).
  if (op.combine) $.if(ne(srcField, 0), write);
  else write();
  $.set(x(rd), old);
}

function instruction(csr: CsrDef, op: Op) {
  const number = csr.number.toString(2).padStart(12, '0');
  const mnemonic = `${op.name}.${csr.name}`;
  const cite = `unpriv. 9.1 CSR Instructions; ${csr.cite}`;
  // Every CSR access traps below the CSR's level — a counter below M as well, under the monitor's
  // configuration (mcounteren = 0). A write to a read-only CSR (rs1 or uimm not 0) is illegal in
  // every mode: those encodings are not sensitive, so the entry is privileged where it matters.
  const klass = 'privileged';
  const doc = csr.doc;
  return op.imm
    ? b.insn(mnemonic, {
        cite,
        class: klass,
        encoding: `${number} uimm:5 ${op.funct3} rd:5 1110011` as const,
        syntax: `${op.name.toLowerCase()} {rd}, ${csr.name}, {uimm}`,
        ...(doc ? { doc } : {}),
        semantics: ({ rd, uimm }, $) => access($, csr, op, rd, zext(uimm, 32), uimm),
      })
    : b.insn(mnemonic, {
        cite,
        class: klass,
        encoding: `${number} rs1:5 ${op.funct3} rd:5 1110011` as const,
        syntax: `${op.name.toLowerCase()} {rd}, ${csr.name}, {rs1}`,
        ...(doc ? { doc } : {}),
        semantics: ({ rd, rs1 }, $) => access($, csr, op, rd, x(rs1), rs1),
      });
}

/** Every CSR instruction: six per writable CSR, four per read-only one. */
export const csrInstructions = csrs.flatMap((csr) => ops.filter((op) => op.combine || !csrReadOnly(csr.number)).map((op) => instruction(csr, op)));

/** satp with Sv32 (rv32-sv32): MODE Bare or Sv32 and the root PPN are kept, ASID is read-only zero (ASIDLEN = 0). */
const satpSv32: CsrDef = { ...csrs.find((c) => c.name === 'satp')!, write: ($, v) => $.set(r('satp'), satpWrite(v)), doc: 'MODE (Bare or Sv32) and PPN; ASID is read-only zero (ASIDLEN = 0)' };

/** The satp entries of rv32-sv32, replacing rv32's Bare-only ones. */
export const satpSv32Instructions = ops.map((op) => instruction(satpSv32, op));
