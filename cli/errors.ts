/** Errors the command line reports as one clear message, without a stack trace. */

/** A mistake in how vmcheck was called or in what it was given. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes, the same for every command. */
export const exitCodes = {
  ok: 0,
  /** `--expect` was not met. */
  expectationNotMet: 1,
  /** Usage or input error: bad flags, a malformed ISA, an assembly error, a machine error. */
  inputError: 2,
  /** No conclusion: a solver `unknown`/timeout, or a program that did not halt within its budget. */
  inconclusive: 3,
  /** A bug in vmcheck itself. */
  internal: 70,
} as const;

/** Whether `e` is JavaScript's call stack overflowing: deep nesting in an input, not a bug. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/.test(e.message);
}

/** `fn()`, with a stack overflow reported as `path` nesting too deeply. */
export function nestingOf<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isStackOverflow(e)) throw new UsageError(`${path}: nests too deeply to read (JavaScript's call stack overflowed)`);
    throw e;
  }
}
