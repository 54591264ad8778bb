/**
 * User system-state-sensitive (DESIGN.md §2 rule 2): two states in the same user level that
 * differ only in system state outside the mode, the address map and the timing resources (the
 * registers and files of `modeLike` but those), neither taking an excluded trap, whose outcomes
 * are not alike. Under a hybrid monitor virtual user mode runs directly while the real system
 * state holds the monitor's values, so such an instruction is user-sensitive, like user control-
 * and user location-sensitivity. With P&G's <M, R> alone there is nothing to vary: `no`.
 */
import { fresh, type Kit } from './kit.js';
import type { PairSpec } from './behavior.js';
import { attributed, varied } from './mode-sensitive.js';
import type { Finding } from './finding.js';

/** The registers and files a user system-state pair may differ in. */
export function userSystemState(kit: Kit): { regs: string[]; files: string[] } {
  const { part, isa } = kit;
  return { regs: part.modeLike.regs.filter((r) => r !== isa.state.mode.register && !part.mapRegs.includes(r)), files: [...part.modeLike.files] };
}

/** The pair: user level, the mode not varied (the same level), the rest of `userSystemState` varied. */
export function userSystemPair(kit: Kit): PairSpec {
  const { regs, files } = userSystemState(kit);
  const s1 = fresh(kit, 'S1');
  return { definition: 'user-system-sensitive', s1, s2: varied(kit, s1, regs, files), mode: 'user', related: [] };
}

export async function userSystemSensitive(kit: Kit, readable?: ReadonlySet<string>): Promise<Finding> {
  const { regs, files } = userSystemState(kit);
  if (regs.length + files.length === 0) return { definition: 'user-system-sensitive', answer: 'no', systemState: [], note: 'no system state outside the mode, the address map and the timing resources' };
  return attributed(kit, userSystemPair(kit), regs, files, readable);
}
