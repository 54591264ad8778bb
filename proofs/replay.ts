/**
 * Replaying a witness on the reference emulator before it is reported (DESIGN.md §3): build a
 * machine per starting state, set every register, write the storage cells the model gives (the
 * instruction's own cells at its physical fetch address among them), step once, and check both
 * that the emulator did what the model predicted and that the claimed behavior is there. A
 * witness that fails either check is a checker bug: it throws, it never becomes a report line.
 */
import { match } from 'ts-pattern';
import type { Block } from '../spec/ast.js';
import type { IsaDescription } from '../spec/description.js';
import { decode } from '../spec/encoding.js';
import { carryingLow } from '../spec/timing.js';
import { Machine, MachineError, pendingInterrupt, referenceStep, registersWritten, type StateView, type StepResult, type Word } from '../machine/index.js';
import { stepComposed, type ReplayMachine } from './replay-composed.js';
import { formatInstruction } from '../asm/index.js';
import type { StatePartition } from './partition.js';
import type { ModelRun, ModelWitness } from './witness-model.js';
import type { ReportValue, Witness, WitnessState } from './report-types.js';

/** A witness that does not replay: an internal error of the checker, naming the query. */
export class WitnessReplayError extends Error {
  constructor(
    readonly query: string,
    message: string,
  ) {
    super(`internal error: the witness of query ${query} does not replay on the reference machine: ${message}`);
    this.name = 'WitnessReplayError';
  }
}

type Difference = { what: string; first: Word; second: Word };

/** A value as a report holds it, exactly: a number, or its decimal digits above 2^53 - 1 (ReportValue). */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const reported = (v: Word): ReportValue => (BigInt(v) > MAX_SAFE ? BigInt(v).toString() : Number(v));
const reportedDiff = (d: Difference) => ({ what: d.what, first: reported(d.first), second: reported(d.second) });
const reportedAll = (r: Record<string, Word>): Record<string, ReportValue> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, reported(v)]));

interface Replayed {
  readonly part: StatePartition;
  readonly run: ModelRun;
  readonly machine: ReplayMachine;
  readonly step: StepResult;
  readonly before: { regs: Record<string, Word>; files: Record<string, Word[]> };
  /** The registers the instruction itself assigned (the timing advance skips them, spec/timing.ts); none when it trapped. */
  readonly wrote: ReadonlySet<string>;
  /** Whether the machine goes back to the pool (not one made to step without the trap sequence). */
  readonly pooled: boolean;
}

/**
 * Machines to replay on, per description: making one zeroes all of storage (megabytes for rv32),
 * and a check replays thousands of runs. A machine comes back with the cells its run wrote zeroed
 * again, so each run starts from zero storage and the cells its witness gives, as a new one would.
 */
const pool = new WeakMap<IsaDescription, Machine[]>();

function acquire(isa: IsaDescription): Machine {
  let free = pool.get(isa);
  if (!free) pool.set(isa, (free = []));
  const m = free.pop() ?? new Machine(isa);
  m.resetRegisters();
  return m;
}

function release(isa: IsaDescription, r: Replayed): void {
  if (!r.pooled || !(r.machine instanceof Machine)) return;
  const m = r.machine;
  for (const a of r.run.start.cells.keys()) if (a < BigInt(m.storageCells)) m.writeCell(Number(a), 0);
  for (const w of r.step.writes) if (w.kind === 'store') m.writeCell(w.addr, 0);
  pool.get(isa)!.push(m);
}

function execute(isa: IsaDescription, part: StatePartition, run: ModelRun, mayWriteTiming: boolean): Replayed {
  // Under a composed map the map reads other values than the hardware's registers: the reference evaluator runs it.
  if (run.start.guest) return { part, run, ...stepComposed(isa, run), pooled: false };
  const m = acquire(isa);
  // A machine whose run failed half-way is dropped, not reused: what it wrote is not known.
  start(m, run);
  // Read back through the machine (hard-wired elements, widths): what it will actually run from.
  const regs = Object.fromEntries(isa.state.registers.map((r) => [r.name, m.getRegWord(r.name)]));
  const files = Object.fromEntries(isa.state.files.map((f) => [f.name, Array.from({ length: f.count }, (_, i) => m.getFileWord(f.name, i))]));
  const wrote = mayWriteTiming ? assignedBy(isa, m) : new Set<string>();
  try {
    return { part, run, machine: m, before: { regs, files }, wrote, step: m.step(), pooled: true };
  } catch (e) {
    if (!(e instanceof MachineError)) throw e;
    // A trap sequence that leaves storage (a stack push from a stack pointer at its end) stops
    // the machine, but the run's outcome is the trap it took, which is all a definition compares:
    // step again without the sequence. An instruction that itself leaves storage fails again.
    const quiet = new Machine(isa, { storageCells: m.storageCells, onTrap: () => {} });
    start(quiet, run);
    const step = quiet.step();
    if (!step.trap) throw e;
    return { part, run, machine: quiet, before: { regs, files }, wrote, step, pooled: false };
  }
}

