/**
 * The checker's speed (issue 10's targets), every figure measured in this run:
 * - the pg74 family from scratch (a fresh cache, findings shared within the run as `check --all`
 *   shares them), and each ISA cold; median of BENCH_RUNS runs (default 3);
 * - rv32 from scratch with two workers and the embedded WebAssembly Z3 (BENCH_RV32_RUNS, default
 *   1: a run takes tens of seconds), with the per-query median, 95th percentile and maximum, the
 *   slowest ten, and where the time goes;
 * - rv32 variants checked with the cache of that run warm: one instruction added (the example
 *   RDMSTATUS), one CSR changed (mscratch's writes masked);
 * - vmcheck's whole check time against a native z3's solve time on the same queries (exported as
 *   SMT-LIB, answered by one persistent `z3 -in`), when z3 is installed.
 * `BENCH_LOAD=1` runs the rv32 check while another process keeps one core busy.
 */
import { figure } from './figures.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pg74, pg74Jrst, pg74Lra, pg74Mode, rv32 } from '../spec/isa/index.js';
import { extendIsa } from '../spec/compose.js';
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { CheckCache, checkIsa, type Report } from '../proofs/index.js';
import type { QueryRecord } from '../proofs/report-types.js';
import { withZ3 } from '../proofs/z3.js';
import { openExternalSolver, SolverUnavailableError } from '../proofs/solvers/index.js';
import rdmstatusIsa from '../examples/riscv-custom/rdmstatus.js';

const family = [pg74, pg74Jrst, pg74Lra, pg74Mode];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const rv32Runs = Math.max(1, Number(process.env.BENCH_RV32_RUNS ?? 1));
const median = (xs: readonly number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const percentile = (xs: readonly number[], p: number) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? 0;
};
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Wall time, and CPU time of the whole process (every thread: the workers' Z3 too). */
async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const used = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, value };
}

/** The machine's load, for reading wall times taken on a shared machine. */
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

/** The split of a check's time: deciding, handing over terms and reading models, and the rest. */
function split(wallMs: number, queries: readonly QueryRecord[], workers: number): string[] {
  const inQueries = queries.reduce((t, q) => t + q.ms, 0);
  const deciding = queries.reduce((t, q) => t + (q.solverMs ?? q.ms), 0);
  return [
    `    ${queries.length} queries: ${s(deciding)} deciding, ${s(inQueries - deciding)} handing terms over and reading models`,
    `    (summed over ${workers} worker${workers > 1 ? 's' : ''}); building terms, replaying witnesses and the rest: about ${s(Math.max(0, wallMs * workers - inQueries))}`,
  ];
}

/** Queries and time per kind (definition), most time first. */
function byKind(queries: readonly QueryRecord[]): string[] {
  const kinds = new Map<string, { n: number; ms: number; sat: number }>();
  for (const q of queries) {
    const k = `${q.definition}${q.detail ? (['unprivileged', 'examples', 'one-traps'].includes(q.detail) ? `/${q.detail}` : '/one piece') : ''}`;
    const e = kinds.get(k) ?? { n: 0, ms: 0, sat: 0 };
    kinds.set(k, { n: e.n + 1, ms: e.ms + q.ms, sat: e.sat + (q.status === 'sat' ? 1 : 0) });
  }
  return [
    '    by kind (queries, sat, time):',
    ...[...kinds].sort((a, b) => b[1].ms - a[1].ms).map(([k, e]) => `      ${k.padEnd(36)} ${String(e.n).padStart(5)} ${String(e.sat).padStart(5)} ${s(e.ms).padStart(9)}`),
  ];
}

function perQuery(queries: readonly QueryRecord[]): string[] {
  const ms = queries.map((q) => q.ms);
  const slow = [...queries].sort((a, b) => b.ms - a.ms).slice(0, 10);
  return [
    `    per query: median ${percentile(ms, 0.5).toFixed(0)} ms, 95th percentile ${percentile(ms, 0.95).toFixed(0)} ms, max ${Math.max(0, ...ms).toFixed(0)} ms`,
    '    slowest ten:',
    ...slow.map((q) => `      ${q.ms.toFixed(0).padStart(6)} ms  ${q.status.padEnd(7)} ${q.id}`),
  ];
}

