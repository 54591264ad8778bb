/**
 * A worker thread of a parallel check (see parallel.ts): its own Z3, the findings of the
 * instructions it was given, one message per instruction as soon as it is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsaDescription } from '../spec/description.js';
import { findingsFor } from './check.js';
import { makeKit } from './definitions/kit.js';
import { partition } from './partition.js';
import type { QueryRecord } from './report-types.js';
import { withZ3 } from './z3.js';

export interface WorkerInput {
  isa: IsaDescription;
  mnemonics: string[];
  timeoutMs: number;
  shortcuts: boolean;
  relocatable: boolean;
}

const input = workerData as WorkerInput;
const part = partition(input.isa);
for (const mnemonic of input.mnemonics) {
  const records: QueryRecord[] = [];
  try {
    const findings = await withZ3((z) =>
      findingsFor(makeKit({ z, isaName: input.isa.name, timeoutMs: input.timeoutMs, records }, input.isa, part, mnemonic, input.relocatable, input.shortcuts), input.shortcuts),
    );
    parentPort!.postMessage({ mnemonic, findings, records });
  } catch (e) {
    parentPort!.postMessage({ mnemonic, error: (e as Error).stack ?? String(e) });
  }
}
