/**
 * What differs between the external solvers, in one table: how to start one reading SMT-LIB 2
 * from a pipe, the commands that prepare a fresh process (or one after `(reset)`), how to set the
 * per-query time limit, how each reports its version and why it gave up, and how to install it.
 * Everything else about talking to them is the same SMT-LIB 2.
 */

export type ExternalSolverName = 'z3' | 'cvc5';

/**
 * How one query is kept apart from the ones before it: a scope in the same process
 * (`(push 1)` … `(pop 1)`), `(reset)` of the same process, or a fresh process for each query
 * (started while the previous query runs, so the query does not wait for it).
 */
export type Isolation = 'push' | 'reset' | 'process';

export interface Dialect {
  readonly name: ExternalSolverName;
  /** The binary looked up on PATH. */
  readonly command: string;
  readonly args: (isolation: Isolation) => string[];
  /** Commands for a fresh process, and again after each `(reset)`. */
  readonly setup: readonly string[];
  readonly timeout: (ms: number) => string;
  /** The version from `<command> --version`. */
  readonly version: (output: string) => string | undefined;
  readonly install: string;
  /** The fastest isolation that gave the right answers every time (measured: README.md). */
  readonly isolation: Isolation;
}

const z3: Dialect = {
  name: 'z3',
  command: 'z3',
  args: () => ['-in', '-smt2'],
  // Z3 produces models by default; say so anyway, since `get-value` depends on it.
  setup: ['(set-option :produce-models true)'],
  timeout: (ms) => `(set-option :timeout ${ms})`,
  version: (out) => /Z3 version ([0-9][^\s]*)/.exec(out)?.[1],
  install: "Install it (Debian/Ubuntu: apt-get install z3) or choose another solver with --solver.",
  // push/pop: ~1 ms a query on pg74, against ~7 ms after (reset) and ~20 ms of CPU to start z3.
  isolation: 'push',
};

const cvc5: Dialect = {
  name: 'cvc5',
  command: 'cvc5',
  // push/pop needs --incremental; after (reset) a non-incremental cvc5 takes a new query too.
  args: (isolation) => ['--lang', 'smt2', '--produce-models', ...(isolation === 'push' ? ['--incremental'] : [])],
  // Z3's output has no (set-logic …), and cvc5 wants one before the first declaration. ALL,
  // because vmcheck's queries are QF_ABV today but need not stay so; measured no slower than
  // QF_ABV on the pg74 export.
  setup: ['(set-option :produce-models true)', '(set-logic ALL)'],
  timeout: (ms) => `(set-option :tlimit-per ${ms})`,
  version: (out) => /cvc5 version ([0-9][^\s]*)/.exec(out)?.[1],
  install: "Install it (Debian/Ubuntu: apt-get install cvc5) or choose another solver with --solver.",
  // cvc5 1.0.3 answers each query after the first in a process 2-3 times slower, with (reset) as
  // with (pop 1), and with --incremental it aborted twice in 361 queries (CaDiCaL: "can only get
  // value in satisfied state"); a fresh process per query is 3 times faster and never failed.
  isolation: 'process',
};

export const dialects: Readonly<Record<ExternalSolverName, Dialect>> = { z3, cvc5 };

/**
 * Why a solver answered `unknown`, normalized: both solvers give up on the time limit under
 * several names (Z3 says `canceled` when the limit stops its incremental core, cvc5 may say
 * `resourceout`); vmcheck sets no other limit, so all of them are `timeout`.
 */
export function normalizeReason(reason: string): string {
  const r = reason.trim();
  return /^(timeout|canceled|cancelled|resourceout|\(resource limits reached\))$/i.test(r) ? 'timeout' : r || 'unknown';
}
