/**
 * An ELF executable made ready to run on a machine: its placement and its `tohost` are checked
 * before anything is allocated or run, so a bad file fails at once with what is wrong.
 */
import { elfLayout, loadElf32, type ElfProgram } from '../loader/index.js';
import { placement, tohostCell, type ProgramMachine } from '../host/index.js';

export function loadExecutable(machine: ProgramMachine, bytes: Uint8Array, path: string): ElfProgram {
  // A zero-filled segment of 64 MiB costs gigabytes as cells: refuse one outside storage first.
  for (const s of elfLayout(bytes, path).segments) placement(machine, s.place, s.memsz, path);
  const program = loadElf32(bytes, path);
  tohostCell(machine, program.symbols, path);
  return program;
}
