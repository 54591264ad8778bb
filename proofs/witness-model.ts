/**
 * Reading a witness out of a Z3 model: the concrete starting state(s), the instruction's field
 * values and cells, the storage cells that matter, and what the model predicts each run does —
 * all plain numbers, so that the witness outlives the model and can be replayed.
 */
import type { Ctx } from './z3.js';
import type { ZModel } from './query.js';
import { toBool, type BV, type Cond } from './terms.js';
import { cellAt, type SymState } from './state.js';
import type { SymInsn } from './instruction.js';
import type { Run } from './run.js';
import type { QueryKind } from './report-types.js';

export interface ConcreteState {
  readonly regs: Readonly<Record<string, bigint>>;
  readonly files: Readonly<Record<string, readonly bigint[]>>;
  /** Storage cells by physical address. */
  readonly cells: ReadonlyMap<bigint, bigint>;
}

export interface ModelRun {
  readonly label: string;
  readonly start: ConcreteState;
  /** Physical address of the instruction's first cell. */
  readonly fetchAt: bigint;
  /**
   * What the model says the run does: the trap kind taken, halting, registers after. Absent for
   * a run no model predicted (a pair derived on the reference machine, definitions/derived-pair.ts).
   */
  readonly predicted?: {
    readonly trap?: string;
    readonly halted: boolean;
    readonly regs: Readonly<Record<string, bigint>>;
    readonly files: Readonly<Record<string, readonly bigint[]>>;
  };
}

/** The behavior the replay must see on the reference machine. */
export type Claim =
  /** Runs [supervisor, user]: neither takes an excluded trap, and not (user traps and supervisor does not). */
  | { readonly kind: 'not-privileged' }
  /** One run: no trap, and each of these system registers or files is changed. */
  | { readonly kind: 'writes-system'; readonly regs: readonly string[]; readonly files: readonly string[] }
  /**
   * Runs [S1, S2]: neither traps, and the user-visible outcome differs. Storage is compared at
   * virtual address `probe`, which the model maps to physical `probeAt[i]` in run i (or to no
   * cell, when the probe is not visible in that run).
   */
  | { readonly kind: 'outcome-differs'; readonly probe: bigint; readonly probeAt: readonly (bigint | undefined)[] }
  /**
   * Runs [virtual, real]: the real run completes without a trap, the virtual one takes no
   * excluded trap, and the virtual run traps, or either changes system state, or the user-visible
   * results differ (storage compared at `probe` as for `outcome-differs`).
   */
  | { readonly kind: 'direct-unsafe'; readonly probe: bigint; readonly probeAt: readonly (bigint | undefined)[] };

export interface ModelWitness {
  readonly query: string;
  readonly definition: QueryKind;
  readonly fields: Readonly<Record<string, number>>;
  readonly cells: readonly bigint[];
  readonly runs: readonly ModelRun[];
  readonly claim: Claim;
  readonly shift?: bigint;
}

export function evalBV(m: ZModel, t: BV): bigint {
  return m.eval(t, true).value();
}

export function evalCond(ctx: Ctx, m: ZModel, c: Cond): boolean {
  return typeof c === 'boolean' ? c : ctx.isTrue(m.eval(toBool(ctx, c), true));
}

function readState(m: ZModel, s: SymState, addrs: readonly BV[]): ConcreteState {
  const regs = Object.fromEntries([...s.regs].map(([k, v]) => [k, evalBV(m, v)]));
  const files = Object.fromEntries([...s.files].map(([k, v]) => [k, v.map((e) => evalBV(m, e))]));
  const cells = new Map<bigint, bigint>();
  for (const a of addrs) cells.set(evalBV(m, a), evalBV(m, cellAt(s, a)));
  return { regs, files, cells };
}

/** A run's starting state (with the cells at `accessed` and `extra`) and the model's prediction. */
export function readRun(ctx: Ctx, m: ZModel, label: string, r: Run, extra: readonly BV[] = []): ModelRun {
  const trap = [...r.trap.byKind].find(([, c]) => evalCond(ctx, m, c))?.[0];
  return {
    label,
    start: readState(m, r.before, [...r.accessed, ...extra]),
    fetchAt: evalBV(m, r.fetch.physical),
    predicted: {
      ...(trap ? { trap } : {}),
      halted: evalCond(ctx, m, r.halted),
      regs: Object.fromEntries([...r.after.regs].map(([k, v]) => [k, evalBV(m, v)])),
      files: Object.fromEntries([...r.after.files].map(([k, v]) => [k, v.map((e) => evalBV(m, e))])),
    },
  };
}

export function readInsn(m: ZModel, sym: SymInsn): { fields: Record<string, number>; cells: bigint[] } {
  return {
    fields: Object.fromEntries([...sym.fields].map(([k, v]) => [k, Number(evalBV(m, v))])),
    cells: sym.cells.map((c) => evalBV(m, c)),
  };
}
