/** The thread that loads an ISA module (cli/isa-module.ts): it sends back the data, or why not. */
import { parentPort, workerData } from 'node:worker_threads';
import { describedInThisThread, type ModuleReply } from './isa-module.js';
import { UsageError } from './errors.js';

const { path, shown } = workerData as { path: string; shown: string };
let reply: ModuleReply;
try {
  reply = { kind: 'data', data: await describedInThisThread(path, shown) };
} catch (e) {
  if (e instanceof UsageError) reply = { kind: 'usage', message: e.message };
  else if (e instanceof Error && e.name === 'IsaError') {
    const x = e as Error & { source: string; issues: []; mnemonics?: readonly string[] };
    reply = { kind: 'isa', source: x.source, issues: x.issues, ...(x.mnemonics ? { mnemonics: [...x.mnemonics] } : {}) };
  } else reply = { kind: 'internal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
parentPort!.postMessage(reply);
