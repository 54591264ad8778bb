/** vmcheck/machine — the reference emulator, its trace format, and the reference evaluator. */
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
} from './machine.js';
export { traceLine, traceFormat } from './trace.js';
export {
  evaluateBlock,
  evaluateExpr,
  referenceStep,
  referenceTrapSequence,
  referenceFullStep,
  RefState,
  type EvalEnv,
  type StateView,
  type Outcome,
  type RefWrite,
  type ReferenceStep,
  type ReferenceFullStep,
} from './reference.js';
