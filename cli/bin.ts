#!/usr/bin/env node
import { main } from './main.js';
import { runMain } from './run-main.js';

// A reader that stops early (`vmcheck run … --trace | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

runMain(main, process.argv.slice(2));
