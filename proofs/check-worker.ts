/**
 * A worker thread of a parallel check (see parallel.ts): its own Z3, the findings of each job it
 * is handed, one message per job as soon as it is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsaDescription } from '../spec/description.js';
import { findingsOf, type FindingPart } from './findings.js';
import { makeKit } from './definitions/kit.js';
import { partition } from './partition.js';
import type { QueryRecord } from './report-types.js';
import type { Configuration } from './configuration.js';
import { withZ3 } from './z3.js';
import { violation, type ViolableDefinition, type ViolationFinding } from './definitions/violation.js';
import { closeSolvers, openSolvers } from './solver-choice.js';
import type { ExternalSolverName } from './solvers/index.js';
import type { ModelWitness } from './witness-model.js';

export interface Job {
  mnemonic: string;
  /** A part of the findings, or the violation refinement of `defs` (see definitions/violation.ts). */
  part: FindingPart | 'violation';
  defs?: ViolableDefinition[];
  /** For each of `defs`, the witness the definition's own finding has (see `violation`). */
  shown?: (ModelWitness | undefined)[];
}

export interface WorkerInput {
  isa: IsaDescription;
  timeoutMs: number;
  shortcuts: boolean;
  relocatable: boolean;
  config: Configuration;
  /** External solvers by name (`--solver`, `--cross-check`); each worker starts its own. */
  solverNames?: { primary?: ExternalSolverName; confirm?: ExternalSolverName; confirmEmbedded?: boolean };
}

const input = workerData as WorkerInput;
const part = partition(input.isa);
const solvers = await openSolvers(input.solverNames ?? {});

/** One job: its findings, or the error it raised, posted back; then the next job is asked for. */
async function work(job: Job): Promise<void> {
  const records: QueryRecord[] = [];
  try {
    const findings = await withZ3(async (z) => {
      const kit = makeKit({ z, isaName: input.isa.name, timeoutMs: input.timeoutMs, records, solvers }, input.isa, part, job.mnemonic, input.relocatable, input.shortcuts, input.config);
      if (job.part !== 'violation') return findingsOf(kit, job.part, input.shortcuts);
      const out: ViolationFinding[] = [];
      for (const [i, d] of (job.defs ?? []).entries()) out.push(await violation(kit, d, job.shown?.[i]));
      return out;
    });
    parentPort!.postMessage({ job, findings, records });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ job, error: err?.stack ?? String(e), name: err?.name, message: err?.message });
  }
}

// Jobs come one at a time (a worker that finishes early takes the next), until `null`.
parentPort!.on('message', (job: Job | null) => {
  if (job === null) void closeSolvers(solvers).then(() => parentPort!.close());
  else void work(job);
});
parentPort!.postMessage({ ready: true });
