/**
 * A worker thread of a parallel check (see parallel.ts): its own Z3, the findings of the jobs it
 * was given, one message per job as soon as it is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsaDescription } from '../spec/description.js';
import { findingsOf, type FindingPart } from './findings.js';
import { makeKit } from './definitions/kit.js';
import { partition } from './partition.js';
import type { QueryRecord } from './report-types.js';
import type { Configuration } from './configuration.js';
import { withZ3 } from './z3.js';
import { closeSolvers, openSolvers } from './solver-choice.js';
import type { ExternalSolverName } from './solvers/index.js';

export interface Job {
  mnemonic: string;
  part: FindingPart;
}

export interface WorkerInput {
  isa: IsaDescription;
  jobs: Job[];
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
for (const job of input.jobs) {
  const records: QueryRecord[] = [];
  try {
    const findings = await withZ3((z) =>
      findingsOf(makeKit({ z, isaName: input.isa.name, timeoutMs: input.timeoutMs, records, solvers }, input.isa, part, job.mnemonic, input.relocatable, input.shortcuts, input.config), job.part, input.shortcuts),
    );
    parentPort!.postMessage({ job, findings, records });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ job, error: err?.stack ?? String(e), name: err?.name, message: err?.message });
  }
}
await closeSolvers(solvers);
