/**
 * The RAM sizes rv32 can have (`rv32WithRam`, index.ts). RAM starts at 0x80000000, so it may
 * reach the top of the 32-bit address space (2 GiB); its size is a whole number of words so that
 * every aligned word access lies inside it or outside it.
 */
import { ramBase } from './machine.js';

/** The most RAM the address map has room for above `ramBase`. */
export const maxRamBytes = 2 ** 32 - ramBase;

/** Why `bytes` is not a RAM size rv32 can have, or undefined when it is one. */
export function badRamSize(bytes: number): string | undefined {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) return 'the RAM size must be a positive whole number of bytes';
  if (bytes % 4 !== 0) return `the RAM size must be a multiple of 4 bytes, not ${bytes}`;
  if (bytes > maxRamBytes) return `${bytes} bytes of RAM do not fit the address map: RAM starts at 0x${ramBase.toString(16)}, so at most 0x${maxRamBytes.toString(16)} bytes (2 GiB)`;
  return undefined;
}
