/** The bundled ISA library, by name. */
import type { IsaDescription } from '../description.js';
import { pg74 } from './pg74.js';
import { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';

export const bundledIsas: readonly IsaDescription[] = [pg74, pg74Jrst, pg74Lra, pg74Mode];

export function bundledIsa(name: string): IsaDescription | undefined {
  return bundledIsas.find((i) => i.name === name);
}

export { pg74, pg74Builder, pg74Instructions } from './pg74.js';
export { pg74Jrst, pg74Lra, pg74Mode } from './pg74-variants.js';
