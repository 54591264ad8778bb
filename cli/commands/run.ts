import type { IsaDescription } from '../../spec/index.js';
import { Machine, MAX_STORAGE_CELLS, jsonWords, traceLine, watchConsoles, type StepResult } from '../../machine/index.js';
import type { ElfProgram } from '../../loader/index.js';
import { describeVerdict, runProgram } from '../../host/index.js';
import { loadProgram } from '../../asm/index.js';
import { intFlag, type CommandSpec } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatCells, formatState } from '../format-state.js';
import type { Io } from '../io.js';
import { consoleLines } from '../console-lines.js';
import { resolveIsa } from '../load-isa.js';
import { readProgramFile } from '../program-file.js';
import { loadExecutable } from '../executable.js';
import { applyRamOption } from '../ram-option.js';

/** The step budget of `run` without `--steps`, for assembly programs and executables alike. */
export const DEFAULT_RUN_STEPS = 100_000_000;

export const runSpec: CommandSpec = {
  name: 'run',
  usage: 'run <isa> <program.s|image.json|program.elf> [--steps N] [--trace] [--json] [--dump ADDR:COUNT] [--storage CELLS] [--ram SIZE]',
  summary: 'Run a program bare on the reference machine and print its final state.',
  details: `<isa> is a bundled name (see 'vmcheck list') or a .json/.ts description file.
The program is assembly source, or an image written by 'vmcheck asm -o'. The machine starts
from its reset state (pg74: supervisor mode, PC 16) with the program loaded into storage.

An ELF executable (rv32) is placed at its addresses through the ISA's address map and started
at its entry point; it runs until it stores to its 'tohost' symbol (1: PASS, exit 0; (n << 1) | 1:
FAIL of test case n, exit 1), as the RISC-V architectural tests do; any other value is no
verdict and exits 3. Console output is printed as it is written. Not writing tohost within the
step budget exits 3.

  --steps N        stop after N instructions (default 100000000); not halting (or, for an
                   executable, not writing tohost) by then exits 3
  --trace          print one JSON object per step (keys: step, pc, cells, mnemonic, fields, trap, writes, halted)
  --json           print the final state as JSON
  --dump A:N       also print N storage cells from physical address A
  --storage CELLS  storage size in cells (default: the ISA's)
  --ram SIZE       RAM size in bytes for an ISA that has it as a parameter (rv32: default 1M,
                   e.g. 16M, 512K, 0x400000; a multiple of 4, at most what the emulator holds)`,
  options: {
    steps: { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
    dump: { type: 'string', multiple: true },
    storage: { type: 'string' },
    ram: { type: 'string' },
  },
  positionals: [2, 2],
};

export function parseDump(text: string): [number, number] {
  const m = /^(0x[0-9a-f]+|\d+):(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (!m) throw new UsageError(`--dump expects ADDR:COUNT, like 0x100:16, not '${text}'`);
  return [Number(m[1]), Number(m[2])];
}

export async function run(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const [isaRef, programPath] = args.positionals as [string, string];
  const isa = await applyRamOption(isaRef, await resolveIsa(isaRef), args.values.ram as string | undefined);
  const storage = args.values.storage === undefined ? undefined : storageFlag(args.values.storage);
  const dumps = ((args.values.dump as string[] | undefined) ?? []).map(parseDump);
  const steps = intFlag('steps', args.values.steps, DEFAULT_RUN_STEPS);
  // A description may declare more storage than the emulator holds: say whose it is.
  if (storage === undefined && isa.state.storage.cells > MAX_STORAGE_CELLS)
    throw new UsageError(`${isaRef}: state.storage.cells is ${isa.state.storage.cells}, more than the emulator holds (${MAX_STORAGE_CELLS}); run it with --storage CELLS`);
  const file = readProgramFile(isa, programPath, storage ?? isa.state.storage.cells);
  const machine = new Machine(isa, storage !== undefined ? { storageCells: storage } : {});
  // Checked before the run, not found out after it while printing.
  for (const [i, [a, n]] of dumps.entries())
    if (a + n > machine.storageCells)
      throw new UsageError(`--dump ${(args.values.dump as string[])[i]}: cells ${a}..${a + n - 1} run past ${isa.name}'s storage of ${machine.storageCells} cells`);
  if (file.kind === 'elf') return runExecutable(isa, machine, loadExecutable(machine, file.bytes, programPath), programPath, args.values, dumps, steps, io);
  loadProgram(file.program, machine);
  // Console devices print as they are written, a line at a time (not with --json or --trace).
  const consoleOut = consoleLines(io);
  if (!args.values.json && !args.values.trace) watchConsoles(machine, consoleOut.onOutput);

  let reason: 'halted' | 'step-limit' | 'stopped';
  if (args.values.trace) {
    while (!machine.halted && machine.steps < steps) io.out(traceLine(isa, machine.step(), machine.steps - 1));
    reason = machine.halted ? 'halted' : 'step-limit';
  } else reason = machine.run(steps).reason;
  consoleOut.flush();

  const snap = machine.snapshot();
  if (args.values.json) io.out(JSON.stringify({ isa: isa.name, reason, ...snap }, jsonWords));
  else {
    io.out(`${isa.name}: ${reason === 'halted' ? 'halted' : 'did not halt'} after ${snap.steps} steps`);
    for (const line of formatState(isa, snap)) io.out('  ' + line);
    for (const [a, n] of dumps) for (const line of formatCells((x) => machine.readCellWord(x), a, n, isa.state.storage.cellBits)) io.out('  ' + line);
  }
  if (reason !== 'halted') {
    io.err(`vmcheck run: ${programPath} did not halt within ${steps} steps (raise --steps if it should)`);
    return exitCodes.inconclusive;
  }
  return exitCodes.ok;
}

/** `--storage CELLS`: at least one cell, at most what the emulator holds. */
function storageFlag(value: unknown): number {
  const cells = intFlag('storage', value, 0);
  if (cells < 1 || cells > MAX_STORAGE_CELLS) throw new UsageError(`--storage expects 1 to ${MAX_STORAGE_CELLS} cells, not ${cells}`);
  return cells;
}

/** Runs an executable under the tohost convention, printing its console output as it comes. */
function runExecutable(
  isa: IsaDescription,
  machine: Machine,
  program: ElfProgram,
  path: string,
  values: Record<string, unknown>,
  dumps: [number, number][],
  steps: number,
  io: Io,
): number {
  const { onOutput, flush } = consoleLines(io);
  const result = runProgram(machine, program, {
    maxSteps: steps,
    source: path,
    ...(values.json ? {} : { onOutput }),
    ...(values.trace ? { onStep: (s: StepResult, i: number) => io.out(traceLine(isa, s, i)) } : {}),
  });
  flush();
  const snap = machine.snapshot();
  if (values.json) io.out(JSON.stringify({ isa: isa.name, program: path, ...result, registers: snap.registers, files: snap.files }, jsonWords));
  else {
    const what = result.verdict ? describeVerdict(result.verdict) : result.reason === 'halted' ? 'halted without writing tohost' : 'did not write tohost';
    io.out(`${isa.name}: ${what}: ${path} (${result.steps} steps)`);
    if (!result.verdict || result.verdict.kind !== 'pass') for (const l of formatState(isa, snap)) io.out('  ' + l);
    for (const [a, n] of dumps) for (const l of formatCells((x) => machine.readCellWord(x), a, n, isa.state.storage.cellBits)) io.out('  ' + l);
  }
  if (result.verdict?.kind === 'pass') return exitCodes.ok;
  if (result.verdict?.kind === 'fail') return exitCodes.expectationNotMet;
  if (result.verdict) return exitCodes.inconclusive; // a value that is no verdict
  if (result.reason === 'step-limit') io.err(`vmcheck run: ${path} did not write tohost within ${steps} steps (raise --steps if it should)`);
  else io.err(`vmcheck run: ${path} stopped (${result.reason}) without writing tohost`);
  return exitCodes.inconclusive;
}
