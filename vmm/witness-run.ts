/**
 * A directed search seeded with the checker's witness: the concrete state a report gives for a
 * violation (proofs/report-types.ts, `WitnessState`: registers, register files, the storage cells
 * that matter, where the instruction is) becomes a guest's virtual state, and one step of it runs
 * bare and under a monitor. Where the checker says an instruction breaks Theorem 1, its witness
 * should make the plain monitor diverge from the bare machine; where it breaks Theorem 3, the
 * hybrid one (DESIGN.md §5 invariant 1, checked one state at a time rather than by fuzzing).
 *
 * "Diverge" compares what equivalence compares (equivalence.ts, `guestDifferences`): the guest's
 * whole state after the step — registers and files (timing aside), storage, halted, steps — and
 * whether, and which, trap the guest took. The virtual system state counts: a control-sensitive
 * instruction run directly changes the real mode rather than the virtual one, and only the virtual
 * mode shows it after one step.
 *
 * This module takes the witness's shape structurally and does not import the checker
 * (dependencies point downward: vmm does not depend on proofs).
 */
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { Machine, type MachineSnapshot, type StepResult, type TrapInfo } from '../machine/index.js';
import { guestDifferences, type Difference } from './equivalence.js';
import { VmmError } from './errors.js';
import { buildStack } from './nested.js';
import type { Statistics } from './statistics.js';

/** The parts of a checker's `WitnessState` a run needs. */
export interface WitnessStateLike {
  /** `supervisor`, `user`, `S1`, `S2`, `state`… (reported back). */
  label?: string;
  /** Scalar registers; a register not given starts at its reset value. */
  registers: Readonly<Record<string, number>>;
  /** Register files; a file not given starts at zero (its hard-wired elements at their values). */
  files?: Readonly<Record<string, readonly number[]>>;
  /** Storage cells by physical address; every other cell is 0. */
  storage: readonly { address: number; value: number }[];
}

export interface WitnessRunOptions {
  /** The hybrid monitor (Theorem 3) rather than the plain one (Theorem 1). @defaultValue false */
  hybrid?: boolean;
  /** Monitors stacked. @defaultValue 1 */
  depth?: number;
  /** The configuration C the monitors hold. @defaultValue the description's */
  configuration?: readonly ConfigurationDecl[];
  /**
   * Where each monitor places its guest in its host's storage (relocation-bounds maps). Not 0 by
   * default, so that a guest that can see its real placement does. @defaultValue 16
   */
  base?: number;
  /** Guest storage in cells. @defaultValue the description's storage size (the checker's states are of that size) */
  guestCells?: number;
}

/** What one side of a witness run did. */
export interface WitnessOutcome {
  /** The trap the guest took (on the bare machine: the machine's trap), if any. */
  trap?: TrapInfo;
  halted: boolean;
  mnemonic?: string;
}

export interface WitnessRun {
  label?: string;
  /** The bare and the virtualized step disagree: a difference in the guest's state or in its trap. */
  diverges: boolean;
  /** One side trapped and the other did not, or they took different traps. */
  trapDiffers: boolean;
  /** The guest's state after the step, bare against virtualized (timing aside). */
  differences: Difference[];
  /**
   * The monitor interpreted the step instead of running it on the host (a level the host's user
   * level cannot stand in for, as rv32's M; or, for the hybrid monitor, any supervisor level): it
   * then runs the instruction's own semantics on the virtual state, and cannot diverge.
   */
  interpreted: boolean;
  bare: WitnessOutcome;
  virtual: WitnessOutcome;
  /** What the guest's own monitor (the top of the stack) did for the step: direct, emulated, reflected, interpreted. */
  statistics: Statistics;
}

/** The witness state as a snapshot of a machine of `cells` cells: every register and file, the given cells. */
export function witnessSnapshot(isa: IsaDescription, state: WitnessStateLike, cells: number): MachineSnapshot {
  const registers: Record<string, number> = {};
  for (const r of isa.state.registers) registers[r.name] = state.registers[r.name] ?? Number(BigInt(r.reset ?? 0));
  const files: Record<string, number[]> = {};
  for (const f of isa.state.files) {
    const given = state.files?.[f.name];
    if (given && given.length !== f.count) throw new VmmError(`witness state${state.label ? ` ${state.label}` : ''}: ${f.name} has ${given.length} elements, not ${f.count}`);
    const vs = given ? [...given] : new Array<number>(f.count).fill(0);
    for (const h of f.hardwired ?? []) vs[h.index] = Number(BigInt(h.value));
    files[f.name] = vs;
  }
  const storage = new Map<number, number>();
  for (const { address, value } of state.storage) {
    if (!Number.isInteger(address) || address < 0 || address >= cells)
      throw new VmmError(`witness state${state.label ? ` ${state.label}` : ''}: cell ${address} is outside a guest of ${cells} cells`);
    if (value !== 0) storage.set(address, value);
    else storage.delete(address);
  }
  return { registers, files, storage: [...storage].sort((a, b) => a[0] - b[0]), halted: false, steps: 0 };
}

const outcome = (r: StepResult, trap: TrapInfo | undefined, halted: boolean): WitnessOutcome => ({
  ...(trap ? { trap } : {}),
  halted,
  ...(r.mnemonic !== undefined ? { mnemonic: r.mnemonic } : {}),
});

/** One step of `state`, bare and as a guest's virtual state under a monitor stack, compared. */
export function runWitnessState(isa: IsaDescription, state: WitnessStateLike, options: WitnessRunOptions = {}): WitnessRun {
  const described = isa.state.addressMap.kind === 'described';
  const guestCells = options.guestCells ?? isa.state.storage.cells;
  // A described map's guest runs virtual = real: all of storage, from cell 0.
  const base = described ? 0 : (options.base ?? 16);
  const image = witnessSnapshot(isa, state, guestCells);

  const bare = new Machine(isa, { storageCells: guestCells });
  bare.restore(image);
  const br = bare.step();

  const stack = buildStack(isa, {
    guestCells,
    depth: options.depth ?? 1,
    hybrid: !!options.hybrid,
    reserve: base,
    bases: Array.from({ length: options.depth ?? 1 }, () => base),
    ...(options.configuration ? { configuration: options.configuration } : {}),
  });
  const guest = stack.guests[0]!;
  guest.restore(image);
  const gr = guest.step();

  const differences = guestDifferences(isa, bare.snapshot(), guest.snapshot());
  const trapDiffers = br.trap?.name !== gr.trap?.name;
  const statistics = stack.monitors[stack.monitors.length - 1]!.statistics();
  return {
    ...(state.label !== undefined ? { label: state.label } : {}),
    diverges: trapDiffers || differences.length > 0,
    trapDiffers,
    differences,
    bare: outcome(br, br.trap, bare.halted),
    virtual: outcome(gr, gr.trap, guest.halted),
    interpreted: statistics.interpreted > 0,
    statistics,
  };
}

/**
 * Every state of a witness (one, or a pair), each run as `runWitnessState` runs it: it diverges
 * when any state does; `interpreted` when the monitor ran none of its states on the host (then it
 * says nothing about direct execution).
 */
export function runWitness(
  isa: IsaDescription,
  witness: { states: readonly WitnessStateLike[] },
  options: WitnessRunOptions = {},
): { diverges: boolean; interpreted: boolean; runs: WitnessRun[] } {
  if (witness.states.length === 0) throw new VmmError('a witness with no state to run');
  const runs = witness.states.map((s) => runWitnessState(isa, s, options));
  return { diverges: runs.some((r) => r.diverges), interpreted: runs.every((r) => r.interpreted), runs };
}
