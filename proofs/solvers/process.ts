/**
 * One solver process on a pipe, and the one way to talk to it: send some commands followed by
 * `(echo "vmcheck-sync-N")`, and collect every item the solver prints until that marker comes
 * back. The marker makes the end of an answer certain whatever the commands print (nothing, an
 * answer, an error) and however the output is chunked; a process that dies first fails the
 * request with its exit status, its last output and its stderr.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SexpReader, atomText, type Sexp } from './sexp.js';

/** Why a request failed: the process ended (exit code or signal), or could not be started. */
export class ProcessEnded extends Error {
  override readonly name = 'ProcessEnded';
  constructor(
    message: string,
    /** Items printed before the end (an `(error …)` among them is usually the cause). */
    readonly items: readonly Sexp[],
    readonly spawnError?: NodeJS.ErrnoException,
  ) {
    super(message);
  }
}

interface Pending {
  readonly marker: string;
  readonly items: Sexp[];
  readonly resolve: (items: Sexp[]) => void;
  readonly reject: (e: Error) => void;
}

const STDERR_KEEP = 4000;

export class SolverProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly reader = new SexpReader();
  private pending: Pending | undefined;
  private next = 0;
  private stderr = '';
  private ended: ProcessEnded | undefined;
  private readonly exited: Promise<void>;

  constructor(command: string, args: readonly string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    // Writing to a process that has died raises EPIPE here; the exit is reported by 'close'.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e: NodeJS.ErrnoException) => {
        this.end(new ProcessEnded(`could not run ${command}: ${e.message}`, [], e));
        resolve();
      });
      this.child.on('close', (code, signal) => {
        const tail = this.reader.rest();
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        const parts = [why, ...(tail ? [`last output: ${tail.slice(-500)}`] : []), ...(this.stderr.trim() ? [`stderr: ${this.stderr.trim().slice(-1000)}`] : [])];
        this.end(new ProcessEnded(parts.join('; '), []));
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The process has ended (or never started). */
  get alive(): boolean {
    return this.ended === undefined;
  }

  /** Sends `commands` and resolves with everything printed in answer to them. */
  request(commands: string): Promise<Sexp[]> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.pending) return Promise.reject(new Error('a request to this solver process is already in flight'));
    const marker = `vmcheck-sync-${++this.next}`;
    return new Promise((resolve, reject) => {
      this.pending = { marker, items: [], resolve, reject };
      this.child.stdin.write(`${commands}\n(echo "${marker}")\n`);
    });
  }

  /** Kills the process at once (SIGKILL) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Asks the process to exit, and kills it if it has not within `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    if (!this.alive) return this.exited;
    this.child.stdin.end('(exit)\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private receive(chunk: string): void {
    for (const item of this.reader.push(chunk)) {
      const p = this.pending;
      if (!p) continue; // output nobody asked for (cannot happen with the marker protocol)
      if (typeof item === 'string' && atomText(item) === p.marker) {
        this.pending = undefined;
        p.resolve(p.items);
      } else p.items.push(item);
    }
  }

  private end(e: ProcessEnded): void {
    if (this.ended) return;
    const p = this.pending;
    this.pending = undefined;
    this.ended = p ? new ProcessEnded(e.message, p.items, e.spawnError) : e;
    p?.reject(this.ended);
  }
}
