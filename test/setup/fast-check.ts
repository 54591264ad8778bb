/**
 * Global fast-check settings from the environment:
 *   FC_NUM_RUNS=N        runs per property (default 100)
 *   FC_SEED=S FC_PATH=P  replay a reported failure
 *   FC_TIME_LIMIT=ms     time-boxed campaign: each property runs until the limit, not a count
 */
import fc from 'fast-check';

const env = process.env;
const timeLimit = env.FC_TIME_LIMIT ? Number(env.FC_TIME_LIMIT) : undefined;
fc.configureGlobal({
  numRuns: timeLimit ? Number.MAX_SAFE_INTEGER : env.FC_NUM_RUNS ? Number(env.FC_NUM_RUNS) : 100,
  ...(env.FC_SEED ? { seed: Number(env.FC_SEED) } : {}),
  ...(env.FC_PATH ? { path: env.FC_PATH } : {}),
  ...(timeLimit ? { interruptAfterTimeLimit: timeLimit, markInterruptAsFailure: false } : {}),
});
