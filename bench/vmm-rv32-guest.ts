/**
 * An rv32 guest's interpreted level: examples/riscv/c/hello.elf runs in M-mode with PMP closed to
 * the lower levels, so under the monitor every one of its instructions is interpreted (U-mode is
 * the only level its map lets run directly). Timed bare, as a guest with compiled interpretation
 * (blocks on the virtual state), and — the baseline — as a guest of a monitor interpreting with
 * the reference routine, one instruction at a time (capped at a few thousand steps: it is slow).
 * Three temperatures, because on a 22k-instruction program compiling is most of the time:
 *   - fresh: the first run in a new process (a child per sample: nothing compiled, the compiler
 *     itself not yet optimized by the JIT), from making the machine to the program's end;
 *   - cold: compiled code forgotten before each sample (CompileContext.forgetCode), in this
 *     process, whose JIT has warmed the compiler;
 *   - warm: a fresh machine per sample, with the code compiled by earlier samples (the shared
 *     caches by word: the fuzzer's and the tests' case, many machines in one process).
 * Medians of `runs` rounds after a warm-up round, interleaved. Then c/crc32.elf (80 M
 * instructions, M-mode too) bare and as a guest: the interpreted level's steady rate.
 */
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rv32 } from '../spec/index.js';
import { Machine } from '../machine/index.js';
import { loadElf32, type ElfProgram } from '../loader/index.js';
import { runProgram } from '../host/index.js';
import { buildStack } from '../vmm/index.js';
import { contextFor } from '../machine/context.js';
import { figure } from './figures.js';
import { interleaved } from './interleaved.js';

const PROGRAM = 'c/hello.elf';
/** Steps of the reference run: enough to leave start-up behind, short enough to keep the bench quick. */
const REFERENCE_STEPS = 3_000;

const root = ['../../examples/riscv', '../examples/riscv'].map((r) => fileURLToPath(new URL(r, import.meta.url))).find((d) => existsSync(join(d, PROGRAM)));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timed {
  seconds: number;
  steps: number;
}

function timed(f: () => { steps: number }): Timed {
  const t0 = process.hrtime.bigint();
  const { steps } = f();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, steps };
}

function bare(program: ElfProgram): Timed {
  const m = new Machine(rv32);
  return timed(() => runProgram(m, program, { maxSteps: 200_000_000 }));
}

function guest(program: ElfProgram, referenceRoutines: boolean): Timed {
  const g = buildStack(rv32, { guestCells: rv32.state.storage.cells, reserve: 0, referenceRoutines }).guests[0]!;
  const t = timed(() => runProgram(g, program, referenceRoutines ? { maxSteps: REFERENCE_STEPS } : { maxSteps: 200_000_000 }));
  const s = g.statistics();
  if (s.interpreted !== s.steps) throw new Error(`${PROGRAM}: ${s.steps - s.interpreted} of ${s.steps} guest steps were not interpreted`);
  return t;
}

/**
 * c/crc32.elf (80 M instructions, M-mode) bare and as a guest with compiled interpretation: the
 * interpreted level's steady rate, next to the emulator's on the same program in the same run.
 */
function crc32(runs: number): string[] {
  const program = loadElf32(readFileSync(join(root!, 'c/crc32.elf')), 'c/crc32.elf');
  const samples = interleaved([() => bare(program), () => guest(program, false)], runs);
  const [bareRate, guestRate] = samples.map((ts) => median(ts.map((t) => t.steps / t.seconds))) as [number, number];
  figure('vmm.rv32-guest.crc32.interpreted.mips', guestRate / 1e6, 'MIPS', 'rv32 c/crc32.elf as a guest, every instruction interpreted (M-mode), compiled blocks on the virtual state');
  figure('vmm.rv32-guest.crc32.stretchout', bareRate / guestRate, 'ratio', 'rv32 c/crc32.elf: guest (interpreted) over bare time');
  return [
    '',
    `c/crc32.elf (${samples[0]![0]!.steps.toLocaleString('en')} instructions, all M-mode): bare ${(bareRate / 1e6).toFixed(1)} MIPS, guest with compiled interpretation ${(guestRate / 1e6).toFixed(1)} MIPS (${(bareRate / guestRate).toFixed(2)}x)`,
  ];
}

