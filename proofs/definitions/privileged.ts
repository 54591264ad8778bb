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
import { translate } from '../../spec/address-map.js';
import { fetchAt } from '../run.js';
import { modeIs } from '../state.js';
import { guardedLevels, onlyTheGuardTraps, trapsInEveryUserLevel } from '../mode-guard.js';
import type { IsaDescription } from '../../spec/description.js';

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

/**
 * Privileged by a first guard on the mode (mode-guard.ts) that traps in every user level, where
 * nothing else in the semantics traps or faults: a user run always traps, and a supervisor run the
 * guard lets through is done unless its fetch faults. So a pair showing the instruction not
 * privileged needs states in which every supervisor level the guard lets through faults on the
 * fetch, some level it stops does not, and the user level does not — a question about the fetch
 * alone, the same for every entry guarded alike (of the same length): asked once per check (per
 * worker), with the instruction's own query dropped where its answer is unsat. Undefined where
 * it does not apply or the fetch question is sat (then the instruction's own query is asked).
 */
async function privilegedByGuard(kit: Kit): Promise<Finding | undefined> {
  const { ctx, isa } = kit;
  const semantics = kit.sym.insn.semantics;
  if (!kit.shortcuts || !trapsInEveryUserLevel(isa, semantics) || !onlyTheGuardTraps(semantics) || !fetchFaultsExcluded(isa)) return undefined;
  const guarded = new Set(guardedLevels(isa, semantics));
  const sup = isa.state.mode.levels.filter((l) => l.supervisor);
  const stopped = sup.filter((l) => guarded.has(l.value));
  const note = 'structural: it traps before any effect in every user level and in no supervisor level it lets through but by a fetch fault';
  if (stopped.length === 0) return { definition: 'privileged', answer: 'yes', systemState: [], note: `${note} (it stops no supervisor level)` };
  const n = kit.sym.cells.length;
  const key = JSON.stringify([n, stopped.map((l) => l.value), kit.config]);
  let memo = fetchQuestions.get(isa);
  if (!memo) fetchQuestions.set(isa, (memo = new Map()));
  let answer = memo.get(key);
  if (!answer) {
    const mode = isa.state.mode.register;
    const base = fresh(kit, 'S');
    const w = reg(base, mode).sort.size();
    const outOf = (s: SymState) => {
      const f = fetchAt(ctx, isa, s, n);
      return or(ctx, f.fault, f.outside);
    };
    const at = (l: { value: number }) => outOf(withRegs(base, { [mode]: val(ctx, l.value, w) }));
    const usr = withConfiguration(ctx, withRegs(base, { [mode]: constant(kit, 'S.mu', w) }), kit.config);
    const q = solve(kit.q, queryId(kit, 'privileged', 'fetch alone'), [
      modeIs(ctx, isa, usr, 'user'),
      ...sup.filter((l) => !guarded.has(l.value)).map(at),
      or(ctx, ...stopped.map((l) => not(ctx, at(l)))),
      not(ctx, outOf(usr)),
    ], () => true);
    memo.set(key, (answer = q.then((o) => o.status)));
    // An unknown is not kept: the next entry asks again.
    void answer.then((st) => st === 'unknown' && memo!.delete(key));
  }
  return (await answer) === 'unsat' ? { definition: 'privileged', answer: 'yes', systemState: [], note: `${note} (shown once for every entry guarded alike: no state fetches in ${stopped.map((l) => l.name).join(' or ')} and the user level while every other supervisor level's fetch faults)` } : undefined;
}

const fetchQuestions = new WeakMap<IsaDescription, Map<string, Promise<string>>>();

/** Whether every trap a fetch can take is excluded (class memory or exception): then a run that is not excluded did not fault on its fetch. */
export function fetchFaultsExcluded(isa: IsaDescription): boolean {
  const excluded = new Set(isa.traps.kinds.filter((k) => k.class === 'memory' || k.class === 'exception').map((k) => k.name));
  return translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, 'fetch').faults.every((f) => excluded.has(f.trap));
}

export async function privileged(kit: Kit): Promise<Finding> {
  const { ctx } = kit;
  const byGuard = await privilegedByGuard(kit);
  if (byGuard) return byGuard;
  const shown = await unprivilegedExample(kit, (s) => withConcreteConfiguration(s, kit.config));
  if (shown) return { definition: 'privileged', answer: 'no', systemState: [], witness: shown };
  const { assertions, read } = notPrivileged(kit, (s) => withConfiguration(ctx, s, kit.config));
  const out = await solve(kit.q, queryId(kit, 'privileged'), assertions, read);
  if (out.status === 'unknown') return unknownFinding('privileged', out.reason);
  if (out.status === 'unsat') return { definition: 'privileged', answer: 'yes', systemState: [] };
  return { definition: 'privileged', answer: 'no', systemState: [], witness: out.value };
}