function start(m: Machine, run: ModelRun): void {
  for (const [name, v] of Object.entries(run.start.regs)) m.setReg(name, v);
  for (const [name, vs] of Object.entries(run.start.files)) vs.forEach((v, i) => m.setFile(name, i, v));
  // (A cell wider than 52 bits is written as the bigint it is: a number would round.)
  for (const [a, v] of run.start.cells) if (a < BigInt(m.storageCells)) m.writeCell(Number(a), v > MAX_SAFE ? v : Number(v));
}

/** Whether a block can assign a timing register (only then does the replay ask which it did). */
function assignsTiming(isa: IsaDescription, block: Block): boolean {
  const timing = new Set(isa.state.timing);
  const go = (b: Block): boolean => b.some((st) => (st.kind === 'assign' ? st.target.kind === 'reg' && timing.has(st.target.name) : st.kind === 'if' ? go(st.then) || go(st.else) : false));
  return go(block);
}

/** The registers the instruction at the PC assigns from the machine's state, by the reference step (none if it traps). */
function assignedBy(isa: IsaDescription, m: Machine): Set<string> {
  if (isa.state.timing.length === 0) return new Set();
  const view: StateView = {
    reg: (n) => BigInt(m.getRegWord(n)),
    file: (n, i) => BigInt(m.getFileWord(n, i)),
    cell: (p) => (p >= 0n && p < BigInt(m.storageCells) ? BigInt(m.readCellWord(Number(p))) : undefined),
    storageCells: m.storageCells,
  };
  try {
    // A pending interrupt is taken instead of the instruction (Machine.step): nothing assigned.
    if (pendingInterrupt(isa, view) !== undefined) return new Set();
    const o = referenceStep(isa, view).outcome;
    return registersWritten(o.kind === 'ok' ? o.writes : []);
  } catch {
    // A run the reference cannot finish (a physical access outside storage) writes nothing.
    return new Set();
  }
}

const excludedClasses = new Set(['memory', 'exception']);

export function replayWitness(isa: IsaDescription, part: StatePartition, mnemonic: string, w: ModelWitness): Witness {
  const fail = (message: string): never => {
    throw new WitnessReplayError(w.query, message);
  };
  const runs: Replayed[] = [];
  try {
    const insn = isa.instructions.find((i) => i.mnemonic === mnemonic);
    const timing = insn !== undefined && assignsTiming(isa, insn.semantics);
    for (const r of w.runs) runs.push(execute(isa, part, r, timing));
    return judge(isa, part, mnemonic, w, runs, fail);
  } finally {
    for (const r of runs) release(isa, r);
  }
}

