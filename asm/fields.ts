/**
 * What an operand field can hold, derived from its width, signedness and slices. A field's value
 * is stored unsigned in the encoding; bits that no slice covers are not stored at all, so they
 * must be zero (a RISC-V branch offset is always even).
 */
import type { FieldDecl } from '../spec/description.js';
import { uncoveredMask } from '../spec/encoding.js';
import { SourceProblem } from './errors.js';
import type { ParsedExpr } from './expression.js';

export function isSigned(field: FieldDecl): boolean {
  const op = field.operand;
  return (op.kind === 'immediate' || op.kind === 'target') && op.signed;
}

/** The smallest and largest value the field holds, as written in assembly. */
export function fieldRange(field: FieldDecl): { min: number; max: number } {
  const w = field.width;
  return isSigned(field) ? { min: -(2 ** (w - 1)), max: 2 ** (w - 1) - 1 } : { min: 0, max: 2 ** w - 1 };
}

/** The value written in assembly for the field's stored (unsigned) value. */
export function fromFieldBits(field: FieldDecl, raw: number): number {
  const w = field.width;
  return isSigned(field) && raw >= 2 ** (w - 1) ? raw - 2 ** w : raw;
}

/** The stored (unsigned) value for a value within `fieldRange`. */
export function toFieldBits(field: FieldDecl, value: number): number {
  return value < 0 ? value + 2 ** field.width : value;
}

/** Bits of a value (within range) that the encoding cannot hold; 0n when it fits. */
export function unencodedBits(field: FieldDecl, value: number): bigint {
  return BigInt(toFieldBits(field, value)) & BigInt(uncoveredMask(field));
}

/** How the uncovered bits constrain a value, in words: "a multiple of 2", or "zero in bits 3, 0". */
export function alignmentRule(field: FieldDecl): string {
  const mask = BigInt(uncoveredMask(field));
  // The usual case: the low k bits are missing, so the value is a multiple of 2^k.
  if ((mask & (mask + 1n)) === 0n) return `a multiple of ${mask + 1n}`;
  const bitsList = [...Array(field.width).keys()].filter((b) => (mask >> BigInt(b)) & 1n).reverse();
  return `zero in bit${bitsList.length > 1 ? 's' : ''} ${bitsList.join(', ')}`;
}

/** A number literal as written, or the expression's text with its value: `'loop+4' (= 20)`. */
/** A value as written, with what it came to when that is not plain: `0x10`, `'end-4' (= 12)`. */
export function describe(p: ParsedExpr, v: number | bigint): string {
  if (/^[+-]?(0x[0-9a-f_]+|0b[01_]+|0o[0-7_]+|[0-9_]+)$/i.test(p.text)) return p.text;
  return /^'[^']+'$/.test(p.text) ? `${p.text} (= ${v})` : `'${p.text}' (= ${v})`;
}

const hex = (n: number) => (n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

/**
 * The stored value of a numeric operand `v` (written as `p`) in an instruction at `address`:
 * checked against the field's range and uncovered bits; a pc-relative target becomes an offset.
 */
export function operandValue(field: FieldDecl, p: ParsedExpr, v: number, address: number): number {
  const desc = describe(p, v);
  const { min, max } = fieldRange(field);
  const kind = `${field.width}-bit ${isSigned(field) ? 'signed' : 'unsigned'} field '${field.name}'`;
  const fail = (reason: string) => new SourceProblem(p.column, reason);
  const op = field.operand;
  if (op.kind === 'target' && op.relative) {
    const off = v - address - (op.from ?? 0);
    if (off < min || off > max) throw fail(`target ${desc} is ${off} cells away; the ${kind} reaches ${min}..${max}`);
    if (unencodedBits(field, off) !== 0n)
      throw fail(`target ${desc} is ${off} cells away, which must be ${alignmentRule(field)} to fit field '${field.name}'`);
    return toFieldBits(field, off);
  }
  const what = op.kind === 'target' ? 'target' : op.kind === 'immediate' ? 'immediate' : 'value';
  const range = op.kind === 'target' ? `${hex(min)}..${hex(max)}` : `${min}..${max}`;
  if (v < min || v > max) throw fail(`${what} ${desc} does not fit in the ${kind} (${range})`);
  if (unencodedBits(field, v) !== 0n) throw fail(`${what} ${desc} must be ${alignmentRule(field)} to fit field '${field.name}'`);
  return toFieldBits(field, v);
}

/** A `.word` value as one cell: unsigned, or negative in two's complement. */
export function cellValue(p: ParsedExpr, v: number, cellBits: number): number {
  const min = -(2 ** (cellBits - 1));
  const max = 2 ** cellBits - 1;
  if (v < min || v > max) throw new SourceProblem(p.column, `value ${describe(p, v)} does not fit in ${cellArticle(cellBits)} ${cellBits}-bit cell (${min}..${max})`);
  return v < 0 ? v + 2 ** cellBits : v;
}

/** `cellValue` of a cell wider than 52 bits, exactly: the value a bigint (`evaluateBig`), the cell's too. */
export function bigCellValue(p: ParsedExpr, v: bigint, cellBits: number): bigint {
  const min = -(1n << BigInt(cellBits - 1));
  const max = (1n << BigInt(cellBits)) - 1n;
  if (v < min || v > max) throw new SourceProblem(p.column, `value ${describe(p, v)} does not fit in ${cellArticle(cellBits)} ${cellBits}-bit cell (${min}..${max})`);
  return BigInt.asUintN(cellBits, v);
}

const cellArticle = (cellBits: number) => (/^(8|11|18|8\d)$/.test(String(cellBits)) ? 'an' : 'a'); // "an 8-bit cell"
