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
