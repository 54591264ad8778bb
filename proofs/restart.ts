/**
 * How long a query's first attempt may run before it is restarted on a fresh solver (query.ts).
 *
 * A quarter of the query's limit (at least a second) bounds what a restart can waste on a query
 * that needs its time. But where the queries are small, a tail of a few seconds on one of them
 * was most of a check's time: pg74's LD/direct-any-level, usually 10–100 ms, ran into the 2.5 s
 * first attempt in 3 of 6 runs of the family. So once this process has seen enough answers, the
 * first attempt gets 16 times the median of its recent solve times (never under 250 ms, never
 * over the quarter): a few hundred ms on the pg74 family, the quarter on rv32, whose median is a
 * few hundred ms. Only times, never answers, depend on it.
 */
const window = 64;
const minSamples = 8;
const factor = 16;
const floorMs = 250;

const recent: number[] = [];

/** The first attempt's limit for a query whose limit is `timeoutMs`. */
export function firstAttemptMs(timeoutMs: number): number {
  const quarter = Math.min(timeoutMs, Math.max(1000, Math.round(timeoutMs / 4)));
  if (recent.length < minSamples) return quarter;
  const sorted = [...recent].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  return Math.min(quarter, Math.max(floorMs, Math.round(factor * median)));
}

/** Records the solving time (all attempts) of a query that was answered sat or unsat. */
export function solved(ms: number): void {
  recent.push(ms);
  if (recent.length > window) recent.shift();
}

/** Forgets the recorded times (tests). */
export function resetRestarts(): void {
  recent.length = 0;
}
