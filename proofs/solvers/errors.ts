/**
 * The two ways an external solver can fail us, kept apart because the CLI answers them
 * differently: a solver that is not installed is a usage problem with a fix (install it), while
 * a solver that answers nonsense or dies is a fault to report with the query that caused it.
 */
import type { ExternalSolverName } from './dialects.js';

/** The solver's binary could not be run: the message names it and says how to install it. */
export class SolverUnavailableError extends Error {
  override readonly name = 'SolverUnavailableError';
  constructor(
    readonly solver: ExternalSolverName,
    readonly command: string,
    why: string,
    install: string,
  ) {
    super(`${solver} is not available: ${why}. ${install}`);
  }
}

/** The solver answered something unexpected, reported an error, or died while answering a query. */
export class SolverProtocolError extends Error {
  override readonly name = 'SolverProtocolError';
  constructor(
    readonly solver: ExternalSolverName,
    /** The query's first meaningful line (see `queryLabel`). */
    readonly query: string,
    readonly detail: string,
  ) {
    super(`${solver} failed on query ${JSON.stringify(query)}: ${detail}`);
  }
}
