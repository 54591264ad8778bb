/**
 * An ISA description given as a TypeScript or JavaScript module: its default export or its
 * export named `isa`, taken as JSON data. Whatever the module does wrong — a syntax error, a
 * throw of anything, an export that is not data, a loop that never ends, a heap that grows
 * without bound — is one message naming the file: the module runs in a worker thread with a
 * time and a memory limit, and only its data comes back.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Jiti } from 'jiti';
import { UsageError } from './errors.js';
import { IsaError, type IsaIssue } from '../spec/validate/issues.js';

/** How long a module may take to load, and how much heap it may use. */
export const moduleLimits = {
  ms: Number(process.env.VMCHECK_MODULE_TIMEOUT_MS ?? 20_000),
  heapMb: 512,
};

/** What the loading thread sends back. */
export type ModuleReply =
  | { kind: 'data'; data: unknown }
  | { kind: 'usage'; message: string }
  | { kind: 'isa'; source: string; issues: IsaIssue[]; mnemonics?: readonly string[] }
  | { kind: 'internal'; message: string };

/** The module's description as plain data, as a JSON file would give it (loaded in a worker thread). */
export async function describedByModule(path: string, shown: string): Promise<unknown> {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(fromSource ? './isa-module-worker.ts' : './isa-module-worker.js', import.meta.url);
  const options = { workerData: { path, shown }, resourceLimits: { maxOldGenerationSizeMb: moduleLimits.heapMb }, stdout: false, stderr: false };
  // From the TypeScript sources (tests), the worker registers tsx's loader before the script.
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`, { ...options, eval: true })
    : new Worker(script, options);
  let timer: NodeJS.Timeout | undefined;
  const reply = await new Promise<ModuleReply>((resolve, reject) => {
    timer = setTimeout(() => {
      void worker.terminate();
      reject(new UsageError(`${shown}: cannot load: it did not finish within ${moduleLimits.ms / 1000} s (a loop at the top level of the module?)`));
    }, moduleLimits.ms);
    worker.once('message', (m: ModuleReply) => resolve(m));
    worker.once('error', (e: Error & { code?: string }) =>
      reject(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new UsageError(`${shown}: cannot load: it needed more than ${moduleLimits.heapMb} MB of heap`)
          : new UsageError(`${shown}: cannot load: ${loadFailure(e, shown)}`),
      ),
    );
    worker.once('exit', () => reject(new UsageError(`${shown}: cannot load: the module ended its thread (process.exit?) before giving an ISA`)));
  }).finally(() => {
    clearTimeout(timer);
    void worker.terminate();
  });
  switch (reply.kind) {
    case 'data':
      return reply.data;
    case 'usage':
      throw new UsageError(reply.message);
    case 'isa':
      throw new IsaError(reply.source, reply.issues, reply.mnemonics);
    case 'internal':
      throw new Error(reply.message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Loads TypeScript with jiti (pure JavaScript, about 2 MB installed; tsx and its esbuild binary
 * were 12 MB). It compiles the file as a module whatever the nearest package.json says, and
 * resolves `vmcheck/spec` to the installed package, the one this CLI runs from.
 */
let jiti: Jiti | undefined;
async function typescript(): Promise<Jiti> {
  // Imported on first use: commands that load no .ts description do not pay for it.
  jiti ??= (await import('jiti')).createJiti(import.meta.url, { fsCache: false, moduleCache: false, interopDefault: false });
  return jiti;
}

/** The module at `path` (absolute), shown in messages as `shown`, evaluated. */
async function evaluate(path: string, shown: string): Promise<Record<string, unknown>> {
  try {
    if (/\.m?ts$/i.test(path)) return await (await typescript()).import<Record<string, unknown>>(path);
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    if (isObject(e) && e.name === 'IsaError') throw e;
    throw new UsageError(`${shown}: cannot load: ${loadFailure(e, shown)}`);
  }
}

/**
 * Why loading failed, in one line where possible. jiti's syntax errors read
 * "ParseError: <what>" and then a line " <path>:<line>:<column>": the message is the place, with
 * the path as the user gave it, and what is wrong.
 */
function loadFailure(e: unknown, shown: string): string {
  if (!(e instanceof Error)) return `it threw ${describeThrown(e)}, not an Error`;
  const [first = '', ...rest] = e.message.split('\n');
  const place = rest.map((l) => /^\s*\S.*:(\d+):(\d+)\s*$/.exec(l)).find((m) => m !== null);
  if (place) return `syntax error\n  ${shown}:${place[1]}:${place[2]}: ${first.replace(/^\w*Error: /, '').trim()}`;
  return first || e.name;
}

function describeThrown(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(v);
  } catch {
    return `a ${typeof v}`;
  }
}

/** The export that holds the description, or undefined. */
function exportedIsa(mod: Record<string, unknown>): unknown {
  let d = mod.default;
  // A .ts file outside a "type": "module" package is compiled to CommonJS: its exports arrive as
  // properties of the default export, an object marked `__esModule`.
  if (isObject(d) && Object.prototype.hasOwnProperty.call(d, '__esModule')) d = d.default ?? d.isa;
  return d ?? mod.isa;
}

/** The module's description as plain data, as a JSON file would give it, loaded in this thread (the worker's part). */
export async function describedInThisThread(path: string, shown: string): Promise<unknown> {
  const candidate = exportedIsa(await evaluate(path, shown));
  if (candidate === undefined || candidate === null || (isObject(candidate) && Object.keys(candidate).length === 0))
    throw new UsageError(`${shown}: exports no ISA (give it as the default export or as an export named 'isa')`);
  try {
    return JSON.parse(JSON.stringify(candidate)) as unknown;
  } catch (e) {
    // A cycle, a BigInt, a getter that throws: the description must be plain data.
    const why = e instanceof Error ? e.message.split('\n')[0] : `it threw ${describeThrown(e)}`;
    throw new UsageError(`${shown}: the exported ISA is not plain JSON data (${why})`);
  }
}
