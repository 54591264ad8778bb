/** A program's console output, a character at a time, printed a line at a time. */
import type { Io } from './io.js';

export function consoleLines(io: Io): { onOutput: (ch: string) => void; flush: () => void } {
  let line = '';
  return {
    onOutput: (ch) => {
      if (ch === '\n') {
        io.out(line);
        line = '';
      } else line += ch;
    },
    flush: () => {
      if (line !== '') io.out(line);
      line = '';
    },
  };
}