function judge(isa: IsaDescription, part: StatePartition, mnemonic: string, w: ModelWitness, runs: readonly Replayed[], fail: (message: string) => never): Witness {
  for (const r of runs) checkPrediction(isa, r, mnemonic, w.cells, fail);

  const trapClass = (r: Replayed) => isa.traps.kinds.find((k) => k.name === r.step.trap?.name)?.class;
  const after = (r: Replayed, name: string) => r.machine.getRegWord(name);
  const label = (r: Replayed) => r.run.label;
  const { claim, differences } = match(w.claim)
    .with({ kind: 'not-privileged' }, () => {
      const [sup, usr] = runs as [Replayed, Replayed];
      for (const r of [sup, usr]) if (excludedClasses.has(trapClass(r) ?? '')) fail(`the ${label(r)} run took the excluded '${r.step.trap!.name}' trap`);
      if (usr.step.trap && !sup.step.trap) fail('the user run traps and the supervisor run does not: that is privileged behavior');
      const claim = !usr.step.trap
        ? 'runs in user mode without trapping, so it is not privileged'
        : `traps in supervisor mode too ('${sup.step.trap!.name}'), so its user-mode trap is no privilege check`;
      return { claim, differences: [] };
    })
    .with({ kind: 'writes-system' }, (c) => {
      const [r] = runs as [Replayed];
      if (r.step.trap) fail(`the run trapped ('${r.step.trap.name}')`);
      const diffs = [
        ...c.regs.map((name) => ({ what: name, first: r.before.regs[name]!, second: after(r, name) })),
        ...c.files.flatMap((f) =>
          r.before.files[f]!.map((v, i) => ({ what: `${f}[${i}]`, first: v, second: r.machine.getFileWord(f, i) })).filter((d) => d.first !== d.second),
        ),
      ];
      for (const d of diffs) {
        const ticks = stepTick(isa, d.what, (n) => BigInt(r.before.regs[n] ?? 0), r.wrote);
        const width = isa.state.registers.find((x) => x.name === d.what)?.width ?? 32;
        if (BigInt(d.second) === (BigInt(d.first) + BigInt(ticks)) % (1n << BigInt(width))) fail(`${d.what} is unchanged`);
      }
      if (c.files.length > 0 && diffs.length === c.regs.length) fail(`no element of ${c.files.join(', ')} changed`);
      return { claim: `runs without trapping and changes system state: ${[...c.regs, ...c.files].join(', ')}`, differences: diffs.map(reportedDiff) };
    })
    .with({ kind: 'outcome-differs' }, (c) => {
      const [r1, r2] = runs as [Replayed, Replayed];
      for (const r of [r1, r2]) if (excludedClasses.has(trapClass(r) ?? '')) fail(`the ${label(r)} run took the excluded '${r.step.trap!.name}' trap`);
      if (r1.step.trap && r2.step.trap) fail('both runs trap, and two trapping runs are alike');
      const differing = notAlike(r1, r2, c);
      if (differing.length === 0) fail('the two runs end with the same user-visible state');
      return { claim: claimOfPair(isa, w), differences: differing.map(reportedDiff) };
    })
    .with({ kind: 'direct-unsafe' }, (c) => {
      const [v, r] = runs as [Replayed, Replayed];
      if (r.step.trap) fail(`the real run trapped ('${r.step.trap.name}'): the monitor would get control`);
      if (excludedClasses.has(trapClass(v) ?? '')) fail(`the virtual run took the excluded '${v.step.trap!.name}' trap`);
      const systemChanges = (x: Replayed) => systemDiffs(isa, part, x).map((d) => ({ ...d, what: `${label(x)} ${d.what}` }));
      const differing = [...notAlike(v, r, c), ...(v.step.trap ? [] : systemChanges(v)), ...systemChanges(r)];
      if (differing.length === 0) fail('the real run does what the virtual run does');
      return { claim: claimOfDirect(v), differences: differing.map(reportedDiff) };
    })
    .exhaustive();

  const first = w.runs[0]!;
  const decoded = decode(isa, w.cells);
  if (!decoded || decoded.insn.mnemonic !== mnemonic) fail(`the instruction cells do not decode as ${mnemonic}`);
  return {
    query: w.query,
    definition: w.definition,
    instruction: {
      mnemonic,
      text: formatInstruction(isa, decoded!, Number(first.start.regs[isa.state.pc] ?? 0n)),
      fields: { ...w.fields },
      cells: w.cells.map(reported),
    },
    claim,
    states: runs.map((r) => witnessState(isa, r)),
    differences,
    ...(w.shift !== undefined ? { shift: Number(w.shift) } : {}),
    replayed: true,
  };
}

/**
 * How two runs (neither excluded) are not alike: one traps and the other does not, or the user
 * registers, the PC, halting or the storage seen at the probe differ.
 */
