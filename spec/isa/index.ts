/** The bundled ISA library, by name. */
import type { IsaDescription } from '../description.js';
import { pg74 } from './pg74.js';
import { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';
import { rv32 } from './rv32/index.js';

/** The Popek–Goldberg machine and its variants: relocation-bounds maps, which the monitor composes. */
export const pg74Family: readonly IsaDescription[] = [pg74, pg74Jrst, pg74Lra, pg74Mode];

export const bundledIsas: readonly IsaDescription[] = [...pg74Family, rv32];

export function bundledIsa(name: string): IsaDescription | undefined {
  return bundledIsas.find((i) => i.name === name);
}

export { pg74, pg74Builder, pg74Instructions } from './pg74.js';
export { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';
export { rv32, rv32Builder, rv32Instructions } from './rv32/index.js';
