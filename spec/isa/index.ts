/** The bundled ISA library, by name, built on import (spec/isa/catalog.ts loads one at a time). */
import type { IsaDescription } from '../description.js';
import { pg74 } from './pg74.js';
import { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';
import { rv32, rv32Sv32, rv32Sv32WithRam, rv32WithRam } from './rv32/index.js';
import { vax } from './vax/index.js';
import { mips, mipsTlb8, mipsWith } from './mips/index.js';
import { armv7a } from './armv7a/index.js';
import { m68000, m68010 } from './m68k/index.js';
import { s370 } from './s370/index.js';
import { x86, x86Tsd, x86Umip } from './x86/index.js';
import { pdp10 } from './pdp10/index.js';
import { pdp11 } from './pdp11/index.js';

/** The Popek–Goldberg machine and its variants: relocation-bounds maps, which the monitor composes. */
export const pg74Family: readonly IsaDescription[] = [pg74, pg74Jrst, pg74Lra, pg74Mode];

export const bundledIsas: readonly IsaDescription[] = [...pg74Family, rv32, rv32Sv32, mips, mipsTlb8, vax, armv7a, m68000, m68010, s370, x86, x86Tsd, x86Umip, pdp10, pdp11];

/** Bundled ISAs `check --all` leaves out by default (a long check each; name them to check them). */
export { longChecks, ramSizedIsas } from './catalog.js';

export function bundledIsa(name: string): IsaDescription | undefined {
  return bundledIsas.find((i) => i.name === name);
}

/**
 * Bundled descriptions whose RAM size is a parameter: by name, the function that builds the
 * description with `bytes` of RAM (it throws a RangeError for a size the machine cannot have).
 */
const ramSized: ReadonlyMap<string, (bytes: number) => IsaDescription> = new Map([
  ['rv32', rv32WithRam],
  ['rv32-sv32', rv32Sv32WithRam],
  ['mips', (bytes: number) => mipsWith({ ramBytes: bytes })],
  ['mips-tlb8', (bytes: number) => mipsWith({ ramBytes: bytes, tlbEntries: 8 }, 'mips-tlb8')],
]);

/** How to build the bundled ISA `name` with another RAM size, if it has that parameter. */
export function withRamSize(name: string): ((bytes: number) => IsaDescription) | undefined {
  return ramSized.get(name);
}

export { pg74, pg74Builder, pg74Instructions } from './pg74.js';
export { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';
export { rv32, rv32Builder, rv32Instructions, rv32Sv32, rv32Sv32WithRam, rv32Sv32With, rv32WithRam, type Sv32Options } from './rv32/index.js';
export { vax, vaxBuilder, vaxInstructions } from './vax/index.js';
export { mips, mipsTlb8, mipsWith } from './mips/index.js';
export { armv7a, armv7aInstructions, armBuilder } from './armv7a/index.js';
export { m68000, m68010 } from './m68k/index.js';
export { s370, s370Instructions } from './s370/index.js';
export { x86, x86Tsd, x86Umip } from './x86/index.js';
export { pdp10, pdp10Instructions } from './pdp10/index.js';
export { pdp11, pdp11Instructions } from './pdp11/index.js';
