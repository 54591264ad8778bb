/**
 * The vocabulary every armv7a entry shares: register reads and writes with R15 and the banked
 * registers, the bank swap, CPSR and SPSR writes, the PC writes, and exception entry.
 *
 * Banking (B1.3.2, Table B1-2), written as the brief's workaround until the language has banked
 * registers: the file `r` holds the current mode's copies; `swapBanks` is the one place that
 * moves copies between it and the saved registers, and it runs wherever CPSR.M changes (here in
 * `writeCpsr` and `exceptionEntry`, which are the only writers of CPSR.M). Reads and writes of
 * another mode's copy (`readBanked`, `writeBanked`: SRS, LDM/STM user registers) take the active
 * copy when that mode's bank is current, the saved one otherwise.
 *
 * These functions take the state through `StateSource`, so that the trap sequence (recorded while
 * the builder is made) and the instructions use the same code.
 */
import { add, and, any, concat, eq, extract, ite, ne, not, or, trapCode, trapValue } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import type { Semantics } from '../../builder/recorder.js';
import { EXC, MODE } from './machine-constants.js';

/** Read access to the state, as the builder and the trap sequence give it. */
export interface StateSource {
  reg(name: string): Loc<number>;
  file(name: 'r'): (index: Bits<4>) => Loc<32>;
}

type Sem = Semantics<string>;

const r32 = (s: StateSource, name: string) => s.reg(name) as unknown as Loc<32>;
const modeOf = (s: StateSource) => s.reg('CPSR.M') as unknown as Loc<5>;

/** The banks of R13/R14 (usr and sys share one) and of R8-R12 (FIQ and the rest), by index. */
const SP_BANKS = ['usr', 'fiq', 'irq', 'svc', 'abt', 'und'] as const;
const FIQ_BANKS = ['usr', 'fiq'] as const;

/** Which bank of R13/R14 a mode uses: its index in SP_BANKS. */
function spBank(m: Bits<5>): Bits<3> {
  const pick = (mode: number, i: number, rest: Bits<3>) => ite(eq(m, mode), c(3, i), rest);
  return pick(MODE.fiq, 1, pick(MODE.irq, 2, pick(MODE.svc, 3, pick(MODE.abt, 4, pick(MODE.und, 5, c(3, 0))))));
}
/** Which bank of R8-R12 a mode uses: 1 for FIQ. */
const fiqBank = (m: Bits<5>): Bits<3> => ite(eq(m, MODE.fiq), c(3, 1), c(3, 0));

const groups = [
  { registers: [13, 14], banks: SP_BANKS, bank: spBank },
  { registers: [8, 9, 10, 11, 12], banks: FIQ_BANKS, bank: fiqBank },
] as const;

const groupOf = (i: number) => groups.find((g) => (g.registers as readonly number[]).includes(i))!;
const savedName = (i: number, bank: string) => `R${i}_${bank}`;

/** Bank `k`'s saved copy of register i, as one expression over k. */
function savedCopy(s: StateSource, i: number, k: Bits<3>): Bits<32> {
  const g = groupOf(i);
  return g.banks.slice(1).reduceRight<Bits<32>>((rest, bank, j) => ite(eq(k, j + 1), r32(s, savedName(i, bank)), rest), r32(s, savedName(i, g.banks[0])));
}

/**
 * The bank swap: before CPSR.M changes from `from` to `to`, each banked register whose bank
 * differs saves the active copy in `from`'s slot and takes `to`'s saved copy.
 */
export function swapBanks($: Sem, s: StateSource, from: Bits<5>, to: Bits<5>): void {
  const r = s.file('r');
  for (const g of groups) {
    const f = g.bank(from);
    const t = g.bank(to);
    $.if(ne(f, t), () => {
      for (const i of g.registers) {
        g.banks.forEach((bank, k) => $.if(eq(f, k), () => $.set(r32(s, savedName(i, bank)), r(c(4, i)))));
        $.set(r(c(4, i)), savedCopy(s, i, t));
      }
    });
  }
}

/** Register i (8-14) of mode `m`: the active copy when m's bank is current, else the saved one. */
export function readBanked(s: StateSource, i: number, m: Bits<5>): Bits<32> {
  const g = groupOf(i);
  return ite(eq(g.bank(m), g.bank(modeOf(s))), s.file('r')(c(4, i)), savedCopy(s, i, g.bank(m)));
}

