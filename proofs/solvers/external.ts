/**
 * An external solver as a process answering queries one at a time, each query isolated from the
 * ones before it as the dialect's measurements chose (dialects.ts, README.md): z3 keeps one
 * process and puts each query in a `(push 1)` scope; cvc5 gets a fresh process per query, started
 * while the previous query runs. Two limits keep a query from hanging: the solver's own time
 * limit, and a wall-clock watchdog that kills a process which has not answered in twice that
 * plus a second; the query is then `unknown` (timeout). A process that errs or dies fails its
 * query with a SolverProtocolError and is replaced by a fresh one for the next query.
 */
import { dialects, normalizeReason, type Dialect, type ExternalSolverName, type Isolation } from './dialects.js';
import { SolverProtocolError, SolverUnavailableError } from './errors.js';
import { probeVersion } from './locate.js';
import { ProcessEnded, SolverProcess } from './process.js';
import { queryBody, queryLabel, type BitVectorConstant } from './script.js';
import { atomText, bitVectorValue, show, symbol, type Sexp } from './sexp.js';

export interface ExternalAnswer {
  status: 'sat' | 'unsat' | 'unknown';
  /** Why `unknown`: `timeout` when the time limit (the solver's or the watchdog's) ended it. */
  reason?: string;
  /** On sat: the value of each requested bit-vector constant, by name. */
  values?: Map<string, bigint>;
  /** Wall-clock time of the whole exchange. */
  ms: number;
}

export interface ExternalSolver {
  readonly name: ExternalSolverName;
  readonly version: string;
  /**
   * Decides the script's assertions. `script` is the text of Z3's `solver.toSmtlib2()`
   * (declarations, assertions, a trailing (check-sat)); on sat, the values of the named
   * bit-vector constants (get-value) are returned. Calls are answered one at a time, in order.
   */
  check(script: string, bitVectors: readonly BitVectorConstant[], timeoutMs: number): Promise<ExternalAnswer>;
  /** Ends the process (after the queries already asked). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The program to run instead of the one on PATH (`z3`, `cvc5`). */
  readonly command?: string;
  /** How queries are kept apart in the process (default: the dialect's measured choice). */
  readonly isolation?: Isolation;
}

/** The wall-clock limit for a query with solver time limit `timeoutMs` (as proofs/query.ts). */
export const watchdogMs = (timeoutMs: number): number => 2 * timeoutMs + 1000;

/** Starts a solver; SolverUnavailableError when its program cannot be run. */
export async function openExternalSolver(name: ExternalSolverName, options: OpenOptions = {}): Promise<ExternalSolver> {
  const dialect = dialects[name];
  if (!dialect) throw new RangeError(`unknown external solver '${String(name)}' (known: ${Object.keys(dialects).join(', ')})`);
  const command = options.command ?? dialect.command;
  const version = await probeVersion(dialect, command);
  return new ProcessSolver(dialect, command, version, options.isolation ?? dialect.isolation);
}

