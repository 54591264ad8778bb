/**
 * Which solvers a check uses: the embedded WebAssembly Z3 by default; `solver` makes a native
 * z3 or cvc5 process answer every query (the embedded Z3 still completes sat models), and
 * `crossCheck` has a second solver confirm every definite answer.
 */
import { openExternalSolver, type ExternalSolverName, type SolverName } from './solvers/index.js';
import type { QuerySolvers } from './query.js';

export interface SolverChoice {
  /** Who answers each query. @defaultValue 'z3-wasm' */
  solver?: SolverName;
  /** Who confirms each definite answer; a different answer is a `SolverDisagreement`. */
  crossCheck?: SolverName;
}

/** The external solvers of a choice, by name (the embedded Z3 is no process). */
export function externalNames(c: SolverChoice): { primary?: ExternalSolverName; confirm?: ExternalSolverName; confirmEmbedded?: boolean } {
  if (c.crossCheck !== undefined && c.crossCheck === (c.solver ?? 'z3-wasm')) throw new RangeError(`--cross-check ${c.crossCheck} would ask the solver that already answers`);
  const ext = (n?: SolverName) => (n && n !== 'z3-wasm' ? n : undefined);
  const primary = ext(c.solver);
  const confirm = ext(c.crossCheck);
  return { ...(primary ? { primary } : {}), ...(confirm ? { confirm } : {}), ...(c.crossCheck === 'z3-wasm' ? { confirmEmbedded: true } : {}) };
}

/** Starts the processes (SolverUnavailableError when one is not installed). */
export async function openSolvers(names: { primary?: ExternalSolverName; confirm?: ExternalSolverName; confirmEmbedded?: boolean }): Promise<QuerySolvers> {
  const primary = names.primary ? await openExternalSolver(names.primary) : undefined;
  const confirm = names.confirm ? await openExternalSolver(names.confirm) : undefined;
  return { ...(primary ? { primary } : {}), ...(confirm ? { confirm } : {}), ...(names.confirmEmbedded && primary ? { confirmEmbedded: true } : {}) };
}

export async function closeSolvers(s: QuerySolvers): Promise<void> {
  await Promise.all([s.primary?.close(), s.confirm?.close()]);
}
