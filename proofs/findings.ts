/**
 * The findings of one instruction, in two parts: the `class` part (the sensitivity definitions,
 * which do not depend on the monitor's configuration) and the `privilege` part (privileged under
 * C, and the exact per-step condition under C, both variants). A configuration search reuses the
 * first and asks the second again under the configuration it found.
 *
 * With `shortcuts`, a user variant is not queried when its general form is ruled out, nor a
 * definition the instruction's data flow rules out (see dependencies.ts): the answer is the same,
 * and its note says how it was found.
 */
import { mappedViews } from '../spec/mapped-registers.js';
import type { DefinitionName } from './report-types.js';
import type { Kit } from './definitions/kit.js';
import { dependencies } from './dependencies.js';
import { flowBlock } from './walk-stores.js';
import type { Finding } from './definitions/finding.js';
import { fetchFaultsExcluded, privileged } from './definitions/privileged.js';
import { controlSensitive } from './definitions/control-sensitive.js';
import { userControlSensitive } from './definitions/user-control-sensitive.js';
import { modeSensitive } from './definitions/mode-sensitive.js';
import { locationSensitive } from './definitions/location-sensitive.js';
import { userLocationSensitive } from './definitions/user-location-sensitive.js';
import { userSystemSensitive, userSystemState } from './definitions/user-system-sensitive.js';
import { timingDependent } from './definitions/timing-dependent.js';
import { directExecution } from './definitions/direct-execution.js';
import { trapsInEveryUserLevel } from './mode-guard.js';
import { mapReadsHidden } from './map-placed-alike.js';

export const findingParts = ['class', 'privilege'] as const;
export type FindingPart = (typeof findingParts)[number];

/** The finding kinds each part holds, in order. */
export const partKinds = {
  class: ['control-sensitive', 'user-control-sensitive', 'mode-sensitive', 'location-sensitive', 'user-location-sensitive', 'user-system-sensitive', 'timing-dependent'],
  privilege: ['privileged', 'direct-any-level', 'direct-user-level'],
} as const;

export async function classFindings(kit: Kit, shortcuts: boolean): Promise<Finding[]> {
  const implied = (d: DefinitionName, from: DefinitionName): Finding => ({ definition: d, answer: 'no', systemState: [], note: `implied: not ${from}` });
  const { part } = kit;
  const deps = dependencies(flowBlock(kit.isa, kit.sym.insn), mappedViews(kit.isa));
  const none = (names: readonly string[], of: ReadonlySet<string>) => shortcuts && !names.some((n) => of.has(n));
  const ruledOut = (d: DefinitionName, how: string): Finding => ({ definition: d, answer: 'no', systemState: [], note: `structural: ${how}` });
  const system = [...part.systemRegs, ...part.systemFiles];
  const modeLike = [...part.modeLike.regs, ...part.modeLike.files];
  const own = userSystemState(kit);
  const userSystem = [...own.regs, ...own.files];

  // A guard on the mode alone, before any effect, that traps in every user level (mode-guard.ts).
  const userTraps = shortcuts && trapsInEveryUserLevel(kit.isa, kit.sym.insn.semantics);
  const guarded = 'it traps before any effect in every user level (a guard on the mode alone comes first)';
  const control = none(system, deps.writes) ? ruledOut('control-sensitive', 'it assigns no system state') : await controlSensitive(kit);
  const userControl =
    shortcuts && control.answer === 'no' ? implied('user-control-sensitive', 'control-sensitive') : userTraps ? ruledOut('user-control-sensitive', guarded) : await userControlSensitive(kit);
  // What can change a run's result: what the semantics read, and what the map's physical address
  // reads (it decides which cells the run and the comparison see) unless a pair placed alike
  // hides it (map-placed-alike.ts).
  const hidden = shortcuts && mapReadsHidden(kit.isa, part, deps);
  const readable = new Set([...deps.reads, ...(hidden ? [] : part.physicalRegs)]);
  const mode = none(modeLike, readable)
    ? ruledOut('mode-sensitive', `it reads none of ${modeLike.join(', ')}${hidden ? ' (where the address map reads them, a pair placed alike sees the same cells)' : ''}`) : await modeSensitive(kit, shortcuts ? readable : undefined);
  const location = shortcuts && movesAlike(kit, deps) ? ruledOut('location-sensitive', `it neither reads nor writes ${part.relocationRegs.join(', ')} and reaches storage only through the map: moved by x, every access lands x further on, where the moved storage holds the same value`) : await locationSensitive(kit);
  const userLocation =
    shortcuts && location.answer === 'no' ? implied('user-location-sensitive', 'location-sensitive') : userTraps ? ruledOut('user-location-sensitive', guarded) : await userLocationSensitive(kit);
  const userSys =
    userSystem.length > 0 && none(userSystem, readable)
      ? ruledOut('user-system-sensitive', `it reads none of ${userSystem.join(', ')}`)
      : shortcuts && mode.answer === 'no'
        ? implied('user-system-sensitive', 'mode-sensitive')
        : userTraps
          ? ruledOut('user-system-sensitive', guarded)
          : await userSystemSensitive(kit, shortcuts ? readable : undefined);
  // Not reading a timing resource rules timing-dependence out only when none is user state: a
  // user-kind one is part of the outcome itself, so two states that differ in it differ after any
  // run that leaves it (found by the oracle, fixture 765d3b357e7c).
  const timingVisible = part.timing.some((t) => part.userRegs.includes(t));
  const timing =
    part.timing.length > 0 && !timingVisible && none(part.timing, deps.reads) ? ruledOut('timing-dependent', `it reads none of ${part.timing.join(', ')}`) : await timingDependent(kit);
  return [control, userControl, mode, location, userLocation, userSys, timing];
}

