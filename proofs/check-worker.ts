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
}

const input = workerData as WorkerInput;
const part = partition(input.isa);
for (const job of input.jobs) {
  const records: QueryRecord[] = [];
  try {
    const findings = await withZ3((z) =>
      findingsOf(makeKit({ z, isaName: input.isa.name, timeoutMs: input.timeoutMs, records }, input.isa, part, job.mnemonic, input.relocatable, input.shortcuts, input.config), job.part, input.shortcuts),
    );
    parentPort!.postMessage({ job, findings, records });
  } catch (e) {
    parentPort!.postMessage({ job, error: (e as Error).stack ?? String(e) });
  }
}
