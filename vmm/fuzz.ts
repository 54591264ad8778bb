/**
 * An equivalence campaign: random guests (testing/ arbitraries) run bare and under the monitor,
 * with fast-check's `fc.check`, so that a failure comes back shrunk and with the seed and path
 * that replay it. The counterexample is the shrunk program as assembly with the culprit marked.
 */
import fc from 'fast-check';
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { guestCase, type GuestCase } from '../testing/index.js';
import { checkEquivalence, type Culprit, type Difference, type EquivalenceResult } from './equivalence.js';
import { counterexampleListing } from './listing.js';
import { VmmError } from './errors.js';

export interface FuzzOptions {
  /** Cases to try. @defaultValue 100 */
  runs?: number;
  /** Replay: the seed (and path) a failure reported. */
  seed?: number;
  path?: string;
  hybrid?: boolean;
  /** Monitors stacked. @defaultValue 1 */
  depth?: number;
  /** Steps per case. @defaultValue 64 */
  maxSteps?: number;
  /** Guest storage in cells. @defaultValue 64 */
  guestCells?: number;
  /** Longest generated program. @defaultValue 12 */
  maxLength?: number;
  /** Shrink a failure (false: report the first failing case as found). @defaultValue true */
  shrink?: boolean;
  /** Stop searching after this long (ms); a campaign cut short is not a failure. */
  timeLimitMs?: number;
  /** The configuration C the monitors hold (see `MonitorOptions.configuration`). @defaultValue the description's */
  configuration?: readonly ConfigurationDecl[];
  /** Called after every case, while searching and while shrinking. */
  onProgress?: (progress: FuzzProgress) => void;
  /** @internal monitors interpret with the reference routine (a benchmark's baseline) */
  referenceRoutines?: boolean;
}

export interface FuzzProgress {
  phase: 'search' | 'shrink';
  /** Cases tried in this phase. */
  run: number;
  /** Cases the search will try. */
  runs: number;
}

export interface Counterexample {
  /** The program as assembly, with a header saying what differed and the culprit marked. */
  assembly: string;
  culprit?: Culprit;
  /** The states first differ after this many steps. */
  step: number;
  differences: Difference[];
  /** The shrunk case: starting state, program placement. */
  case: GuestCase;
}

export type FuzzResult =
  | { ok: true; runs: number; seed: number; interrupted: boolean }
  | {
      ok: false;
      /** Replay with `{ seed, path }`. */
      seed: number;
      path: string;
      /** Cases tried before the first failure, that one included. */
      runs: number;
      /** Shrinking steps that succeeded. */
      shrinks: number;
      counterexample: Counterexample;
    };

function describe(isa: IsaDescription, o: FuzzOptions): string {
  const monitor = o.hybrid ? 'hybrid monitor' : 'trap-and-emulate monitor';
  return `${isa.name} under the ${monitor}${(o.depth ?? 1) > 1 ? `, nested ${o.depth} deep` : ''}`;
}

/** How far the program's addresses are from its cells (`address = cell - relocation`). */
function relocationOf(isa: IsaDescription, c: GuestCase): number {
  const rel = c.origin - Number(c.image.registers[isa.state.pc] ?? c.origin);
  return rel >= 0 ? rel : 0;
}

export function fuzzEquivalence(isa: IsaDescription, options: FuzzOptions = {}): FuzzResult {
  // Generated guests are small relocated programs; a described map's guest is all of storage at
  // its real addresses, whose equivalence property is test/vmm/rv32.test.ts's.
  if (isa.state.addressMap.kind === 'described')
    throw new VmmError(`${isa.name}: fuzz generates small relocated guests, for relocation-bounds ISAs; a guest of ${isa.name}'s described map runs virtual = real (run its programs with 'vmcheck vmm ${isa.name} prog.elf')`);
  const runs = options.runs ?? 100;
  const guestCells = options.guestCells ?? 64;
  const maxSteps = options.maxSteps ?? 64;
  const config = {
    hybrid: !!options.hybrid,
    depth: options.depth ?? 1,
    maxSteps,
    ...(options.configuration ? { configuration: options.configuration } : {}),
    ...(options.referenceRoutines ? { referenceRoutines: true } : {}),
  };
  const check = (c: GuestCase): EquivalenceResult => checkEquivalence(isa, c.image, c.cells, config);
  let failed = false;
  let tried = 0;
  const property = fc.property(guestCase(isa, { cells: guestCells, maxLength: options.maxLength ?? 12 }), (c) => {
    const ok = check(c).ok;
    if (!ok && !failed) {
      failed = true;
      tried = 0;
    }
    tried++;
    options.onProgress?.({ phase: failed ? 'shrink' : 'search', run: tried, runs });
    return ok;
  });
  const details = fc.check(property, {
    numRuns: runs,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.shrink === false ? { endOnFailure: true } : {}),
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  if (!details.failed || !details.counterexample) return { ok: true, runs: details.numRuns, seed: details.seed, interrupted: details.interrupted };
  const shrunk = details.counterexample[0];
  let result: EquivalenceResult;
  try {
    result = check(shrunk);
  } catch (e) {
    // The property threw rather than found a difference: a bug in the monitor or the machine.
    throw new VmmError(`${describe(isa, options)}: the case that replays with seed ${details.seed}, path ${details.counterexamplePath} throws: ${(e as Error).message}`);
  }
  const divergence = result.divergence!;
  return {
    ok: false,
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    runs: details.numRuns,
    shrinks: details.numShrinks,
    counterexample: {
      assembly: counterexampleListing(isa, {
        image: shrunk.image,
        origin: shrunk.origin,
        length: shrunk.length,
        relocation: relocationOf(isa, shrunk),
        divergence,
        title: `counterexample: ${describe(isa, options)} (replay: seed ${details.seed}, path ${details.counterexamplePath})`,
      }),
      ...(divergence.culprit ? { culprit: divergence.culprit } : {}),
      step: divergence.step,
      differences: divergence.differences,
      case: shrunk,
    },
  };
}