/**
 * Whether location-sensitivity follows from the data flow: a relocation-bounds map (its physical
 * address is the virtual one plus the base, proved to move by exactly x: `kit.relocatable`), whose
 * faults are excluded traps, over storage no register is mapped into; relocation registers that
 * are system state (a user one would differ in the outcome itself) and that the semantics neither
 * read nor write (a write before an access would place it apart from the moved storage); no
 * physical load or store. Then in the pair (S2 = S1 with the relocation moved by x and storage
 * moved by x) every access through the map, the fetch included, reaches the cell x further on,
 * where S2's storage holds what S1's held: both runs compute the same values, store them x apart
 * (keeping S2's storage S1's moved), and where one run faults and the other does not, that run
 * is excluded. Two runs that are not excluded are therefore alike (storage is compared through
 * each run's map as it was before the run: x apart again), and the answer is `no`.
 */
function movesAlike(kit: Kit, deps: ReturnType<typeof dependencies>): boolean {
  const { isa, part } = kit;
  const map = isa.state.addressMap;
  if (map.kind !== 'relocation-bounds' || !kit.relocatable || part.relocationRegs.length === 0) return false;
  const trap = isa.traps.kinds.find((k) => k.name === map.trap);
  if (!trap || (trap.class !== 'memory' && trap.class !== 'exception')) return false;
  if (mappedViews(isa).length > 0 || deps.physical) return false;
  return part.relocationRegs.every((r) => !part.userRegs.includes(r) && !deps.reads.has(r) && !deps.writes.has(r));
}

/**
 * Whether safety for direct execution follows from the data flow, as location-sensitivity does
 * (`movesAlike`): the real state differs from the virtual one only in the mode, the system state
 * the monitor owns, C, and the placement (relocation and storage moved by k). Where the semantics
 * read and write only user state (the PC, user registers and files, which the real state holds
 * as the virtual one does), the map moves every access by exactly k (`movesAlike`), its physical
 * address reads only the relocation registers (not the mode, which differs), and C sets none of
 * those nor any user register: every access of the real run, the fetch included, reaches the
 * cell k further on, where the real storage holds what the virtual storage held, so the runs
 * compute the same values and traps; where one faults on the map and the other does not, that
 * one is excluded (the real run traps; the virtual one takes a memory or excluded trap). A real
 * run that completes therefore leaves a virtual run that traps only as it does (so not at all),
 * changes no system state in either (none is assigned), and ends in the same user state, storage
 * compared through each map as before the run (k apart): safe.
 */
function runsAlikeMoved(kit: Kit): boolean {
  const { part } = kit;
  const deps = dependencies(flowBlock(kit.isa, kit.sym.insn), mappedViews(kit.isa));
  if (!movesAlike(kit, deps)) return false;
  const user = new Set([part.pc, ...part.userRegs, ...part.userFiles]);
  if (![...deps.reads, ...deps.writes].every((n) => user.has(n))) return false;
  if (!part.physicalRegs.every((r) => part.relocationRegs.includes(r))) return false;
  return kit.config.every((c) => !user.has(c.register) && !part.physicalRegs.includes(c.register));
}

