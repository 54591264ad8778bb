import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Long property campaigns: FC_NUM_RUNS scales runs, FC_TIME_LIMIT (ms) time-boxes each property;
// VMCHECK_LONG=1 runs more programs and cases (rv32's 200 random guest programs take about 2 min).
// None of them is held to the default run's per-test limit.
const campaign = process.env.FC_TIME_LIMIT !== undefined || process.env.FC_NUM_RUNS !== undefined || process.env.VMCHECK_LONG === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker per core but one: on a 2-core machine (CI's) that runs the
    // files one at a time, 417 s; two workers take 303 s (measured in a fresh clone).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: campaign ? 0 : 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
