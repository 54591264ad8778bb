/**
 * Signatures of the RISC-V test programs (examples/riscv/README.md, "Signature"): read from a
 * vmcheck machine's memory between `begin_signature` and `end_signature`, or from the console
 * transcript the environment prints before it writes `tohost` (which is how QEMU shows it).
 * Also runs a program on qemu-system-riscv32 exactly as examples/riscv/run-qemu.sh does.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Machine } from '../../machine/index.js';

export const riscvRoot = join(import.meta.dirname, '../../examples/riscv');

/** What the environment prints at the end of every run. */
export interface Transcript {
  /** The program's own output (what comes before `signature begin`). */
  program: string;
  /** The signature words, unsigned; undefined when there is no complete `signature begin … end` block. */
  signature?: number[];
  /** The value of the last `tohost XXXXXXXX` line, unsigned. */
  tohost?: number;
}

/** Parses a console transcript as run-qemu.sh does (carriage returns dropped, lines exact). */
export function parseTranscript(text: string): Transcript {
  const lines = text.replace(/\r/g, '').split('\n');
  const begin = lines.indexOf('signature begin');
  const end = begin < 0 ? -1 : lines.indexOf('signature end', begin + 1);
  const out: Transcript = { program: begin < 0 ? text.replace(/\r/g, '') : lines.slice(0, begin).join('\n') };
  if (begin >= 0 && end >= 0) {
    const words = lines.slice(begin + 1, end);
    const bad = words.find((w) => !/^[0-9a-f]{8}$/.test(w));
    if (bad !== undefined) throw new Error(`a signature line is not 8 hex digits: ${JSON.stringify(bad)}`);
    out.signature = words.map((w) => parseInt(w, 16) >>> 0);
  }
  for (const line of lines) {
    const m = /^tohost ([0-9a-f]{8})$/.exec(line);
    if (m) out.tohost = parseInt(m[1]!, 16) >>> 0;
  }
  return out;
}

/** The signature words in a machine's memory (byte storage, little-endian), as the program left them. */
export function signatureFromMemory(machine: Machine, symbols: Record<string, number>): number[] {
  const begin = symbols['begin_signature'];
  const end = symbols['end_signature'];
  if (begin === undefined || end === undefined) throw new Error('the program has no begin_signature/end_signature symbols');
  if ((end - begin) % 4 !== 0 || end < begin) throw new Error(`the signature region ${begin.toString(16)}..${end.toString(16)} is not whole words`);
  if (end === begin) return [];
  const cell = machine.locate(begin, 'read', end - begin);
  if (cell === undefined) throw new Error(`the signature region at ${begin.toString(16)} is not readable`);
  const bytes = machine.readCells(cell, end - begin);
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) words.push((bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0);
  return words;
}

export const hex = (w: number) => (w >>> 0).toString(16).padStart(8, '0');

/** Differences between two signatures, one line per differing word (index, byte offset, both values). */
export function signatureDiff(a: readonly number[], b: readonly number[], names: [string, string]): string[] {
  const out: string[] = [];
  if (a.length !== b.length) out.push(`lengths differ: ${names[0]} ${a.length} words, ${names[1]} ${b.length}`);
  const show = (w: number | undefined) => (w === undefined ? '-' : hex(w));
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) out.push(`word ${i} (+0x${(4 * i).toString(16)}): ${names[0]} ${show(a[i])}, ${names[1]} ${show(b[i])}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// QEMU

/** The QEMU binary: $QEMU (as run-qemu.sh honours it) or qemu-system-riscv32 on PATH. */
export function findQemu(): { path?: string; why: string } {
  const name = process.env.QEMU ?? 'qemu-system-riscv32';
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)).map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
    } catch {
      continue;
    }
    const v = spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 5000 });
    if (v.status === 0) return { path: c, why: v.stdout.split('\n')[0]! };
    return { why: `${c} does not run (${v.error?.message ?? `exit status ${v.status}`})` };
  }
  return {
    why: name.includes('/')
      ? `QEMU=${name} is not an executable`
      : `${name} is not on PATH (Debian/Ubuntu: apt-get install qemu-system-misc)`,
  };
}

/** The -cpu option run-qemu.sh uses (rv32im_zicsr_zifencei with S and U), read from the script so the two cannot drift. */
export function qemuCpu(): string {
  const script = readFileSync(join(riscvRoot, 'run-qemu.sh'), 'utf8');
  const m = /^CPU=(\S+)$/m.exec(script);
  if (!m) throw new Error('run-qemu.sh no longer sets CPU=…');
  return m[1]!;
}

export const qemuArgs = (elf: string) => ['-machine', 'virt', '-cpu', qemuCpu(), '-bios', 'none', '-nographic', '-monitor', 'none', '-kernel', elf];

export interface QemuRun extends Transcript {
  /** The whole console transcript, carriage returns dropped. */
  console: string;
  /** Exit status; null when QEMU was killed. */
  status: number | null;
  timedOut: boolean;
  seconds: number;
}

/**
 * Runs one program (a path under examples/riscv) on QEMU's virt machine, killing it after
 * `timeoutMs`. The console goes to a file, not a pipe: QEMU writes the UART a byte at a time
 * without blocking, and when the reader is busy (vmcheck runs on this thread) a socket's buffer
 * fills after a few hundred one-byte writes; QEMU then holds the rest back and loses it when the
 * test finisher ends the process.
 */
export function runQemu(qemu: string, program: string, timeoutMs: number): Promise<QemuRun> {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'vmcheck-qemu-'));
    const file = join(dir, 'console');
    const fd = openSync(file, 'w');
    const t0 = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(qemu, qemuArgs(join(riscvRoot, program)), { stdio: ['ignore', fd, 'pipe'] });
    } finally {
      closeSync(fd);
    }
    let stderr = '';
    let timedOut = false;
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('close', (status) => {
      const seconds = (performance.now() - t0) / 1000;
      const text = readFileSync(file, 'latin1').replace(/\r/g, '');
      done();
      resolve({ ...parseTranscript(text), console: text + (stderr ? `\n[stderr] ${stderr}` : ''), status, timedOut, seconds });
    });
  });
}

/** Runs `f` over `items` with at most `limit` running at once; the promises come back in order at once. */
export function bounded<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R>[] {
  const gates: (() => void)[] = [];
  let running = 0;
  const acquire = () => (running < limit ? (running++, Promise.resolve()) : new Promise<void>((r) => gates.push(r)));
  const release = () => {
    const next = gates.shift();
    if (next) next();
    else running--;
  };
  return items.map(async (item) => {
    await acquire();
    try {
      return await f(item);
    } finally {
      release();
    }
  });
}