/**
 * The same where nothing moves: the semantics read and write only user state and make no load or
 * store (or the mode selects a map whose reads a pair placed alike hides, map-placed-alike.ts, which
 * holds the real run's accesses on the virtual run's cells); no register is mapped into storage; every fault a fetch can take is an excluded trap;
 * C sets no user register; and the real state's map places the storage comparison's probe where
 * the virtual one's does — the mode selects the map (then the pair is compared only where both
 * maps place the probe alike, kit.ts userOutcome), or the physical address reads none of the mode,
 * the monitor's own system state and C — while the placement is not moved (a relocation that
 * moves by k is `runsAlikeMoved`'s). Both runs then execute the same word (each holds the
 * instruction's cells where it fetches them) on the same user state: the same values and traps,
 * no system state assigned, storage unchanged and the same where both maps see it; a virtual run
 * whose fetch faults is excluded, a real one trapped: safe.
 */
function runsAlikeInPlace(kit: Kit): boolean {
  const { isa, part } = kit;
  const deps = dependencies(flowBlock(isa, kit.sym.insn), mappedViews(isa));
  // Loads and stores too where the mode selects a map that the pair sees alike (map-placed-alike.ts):
  // each access of both runs lands on the same cell of the one storage, or faults in the virtual
  // run (excluded) or the real one (it traps).
  if ((deps.storage && !mapReadsHidden(isa, part, deps)) || mappedViews(isa).length > 0 || !fetchFaultsExcluded(isa)) return false;
  if (isa.state.addressMap.kind === 'relocation-bounds' && kit.relocatable) return false;
  const user = new Set([part.pc, ...part.userRegs, ...part.userFiles]);
  if (![...deps.reads, ...deps.writes].every((n) => user.has(n))) return false;
  if (kit.config.some((c) => user.has(c.register))) return false;
  const differing = new Set([isa.state.mode.register, ...userSystemState(kit).regs, ...kit.config.map((c) => c.register)]);
  return part.modeSelectsMap || !part.physicalRegs.some((r) => differing.has(r));
}

export async function privilegeFindings(kit: Kit, shortcuts: boolean): Promise<Finding[]> {
  const p = await privileged(kit);
  const direct = async (level: 'any' | 'user'): Promise<Finding> => {
    const d = await directExecution(kit, level);
    return {
      definition: level === 'any' ? 'direct-any-level' : 'direct-user-level',
      answer: d.safe,
      systemState: [],
      ...(d.note ? { note: d.note } : {}),
      ...(d.witness ? { witness: d.witness } : {}),
    };
  };
  // The real run is in a user level: where a first guard on the mode traps in every user level,
  // it never completes, so no pair is unsafe (mode-guard.ts).
  const any: Finding =
    shortcuts && trapsInEveryUserLevel(kit.isa, kit.sym.insn.semantics)
      ? { definition: 'direct-any-level', answer: 'yes', systemState: [], note: 'structural: the real run, in a user level, traps before any effect (a guard on the mode alone comes first)' }
      : shortcuts && runsAlikeMoved(kit)
        ? { definition: 'direct-any-level', answer: 'yes', systemState: [], note: 'structural: it reads and writes only user state and reaches storage only through the map: the real run, moved by k, computes and stores what the virtual run does, k further on' }
        : shortcuts && runsAlikeInPlace(kit)
          ? {
              definition: 'direct-any-level',
              answer: 'yes',
              systemState: [],
              note: dependencies(kit.sym.insn.semantics, mappedViews(kit.isa)).storage
                ? 'structural: it reads and writes only user state and accesses storage only through a map the mode selects, which the real run sees as the virtual run does: the real run computes and stores what the virtual run does'
                : 'structural: it reads and writes only user state and touches no storage but its own fetch: the real run computes what the virtual run does',
            }
          : await direct('any');
  // A user-level virtual state is one of the any-level query's states, with the real state's
  // level one of its choices: safe from any level implies safe from user levels.
  const user: Finding =
    shortcuts && any.answer === 'yes' ? { definition: 'direct-user-level', answer: 'yes', systemState: [], note: 'implied: safe from any level' } : await direct('user');
  return [p, any, user];
}

export function findingsOf(kit: Kit, which: FindingPart, shortcuts: boolean): Promise<Finding[]> {
  return which === 'class' ? classFindings(kit, shortcuts) : privilegeFindings(kit, shortcuts);
}
