/**
 * Compiled interpreter routines: an instruction's interpreter routine is still its semantics, but
 * as the emulator compiles them (machine/compile-*.ts) — once per instruction word and guest
 * storage size, shared by every virtual machine and nesting level of that size — run on the
 * virtual machine's state (compiled-state.ts). A step is what the machine's `step()` does:
 * the fetch translation, the instruction (its writes buffered until it completes, the timing
 * advance but for what it wrote), or the trap it takes, with nothing changed. The trap sequence
 * and the interrupt conditions are the machine's compiled ones too. The reference routine
 * (interpreter.ts) is the oracle these are tested against.
 */
import { MachineError, type Word } from '../machine/index.js';
import { canonicalOf, unsignedOf } from '../machine/layout.js';
import type { Single } from '../machine/context.js';
import { tick } from '../machine/timing.js';
import { deliverLog, loggingOf, pull, push, type CompiledState } from './compiled-state.js';
import { routineSlots } from './routine-slots.js';

/**
 * What one interpreted instruction did. The compiled routines' report is one object per
 * CompiledState, rewritten by its next step: read it before running another.
 */
export interface RoutineStep {
  /** 0 completed, 1 completed and halted, 2 trapped (nothing changed). */
  status: 0 | 1 | 2;
  /** The trap's kind (an index into the description's kinds) and value, unsigned, when it trapped. */
  trapKind: number;
  trapValue: Word;
  /** The cells fetched (none on a fetch fault). */
  cells: readonly Word[];
  /** The instruction, when one was decoded and fetched whole. */
  mnemonic?: string;
  fields?: Readonly<Record<string, number>>;
}

/**
 * The compiled routine for the instruction at physical cell `p`: cached by address, and used only
 * while storage still holds the words it was compiled from (so no invalidation is needed).
 */
export function routineAt(st: CompiledState, p: number): Single {
  const byAddress = st.routines;
  const S = st.S;
  const w = st.ctx.isa.state.storage.cellBits;
  const found = byAddress.get(p);
  if (found) {
    const words = found.decoded.words;
    let same = p + words.length <= S.length;
    // A cell that is a register (spec/mapped-registers.ts) holds the guest's register's slice.
    if (st.ctx.mapped.length === 0) for (let i = 0; i < words.length && same; i++) same = unsignedOf(w, S[p + i]!) === words[i];
    else for (let i = 0; i < words.length && same; i++) same = wordAt(st, p + i) === words[i];
    if (same) return found;
  }
  const N = S.length;
  const single = st.ctx.singleAt((k) => (p + k < N ? wordAt(st, p + k) : undefined));
  if (byAddress.size >= 65_536) byAddress.clear();
  byAddress.set(p, single);
  return single;
}

/** The word a fetch reads at cell `a` (inside storage): a mapped register's slice, or the cell. */
function wordAt(st: CompiledState, a: number): Word {
  const w = st.ctx.isa.state.storage.cellBits;
  return (st.ctx.mapped.length === 0 ? undefined : st.ctx.mappedCell(st.V, a)) ?? unsignedOf(w, st.S[a]!);
}

/** The physical cell of the PC's first cell, or a fetch fault as -(the trap kind's index + 1); user registers pulled. */
function fetchAt(st: CompiledState): number {
  pull(st);
  const p = st.ctx.fetch(st.V, st.S, st.rt);
  if (p >= st.S.length) throw new MachineError(`instruction fetch outside storage: physical cell ${p}`);
  return p;
}

/** The trap value of a fault of the fetch at the PC: the PC, fitted to the trap value's width. */
export function fetchFaultValue(st: CompiledState): Word {
  const { ctx } = st;
  return unsignedOf(ctx.isa.traps.valueWidth, ctx.pcTrapValue(st.V[ctx.layout.pc.slot]!));
}

const NO_CELLS: readonly Word[] = [];

/**
 * Runs the guest's next instruction on its virtual state with the compiled routine. Of the user
 * registers, only those a fetch reads and then those the instruction may touch are brought into
 * `V` and put back (routine-slots.ts): a trap-heavy guest does this on every trap.
 */
