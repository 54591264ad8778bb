/**
 * vmcheck — the main library surface in one import: the description language and the bundled
 * ISAs, the assembler, the reference machine, the monitor, the checker and its reports, ELF
 * loading and running executables. fast-check arbitraries stay in `vmcheck/testing`.
 *
 *   import { checkIsa, renderReport, rv32 } from 'vmcheck';
 */
export * from './spec/index.js';
export * from './asm/index.js';
export * from './machine/index.js';
export * from './vmm/index.js';
export * from './proofs/index.js';
// The JSON forms of reports and the HTML page (vmcheck/proofs predates them).
export { renderHtml, renderJson, reportJson, vmcheckVersion, type ReportJson, type ReportSetJson } from './proofs/render/index.js';
export * from './loader/index.js';
// host's `Verdict` (a program's tohost verdict) would clash with the checker's.
export {
  HostError,
  placeProgram,
  placement,
  tohostCell,
  runProgram,
  verdictOf,
  describeVerdict,
  type Placeable,
  type ProgramOptions,
  type ProgramResult,
  type RunnableProgram,
  type Verdict as ProgramVerdict,
  type ProgramMachine,
} from './host/index.js';
