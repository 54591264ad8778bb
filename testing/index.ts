/**
 * vmcheck/testing — fast-check arbitraries derived from an ISA description, for property tests in
 * your own vitest suite: valid instruction words of every instruction (system instructions weighted
 * up), programs, initial guest states (storage, registers, mode, address map) with a program
 * placed where the PC points, and guest layouts for a monitor. See test/testing/example.test.ts.
 */
export { instructionWord, instructionWordOf, fieldValue, program, type InstructionWord, type InstructionOptions, type ProgramOptions } from './instructions.js';
export { guestCase, guestCaseFrom, initialState, defaultOrigin, word, wideWord, type GuestCase, type GuestCaseOptions, type GuestCaseFromOptions } from './states.js';
export { guestLayout, type GuestLayout, type LayoutOptions } from './layouts.js';
export { isSystemInstruction, systemInstructions } from './system-state.js';
export { trapVectorOf, type TrapVector } from './trap-vector.js';
