/**
 * Solvers other than the embedded WebAssembly Z3: native z3 and cvc5 as processes speaking
 * SMT-LIB 2, for `--solver` and `--cross-check`. They read the text Z3's `toSmtlib2()` prints,
 * so a query is built once, with the embedded Z3, and can be asked of any of them.
 */
export { type ExternalSolverName, type Isolation } from './dialects.js';
export { SolverProtocolError, SolverUnavailableError } from './errors.js';
export { openExternalSolver, watchdogMs, type ExternalAnswer, type ExternalSolver, type OpenOptions } from './external.js';
export { declaredBitVectors, queryBody, queryLabel, type BitVectorConstant } from './script.js';

/** Every solver `--solver` and `--cross-check` accept; the first is the default. */
export const solverNames = ['z3-wasm', 'z3', 'cvc5'] as const;
export type SolverName = (typeof solverNames)[number];
