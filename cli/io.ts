/** Where a command writes: injectable so tests can run commands in-process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether standard error is a terminal (progress displays only then). */
  readonly interactive: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  interactive: Boolean(process.stderr.isTTY),
};
