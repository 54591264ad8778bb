/**
 * Valid instruction words of every instruction of a description: an instruction (system
 * instructions weighted up), then a value for each operand field suited to its kind — register
 * numbers, small offsets and addresses inside a guest's storage, sometimes any value of the width.
 */
import fc from 'fast-check';
import type { FieldDecl, InstructionDecl, IsaDescription } from '../spec/description.js';
import { encode, toCellWords, uncoveredMask, type CellWord } from '../spec/encoding.js';
import { isSystemInstruction } from './system-state.js';

/** One generated instruction: what it is and the cells that encode it. */
export interface InstructionWord {
  mnemonic: string;
  /** Field values, unsigned. */
  fields: Record<string, number>;
  /** Bigints for cells wider than 52 bits. */
  cells: CellWord[];
}

export interface InstructionOptions {
  /** Addresses that targets and offsets should mostly fall below (a guest's storage size). @defaultValue 64 */
  addressRange?: number;
  /** How much likelier a system instruction is than another. @defaultValue 3 */
  systemWeight?: number;
  /** A weight per instruction, overriding `systemWeight` (0 leaves it out). */
  weight?: (insn: InstructionDecl, system: boolean) => number;
}

/** A value of `width` bits: mostly `small` (as a signed value wrapped to the width), sometimes anything. */
function fieldBits(width: number, small: fc.Arbitrary<number>): fc.Arbitrary<number> {
  const wrap = (v: number) => Number(BigInt.asUintN(width, BigInt(v)));
  const any =
    width <= 48
      ? fc.integer({ min: 0, max: 2 ** width - 1 })
      : fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n }).map(Number);
  return fc.oneof({ weight: 4, arbitrary: small.map(wrap) }, { weight: 1, arbitrary: any });
}

/** Values for one operand field. */
export function fieldValue(isa: IsaDescription, field: FieldDecl, addressRange = 64): fc.Arbitrary<number> {
  const op = field.operand;
  const arb = ((): fc.Arbitrary<number> => {
    switch (op.kind) {
      case 'register': {
        const file = isa.state.files.find((f) => f.name === op.file);
        return fc.integer({ min: 0, max: Math.min(file?.count ?? 2 ** field.width, 2 ** field.width) - 1 });
      }
      case 'enum':
        return fc.constantFrom(...Object.values(op.names));
      case 'target':
        return fieldBits(field.width, op.relative ? fc.integer({ min: -16, max: 16 }) : fc.integer({ min: 0, max: addressRange - 1 }));
      case 'immediate':
        return fieldBits(field.width, op.signed ? fc.integer({ min: -8, max: addressRange }) : fc.integer({ min: 0, max: addressRange }));
    }
  })();
  return arb.map((v) => allowedFieldValue(field, BigInt(v)));
}

/**
 * `raw` as a value the field can hold: its uncovered bits cleared and, when that value is one the
 * field excludes (`FieldDecl.excluded`: the word would be another instruction), the next allowed
 * one — so a generator built on it draws only words that decode as the instruction.
 */
export function allowedFieldValue(field: FieldDecl, raw: bigint): number {
  const size = 1n << BigInt(field.width);
  const mask = (size - 1n) & ~BigInt(uncoveredMask(field));
  let x = raw & mask;
  const excluded = field.excluded;
  if (excluded === undefined || excluded.length === 0) return Number(x);
  for (let i = 0n; i < size && excluded.includes(Number(x)); i++) x = ((x + 1n) % size) & mask;
  return Number(x);
}

/** Valid words of one instruction. */
export function instructionWordOf(isa: IsaDescription, insn: InstructionDecl, options: InstructionOptions = {}): fc.Arbitrary<InstructionWord> {
  const fields = Object.fromEntries(insn.encoding.fields.map((f) => [f.name, fieldValue(isa, f, options.addressRange)]));
  return fc.record(fields).map((values) => ({
    mnemonic: insn.mnemonic,
    fields: values,
    cells: toCellWords(encode(insn, values), insn.encoding, isa.state.storage),
  }));
}

/** Valid words of every instruction, system instructions weighted up. */
export function instructionWord(isa: IsaDescription, options: InstructionOptions = {}): fc.Arbitrary<InstructionWord> {
  const systemWeight = options.systemWeight ?? 3;
  const choices = isa.instructions
    .map((insn) => {
      const system = isSystemInstruction(isa, insn);
      return { weight: options.weight ? options.weight(insn, system) : system ? systemWeight : 1, arbitrary: instructionWordOf(isa, insn, options) };
    })
    .filter((c) => c.weight > 0);
  if (choices.length === 0) throw new Error(`instructionWord: every instruction of ${isa.name} has weight 0`);
  return fc.oneof(...choices);
}

export interface ProgramOptions extends InstructionOptions {
  /** @defaultValue 1 */
  minLength?: number;
  /** @defaultValue 16 */
  maxLength?: number;
}

/** Straight-line sequences of valid instruction words (what they do when run is up to them). */
export function program(isa: IsaDescription, options: ProgramOptions = {}): fc.Arbitrary<InstructionWord[]> {
  return fc.array(instructionWord(isa, options), { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 16 });
}
