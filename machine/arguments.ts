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
