/**
 * The vocabulary the x86 entries are written in: encodings in memory order, the model's context
 * (builder, state access, features), the arithmetic flags (SDM 1, 3.4.3.1 and each instruction's
 * "Flags Affected") and the conditions of Jcc (SDM 2, Jcc; SDM 1, appendix B).
 */
import { and, bit, eq, extract, ite, not, or, ult, xor } from '../../builder/ops.js';
import type { Bits, Bool } from '../../builder/bits.js';
import type { GprFile, StateLoc, X86Builder, X86Features, X86Semantics } from './machine.js';

/** A picture written in memory order, byte groups separated by ` | ` (first byte first). */
export type InMemoryOrder<S extends string> = S extends `${infer H} | ${infer T}` ? `${InMemoryOrder<T>} ${H}` : S;

/**
 * The bit picture (most significant bit first) of an encoding written in memory order: x86 is
 * little-endian, so the opcode byte, first in memory, holds the encoding's lowest bits. A group
 * may be a multi-byte field (`imm:32`): its value is little-endian in memory, as x86's are.
 */
export function bytes<const S extends string>(picture: S): InMemoryOrder<S> {
  return picture.split(' | ').reverse().join(' ') as InMemoryOrder<S>;
}

/** What every entry file needs: the builder of the model being made, state access, features. */
export interface X86Context {
  readonly b: X86Builder;
  readonly reg: StateLoc;
  readonly R: GprFile;
  readonly features: X86Features;
}

export function context(b: X86Builder, features: X86Features): X86Context {
  return {
    b,
    reg: (name: string) => b.reg(name as never) as never,
    R: b.file('R') as unknown as GprFile,
    features,
  };
}

const msb = (v: Bits<32>): Bool => bit(v, 31);

/** SF, ZF from a result. */
export function setSZ($: X86Semantics, reg: StateLoc, r: Bits<32>): void {
  $.set(reg('EFLAGS.SF'), msb(r));
  $.set(reg('EFLAGS.ZF'), eq(r, 0));
}

/** AND, OR, XOR, TEST: OF = CF = 0; SF, ZF from the result (PF is not modelled, AF undefined). */
export function logicFlags($: X86Semantics, reg: StateLoc, r: Bits<32>): void {
  setSZ($, reg, r);
  $.set(reg('EFLAGS.OF'), 0);
  $.set(reg('EFLAGS.CF'), 0);
}

/** ADD (r = a + b): CF the carry out, OF the signed overflow. `carry: false` leaves CF (INC). */
export function addFlags($: X86Semantics, reg: StateLoc, a: Bits<32>, b: Bits<32>, r: Bits<32>, carry = true): void {
  setSZ($, reg, r);
  $.set(reg('EFLAGS.OF'), msb(and(not(xor(a, b)), xor(a, r))));
  if (carry) $.set(reg('EFLAGS.CF'), ult(r, a));
}

/** SUB and CMP (r = a − b): CF the borrow, OF the signed overflow. `carry: false` leaves CF (DEC). */
export function subFlags($: X86Semantics, reg: StateLoc, a: Bits<32>, b: Bits<32>, r: Bits<32>, carry = true): void {
  setSZ($, reg, r);
  $.set(reg('EFLAGS.OF'), msb(and(xor(a, b), xor(a, r))));
  if (carry) $.set(reg('EFLAGS.CF'), ult(a, b));
}

/** The condition codes of Jcc by their tttn encoding (SDM 2, appendix B.1.4.7); P/NP are left out (PF is not modelled). */
export function conditions(reg: StateLoc): { name: string; tttn: number; holds: Bool }[] {
  const f = (n: string) => reg(`EFLAGS.${n}`) as unknown as Bool;
  const set = (x: Bool) => eq(x, 1);
  const clear = (x: Bool) => eq(x, 0);
  const lt = xor(f('SF'), f('OF'));
  return [
    { name: 'o', tttn: 0x0, holds: set(f('OF')) },
    { name: 'no', tttn: 0x1, holds: clear(f('OF')) },
    { name: 'b', tttn: 0x2, holds: set(f('CF')) },
    { name: 'ae', tttn: 0x3, holds: clear(f('CF')) },
    { name: 'e', tttn: 0x4, holds: set(f('ZF')) },
    { name: 'ne', tttn: 0x5, holds: clear(f('ZF')) },
    { name: 'be', tttn: 0x6, holds: set(or(f('CF'), f('ZF'))) },
    { name: 'a', tttn: 0x7, holds: clear(or(f('CF'), f('ZF'))) },
    { name: 's', tttn: 0x8, holds: set(f('SF')) },
    { name: 'ns', tttn: 0x9, holds: clear(f('SF')) },
    { name: 'l', tttn: 0xc, holds: set(lt) },
    { name: 'ge', tttn: 0xd, holds: clear(lt) },
    { name: 'le', tttn: 0xe, holds: set(or(lt, f('ZF'))) },
    { name: 'g', tttn: 0xf, holds: clear(or(lt, f('ZF'))) },
  ];
}

/** A 4-bit constant's bits as a picture (for opcode bytes with a condition or register in them). */
export const bits4 = (v: number): string => v.toString(2).padStart(4, '0');
export const bits3 = (v: number): string => v.toString(2).padStart(3, '0');

/** The low byte of a 32-bit register, or bits 15:8 for AH CH DH BH (the 8-bit register numbers 4-7; SDM 2, table 2-2). */
export function byteRegister(R: GprFile, n: Bits<3>): Bits<8> {
  const r = R(and(n, 3));
  return ite(bit(n, 2), extract(r, 15, 8), extract(r, 7, 0));
}
