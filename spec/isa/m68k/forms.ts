/**
 * The vocabulary m68k entries are written in: an entry from operand shapes (ea.ts), the
 * condition codes as the PRM's tables define them (PRM 3.3 and each instruction's "Condition
 * Codes"), and the conditional tests (PRM table 3-19).
 */
import { all, and, any, eq, extract, ne, not, or, xor } from '../../builder/ops.js';
import type { Bits, Bool } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl, Operand } from '../../description.js';
import { b, flag, type M68kSemantics } from './machine.js';
import { shapes, type Fields, type Role, type Size, type Tag } from './ea.js';

/** The operation-size bits of most instructions (PRM 2.1: 00 byte, 01 word, 10 long). */
export const sizeBits = { B: '00', W: '01', L: '10' } as const;
/** MOVE's own size bits (PRM 4, MOVE: 01 byte, 11 word, 10 long). */
export const moveSizeBits = { B: '01', W: '11', L: '10' } as const;

export interface EntryInput {
  cite: string;
  class?: DeclaredClass;
  picture: string;
  syntax: string;
  operands?: Record<string, Operand>;
  doc?: string;
  semantics: (f: Fields, $: M68kSemantics) => void;
}

/** One instruction entry (the picture's fields are known only when the entry is made). */
export function entry(mnemonic: string, o: EntryInput): InstructionDecl {
  return b.insn(mnemonic, {
    cite: o.cite,
    class: o.class ?? 'innocuous',
    encoding: o.picture,
    syntax: o.syntax,
    ...(o.operands ? { operands: o.operands } : {}),
    ...(o.doc ? { doc: o.doc } : {}),
    semantics: (fs, $) => o.semantics(fs as unknown as Fields, $ as M68kSemantics),
  });
}

/** A shape's picture, syntax and operands for one role and size. */
export function operandOf(tag: Tag, r: Role, size: Size) {
  const s = shapes[tag];
  return { ea: s.ea(r), ext: s.ext(r, size), syntax: s.syntax(r), operands: s.operands(r) };
}

/** MOVE writes its destination's register before its mode (PRM 4, MOVE). */
export const registerThenMode = (ea: string): string => ea.split(' ').reverse().join(' ');

/** The pictures of an operation word and extension words, in address order. */
export const picture = (...parts: string[]): string => parts.filter((p) => p !== '').join(' ');

const msb = (v: Bits<number>): Bool => extract(v, v.width - 1, v.width - 1) as Bool;

/** N and Z from a result. */
export function setNZ($: M68kSemantics, r: Bits<number>): void {
  $.set(flag.N, msb(r));
  $.set(flag.Z, eq(r, 0));
}

/** Logical operations and moves: N, Z from the result; V, C cleared; X unchanged. */
export function logicFlags($: M68kSemantics, r: Bits<number>): void {
  setNZ($, r);
  $.set(flag.V, 0);
  $.set(flag.C, 0);
}

/** ADD (PRM 4, ADD: V = Sm∧Dm∧¬Rm ∨ ¬Sm∧¬Dm∧Rm; C = Sm∧Dm ∨ ¬Rm∧Dm ∨ Sm∧¬Rm; X = C). */
export function addFlags($: M68kSemantics, s: Bits<number>, d: Bits<number>, r: Bits<number>): void {
  setNZ($, r);
  $.set(flag.V, msb(and(xor(s, r), xor(d, r))));
  const carry = $.let('carry', msb(or(and(s, d), and(not(r), or(s, d)))));
  $.set(flag.C, carry);
  $.set(flag.X, carry);
}

/** SUB and CMP, R = D − S (PRM 4, SUB: V = ¬Sm∧Dm∧¬Rm ∨ Sm∧¬Dm∧Rm; C = Sm∧¬Dm ∨ Rm∧¬Dm ∨ Sm∧Rm); CMP leaves X. */
export function subFlags($: M68kSemantics, s: Bits<number>, d: Bits<number>, r: Bits<number>, setX: boolean): void {
  setNZ($, r);
  $.set(flag.V, msb(and(xor(s, d), xor(d, r))));
  const borrow = $.let('borrow', msb(or(and(s, not(d)), and(r, or(s, not(d))))));
  $.set(flag.C, borrow);
  if (setX) $.set(flag.X, borrow);
}

/** The conditional tests (PRM table 3-19), by the 4-bit condition field's value. */
export const conditions: Record<string, { code: string; test: () => Bool }> = {
  HI: { code: '0010', test: () => all(eq(flag.C, 0), eq(flag.Z, 0)) },
  LS: { code: '0011', test: () => any(eq(flag.C, 1), eq(flag.Z, 1)) },
  CC: { code: '0100', test: () => eq(flag.C, 0) },
  CS: { code: '0101', test: () => eq(flag.C, 1) },
  NE: { code: '0110', test: () => eq(flag.Z, 0) },
  EQ: { code: '0111', test: () => eq(flag.Z, 1) },
  VC: { code: '1000', test: () => eq(flag.V, 0) },
  VS: { code: '1001', test: () => eq(flag.V, 1) },
  PL: { code: '1010', test: () => eq(flag.N, 0) },
  MI: { code: '1011', test: () => eq(flag.N, 1) },
  GE: { code: '1100', test: () => eq(flag.N, flag.V) },
  LT: { code: '1101', test: () => ne(flag.N, flag.V) },
  GT: { code: '1110', test: () => all(eq(flag.Z, 0), eq(flag.N, flag.V)) },
  LE: { code: '1111', test: () => any(eq(flag.Z, 1), ne(flag.N, flag.V)) },
};
