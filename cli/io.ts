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
    if (process.stderr.isTTY) process.stderr.write(progressLine(line, process.stderr.columns));
  },
};

/**
 * What replaces the progress line on a terminal `columns` wide: the line, cut to leave the last
 * column free (writing there wraps on some terminals). A terminal may report 0 columns (an
 * unsized pty) or none: then assume the usual 80.
 */
export function progressLine(line: string, columns: number | undefined): string {
  const width = columns || 80;
  return '\r\x1b[2K' + line.slice(0, width - 1);
}
