/**
 * MRC and MCR to CP15, the system control coprocessor (ARM ARM A8.8.108 MRC, A8.8.99 MCR;
 * B3.17 the CP15 registers of a VMSA implementation; B4.1 their descriptions).
 *
 *   MCR  1110 1110 opc1 0 CRn Rt 1111 opc2 1 CRm
 *   MRC  1110 1110 opc1 1 CRn Rt 1111 opc2 1 CRm
 *
 * As rv32 does with CSRs, each (operation, register) pair is its own entry with (opc1, CRn, CRm,
 * opc2) as fixed bits, so that the register's access rights (B3.17.1) are data of the entry and
 * the checker classifies MCR.SCTLR apart from MRC.TPIDRURW. An encoding no entry declares is
 * UNDEFINED (B3.17: "an access to an unallocated CP15 encoding is UNDEFINED"), and so is an access
 * the current mode may not make: "CP15 access from PL0 is UNDEFINED" except for the few registers
 * PL0 may use (the User thread ID registers, the legacy barrier operations).
 *
 * MCR with Rt = PC is UNPREDICTABLE (Undefined Instruction here); MRC with Rt = PC writes bits
 * 31:28 of the value to APSR.N, Z, C, V (A8.8.108). Other coprocessors are not modelled (no
 * CP14, VFP or Advanced SIMD): their encodings are UNDEFINED.
 */
import { and, eq, extract, or } from '../../builder/ops.js';
import { c, type Bits, type Loc } from '../../builder/bits.js';
import { armBuilder as b, isUser, type ArmSemantics as S } from './machine.js';

const r = b.file('r');
type Reg = Parameters<typeof b.reg>[0];
const reg = (name: Reg) => b.reg(name) as unknown as Loc<32>;

/** Who may use a register, by access (B3.17.1): PL1 only, or PL0 too. */
type Rights = { read?: 'pl1' | 'pl0'; write?: 'pl1' | 'pl0' };

interface Cp15Def {
  name: string;
  /** opc1, CRn, CRm, opc2 */
  at: [number, number, number, number];
  cite: string;
  rights: Rights;
  read?: () => Bits<32>;
  write?: ($: S, v: Bits<32>) => void;
  doc?: string;
}

/** SCTLR: C, Z, I are kept (no caches or predictors modelled); M, A, V, EE, TE, NMFI read 0; RAO bits read 1. */
const SCTLR_WRITABLE = (1 << 2) | (1 << 11) | (1 << 12);
const SCTLR_ONES = 0x00c5_0078;
/** MIDR of an ARM Cortex-A8 r0p0 (implementer 0x41, architecture 0xF: the CPUID scheme). */
const MIDR = 0x410f_c080;

const plain = (name: Reg) => ({ read: () => reg(name), write: ($: S, v: Bits<32>) => $.set(reg(name), v) });
const nothing = { write: () => {} };

