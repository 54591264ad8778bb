/**
 * vmcheck/proofs — the checker: each instruction's class derived from its semantics with Z3, the
 * Popek–Goldberg theorems decided, witnesses replayed on the reference emulator, reports in five
 * formats. No process-global state but the one shared Z3 instance: checks may run one after
 * another or interleaved in one process.
 */
export { checkIsa, checkIsas, CheckCache, defaultTimeoutMs, findingsFormat, retryFactor, type CheckOptions, type CheckProgress } from './check.js';
export { loadCheckCache, saveCheckCache } from './cache-file.js';
export {
  reportSchema,
  definitionNames,
  type Answer,
  type DefinitionName,
  type DefinitionResult,
  type DerivedClass,
  type InstructionReport,
  type QueryRecord,
  type Report,
  type TheoremStatus,
  type TheoremVerdict,
  type Verdict,
  type Witness,
  type WitnessState,
  type WitnessTrap,
} from './report-types.js';
export { renderReport, renderReports, renderSummary, reportFormats, reportSetSchema, type ReportFormat } from './render/index.js';
export { expectations, meetsExpectation, exitCodeFor, type Expectation } from './expect.js';
export { WitnessReplayError } from './replay.js';
export { suggestFixes, renderSuggestions, cannotSuggest, type FixSuggestion } from './suggest-fix.js';
export { z3GateStats, type Z3GateStats } from './z3.js';
export { SolverDisagreement, type QuerySolvers } from './query.js';
export { solverNames, SolverUnavailableError, SolverProtocolError, type SolverName } from './solvers/index.js';
