/**
 * The equivalence property, one case at a time: a guest started in state S on a bare machine
 * whose storage is the guest's region, and the same guest under a monitor stack (placed by the VM
 * map: region at some base, real mode user, composed map), must agree on the guest's state after
 * every step count the bare run reaches and at its halt. Timing registers are left out, as the
 * theorem permits; everything else — mode, address map, user registers, storage, halted, steps —
 * must be equal.
 */
import type { IsaDescription } from '../spec/description.js';
import type { Decoded } from '../spec/encoding.js';
import { mappedAt, mappedViews } from '../spec/mapped-registers.js';
import { Machine, MachineError, type MachineSnapshot, type StepResult, type Write } from '../machine/index.js';
import { formatInstruction } from '../asm/index.js';
import { buildStack, type StackOptions } from './nested.js';
import type { Statistics } from './statistics.js';
import type { MachineLike } from './machine-like.js';
import { compiledStateOf } from './compiled-state.js';
import { VirtualMachine } from './virtual-machine.js';
import { unsignedOf, type Word } from '../machine/layout.js';

export interface EquivalenceOptions extends Omit<StackOptions, 'guestCells' | 'guests'> {
  /** Steps to run (a guest that has not halted by then is compared there). @defaultValue 200 */
  maxSteps?: number;
  /**
   * Budgets for the second, full-speed run, used in turn until `maxSteps` are spent.
   * @defaultValue one run of `maxSteps`
   */
  chunks?: readonly number[];
}

export interface Difference {
  /** `register M`, `r[3]`, `cell 17`, `halted`, `steps`, `step report`. */
  what: string;
  bare: string;
  virtual: string;
}

/** The instruction the bare machine ran in the step after which the two first differ. */
export interface Culprit {
  /** The PC (an address under the guest's map). */
  pc: number;
  /** Its first cell's physical address in guest storage (absent on a fetch fault). */
  physical?: number;
  cells: Word[];
  mnemonic?: string;
  /** Assembly text. */
  text?: string;
  /** The mode register's value while it ran. */
  mode: number;
  /**
   * A register mapped into storage whose cells the fetch read (spec/mapped-registers.ts): the
   * bare machine fetched the register, a guest run directly its own copy of the cells — what the
   * checker's fetch condition fails a theorem for, whatever the instruction.
   */
  fetchedFrom?: string;
}

export interface Divergence {
  /** The states first differ after this many steps. */
  step: number;
  /** Found comparing step by step, or only at the end of the full-speed run. */
  phase: 'lockstep' | 'full-run';
  culprit?: Culprit;
  differences: Difference[];
}

export interface EquivalenceResult {
  ok: boolean;
  /** Steps the bare machine ran. */
  steps: number;
  reason: 'halted' | 'step-limit';
  divergence?: Divergence;
  /** What each monitor of the full-speed run did, level 0 first. */
  statistics: Statistics[];
}

const hex = (n: number | bigint) => '0x' + n.toString(16);

/** How two snapshots of a guest differ, timing registers aside. */
export function guestDifferences(isa: IsaDescription, bare: MachineSnapshot, virtual: MachineSnapshot): Difference[] {
  const out: Difference[] = [];
  const timing = new Set(isa.state.timing);
  for (const r of isa.state.registers) {
    if (timing.has(r.name)) continue;
    const a = bare.registers[r.name];
    const b = virtual.registers[r.name];
    if (a !== b) out.push({ what: `register ${r.name}`, bare: String(a), virtual: String(b) });
  }
  for (const f of isa.state.files)
    for (let i = 0; i < f.count; i++) {
      const a = bare.files[f.name]?.[i];
      const b = virtual.files[f.name]?.[i];
      if (a !== b) out.push({ what: `${f.prefix ?? f.name}${i}`, bare: String(a), virtual: String(b) });
    }
  const cellsA = new Map(bare.storage);
  const cellsB = new Map(virtual.storage);
  for (const a of [...new Set([...cellsA.keys(), ...cellsB.keys()])].sort((x, y) => x - y)) {
    const x = cellsA.get(a) ?? 0;
    const y = cellsB.get(a) ?? 0;
    if (x !== y) out.push({ what: `cell ${a}`, bare: hex(x), virtual: hex(y) });
  }
  if (bare.halted !== virtual.halted) out.push({ what: 'halted', bare: String(bare.halted), virtual: String(virtual.halted) });
  if (bare.steps !== virtual.steps) out.push({ what: 'steps', bare: String(bare.steps), virtual: String(virtual.steps) });
  return out;
}

