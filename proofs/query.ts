/**
 * Running one satisfiability query: a fresh solver with the per-query timeout, the SMT-LIB text
 * written out when asked (`--smt-out`), the model read while the solver is alive, and both
 * released (unreleased solvers leak toward the fixed 2 GiB wasm heap).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model, Solver } from 'z3-solver';
import type { Z3Handle, Z3Name } from './z3.js';
import { toBool, type Cond } from './terms.js';
import { declaredBitVectors, type ExternalSolver } from './solvers/index.js';
import type { QueryKind, QueryRecord } from './report-types.js';
import { firstAttemptMs, solved } from './restart.js';

export type ZModel = Model<Z3Name>;
type Z3Solver = Solver<Z3Name>;

export interface QueryEnv {
  readonly z: Z3Handle;
  readonly isaName: string;
  readonly timeoutMs: number;
  /** Directory for SMT-LIB copies of the queries, if any. */
  readonly smtOutDir?: string;
  /** Every query run, in order (the report's `queries`). */
  readonly records: QueryRecord[];
  /** Set when a timed-out query is asked again: its SMT-LIB copy is named apart. */
  readonly retry?: boolean;
  /** The solvers answering besides (or instead of) the embedded Z3 (`--solver`, `--cross-check`). */
  readonly solvers?: QuerySolvers;
}

/** Which solver answers, and which confirms every answer. */
export interface QuerySolvers {
  /** Answers the query; the embedded Z3 then only completes a sat answer's model. Absent: the embedded Z3 answers. */
  readonly primary?: ExternalSolver;
  /** Asked too; a definite answer that differs from the primary's is an error. */
  readonly confirm?: ExternalSolver;
  /** The embedded Z3 confirms the primary's answers (`--solver z3 --cross-check z3-wasm`). */
  readonly confirmEmbedded?: boolean;
}

/** Two solvers gave different definite answers to one query: one of them (or vmcheck's SMT-LIB) is wrong. */
export class SolverDisagreement extends Error {
  constructor(
    readonly query: string,
    message: string,
  ) {
    super(`solver disagreement on query ${query}: ${message}`);
    this.name = 'SolverDisagreement';
  }
}

export interface QueryId {
  readonly instruction: string;
  readonly definition: QueryKind;
  /** A refinement of the definition's query (which register, say). */
  readonly detail?: string;
}

export function queryName(id: QueryId): string {
  return [id.instruction, id.definition, ...(id.detail ? [id.detail] : [])].join('/');
}

export type QueryOutcome<T> = { status: 'sat'; value: T } | { status: 'unsat' } | { status: 'unknown'; reason: string };

/** What the engine choice needs to know of a query. */
export interface QueryShape {
  /** Storage is read through a shift (a location pair, or a relocated real state): array index arithmetic. */
  readonly shiftedStorage?: boolean;
}

/**
 * The solver for one query. Measured on vmcheck's exported queries (rv32: 345, the pg74 family:
 * 710; WebAssembly Z3, one core): Z3's `smt` tactic took 37 s on the rv32 ones where the default
 * solver took 78 s (its bit-blasting of 32-bit PMP and CSR arithmetic is what costs), and less on
 * pg74's privilege and mode queries; but on queries over shifted storage the default solver's
 * array preprocessing wins (pg74's location and relocated direct-execution queries: 5.7 s against
 * 15.1 s). Simplifying and propagating values first took a further 19% off rv32's unsat queries
 * and 47% off pg74's privilege, mode and control queries. So: the default solver for shifted
 * storage, simplify + propagate-values + `smt` for the rest.
 */
function newSolver(ctx: QueryEnv['z']['ctx'], shape: QueryShape): Z3Solver {
  if (shape.shiftedStorage) return new ctx.Solver();
  // One tactic per context, a solver made from it per query: building the three tactics and
  // their combination anew for every query was a fifth of a tiny query's cost (tactic2solver
  // cleans the tactic up after each check, and one context runs one check at a time).
  return smtTactic(ctx).solver();
}

function smtTactic(ctx: QueryEnv['z']['ctx']): ReturnType<QueryEnv['z']['ctx']['AndThen']> {
  let t = tactics.get(ctx);
  if (!t) tactics.set(ctx, (t = ctx.AndThen('simplify', 'propagate-values', 'smt')));
  return t;
}

