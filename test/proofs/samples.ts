/** What the model tests share: checking a sample of a description, and reading its report. */
import { expect } from 'vitest';
import { extendIsa } from '../../spec/compose.js';
import type { IsaDescription } from '../../spec/description.js';
import type { Report } from '../../proofs/index.js';

/** `isa` with only the instructions `keep` (a sample checks in seconds where the whole takes minutes). */
export const only = (isa: IsaDescription, keep: readonly string[], name = `${isa.name}-sample`) =>
  extendIsa(isa, { name, summary: 'a sample', remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) });

export const byMnemonic = (r: Report) => new Map(r.instructions.map((i) => [i.mnemonic, i]));

/** Each theorem as [number, status, violators]. */
export const verdicts = (r: Report) => r.theorems.map((t) => [t.theorem, t.status, t.violators.map((v) => v.mnemonic)]);

/** Every witness in the report was replayed on the reference machine. */
export const noReplayFailures = (r: Report) => {
  for (const i of r.instructions)
    for (const [d, f] of Object.entries(i.definitions)) if (f.witness) expect(f.witness.replayed, `${i.mnemonic} ${d}`).toBe(true);
};