export function runCompiledStep(st: CompiledState): RoutineStep {
  const { V, S, rt, ctx } = st;
  const { isa } = ctx;
  const fetching = st.fetchSlots;
  pull(st, fetching);
  const p = ctx.fetch(V, S, rt);
  if (p >= S.length) throw new MachineError(`instruction fetch outside storage: physical cell ${p}`);
  if (p < 0) return { status: 2, trapKind: -p - 1, trapValue: fetchFaultValue(st), cells: NO_CELLS };
  const single = routineAt(st, p);
  const d = single.decoded;
  const slots = st.lastSingle === single ? st.lastSlots : slotsOf(st, single);
  if (slots !== fetching) pull(st, slots);
  rt.ff = 0;
  rt.ml = 0;
  rt.fv = 0;
  rt.rec = loggingOf(st);
  if (rt.log.length > 0) rt.log.length = 0;
  const status = (single.f(V, S, p, rt, 1) & 3) as 0 | 1 | 2;
  if (status === 2 && rt.tk < 0) throw new MachineError(`physical access outside storage: cell ${Number(rt.tv) >>> 0} (storage has ${S.length} cells)`);
  const fetchedWhole = !(status === 2 && rt.ff !== 0);
  const named = d.kind === 'insn' && fetchedWhole;
  // The state's one report, rewritten: a trap-heavy guest would allocate one on every trap.
  const out = st.step;
  out.status = status;
  out.trapKind = rt.tk;
  out.trapValue = unsignedOf(isa.traps.valueWidth, rt.tv);
  out.cells = fetchedWhole ? d.words : NO_CELLS;
  out.mnemonic = named ? d.insn.mnemonic : undefined;
  out.fields = named ? d.fields : undefined;
  if (status !== 2) finish(st, slots);
  return out;
}

/**
 * The user slots `single` may touch, kept as the last routine's. Out of line: a closure in
 * runCompiledStep would make it allocate a context for `st` on every call.
 */
function slotsOf(st: CompiledState, single: Single): Uint16Array {
  st.lastSlots = routineSlots(st.ctx.isa, single, st.ctx.layout, (slot) => !st.guest.isSystemSlot(slot));
  st.lastSingle = single;
  return st.lastSlots;
}

/** The mnemonic of the instruction at the guest's PC, for statistics; undefined on a fetch fault or an undecodable word. */
export function compiledMnemonicAt(st: CompiledState): string | undefined {
  const p = fetchAt(st);
  if (p < 0) return undefined;
  const d = routineAt(st, p).decoded;
  return d.kind === 'insn' ? d.insn.mnemonic : undefined;
}

/** Runs the trap sequence for trap kind `kind` with `value` (unsigned) on the virtual state, and the timing advance. */
export function runCompiledSequence(st: CompiledState, kind: number, value: Word): void {
  pull(st);
  const { ctx, V, S, rt } = st;
  rt.rec = loggingOf(st);
  if (rt.log.length > 0) rt.log.length = 0;
  const { code } = ctx.isa.traps.kinds[kind]!;
  const w = ctx.isa.traps.valueWidth;
  ctx.sequence(V, S, rt, code | 0, canonicalOf(w, value));
  tick(V, ctx.layout.timing, ctx.layout.carries);
  finish(st);
}

/** The trap kind of the first pending interrupt on the virtual state, or -1. */
export function compiledInterrupt(st: CompiledState): number {
  if (st.irqReadsUser) pull(st);
  return compiledInterruptOn(st);
}

/** The same on `V` as it is (its user registers current: while compiled code runs on it). */
export function compiledInterruptOn(st: CompiledState): number {
  const irq = st.ctx.interrupt;
  return irq ? irq(st.V) : -1;
}

function finish(st: CompiledState, slots?: Uint16Array): void {
  push(st, slots);
  if (st.rt.log.length > 0) deliverLog(st.guest, st.rt.log);
}
