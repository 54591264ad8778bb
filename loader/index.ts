/** vmcheck/loader — executables for the machine: ELF32 RISC-V programs, in the shape of an assembled Program. */
export { LoaderError } from './errors.js';
export { loadElf32, elfLayout, isElf, type ElfLayout, EM_RISCV, MAX_SEGMENT_BYTES, type ElfProgram } from './elf32.js';
