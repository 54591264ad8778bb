/**
 * Location-sensitive (DESIGN.md §1): the same program and data placed `x ≠ 0` apart — the second
 * state's storage is the first's shifted by a symbolic `x` (a Z3 lambda, so no quantifier), its
 * relocation moved by `x`, bound, mode and user registers the same — both run without trapping,
 * and the user-visible outcome differs. The system state involved is the relocation.
 */
import type { BV } from '../terms.js';
import { reg, withRegs, type SymState } from '../state.js';
import type { DefinitionName } from '../report-types.js';
import { constant, fresh, type Kit } from './kit.js';
import { outcomeDiffers, type PairSpec } from './behavior.js';
import { unknownFinding, type Finding } from './finding.js';

/** `s` moved by `x`: r ⊕ x, and E2 = λj. E1[j − x] (applied at each access, see `SymState.memShift`). */
export function shifted(kit: Kit, s: SymState, x: BV): SymState {
  const moved = Object.fromEntries(kit.part.relocationRegs.map((r) => [r, reg(s, r).add(x) as BV]));
  return { ...withRegs(s, moved), memShift: x };
}

/** The pair: the program moved by x ≠ 0. */
export function locationPair(kit: Kit, userOnly: boolean): PairSpec {
  const s1 = fresh(kit, 'S1');
  const x = constant(kit, 'x', kit.isa.state.storage.addressBits);
  const zero = kit.ctx.BitVec.val(0, x.sort.size());
  return { definition: userOnly ? 'user-location-sensitive' : 'location-sensitive', s1, s2: shifted(kit, s1, x), mode: userOnly ? 'user' : 'any', related: [x.neq(zero)], shift: x };
}

export async function locationSensitive(kit: Kit, userOnly = false): Promise<Finding> {
  const definition: DefinitionName = userOnly ? 'user-location-sensitive' : 'location-sensitive';
  const relocation = [...kit.part.relocationRegs];
  if (kit.isa.state.addressMap.kind === 'described')
    return {
      definition,
      answer: 'no',
      systemState: [],
      note: 'a described map’s guest runs virtual = real (the real map registers are its own): the monitor moves nothing, so there is no placement for its behavior to depend on',
    };
  if (!kit.relocatable)
    return {
      definition,
      answer: 'unknown',
      systemState: relocation,
      note: 'the address map is not a relocation (physical = virtual + registers), so "moved by x" is not defined for it',
    };
  const out = await outcomeDiffers(kit, locationPair(kit, userOnly));
  if (out.status === 'unknown') return unknownFinding(definition, out.reason, relocation);
  if (out.status === 'unsat') return { definition, answer: 'no', systemState: [] };
  return { definition, answer: 'yes', systemState: relocation, witness: out.value };
}