/** mscratch with its writes masked: the six entries that write it change, nothing else. */
function maskedMscratch(isa: IsaDescription): IsaDescription {
  const mask = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const t = o.target as { kind?: string; name?: string } | undefined;
      if (o.kind === 'assign' && t?.kind === 'reg' && t.name === 'mscratch')
        return { ...o, value: { kind: 'binary', op: 'and', left: o.value, right: { kind: 'const', width: 32, value: '0xfffffff0' } } };
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, mask(x)]));
    }
    return v;
  };
  const changed = isa.instructions.filter((i) => i.mnemonic.endsWith('.mscratch')).map((i) => ({ ...i, semantics: mask(i.semantics) }) as InstructionDecl);
  return extendIsa(isa, { name: 'rv32-mscratch-masked', summary: 'rv32 with mscratch bits 3:0 read-only zero', replace: changed });
}

function copyOf(cache: CheckCache): CheckCache {
  const c = new CheckCache();
  for (const [hash, f] of cache.entries()) c.setHashed(hash, f);
  return c;
}

/** Keeps one core busy in a child process for as long as `f` runs. */
async function underLoad<T>(f: () => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    return await f();
  } finally {
    child.kill();
  }
}

/** A native z3's time to answer every query `check` asks of `isa` (exported as SMT-LIB). */
async function nativeSolve(isa: IsaDescription): Promise<{ ms: number; queries: number; wallMs: number } | string> {
  const dir = mkdtempSync(join(tmpdir(), 'vmcheck-bench-'));
  try {
    let solver;
    try {
      solver = await openExternalSolver('z3');
    } catch (e) {
      if (e instanceof SolverUnavailableError) return 'native z3 not installed: comparison skipped (apt-get install z3)';
      throw e;
    }
    try {
      const r = await checkIsa(isa, { smtOutDir: dir, shortcuts: true });
      const files = r.queries.flatMap((q) => (q.smtFile ? [q.smtFile] : []));
      let ms = 0;
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        const t = performance.now();
        await solver.check(text, [], 60_000);
        ms += performance.now() - t;
      }
      return { ms, queries: files.length, wallMs: r.stats.wallMs };
    } finally {
      await solver.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchChecker(): Promise<string> {
  const out: string[] = [`Checker (proofs/): first checks, embedded WebAssembly Z3; medians of ${runs} runs (rv32: ${rv32Runs})`];
  const boot = await timed(() =>
    withZ3(async ({ ctx }) => {
      const solver = new ctx.Solver();
      await solver.check();
      solver.release();
    }),
  );
  out.push(`  Z3 start-up and first query: ${s(boot.ms)} (paid once per process, not in the figures below)`);
  out.push(`  load average (1 / 5 / 15 min) at the start: ${load()} on ${cpus().length} cores`);

  // The pg74 family, as `vmcheck check --all` checks it: one cache for the run, none before.
  const familyMs: number[] = [];
  const familyCpu: number[] = [];
  const cold = new Map<string, number[]>();
  let familyQueries = 0;
  let familyRecords: QueryRecord[] = [];
  let familyLastMs = 0;
  for (let i = 0; i < runs; i++) {
    const cache = new CheckCache();
    const t = await timed(async () => {
      const records: QueryRecord[] = [];
      for (const isa of family) records.push(...(await checkIsa(isa, { cache })).queries);
      return records;
    });
    familyMs.push(t.ms);
    familyCpu.push(t.cpuMs);
    familyQueries = t.value.length;
    familyRecords = t.value;
    familyLastMs = t.ms;
    for (const isa of family) {
      const r = await checkIsa(isa);
      cold.set(isa.name, [...(cold.get(isa.name) ?? []), r.stats.wallMs]);
    }
  }
  const fm = median(familyMs);
  figure('checker.pg74-family.from-scratch.ms', fm, 'ms', 'the pg74 family from scratch, one cache for the run, median');
  figure('checker.pg74-family.from-scratch.cpu-ms', median(familyCpu), 'ms', 'the pg74 family from scratch, CPU time of the process, median');
  out.push(`  pg74 family from scratch: ${s(fm)} (CPU ${s(median(familyCpu))}; ${familyQueries} queries) — target under 2 s: ${verdict(fm < 2000)}`);
  for (const [name, ms] of cold) out.push(`    ${name.padEnd(10)} alone: ${s(median(ms))}`);
  out.push(`    where the time goes (the last run, ${s(familyLastMs)}):`, ...split(familyLastMs, familyRecords, 1), ...perQuery(familyRecords).slice(0, 1));

  // rv32 from scratch, two workers.
  const rvMs: number[] = [];
  const rvCpu: number[] = [];
  let last: Report | undefined;
  let warm = new CheckCache();
  for (let i = 0; i < rv32Runs; i++) {
    const cache = new CheckCache();
    const check = () => checkIsa(rv32, { cache, workers: 2 });
    const r = await timed(() => (process.env.BENCH_LOAD === '1' ? underLoad(check) : check()));
    rvMs.push(r.ms);
    rvCpu.push(r.cpuMs);
    last = r.value;
    warm = cache;
  }
  const rm = median(rvMs);
  const rep = last!;
  figure('checker.rv32.from-scratch.ms', rm, 'ms', 'rv32 from scratch, 2 workers, median');
  figure('checker.rv32.from-scratch.cpu-ms', median(rvCpu), 'ms', 'rv32 from scratch, 2 workers, CPU time of the process (both workers), median');
  out.push(
    `  rv32 from scratch, 2 workers${process.env.BENCH_LOAD === '1' ? ', one core kept busy by another process' : ''}: ${s(rm)} (CPU ${s(median(rvCpu))}, ${rep.stats.queries} queries), verdict ${rep.verdict} — target under 30 s: ${verdict(rm < 30_000 && rep.verdict !== 'inconclusive')}`,
  );
  out.push(...split(rep.stats.wallMs, rep.queries, 2), ...perQuery(rep.queries), ...byKind(rep.queries));
  // Answers no query of the entry's own gave: derived by renaming (proofs/share.ts), or read off a
  // first guard on the mode (proofs/mode-guard.ts).
  const notes = rep.instructions.flatMap((i) => [...Object.values(i.definitions).map((d) => d.note ?? ''), i.direct.anyLevel.note ?? '']);
  const sharedEntries = rep.instructions.filter((i) => Object.values(i.definitions).some((d) => d.note?.startsWith('shared:'))).length;
  out.push(
    `    ${sharedEntries} entries derived by renaming from a representative; ${notes.filter((n) => /^structural: (it|the real run, in a user level,) traps before any effect/.test(n)).length} answers read off a guard on the mode (not counting derived ones)`,
  );

  // An architect's edit, re-checked with the cache warm.
  for (const [what, isa] of [
    ['one instruction added (RDMSTATUS)', rdmstatusIsa],
    ['one CSR changed (mscratch masked)', maskedMscratch(rv32)],
  ] as const) {
    const ms: number[] = [];
    let queries = 0;
    for (let i = 0; i < runs; i++) {
      const r = await timed(() => checkIsa(isa, { cache: copyOf(warm) }));
      ms.push(r.ms);
      queries = r.value.stats.queries;
    }
    out.push(`  rv32 with ${what}, cache warm: ${s(median(ms))} (${queries} queries) — target under 3 s: ${verdict(median(ms) < 3000)}`);
    figure(`checker.rv32.${what.startsWith('one instruction') ? 'instruction-added' : 'csr-changed'}.warm.ms`, median(ms), 'ms', `rv32 with ${what}, cache warm, median`);
  }

  // The same queries, answered by a native z3: how far vmcheck's whole check is from the solving.
  const sample = extendIsa(rv32, {
    name: 'rv32-sample',
    summary: 'every 8th rv32 instruction',
    remove: rv32.instructions.filter((_, i) => i % 8 !== 0).map((i) => i.mnemonic),
  });
  for (const isa of [pg74, sample]) {
    const native = await nativeSolve(isa);
    if (typeof native === 'string') {
      out.push(`  ${native}`);
      break;
    }
    const own = await timed(() => checkIsa(isa, { shortcuts: true }));
    const ratio = own.ms / native.ms;
    figure(`checker.${isa.name}.vs-native-z3`, ratio, 'ratio', `${isa.name}: vmcheck's whole check over native z3 solving the same queries`);
    out.push(
      `  ${isa.name} (${isa.instructions.length} instructions, ${native.queries} queries): vmcheck's whole check ${s(own.ms)}, native z3 solving the same queries ${s(native.ms)}: ${ratio.toFixed(2)}× — target within 2×: ${verdict(ratio <= 2)}`,
    );
    // The same check with the native z3 as vmcheck's solver (`--solver z3`): what is left is
    // vmcheck's own work (terms, SMT-LIB, findings, replays) and the pipe, not the wasm build.
    const withNative = await timed(() => checkIsa(isa, { shortcuts: true, solver: 'z3' }));
    const own2 = withNative.ms / native.ms;
    figure(`checker.${isa.name}.native-solver.vs-native-z3`, own2, 'ratio', `${isa.name}: vmcheck's whole check with --solver z3 over native z3 solving the same queries`);
    out.push(`    the same check with --solver z3 (native z3 as vmcheck's solver): ${s(withNative.ms)}, ${own2.toFixed(2)}× the native solving: the rest of the first ratio is the embedded WebAssembly build`);
  }
  out.push(`  load average (1 / 5 / 15 min) at the end: ${load()}`);
  return out.join('\n') + '\n';
}
