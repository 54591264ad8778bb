#!/usr/bin/env node
import { exitCodes } from './errors.js';
import { main } from './main.js';

// A reader that stops early (`vmcheck run … --trace | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`vmcheck: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = exitCodes.internal;
  },
);