function notAlike(r1: Replayed, r2: Replayed, c: { probe: bigint; probeAt: readonly (bigint | undefined)[] }): Difference[] {
  const trapped = (r: Replayed) => (r.step.trap ? 1 : 0);
  if (trapped(r1) !== trapped(r2)) return [{ what: 'trapped', first: trapped(r1), second: trapped(r2) }];
  if (r1.step.trap) return [];
  const part = r1.part;
  const after = (r: Replayed, name: string) => r.machine.getRegWord(name);
  const diffs: Difference[] = [part.pc, ...part.userRegs].map((name) => ({ what: name, first: after(r1, name), second: after(r2, name) }));
  for (const f of part.userFiles)
    r1.before.files[f]!.forEach((_, i) => diffs.push({ what: `${f}[${i}]`, first: r1.machine.getFileWord(f, i), second: r2.machine.getFileWord(f, i) }));
  diffs.push({ what: 'halted', first: r1.step.halted ? 1 : 0, second: r2.step.halted ? 1 : 0 });
  const [p1, p2] = c.probeAt;
  const inStorage = (r: Replayed, p: bigint | undefined) => p !== undefined && p < BigInt(r.machine.storageCells);
  // Where the mode selects the map, storage counts only where both place the probe alike.
  if (inStorage(r1, p1) && inStorage(r2, p2) && (!part.modeSelectsMap || p1 === p2))
    diffs.push({ what: `storage at virtual ${c.probe}`, first: r1.machine.readCellWord(Number(p1)), second: r2.machine.readCellWord(Number(p2)) });
  return diffs.filter((d) => d.first !== d.second);
}

/** The system registers and file elements a run (that did not trap) changed, the timing advance aside. */
function systemDiffs(isa: IsaDescription, part: StatePartition, r: Replayed): Difference[] {
  if (r.step.trap) return [];
  const regs = part.systemRegs.flatMap((name) => {
    const first = r.before.regs[name]!;
    const second = r.machine.getRegWord(name);
    const width = isa.state.registers.find((x) => x.name === name)!.width;
    const ticks = stepTick(isa, name, (n) => BigInt(r.before.regs[n] ?? 0), r.wrote);
    return BigInt(second) === (BigInt(first) + BigInt(ticks)) % (1n << BigInt(width)) ? [] : [{ what: name, first, second }];
  });
  const files = part.systemFiles.flatMap((f) =>
    r.before.files[f]!.map((first, i) => ({ what: `${f}[${i}]`, first, second: r.machine.getFileWord(f, i) })).filter((d) => d.first !== d.second),
  );
  return [...regs, ...files];
}

function claimOfDirect(v: Replayed): string {
  return v.step.trap
    ? `runs to completion on the real machine (user level, the monitor's configuration) where the virtual machine traps ('${v.step.trap.name}'): direct execution would lose the trap`
    : 'runs to completion on the real machine with another result than on the virtual machine: direct execution would be wrong';
}

function claimOfPair(isa: IsaDescription, w: ModelWitness): string {
  const apart = () => {
    const x = BigInt.asIntN(isa.state.storage.addressBits, w.shift ?? 0n);
    return `${x < 0n ? '−' : ''}${(x < 0n ? -x : x).toString()}`;
  };
  const results = 'runs (neither taking an excluded trap) to outcomes that are not alike';
  return match(w.definition)
    .with('mode-sensitive', () => `${results} from two states placed alike that differ only in system state (the mode)`)
    .with('user-system-sensitive', () => `${results} from two user-mode states that differ only in system state outside the mode and the address map`)
    .with('location-sensitive', 'user-location-sensitive', () =>
      w.runs[1]?.start.guest
        ? `${results} when the same program and data are placed ${apart()} cells apart under a monitor's composed map (the map's registers hold the monitor's values, the guest's map moved by as much)`
        : `${results} when the same program and data are placed ${apart()} cells apart (relocation moved by as much)`,
    )
    .with('timing-dependent', () => `${results} from two states that differ only in the timing resources`)
    .otherwise((d) => `${results} from two states (${d})`);
}

