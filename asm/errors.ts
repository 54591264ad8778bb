/** Assembly errors: each names the place in the source, `file:line:column: message`. */

/** One problem in a source file. Line and column count from 1. */
export class AsmError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** The message without its location. */
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'AsmError';
  }
}

/**
 * Every problem found in a source file, in source order. `assemble` throws this (never a bare
 * `AsmError`) so that a caller sees all of a file's mistakes at once.
 */
export class AsmErrors extends Error {
  constructor(readonly errors: readonly AsmError[]) {
    // A binary or wrong-language file makes an error per line: the first hundred tell the story.
    super(
      errors
        .slice(0, 100)
        .map((e) => e.message)
        .join('\n') + (errors.length > 100 ? `\n… and ${errors.length - 100} more errors` : ''),
    );
    this.name = 'AsmErrors';
  }
}

/** A problem found before the file name is attached; `assemble` turns it into an `AsmError`. */
export class SourceProblem extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SourceProblem';
  }
}

/**
 * "expected X after 'p', found 'f'", kept in parts: when several syntax templates of one
 * mnemonic fail at the same place, the assembler lists what each expected there.
 */
export class Expected extends SourceProblem {
  constructor(
    column: number,
    /** What was expected: `','`, `a register for {rd}`. */
    readonly what: string,
    /** ` after 'p'[, found 'f']`, or empty at the start of a line. */
    readonly where: string,
    /** ` (syntax: …)`, or empty. */
    readonly hint: string,
  ) {
    super(column, `expected ${what}${where}${hint}`);
    this.name = 'Expected';
  }
}
