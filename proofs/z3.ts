/**
 * The one Z3 instance of the process: created lazily, shared by every check, used under a lock.
 *
 * Two hazards of z3-solver (ENGINEERING.md) are handled here and nowhere else:
 * - the high-level API frees Z3 objects from a FinalizationRegistry callback, which can run while
 *   an async call (check, simplify, …) is working on the same context and corrupt the heap. While
 *   `init()` runs we install a registry whose callbacks are queued whenever an async Z3 call is in
 *   flight, and we wrap every async entry point with a busy counter that drains the queue;
 * - synchronous Z3 calls must not run on a context while a check on it is pending, so all use of
 *   Z3 goes through `withZ3`, which serializes whole queries (build, check, read the model).
 * Z3 is started on z3-glue.ts's copy of its JavaScript glue (a debugging check taken out) where
 * that copy can be made.
 */
import { createRequire } from 'node:module';
import { init, type Context } from 'z3-solver';
import { z3Glue } from './z3-glue.js';

export type Z3Name = 'vmcheck';
export type Ctx = Context<Z3Name>;
type Api = Awaited<ReturnType<typeof init>>;

export interface Z3Handle {
  readonly api: Api;
  readonly ctx: Ctx;
}

/** Counters of the finalization workaround, for its regression test. */
export interface Z3GateStats {
  /** Async Z3 calls in flight right now. */
  busy: number;
  /** Cleanups that arrived while a call was in flight and were deferred. */
  deferred: number;
  /** Async calls made through the gate. */
  asyncCalls: number;
}

const gate = { busy: 0, deferred: 0, asyncCalls: 0, queue: [] as (() => void)[] };

function drain(): void {
  // Swap the queue out rather than shift(): tens of thousands of cleanups can pile up during one
  // check, and shifting them one by one was quadratic (37 s on one query).
  let failure: unknown;
  while (gate.busy === 0 && gate.queue.length > 0) {
    const batch = gate.queue;
    gate.queue = [];
    for (const cleanup of batch)
      try {
        cleanup();
      } catch (e) {
        failure ??= e;
      }
  }
  // As from the registry itself: a failing cleanup is reported, after the others have run.
  if (failure !== undefined) queueMicrotask(() => {
    throw failure;
  });
}

/** A FinalizationRegistry that postpones its cleanups while any async Z3 call runs. */
class DeferringRegistry<T> extends FinalizationRegistry<T> {
  constructor(cleanup: (held: T) => void) {
    super((held: T) => {
      if (gate.busy > 0) {
        gate.deferred++;
        gate.queue.push(() => cleanup(held));
      } else cleanup(held);
    });
  }
}

/** Wraps each low-level entry point built on `async_call` with the busy counter. */
function gateAsyncCalls(z3: Record<string, unknown>): void {
  for (const [name, fn] of Object.entries(z3)) {
    if (typeof fn !== 'function' || !String(fn).includes('async_call')) continue;
    const original = fn as (...args: unknown[]) => unknown;
    z3[name] = (...args: unknown[]) => {
      gate.busy++;
      gate.asyncCalls++;
      const done = () => {
        gate.busy--;
        drain();
      };
      let result: unknown;
      try {
        result = original(...args);
      } catch (e) {
        done();
        throw e;
      }
      return Promise.resolve(result).finally(done);
    };
  }
}

const require = createRequire(import.meta.url);

/** z3-solver's own `init`, with the glue of z3-glue.ts when that could be made. */
async function start(): Promise<Api> {
  const glue = z3Glue();
  if (!glue.patched) return init();
  const low = require('z3-solver/build/low-level/index.js') as typeof import('z3-solver/build/low-level/index.js');
  const high = require('z3-solver/build/high-level/index.js') as typeof import('z3-solver/build/high-level/index.js');
  const lowLevel = await low.init(glue.initModule, glue.overrides);
  return { ...lowLevel, ...high.createApi(lowLevel.Z3, lowLevel.em) };
}

async function create(): Promise<Z3Handle> {
  const Original = globalThis.FinalizationRegistry;
  globalThis.FinalizationRegistry = DeferringRegistry as typeof FinalizationRegistry;
  let api: Api;
  try {
    api = await start();
  } finally {
    globalThis.FinalizationRegistry = Original;
  }
  gateAsyncCalls(api.Z3 as unknown as Record<string, unknown>);
  return { api, ctx: new api.Context('vmcheck') };
}

let instance: Promise<Z3Handle> | undefined;
let lock: Promise<unknown> = Promise.resolve();

/** The shared instance (created on first use). Prefer `withZ3`, which also takes the lock. */
export function z3(): Promise<Z3Handle> {
  instance ??= create();
  return instance;
}

/**
 * Runs `fn` with exclusive use of the shared Z3 context. Everything that touches Z3 terms —
 * building, checking, reading models — belongs inside one `withZ3` call, so that interleaved
 * checks never make synchronous calls while another one's `check()` is pending.
 */
export function withZ3<T>(fn: (z: Z3Handle) => Promise<T> | T): Promise<T> {
  const run = lock.then(async () => fn(await z3()));
  lock = run.catch(() => undefined);
  return run;
}

export function z3GateStats(): Z3GateStats {
  return { busy: gate.busy, deferred: gate.deferred, asyncCalls: gate.asyncCalls };
}
