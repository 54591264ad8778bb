/**
 * Is the solver there? Running `<command> --version` answers that before any query is sent,
 * gives the version for the report, and turns "not installed" into one clear error instead of a
 * failure in the middle of a check.
 */
import { execFile } from 'node:child_process';
import type { Dialect } from './dialects.js';
import { SolverUnavailableError } from './errors.js';

const PROBE_TIMEOUT_MS = 10_000;

/** The solver's version, or SolverUnavailableError saying what is missing and how to install it. */
export function probeVersion(dialect: Dialect, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ['--version'], { timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      const unavailable = (why: string) => reject(new SolverUnavailableError(dialect.name, command, why, dialect.install));
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return unavailable(`the program '${command}' was not found${command.includes('/') ? '' : ' on PATH'}`);
        if (code === 'EACCES') return unavailable(`the program '${command}' is not executable`);
        const out = `${stdout}${stderr}`.trim().split('\n')[0] ?? '';
        return unavailable(`'${command} --version' failed (${error.message.split('\n')[0]})${out ? `: ${out}` : ''}`);
      }
      const version = dialect.version(stdout);
      if (!version) return unavailable(`'${command} --version' does not print a ${dialect.name} version: ${JSON.stringify(stdout.trim().slice(0, 200))}`);
      resolve(version);
    });
  });
}
