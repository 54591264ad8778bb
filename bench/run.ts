/**
 * The emulator's speed on a compute-heavy pg74 program, next to a hand-written switch
 * interpreter (baseline-pg74.ts) on the same program in the same process: millions of
 * instructions per second, median of several runs. `npm run bench` (after `npm run build`).
 *   BENCH_RUNS=N     runs per contender (default 7)
 *   BENCH_OUTER=N    outer loop count (default 6000: about 60 M instructions)
 */
import { pg74 } from '../spec/isa/pg74.js';
import { Machine } from '../machine/index.js';
import { BaselinePg74 } from './baseline-pg74.js';
import { benchProgram, ORIGIN } from './program.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const outer = Number(process.env.BENCH_OUTER ?? 6000);
const inner = 1000;
const program = benchProgram(outer, inner);

interface Sample {
  seconds: number;
  steps: number;
  checksum: number;
}

function emulator(): Sample {
  const m = new Machine(pg74);
  m.loadCells(ORIGIN, program);
  const t0 = process.hrtime.bigint();
  const r = m.run(1e9);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.reason !== 'halted') throw new Error(`emulator stopped: ${r.reason}`);
  return { seconds, steps: r.steps, checksum: m.getFile('r', 10) };
}

function baseline(): Sample {
  const b = new BaselinePg74(pg74.state.storage.cells);
  b.E.set(program, ORIGIN);
  const t0 = process.hrtime.bigint();
  const steps = b.run(1e9);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!b.halted) throw new Error('baseline did not halt');
  return { seconds, steps, checksum: b.r[10]! >>> 0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results = { emulator: [] as Sample[], baseline: [] as Sample[] };
// Interleaved, so that machine noise hits both alike.
for (let i = 0; i < runs; i++) {
  results.emulator.push(emulator());
  results.baseline.push(baseline());
}
const e = results.emulator[0]!;
const b = results.baseline[0]!;
if (e.steps !== b.steps || e.checksum !== b.checksum)
  throw new Error(`the two disagree: emulator ${e.steps} steps, checksum ${e.checksum}; baseline ${b.steps} steps, checksum ${b.checksum}`);

const mips = (s: Sample[]) => median(s.map((x) => x.steps / x.seconds / 1e6));
const em = mips(results.emulator);
const bm = mips(results.baseline);
const row = (name: string, m: number, s: Sample[]) =>
  `| ${name.padEnd(31)} | ${m.toFixed(0).padStart(6)} | ${(median(s.map((x) => x.seconds)) * 1000).toFixed(0).padStart(8)} |`;
console.log(`pg74 benchmark: ${e.steps.toLocaleString('en')} instructions, median of ${runs} runs (Node ${process.version})`);
console.log('| interpreter                     |   MIPS |  time ms |');
console.log('| ------------------------------- | -----: | -------: |');
console.log(row('vmcheck machine (compiled)', em, results.emulator));
console.log(row('hand-written switch (baseline)', bm, results.baseline));
console.log(`ratio emulator / baseline: ${(em / bm).toFixed(2)}`);
