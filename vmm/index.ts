/**
 * vmcheck/vmm — the generic trap-and-emulate monitor of Popek and Goldberg, built from an ISA
 * description: plain (Theorem 1), hybrid (Theorem 3) and nested to any depth (Theorem 2), with
 * several guests per monitor, statistics, and the bare-vs-virtualized equivalence check.
 *
 * Entry points (for the command line and for users):
 *
 *   runUnderMonitor(isa: IsaDescription, program: Program | string,
 *                   options?: { hybrid?: boolean; depth?: number; guests?: number; maxSteps?: number;
 *                               guestCells?: number; slice?: number; reserve?: number })
 *     → MonitorRunResult { reason: 'halted' | 'step-limit';
 *                          guests: { name, reason, steps, state: MachineSnapshot, statistics, realBase }[];
 *                          levels: { level, policy, hostCells, statistics }[]; guestCells; realCells }
 *     A program (assembled, or assembly source) run as guest(s) from the machine's reset state.
 *
 *   runBare(isa, program, options?: { guestCells?: number; maxSteps?: number })
 *     → { reason; steps; state: MachineSnapshot; guestCells }
 *     The same program on a bare machine of the guest's size (what the guest must end as).
 *
 *   fuzzEquivalence(isa: IsaDescription,
 *                   options?: { runs?: number; seed?: number; path?: string; hybrid?: boolean;
 *                               depth?: number; maxSteps?: number; guestCells?: number;
 *                               maxLength?: number; shrink?: boolean; timeLimitMs?: number;
 *                               onProgress?: (p: { phase: 'search' | 'shrink'; run: number; runs: number }) => void })
 *     → { ok: true; runs; seed; interrupted }
 *     | { ok: false; seed; path; runs; shrinks;
 *         counterexample: { assembly: string; culprit?: Culprit; step; differences; case: GuestCase } }
 *     An equivalence campaign with fast-check `fc.check`: `{ seed, path }` of a failure replay it;
 *     `assembly` is the shrunk program with the culprit instruction marked `; <-- culprit`.
 *
 *   checkEquivalence(isa, image: MachineSnapshot, guestCells, options?) → EquivalenceResult
 *     One case: bare and virtualized compared after every step and at the end.
 *
 *   runWitness(isa, witness: { states: WitnessStateLike[] }, options?: { hybrid?; depth?; configuration?; base?; guestCells? })
 *     → { diverges: boolean; interpreted: boolean; runs: WitnessRun[] }
 *     A checker's witness state(s) (proofs' `WitnessState`) run for one step bare and as a guest's
 *     virtual state: whether the guest's state or its trap differ (vmm/witness-run.ts).
 *
 *   Every entry point that builds monitors takes `configuration`: the configuration C the monitors
 *   hold on the host while a guest runs (DESIGN.md §2 rule 3; default the description's own).
 *
 *   formatStatistics(levels: LevelReport[]) → string
 *     The statistics of a run, one line per level and the top monitor's per-instruction counts.
 *
 * Building blocks: `Monitor` (createGuest, nest, statistics), `VirtualMachine` (a `MachineLike`),
 * `buildStack`, `roundRobin`, `composeMap`, the dispatch policies.
 *
 * Interpreter routines (each instruction's routine is its semantics): routines.ts picks the
 * compiled ones wherever the stack ends in a real `Machine` — the emulator's compiled code run on
 * the virtual state (compiled-state.ts: registers, storage and store notifications as compiled
 * code sees them; compiled-routine.ts: one instruction, the trap sequence, interrupts;
 * virtual-code.ts and compiled-run.ts: interpreted levels a block at a time) — and the reference
 * routine (interpreter.ts: the reference evaluator over a view of the virtual state) otherwise. The
 * reference routine is also the oracle the compiled ones are tested against.
 */
export { VmmError } from './errors.js';
export { realHost, clearHalt, type MachineLike, type TrapHandler, type HostFactory } from './machine-like.js';
export { rolesOf, type StateRoles } from './roles.js';
export { Allocator, composeMap, type Allocation } from './allocator.js';
export { machineView, applyWrites } from './virtual-view.js';
export { interpretInstruction, advanceTiming } from './interpreter.js';
export { translatorFor, type Translator } from './translation.js';
export { trapAndEmulate, hybrid, type DispatchPolicy } from './policy.js';
export { Monitor, type MonitorOptions, type DirectStep } from './monitor.js';
export { configurationOf, holdsConfiguration, type HeldBits } from './configuration.js';
export { VirtualMachine, type GuestOptions } from './virtual-machine.js';
export { buildStack, type StackOptions, type MonitorStack } from './nested.js';
export { roundRobin, type ScheduleOptions, type ScheduleResult } from './scheduler.js';
export { emptyStatistics, sumStatistics, type Statistics, type InstructionCounts } from './statistics.js';
export {
  checkEquivalence,
  guestDifferences,
  type EquivalenceOptions,
  type EquivalenceResult,
  type Difference,
  type Divergence,
  type Culprit,
} from './equivalence.js';
export { counterexampleListing, type ListingInput } from './listing.js';
export { fuzzEquivalence, type FuzzOptions, type FuzzProgress, type FuzzResult, type Counterexample } from './fuzz.js';
export { startOf, type FuzzStart } from './fuzz-placement.js';
export { formatStatistics, formatCounts } from './format.js';
export { runUnderMonitor, runBare, programExtent, guestCellsFor, type BareRunResult, type MonitorRunOptions, type MonitorRunResult, type GuestOutcome, type LevelReport } from './run.js';
export {
  runWitness,
  runWitnessState,
  witnessSnapshot,
  type WitnessStateLike,
  type WitnessRunOptions,
  type WitnessRun,
  type WitnessOutcome,
} from './witness-run.js';
