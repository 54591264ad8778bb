/**
 * Data directives: values of a stated width laid into storage cells. A value narrower than a
 * cell takes one whole cell (zero-extended); a wider one takes width / cellBits cells in the
 * storage's byte order — the order in which the description language's loads and stores span
 * cells (spec/ast.ts), so that a `.long` on a byte machine reads back with a 32-bit load.
 */
import { toCellWords, type CellOrder, type CellWord } from '../spec/encoding.js';
import { SourceProblem } from './errors.js';
import type { ParsedExpr } from './expression.js';
import { describe } from './fields.js';

/** The fixed-width data directives and their widths in bits. `.data WIDTH, …` states any width. */
export const dataDirectives: Readonly<Record<string, number>> = { '.byte': 8, '.half': 16, '.long': 32, '.dword': 64 };

/** Cells one value of `bits` bits takes, or throws naming the directive (at `column`). */
export function cellsPerValue(bits: number, cellBits: number, directive: string, column: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 64) throw new SourceProblem(column, `${directive} needs a width of 1..64 bits, not ${bits}`);
  if (bits <= cellBits) return 1;
  if (bits % cellBits === 0) return bits / cellBits;
  throw new SourceProblem(column, `${directive}: a ${bits}-bit value is neither within one ${cellBits}-bit cell nor a whole number of them`);
}

/**
 * The cells of value `v` (written as `p`) at `bits` bits: unsigned or two's complement, so any
 * value from -2^(bits-1) to 2^bits - 1.
 */
export function dataCells(p: ParsedExpr, v: number | bigint, bits: number, order: CellOrder): CellWord[] {
  const { cellBits } = order;
  const min = -(2n ** BigInt(bits - 1));
  const max = 2n ** BigInt(bits) - 1n;
  const value = BigInt(v);
  if (value < min || value > max) throw new SourceProblem(p.column, `value ${describe(p, v)} does not fit in ${bits} bits (${min}..${max})`);
  return toCellWords(BigInt.asUintN(bits, value), { bits: bits <= cellBits ? cellBits : bits }, order);
}
