/**
 * The equivalence fuzzer's rate (`vmcheck fuzz pg74`): random programs from random states, each
 * run bare and under the monitor and compared step by step, in programs per second — with the
 * monitor's compiled routines, and with the reference routine as the baseline. The same seed for
 * both, so that both try the same programs. Medians of `runs` rounds after a warm-up, interleaved.
 */
import { pg74 } from '../spec/isa/pg74.js';
import { fuzzEquivalence } from '../vmm/index.js';
import { figure } from './figures.js';
import { interleaved } from './interleaved.js';

const PROGRAMS = 200;
const SEED = 14;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rate(referenceRoutines: boolean): number {
  const t0 = process.hrtime.bigint();
  const r = fuzzEquivalence(pg74, { runs: PROGRAMS, seed: SEED, referenceRoutines });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!r.ok) throw new Error('the fuzzer found a difference on pg74');
  return PROGRAMS / seconds;
}

/** The report's lines; records the figures. */
export function benchFuzz(runs: number): string {
  const samples = interleaved([() => rate(false), () => rate(true)], runs);
  const [compiled, reference] = samples.map(median) as [number, number];
  figure('vmm.fuzz.pg74.programs-per-second', compiled, 'programs/s', `vmcheck fuzz pg74 (${PROGRAMS} programs, seed ${SEED}), compiled routines`);
  figure('vmm.fuzz.pg74.reference-programs-per-second', reference, 'programs/s', 'the same with the reference routine');
  return [
    `### equivalence fuzzer, pg74: ${PROGRAMS} programs (seed ${SEED}), median of ${runs}`,
    '',
    `- compiled routines: ${compiled.toFixed(0)} programs/s; reference routine: ${reference.toFixed(0)} programs/s (${(compiled / reference).toFixed(2)}x)`,
  ].join('\n');
}
