/** Shared helpers of the VMM tests: run counts that scale with the campaign variables, listings on failure. */
import { readFileSync } from 'node:fs';
import type { IsaDescription } from '../../spec/description.js';
import { assemble, type Program } from '../../asm/index.js';
import { counterexampleListing, type EquivalenceResult } from '../../vmm/index.js';
import type { GuestCase } from '../../testing/index.js';

const campaign = process.env.FC_NUM_RUNS !== undefined || process.env.FC_TIME_LIMIT !== undefined;

/** Runs of a property: `n` by default; the campaign variables (FC_NUM_RUNS, FC_TIME_LIMIT) take over when set. */
export const runs = (n: number): { numRuns?: number } => (campaign ? {} : { numRuns: n });

/** An assembled example program. */
export function example(isa: IsaDescription, name: string): Program {
  return assemble(isa, readFileSync(new URL(`../../examples/pg74/${name}`, import.meta.url), 'utf8'), name);
}

/** The failing case as assembly, for an assertion message. */
export function explain(isa: IsaDescription, c: GuestCase, r: EquivalenceResult): string {
  if (r.ok) return 'equivalent';
  return counterexampleListing(isa, { image: c.image, origin: c.origin, length: c.length, ...(r.divergence ? { divergence: r.divergence } : {}) });
}
