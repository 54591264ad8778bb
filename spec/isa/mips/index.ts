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
    summary: `MIPS R3000 (MIPS I, CP0 with a ${p.tlbEntries}-entry TLB), little-endian, with a console`,
    manual: mipsManual,
    instructions: [...cpuInstructions(b), ...cp0Instructions(b, p)],
  });
}

export const mips = mipsWith({});

export { r3000, badPlatform, type MipsPlatform, KERNEL, USER, EXC, STATUS, PROM_BASE, CONSOLE_BASE, RESET_VECTOR } from './machine.js';
