/**
 * How the command line runs `main`: its exit code when it settles, an internal error when it
 * throws, and an internal error too when the process runs out of things to wait for while `main`
 * still awaits — Node would otherwise exit 0 with no result (DESIGN §5 invariant 7). After main
 * settles, a thread left running cannot keep the process from ending.
 */
import { exitCodes } from './errors.js';

/** How long the process may linger after main settles before it is ended. */
const LINGER_MS = 2_000;

export function runMain(main: (argv: string[]) => Promise<number>, argv: string[]): void {
  let settled = false;
  // Once main has its answer, nothing may keep the process: a solver thread still computing past
  // its interrupt (an embedded Z3 reported lost) would otherwise hold it open. An unref'd timer
  // lets ordinary clean-up finish first and never keeps the process alive by itself.
  const leave = () => setTimeout(() => process.exit(), LINGER_MS).unref();
  main(argv).then(
    (code) => {
      settled = true;
      process.exitCode = code;
      leave();
    },
    (e: unknown) => {
      settled = true;
      process.stderr.write(`vmcheck: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = exitCodes.internal;
      leave();
    },
  );
  // 'beforeExit' comes when the event loop is empty: a promise no one will settle (a solver or
  // worker thread that ended without answering) leaves nothing to wait for.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write(
      'vmcheck: internal error: the run stopped before it finished: it was waiting for an answer that nothing was left to give (a solver or worker thread ended without one); no result was written\n',
    );
    process.exitCode = exitCodes.internal;
  });
}
