/**
 * Running a guest: directly on the host (in a real user level, under the composed map) for as
 * long as the dispatch policy allows, with the dispatcher taking every trap; interpreting one
 * instruction at a time where the policy says so. Every run has a budget: a guest that never
 * halts ends with 'step-limit'.
 */
import type { RunResult, StepResult, Word, Write } from '../machine/index.js';
import { VmmError } from './errors.js';
import { interpretNext, type RoutineStep } from './routines.js';
import { compiledStateOf } from './compiled-state.js';
import { interpretCompiled } from './compiled-run.js';
import { clearHalt } from './machine-like.js';
import type { Monitor } from './monitor.js';
import { deliverInterrupt, reflectTrap } from './reflection.js';
import type { VirtualMachine } from './virtual-machine.js';

export function runGuest(monitor: Monitor, guest: VirtualMachine, maxSteps: number): RunResult {
  if (guest.isHalted) return { reason: 'halted', steps: 0 };
  guest.stopRequested = false;
  const start = guest.stepCount;
  while (!guest.isHalted && !guest.stopRequested) {
    const left = maxSteps - (guest.stepCount - start);
    if (left <= 0) break;
    if (deliverInterrupt(guest)) continue;
    if (monitor.policy.interprets(guest, monitor.roles)) {
      const st = compiledStateOf(guest);
      if (st) interpretCompiled(monitor, guest, st, left);
      else interpretStep(monitor, guest);
    }
    else if (monitor.onDirectStep) stepOnHost(monitor, guest);
    else runOnHost(monitor, guest, left);
  }
  const reason = guest.isHalted ? 'halted' : guest.stopRequested ? 'stopped' : 'step-limit';
  guest.stopRequested = false;
  return { reason, steps: guest.stepCount - start };
}

/** Puts the guest on the host: its user state, the real user level, the composed map, its clocks. */
function enter(monitor: Monitor, guest: VirtualMachine): void {
  monitor.activate(guest);
  monitor.enterHost(guest);
  const { register } = monitor.roles.mode;
  const mode = monitor.host.getReg(register);
  // Invariant: a guest instruction never runs in a real supervisor level.
  if (monitor.roles.isSupervisor(mode)) throw new VmmError(`internal: the host's ${register} is ${mode}, a supervisor level, as a guest is about to run`);
}

function runOnHost(monitor: Monitor, guest: VirtualMachine, budget: number): void {
  const host = monitor.host;
  enter(monitor, guest);
  monitor.running = guest;
  monitor.stepping = false;
  monitor.mark = host.steps;
  let result: RunResult;
  try {
    result = host.run(budget);
  } finally {
    monitor.running = undefined;
  }
  const direct = host.steps - monitor.mark;
  guest.counters.direct(direct);
  guest.stepCount += direct;
  monitor.exitHost(guest);
  if (result.reason === 'halted') {
    // The guest halted with an instruction that ran directly: the halt is the guest's.
    guest.isHalted = true;
    clearHalt(host);
  }
}

/** One guest instruction on the host with `step()`; the host's report of it. */
function stepOnHost(monitor: Monitor, guest: VirtualMachine): StepResult {
  const host = monitor.host;
  enter(monitor, guest);
  const modeBefore = host.getReg(monitor.roles.mode.register);
  monitor.running = guest;
  monitor.stepping = true;
  monitor.trapTaken = false;
  monitor.lastGuestTrap = undefined;
  monitor.rederived = undefined;
  let result: StepResult;
  try {
    result = host.step();
  } finally {
    monitor.running = undefined;
    monitor.stepping = false;
  }
  if (!monitor.trapTaken) {
    guest.counters.direct(1);
    guest.stepCount++;
    if (result.halted) {
      guest.isHalted = true;
      clearHalt(host);
    }
  }
  monitor.exitHost(guest);
  monitor.onDirectStep?.({ level: monitor.level, guest, host, modeBefore, result, trapped: monitor.trapTaken });
  return result;
}

