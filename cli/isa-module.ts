/**
 * An ISA description given as a TypeScript or JavaScript module: its default export or its
 * export named `isa`, taken as JSON data. Whatever the module does wrong — a syntax error, a
 * throw of anything, an export that is not data — is one message naming the file.
 */
import { pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';
import { UsageError } from './errors.js';

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

/** The module's description as plain data, as a JSON file would give it. */
export async function describedByModule(path: string, shown: string): Promise<unknown> {
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
