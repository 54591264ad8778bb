/**
 * Output paths are checked before any work starts: a report, an image, a cache or a directory of
 * queries that cannot be written must not cost a whole check and then be thrown away.
 */
import { accessSync, constants, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { fsReason } from './input-file.js';

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The nearest existing ancestor of `path` (itself excluded), which must be a writable directory. */
function checkCreatable(flag: string, path: string, creates: 'file' | 'directory', parentsMadeToo: boolean): void {
  let dir = dirname(resolve(path));
  for (;;) {
    const st = statOrUndefined(dir);
    if (st) {
      if (!st.isDirectory()) throw new UsageError(`${flag} ${path}: ${dir} is a file, not a directory`);
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        throw new UsageError(`${flag} ${path}: cannot create the ${creates} (permission denied in ${dir})`);
      }
      return;
    }
    if (!parentsMadeToo) throw new UsageError(`${flag} ${path}: the directory ${dir} does not exist`);
    if (dirname(dir) === dir) return;
    dir = dirname(dir);
  }
}

function guarded<T>(flag: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag} ${path}: ${fsReason(e)}`);
  }
}

/** The file's real path (links followed) when it exists, else its absolute path. */
function identity(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * A file the command will write (replacing it if it exists), e.g. `-o report.txt`; never one of
 * the command's own `inputs` (`check isa.json -o isa.json` would replace the description).
 */
export function checkOutputFile(flag: string, path: string, inputs: readonly string[] = []): void {
  guarded(flag, path, () => {
    const input = inputs.find((i) => identity(i) === identity(path));
    if (input !== undefined) throw new UsageError(`${flag} ${path}: is also an input of this command (${input}); writing it would replace it: name another file`);
    if (path === '') throw new UsageError(`${flag} needs a file name`);
    const st = statOrUndefined(path);
    if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory; expected a file name to write`);
    // A device or a pipe (/dev/null, /dev/stdout) is written like a file.
    if (st) return checkWritable(flag, path);
    checkCreatable(flag, path, 'file', false);
  });
}

/** An existing path the command may write. */
function checkWritable(flag: string, path: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: permission denied`);
  }
}

/** A directory the command fills with files, made (with its parents) if missing, e.g. `--smt-out DIR`. */
export function checkOutputDirectory(flag: string, path: string): void {
  guarded(flag, path, () => {
    if (path === '') throw new UsageError(`${flag} needs a directory name`);
    const st = statOrUndefined(path);
    if (st && !st.isDirectory()) throw new UsageError(`${flag} ${path}: is a file; expected a directory (it is made if missing)`);
    if (st) return checkWritable(flag, path);
    checkCreatable(flag, path, 'directory', true);
  });
}

/**
 * A check cache file: made (with its directory) if missing; if it exists it must be a vmcheck
 * cache (`"format": "<formatPrefix>…"`) or empty, since saving replaces it.
 */
export function checkCacheFile(flag: string, path: string, formatPrefix: string): void {
  guarded(flag, path, () => {
    const st = statOrUndefined(path);
    if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory; expected a cache file (e.g. ${path.replace(/\/+$/, '')}/findings.json)`);
    if (st && !st.isFile()) throw new UsageError(`${flag} ${path}: not a regular file; expected a cache file`);
    if (!st) return checkCreatable(flag, path, 'file', true);
    if (st.size === 0) return;
    // Enough of the head to see the format field, which the cache writes first.
    const head = readFileSync(path).subarray(0, 256).toString('utf8');
    if (!new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${formatPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`).test(head))
      throw new UsageError(`${flag} ${path}: not a vmcheck cache (expected a JSON file beginning {"format": "${formatPrefix}…"}); it would be overwritten: name another file`);
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new UsageError(`${flag} ${path}: permission denied`);
    }
  });
}