/** One guest instruction interpreted on the virtual state (hybrid dispatch). */
function interpretStep(monitor: Monitor, guest: VirtualMachine): RoutineStep {
  const user = !monitor.roles.isSupervisor(guest.getReg(monitor.roles.mode.register));
  const step = interpretNext(guest);
  if (step.status !== 2) {
    guest.stepCount++;
    if (step.status === 1) guest.isHalted = true;
    monitor.lastGuestTrap = undefined;
  } else {
    const kind = guest.isa.traps.kinds[step.trapKind]!;
    monitor.lastGuestTrap = { name: kind.name, code: kind.code, value: step.trapValue };
    reflectTrap(guest, kind.name, step.trapValue);
  }
  guest.counters.handled('interpreted', step.mnemonic ?? '(fetch)', user);
  return step;
}

/** One guest step, reported as the bare machine's `step()` reports it. */
export function stepGuest(monitor: Monitor, guest: VirtualMachine): StepResult {
  const { isa } = guest;
  const pc = guest.getReg(isa.state.pc);
  if (guest.isHalted) return { pc, cells: [], writes: [], halted: true };
  const before = registerValues(guest);
  const log = new Map<number, number>();
  guest.storeLog = log;
  guest.stopRequested = false;
  const direct = new Set<number>();
  let result: StepResult;
  try {
    monitor.lastGuestTrap = undefined;
    if (deliverInterrupt(guest)) result = { pc, cells: [], writes: [], halted: false };
    else if (monitor.policy.interprets(guest, monitor.roles)) {
      const step = interpretStep(monitor, guest);
      result = { pc, cells: [...step.cells], writes: [], halted: false };
      if (step.mnemonic !== undefined) {
        result.mnemonic = step.mnemonic;
        result.fields = { ...step.fields };
      }
    } else {
      const hr = stepOnHost(monitor, guest);
      // A trap the host took was re-derived on the virtual state: what the guest fetched is the
      // routine's (the host may have fetched where the guest's map faults, or decoded otherwise).
      const seen = monitor.trapTaken ? monitor.rederived : undefined;
      result = { pc, cells: seen ? [...seen.cells] : hr.cells, writes: [], halted: false };
      const mnemonic = seen ? seen.mnemonic : hr.mnemonic;
      const fields = seen ? seen.fields : hr.fields;
      if (mnemonic !== undefined) result.mnemonic = mnemonic;
      if (fields !== undefined) result.fields = { ...fields };
      if (!monitor.trapTaken) for (const w of hr.writes) if (w.kind === 'store') direct.add(w.addr - guest.region.base);
    }
  } finally {
    guest.storeLog = undefined;
  }
  if (monitor.lastGuestTrap) result.trap = monitor.lastGuestTrap;
  result.halted = guest.isHalted;
  result.writes = changes(guest, before, log, direct);
  guest.stopRequested = false;
  return result;
}

function registerValues(guest: VirtualMachine): Word[] {
  const out: Word[] = [];
  for (const r of guest.isa.state.registers) out.push(guest.getRegWord(r.name));
  for (const f of guest.isa.state.files) for (let i = 0; i < f.count; i++) out.push(guest.getFileWord(f.name, i));
  return out;
}

/** What a step changed, in the order the bare machine lists it. */
function changes(guest: VirtualMachine, before: Word[], log: Map<number, number>, direct: Set<number>): Write[] {
  const out: Write[] = [];
  const after = registerValues(guest);
  let k = 0;
  for (const r of guest.isa.state.registers) {
    if (after[k] !== before[k]) out.push({ kind: 'reg', name: r.name, value: after[k]! });
    k++;
  }
  for (const f of guest.isa.state.files)
    for (let i = 0; i < f.count; i++, k++) if (after[k] !== before[k]) out.push({ kind: 'file', name: f.name, index: i, value: after[k]! });
  const addrs = new Set([...direct, ...log.keys()]);
  for (const a of [...addrs].sort((x, y) => x - y)) {
    const v = guest.readCellWord(a);
    if (direct.has(a) || log.get(a) !== v) out.push({ kind: 'store', addr: a, value: v });
  }
  return out;
}
