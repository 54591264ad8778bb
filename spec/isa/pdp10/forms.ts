/**
 * How a PDP-10 entry is made: the basic instruction format (SRM §2.1), op:9 ac:4 i:1 x:4 y:18,
 * with the indirect bit fixed at 0 (machine.ts says why) and E computed once per instruction.
 * Assembly is `mnemonic {ac}, {y}({x})` — MACRO-10's `MOVE 1,FOO(2)` written `move ac1, foo(ac2)`.
 */
import type { Bits } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl, Operand } from '../../description.js';
import { b, effectiveAddress, op, type Pdp10Semantics } from './machine.js';

export interface Basic {
  ac: Bits<4>;
  x: Bits<4>;
  y: Bits<18>;
  /** The effective address. */
  e: Bits<18>;
}

export interface EntryInput {
  cite: string;
  class?: DeclaredClass;
  doc?: string;
  /** How assembly writes a field, where not as the ISA's operands say (JFCL's AC is a flag mask). */
  operands?: Partial<Record<'ac' | 'x' | 'y', Operand>>;
}

/** A basic-format entry: `op ac 0 x y`, E bound as `e`. */
export function basic(mnemonic: string, octal: number, input: EntryInput, semantics: (f: Basic, $: Pdp10Semantics) => void): InstructionDecl {
  return b.insn(mnemonic, {
    cite: input.cite,
    class: input.class ?? 'innocuous',
    ...(input.doc ? { doc: input.doc } : {}),
    ...(input.operands ? { operands: input.operands } : {}),
    encoding: `${op(octal)} ac:4 0 x:4 y:18` as const,
    syntax: `${mnemonic.toLowerCase()} {ac}, {y}({x})`,
    semantics: ({ ac, x, y }, $) => {
      const e = $.let('e', effectiveAddress(x as Bits<4>, y as Bits<18>));
      semantics({ ac: ac as Bits<4>, x: x as Bits<4>, y: y as Bits<18>, e }, $);
    },
  });
}

/** A basic-format entry whose AC field is fixed (JRST's variants): `op <acBits> 0 x y`, written `mnemonic {y}({x})`. */
export function fixedAc(mnemonic: string, octal: number, acBits: number, input: EntryInput, semantics: (f: Omit<Basic, 'ac'>, $: Pdp10Semantics) => void): InstructionDecl {
  return b.insn(mnemonic, {
    cite: input.cite,
    class: input.class ?? 'innocuous',
    ...(input.doc ? { doc: input.doc } : {}),
    encoding: `${op(octal)} ${op(acBits, 4)} 0 x:4 y:18` as const,
    syntax: `${mnemonic.toLowerCase()} {y}({x})`,
    semantics: ({ x, y }, $) => {
      const e = $.let('e', effectiveAddress(x as Bits<4>, y as Bits<18>));
      semantics({ x: x as Bits<4>, y: y as Bits<18>, e }, $);
    },
  });
}