/**
 * Whether the guest's state equals the bare machine's, timing registers aside: `guestDifferences`
 * without snapshots, for the check after every step (the differences are listed only when there
 * are some).
 */
function sameGuestState(isa: IsaDescription, bare: Machine, guest: MachineLike, cells?: readonly number[]): boolean {
  if (bare.halted !== guest.halted || bare.steps !== guest.steps) return false;
  const timing = timingOf(isa);
  for (const r of isa.state.registers) if (!timing.has(r.name) && bare.getRegWord(r.name) !== guest.getRegWord(r.name)) return false;
  for (const f of isa.state.files) for (let i = 0; i < f.count; i++) if (bare.getFileWord(f.name, i) !== guest.getFileWord(f.name, i)) return false;
  if (bare.storageCells !== guest.storageCells) return false;
  // The cells in place where both are arrays (a guest's storage is a view of real storage), else copies.
  const a = bare.internals().S;
  const b = guest instanceof VirtualMachine ? compiledStateOf(guest)?.S : undefined;
  const w = isa.state.storage.cellBits;
  if (cells) {
    for (const i of cells) if (unsignedOf(w, a[i]!) !== (b ? unsignedOf(w, b[i]!) : guest.readCellWord(i))) return false;
    return true;
  }
  if (b) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  const c = guest.readCellWords(0, guest.storageCells);
  for (let i = 0; i < c.length; i++) if (unsignedOf(w, a[i]!) !== c[i]) return false;
  return true;
}

const timings = new WeakMap<IsaDescription, ReadonlySet<string>>();

function timingOf(isa: IsaDescription): ReadonlySet<string> {
  let t = timings.get(isa);
  if (!t) timings.set(isa, (t = new Set(isa.state.timing)));
  return t;
}