export const cp15Registers: Cp15Def[] = [
  { name: 'MIDR', at: [0, 0, 0, 0], cite: 'B4.1.105 MIDR', rights: { read: 'pl1' }, read: () => c(32, MIDR) },
  {
    name: 'SCTLR',
    at: [0, 1, 0, 0],
    cite: 'B4.1.130 SCTLR',
    rights: { read: 'pl1', write: 'pl1' },
    read: () => reg('SCTLR'),
    write: ($, v) => $.set(reg('SCTLR'), or(and(v, SCTLR_WRITABLE), SCTLR_ONES)),
    doc: 'M (the MMU), A (alignment checking), V (high vectors), EE, TE and NMFI read 0: not modelled.',
  },
  { name: 'TTBR0', at: [0, 2, 0, 0], cite: 'B4.1.154 TTBR0', rights: { read: 'pl1', write: 'pl1' }, ...plain('TTBR0') },
  { name: 'TTBR1', at: [0, 2, 0, 1], cite: 'B4.1.155 TTBR1', rights: { read: 'pl1', write: 'pl1' }, ...plain('TTBR1') },
  {
    name: 'TTBCR',
    at: [0, 2, 0, 2],
    cite: 'B4.1.153 TTBCR',
    rights: { read: 'pl1', write: 'pl1' },
    read: () => reg('TTBCR'),
    write: ($, v) => $.set(reg('TTBCR'), and(v, 0x37)),
    doc: 'N, PD0, PD1 (Short-descriptor format); no effect: the MMU is not modelled.',
  },
  { name: 'DACR', at: [0, 3, 0, 0], cite: 'B4.1.43 DACR', rights: { read: 'pl1', write: 'pl1' }, ...plain('DACR') },
  { name: 'DFSR', at: [0, 5, 0, 0], cite: 'B4.1.52 DFSR', rights: { read: 'pl1', write: 'pl1' }, ...plain('DFSR') },
  { name: 'IFSR', at: [0, 5, 0, 1], cite: 'B4.1.96 IFSR', rights: { read: 'pl1', write: 'pl1' }, ...plain('IFSR') },
  { name: 'DFAR', at: [0, 6, 0, 0], cite: 'B4.1.51 DFAR', rights: { read: 'pl1', write: 'pl1' }, ...plain('DFAR') },
  { name: 'IFAR', at: [0, 6, 0, 2], cite: 'B4.1.95 IFAR', rights: { read: 'pl1', write: 'pl1' }, ...plain('IFAR') },
  { name: 'ICIALLU', at: [0, 7, 5, 0], cite: 'B4.2.1 cache maintenance operations (ICIALLU)', rights: { write: 'pl1' }, ...nothing, doc: 'No caches modelled: nothing to invalidate.' },
  { name: 'CP15ISB', at: [0, 7, 5, 4], cite: 'B4.2 CP15 c7 barrier operations: CP15ISB (deprecated)', rights: { write: 'pl0' }, ...nothing, doc: 'Executable at PL0.' },
  { name: 'CP15DSB', at: [0, 7, 10, 4], cite: 'B4.2 CP15 c7 barrier operations: CP15DSB (deprecated)', rights: { write: 'pl0' }, ...nothing, doc: 'Executable at PL0.' },
  { name: 'CP15DMB', at: [0, 7, 10, 5], cite: 'B4.2 CP15 c7 barrier operations: CP15DMB (deprecated)', rights: { write: 'pl0' }, ...nothing, doc: 'Executable at PL0.' },
  { name: 'TLBIALL', at: [0, 8, 7, 0], cite: 'B4.2.3 TLB maintenance operations (TLBIALL)', rights: { write: 'pl1' }, ...nothing, doc: 'No TLB modelled: nothing to invalidate.' },
  { name: 'CONTEXTIDR', at: [0, 13, 0, 1], cite: 'B4.1.36 CONTEXTIDR', rights: { read: 'pl1', write: 'pl1' }, ...plain('CONTEXTIDR') },
  { name: 'TPIDRURW', at: [0, 13, 0, 2], cite: 'B4.1.151 TPIDRURW', rights: { read: 'pl0', write: 'pl0' }, ...plain('TPIDRURW') },
  { name: 'TPIDRURO', at: [0, 13, 0, 3], cite: 'B4.1.151 TPIDRURO', rights: { read: 'pl0', write: 'pl1' }, ...plain('TPIDRURO') },
  { name: 'TPIDRPRW', at: [0, 13, 0, 4], cite: 'B4.1.151 TPIDRPRW', rights: { read: 'pl1', write: 'pl1' }, ...plain('TPIDRPRW') },
];

const bin = (n: number, w: number) => n.toString(2).padStart(w, '0');

/** PL1 only: the Undefined Instruction exception in User mode (B3.17.1). */
const guard = ($: S, right: 'pl0' | 'pl1') => {
  if (right === 'pl1') $.trapIf(isUser, 'privileged');
};

function mrc(def: Cp15Def) {
  const [opc1, crn, crm, opc2] = def.at;
  return b.insn(`MRC.${def.name}`, {
    cite: `ARM ARM A8.8.108 MRC; B3.17; ${def.cite}`,
    class: def.rights.read === 'pl0' ? 'innocuous' : 'privileged',
    encoding: `1110 1110 ${bin(opc1, 3)} 1 ${bin(crn, 4)} rt:4 1111 ${bin(opc2, 3)} 1 ${bin(crm, 4)}` as const,
    syntax: `mrc p15, ${opc1}, {rt}, c${crn}, c${crm}, ${opc2}`,
    ...(def.doc ? { doc: def.doc } : {}),
    semantics: ({ rt }, $) => {
      guard($, def.rights.read!);
      const v = $.let('value', def.read!());
      $.if(
        eq(rt, 15),
        () => {
          (['N', 'Z', 'C', 'V'] as const).forEach((f, k) => $.set(b.reg(`CPSR.${f}`), extract(v, 31 - k, 31 - k)));
        },
        () => $.set(r(rt), v),
      );
    },
  });
}

function mcr(def: Cp15Def) {
  const [opc1, crn, crm, opc2] = def.at;
  return b.insn(`MCR.${def.name}`, {
    cite: `ARM ARM A8.8.99 MCR; B3.17; ${def.cite}`,
    class: def.rights.write === 'pl0' ? 'innocuous' : 'privileged',
    encoding: `1110 1110 ${bin(opc1, 3)} 0 ${bin(crn, 4)} rt:4 1111 ${bin(opc2, 3)} 1 ${bin(crm, 4)}` as const,
    syntax: `mcr p15, ${opc1}, {rt}, c${crn}, c${crm}, ${opc2}`,
    ...(def.doc ? { doc: def.doc } : {}),
    semantics: ({ rt }, $) => {
      $.trapIf(eq(rt, 15), 'undefined');
      guard($, def.rights.write!);
      def.write!($, r(rt));
    },
  });
}

export const cp15Instructions = cp15Registers.flatMap((d) => [...(d.rights.read ? [mrc(d)] : []), ...(d.rights.write ? [mcr(d)] : [])]);
