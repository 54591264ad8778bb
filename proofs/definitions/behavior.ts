/**
 * Behavior sensitivity, the common core of mode-sensitivity, location-sensitivity and timing
 * dependence (DESIGN.md §1): two related states both run the instruction without trapping, and
 * the user-visible outcome differs — a user register, the PC, halting, or the storage the program
 * sees (an existential over one symbolic virtual address, so the query stays quantifier-free).
 */
import { not, type BV, type Cond } from '../terms.js';
import { solve, queryName, type QueryOutcome } from '../query.js';
import { evalBV, evalCond, readInsn, readRun, type ModelWitness } from '../witness-model.js';
import type { DefinitionName } from '../report-types.js';
import type { SymState } from '../state.js';
import { anyDiffers, constant, mapped, placed, queryId, run, userOutcome, type Kit } from './kit.js';
import { mayStore } from '../dependencies.js';

export interface PairSpec {
  readonly definition: DefinitionName;
  readonly detail?: string;
  readonly s1: SymState;
  readonly s2: SymState;
  /** Which modes the states may start in. */
  readonly mode: 'any' | 'user';
  /** How the states are related, beyond how `s2` is built from `s1`. */
  readonly related: readonly Cond[];
  /** The shift x of a location pair (reported in the witness). */
  readonly shift?: BV;
}

export async function outcomeDiffers(kit: Kit, spec: PairSpec): Promise<QueryOutcome<ModelWitness>> {
  const { ctx, isa } = kit;
  const r1 = run(kit, spec.s1);
  const r2 = run(kit, spec.s2);
  const probe = constant(kit, `${spec.definition}.probe`, isa.state.storage.addressBits);
  // Storage cannot differ when the states share it (no shift; the map's physical address reads
  // only relocation registers, which no other pair varies) and the instruction stores nothing.
  const storage = !(kit.shortcuts && spec.shift === undefined && !mayStore(kit.sym.insn.semantics));
  const parts = userOutcome(kit, r1, r2, probe, storage);
  const id = queryId(kit, spec.definition, spec.detail);
  return solve(
    kit.q,
    id,
    [placed(kit, r1, spec.mode), placed(kit, r2, spec.mode), not(ctx, r1.trap.trapped), not(ctx, r2.trap.trapped), ...spec.related, anyDiffers(kit, parts)],
    (m) => {
      const at = [mapped(kit, r1.before, probe), mapped(kit, r2.before, probe)];
      return {
        query: queryName(id),
        definition: spec.definition,
        ...readInsn(m, kit.sym),
        runs: [readRun(ctx, m, 'S1', r1, [at[0]!.physical]), readRun(ctx, m, 'S2', r2, [at[1]!.physical])],
        claim: {
          kind: 'outcome-differs',
          probe: evalBV(m, probe),
          probeAt: at.map((a) => (evalCond(ctx, m, a.fault) ? undefined : evalBV(m, a.physical))),
        },
        ...(spec.shift ? { shift: evalBV(m, spec.shift) } : {}),
      };
    },
  );
}