/** Writes register i (8-14) of mode `m` (see `readBanked`). */
export function writeBanked($: Sem, s: StateSource, i: number, m: Bits<5>, v: Bits<32>): void {
  const g = groupOf(i);
  const k = g.bank(m);
  $.if(
    eq(k, g.bank(modeOf(s))),
    () => $.set(s.file('r')(c(4, i)), v),
    () => g.banks.forEach((bank, j) => $.if(eq(k, j), () => $.set(r32(s, savedName(i, bank)), v))),
  );
}

/** BadMode (B1.3.1): not one of the seven modes this processor has. */
export function badMode(m: Bits<5>): Bool {
  return not(any(...Object.values(MODE).map((v) => eq(m, v))));
}

/** The SPSR of the current mode (0 in usr/sys, where callers have already trapped). */
export function spsr(s: StateSource): Bits<32> {
  const m = modeOf(s);
  return (['fiq', 'irq', 'svc', 'abt', 'und'] as const).reduceRight<Bits<32>>((rest, name) => ite(eq(m, MODE[name]), r32(s, `SPSR_${name}`), rest), c(32, 0));
}

/** Expands a 4-bit byte mask to the 32-bit mask it selects. */
export function byteMask(mask: Bits<4>): Bits<32> {
  const byte = (i: number) => ite(eq(extract(mask, i, i), 1), c(8, 0xff), c(8, 0));
  return concat(byte(3), byte(2), byte(1), byte(0)) as unknown as Bits<32>;
}

/** SPSRWriteByInstr (B1.3.3): the bytes `mask` selects, into the current mode's SPSR. */
export function writeSpsr($: Sem, s: StateSource, value: Bits<32>, mask: Bits<4>): void {
  const m = modeOf(s);
  const bm = byteMask(mask);
  for (const name of ['fiq', 'irq', 'svc', 'abt', 'und'] as const) {
    const loc = r32(s, `SPSR_${name}`);
    $.if(eq(m, MODE[name]), () => $.set(loc, or(and(loc, not(bm)), and(value, bm))));
  }
}

/**
 * Writes CPSR.M with the bank swap: the only way this model changes mode besides exception
 * entry. A value no mode has is UNPREDICTABLE (B1.3.1): the Undefined Instruction exception.
 */
export function changeMode($: Sem, s: StateSource, to: Bits<5>): void {
  const m = modeOf(s);
  $.trapIf(badMode(to), 'undefined');
  swapBanks($, s, m, to);
  $.set(m, to);
}

/**
 * CPSRWriteByInstr (B1.3.3): the bytes of `value` that `mask` selects, as far as the current mode
 * may write them. Without the Security Extensions IsSecure() is TRUE, so PL1 writes A and F
 * (SCTLR.NMFI is 0). E (little-endian only), IT, J and T (ARM state only) are not modelled; an
 * exception return would restore them from the SPSR, and here ignores them.
 */
export function writeCpsr($: Sem, s: StateSource, value: Bits<32>, mask: Bits<4>): void {
  const privileged = ne(modeOf(s), MODE.usr);
  const bit = (i: number) => extract(value, i, i);
  const set = (field: string, v: Bits<number>) => $.set(s.reg(`CPSR.${field}`), v as never);
  const maskBit = (i: number) => eq(extract(mask, i, i), 1);
  $.if(maskBit(3), () => {
    set('N', bit(31));
    set('Z', bit(30));
    set('C', bit(29));
    set('V', bit(28));
    set('Q', bit(27));
  });
  $.if(maskBit(2), () => set('GE', extract(value, 19, 16)));
  $.if(and(maskBit(1), privileged), () => set('A', bit(8)));
  $.if(and(maskBit(0), privileged), () => {
    set('I', bit(7));
    set('F', bit(6));
    changeMode($, s, extract(value, 4, 0));
  });
}

/** R[i] as an operand (A2.3): R15 reads as the address of the instruction plus 8. */
export function readR(s: StateSource, i: Bits<4>): Bits<32> {
  return ite(eq(i, 15), add(r32(s, 'PC'), 8), s.file('r')(i));
}

/** BranchWritePC (A2.3.2), ARM state: bits 1:0 of the address are ignored. */
export function branchWritePC($: Sem, s: StateSource, address: Bits<32>): void {
  $.set(r32(s, 'PC'), and(address, ~3));
}