class ProcessSolver implements ExternalSolver {
  readonly name: ExternalSolverName;
  private proc: SolverProcess | undefined;
  /** The process holds a query's declarations or scope, to be undone before the next. */
  private dirty = false;
  private needsSetup = true;
  private timeoutSet: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dialect: Dialect,
    private readonly command: string,
    readonly version: string,
    private readonly isolation: Isolation,
  ) {
    this.name = dialect.name;
    this.process(); // start it now: the first query should not pay for the start-up
  }

  check(script: string, bitVectors: readonly BitVectorConstant[], timeoutMs: number): Promise<ExternalAnswer> {
    if (this.closed) return Promise.reject(new Error(`the ${this.name} solver has been closed`));
    const run = this.queue.then(() => this.run(script, bitVectors, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const proc = this.proc;
    this.proc = undefined;
    await Promise.all([proc?.close(), ...this.retiring]);
  }

  /** Processes asked to exit (isolation 'process'), until they have. */
  private readonly retiring = new Set<Promise<void>>();

  /** Isolation 'process': the query's process exits, and the next query's is started now. */
  private retire(proc: SolverProcess): void {
    if (this.proc === proc) this.proc = undefined;
    const done = proc.close().finally(() => this.retiring.delete(done));
    this.retiring.add(done);
    if (!this.closed) this.process();
  }

  private process(): SolverProcess {
    if (!this.proc?.alive) {
      this.proc = new SolverProcess(this.command, this.dialect.args(this.isolation));
      this.dirty = false;
      this.needsSetup = true;
      this.timeoutSet = undefined;
    }
    return this.proc;
  }

  /** What to send before a query's body: undo the last query, set options, open a scope. */
  private prelude(timeoutMs: number): string {
    const out: string[] = [];
    if (this.dirty && this.isolation === 'reset') {
      out.push('(reset)');
      this.needsSetup = true;
      this.timeoutSet = undefined;
    }
    if (this.dirty && this.isolation === 'push') out.push('(pop 1)');
    if (this.needsSetup) out.push(...this.dialect.setup);
    if (this.timeoutSet !== timeoutMs) out.push(this.dialect.timeout(timeoutMs));
    if (this.isolation === 'push') out.push('(push 1)');
    this.needsSetup = false;
    this.timeoutSet = timeoutMs;
    this.dirty = true;
    return out.join('\n');
  }

  private async run(script: string, bitVectors: readonly BitVectorConstant[], timeoutMs: number): Promise<ExternalAnswer> {
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`);
    const limit = Math.ceil(timeoutMs);
    const label = queryLabel(script);
    const body = queryBody(script); // a malformed script is refused before anything is sent
    const names = bitVectors.map((b) => symbol(b.name));
    const start = performance.now();
    const elapsed = () => Math.round((performance.now() - start) * 10) / 10;
    const proc = this.process();
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      void proc.kill();
    }, watchdogMs(limit));
    const fail = (detail: string) => new SolverProtocolError(this.name, label, detail);
    try {
      const answer = await proc.request(`${this.prelude(limit)}\n${body}\n(check-sat)`);
      const status = single(answer, fail, 'check-sat');
      if (status !== 'sat' && status !== 'unsat' && status !== 'unknown') throw fail(`expected sat, unsat or unknown, got ${show(status)}`);
      if (status === 'unsat') return { status, ms: elapsed() };
      if (status === 'unknown') {
        const info = single(await proc.request('(get-info :reason-unknown)'), fail, 'get-info :reason-unknown');
        return { status, reason: normalizeReason(reasonText(info)), ms: elapsed() };
      }
      const values = new Map<string, bigint>();
      if (names.length > 0) {
        const reply = single(await proc.request(`(get-value (${names.join(' ')}))`), fail, 'get-value');
        if (!Array.isArray(reply) || reply.length !== names.length) throw fail(`get-value: expected ${names.length} values, got ${show(reply)}`);
        reply.forEach((pair: Sexp, i: number) => {
          const want = bitVectors[i]!;
          const got = Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' ? atomText(pair[0]) : undefined;
          const v = Array.isArray(pair) && pair.length === 2 ? bitVectorValue(pair[1] as Sexp) : undefined;
          if (got !== want.name || !v) throw fail(`get-value: expected (${names[i]} <bit-vector>), got ${show(pair)}`);
          if (v.width !== want.width) throw fail(`get-value: ${names[i]} is ${want.width} bits wide, the answer ${show(pair[1] as Sexp)} has ${v.width}`);
          values.set(want.name, v.value);
        });
      }
      return { status, values, ms: elapsed() };
    } catch (e) {
      await this.discard(proc);
      if (timedOut) return { status: 'unknown', reason: 'timeout', ms: elapsed() };
      if (e instanceof SolverProtocolError) throw e;
      if (e instanceof ProcessEnded) {
        if (e.spawnError?.code === 'ENOENT' || e.spawnError?.code === 'EACCES')
          throw new SolverUnavailableError(this.name, this.command, `the program '${this.command}' can no longer be run (${e.spawnError.code})`, this.dialect.install);
        const error = e.items.find(isError);
        throw fail(error ? `${errorText(error)} (then the process ${e.message})` : `the process ${e.message}`);
      }
      throw fail(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(watchdog);
      if (this.isolation === 'process') this.retire(proc);
    }
  }

  /** Ends a process whose state is no longer known; the next query starts a fresh one. */
  private async discard(proc: SolverProcess): Promise<void> {
    if (this.proc === proc) this.proc = undefined;
    await proc.kill();
  }
}

const isError = (s: Sexp): boolean => Array.isArray(s) && s[0] === 'error';
const errorText = (s: Sexp): string => `the solver reported (error ${JSON.stringify(atomText(String((s as Sexp[])[1] ?? '')))})`;

/** The one item a command printed; an `(error …)`, `unsupported`, or anything more is a failure. */
function single(items: readonly Sexp[], fail: (detail: string) => SolverProtocolError, command: string): Sexp {
  const error = items.find(isError);
  if (error) throw fail(errorText(error));
  if (items.includes('unsupported')) throw fail(`the solver answered 'unsupported' to a command sent with ${command}`);
  if (items.length !== 1) throw fail(`expected one answer to ${command}, got ${items.length === 0 ? 'none' : items.map(show).join(' ')}`);
  return items[0]!;
}

function reasonText(info: Sexp): string {
  if (Array.isArray(info) && info.length === 2 && info[0] === ':reason-unknown') {
    const r = info[1] as Sexp;
    return typeof r === 'string' ? atomText(r) : show(r);
  }
  return show(info);
}
