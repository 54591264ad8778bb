/**
 * One malformed input and what rejecting it must look like. A case writes its files into a
 * directory of its own; `@name` in `argv` is the path of file `name` there, so a message that
 * names the file can be matched by its base name.
 */

export type FileContent = string | Uint8Array | { directory: true };

export interface BadInput {
  /** What the input must be rejected for (kebab-case): the test's name. */
  name: string;
  /** Files to write, by name relative to the case's directory (subdirectories are made). */
  files?: Record<string, FileContent>;
  /** The command line; `@x` is the path of the case's file `x` (which need not exist). */
  argv: string[];
  /** The exit code. @defaultValue 2 */
  code?: number;
  /** What standard error must say: the file, the place, what was expected. */
  message: RegExp;
  /** Checks after the run, e.g. that a file given as an output was left alone; returns a problem or undefined. */
  after?: (path: (name: string) => string) => string | undefined;
}

/** `text` as a regular expression that matches it literally. */
export const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A message starting with `vmcheck: <file>: ` (or `<file>: ` / `<file>:line:col: `) and containing `rest`. */
export const about = (file: string, rest: string | RegExp) =>
  new RegExp(`${literal(file)}(:\\d+:\\d+)?: [^]*(?:${typeof rest === 'string' ? literal(rest) : rest.source})`);

/** A message locating the problem at `file:line:column` (any column when omitted) and containing `rest`. */
export const located = (file: string, line: number, rest: string | RegExp, column?: number) =>
  new RegExp(`${literal(file)}:${line}:${column ?? '\\d+'}: [^]*(?:${typeof rest === 'string' ? literal(rest) : rest.source})`);
