/**
 * RISC-V: vmcheck's rv32 running examples/riscv/c/crc32.elf (the README's benchmark, about
 * 80.3 million instructions, nearly all in one small ALU/load/branch loop), and — when
 * qemu-system-riscv32 is installed — QEMU running the same program in the same run, for a ratio.
 * `npm run bench riscv`; `benchRiscv()` returns the report.
 *
 * vmcheck, each run on a fresh Machine, timed from `new Machine` to the `tohost` store:
 *   first run      the process's first run (compilation of the run loop, trap sequence and every
 *                  block, and V8 warming up the generated code); one sample, also the warm-up
 *   compile-incl.  a copy of the rv32 description no machine has used, so that every block is
 *                  compiled again (its validation, a once-per-description check, is done untimed)
 *   steady state   the description the warm-up used: compiled blocks are shared by machines of
 *                  the same description, so this is execution alone
 * QEMU (whole-process wall time, as run-qemu.sh runs it, console to a file, verdict checked):
 *   rv32ui/simple.elf (start-up: it passes at once), c/crc32.elf, c/crc32_long.elf (ten times the
 *   passes, about 800 M instructions: QEMU runs crc32 in about its own start-up time). QEMU's rate
 *   is (crc32_long's instructions − simple's) / (its time − simple's time).
 * Medians of BENCH_RUNS (default 5) rounds after the warm-up round, interleaved so that noise
 * from other processes hits all alike; QEMU runs each program twice a round.
 *   BENCH_RUNS=N        rounds (default 5)
 *   BENCH_RISCV_LONG=1  also run crc32_long on vmcheck (5–10 s) for its instruction count and a
 *                       long-run rate; otherwise the count recorded below is used
 *   QEMU=path           the QEMU binary (default qemu-system-riscv32 on PATH)
 */
import { figure } from './figures.js';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rv32 } from '../spec/index.js';
import { Machine } from '../machine/index.js';
import { loadElf32, type ElfProgram } from '../loader/index.js';
import { runProgram } from '../host/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LONG = process.env.BENCH_RISCV_LONG === '1';
const QEMU_TIMEOUT_MS = 60_000;
/** QEMU runs per program per round: each is cheap, and the start-up difference is noisy. */
const QEMU_PER_ROUND = 2;
/** Instruction counts of the committed c/crc32.elf and c/crc32_long.elf (built reproducibly). */
const CRC32_STEPS = 80_317_648;
const CRC32_LONG_STEPS = 799_917_333;

/** examples/riscv from dist/bench (npm run bench) or from bench/ (run from source). */
const root = ['../../examples/riscv', '../examples/riscv'].map((r) => fileURLToPath(new URL(r, import.meta.url))).find((d) => existsSync(join(d, 'run-qemu.sh')));

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const secs = (s: number) => s.toFixed(3);
const count = (n: number) => n.toLocaleString('en');

interface Loaded {
  path: string;
  program: ElfProgram;
}

function load(path: string): Loaded {
  return { path, program: loadElf32(readFileSync(join(root!, path)), path) };
}

/** One vmcheck run on a fresh Machine: seconds from construction to the tohost store, and its steps. */
function vmcheck({ path, program }: Loaded, isa = rv32): { seconds: number; steps: number } {
  const t0 = process.hrtime.bigint();
  const m = new Machine(isa);
  const r = runProgram(m, program, { maxSteps: 2_000_000_000, source: path });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.verdict?.kind !== 'pass') throw new Error(`vmcheck on ${path}: ${r.reason} ${JSON.stringify(r.verdict)}\n${r.output.slice(-400)}`);
  return { seconds, steps: r.steps };
}

/** A copy of rv32 that no machine has used (so nothing compiled is shared), validated beforehand. */
function freshDescription(): typeof rv32 {
  const isa = { ...rv32 };
  new Machine(isa, { storageCells: 4096 }); // validation is cached by description; a different size, a different compile context
  return isa;
}

