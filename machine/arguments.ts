/** Checks of the arguments callers pass to a machine's API (shared by every MachineLike). */
import { MachineError } from './errors.js';

export const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Throws unless cells paddr..paddr+count-1 lie inside storage of `storageCells` cells. */
export function checkCells(paddr: number, count: number, storageCells: number): void {
  if (!isCount(paddr) || !isCount(count) || paddr + count > storageCells)
    throw new MachineError(`physical cells ${paddr}..${paddr + count - 1} are outside storage (0..${storageCells - 1})`);
}

/** Returns `value` if it is an unsigned `width`-bit integer, else throws naming `what`. */
export function checkUnsigned(value: number, width: number, what: string): number {
  if (!fitsUnsigned(value, width)) throw new MachineError(`${what}: ${value} is not an unsigned ${width}-bit value`);
  return value;
}

/**
 * Whether `value` is an unsigned `width`-bit integer: the check of `checkUnsigned` without its
 * message, for the register setters a monitor calls on every trap (they build the message only
 * when the check fails).
 */
export function fitsUnsigned(value: number, width: number): boolean {
  // Bitwise forms first: true only for whole numbers in range (a fraction, NaN or a negative
  // number changes under the mask).
  if (width < 32) return (value & ((1 << width) - 1)) === value;
  if (width === 32) return value >>> 0 === value;
  return isCount(value) && value < 2 ** width;
}

/**
 * Returns `value` as a value of a `width`-bit piece of state takes at the API — a number up to 52
 * bits, a bigint above (layout.ts `isBig`) — if it is an unsigned `width`-bit integer given as
 * either; else throws naming `what`. (A number above 2^53 is refused: it may not be the integer
 * the caller meant.)
 */
export function checkWord(value: number | bigint, width: number, what: string): number | bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << BigInt(width)) throw new MachineError(`${what}: ${value} is not an unsigned ${width}-bit value`);
    return width > 52 ? value : Number(value);
  }
  if (!Number.isSafeInteger(value) || !fitsUnsigned(value, width)) throw new MachineError(`${what}: ${value} is not an unsigned ${width}-bit value${Number.isInteger(value) && value >= 2 ** 53 ? ' (pass a bigint above 2^53)' : ''}`);
  return width > 52 ? BigInt(value) : value;
}
