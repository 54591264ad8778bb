/**
 * Reads a program for an ISA: assembly source, an image written by `vmcheck asm -o`, or (where
 * the command runs executables) an ELF executable. The kind is told by content — the ELF magic,
 * a JSON object — not by the name alone, and a file of the wrong kind is told what was expected.
 */
import { extname } from 'node:path';
import type { IsaDescription } from '../spec/index.js';
import { assemble, type Program } from '../asm/index.js';
import { isElf } from '../loader/index.js';
import { nestingOf, UsageError } from './errors.js';
import { readInput } from './input-file.js';
import { parseImage } from './image-file.js';

export { imageFormat, imageOf, type Image } from './image-file.js';

/** What a program file may be, for messages. */
export const programKinds = 'assembly source (.s), a program image (.json) or an ELF executable';
const sourceKinds = 'assembly source (.s) or a program image (.json)';

export type ProgramFile = { kind: 'elf'; bytes: Buffer } | { kind: 'program'; program: Program };

const looksLikeElfName = (path: string) => ['.elf', '.exe', '.out'].includes(extname(path).toLowerCase());

/**
 * The program at `path`: ELF bytes (left to the caller's loader), or an assembled or read image
 * whose segments lie within `cells` cells of storage.
 */
export function readProgramFile(isa: IsaDescription, path: string, cells: number, executables = true): ProgramFile {
  const bytes = readInput(path, executables ? programKinds : sourceKinds);
  if (isElf(bytes)) {
    if (!executables) throw new UsageError(`${path}: an ELF executable; expected ${sourceKinds} (run an executable with 'vmcheck run')`);
    return { kind: 'elf', bytes };
  }
  if (bytes.length === 0) throw new UsageError(`${path}: an empty file; expected ${executables ? programKinds : sourceKinds}`);
  if (bytes[0] === 0x7f || looksLikeElfName(path))
    throw new UsageError(`${path}: not an ELF executable (it does not start with the magic bytes 7f 45 4c 46)${executables ? '' : `; expected ${sourceKinds}`}`);
  if (bytes.includes(0)) throw new UsageError(`${path}: a binary file (it holds NUL bytes); expected ${executables ? programKinds : sourceKinds}`);
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  const program = nestingOf(path, () => (extname(path).toLowerCase() === '.json' || /^\s*\{/.test(text) ? parseImage(isa, path, text) : assembleFile(isa, path, text)));
  for (const [i, s] of program.segments.entries())
    if (s.place + s.cells.length > cells)
      throw new UsageError(`${path}: segment ${i} (${s.cells.length} cells at ${s.place}) lies beyond ${isa.name}'s storage of ${cells} cells`);
  return { kind: 'program', program };
}

/** The program at `path` for commands that take source or images, not executables (asm, disasm). */
export function readProgram(isa: IsaDescription, path: string, cells = isa.state.storage.cells): Program {
  const file = readProgramFile(isa, path, cells, false);
  if (file.kind !== 'program') throw new Error('unreachable: executables were refused');
  return file.program;
}

function assembleFile(isa: IsaDescription, path: string, text: string): Program {
  const program = assemble(isa, text, path);
  // An empty or comment-only file would otherwise run whatever storage holds at reset.
  if (program.segments.every((s) => s.cells.length === 0)) throw new UsageError(`${path}: no instructions or data; expected assembly source that places at least one cell`);
  return program;
}