interface Qemu {
  path: string;
  version: string;
  cpu: string;
}

function findQemu(): Qemu | string {
  const path = process.env.QEMU ?? 'qemu-system-riscv32';
  const v = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (v.error || v.status !== 0) return `${path} not found or not runnable (Debian/Ubuntu: apt-get install qemu-system-misc)`;
  // The CPU run-qemu.sh gives QEMU (rv32im_zicsr_zifencei with S and U), read from the script.
  const cpu = /^CPU=(\S+)$/m.exec(readFileSync(join(root!, 'run-qemu.sh'), 'utf8'))?.[1];
  if (!cpu) throw new Error('examples/riscv/run-qemu.sh no longer sets CPU=…');
  return { path, version: v.stdout.split('\n')[0]!.replace(/^QEMU emulator version /, ''), cpu };
}

/** Wall time of one QEMU process running `program`, checking that it passed. */
function qemu(q: Qemu, program: string, dir: string): number {
  const file = join(dir, 'console');
  const fd = openSync(file, 'w');
  let seconds: number;
  let r: ReturnType<typeof spawnSync>;
  try {
    const t0 = process.hrtime.bigint();
    r = spawnSync(q.path, ['-machine', 'virt', '-cpu', q.cpu, '-bios', 'none', '-nographic', '-monitor', 'none', '-kernel', join(root!, program)], {
      stdio: ['ignore', fd, 'pipe'],
      timeout: QEMU_TIMEOUT_MS,
    });
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    closeSync(fd);
  }
  const transcript = readFileSync(file, 'latin1');
  if (!/^tohost 00000001\r?$/m.test(transcript))
    throw new Error(`QEMU on ${program}: no pass (status ${r.status}, ${r.error?.message ?? ''})\n${transcript.slice(-400)}${String(r.stderr ?? '')}`);
  return seconds;
}

