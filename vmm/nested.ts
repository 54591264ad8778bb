/**
 * A stack of monitors: one on a real machine, each further one running in a guest of the one
 * below, guests at the top. Each level composes its guest's map with the region it gave it, so a
 * guest at depth d reaches real storage through d maps composed (its region starts at the sum of
 * the bases), and a trap goes to the lowest level whose guest would see it.
 */
import { mappedViews } from '../spec/mapped-registers.js';
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import type { Machine } from '../machine/index.js';
import { VmmError } from './errors.js';
import { Monitor, type DirectStep } from './monitor.js';
import type { VirtualMachine } from './virtual-machine.js';

export interface StackOptions {
  /** Storage of each top-level guest, in cells. */
  guestCells: number;
  /** Monitors stacked: 1 is one monitor on the real machine. @defaultValue 1 */
  depth?: number;
  /** Guests of the top monitor, side by side. @defaultValue 1 */
  guests?: number;
  /** Every monitor uses hybrid dispatch. @defaultValue false */
  hybrid?: boolean;
  /** Cells each monitor keeps below its guests. @defaultValue 16 */
  reserve?: number;
  /**
   * Where each level places its first guest, from the real machine's monitor up; a level not
   * listed uses the lowest free place.
   */
  bases?: readonly number[];
  /** Step-by-step audit of what the real machine runs (see `MonitorOptions.onDirectStep`). */
  onDirectStep?: (step: DirectStep) => void;
  /** The configuration C every monitor holds (see `MonitorOptions.configuration`). @defaultValue the description's */
  configuration?: readonly ConfigurationDecl[];
  /** @internal every monitor interprets with the reference routine (see `MonitorOptions.referenceRoutines`) */
  referenceRoutines?: boolean;
}

export interface MonitorStack {
  /** The real machine. */
  real: Machine;
  /** The monitors, from the one on the real machine (level 0) up. */
  monitors: Monitor[];
  /** The top monitor's guests. */
  guests: VirtualMachine[];
  /** Where each top-level guest's storage starts in real storage: the bases of every level summed. */
  realBase: number[];
}

export function buildStack(isa: IsaDescription, options: StackOptions): MonitorStack {
  const depth = options.depth ?? 1;
  const count = options.guests ?? 1;
  const reserve = options.reserve ?? 16;
  if (!Number.isInteger(depth) || depth < 1) throw new VmmError(`the nesting depth is a whole number from 1, not ${depth}`);
  if (!Number.isInteger(count) || count < 1) throw new VmmError(`the number of guests is a whole number from 1, not ${count}`);
  // A region may not cover the host's registers mapped into storage: one that would starts above
  // them. Not where guests run virtual = real (a described map): there those cells are the guest's own.
  const mapped = isa.state.addressMap.kind === 'described' ? [] : mappedViews(isa);
  const bases: number[] = new Array<number>(depth);
  const placed = (level: number, size: number): number => {
    const given = options.bases?.[level];
    if (given !== undefined) return given;
    let at = reserve;
    for (let clash = true; clash; ) {
      const over = mapped.filter((v) => v.cell < at + size && at < v.cell + v.cells);
      clash = over.length > 0;
      if (clash) at = Math.max(...over.map((v) => v.cell + v.cells));
    }
    return at;
  };
  // Sizes from the top down: the top host holds its guests, each lower guest holds the host above.
  const hostCells: number[] = new Array<number>(depth);
  bases[depth - 1] = placed(depth - 1, count * options.guestCells);
  hostCells[depth - 1] = bases[depth - 1]! + count * options.guestCells;
  for (let l = depth - 2; l >= 0; l--) {
    bases[l] = placed(l, hostCells[l + 1]!);
    hostCells[l] = bases[l]! + hostCells[l + 1]!;
  }
  const base = (level: number) => bases[level]!;
  // A level told where to place its guest keeps only the cells below that place.
  const keep = (level: number) => Math.min(reserve, base(level));
  const shared = { ...(options.configuration ? { configuration: options.configuration } : {}), ...(options.referenceRoutines ? { referenceRoutines: true } : {}) };
  const monitors = [Monitor.onMachine(isa, hostCells[0]!, { hybrid: !!options.hybrid, reserve: keep(0), ...shared, ...(options.onDirectStep ? { onDirectStep: options.onDirectStep } : {}) })];
  for (let l = 1; l < depth; l++)
    monitors.push(monitors[l - 1]!.nest({ size: hostCells[l]!, base: base(l - 1), name: `level ${l} machine` }, { hybrid: !!options.hybrid, reserve: keep(l), ...shared }));
  const top = monitors[depth - 1]!;
  const guests = Array.from({ length: count }, (_, i) =>
    top.createGuest({ size: options.guestCells, ...(i === 0 ? { base: base(depth - 1) } : {}), name: count === 1 ? 'guest' : `guest ${i}` }),
  );
  const below = monitors.slice(0, -1).reduce((s, _, l) => s + base(l), 0);
  return { real: monitors[0]!.host as Machine, monitors, guests, realBase: guests.map((g) => below + g.region.base) };
}
