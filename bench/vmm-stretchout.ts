/**
 * Stretchout of the monitor: wall time of a run under the monitor over the same run on the bare
 * machine (same program, same guest storage, same instruction count), medians of several runs,
 * interleaved so that machine noise hits both alike. `benchVmm()` returns a Markdown report;
 * bench/run.ts prints it. Standalone: `node dist/bench/vmm-stretchout.js`.
 *   BENCH_RUNS=N   runs per configuration (default 7), after one warm-up run of each
 *
 * Programs: examples/pg74/compute.s (a sieve, ~37 M instructions, nearly all in user mode: the
 * target is a stretchout of at most 1.10), and two trap-heavy loops built here — a user program
 * making supervisor calls that its supervisor serves and returns from with LPSW (one reflection
 * and one emulation every 9 instructions), and a supervisor loop around a privileged RRB (one
 * emulation every 3 instructions), which gives the cost of one trap-and-emulate. Each program
 * also runs under a monitor interpreting with the reference routine, as the baseline of the
 * compiled routines. Then an rv32 guest's interpreted M-mode (vmm-rv32-guest.ts) and the
 * equivalence fuzzer's rate (vmm-fuzz.ts).
 */
import { figure, slug } from './figures.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pg74 } from '../spec/isa/pg74.js';
import { Machine } from '../machine/index.js';
import { assemble, loadProgram, type Program } from '../asm/index.js';
import { buildStack, type Statistics } from '../vmm/index.js';
import { interleaved } from './interleaved.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const svcLoop = (n: number) => `
        .equ USER, 0x100
        .org 8
        .word 1, handler, 0, 0xffffffff
        .org 16
start:  lpsw upsw(r0)
handler: ld r1, 1(r0)           ; skip the SVC
        addi r1, r1, 1
        st r1, 1(r0)
        ld r2, 5(r0)            ; svc 0 ends the run
        beq r2, r0, done
        lpsw 0(r0)
done:   halt
upsw:   .word 0, 0, USER, 0x40
        .org USER, 0
        ldi r0, 0
        lil r3, ${n}
loop:   svc 1
        addi r3, r3, -1
        bne r3, r0, loop
        svc 0
`;

const rrbLoop = (n: number) => `
        .org 16
        ldi r0, 0
        lil r3, ${n}
loop:   rrb r1, r2
        addi r3, r3, -1
        bne r3, r0, loop
        halt
