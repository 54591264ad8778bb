/** Where a command writes: injectable so tests can run commands in-process. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether standard error is a terminal (progress displays only then). */
  readonly interactive: boolean;
  /** Replaces the progress line on a terminal; '' clears it. */
  progress?(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  interactive: Boolean(process.stderr.isTTY),
  progress: (line) => {
    if (!process.stderr.isTTY) return;
    // A terminal may report 0 columns (an unsized pty): then assume the usual 80.
    const width = process.stderr.columns || 80;
    process.stderr.write('\r\x1b[2K' + line.slice(0, width - 1));
  },
};