/** The emulator did what the model says this run does: the instruction, the trap, the registers after. */
function checkPrediction(isa: IsaDescription, r: Replayed, mnemonic: string, cells: readonly bigint[], fail: (m: string) => never): void {
  const p = r.run.predicted;
  const who = `the ${r.run.label} run`;
  // A run that fetched (no fetch fault) must have found the instruction word: a state that does
  // not hold it is no witness (an example state whose map puts other cells at the PC, say; or
  // another encoding of the instruction there, which is another instruction word).
  if (r.step.cells.length > 0 && r.step.mnemonic !== mnemonic) fail(`${who} ran ${r.step.mnemonic ?? `no instruction (cells ${r.step.cells.join(', ')})`}, not ${mnemonic}`);
  if (r.step.cells.length > 0 && r.step.cells.join() !== cells.join()) fail(`${who} fetched the word ${r.step.cells.join(', ')}, not the witness's ${cells.join(', ')}`);
  if (!p) return;
  if ((r.step.trap?.name ?? 'none') !== (p.trap ?? 'none'))
    fail(`${who}: the model predicts trap ${p.trap ?? 'none'}, the emulator took ${r.step.trap?.name ?? 'none'}`);
  if (r.step.trap) return;
  if (r.step.halted !== p.halted) fail(`${who}: the model predicts halted=${p.halted}, the emulator ${r.step.halted}`);
  for (const decl of isa.state.registers) {
    const tick = BigInt(stepTick(isa, decl.name, (n) => p.regs[n]!, r.wrote));
    const expected = (p.regs[decl.name]! + tick) % 2n ** BigInt(decl.width);
    const actual = BigInt(r.machine.getRegWord(decl.name));
    if (actual !== expected) fail(`${who}: the model predicts ${decl.name} = ${expected} after the step, the emulator has ${actual}`);
  }
  for (const [name, vs] of Object.entries(p.files))
    vs.forEach((v, i) => {
      const actual = BigInt(r.machine.getFileWord(name, i));
      if (actual !== BigInt(v)) fail(`${who}: the model predicts ${name}[${i}] = ${v} after the step, the emulator has ${actual}`);
    });
}

function witnessState(isa: IsaDescription, r: Replayed): WitnessState {
  const modeReg = isa.state.mode.register;
  const modeValue = Number(r.before.regs[modeReg]!);
  const level = isa.state.mode.levels.find((l) => l.value === modeValue);
  const changed: WitnessState['outcome']['changed'] = {};
  for (const wr of r.step.writes) {
    if (wr.kind === 'reg') changed[wr.name] = { before: reported(r.before.regs[wr.name]!), after: reported(wr.value) };
    else if (wr.kind === 'file') changed[`${wr.name}[${wr.index}]`] = { before: reported(r.before.files[wr.name]![wr.index]!), after: reported(wr.value) };
    else changed[`E[${wr.addr}]`] = { before: reported(r.run.start.cells.get(BigInt(wr.addr)) ?? 0n), after: reported(wr.value) };
  }
  // Under a composed map, past the guest's storage: the monitor's own cells a physical access moved there reached.
  const limit = r.run.start.guest ? 1n << BigInt(isa.state.storage.addressBits) : BigInt(r.machine.storageCells);
  const storage = [...r.run.start.cells]
    .filter(([a]) => a < limit)
    .map(([a, v]) => ({ address: Number(a), value: reported(v) }))
    .sort((x, y) => x.address - y.address);
  return {
    label: r.run.label,
    mode: { register: modeReg, value: modeValue, level: level?.name ?? '?', supervisor: level?.supervisor ?? false },
    registers: reportedAll(r.before.regs),
    files: Object.fromEntries(Object.entries(r.before.files).map(([k, vs]) => [k, vs.map(reported)])),
    storage,
    instructionAt: { virtual: Number(r.before.regs[isa.state.pc]!), physical: Number(r.run.fetchAt) },
    ...(r.run.start.guest
      ? { guest: { registers: reportedAll(r.run.start.guest.regs), files: Object.fromEntries(Object.entries(r.run.start.guest.files).map(([k, vs]) => [k, vs.map(reported)])) } }
      : {}),
    outcome: { ...(r.step.trap ? { trap: { ...r.step.trap, value: reported(r.step.trap.value) } } : {}), halted: r.step.halted, changed },
  };
}

/**
 * How much one step's timing advance adds to register `name` (0 or 1): a timing register ticks,
 * the high half of a carry only when its low half (before the tick, as `before` reads it) wraps;
 * neither when the instruction wrote it, nor a high half when it wrote the low (spec/timing.ts).
 */
function stepTick(isa: IsaDescription, name: string, before: (name: string) => bigint, wrote: ReadonlySet<string>): number {
  if (!isa.state.timing.includes(name) || wrote.has(name)) return 0;
  const low = carryingLow(isa, name);
  if (low === undefined) return 1;
  if (wrote.has(low)) return 0;
  const width = isa.state.registers.find((x) => x.name === low)!.width;
  return before(low) === 2n ** BigInt(width) - 1n ? 1 : 0;
}
