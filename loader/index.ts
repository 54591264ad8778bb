/** vmcheck/loader — executables for the machine: ELF32 RISC-V programs, in the shape of an assembled Program. */
export { LoaderError } from './errors.js';
export { loadElf32, loadElf32Sparse, elfLayout, isElf, type ElfLayout, type SparseElfProgram, EM_RISCV, MAX_SEGMENT_BYTES, type ElfProgram } from './elf32.js';
