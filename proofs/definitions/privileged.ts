/**
 * Privileged (DESIGN.md §1, §2 rule 3): for every state, the instruction traps in user mode —
 * on the real machine, whose state holds the monitor's configuration C — and does not in
 * supervisor mode, runs that take an excluded trap (memory, exception) aside. With several
 * supervisor levels (RISC-V's S and M) it must not trap in at least one of them: a monitor runs at
 * the most privileged level, and an instruction S-mode may use but U-mode may not (CSRRW sstatus)
 * still traps for a guest kept in U-mode. With one supervisor level this is P&G's definition.
 * Asked as the unsat of its negation; a model is a pair of states that shows the instruction is
 * not privileged: a user run that does not trap, or one that does while the supervisor run (at
 * each level not excluded) traps too.
 */
import { and, not, or, val } from '../terms.js';
import { reg, withRegs, type SymState } from '../state.js';
import { solve, queryName, type ZModel } from '../query.js';
import type { ModelWitness } from '../witness-model.js';
import { unprivilegedExample } from './examples.js';
import { evalCond, readInsn, readRun } from '../witness-model.js';
import { constant, fresh, placed, queryId, run, type Kit } from './kit.js';
import { unknownFinding, type Finding } from './finding.js';
import { withConcreteConfiguration, withConfiguration } from '../configuration.js';

/**
 * The conditions under which a state pair shows the instruction is not privileged, with the
 * real (user-mode) run's state made by `real` from the virtual one: C applied, or (for the
 * configuration search) symbolic configuration bits.
 */
export function notPrivileged(kit: Kit, real: (s: SymState) => SymState, tag = 'S') {
  const { ctx, isa } = kit;
  const mode = isa.state.mode.register;
  const base = fresh(kit, tag);
  const w = reg(base, mode).sort.size();
  const levels = isa.state.mode.levels.filter((l) => l.supervisor);
  const sups = levels.map((l) => run(kit, withRegs(base, { [mode]: val(ctx, l.value, w) })));
  const usr = run(kit, real(withRegs(base, { [mode]: constant(kit, `${tag}.mu`, w) })));
  const someSupervisorRuns = or(ctx, ...sups.map((s) => not(ctx, s.excluded)));
  const everySupervisorTraps = and(ctx, ...sups.map((s) => or(ctx, s.excluded, s.trap.trapped)));
  const assertions = [
    ...sups.map((s) => placed(kit, s, 'supervisor')),
    placed(kit, usr, 'user'),
    someSupervisorRuns,
    not(ctx, usr.excluded),
    or(ctx, not(ctx, usr.trap.trapped), everySupervisorTraps),
  ];
  const id = queryId(kit, 'privileged');
  const read = (m: ZModel): ModelWitness => {
    // The supervisor run to show: the first level that is not excluded.
    const sup = sups.find((s) => !evalCond(ctx, m, s.excluded)) ?? sups[0]!;
    return {
      query: queryName(id),
      definition: 'privileged',
      ...readInsn(m, kit.sym),
      runs: [readRun(ctx, m, 'supervisor', sup), readRun(ctx, m, 'user', usr)],
      claim: { kind: 'not-privileged' },
    };
  };
  return { sups, usr, assertions, read };
}

export async function privileged(kit: Kit): Promise<Finding> {
  const { ctx } = kit;
  const shown = await unprivilegedExample(kit, (s) => withConcreteConfiguration(s, kit.config));
  if (shown) return { definition: 'privileged', answer: 'no', systemState: [], witness: shown };
  const { assertions, read } = notPrivileged(kit, (s) => withConfiguration(ctx, s, kit.config));
  const out = await solve(kit.q, queryId(kit, 'privileged'), assertions, read);
  if (out.status === 'unknown') return unknownFinding('privileged', out.reason);
  if (out.status === 'unsat') return { definition: 'privileged', answer: 'yes', systemState: [] };
  return { definition: 'privileged', answer: 'no', systemState: [], witness: out.value };
}
