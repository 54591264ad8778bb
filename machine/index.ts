/**
 * vmcheck/machine — the reference emulator, its trace format, and the reference evaluator.
 *
 * How it is built (each file one idea):
 *   machine.ts        the Machine API: state access, step(), run(), snapshots
 *   context.ts        what is compiled once per ISA and storage size, shared by machines
 *   decoder.ts        progressive decoding with per-cell masks of the encodings
 *   code-cache.ts     compiled entries by physical address; blocks; invalidation on stores
 *   compile-block.ts  a basic block (or the trap sequence) → one JS function
 *   compile-insn.ts   one instruction's semantics → buffered, precise-trap JS statements
 *   compile-expr.ts   expressions → JS (int32 / double / bigint by width), constant folding
 *   facts.ts          syntactic facts the compiler needs first (run-time indices, halts)
 *   run-loop.ts       the generated run loop and fetch translation
 *   runtime.ts        the object generated code talks to; trap delivery
 *   layout.ts         where state lives in typed arrays; width limits
 *   trace.ts          the one-JSON-object-per-step trace format
 *   reference*.ts     the tree-walking bigint evaluator the compiler is tested against
 *   bv.ts             the bit-vector operations, as SMT-LIB defines them
 */
export { MachineError } from './errors.js';
export {
  Machine,
  MAX_STORAGE_CELLS,
  DEFAULT_MAX_STEPS,
  type MachineOptions,
  type TrapInfo,
  type Write,
  type StepResult,
  type RunResult,
  type MachineSnapshot,
  type Word,
} from './machine.js';
export { traceLine, traceFormat, jsonWords } from './trace.js';
export { watchConsoles, type ConsoleHost } from './console.js';
export {
  evaluateBlock,
  evaluateExpr,
  evaluateMapExpr,
  registersWritten,
  referenceStep,
  referenceTrapSequence,
  referenceFullStep,
  pendingInterrupt,
  locateIn,
  RefState,
  type EvalEnv,
  type StateView,
  type ComposedView,
  type Outcome,
  type RefWrite,
  type ReferenceStep,
  type ReferenceFullStep,
} from './reference.js';
export * as bv from './bv.js';
export { checkCells, checkUnsigned, checkWord, fitsUnsigned, isCount } from './arguments.js';
