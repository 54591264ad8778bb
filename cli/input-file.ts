/**
 * Reading a file the user named: every way it can be missing or wrong (no such file, a
 * directory, a path through a file, no permission) is one message naming the path and what was
 * expected, never a Node error with a stack.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Inputs larger than this are refused before reading (the emulator holds 64 Mi cells). */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;

/** Why `path` cannot be read as `what` (e.g. 'an ISA description'), or undefined when it can. */
export function unreadable(path: string, what: string): string | undefined {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return `${path}: is a directory; expected ${what}`;
    if (!st.isFile()) return `${path}: not a regular file; expected ${what}`;
    if (st.size > MAX_INPUT_BYTES) return `${path}: ${st.size} bytes, larger than any ${what} vmcheck reads (${MAX_INPUT_BYTES} bytes)`;
    return undefined;
  } catch (e) {
    return `${path}: ${fsReason(e)}; expected ${what}`;
  }
}

/** The bytes of the file at `path`, which should hold `what`. */
export function readInput(path: string, what: string): Buffer {
  const problem = unreadable(path, what);
  if (problem) throw new UsageError(problem);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`${path}: ${fsReason(e)}; expected ${what}`);
  }
}

const BOM = '\ufeff';

/** The file as text; a UTF-8 byte-order mark (which editors hide) is dropped, not reported as a character. */
export function readInputText(path: string, what: string): string {
  const text = readInput(path, what).toString('utf8');
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** A Node file-system error in words (its code names what went wrong; its message repeats the path). */
export function fsReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return (e as Error)?.message ?? String(e);
  }
}
