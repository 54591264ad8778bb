/**
 * An equivalence campaign: random guests (testing/ arbitraries) run bare and under the monitor,
 * with fast-check's `fc.check`, so that a failure comes back shrunk and with the seed and path
 * that replay it. The counterexample is the shrunk program as assembly with the culprit marked.
 */
import fc from 'fast-check';
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { defaultOrigin, guestCase, guestCaseFrom, trapVectorOf, type GuestCase } from '../testing/index.js';
import { placeAtFetch, type FuzzStart } from './fuzz-placement.js';
import { Machine } from '../machine/index.js';
import { checkEquivalence, physicalPc, type Culprit, type Difference, type EquivalenceResult } from './equivalence.js';
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
  /**
   * Guest storage in cells: the program's window for a relocation-bounds map.
   * @defaultValue 64, or the power of two that holds the trap vector and a program past it;
   * a described map's guest is all of storage (virtual = real)
   */
  guestCells?: number;
  /** Longest generated program. @defaultValue 12 */
  maxLength?: number;
  /** Shrink a failure (false: report the first failing case as found). @defaultValue true */
  shrink?: boolean;
  /** Stop searching after this long (ms); a campaign cut short is not a failure. */
  timeLimitMs?: number;
  /** The configuration C the monitors hold (see `MonitorOptions.configuration`). @defaultValue the description's */
  configuration?: readonly ConfigurationDecl[];
  /**
   * Draw cases from this state (`startOf`: where a kernel first entered a user level) with the
   * user state drawn again and programs placed where it fetches, instead of from random states.
   */
  start?: FuzzStart;
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

/**
 * Where a case's program starts in its window: past the trap vector; for a relocation-bounds map
 * at the reset PC when that is further (a described map's PC is a virtual address, and the program
 * is moved to where it fetches anyway).
 */
function windowOrigin(isa: IsaDescription): number {
  if (isa.state.addressMap.kind === 'relocation-bounds') return defaultOrigin(isa);
  const vector = trapVectorOf(isa).cells;
  return vector.size === 0 ? 0 : Math.max(...vector) + 1;
}

/** A window of 64 cells past the trap vector (programs are short; handlers live in it too). */
function defaultGuestCells(isa: IsaDescription): number {
  let cells = 64;
  while (cells < windowOrigin(isa) + 64) cells *= 2;
  return cells;
}

/** The cases a campaign draws and the check it makes of each (exported for the reach tests). */
export function fuzzCases(isa: IsaDescription, options: FuzzOptions = {}): { cases: fc.Arbitrary<GuestCase>; check: (c: GuestCase) => EquivalenceResult } {
  // A described map's guest is all of storage at its real addresses: the case is drawn in a
  // window and its program placed where the drawn state fetches (vmm/fuzz-placement.ts).
  const described = isa.state.addressMap.kind === 'described';
  if (options.start) return startedCases(isa, options, options.start);
  const window = options.guestCells !== undefined && !described ? options.guestCells : defaultGuestCells(isa);
  const guestCells = described ? isa.state.storage.cells : window;
  const origin = windowOrigin(isa);
  if (window <= origin + 1)
    throw new VmmError(`${isa.name}: a guest of ${window} cells has no room for a program past its trap vector (programs start at cell ${origin})`);
  const cases = guestCase(isa, { cells: window, origin, maxLength: options.maxLength ?? 12 });
  return {
    cases: described ? cases.map((c) => placeAtFetch(isa, c, guestCells)) : cases,
    check: (c) => checkEquivalence(isa, c.image, guestCells, monitorConfig(isa, options)),
  };
}

function startedCases(isa: IsaDescription, options: FuzzOptions, start: FuzzStart): ReturnType<typeof fuzzCases> {
  const probe = new Machine(isa, { storageCells: start.cells });
  probe.restore(start.image);
  const origin = physicalPc(probe);
  if (origin === undefined) throw new VmmError(`${isa.name}: the start state's next fetch faults: there is no cell to place programs at`);
  return {
    cases: guestCaseFrom(isa, start.image, { origin, cells: start.cells, maxLength: options.maxLength ?? 12 }),
    check: (c) => checkEquivalence(isa, c.image, start.cells, monitorConfig(isa, options)),
  };
}

/** The monitor stack each case runs under (a described map's one guest is all of storage: no reserve). */
function monitorConfig(isa: IsaDescription, options: FuzzOptions) {
  return {
    hybrid: !!options.hybrid,
    depth: options.depth ?? 1,
    maxSteps: options.maxSteps ?? 64,
    ...(isa.state.addressMap.kind === 'described' ? { reserve: 0 } : {}),
    ...(options.configuration ? { configuration: options.configuration } : {}),
    ...(options.referenceRoutines ? { referenceRoutines: true } : {}),
  };
}

export function fuzzEquivalence(isa: IsaDescription, options: FuzzOptions = {}): FuzzResult {
  const runs = options.runs ?? 100;
  const { cases, check } = fuzzCases(isa, options);
  let failed = false;
  let tried = 0;
  const property = fc.property(cases, (c) => {
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
        ...(options.start ? { baseline: { storage: options.start.image.storage, name: `the start state (${options.start.steps} steps in)` } } : {}),
      }),
      ...(divergence.culprit ? { culprit: divergence.culprit } : {}),
      step: divergence.step,
      differences: divergence.differences,
      case: shrunk,
    },
  };
}

