/**
 * Privileged (DESIGN.md §1): for every pair of states that differ only in mode, one supervisor
 * and one user, on which the instruction takes no excluded trap (memory, exception), the user run
 * traps and the supervisor run does not. Asked as the unsat of its negation; a model is a pair
 * of states that shows the instruction is not privileged.
 */
import { and, not, type Cond } from '../terms.js';
import { reg, withRegs } from '../state.js';
import { solve, queryName } from '../query.js';
import { readInsn, readRun } from '../witness-model.js';
import { constant, fresh, placed, queryId, run, type Kit } from './kit.js';
import { unknownFinding, type Finding } from './finding.js';

export async function privileged(kit: Kit): Promise<Finding> {
  const { ctx, isa } = kit;
  const mode = isa.state.mode.register;
  const base = fresh(kit, 'S');
  const w = reg(base, mode).sort.size();
  const sup = run(kit, withRegs(base, { [mode]: constant(kit, 'ms', w) }));
  const usr = run(kit, withRegs(base, { [mode]: constant(kit, 'mu', w) }));
  const id = queryId(kit, 'privileged');
  const userTrapsAlone: Cond = and(ctx, usr.trap.trapped, not(ctx, sup.trap.trapped));
  const out = await solve(
    kit.q,
    id,
    [placed(kit, sup, 'supervisor'), placed(kit, usr, 'user'), not(ctx, sup.excluded), not(ctx, usr.excluded), not(ctx, userTrapsAlone)],
    (m) => ({
      query: queryName(id),
      definition: 'privileged' as const,
      ...readInsn(m, kit.sym),
      runs: [readRun(ctx, m, 'supervisor', sup), readRun(ctx, m, 'user', usr)],
      claim: { kind: 'not-privileged' as const },
    }),
  );
  if (out.status === 'unknown') return unknownFinding('privileged', out.reason);
  if (out.status === 'unsat') return { definition: 'privileged', answer: 'yes', systemState: [] };
  return { definition: 'privileged', answer: 'no', systemState: [], witness: out.value };
}
