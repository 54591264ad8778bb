/** vmcheck/asm — an assembler and disassembler derived from an ISA description's encodings and syntax. */
export { assemble } from './assemble.js';
export { disassemble, disassembleProgram, formatInstruction, formatWord, type DisassembleOptions, type DisassembledLine } from './disassemble.js';
export { AsmError, AsmErrors } from './errors.js';
export { loadProgram, type CellWriter, type Program, type Segment, type SourceLine } from './program.js';