/**
 * BXWritePC (A2.3.2), which ALUWritePC and LoadWritePC are in ARM state on ARMv7: bit 0 set
 * selects Thumb state, which this model lacks (the Undefined Instruction exception at the
 * branch); bits 1:0 = 0b10 are UNPREDICTABLE (Undefined Instruction).
 */
export function bxWritePC($: Sem, s: StateSource, address: Bits<32>): void {
  $.trapIf(ne(extract(address, 1, 0), 0), 'undefined');
  $.set(r32(s, 'PC'), address);
}

/** R[i] := v, where R15 is a write to the PC (ALUWritePC / LoadWritePC: BXWritePC on ARMv7). */
export function writeR($: Sem, s: StateSource, i: Bits<4>, v: Bits<32>): void {
  $.if(eq(i, 15), () => bxWritePC($, s, v), () => $.set(s.file('r')(i), v));
}

/**
 * Exception return (B1.9.10, the shared part of SUBS PC, LR, RFE and LDM (exception return)):
 * CPSR := the SPSR, all of it that the model holds, then BranchWritePC. UNPREDICTABLE in User
 * and System mode (no SPSR): the Undefined Instruction exception, as a mode-caused trap.
 */
export function exceptionReturn($: Sem, s: StateSource, address: Bits<32>, status: Bits<32>): void {
  const st = $.let('eret_spsr', status);
  const target = $.let('eret_pc', address);
  writeCpsr($, s, st, c(4, 0xf));
  branchWritePC($, s, target);
}

/**
 * Exception entry (B1.9.1-B1.9.9), the trap sequence. From the code: the mode entered, the vector
 * (at 0: SCTLR.V reads 0) and the offset of the preferred return address kept in LR (B1.9.1,
 * Table B1-7: +4 for Undefined, SVC and Prefetch Abort, +8 for Data Abort). SPSR_<mode> gets the
 * CPSR, the banks swap, CPSR.M becomes the mode, I is set, A is set for aborts (F only on FIQ,
 * never taken here). Aborts also write the fault status and address registers (B4.1.52, B4.1.96):
 * FS 0b01000 synchronous external abort, 0b00001 alignment, 0b00010 debug event; WnR is DFSR
 * bit 11.
 */
export function exceptionEntry($: Sem, s: StateSource): void {
  const code = trapCode(8);
  const value = trapValue(32);
  const isUndef = eq(code, EXC.undefined);
  const isSvc = eq(code, EXC.svc);
  const isPabt = or(eq(code, EXC.prefetchAbort), eq(code, 5));
  const isDabt = not(or(or(isUndef, isSvc), isPabt));
  const target = $.let('exc_mode', ite(isUndef, c(5, MODE.und), ite(isSvc, c(5, MODE.svc), c(5, MODE.abt))));
  const vector = ite(isUndef, c(32, 0x04), ite(isSvc, c(32, 0x08), ite(isPabt, c(32, 0x0c), c(32, 0x10))));
  const pc = r32(s, 'PC');
  const link = $.let('exc_link', add(pc, ite(isDabt, c(32, 8), c(32, 4))));
  const oldCpsr = $.let('exc_cpsr', s.reg('CPSR') as unknown as Bits<32>);
  for (const name of ['svc', 'abt', 'und'] as const) $.if(eq(target, MODE[name]), () => $.set(r32(s, `SPSR_${name}`), oldCpsr));
  swapBanks($, s, modeOf(s), target);
  $.set(modeOf(s), target);
  $.set(s.file('r')(c(4, 14)), link);
  $.set(s.reg('CPSR.I') as unknown as Loc<1>, 1);
  $.if(or(isPabt, isDabt), () => $.set(s.reg('CPSR.A') as unknown as Loc<1>, 1));
  // Fault status: code 3 external abort on fetch, 5 BKPT; 4/6 external abort on read/write, 7/8 alignment.
  $.if(isPabt, () => {
    $.set(r32(s, 'IFSR'), ite(eq(code, 5), c(32, 0x002), c(32, 0x008)));
    $.if(eq(code, EXC.prefetchAbort), () => $.set(r32(s, 'IFAR'), value));
  });
  $.if(isDabt, () => {
    const alignment = or(eq(code, 7), eq(code, 8));
    const write = or(eq(code, 6), eq(code, 8));
    $.set(r32(s, 'DFSR'), or(ite(alignment, c(32, 0x001), c(32, 0x008)), ite(write, c(32, 0x800), c(32, 0))));
    $.set(r32(s, 'DFAR'), value);
  });
  $.set(pc, vector);
}
