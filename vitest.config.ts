import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Long property campaigns: FC_NUM_RUNS scales runs, FC_TIME_LIMIT (ms) time-boxes each property;
// VMCHECK_LONG=1 runs more programs and cases (rv32's 200 random guest programs take about 2 min).
// None of them is held to the default run's per-test limit.
const campaign = process.env.FC_TIME_LIMIT !== undefined || process.env.FC_NUM_RUNS !== undefined || process.env.VMCHECK_LONG === '1';

// The shipped examples import the package by name (`vmcheck/spec`), as a user's files do; in the
// tests that name means the sources, not a dist/ that may be stale, and one copy of each module.
const source = (entry: string) => fileURLToPath(new URL(`./${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^vmcheck$/, replacement: source('index.ts') },
      { find: /^vmcheck\/(spec|asm|machine|vmm|testing|proofs|loader|host)$/, replacement: source('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker per core but one: on a 2-core machine (CI's) that runs the
    // files one at a time, 417 s; two workers take 303 s (measured in a fresh clone).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Files share a worker's modules: isolated, every file built every bundled ISA again on import
    // (the eight models: 330 s of import in a 407-s run); shared, 18 s, and the run took 231 s
    // (measured back to back). Tests restore what they change (process.env.PATH in cross-check).
    isolate: false,
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: campaign ? 0 : 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
