/**
 * Running one satisfiability query: a fresh solver with the per-query timeout, the SMT-LIB text
 * written out when asked (`--smt-out`), the model read while the solver is alive, and both
 * released (unreleased solvers leak toward the fixed 2 GiB wasm heap).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from 'z3-solver';
import type { Z3Handle, Z3Name } from './z3.js';
import { toBool, type Cond } from './terms.js';
import type { QueryKind, QueryRecord } from './report-types.js';

export type ZModel = Model<Z3Name>;

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

/** Checks the conjunction of `assertions`; on sat, `onSat` reads what it needs from the model. */
export async function solve<T>(q: QueryEnv, id: QueryId, assertions: readonly Cond[], onSat: (m: ZModel) => T): Promise<QueryOutcome<T>> {
  const { ctx } = q.z;
  const solver = new ctx.Solver();
  const start = performance.now();
  try {
    solver.set('timeout', q.timeoutMs);
    for (const a of assertions) if (a !== true) solver.add(toBool(ctx, a));
    const smtFile = q.smtOutDir ? writeSmt(q.smtOutDir, q.isaName, q.retry ? { ...id, detail: [id.detail, 'retry'].filter(Boolean).join('.') } : id, solver.toSmtlib2()) : undefined;
    // Z3 checks its timeout cooperatively; should a check overrun it badly, interrupt it (the
    // one call made to a context while its check runs: Z3_interrupt is meant for that).
    const watchdog = setTimeout(() => ctx.interrupt(), 2 * q.timeoutMs + 1000);
    const status = await solver.check().finally(() => clearTimeout(watchdog));
    const record = (s: QueryRecord['status'], reason?: string): void => {
      q.records.push({
        id: queryName(id),
        instruction: id.instruction,
        definition: id.definition,
        ...(id.detail ? { detail: id.detail } : {}),
        status: s,
        ...(reason ? { reason } : {}),
        ms: Math.round((performance.now() - start) * 10) / 10,
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
    const reason = solver.reasonUnknown() || 'unknown';
    record('unknown', reason);
    return { status: 'unknown', reason };
  } finally {
    solver.release();
  }
}

function writeSmt(dir: string, isa: string, id: QueryId, text: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const folder = join(dir, safe(isa));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, [id.instruction, id.definition, ...(id.detail ? [id.detail] : [])].map(safe).join('.') + '.smt2');
  writeFileSync(file, `; vmcheck query ${isa}: ${queryName(id)}\n${text}\n`);
  return file;
}
