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
 * (another z3-solver version, say) the original is loaded unchanged. It is written to a private
 * temporary directory of this process (mkdtemp: mode 0700, a fresh name), because the solver's
 * threads are Workers that load the glue by its file name; the directory is removed at exit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
  let text: string | undefined;
  try {
    text = patchedGlue(readFileSync(original, 'utf8'));
  } catch {
    text = undefined;
  }
  if (text === undefined) return { initModule: require(original), overrides: {}, patched: false };
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'vmcheck-z3-'));
    const file = join(dir, 'z3-built.js');
    writeFileSync(file, text, { mode: 0o600 });
    const initModule: unknown = require(file);
    const folder = dir;
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    // The wasm stays where it is installed; the threads are handed the compiled module.
    const wasmDir = dirname(original);
    return { initModule, overrides: { locateFile: (f: string) => join(wasmDir, f) }, patched: true };
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return { initModule: require(original), overrides: {}, patched: false };
  }
}
