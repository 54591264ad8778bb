/**
 * An embedded Z3 whose check never comes back, even after the watchdog's interrupt (its solver
 * thread lost), is an error the check reports — not a promise that never settles, which would let
 * the process end with no result. Simulated with a solver whose check() never resolves.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { solve, SolverLostError, type QueryEnv } from '../../proofs/query.js';
import { resetRestarts, solved } from '../../proofs/restart.js';

afterEach(() => vi.useRealTimers());

function lostSolverEnv(): { env: QueryEnv; interrupts: () => number; released: () => number } {
  let interrupts = 0;
  let released = 0;
  const solver = {
    set: () => {},
    add: () => {},
    check: () => new Promise<never>(() => {}),
    release: () => void released++,
  };
  const ctx = { interrupt: () => void interrupts++, AndThen: () => ({ solver: () => solver }), Solver: function () { return solver; } };
  const env = { z: { ctx }, isaName: 'test', timeoutMs: 10, records: [] } as unknown as QueryEnv;
  return { env, interrupts: () => interrupts, released: () => released };
}

describe('a lost embedded solver', () => {
  test('is interrupted at the watchdog, then reported as lost, and not touched again', async () => {
    vi.useFakeTimers();
    const { env, interrupts, released } = lostSolverEnv();
    const outcome = solve(env, { instruction: 'NOP', definition: 'privileged' }, [], () => 0);
    const settled = outcome.then(() => 'answered', (e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(interrupts()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    const e = await settled;
    expect(e).toBeInstanceOf(SolverLostError);
    expect((e as Error).message).toMatch(/did not answer NOP\/privileged within 60 s, even after an interrupt/);
    expect(released()).toBe(0);
  });
});

/** A context whose checks hang until interrupted or answer at once, in the order of `outcomes`. */
function scriptedEnv(outcomes: ('hang' | 'sat' | 'unsat')[]) {
  let interrupts = 0;
  let made = 0;
  let wake: ((s: string) => void) | undefined;
  const added: number[] = [];
  const solver = () => {
    const n = ++made;
    return {
      set: () => {},
      add: () => void added.push(n),
      release: () => {},
      reasonUnknown: () => 'canceled',
      check: () =>
        new Promise<string>((resolve) => {
          const o = outcomes.shift()!;
          if (o === 'hang') wake = resolve;
          else resolve(o);
        }),
    };
  };
  const ctx = { interrupt: () => void (interrupts++, wake?.('unknown')), AndThen: () => ({ solver }), Solver: function () { return solver(); } };
  const env = { z: { ctx }, isaName: 'test', timeoutMs: 8000, records: [] } as unknown as QueryEnv;
  return { env, interrupts: () => interrupts, made: () => made, added };
}

describe('a check that runs out its first attempt', () => {
  test('after quick answers, is restarted sooner, each attempt four times as long as the one before', async () => {
    vi.useFakeTimers();
    resetRestarts();
    for (let i = 0; i < 8; i++) solved(10);
    // 16 x 10 ms is under the floor: 250 ms, then 1000 ms, then the rest.
    const outcomes: ('hang' | 'sat' | 'unsat')[] = ['hang', 'sat', 'hang', 'sat', 'unsat'];
    const t = scriptedEnv(outcomes);
    const outcome = solve(t.env, { instruction: 'NOP', definition: 'privileged' }, [{} as never], () => 0);
    await vi.advanceTimersByTimeAsync(249);
    expect(t.interrupts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.interrupts()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(t.interrupts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ status: 'unsat' });
    expect(t.interrupts()).toBe(2);
    // Three solvers asked the query (1, 3, 5); 2 and 4 were the empty checks clearing an interrupt.
    expect(t.added).toEqual([1, 3, 5]);
    expect(outcomes).toEqual([]);
    resetRestarts();
  });

  test('is interrupted at a quarter of the limit, the context cleared by an empty check, and the query asked again of a fresh solver', async () => {
    vi.useFakeTimers();
    // With no answers seen yet in this process (restart.ts), the first attempt is a quarter.
    resetRestarts();
    // Each check's outcome in turn: the first hangs until interrupted, the rest answer at once.
    const outcomes: ('hang' | 'sat' | 'unsat')[] = ['hang', 'sat', 'unsat'];
    const t = scriptedEnv(outcomes);
    const outcome = solve(t.env, { instruction: 'NOP', definition: 'privileged' }, [{} as never], () => 0);
    await vi.advanceTimersByTimeAsync(1999);
    expect(t.interrupts()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ status: 'unsat' });
    expect(t.interrupts()).toBe(1);
    // The first solver, the empty one that clears the interrupt, the fresh one asked again.
    expect(t.made()).toBe(3);
    expect(t.added).toEqual([1, 3]);
    expect(outcomes).toEqual([]);
  });
});
