/**
 * Where a generated program goes on a machine whose address map is described (page tables, TLBs,
 * segments): a guest of such a map is all of storage at its real addresses, and the drawn state
 * decides where the PC fetches from. The generator cannot invert an arbitrary map, so the
 * placement asks the reference machine: the cell the first fetch reads, or, when that fetch
 * faults, the cell the trap's handler fetches from. The program moves there; the rest of the drawn
 * state stays as drawn.
 */
import type { IsaDescription } from '../spec/description.js';
import { Machine, MachineError, type MachineSnapshot } from '../machine/index.js';
import type { GuestCase } from '../testing/index.js';
import { loadProgram, type Program } from '../asm/index.js';
import { VmmError } from './errors.js';
import { physicalPc } from './equivalence.js';

/** `c` with its program moved to where a run from its image fetches first (see the file's comment). */
export function placeAtFetch(isa: IsaDescription, c: GuestCase, storageCells: number): GuestCase {
  const probe = new Machine(isa, { storageCells });
  probe.restore(c.image);
  let target = physicalPc(probe);
  if (target === undefined) {
    try {
      probe.step();
      if (!probe.halted) target = physicalPc(probe);
    } catch (e) {
      if (!(e instanceof MachineError)) throw e;
    }
  }
  if (target === undefined || target === c.origin || target + c.length > storageCells) return { ...c, cells: storageCells };
  const program = new Map(c.image.storage.filter(([a]) => a >= c.origin && a < c.origin + c.length));
  const storage = new Map(c.image.storage.filter(([a]) => a < c.origin || a >= c.origin + c.length));
  for (let i = 0; i < c.length; i++) {
    const v = program.get(c.origin + i);
    if (v === undefined) storage.delete(target + i);
    else storage.set(target + i, v);
  }
  const image: MachineSnapshot = { ...c.image, storage: [...storage].sort((a, b) => a[0] - b[0]) };
  return { ...c, image, cells: storageCells, origin: target };
}

/** A state to fuzz from: a snapshot and the storage it is for. */
export interface FuzzStart {
  image: MachineSnapshot;
  cells: number;
  /** Steps the program ran to reach it. */
  steps: number;
}

/**
 * The state a program reaches when it first runs at a user level (a level the description does
 * not mark supervisor), or after `afterSteps` steps: a kernel's map, vectors and stacks in place.
 * `cells` is the storage the program runs in (`guestCellsFor`).
 */
export function startOf(isa: IsaDescription, image: Program, cells: number, options: { afterSteps?: number; maxSteps?: number } = {}): FuzzStart {
  const m = new Machine(isa, { storageCells: cells });
  loadProgram(image, m);
  const user = new Set(isa.state.mode.levels.filter((l) => !l.supervisor).map((l) => l.value));
  const budget = options.afterSteps ?? options.maxSteps ?? 1_000_000;
  const atUser = () => options.afterSteps === undefined && user.has(m.getReg(isa.state.mode.register));
  while (m.steps < budget && !m.halted && !atUser()) m.step();
  if (m.halted) throw new VmmError(`the program halted after ${m.steps} steps${options.afterSteps === undefined ? ' without reaching a user level' : ''}: there is no state to fuzz from`);
  if (options.afterSteps === undefined && !atUser()) throw new VmmError(`the program ran ${m.steps} steps without reaching a user level; name a step with --from-step`);
  if (physicalPc(m) === undefined) throw new VmmError(`after ${m.steps} steps the program's next fetch faults: there is no cell to place programs at`);
  return { image: m.snapshot(), cells, steps: m.steps };
}
