import type { IsaDescription } from '../../spec/index.js';
import { buildStack, checkEquivalence, guestCellsFor, runUnderMonitor, type Statistics } from '../../vmm/index.js';
import { loadProgram, type Program } from '../../asm/index.js';
import { jsonWords, Machine, MAX_STORAGE_CELLS } from '../../machine/index.js';
import { describeVerdict, runProgram } from '../../host/index.js';
import { intFlag, type CommandSpec } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatState } from '../format-state.js';
import type { Io } from '../io.js';
import { consoleLines } from '../console-lines.js';
import { resolveIsa } from '../load-isa.js';
import { readProgramFile } from '../program-file.js';
import { loadExecutable } from '../executable.js';
import { MAX_DEPTH } from '../limits.js';
import { applyRamOption } from '../ram-option.js';

export const vmmSpec: CommandSpec = {
  name: 'vmm',
  usage: 'vmm <isa> <program.s|image.json|program.elf> [--hybrid] [--depth N] [--guests K] [--steps N] [--ram SIZE] [--compare] [--json]',
  summary: 'Run a program as a guest under the trap-and-emulate monitor and print its final state and statistics.',
  details: `The guest starts from the machine's reset state (as 'vmcheck run' does) in storage the
monitor allocates, runs directly in real user mode, and every trap goes to the monitor.

An ELF executable (rv32) runs as the one guest, virtual = real, until it writes 'tohost' (as
'vmcheck run' does; exit 0 on PASS, 1 on FAIL, 3 without a verdict); its U- and S-mode code runs
directly, its M-mode code is interpreted.

  --hybrid      interpret every instruction the guest runs in virtual supervisor mode (Theorem 3)
  --depth N     nest N monitors, each running the next on a virtual machine (default 1, at most 256)
  --guests K    run K copies of the program side by side, round-robin (default 1)
  --steps N     budget of guest steps per guest (default 10000000); not halting by then exits 3
  --ram SIZE    RAM size in bytes of the machine the guest sees, for an ISA that has it as a
                parameter (rv32: default 1M, e.g. 16M, 0x400000; a multiple of 4)
  --compare     run the program bare and under the monitor side by side, a step at a time, and
                report the first step after which the guest's state differs from the bare
                machine's: the instruction, its mode and the differences (exit 1), or that none
                did (exit 0); --steps is the budget (default 10000 here). Not for executables.
  --json        print the result as JSON`,
  options: {
    hybrid: { type: 'boolean' },
    depth: { type: 'string' },
    guests: { type: 'string' },
    steps: { type: 'string' },
    ram: { type: 'string' },
    compare: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: [2, 2],
};

const statLine = (s: Statistics) =>
  `${s.steps} steps: ${s.direct} direct, ${s.emulated} emulated, ${s.reflected} reflected, ${s.forwarded} forwarded, ${s.interpreted} interpreted`;

export async function vmm(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const [isaRef, path] = args.positionals as [string, string];
  const isa = await applyRamOption(isaRef, await resolveIsa(isaRef), args.values.ram as string | undefined);
  const depth = intFlag('depth', args.values.depth, 1);
  const guests = intFlag('guests', args.values.guests, 1);
  const maxSteps = intFlag('steps', args.values.steps, 10_000_000);
  if (depth < 1) throw new UsageError('--depth must be at least 1');
  if (guests < 1) throw new UsageError('--guests must be at least 1');
  // Each guest has at least 256 cells, side by side in one real storage.
  if (guests > MAX_STORAGE_CELLS / 256) throw new UsageError(`--guests ${guests}: at least 256 cells each, more than the emulator's ${MAX_STORAGE_CELLS} cells hold`);
  if (depth > MAX_DEPTH) throw new UsageError(`--depth ${depth}: at most ${MAX_DEPTH} monitors nest (each level adds to the call stack of every guest access)`);
  const file = readProgramFile(isa, path, isa.state.storage.cells);
  if (args.values.compare) {
    if (file.kind === 'elf') throw new UsageError('--compare runs assembly and images (an executable runs until tohost, too long to compare a step at a time)');
    if (guests !== 1) throw new UsageError('--compare runs one guest: --guests must be 1');
    const budget = args.values.steps === undefined ? 10_000 : maxSteps;
    return vmmCompare(isa, file.program, path, { hybrid: Boolean(args.values.hybrid), depth, maxSteps: budget, json: Boolean(args.values.json) }, io);
  }
  if (file.kind === 'elf') return vmmExecutable(isa, file.bytes, path, { hybrid: Boolean(args.values.hybrid), depth, guests, maxSteps, json: Boolean(args.values.json) }, io);
  // Console output, a line at a time (prefixed by the guest's number when there are several).
  const consoles = Array.from({ length: guests }, (_, i) => consoleLines(guests === 1 ? io : { ...io, out: (l: string) => io.out(`[guest ${i}] ${l}`) }));
  const result = runUnderMonitor(isa, file.program, {
    hybrid: Boolean(args.values.hybrid),
    depth,
    guests,
    maxSteps,
    ...(args.values.json ? {} : { onOutput: (g: number, ch: string) => consoles[g]!.onOutput(ch) }),
  });
  for (const c of consoles) c.flush();
  // A guest gets the storage its program needs, not the whole machine's: say so, since an
  // access beyond it traps under the monitor where the bare machine would not.
  if (result.guestCells < isa.state.storage.cells)
    io.err(`note: each guest has ${result.guestCells} cells of storage (the power of two that holds the program), not ${isa.name}'s ${isa.state.storage.cells}; an access beyond traps`);

  if (args.values.json) io.out(JSON.stringify({ isa: isa.name, ...result }, jsonWords));
  else {
    const policy = args.values.hybrid ? 'hybrid monitor' : 'monitor';
    io.out(`${isa.name} under the ${policy}${depth > 1 ? `, nested ${depth} deep` : ''}: ${result.reason === 'halted' ? 'halted' : 'did not halt'}`);
    io.out(`  real storage ${result.realCells} cells; each guest ${result.guestCells} cells`);
    for (const g of result.guests) {
      io.out(`guest ${g.name} at real ${'0x' + g.realBase.toString(16)}: ${g.reason} after ${g.steps} steps`);
      for (const line of formatState(isa, g.state)) io.out('  ' + line);
      io.out('  ' + statLine(g.statistics));
      const traps = Object.entries(g.statistics.guestTraps).map(([n, c]) => `${n} ${c}`);
      if (traps.length > 0) io.out(`  traps the guest saw: ${traps.join(', ')}`);
      const handled = Object.entries(g.statistics.byInstruction)
        .map(([m, c]) => `${m} ${c.emulated + c.reflected + c.forwarded + c.interpreted}`)
        .join(', ');
      if (handled) io.out(`  instructions the monitor handled: ${handled}`);
    }
    for (const l of result.levels) io.out(`monitor level ${l.level} (${l.policy}, host ${l.hostCells} cells): ${statLine(l.statistics)}`);
  }
  if (result.reason !== 'halted') {
    io.err(`vmcheck vmm: ${path} did not halt within ${maxSteps} steps (raise --steps if it should)`);
    return exitCodes.inconclusive;
  }
  return exitCodes.ok;
}

/** An executable as the guest of a monitor stack, under the tohost convention. */
function vmmExecutable(
  isa: IsaDescription,
  bytes: Uint8Array,
  path: string,
  o: { hybrid: boolean; depth: number; guests: number; maxSteps: number; json: boolean },
  io: Io,
): number {
  if (o.guests !== 1) throw new UsageError('an executable runs as the one guest of its monitor (virtual = real): --guests must be 1');
  const stack = buildStack(isa, { guestCells: isa.state.storage.cells, reserve: 0, depth: o.depth, hybrid: o.hybrid });
  const guest = stack.guests[0]!;
  const program = loadExecutable(guest, bytes, path);
  const { onOutput, flush } = consoleLines(io);
  const result = runProgram(guest, program, { maxSteps: o.maxSteps, source: path, ...(o.json ? {} : { onOutput }) });
  flush();
  const statistics = guest.statistics();
  if (o.json) io.out(JSON.stringify({ isa: isa.name, program: path, ...result, statistics, levels: stack.monitors.map((m) => ({ level: m.level, policy: m.policy.name, statistics: m.statistics() })) }, jsonWords));
  else {
    const what = result.verdict ? describeVerdict(result.verdict) : 'no verdict (tohost not written)';
    io.out(`${isa.name} under the ${o.hybrid ? 'hybrid monitor' : 'monitor'}${o.depth > 1 ? `, nested ${o.depth} deep` : ''}: ${what}: ${path} (${result.steps} steps)`);
    io.out('  ' + statLine(statistics));
    const traps = Object.entries(statistics.guestTraps).map(([n, c]) => `${n} ${c}`);
    if (traps.length > 0) io.out(`  traps the guest saw: ${traps.join(', ')}`);
  }
  if (result.verdict?.kind === 'pass') return exitCodes.ok;
  if (result.verdict?.kind === 'fail') return exitCodes.expectationNotMet;
  if (result.verdict) return exitCodes.inconclusive; // a value that is no verdict
  io.err(`vmcheck vmm: ${path} did not write tohost within ${o.maxSteps} steps (raise --steps if it should)`);
  return exitCodes.inconclusive;
}

/** The program bare and under the monitor, a step at a time: the first difference, or none. */
function vmmCompare(isa: IsaDescription, program: Program, path: string, o: { hybrid: boolean; depth: number; maxSteps: number; json: boolean }, io: Io): number {
  const guestCells = guestCellsFor(isa, program);
  const bare = new Machine(isa, { storageCells: guestCells });
  loadProgram(program, bare);
  const r = checkEquivalence(isa, bare.snapshot(), guestCells, {
    maxSteps: o.maxSteps,
    hybrid: o.hybrid,
    depth: o.depth,
    ...(isa.state.addressMap.kind === 'described' ? { reserve: 0 } : {}),
  });
  const policy = `the ${o.hybrid ? 'hybrid monitor' : 'monitor'}${o.depth > 1 ? `, nested ${o.depth} deep` : ''}`;
  if (o.json) io.out(JSON.stringify({ isa: isa.name, program: path, ...r }, jsonWords));
  else if (r.ok) io.out(`${isa.name}: ${path} under ${policy} agrees with the bare machine after each of its ${r.steps} steps (${r.reason === 'halted' ? 'halted' : `stopped at the budget of ${o.maxSteps}`})`);
  else {
    const d = r.divergence!;
    const c = d.culprit;
    const level = c ? isa.state.mode.levels.find((l) => l.value === c.mode) : undefined;
    const where = c ? `: ${c.text ?? c.mnemonic ?? 'no instruction'} at ${'0x' + c.pc.toString(16)} in ${level ? `${level.name} (${level.supervisor ? 'supervisor' : 'user'})` : `mode ${c.mode}`}` : '';
    io.out(`${isa.name}: ${path} under ${policy} diverges from the bare machine at step ${d.step}${where}`);
    for (const x of d.differences) io.out(`  ${x.what}: bare ${x.bare}, under the monitor ${x.virtual}`);
  }
  return r.ok ? exitCodes.ok : exitCodes.expectationNotMet;
}
