/**
 * Encoding and decoding of instruction words, derived from the encodings. Instruction bits are a
 * bigint here (encodings may span several cells); the cell at the lower address holds the lower
 * bits. The emulator builds its own fast decoder on top of `matchInstruction`.
 */
import type { EncodingDecl, FieldDecl, InstructionDecl, IsaDescription } from './description.js';
import { fixedPattern } from './validate/check-encoding.js';

/** The unsigned value of a field in the instruction bits. */
export function extractField(field: FieldDecl, bits: bigint): number {
  let v = 0n;
  for (const s of field.slices) {
    const w = BigInt(s.fieldHi - s.fieldLo + 1);
    v |= ((bits >> BigInt(s.at)) & ((1n << w) - 1n)) << BigInt(s.fieldLo);
  }
  return Number(v);
}

/** Bits of the field's value that no slice covers (these must be zero). */
export function uncoveredMask(field: FieldDecl): number {
  let covered = 0n;
  for (const s of field.slices) covered |= ((1n << BigInt(s.fieldHi - s.fieldLo + 1)) - 1n) << BigInt(s.fieldLo);
  return Number(((1n << BigInt(field.width)) - 1n) & ~covered);
}

/** Places a field value (unsigned, within the field's width) into instruction bits. */
export function insertField(field: FieldDecl, bits: bigint, value: number): bigint {
  let out = bits;
  const v = BigInt(value);
  for (const s of field.slices) {
    const w = BigInt(s.fieldHi - s.fieldLo + 1);
    const mask = ((1n << w) - 1n) << BigInt(s.at);
    out = (out & ~mask) | (((v >> BigInt(s.fieldLo)) & ((1n << w) - 1n)) << BigInt(s.at));
  }
  return out;
}

/** The instruction bits of `insn` with the given field values (unsigned). */
export function encode(insn: InstructionDecl, fields: Readonly<Record<string, number>>): bigint {
  let bits = fixedPattern(insn.encoding).value;
  for (const f of insn.encoding.fields) bits = insertField(f, bits, fields[f.name] ?? 0);
  return bits;
}

/** Splits instruction bits into cells, lowest first. */
export function toCells(bits: bigint, enc: EncodingDecl, cellBits: number): number[] {
  const n = enc.bits / cellBits;
  const mask = (1n << BigInt(cellBits)) - 1n;
  return Array.from({ length: n }, (_, i) => Number((bits >> BigInt(i * cellBits)) & mask));
}

/** Joins cells (lowest first) into instruction bits. */
export function fromCells(cells: readonly number[], cellBits: number): bigint {
  return cells.reduce((acc, c, i) => acc | (BigInt(c >>> 0) << BigInt(i * cellBits)), 0n);
}

export interface Decoded {
  insn: InstructionDecl;
  /** Field values, unsigned. */
  fields: Record<string, number>;
  /** Length in cells. */
  cells: number;
}

/** Whether the fixed bits of `insn` match `bits` (which must hold at least `insn.encoding.bits`). */
export function matches(insn: InstructionDecl, bits: bigint): boolean {
  const { mask, value } = fixedPattern(insn.encoding);
  return (bits & mask) === value;
}

/**
 * Decodes the instruction whose first cells are `cells` (give at least as many cells as the
 * longest encoding, or fewer near the end of storage). Returns undefined for no match.
 */
export function decode(isa: IsaDescription, cells: readonly number[]): Decoded | undefined {
  const cellBits = isa.state.storage.cellBits;
  const bits = fromCells(cells, cellBits);
  for (const insn of isa.instructions) {
    const n = insn.encoding.bits / cellBits;
    if (n > cells.length) continue;
    const mine = bits & ((1n << BigInt(insn.encoding.bits)) - 1n);
    if (!matches(insn, mine)) continue;
    const fields: Record<string, number> = {};
    for (const f of insn.encoding.fields) fields[f.name] = extractField(f, mine);
    return { insn, fields, cells: n };
  }
  return undefined;
}

/** Longest encoding of the ISA, in cells. */
export function maxCells(isa: IsaDescription): number {
  return Math.max(...isa.instructions.map((i) => i.encoding.bits / isa.state.storage.cellBits));
}
