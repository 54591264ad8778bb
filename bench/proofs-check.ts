/**
 * The checker's speed on the pg74 family: Z3 start-up, each ISA checked cold (no shared cache),
 * the whole family checked with findings shared between ISAs (target: under 10 s), and wall time
 * per query kind. If a native `z3` is on PATH, the SMT-LIB files `--smt-out` writes are re-run by
 * it and by the WebAssembly build, and the ratio is printed. `benchChecker()` returns the text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pg74, pg74Jrst, pg74Lra, pg74Mode } from '../spec/isa/index.js';
import { CheckCache, checkIsa, definitionNames, type Report } from '../proofs/index.js';
import { withZ3 } from '../proofs/z3.js';

const family = [pg74, pg74Jrst, pg74Lra, pg74Mode];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function byKind(reports: readonly Report[]): string[] {
  return definitionNames.map((d) => {
    const qs = reports.flatMap((r) => r.queries.filter((q) => q.definition === d));
    const ms = qs.reduce((t, q) => t + q.ms, 0);
    const max = Math.max(0, ...qs.map((q) => q.ms));
    return `  ${d.padEnd(24)} ${String(qs.length).padStart(4)} queries  ${s(ms).padStart(8)}  mean ${(ms / Math.max(1, qs.length)).toFixed(1).padStart(6)} ms  max ${max.toFixed(0).padStart(5)} ms`;
  });
}

/** Native z3 against the WebAssembly build on the same SMT-LIB files. */
async function nativeRatio(): Promise<string[]> {
  const probe = spawnSync('z3', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return ['native z3: not on PATH, comparison skipped (it is an optional package: apt-get install z3)'];
  const dir = mkdtempSync(join(tmpdir(), 'vmcheck-bench-'));
  try {
    const r = await checkIsa(pg74, { smtOutDir: dir });
    const files = r.queries.flatMap((q) => (q.smtFile ? [q.smtFile] : []));
    const t0 = performance.now();
    await withZ3(async ({ ctx }) => {
      for (const f of files) {
        const solver = new ctx.Solver();
        solver.fromString(readFileSync(f, 'utf8'));
        await solver.check();
        solver.release();
      }
    });
    const wasm = performance.now() - t0;
    const t1 = performance.now();
    for (const f of files) spawnSync('z3', [f], { encoding: 'utf8' });
    const native = performance.now() - t1;
    return [
      `native ${probe.stdout.trim()}: ${files.length} exported pg74 queries in ${s(native)} (one process each), WebAssembly ${s(wasm)}: ratio ${(wasm / native).toFixed(2)}×`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchChecker(): Promise<string> {
  const out: string[] = ['Checker (proofs/): Z3 queries per (instruction, definition), witnesses replayed'];
  const t0 = performance.now();
  await withZ3(async ({ ctx }) => {
    const solver = new ctx.Solver();
    await solver.check();
    solver.release();
  });
  out.push(`  Z3 start-up and first query: ${s(performance.now() - t0)}`);

  // The family first, as `vmcheck check --all` runs it in a fresh process; then each ISA cold.
  const cache = new CheckCache();
  const t1 = performance.now();
  const shared: Report[] = [];
  for (const isa of family) shared.push(await checkIsa(isa, { cache }));
  const total = performance.now() - t1;
  out.push(`  family with shared findings: ${s(total)} (${shared.reduce((t, r) => t + r.stats.queries, 0)} queries) — target under 10 s: ${total < 10_000 ? 'met' : 'MISSED'}`);
  const cold: Report[] = [];
  for (const isa of family) {
    const r = await checkIsa(isa);
    cold.push(r);
    out.push(`  ${isa.name.padEnd(10)} cold: ${s(r.stats.wallMs).padStart(8)}  ${r.stats.queries} queries (${s(r.stats.queryMs)} in Z3)  verdict ${r.verdict}`);
  }
  out.push(`  family, each ISA cold: ${s(cold.reduce((t, r) => t + r.stats.wallMs, 0))}`);

  out.push('  per query kind (cold runs):', ...byKind(cold));
  out.push(...(await nativeRatio()).map((l) => `  ${l}`));
  return out.join('\n') + '\n';
}
