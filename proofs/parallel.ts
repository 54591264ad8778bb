/**
 * Findings computed in worker threads, each with its own Z3 (one `init()` per thread is what lets
 * two queries run at once; see ENGINEERING.md). Workers take jobs from one queue; results come back
 * as each is done. From the compiled package the worker is check-worker.js; from the TypeScript
 * sources (tests, tsx) it is check-worker.ts, loaded through tsx.
 */
import { Worker } from 'node:worker_threads';
import type { IsaDescription } from '../spec/description.js';
import type { Finding } from './definitions/finding.js';
import type { ViolationFinding } from './definitions/violation.js';
import type { QueryRecord } from './report-types.js';
import type { Job, WorkerInput } from './check-worker.js';

export interface WorkerResult {
  job: Job;
  /** The job's findings (violation findings for a violation job). */
  findings: Finding[] | ViolationFinding[];
  records: QueryRecord[];
}

/**
 * `onResult` may return further jobs (a violation refinement, once an instruction's findings are
 * in): they join the queue, and a worker with nothing to do waits for them while another is busy.
 */
export async function findingsInWorkers(input: WorkerInput, jobs: readonly Job[], workers: number, onResult: (r: WorkerResult) => readonly Job[] | void): Promise<void> {
  // Nothing to do (everything was cached): no worker is started, and nothing waits for one.
  if (jobs.length === 0) return;
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(fromSource ? './check-worker.ts' : './check-worker.js', import.meta.url);
  const n = Math.max(1, Math.min(workers, jobs.length));
  // A shared queue: each worker takes the next job when it is done with one, so a worker that
  // drew slow instructions does not leave the others idle at the end.
  const queue = [...jobs];
  // Workers waiting for a job while others may still add some, and how many are busy.
  const idle: (() => void)[] = [];
  let busyWorkers = 0;
  const workerData = { ...input, isa: JSON.parse(JSON.stringify(input.isa)) as IsaDescription } satisfies WorkerInput;
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          // From source, the worker first registers tsx's loader in its own thread, then imports the script.
          const worker = fromSource
            ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`, { eval: true, workerData })
            : new Worker(script, { workerData });
          let busy = false;
          const next = () => {
            const job = queue.shift();
            if (!job && busyWorkers > 0) {
              // Another worker's result may bring more: wait for it (or for the end).
              idle.push(next);
              return;
            }
            busy = job !== undefined;
            if (busy) busyWorkers++;
            worker.postMessage(job ?? null);
            if (!job) {
              resolve();
              // The last busy worker is done and nothing is queued: every waiting worker ends.
              for (const w of idle.splice(0)) w();
            }
          };
          worker.on('message', (m: { ready: true } | WorkerResult | { job: Job; error: string; name?: string; message?: string }) => {
            if ('ready' in m) return next();
            if ('error' in m) {
              queue.length = 0;
              void worker.terminate();
              // Errors the caller tells apart (a solver disagreement, a missing solver) keep their name.
              const e = new Error(m.name && m.name !== 'Error' ? m.message : `checking ${m.job.mnemonic} in a worker failed: ${m.error}`);
              if (m.name) e.name = m.name;
              reject(e);
              return;
            }
            busyWorkers--;
            busy = false;
            const more = onResult(m) ?? [];
            queue.push(...more);
            // Waiting workers take the new jobs; if the last busy one is done, they end.
            for (const w of idle.splice(0, busyWorkers === 0 ? idle.length : more.length)) w();
            next();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (busy) reject(new Error(`a check worker stopped (exit ${code}) in the middle of a job`));
          });
        }),
    ),
  );
}
