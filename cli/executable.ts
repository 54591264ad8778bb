/**
 * An ELF executable made ready to run on a machine just built: its placement and its `tohost`
 * are checked before anything is allocated or run. Zero-filled tails (.bss) are not built as
 * cells — a 300-byte file may ask for 60 MiB of them, gigabytes as a JS array — and need no
 * writing either: a new machine's storage is zero. Their placement is checked all the same.
 */
import { elfLayout, loadElf32Sparse, type ElfProgram } from '../loader/index.js';
import { placement, tohostCell, type ProgramMachine } from '../host/index.js';

/** The executable for `machine` (which must be new), less its zero-filled tails. */
export function loadExecutable(machine: ProgramMachine, bytes: Uint8Array, path: string): ElfProgram {
  for (const s of elfLayout(bytes, path).segments) placement(machine, s.place, s.memsz, path);
  const { zeroFill: _storageIsZero, ...program } = loadElf32Sparse(bytes, path);
  tohostCell(machine, program.symbols, path);
  return program;
}
