/**
 * The 370's instruction formats (POO ch. 5, "Instructions": "Instruction Format"), as the
 * vocabulary entries are written in. Opcodes and field positions are the real ones; instructions
 * are 2, 4 or 6 bytes, stored most significant byte first, the opcode in the first byte (the S
 * format's in the first two):
 *
 *     RR   op:8 r1:4 r2:4
 *     RX   op:8 r1:4 x2:4 b2:4 d2:12          second operand at D2(X2,B2)
 *     RS   op:8 r1:4 r3:4 b2:4 d2:12          second operand at D2(B2)
 *     SI   op:8 i2:8 b1:4 d1:12               first operand at D1(B1), immediate I2
 *     S    op:16 b2:4 d2:12                   second operand at D2(B2)
 *
 * Register 0 named as a base or index means "none" (POO ch. 5, "Address Generation"); effective
 * addresses are 24 bits (carries out of bit 8 are ignored). Bits the POO says are ignored (RR's
 * R2 in SVC is the I field; RS shifts' R3; LPSW's and SSM's second byte) are fixed at zero here:
 * an instruction with those bits set is an operation exception in this model. Assembly syntax
 * names the registers r0-r15 (`l r1, 8(r0, r13)`), as IBM's assembler would write `L 1,8(0,13)`.
 */
import { add, eq, extract, ite, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl } from '../../description.js';
import { R, b, type S370Semantics } from './machine.js';

type B4 = Bits<4>;
export interface RRFields { r1: B4; r2: B4 }
export interface RXFields { r1: B4; x2: B4; b2: B4; d2: Bits<12> }
export interface RSFields { r1: B4; r3: B4; b2: B4; d2: Bits<12> }
export interface SIFields { i2: Bits<8>; b1: B4; d1: Bits<12> }
export interface SFields { b2: B4; d2: Bits<12> }

export interface Entry<F> {
  cite: string;
  class?: DeclaredClass;
  doc?: string;
  semantics: (f: F, $: S370Semantics) => void;
}

const bin = (v: number, width: number) => v.toString(2).padStart(width, '0');

function entry(mnemonic: string, picture: string, syntax: string, o: Entry<never>): InstructionDecl {
  return b.insn(mnemonic, {
    cite: o.cite,
    class: o.class ?? 'innocuous',
    encoding: picture,
    syntax,
    ...(o.doc ? { doc: o.doc } : {}),
    semantics: (f, $) => (o.semantics as (f: unknown, $: S370Semantics) => void)(f, $ as S370Semantics),
  });
}

/** A general register used as a base or index: register 0 contributes zero. */
export const baseOrIndex = (r: B4): Bits<32> => ite(eq(r, 0), c(32, 0), R(r) as Bits<32>);

/** The 24-bit effective address D(X,B) (POO ch. 5, "Address Generation"). */
export const address = (d: Bits<12>, bReg: B4, x?: B4): Bits<24> => {
  const sum = add(add(baseOrIndex(bReg), x ? baseOrIndex(x) : c(32, 0)), zext(d, 32));
  return extract(sum, 23, 0) as Bits<24>;
};

export const rr = (mnemonic: string, op: number, o: Entry<RRFields>, syntax = `${mnemonic.toLowerCase()} {r1}, {r2}`) =>
  entry(mnemonic, `${bin(op, 8)} r1:4 r2:4`, syntax, o as Entry<never>);
/** RR with R2 ignored (SPM): fixed at zero. */
export const rrOne = (mnemonic: string, op: number, o: Entry<Omit<RRFields, 'r2'>>) =>
  entry(mnemonic, `${bin(op, 8)} r1:4 0000`, `${mnemonic.toLowerCase()} {r1}`, o as Entry<never>);
export const rx = (mnemonic: string, op: number, o: Entry<RXFields>, syntax = `${mnemonic.toLowerCase()} {r1}, {d2}({x2}, {b2})`) =>
  entry(mnemonic, `${bin(op, 8)} r1:4 x2:4 b2:4 d2:12`, syntax, o as Entry<never>);
export const rs = (mnemonic: string, op: number, o: Entry<RSFields>, syntax = `${mnemonic.toLowerCase()} {r1}, {r3}, {d2}({b2})`) =>
  entry(mnemonic, `${bin(op, 8)} r1:4 r3:4 b2:4 d2:12`, syntax, o as Entry<never>);
/** RS with R3 ignored (the shifts): fixed at zero. */
export const rsShift = (mnemonic: string, op: number, o: Entry<Omit<RSFields, 'r3'>>) =>
  entry(mnemonic, `${bin(op, 8)} r1:4 0000 b2:4 d2:12`, `${mnemonic.toLowerCase()} {r1}, {d2}({b2})`, o as Entry<never>);
export const si = (mnemonic: string, op: number, o: Entry<SIFields>, syntax = `${mnemonic.toLowerCase()} {d1}({b1}), {i2}`) =>
  entry(mnemonic, `${bin(op, 8)} i2:8 b1:4 d1:12`, syntax, o as Entry<never>);
/** The S format: a 16-bit opcode (or an 8-bit one followed by an ignored byte, fixed at zero). */
export const s = (mnemonic: string, op: number, o: Entry<SFields>, syntax = `${mnemonic.toLowerCase()} {d2}({b2})`) =>
  entry(mnemonic, `${bin(op, 16)} b2:4 d2:12`, syntax, o as Entry<never>);
/** The S format with no operand used (PTLB, IPK): the base and displacement are ignored, fixed at zero. */
export const sBare = (mnemonic: string, op: number, o: Entry<Record<string, never>>) =>
  entry(mnemonic, `${bin(op, 16)} 0000000000000000`, mnemonic.toLowerCase(), o as Entry<never>);
