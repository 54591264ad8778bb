/** Loader errors: each names the file and says what is wrong with it, `file: reason`. */

/** A file the loader cannot load. */
export class LoaderError extends Error {
  constructor(
    /** The name the caller gave for the file (a path, or `<elf>` when none was given). */
    readonly file: string,
    /** The message without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'LoaderError';
  }
}
