/**
 * A virtual machine's state as the emulator's compiled code sees it, so that the monitor's
 * interpreter routines can be that code rather than a tree walk: the registers in an Int32Array
 * (the guest's `V`, its user registers pulled from wherever the host keeps them and pushed back
 * after), storage as the guest's region of the real machine's storage (a subarray: the same
 * cells, composed through every level's region), and a runtime whose store notifications reach the
 * real machine (code compiled from a cell is dropped, a watcher is told) and whose store log
 * reaches every virtual machine being stepped. Available when the bottom of the stack is a
 * `Machine`; for any other host the monitor runs the reference routine (interpreter.ts).
 */
import { Machine, MachineError, type Word } from '../machine/index.js';
import { contextFor, type CompileContext, type FaultFn, type Single, type StorageArray } from '../machine/context.js';
import type { CodeRuntime, Runtime } from '../machine/runtime.js';
import { rbOf, unsignedOf, type RegArray } from '../machine/layout.js';
import type { MachineLike } from './machine-like.js';
import { VirtualMachine } from './virtual-machine.js';
import { fetchSlots } from './routine-slots.js';
import type { RoutineStep } from './compiled-routine.js';

/** The object compiled code talks to (`m`), for code running on a virtual machine's state. */
export class RoutineRuntime implements CodeRuntime {
  tk = 0;
  tv: Word = 0;
  ff = 0;
  rec = false;
  readonly log: Word[] = [];
  ml = 0;
  /** Set by code that writes interrupt state; the monitor checks interrupts after every action anyway. */
  ic = 0;
  /** 1 while a block runs whose fetch checks may be skipped (compiled-run.ts); 0 otherwise. */
  fv = 0;
  readonly tf: FaultFn[];
  readonly tp: FaultFn[];

  constructor(
    ctx: CompileContext,
    /** The real machine's cell marks over the guest's region. */
    readonly C: Uint8Array,
    private readonly real: Runtime,
    /** Where the guest's cell 0 is in real storage. */
    readonly offset: number,
  ) {
    this.tf = ctx.faultFns;
    this.tp = ctx.spanFns;
  }

  /** A committed store to a marked cell: the real machine drops code compiled from it and tells its watcher. */
  inval(a: number): void {
    this.real.inval(this.offset + a);
  }

  fatal(message: string): MachineError {
    return new MachineError(message);
  }
}

export interface CompiledState {
  readonly guest: VirtualMachine;
  /** Compiled code for the guest's ISA and storage size (shared with any machine of that size). */
  readonly ctx: CompileContext;
  readonly V: RegArray;
  readonly S: StorageArray;
  readonly rt: RoutineRuntime;
  /** Slots of the user registers and files. */
  readonly userSlots: Uint16Array;
  /** Of those, the ones a fetch may read (routine-slots.ts). */
  readonly fetchSlots: Uint16Array;
  /** compiled-run.ts's memo of the dispatch policy's last answer (undefined: not made yet; null: none for this state). */
  policyMemo: object | null | undefined;
  /** The report of the last compiled step (compiled-routine.ts), rewritten by the next. */
  readonly step: RoutineStep;
  /** The last routine run and the user slots it may touch (a trap-heavy guest runs one over and over). */
  lastSingle: Single | undefined;
  lastSlots: Uint16Array;
  /** Whether an interrupt condition reads user state (then it is pulled before the check). */
  readonly irqReadsUser: boolean;
  /** Whether the dispatch policy reads user state (the mode or a map register is user state). */
  readonly policyReadsUser: boolean;
  /** Compiled routines by the physical address they were last fetched from (compiled-routine.ts). */
  readonly routines: Map<number, Single>;
  /** The guest and every virtual machine below it, down to the real machine. */
  readonly chain: readonly VirtualMachine[];
  /** The real machine's registers and runtime. */
  readonly realR: RegArray;
  readonly realRt: Runtime;
}

/** The compiled view of `guest`, or undefined when the bottom of its stack is not a `Machine` (kept on the guest: asked on every trap). */
export function compiledStateOf(guest: VirtualMachine): CompiledState | undefined {
  let st = guest.compiled;
  if (st === undefined) guest.compiled = st = make(guest) ?? null;
  return st ?? undefined;
}