/** Forgets every compiled instruction and block of rv32 (bare machines and guests share them): the next run compiles afresh. */
function forget(): void {
  contextFor(rv32, rv32.state.storage.cells).forgetCode();
}

/** The run in a child process of its own (fresh-run.ts). */
function fresh(path: string, mode: 'bare' | 'guest'): Timed {
  const script = fileURLToPath(new URL('./fresh-run.js', import.meta.url));
  const r = spawnSync(process.execPath, [script, path, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`fresh-run.js ${mode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Timed;
}

/** The report's lines; records the figures. */
export function benchRv32Guest(runs: number): string {
  if (!root) return `(${PROGRAM} not found: the rv32 guest was not measured)`;
  const path = join(root, PROGRAM);
  const program = loadElf32(readFileSync(path), PROGRAM);
  const rate = (ts: Timed[]) => median(ts.map((t) => t.steps / t.seconds));
  // Fresh processes: fewer samples (each imports the modules again).
  const freshRuns = Math.min(runs, 3);
  const [freshBare, freshGuest] = interleaved([() => fresh(path, 'bare'), () => fresh(path, 'guest')], freshRuns).map(rate) as [number, number];
  const [coldBare, coldGuest] = interleaved(
    [
      () => {
        forget();
        return bare(program);
      },
      () => {
        forget();
        return guest(program, false);
      },
    ],
    runs,
  ).map(rate) as [number, number];
  const samples = interleaved([() => bare(program), () => guest(program, false), () => guest(program, true)], runs);
  const [bareRate, compiledRate, referenceRate] = samples.map(rate) as [number, number, number];
  const steps = samples[1]![0]!.steps;
  figure('vmm.rv32-guest.fresh.bare.ips', freshBare, 'instructions/s', `rv32 ${PROGRAM} bare, the first run in a new process (machine made, program loaded and run)`);
  figure('vmm.rv32-guest.fresh.interpreted.ips', freshGuest, 'instructions/s', `rv32 ${PROGRAM} as a guest (compiled interpretation), the first run in a new process (stack built, program loaded and run)`);
  figure('vmm.rv32-guest.cold.bare.ips', coldBare, 'instructions/s', `rv32 ${PROGRAM} bare, compiled code forgotten before each run`);
  figure('vmm.rv32-guest.cold.interpreted.ips', coldGuest, 'instructions/s', `rv32 ${PROGRAM} as a guest (compiled interpretation), compiled code forgotten before each run`);
  figure('vmm.rv32-guest.bare.ips', bareRate, 'instructions/s', `rv32 ${PROGRAM} bare, a fresh machine, code compiled by earlier runs (warm)`);
  figure('vmm.rv32-guest.interpreted.ips', compiledRate, 'instructions/s', `rv32 ${PROGRAM} as a guest, every instruction interpreted (M-mode), compiled blocks on the virtual state, code compiled by earlier runs (warm)`);
  figure('vmm.rv32-guest.interpreted.reference-ips', referenceRate, 'instructions/s', `the same with the reference routine (first ${REFERENCE_STEPS} steps)`);
  figure('vmm.rv32-guest.interpreted.stretchout', bareRate / compiledRate, 'ratio', `rv32 ${PROGRAM}: guest (interpreted) over bare time, warm`);
  const m = (r: number) => `${(r / 1e6).toFixed(2)} M`;
  const row = (what: string, b: number, g: number) => `| ${what} | ${m(b)} | ${m(g)} | ${(b / g).toFixed(2)} |`;
  return [
    `### rv32 guest, interpreted level: ${PROGRAM} (${steps.toLocaleString('en')} instructions, all M-mode), median of ${runs} (fresh processes: ${freshRuns})`,
    '',
    '| run | bare, instructions/s | guest, compiled interpretation | guest over bare |',
    '| --- | ---: | ---: | ---: |',
    row('fresh: first run in a new process', freshBare, freshGuest),
    row('cold: compiled code forgotten before the run', coldBare, coldGuest),
    row('warm: a new machine, code compiled by earlier runs', bareRate, compiledRate),
    `| guest, reference routine (first ${REFERENCE_STEPS.toLocaleString('en')} steps), warm | | ${(referenceRate / 1e3).toFixed(1)} k | ${(bareRate / referenceRate).toFixed(0)} |`,
    ...crc32(Math.min(runs, 3)),
  ].join('\n');
}