`;

interface Sample {
  seconds: number;
  steps: number;
  stats?: Statistics;
}

function bare(program: Program, cells: number): Sample {
  const m = new Machine(pg74, { storageCells: cells });
  loadProgram(program, m);
  const t0 = process.hrtime.bigint();
  const r = m.run(4e9);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.reason !== 'halted') throw new Error(`bare run stopped: ${r.reason}`);
  return { seconds, steps: r.steps };
}

function virtualized(program: Program, cells: number, depth: number, hybrid: boolean, referenceRoutines: boolean): Sample {
  const { guests } = buildStack(pg74, { guestCells: cells, depth, hybrid, referenceRoutines });
  const g = guests[0]!;
  loadProgram(program, g);
  const t0 = process.hrtime.bigint();
  const r = g.run(4e9);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.reason !== 'halted') throw new Error(`virtualized run stopped: ${r.reason}`);
  return { seconds, steps: r.steps, stats: g.statistics() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The last row is the baseline for the monitor's own speed: the same monitor interpreting with
// the reference routine (the reference evaluator over a view of the virtual state), as every
// trap was handled before its routines were compiled.
const configs = [
  { name: 'monitor', depth: 1, hybrid: false, reference: false },
  { name: 'hybrid monitor', depth: 1, hybrid: true, reference: false },
  { name: 'nested, depth 2', depth: 2, hybrid: false, reference: false },
  { name: 'nested, depth 3', depth: 3, hybrid: false, reference: false },
  { name: 'monitor, reference routines', depth: 1, hybrid: false, reference: true },
] as const;

interface Row {
  config: string;
  ms: number;
  stretchout: number;
  stats: Statistics;
}

/**
 * Every configuration of one program and the bare machine: one warm-up run of each, then `runs`
 * rounds, each in a rotated order, so that neither warm-up nor machine noise favours one.
 */
function measure(program: Program, cells: number, runs: number): { bareMs: number; steps: number; rows: Row[] } {
  const contenders: (() => Sample)[] = [() => bare(program, cells), ...configs.map((c) => () => virtualized(program, cells, c.depth, c.hybrid, c.reference))];
  const times = contenders.map(() => [] as number[]);
  const last: Sample[] = contenders.map((f) => f());
  for (let i = 0; i < runs; i++)
    for (let j = 0; j < contenders.length; j++) {
      const k = (i + j) % contenders.length;
      const s = contenders[k]!();
      if (s.steps !== last[0]!.steps) throw new Error(`${k === 0 ? 'bare' : configs[k - 1]!.name}: ${s.steps} steps, bare ${last[0]!.steps}`);
      times[k]!.push(s.seconds);
      last[k] = s;
    }
  const bareMs = median(times[0]!) * 1000;
  return {
    bareMs,
    steps: last[0]!.steps,
    rows: configs.map((c, k) => ({ config: c.name, ms: median(times[k + 1]!) * 1000, stretchout: median(times[k + 1]!) / median(times[0]!), stats: last[k + 1]!.stats! })),
  };
}

function table(title: string, m: ReturnType<typeof measure>): string[] {
  const out = [
    `${title}: ${m.steps.toLocaleString('en')} instructions; bare ${m.bareMs.toFixed(1)} ms`,
    '',
    '| configuration | time ms | stretchout | direct | emulated | reflected | interpreted |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of m.rows)
    out.push(`| ${r.config} | ${r.ms.toFixed(1)} | ${r.stretchout.toFixed(2)} | ${r.stats.direct} | ${r.stats.emulated} | ${r.stats.reflected} | ${r.stats.interpreted} |`);
  return out;
}

/**
 * compute.s with 40 times the rounds (about 1.5 G instructions: a bare run of a second or more
 * since blocks run past branches), bare and under the monitor only: the direct-execution
 * stretchout without a short run's noise.
 */
const LONG_ROUNDS = 4000;

function computeLong(source: string): string[] {
  const long = assemble(pg74, source.replace(/\.equ ROUNDS, 100\b/, `.equ ROUNDS, ${LONG_ROUNDS}`), `compute.s, ${LONG_ROUNDS} rounds`);
  const runs = Math.min(RUNS, 3);
  const times = interleaved([() => bare(long, 0x9000).seconds, () => virtualized(long, 0x9000, 1, false, false).seconds], runs);
  const [b, v] = times.map(median) as [number, number];
  figure('vmm.compute-long.stretchout.monitor', v / b, 'ratio', `compute.s with ${LONG_ROUNDS} rounds (a run of a second or more): virtualized over bare wall time (monitor)`);
  return [`compute.s with ${LONG_ROUNDS} rounds: bare ${(b * 1000).toFixed(0)} ms, monitor ${(v * 1000).toFixed(0)} ms, stretchout ${(v / b).toFixed(3)} (median of ${runs})`];
}

export async function benchVmm(): Promise<string> {
  // From bench/ in the sources (tsx) or dist/bench/ once built.
  const file = ['../examples/pg74/compute.s', '../../examples/pg74/compute.s'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find(existsSync);
  if (!file) throw new Error('examples/pg74/compute.s not found');
  const compute = assemble(pg74, readFileSync(file, 'utf8'), 'compute.s');
  const svc = assemble(pg74, svcLoop(5_000), 'svc-loop');
  const rrb = assemble(pg74, rrbLoop(10_000), 'rrb-loop');
  const lines = [`## VMM stretchout (virtualized / bare wall time, median of ${RUNS} runs, Node ${process.version})`, ''];

  const c = measure(compute, 0x9000, RUNS);
  lines.push(...table('examples/pg74/compute.s (target: stretchout <= 1.10 under the monitor)', c), '');
  lines.push(...computeLong(readFileSync(file, 'utf8')), '');
  const s = measure(svc, 0x200, RUNS);
  lines.push(...table('trap-heavy: user SVC loop, served by a supervisor returning with LPSW', s), '');
  const r = measure(rrb, 0x100, RUNS);
  lines.push(...table('trap-heavy: supervisor loop around a privileged RRB', r), '');

  // One trap-and-emulate, in bare-instruction times: the extra time per emulation, over the
  // bare machine's time per instruction on the same program.
  const perBareInsn = r.bareMs / r.steps;
  for (const row of r.rows.filter((x) => x.stats.emulated > 0)) {
    const extra = (row.ms - r.bareMs) / row.stats.emulated;
    lines.push(`- one trap-and-emulate (${row.config}): ${(extra * 1000).toFixed(1)} µs ≈ ${Math.round(extra / perBareInsn).toLocaleString('en')} bare instructions`);
    figure(`vmm.trap-and-emulate.${slug(row.config)}.bare-instructions`, extra / perBareInsn, 'bare instructions', `one trap-and-emulate (${row.config}), in bare-instruction times`);
  }
  const perSvcInsn = s.bareMs / s.steps;
  const plain = s.rows[0]!;
  const handled = plain.stats.emulated + plain.stats.reflected;
  lines.push(`- one trap handled on the SVC loop (a reflection or an emulation, monitor): ${(((plain.ms - s.bareMs) / handled) * 1000).toFixed(1)} µs ≈ ${Math.round((plain.ms - s.bareMs) / handled / perSvcInsn).toLocaleString('en')} bare instructions`);
  figure('vmm.svc-loop.trap.bare-instructions', (plain.ms - s.bareMs) / handled / perSvcInsn, 'bare instructions', 'one trap handled on the user SVC loop (monitor), in bare-instruction times');
  for (const [key, m] of [['compute', c], ['svc-loop', s], ['rrb-loop', r]] as const)
    for (const row of m.rows) figure(`vmm.${key}.stretchout.${slug(row.config)}`, row.stretchout, 'ratio', `${key}: virtualized over bare wall time (${row.config})`);
  const rv32 = await import('./vmm-rv32-guest.js');
  lines.push('', rv32.benchRv32Guest(RUNS), '');
  const fuzz = await import('./vmm-fuzz.js');
  lines.push(fuzz.benchFuzz(RUNS), '');
  const ok = c.rows[0]!.stretchout <= 1.1;
  lines.push(`- compute.s stretchout under the monitor: ${c.rows[0]!.stretchout.toFixed(3)} (${ok ? 'within' : 'OVER'} the 1.10 target)`);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchVmm().then((s) => console.log(s));
}