function make(guest: VirtualMachine): CompiledState | undefined {
  if (guest.monitor.referenceRoutines) return undefined;
  let offset = 0;
  let m: MachineLike = guest;
  const chain: VirtualMachine[] = [];
  while (m instanceof VirtualMachine) {
    chain.push(m);
    offset += m.region.base;
    m = m.monitor.host;
  }
  if (!(m instanceof Machine)) return undefined;
  const real = m.internals();
  const size = guest.storageCells;
  const ctx = contextFor(guest.isa, size);
  const slots: number[] = [];
  for (let s = 0; s < guest.layout.size; s++) if (!guest.isSystemSlot(s)) slots.push(s);
  const userSlots = Uint16Array.from(slots);
  const user = (slot: number) => !guest.isSystemSlot(slot);
  return {
    guest,
    ctx,
    V: guest.V,
    S: real.S.subarray(offset, offset + size),
    rt: new RoutineRuntime(ctx, real.rt.C.subarray(offset, offset + size), real.rt, offset),
    userSlots,
    fetchSlots: fetchSlots(guest.isa, guest.layout, user),
    lastSingle: undefined,
    policyMemo: undefined,
    step: { status: 0, trapKind: 0, trapValue: 0, cells: [], mnemonic: undefined, fields: undefined },
    lastSlots: userSlots,
    irqReadsUser: [...ctx.irqSlots].some((s) => !guest.isSystemSlot(s)),
    policyReadsUser: [guest.monitor.roles.mode.register, ...guest.monitor.roles.mapRegisters].some((r) => !guest.isSystemSlot(guest.layout.regs.get(r)!.slot)),
    routines: new Map(),
    chain,
    realR: real.R,
    realRt: real.rt,
  };
}

/**
 * The array holding the guest's user registers now: the first virtual machine down the stack that
 * is not resident on its host holds them, or else the real machine (a resident guest's user state
 * is its host's user state, at the same slots, level after level).
 */
function userHome(st: CompiledState): RegArray {
  const chain = st.chain;
  for (let i = 0; i < chain.length; i++) if (!chain[i]!.resident) return chain[i]!.V;
  return st.realR;
}

/** Brings the user registers into `V` from wherever they are (only `slots` of them: routine-slots.ts). */
export function pull(st: CompiledState, slots: Uint16Array = st.userSlots): void {
  const R = userHome(st);
  if (R === st.V) return;
  const V = st.V;
  if (V instanceof Float64Array) copySlots(R, V, slots);
  else for (let i = 0; i < slots.length; i++) V[slots[i]!] = R[slots[i]!]!;
}

/** Copies the slots between two wide register arrays exactly, as 64-bit patterns (layout.ts). */
function copySlots(from: RegArray, to: RegArray, slots: Uint16Array): void {
  const a = rbOf(from);
  const b = rbOf(to);
  for (let i = 0; i < slots.length; i++) b[slots[i]!] = a[slots[i]!]!;
}

/** Puts the user registers back from `V` where they belong (only `slots`: those pulled, or fewer). */
export function push(st: CompiledState, slots: Uint16Array = st.userSlots): void {
  const R = userHome(st);
  if (R === st.V) return;
  const V = st.V;
  if (V instanceof Float64Array) copySlots(V, R, slots);
  else for (let i = 0; i < slots.length; i++) R[slots[i]!] = V[slots[i]!]!;
  // A real machine rechecks its interrupt conditions after its registers change from outside.
  if (R === st.realR) st.realRt.ic = 1;
}

/** Whether some virtual machine from the state's guest down is being stepped (and so logs the stores made to it). */
export function loggingOf(st: CompiledState): boolean {
  const chain = st.chain;
  for (let i = 0; i < chain.length; i++) if (chain[i]!.storeLog) return true;
  return false;
}

/** Hands the logged [cell, old value] pairs to each stepped virtual machine from `guest` down, at its own addresses. */
export function deliverLog(guest: VirtualMachine, log: readonly Word[]): void {
  let offset = 0;
  const w = guest.isa.state.storage.cellBits;
  for (let m: MachineLike = guest; m instanceof VirtualMachine; m = m.monitor.host) {
    const storeLog = m.storeLog;
    if (storeLog)
      for (let i = 0; i < log.length; i += 2) {
        const a = (log[i] as number) + offset;
        // Cells hold their canonical form; the log keeps unsigned values, as readCell gives them.
        if (!storeLog.has(a)) storeLog.set(a, unsignedOf(w, log[i + 1]!));
      }
    offset += m.region.base;
  }
}