const tactics = new WeakMap<QueryEnv['z']['ctx'], ReturnType<QueryEnv['z']['ctx']['AndThen']>>();

/** Checks the conjunction of `assertions`; on sat, `onSat` reads what it needs from the model. */
export async function solve<T>(q: QueryEnv, id: QueryId, assertions: readonly Cond[], onSat: (m: ZModel) => T, shape: QueryShape = {}): Promise<QueryOutcome<T>> {
  const { ctx } = q.z;
  let solver = newSolver(ctx, shape);
  const start = performance.now();
  let lost = false;
  try {
    for (const a of assertions) if (a !== true) solver.add(toBool(ctx, a));
    const needText = q.smtOutDir !== undefined || q.solvers?.primary !== undefined || q.solvers?.confirm !== undefined;
    // The first comment names the query in a solver's error messages.
    const text = needText ? `; vmcheck query ${q.isaName}: ${queryName(id)}\n${solver.toSmtlib2()}` : '';
    const smtFile = q.smtOutDir ? writeSmt(q.smtOutDir, q.isaName, q.retry ? { ...id, detail: [id.detail, 'retry'].filter(Boolean).join('.') } : id, text) : undefined;
    const decided = performance.now();
    const limit = { timedOut: false };
    // A query's time on the embedded Z3 is heavy-tailed: the same query, asked again in the same
    // context, took 10–60 ms most times and over a second about one time in eight (up to 15 s:
    // pg74's LD/direct-any-level, 30 runs; a fresh solver each time, the same seed or another).
    // So a check that runs out of its attempt's time is asked again of a fresh solver, each
    // attempt four times as long as the one before, until the query's limit is spent (restarts,
    // as SAT solvers make them). The first attempt gets a quarter of the limit (at least a
    // second), or less where the queries of this process have been quick (restart.ts).
    const restartable = !q.solvers?.primary && !q.solvers?.confirm && !q.solvers?.confirmEmbedded;
    let budget = q.timeoutMs;
    let attempt = restartable ? firstAttemptMs(q.timeoutMs) : q.timeoutMs;
    let status: 'sat' | 'unsat' | 'unknown';
    for (;;) {
      const limitMs = Math.min(attempt, budget);
      status = await decide(q, id, solver, text, limit, limitMs);
      budget -= limitMs;
      if (status !== 'unknown' || !limit.timedOut || budget <= 0) break;
      solver.release();
      solver = newSolver(ctx, shape);
      for (const a of assertions) if (a !== true) solver.add(toBool(ctx, a));
      limit.timedOut = false;
      attempt *= 4;
    }
    if (restartable && status !== 'unknown') solved(performance.now() - decided);
    const solverMs = Math.round((performance.now() - decided) * 10) / 10;
    const record = (s: QueryRecord['status'], reason?: string): void => {
      q.records.push({
        id: queryName(id),
        instruction: id.instruction,
        definition: id.definition,
        ...(id.detail ? { detail: id.detail } : {}),
        status: s,
        ...(reason ? { reason } : {}),
        ms: Math.round((performance.now() - start) * 10) / 10,
        solverMs,
        ...(smtFile ? { smtFile } : {}),
      });
    };
    if (status === 'sat') {
      const model = solver.model();
      try {
        const value = onSat(model);
        record('sat');
        return { status: 'sat', value };
      } finally {
        model.release();
      }
    }
    if (status === 'unsat') {
      record('unsat');
      return { status: 'unsat' };
    }
    const reason = limit.timedOut ? 'timeout' : solver.reasonUnknown() || 'unknown';
    record('unknown', reason);
    return { status: 'unknown', reason };
  } catch (e) {
    lost = e instanceof SolverLostError;
    throw e;
  } finally {
    // A lost check may still hold the context: no synchronous call on it (ENGINEERING.md).
    if (!lost) solver.release();
  }
}

function writeSmt(dir: string, isa: string, id: QueryId, text: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const folder = join(dir, safe(isa));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, [id.instruction, id.definition, ...(id.detail ? [id.detail] : [])].map(safe).join('.') + '.smt2');
  writeFileSync(file, `${text}\n`);
  return file;
}

