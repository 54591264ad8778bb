/**
 * mips: the MIPS R3000 (MIPS I with the R3000's CP0), little-endian. See machine.ts for what is
 * modelled and abstracted, and README.md for the verdicts.
 */
import type { IsaDescription } from '../../description.js';
import { badPlatform, mipsBuilder, r3000, type MipsPlatform } from './machine.js';
import { cp0Instructions } from './cp0.js';
import { cpuInstructions } from './cpu.js';

export const mipsManual = 'Kane & Heinrich, MIPS RISC Architecture (Prentice Hall, 1992); IDT R30xx Family Software Reference Manual';

/** The R3000 with another platform: TLB size, RAM, boot PROM. Throws a RangeError for one it cannot have. */
export function mipsWith(platform: Partial<MipsPlatform>, name = 'mips'): IsaDescription {
  const p = { ...r3000, ...platform };
  const why = badPlatform(p);
  if (why) throw new RangeError(why);
  const b = mipsBuilder(p);
  return b.define({
    name,
    summary: `MIPS R3000 (MIPS I, CP0 with a TLB of ${p.tlbEntries} entries), little-endian, with a console`,
    manual: mipsManual,
    instructions: [...cpuInstructions(b), ...cp0Instructions(b, p)],
  });
}

/** The R3000 as built: a 64-entry TLB. Runs programs; its check is long (see README.md). */
export const mips = mipsWith({});

/**
 * The same machine with an 8-entry TLB (Random from 7 down to 1): the description `check --all`
 * checks. Every entry is treated alike by the map and by the TLB instructions, so the size only
 * lengthens the terms (a 64-way lookup in every access of every query); README.md gives the
 * measurements and the full check of `mips` that agrees with it.
 */
export const mipsTlb8 = mipsWith({ tlbEntries: 8 }, 'mips-tlb8');

export { r3000, badPlatform, type MipsPlatform, KERNEL, USER, EXC, STATUS, PROM_BASE, CONSOLE_BASE, RESET_VECTOR } from './machine.js';