/** A step report without the timing registers, as text to compare. */
function reportKey(isa: IsaDescription, r: StepResult): string {
  const timing = timingOf(isa);
  const writes = r.writes.filter((w: Write) => !(w.kind === 'reg' && timing.has(w.name)));
  return JSON.stringify({ pc: r.pc, cells: r.cells, mnemonic: r.mnemonic, fields: r.fields, trap: r.trap, writes, halted: r.halted }, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Whether two step reports have the same key (`reportKey`), without building the keys: the check after every step. */
function sameReport(isa: IsaDescription, a: StepResult, b: StepResult): boolean {
  if (a.pc !== b.pc || a.halted !== b.halted || a.mnemonic !== b.mnemonic || !sameNumbers(a.cells, b.cells)) return false;
  if (a.trap?.name !== b.trap?.name || a.trap?.code !== b.trap?.code || a.trap?.value !== b.trap?.value) return false;
  if ((a.fields === undefined) !== (b.fields === undefined)) return false;
  // Field order matters to the key (JSON): the decoder produces them in the encoding's order.
  if (a.fields && b.fields && JSON.stringify(a.fields) !== JSON.stringify(b.fields)) return false;
  const timing = timingOf(isa);
  const wa = a.writes.filter((w) => !(w.kind === 'reg' && timing.has(w.name)));
  const wb = b.writes.filter((w) => !(w.kind === 'reg' && timing.has(w.name)));
  if (wa.length !== wb.length) return false;
  for (let i = 0; i < wa.length; i++) {
    const x = wa[i]!;
    const y = wb[i]!;
    if (x.kind !== y.kind || x.value !== y.value) return false;
    if (x.kind === 'reg' && (y.kind !== 'reg' || x.name !== y.name)) return false;
    if (x.kind === 'file' && (y.kind !== 'file' || x.name !== y.name || x.index !== y.index)) return false;
    if (x.kind === 'store' && (y.kind !== 'store' || x.addr !== y.addr)) return false;
  }
  return true;
}

/**
 * Storage this large is compared after each lockstep step only at the cells either step stored
 * to (the states agreed before it), and whole at the end of the lockstep: a full comparison
 * per step of a megabyte guest (rv32, MIPS) was most of a fuzz case's time.
 */
const WHOLE_STORAGE_EACH_STEP = 1 << 16;

const storedCells = (a: StepResult, b: StepResult): number[] => [...a.writes, ...b.writes].flatMap((w) => (w.kind === 'store' ? [w.addr] : []));

const sameNumbers = (a: readonly Word[], b: readonly Word[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function culpritOf(isa: IsaDescription, r: StepResult, mode: number, physical: number | undefined): Culprit {
  const c: Culprit = { pc: r.pc, cells: r.cells, mode };
  if (physical !== undefined) {
    c.physical = physical;
    const views = mappedViews(isa);
    const hit = r.cells.map((_, k) => mappedAt(views, physical + k)).find((h) => h !== undefined);
    if (hit) c.fetchedFrom = hit.view.register;
  }
  if (r.mnemonic !== undefined) {
    c.mnemonic = r.mnemonic;
    const insn = isa.instructions.find((i) => i.mnemonic === r.mnemonic)!;
    const decoded: Decoded = { insn, fields: r.fields ?? {}, cells: r.cells.length };
    c.text = formatInstruction(isa, decoded, r.pc);
  }
  return c;
}

/** The physical address of the PC's first cell, or undefined on a fetch fault (the machine's compiled fetch translation). */
export function physicalPc(m: Machine): number | undefined {
  const { ctx, R, S, rt } = m.internals();
  const p = ctx.fetch(R, S, rt);
  return p < 0 ? undefined : p;
}

/**
 * How many of the first `budget` bare steps from `image` are defined: a step that accesses
 * storage outside the machine (a trap sequence pushing from a stack pointer at the end of
 * storage) has no defined outcome, so the bare and virtualized runs are compared up to it, the way
 * the checker excludes such runs.
 */
function definedSteps(isa: IsaDescription, image: MachineSnapshot, guestCells: number, budget: number): number {
  const probe = new Machine(isa, { storageCells: guestCells });
  probe.restore(image);
  let done = 0;
  try {
    for (; done < budget && !probe.halted; done++) probe.step();
  } catch (e) {
    if (!(e instanceof MachineError)) throw e;
  }
  return done === budget || probe.halted ? budget : done;
}

/** Runs `image` bare and virtualized and compares them (see the file's comment). */
export function checkEquivalence(isa: IsaDescription, image: MachineSnapshot, guestCells: number, options: EquivalenceOptions = {}): EquivalenceResult {
  const maxSteps = definedSteps(isa, image, guestCells, options.maxSteps ?? 200);
  const stackOptions: StackOptions = { ...options, guestCells };
  const bare = new Machine(isa, { storageCells: guestCells });
  bare.restore(image);

  // Lockstep: one bare step, one guest step, compare the reports and the states.
  const lock = buildStack(isa, stackOptions);
  const guest = lock.guests[0]!;
  guest.restore(image);
  const large = guestCells > WHOLE_STORAGE_EACH_STEP;
  for (let i = 1; i <= maxSteps && !bare.halted; i++) {
    const mode = bare.getReg(isa.state.mode.register);
    const physical = physicalPc(bare);
    const br = bare.step();
    const gr = guest.step();
    const last = i === maxSteps || bare.halted;
    const same = sameGuestState(isa, bare, guest, large && !last ? storedCells(br, gr) : undefined);
    const differences = same ? [] : guestDifferences(isa, bare.snapshot(), guest.snapshot());
    if (differences.length === 0 && !sameReport(isa, br, gr))
      differences.push({ what: 'step report', bare: reportKey(isa, br), virtual: reportKey(isa, gr) });
    if (differences.length > 0) {
      return {
        ok: false,
        steps: bare.steps,
        reason: bare.halted ? 'halted' : 'step-limit',
        divergence: { step: i, phase: 'lockstep', culprit: culpritOf(isa, br, mode, physical), differences },
        statistics: lock.monitors.map((m) => m.statistics()),
      };
    }
  }

  // Full speed: the same guest run in chunks (one run by default), compared at the end.
  const fast = buildStack(isa, stackOptions);
  const g = fast.guests[0]!;
  g.restore(image);
  const chunks = options.chunks && options.chunks.length > 0 ? options.chunks : [maxSteps];
  for (let k = 0; g.steps < bare.steps && !g.halted; k++) {
    const r = g.run(Math.max(1, Math.min(chunks[k % chunks.length]!, bare.steps - g.steps)));
    if (r.steps === 0) break;
  }
  const differences = guestDifferences(isa, bare.snapshot(), g.snapshot());
  const result: EquivalenceResult = {
    ok: differences.length === 0,
    steps: bare.steps,
    reason: bare.halted ? 'halted' : 'step-limit',
    statistics: fast.monitors.map((m) => m.statistics()),
  };
  if (differences.length > 0) result.divergence = { step: g.steps, phase: 'full-run', differences };
  return result;
}