/** How long an interrupted embedded check may take to come back before its solver counts as lost. */
const LOST_AFTER_MS = 60_000;

/** The embedded Z3 stopped answering: the check cannot go on (and the solver is not touched again). */
export class SolverLostError extends Error {
  override name = 'SolverLostError';
}

/**
 * The query's status: from the embedded Z3, or from the `--solver` process (whose sat answer's
 * bit-vector values are then fixed in the embedded solver, so that the model — arrays included —
 * is completed there and read as always); confirmed by the `--cross-check` solver when asked.
 */
async function decide(q: QueryEnv, id: QueryId, solver: Z3Solver, text: string, limit: { timedOut: boolean }, limitMs: number): Promise<'sat' | 'unsat' | 'unknown'> {
  const { ctx } = q.z;
  const embedded = async (): Promise<'sat' | 'unsat' | 'unknown'> => {
    // The time limit is kept here, not by Z3's `timeout` parameter: that one starts a timer
    // thread in every check and hands over to it on the way out (in WebAssembly a fifth of a
    // tiny query's time), and setting it updates every tactic's parameters. At the limit the
    // check is interrupted (the one call made to a context while its check runs: Z3_interrupt
    // is meant for that) and its answer is `unknown` (timeout), whatever it comes back with: an
    // interrupt that lands just after the check ends leaves the context canceled until the next
    // check begins, so nothing is read from it.
    // A check that does not come back from the interrupt either has lost its solver thread (then
    // its promise would never settle, and the run would end without a result): that is an error.
    let lost: ReturnType<typeof setTimeout> | undefined;
    let interrupted = false;
    const watchdog = setTimeout(() => {
      interrupted = limit.timedOut = true;
      ctx.interrupt();
      lost = setTimeout(() => reject(new SolverLostError(`the embedded Z3 did not answer ${queryName(id)} within ${Math.round((limitMs + LOST_AFTER_MS) / 1000)} s, even after an interrupt: its solver thread may have stopped (rerun, or ask a native solver with --solver z3)`)), LOST_AFTER_MS);
    }, limitMs);
    let reject: (e: Error) => void = () => {};
    const gone = new Promise<never>((_, no) => (reject = no));
    const status = await Promise.race([solver.check(), gone]).finally(() => {
      clearTimeout(watchdog);
      if (lost !== undefined) clearTimeout(lost);
    });
    if (!interrupted) return status;
    // An interrupt that lands after the check's end leaves the context's limit canceled, and the
    // next call that checks it (a combined solver's assert simplifies) would fail: every check
    // begins by clearing it, so one on an empty solver does.
    const clear = smtTactic(ctx).solver();
    try {
      await clear.check();
    } finally {
      clear.release();
    }
    return 'unknown';
  };
  const primary = q.solvers?.primary;
  let status: 'sat' | 'unsat' | 'unknown';
  let by = 'z3-wasm';
  if (!primary) status = await embedded();
  else {
    by = primary.name;
    const bvs = declaredBitVectors(text);
    const answer = await primary.check(text, bvs, q.timeoutMs);
    status = answer.status;
    if (status === 'sat') {
      const consts = new Map(bvs.map((b) => [b.name, b.width]));
      for (const [name, value] of answer.values ?? []) solver.add(ctx.BitVec.const(name, consts.get(name)!).eq(ctx.BitVec.val(value, consts.get(name)!)));
      const completed = await embedded();
      if (completed === 'unsat') throw new SolverDisagreement(queryName(id), `${primary.name} answered sat with a model the embedded Z3 refutes`);
      if (completed !== 'sat') status = 'unknown';
    }
  }
  if (primary && q.solvers?.confirmEmbedded && status === 'unsat') {
    const second = await embedded();
    if (second === 'sat') throw new SolverDisagreement(queryName(id), `${by} answered unsat, z3-wasm answered sat`);
  }
  const confirm = q.solvers?.confirm;
  if (confirm && status !== 'unknown') {
    const second = await confirm.check(text, [], q.timeoutMs);
    if (second.status !== 'unknown' && second.status !== status) throw new SolverDisagreement(queryName(id), `${by} answered ${status}, ${confirm.name} answered ${second.status}`);
  }
  return status;
}
