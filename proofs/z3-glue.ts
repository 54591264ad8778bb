/**
 * The JavaScript glue of the embedded Z3, without one debugging check.
 *
 * z3-solver's glue (build/z3-built.js, Emscripten) is built with ASSERTIONS, and its wasm uses
 * JavaScript exception handling: every call that may throw goes out to an `invoke_*` trampoline,
 * which looks the callee up in the function table's mirror and then, as an assertion, reads the
 * table again to compare. That second read (`WebAssembly.Table.get`) was the largest single item
 * of the solver threads' profile, larger than any function of Z3's own (pg74 family from scratch,
 * `node --cpu-prof`); without it a check's solver CPU fell by about a fifth (the same 43 queries
 * of pg74, 3 runs each, A/B interleaved). The mirror itself is kept by the glue (it is filled on
 * first use and updated wherever the table changes), so the assertion can only fire on a glue bug.
 *
 * The copy is made only when the installed glue contains that assertion exactly once; otherwise
 * (another z3-solver version, say) the original is loaded unchanged. The solver's threads are
 * Workers that load the glue by its file name, so the copy is a file: in a directory of this
 * user's own under the temporary directory (created with mode 0700, refused unless it is a real
 * directory that only this user can use), named by a hash of the installed glue, written under a
 * temporary name and renamed into place, so that processes share it and none reads half a file.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** The assertion taken out, as z3-solver 5.2.0's glue spells it. */
export const tableAssertion = "assert(wasmTable.get(funcPtr) == func, 'JavaScript-side Wasm function table mirror is out of date!');";

/** The glue's text without the assertion, or undefined when it is not there exactly once. */
export function patchedGlue(text: string): string | undefined {
  const parts = text.split(tableAssertion);
  return parts.length === 2 ? parts.join('/* (vmcheck: table mirror assertion removed, proofs/z3-glue.ts) */') : undefined;
}

export interface Glue {
  /** Emscripten's module factory (what z3-solver's own `init` passes to its low-level `init`). */
  readonly initModule: unknown;
  /** Module overrides: where the wasm file is, when the glue was loaded from a copy. */
  readonly overrides: Record<string, unknown>;
  /** Whether the copy without the assertion is in use. */
  readonly patched: boolean;
}

let loaded: Glue | undefined;

/** The glue to start Z3 with: the copy where it can be made, else the installed one. */
export function z3Glue(): Glue {
  loaded ??= load();
  return loaded;
}

function load(): Glue {
  const original = require.resolve('z3-solver/build/z3-built.js');
  const unchanged = (): Glue => ({ initModule: require(original), overrides: {}, patched: false });
  let text: string | undefined;
  try {
    const installed = readFileSync(original, 'utf8');
    text = patchedGlue(installed);
    if (text === undefined) return unchanged();
    const file = join(ownDirectory(), `z3-built-${createHash('sha256').update(installed).digest('hex').slice(0, 16)}.js`);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      const partial = `${file}.${process.pid}.${threadId}.tmp`;
      writeFileSync(partial, text, { mode: 0o600 });
      renameSync(partial, file);
    }
    const initModule: unknown = require(file);
    // The wasm stays where it is installed; the threads are handed the compiled module.
    const wasmDir = dirname(original);
    return { initModule, overrides: { locateFile: (f: string) => join(wasmDir, f) }, patched: true };
  } catch {
    return unchanged();
  }
}

/** This user's directory for the copy, made if missing; an error unless only this user can use it. */
export function ownDirectory(): string {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `vmcheck-z3-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const st = lstatSync(dir);
  if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0))) throw new Error(`${dir} is not a private directory of this user`);
  return dir;
}
