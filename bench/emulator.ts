/**
 * The emulator's speed on compute-heavy pg74 programs (bench/program.ts), next to a hand-written
 * switch interpreter (baseline-pg74.ts) on the same programs in the same process: millions of
 * instructions per second, median of several interleaved runs. `npm run bench emulator`.
 *   BENCH_RUNS=N    runs per program and interpreter (default 7)
 *   BENCH_SCALE=X   program length, 1 = about 100 M instructions each (default 1)
 */
import { figure, slug } from './figures.js';
import { pg74 } from '../spec/isa/pg74.js';
import { Machine } from '../machine/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemble } from '../asm/index.js';
import { BaselinePg74 } from './baseline-pg74.js';
import { benchProgram, branchyProgram, ORIGIN } from './program.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const scale = Number(process.env.BENCH_SCALE ?? 1);
/** A program: segments of cells by physical place, and the register holding its checksum. */
interface BenchProgram {
  name: string;
  segments: { place: number; cells: readonly (number | bigint)[] }[];
  checksum: number;
}

const examplePath = fileURLToPath(new URL('../../examples/pg74/compute.s', import.meta.url));
const programs: BenchProgram[] = [
  { name: 'loops', segments: [{ place: ORIGIN, cells: benchProgram(Math.round(10_000 * scale), 1000) }], checksum: 10 },
  { name: 'branchy', segments: [{ place: ORIGIN, cells: branchyProgram(Math.round(9_000_000 * scale)) }], checksum: 10 },
  // The example OS's sieve: nearly every instruction in user mode under relocation-bounds.
  { name: 'examples/pg74/compute.s', segments: assemble(pg74, readFileSync(examplePath, 'utf8'), examplePath).segments, checksum: 1 },
];

interface Sample {
  seconds: number;
  steps: number;
  checksum: number;
}

function time<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const out = f();
  return [out, Number(process.hrtime.bigint() - t0) / 1e9];
}

function emulator(p: BenchProgram): Sample {
  const m = new Machine(pg74);
  for (const seg of p.segments) m.loadCells(seg.place, seg.cells);
  const [r, seconds] = time(() => m.run(2e9));
  if (r.reason !== 'halted') throw new Error(`emulator stopped: ${r.reason}`);
  return { seconds, steps: r.steps, checksum: m.getFile('r', p.checksum) };
}

function baseline(p: BenchProgram): Sample {
  const b = new BaselinePg74(pg74.state.storage.cells);
  for (const seg of p.segments) b.E.set(seg.cells as readonly number[], seg.place); // pg74: 32-bit cells
  const [steps, seconds] = time(() => b.run(2e9));
  if (!b.halted) throw new Error('baseline did not halt');
  return { seconds, steps, checksum: b.r[p.checksum]! >>> 0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mips = (s: Sample[]) => median(s.map((x) => x.steps / x.seconds / 1e6));

export async function benchEmulator(): Promise<string> {
  const out: string[] = [];
  out.push(`pg74 benchmark, median of ${runs} runs (Node ${process.version})`);
  out.push('| program | instructions | vmcheck machine, MIPS | switch baseline, MIPS | ratio |');
  out.push('| ------- | -----------: | --------------------: | --------------------: | ----: |');
  for (const p of programs) {
    const e: Sample[] = [];
    const b: Sample[] = [];
    // Interleaved, so that noise from other processes hits both alike.
    for (let i = 0; i < runs; i++) {
      e.push(emulator(p));
      b.push(baseline(p));
    }
    if (e[0]!.steps !== b[0]!.steps || e[0]!.checksum !== b[0]!.checksum)
      throw new Error(`${p.name}: the two disagree: ${JSON.stringify(e[0])} vs ${JSON.stringify(b[0])}`);
    const em = mips(e);
    const bm = mips(b);
    out.push(`| ${p.name} | ${e[0]!.steps.toLocaleString('en')} | ${em.toFixed(0)} | ${bm.toFixed(0)} | ${(em / bm).toFixed(2)} |`);
    figure(`emulator.pg74.${slug(p.name)}.mips`, em, 'MIPS', `pg74 ${p.name}: the vmcheck machine, median`);
    figure(`emulator.pg74.${slug(p.name)}.vs-switch`, em / bm, 'ratio', `pg74 ${p.name}: the vmcheck machine over the hand-written switch interpreter`);
  }
  return out.join('\n');
}
