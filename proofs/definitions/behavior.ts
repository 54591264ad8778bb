/**
 * Behavior sensitivity, the common core of mode-, location-, user system-state sensitivity and
 * timing dependence (DESIGN.md §1, §2 rules 1-2; README.md here): two related states, neither
 * taking an excluded trap, whose outcomes are not alike — one traps and the other completes, or
 * both complete and differ in a user register, the PC, halting, or the storage the program sees
 * (an existential over one symbolic virtual address, so the query stays quantifier-free). A trap
 * is an outcome: only excluded traps set a run aside.
 */
import { and, not, or, type BV, type Cond } from '../terms.js';
import { solve, queryName, type QueryOutcome, type ZModel } from '../query.js';
import { evalBV, evalCond, readInsn, readRun, type ModelWitness } from '../witness-model.js';
import type { DefinitionName, QueryKind } from '../report-types.js';
import type { SymState } from '../state.js';
import { anyDiffers, constant, mapped, placed, queryId, run, userOutcome, type Kit } from './kit.js';
import { mayStore } from '../dependencies.js';
import { flowBlock } from '../walk-stores.js';
import type { Run } from '../run.js';
import type { MapView } from '../symbolic.js';
import { visibleAddress } from '../mapped.js';
import type { Ctx } from '../z3.js';

export interface PairSpec {
  readonly definition: DefinitionName;
  readonly detail?: string;
  readonly s1: SymState;
  readonly s2: SymState;
  /** Which modes the states may start in. */
  readonly mode: 'any' | 'user';
  /** The query kind to record (a definition, or a variant of the exact per-step query). */
  readonly kind?: QueryKind;
  /** How the states are related, beyond how `s2` is built from `s1`. */
  readonly related: readonly Cond[];
  /** The shift x of a location pair (reported in the witness). */
  readonly shift?: BV;
  /** Only pairs of which exactly one run traps (a special case, asked for an example of one). */
  readonly oneTraps?: boolean;
}

/** What a query asserts, and how a model of it becomes a witness. */
export interface Conditions {
  readonly assertions: readonly Cond[];
  readonly read: (m: ZModel) => ModelWitness;
  /** The pair's storage is shifted (see QueryShape). */
  readonly shiftedStorage?: boolean;
}

export function outcomeDiffers(kit: Kit, spec: PairSpec): Promise<QueryOutcome<ModelWitness>> {
  const c = pairConditions(kit, spec);
  return solve(kit.q, queryId(kit, spec.kind ?? spec.definition, spec.detail), c.assertions, c.read, { shiftedStorage: c.shiftedStorage });
}

/** The conditions of a pair whose outcomes are not alike. */
export function pairConditions(kit: Kit, spec: PairSpec): Conditions {
  const { ctx, isa } = kit;
  const r1 = run(kit, spec.s1);
  const r2 = run(kit, spec.s2);
  const probe = constant(kit, `${spec.definition}.probe`, isa.state.storage.addressBits);
  // Storage cannot differ when the states share it and see it alike (no shift; the map's physical
  // address reads only relocation registers, which no other pair varies) and the instruction
  // stores nothing.
  const seenAlike = kit.part.physicalRegs.every((r) => kit.part.relocationRegs.includes(r));
  const storage = !(kit.shortcuts && spec.shift === undefined && seenAlike && !mayStore(flowBlock(isa, kit.sym.insn)));
  const parts = userOutcome(kit, r1, r2, probe, storage);
  const id = queryId(kit, spec.kind ?? spec.definition, spec.detail);
  const agree = spec.shift === undefined && mapMayDiffer(kit) ? [mapsAgree(kit, r1, r2)] : [];
  return {
    shiftedStorage: spec.shift !== undefined,
    assertions: [placed(kit, r1, spec.mode), placed(kit, r2, spec.mode), not(ctx, r1.excluded), not(ctx, r2.excluded), ...agree, ...spec.related, spec.oneTraps ? oneTraps(ctx, r1, r2) : notAlike(ctx, r1, r2, anyDiffers(kit, parts))],
    read: (m) => {
      const at = [mapped(kit, r1.before, probe), mapped(kit, r2.before, probe)];
      return {
        query: queryName(id),
        definition: spec.kind ?? spec.definition,
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
  };
}

/**
 * Whether a pair's two states may translate an address differently: the mode selects the map
 * (RISC-V: M-mode does not translate, S and U do). Other maps keep the registers their physical
 * address reads equal in every pair (partition.ts relocationRegs), but the location pair, which
 * moves them on purpose.
 */
export function mapMayDiffer(kit: Kit): boolean {
  return kit.part.modeSelectsMap;
}

/**
 * The two states are placed alike (definitions/README.md): at every virtual address both runs
 * look at — their fetches, and the data accesses both make, with the same kind and size — the two
 * maps, as they were before the runs, land on the same cell wherever neither faults. A map that
 * differs between the states (between modes) is the monitor's to compose, as P&G's relocation
 * register is (DESIGN.md §2, location-sensitivity): a pair tells an instruction's own
 * sensitivity only where it sees the same storage. (The probe's agreement is part of the storage
 * comparison, kit.ts userOutcome.)
 */
export function mapsAgree(kit: Kit, r1: Run, r2: Run): Cond {
  const { ctx, isa } = kit;
  // A run's view of an address it reached before writing anything is its map as before the run
  // (neither run is excluded, so nothing it reached lies outside storage); one made after a write
  // is translated again on the state before the run.
  const before = (v: MapView, r: Run) => (v.asBefore ? v : visibleAddress(ctx, isa, r.before, v.vaddr, v.cells, v.access));
  const conds: Cond[] = [];
  for (const a of r1.views)
    for (const b of r2.views) {
      if (a.access !== b.access || a.cells !== b.cells) continue;
      const same = a.vaddr.eqIdentity(b.vaddr) ? true : (a.vaddr.eq(b.vaddr) as Cond);
      const x = before(a, r1);
      const y = before(b, r2);
      conds.push(or(ctx, not(ctx, and(ctx, a.guard, b.guard, same)), x.fault, y.fault, x.physical.eq(y.physical) as Cond));
    }
  return and(ctx, ...conds);
}

/**
 * Two runs neither of which is excluded are not alike: exactly one traps, or neither does and
 * `differs` (their user-visible results differ). Two trapping runs are alike (rule 1).
 */
export function notAlike(ctx: Ctx, r1: Run, r2: Run, differs: Cond): Cond {
  const t1 = r1.trap.trapped;
  const t2 = r2.trap.trapped;
  return or(ctx, oneTraps(ctx, r1, r2), and(ctx, not(ctx, t1), not(ctx, t2), differs));
}

/** Exactly one of the runs traps. */
export function oneTraps(ctx: Ctx, r1: Run, r2: Run): Cond {
  const t1 = r1.trap.trapped;
  const t2 = r2.trap.trapped;
  return or(ctx, and(ctx, t1, not(ctx, t2)), and(ctx, t2, not(ctx, t1)));
}
