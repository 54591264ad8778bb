/**
 * Encoding and decoding of instruction words, derived from the encodings. Instruction bits are a
 * bigint here (encodings may span several cells), placed in cells in the storage's byte order
 * (`StorageDecl.endianness`). The emulator builds its own fast decoder on top of `matchInstruction`.
 */
import type { EncodingDecl, FieldDecl, InstructionDecl, IsaDescription, StorageDecl } from './description.js';
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

/** What placing a value in cells depends on: the cell width and the order of the cells. */
export type CellOrder = Pick<StorageDecl, 'cellBits' | 'endianness'>;

/**
 * Which cell-sized slice of an `n`-cell value (0 the least significant) the cell at address
 * offset `offset` holds: the same slice in little-endian storage, the mirror one in big-endian.
 */
export function sliceAt(offset: number, n: number, order: CellOrder): number {
  return order.endianness === 'big' ? n - 1 - offset : offset;
}

/** A cell's value: a number, or a bigint for a cell wider than 52 bits (as the machine's API gives it). */
export type CellWord = number | bigint;

/** Splits a value of `enc.bits` bits into cells of at most 52 bits, in address order (any width: `toCellWords`). */
export function toCells(bits: bigint, enc: Pick<EncodingDecl, 'bits'>, order: CellOrder): number[] {
  if (order.cellBits > 52) throw new Error(`toCells: ${order.cellBits}-bit cells are bigints: split them with toCellWords`);
  return toCellWords(bits, enc, order) as number[];
}

/** Splits a value of `enc.bits` bits into cells, in address order (numbers; bigints for cells wider than 52 bits). */
export function toCellWords(bits: bigint, enc: Pick<EncodingDecl, 'bits'>, order: CellOrder): CellWord[] {
  const { cellBits } = order;
  const n = enc.bits / cellBits;
  const mask = (1n << BigInt(cellBits)) - 1n;
  const big = cellBits > 52;
  return Array.from({ length: n }, (_, i) => {
    const c = (bits >> BigInt(sliceAt(i, n, order) * cellBits)) & mask;
    return big ? c : Number(c);
  });
}

/**
 * Joins cells, in address order, into the leading cells of an `n`-cell value (`n` defaults to the
 * cells given; with fewer, the bits of the missing cells are zero: see `cellsMask`).
 */
export function fromCells(cells: readonly CellWord[], order: CellOrder, n = cells.length): bigint {
  return cells.reduce<bigint>((acc, c, i) => acc | (BigInt(typeof c === 'bigint' || order.cellBits > 32 ? c : c >>> 0) << BigInt(sliceAt(i, n, order) * order.cellBits)), 0n);
}

/** The cell at address offset `offset` of an `n`-cell value. */
export function cellAt(value: bigint, n: number, offset: number, order: CellOrder): bigint {
  const { cellBits } = order;
  return (value >> BigInt(sliceAt(offset, n, order) * cellBits)) & ((1n << BigInt(cellBits)) - 1n);
}

/** An `n`-cell value with its cell at address offset `offset` replaced by `cell`. */
export function withCellAt(value: bigint, n: number, offset: number, cell: bigint, order: CellOrder): bigint {
  const shift = BigInt(sliceAt(offset, n, order) * order.cellBits);
  const one = (1n << BigInt(order.cellBits)) - 1n;
  return (value & ~(one << shift)) | ((cell & one) << shift);
}

/** The bits of an `n`-cell value that its first `k` cells (in address order) hold. */
export function cellsMask(k: number, n: number, order: CellOrder): bigint {
  const one = (1n << BigInt(order.cellBits)) - 1n;
  let m = 0n;
  for (let i = 0; i < k; i++) m |= one << BigInt(sliceAt(i, n, order) * order.cellBits);
  return m;
}

export interface Decoded {
  insn: InstructionDecl;
  /** Field values, unsigned. */
  fields: Record<string, number>;
  /** Length in cells. */
  cells: number;
}

/** Whether `bits` are `insn`: its fixed bits match and no field holds one of its excluded values. */
export function matches(insn: InstructionDecl, bits: bigint): boolean {
  const { mask, value } = fixedPattern(insn.encoding);
  return (bits & mask) === value && excludedField(insn, bits) === undefined;
}

/**
 * The first field of `insn` whose value in `bits` is one it excludes (`FieldDecl.excluded`), or
 * undefined. Only a whole instruction is tested: whether a longer instruction may follow a prefix
 * of cells is decided by fixed bits alone, in every consumer alike.
 */
export function excludedField(insn: InstructionDecl, bits: bigint): FieldDecl | undefined {
  for (const f of insn.encoding.fields) if (f.excluded && f.excluded.includes(extractField(f, bits))) return f;
  return undefined;
}

/**
 * Decodes the instruction whose first cells are `cells` (give at least as many cells as the
 * longest encoding, or fewer near the end of storage). Returns undefined for no match.
 */
export function decode(isa: IsaDescription, cells: readonly CellWord[]): Decoded | undefined {
  const storage = isa.state.storage;
  for (const insn of isa.instructions) {
    const n = insn.encoding.bits / storage.cellBits;
    if (n > cells.length) continue;
    const mine = fromCells(cells.slice(0, n), storage);
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
