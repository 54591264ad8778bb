/** vmcheck/host — running executables on a machine: placement through the address map, the tohost convention, console devices. */
export { HostError } from './errors.js';
export { placeProgram, placement, type Placeable } from './place.js';
export { tohostCell } from './tohost-cell.js';
export { runProgram, type ProgramOptions, type ProgramResult, type RunnableProgram } from './run-program.js';
export { verdictOf, describeVerdict, type Verdict } from './tohost.js';
export type { ProgramMachine } from './program-machine.js';