export async function benchRiscv(): Promise<string> {
  if (!root) throw new Error('examples/riscv not found');
  const crc = load('c/crc32.elf');
  const simple = load('rv32ui/simple.elf');
  const q = findQemu();
  const dir = mkdtempSync(join(tmpdir(), 'vmcheck-bench-riscv-'));
  try {
    // Warm-up round: vmcheck's first run in the process (reported), and QEMU's files into the page cache.
    const first = vmcheck(crc);
    const simpleSteps = vmcheck(simple).steps;
    const qemuNames = ['rv32ui/simple.elf', 'c/crc32.elf', 'c/crc32_long.elf'] as const;
    const qemuTimes = new Map<string, number[]>(qemuNames.map((p) => [p, []]));
    if (typeof q !== 'string') for (const p of qemuNames) qemu(q, p, dir);

    const compile: number[] = [];
    const steady: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const isa = freshDescription();
      const c = vmcheck(crc, isa);
      const s = vmcheck(crc);
      if (c.steps !== first.steps || s.steps !== first.steps) throw new Error(`crc32: instruction counts differ between runs: ${first.steps}, ${c.steps}, ${s.steps}`);
      compile.push(c.seconds);
      steady.push(s.seconds);
      if (typeof q !== 'string')
        for (let k = 0; k < QEMU_PER_ROUND; k++) for (const p of qemuNames) qemuTimes.get(p)!.push(qemu(q, p, dir));
    }

    const n = first.steps;
    const mips = (steps: number, seconds: number) => (steps / seconds / 1e6).toFixed(0);
    const out: string[] = [];
    out.push(`examples/riscv/c/crc32.elf on rv32, ${count(n)} instructions; vmcheck on a fresh Machine each run, medians of ${RUNS} runs (QEMU ${RUNS * QEMU_PER_ROUND}) after a warm-up (Node ${process.version}${typeof q === 'string' ? '' : `, QEMU ${q.version}`})`);
    out.push('');
    out.push('| run | wall, s | MIPS | × QEMU crc32 time |');
    out.push('| --- | ------: | ---: | ----------------: |');
    const qCrc = typeof q === 'string' ? undefined : median(qemuTimes.get('c/crc32.elf')!);
    const ratio = (s: number) => (qCrc === undefined ? '–' : `${(s / qCrc).toFixed(2)}`);
    const cm = median(compile);
    const sm = median(steady);
    out.push(`| vmcheck, first run in the process (one sample) | ${secs(first.seconds)} | ${mips(n, first.seconds)} | ${ratio(first.seconds)} |`);
    out.push(`| vmcheck, compile-inclusive (every block compiled afresh) | ${secs(cm)} | ${mips(n, cm)} | ${ratio(cm)} |`);
    out.push(`| vmcheck, steady state (compiled blocks shared) | ${secs(sm)} | ${mips(n, sm)} | ${ratio(sm)} |`);
    figure('riscv.crc32.steady.mips', n / sm / 1e6, 'MIPS', 'rv32 crc32.elf, steady state (compiled blocks shared), median');
    figure('riscv.crc32.compile-inclusive.mips', n / cm / 1e6, 'MIPS', 'rv32 crc32.elf, every block compiled afresh, median');

    let longSteps: number;
    let longNote: string;
    let longRun: { seconds: number; steps: number } | undefined;
    if (LONG) {
      longRun = vmcheck(load('c/crc32_long.elf'));
      longSteps = longRun.steps;
      longNote = 'counted by vmcheck just now';
    } else if (n === CRC32_STEPS) {
      longSteps = CRC32_LONG_STEPS;
      longNote = 'counted by vmcheck with BENCH_RISCV_LONG=1';
    } else {
      // The programs were rebuilt. Both do PASSES + 1 passes of the same loop (the self-check is
      // one more) and a small fixed part, so crc32_long ≈ crc32 × 3201 / 321, a slight over-estimate.
      longSteps = Math.round((n * 3201) / 321);
      longNote = 'extrapolated from crc32: BENCH_RISCV_LONG=1 counts it';
    }
    if (longRun) out.push(`| vmcheck, crc32_long (${count(longRun.steps)} instructions, one sample) | ${secs(longRun.seconds)} | ${mips(longRun.steps, longRun.seconds)} | |`);

    if (typeof q === 'string') {
      out.push('');
      out.push(`QEMU: ${q}; comparison skipped.`);
      return out.join('\n');
    }
    const qs = median(qemuTimes.get('rv32ui/simple.elf')!);
    const ql = median(qemuTimes.get('c/crc32_long.elf')!);
    out.push(`| QEMU, rv32ui/simple.elf (start-up; ${simpleSteps} instructions) | ${secs(qs)} | | |`);
    out.push(`| QEMU, c/crc32.elf (start-up included) | ${secs(qCrc!)} | ${mips(n, qCrc!)} | 1.00 |`);
    out.push(`| QEMU, c/crc32_long.elf (start-up included) | ${secs(ql)} | ${mips(longSteps, ql)} | |`);
    const qRate = (longSteps - simpleSteps) / (ql - qs);
    out.push('');
    out.push(`QEMU without its start-up (crc32_long − simple; crc32_long is ${count(longSteps)} instructions, ${longNote}): ${secs(ql - qs)} s, about ${(qRate / 1e6).toFixed(0)} MIPS.`);
    const sRate = n / sm;
    figure('riscv.crc32.qemu-over-vmcheck', qRate / sRate, 'ratio', 'QEMU over vmcheck steady state on the crc32 loop (start-up removed)');
    if (qCrc !== undefined) figure('riscv.crc32.vs-qemu-time', sm / qCrc, 'ratio', 'vmcheck steady crc32 time over QEMU crc32 time (start-up included)');
    out.push(`vmcheck steady state over that: ${(sRate / qRate).toFixed(3)} (QEMU ${(qRate / sRate).toFixed(0)}× faster on this loop); vmcheck crc32 time over QEMU's (start-up included): compile-inclusive ${ratio(cm)}, steady ${ratio(sm)}.`);
    return out.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
