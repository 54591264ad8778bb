/**
 * The checker against the oracle on random ISAs where the mode selects the map and some
 * instruction is answered through a pair placed alike (proofs/map-placed-alike.ts): its
 * mode-sensitivity without what only the map reads, or its safety for direct execution while it
 * loads or stores (proofs/findings.ts runsAlikeInPlace). The general run reaches these in about
 * one ISA in nine and one in two hundred; here every ISA does. ORACLE_ALIKE_ISAS sets how many
 * (default 30).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isaFeatures, smallIsa } from './random-isa.js';
import { compareWithChecker, describeDisagreement } from './compare.js';

const N = Number(process.env.ORACLE_ALIKE_ISAS ?? 30);
const hidden = 'map:described:mode-selected:reads-hidden';
const direct = 'map:described:mode-selected:direct-alike-with-storage';

test(`${N} random ISAs answered through a pair placed alike: the checker and the oracle agree`, async () => {
  // A third of them with an instruction of the rarer case, a third with registers mapped into storage.
  const reach = (f: string, mappedEighths?: number) =>
    fc.sample(smallIsa(mappedEighths ? { mappedEighths } : {}).filter((isa) => isaFeatures(isa).includes(f) && (!mappedEighths || isaFeatures(isa).includes('mapped'))), { numRuns: Math.ceil(N / 3), seed: 7 });
  const isas = [...reach(hidden), ...reach(direct), ...reach(hidden, 6)];
  const problems: string[] = [];
  let inPlace = 0;
  for (const isa of isas) {
    const c = await compareWithChecker(isa);
    inPlace += c.inPlaceAnswers;
    problems.push(...c.disagreements.map((d) => `${isa.name}: ${describeDisagreement(d)}`));
  }
  expect(problems).toEqual([]);
  // The generator's filter reached the cases (the second half each has such an instruction).
  expect(inPlace).toBeGreaterThan(0);
}, 1_800_000);
