/**
 * User system-state-sensitive (DESIGN.md §2 rule 2): two states in the same user level that
 * differ only in system state outside the mode, the address map and the timing resources (the
 * registers and files of `modeLike` but those), neither taking an excluded trap, whose outcomes
 * are not alike. Under a hybrid monitor virtual user mode runs directly while the real system
 * state holds the monitor's values, so such an instruction is user-sensitive, like user control-
 * and user location-sensitivity. With P&G's <M, R> alone there is nothing to vary: `no`.
 */
import { fresh, type Kit } from './kit.js';
import { outcomeDiffers, type PairSpec } from './behavior.js';
import { varied } from './mode-sensitive.js';
import { unknownFinding, type Finding } from './finding.js';

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
  const definition = 'user-system-sensitive';
  const { regs, files } = userSystemState(kit);
  const candidates = [...regs, ...files];
  if (candidates.length === 0) return { definition, answer: 'no', systemState: [], note: 'no system state outside the mode, the address map and the timing resources' };
  const pair = userSystemPair(kit);
  const s1 = pair.s1;
  const out = await outcomeDiffers(kit, pair);
  if (out.status === 'unknown') return unknownFinding(definition, out.reason);
  if (out.status === 'unsat') return { definition, answer: 'no', systemState: [] };
  if (candidates.length === 1) return { definition, answer: 'yes', systemState: candidates, witness: out.value };
  // Which piece, differing alone, shows it (state the instruction cannot read is not asked about).
  const read: string[] = [];
  for (const c of candidates) {
    if (readable && !readable.has(c)) continue;
    const isFile = files.includes(c);
    const o = await outcomeDiffers(kit, { definition, detail: c, s1, s2: varied(kit, s1, isFile ? [] : [c], isFile ? [c] : []), mode: 'user', related: [] });
    if (o.status === 'sat') read.push(c);
  }
  return { definition, answer: 'yes', systemState: read.length > 0 ? read : candidates, witness: out.value };
}
