/**
 * Reading a file the user named: every way it can be missing or wrong (no such file, a
 * directory, a path through a file, no permission) is one message naming the path and what was
 * expected, never a Node error with a stack.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Inputs larger than this are refused (twice the emulator's largest storage, 64 Mi cells). */
export const MAX_INPUT_BYTES = 128 * 2 ** 20;

const tooLarge = (path: string, what: string, size: string) => `${path}: ${size} bytes; vmcheck reads at most ${MAX_INPUT_BYTES} bytes as ${what}`;

/** Why `path` cannot be read as `what` (e.g. 'an ISA description'), or undefined when it can. */
export function unreadable(path: string, what: string): string | undefined {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return `${path}: is a directory; expected ${what}`;
    if (st.size > MAX_INPUT_BYTES) return tooLarge(path, what, String(st.size));
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
    return statSync(path).isFile() ? readFileSync(path) : readStream(path, what);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: ${fsReason(e)}; expected ${what}`);
  }
}

/** A pipe or device (`/dev/stdin`, `<(…)`), read to its end but no further than the limit (`/dev/zero` has none). */
function readStream(path: string, what: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_INPUT_BYTES) throw new UsageError(tooLarge(path, what, `more than ${MAX_INPUT_BYTES}`));
    }
  } finally {
    closeSync(fd);
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
