/**
 * `runUnderMonitor`: a program run as a guest under the monitor — plain or hybrid, nested to a
 * depth, several copies side by side — with each guest's final state and what every level of
 * monitor did. The guest's storage is its region; its starting state is the machine's reset
 * state with the program loaded, as on a bare machine of that size.
 */
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { Machine, watchConsoles, type MachineSnapshot, type RunResult } from '../machine/index.js';
import { assemble, loadProgram, type Program } from '../asm/index.js';
import { VmmError } from './errors.js';
import { buildStack } from './nested.js';
import { roundRobin } from './scheduler.js';
import type { Statistics } from './statistics.js';

export interface MonitorRunOptions {
  /** Hybrid dispatch (Theorem 3). @defaultValue false */
  hybrid?: boolean;
  /** Monitors stacked, the guest on top. @defaultValue 1 */
  depth?: number;
  /** Copies of the program, each a guest with its own region, run round robin. @defaultValue 1 */
  guests?: number;
  /** The step budget of each guest. @defaultValue 10_000_000 */
  maxSteps?: number;
  /** Guest storage in cells. @defaultValue the next power of two that holds the program, at least 256 */
  guestCells?: number;
  /** Steps per turn with several guests. @defaultValue 1000 */
  slice?: number;
  /** Cells each monitor keeps below its guests. @defaultValue 16 */
  reserve?: number;
  /** The configuration C the monitors hold (see `MonitorOptions.configuration`). @defaultValue the description's */
  configuration?: readonly ConfigurationDecl[];
  /** Receives what each guest writes to the description's console devices, a character at a time. */
  onOutput?: (guest: number, ch: string) => void;
}

export interface GuestOutcome {
  name: string;
  reason: RunResult['reason'] | 'not-run';
  steps: number;
  /** The guest's final state, as a bare machine of its size would show it. */
  state: MachineSnapshot;
  statistics: Statistics;
  /** Where its storage is in real storage (every level's base summed). */
  realBase: number;
  /** What it stored to the ISA's console devices, in order. */
  output: string;
}

export interface LevelReport {
  /** 0 for the monitor on the real machine. */
  level: number;
  policy: 'trap-and-emulate' | 'hybrid';
  /** Storage of the machine this monitor runs on. */
  hostCells: number;
  statistics: Statistics;
}

export interface MonitorRunResult {
  /** 'halted' when every guest halted. */
  reason: 'halted' | 'step-limit';
  guests: GuestOutcome[];
  /** Level 0 first. */
  levels: LevelReport[];
  guestCells: number;
  realCells: number;
}

export interface BareRunResult {
  reason: RunResult['reason'];
  steps: number;
  /** The final state of a bare machine whose storage is `guestCells` cells. */
  state: MachineSnapshot;
  guestCells: number;
}

/** The same program on a bare machine of the guest's size: what `runUnderMonitor` must match. */
export function runBare(isa: IsaDescription, program: Program | string, options: Pick<MonitorRunOptions, 'guestCells' | 'maxSteps'> = {}): BareRunResult {
  const image = typeof program === 'string' ? assemble(isa, program) : program;
  const guestCells = options.guestCells ?? guestCellsFor(isa, image);
  if (programExtent(image) > guestCells) throw new VmmError(`the program reaches cell ${programExtent(image) - 1}, beyond a machine of ${guestCells} cells`);
  const m = new Machine(isa, { storageCells: guestCells });
  loadProgram(image, m);
  const r = m.run(options.maxSteps ?? 10_000_000);
  return { reason: r.reason, steps: r.steps, state: m.snapshot(), guestCells };
}

/** The storage a guest gets for a program: all of storage for a described map (virtual = real), else the power of two that holds it. */
export function guestCellsFor(isa: IsaDescription, program: Program): number {
  return isa.state.addressMap.kind === 'described' ? isa.state.storage.cells : defaultGuestCells(program);
}

/** The next power of two that holds the program, at least 256 cells. */
function defaultGuestCells(program: Program): number {
  return Math.max(256, 2 ** Math.ceil(Math.log2(Math.max(1, programExtent(program)))));
}

/** The number of cells a program's segments reach. */
export function programExtent(program: Program): number {
  return Math.max(0, ...program.segments.map((s) => s.place + s.cells.length));
}

export function runUnderMonitor(isa: IsaDescription, program: Program | string, options: MonitorRunOptions = {}): MonitorRunResult {
  const image = typeof program === 'string' ? assemble(isa, program) : program;
  const extent = programExtent(image);
  // A described map's guest is all of storage at its real addresses (virtual = real).
  const described = isa.state.addressMap.kind === 'described';
  const guestCells = options.guestCells ?? guestCellsFor(isa, image);
  if (extent > guestCells) throw new VmmError(`the program reaches cell ${extent - 1}, beyond a guest of ${guestCells} cells`);
  const maxSteps = options.maxSteps ?? 10_000_000;
  const count = options.guests ?? 1;
  const stack = buildStack(isa, {
    guestCells,
    depth: options.depth ?? 1,
    guests: count,
    hybrid: !!options.hybrid,
    ...(options.configuration ? { configuration: options.configuration } : {}),
    ...(options.reserve !== undefined ? { reserve: options.reserve } : described ? { reserve: 0 } : {}),
  });
  for (const g of stack.guests) loadProgram(image, g);
  // What each guest writes to the console devices: kept for the result, and passed on as it comes.
  const outputs = stack.guests.map(() => '');
  stack.guests.forEach((g, i) =>
    watchConsoles(g, (ch: string) => {
      outputs[i] += ch;
      options.onOutput?.(i, ch);
    }),
  );
  let reasons: GuestOutcome['reason'][];
  if (count === 1) reasons = [stack.guests[0]!.run(maxSteps).reason];
  else {
    const r = roundRobin(stack.guests, { slice: options.slice ?? 1000, maxSteps: maxSteps * count, guestMaxSteps: maxSteps });
    reasons = r.guests.map((g) => g.reason);
  }
  return {
    reason: stack.guests.every((g) => g.halted) ? 'halted' : 'step-limit',
    guests: stack.guests.map((g, i) => ({
      name: g.name,
      reason: g.halted ? 'halted' : reasons[i]!,
      steps: g.steps,
      state: g.snapshot(),
      statistics: g.statistics(),
      realBase: stack.realBase[i]!,
      output: outputs[i]!,
    })),
    levels: stack.monitors.map((m) => ({ level: m.level, policy: m.policy.name, hostCells: m.host.storageCells, statistics: m.statistics() })),
    guestCells,
    realCells: stack.real.storageCells,
  };
}
