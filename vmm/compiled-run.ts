/**
 * Interpreting a level the guest cannot run directly (virtual supervisor mode under the hybrid
 * monitor, rv32's M-mode) as compiled blocks on the virtual state (virtual-code.ts), run until the
 * next event the monitor must see: the budget, a halt, a stop request, the guest leaving the
 * interpreted level (blocks end after any assignment the policy reads), a pending interrupt, or a
 * trap its own monitor takes (`onTrap`, which may change anything). A trap the guest takes itself
 * is reflected (its trap sequence) and interpretation goes on. Each instruction counts as one
 * interpreted step, by mnemonic, exactly as when they are interpreted one at a time. Where the
 * PC's translation reads 32-bit registers only (virtual-code.ts entersByPc), the next block is
 * found by PC, as the bare run loop finds it, without translating: the map's registers, the
 * block's words and its tiering as when it last ran there (GuestCode.vt).
 */
import { MachineError, type Word } from '../machine/index.js';
import { unsignedOf, type RegArray } from '../machine/layout.js';
import { compiledInterruptOn, fetchFaultValue } from './compiled-routine.js';
import { deliverLog, loggingOf, pull, push, type CompiledState } from './compiled-state.js';
import type { Monitor } from './monitor.js';
import { reflectTrap } from './reflection.js';
import { entersByPc, sharedCode, type VirtualCode, type VirtualEntry } from './virtual-code.js';
import type { VirtualMachine } from './virtual-machine.js';

/** Entries by PC, direct-mapped (`pc & VT_MASK`), as the bare run loop's table (machine/code-cache.ts CodeCache.vt). */
const VT_SIZE = 4096;
const VT_MASK = VT_SIZE - 1;

interface GuestCode {
  generation: number;
  code: VirtualCode;
  /**
   * This guest's entries by PC (its own: cold entries and counts are per guest): an entry whose
   * remembered PC and map registers match, whose words were last seen unchanged (seenIn/seenGen)
   * and, if cold, with no block added since (`b`), is what `code.at` would return for the PC's
   * translation, which is its `p`.
   */
  vt: (VirtualEntry | undefined)[];
}

const codes = new WeakMap<CompiledState, GuestCode>();

/** The guest's entries: shared with every guest of its context and policy (virtual-code.ts). */
function codeOf(monitor: Monitor, st: CompiledState): GuestCode {
  let c = codes.get(st);
  if (!c || c.generation !== st.ctx.generation)
    codes.set(st, (c = { generation: st.ctx.generation, code: sharedCode(st.ctx, [monitor.roles.mode.register, ...monitor.roles.mapRegisters]), vt: new Array<VirtualEntry | undefined>(VT_SIZE).fill(undefined) }));
  return c;
}

/** Interprets up to `budget` guest steps on the virtual state, a compiled block at a time. */
export function interpretCompiled(monitor: Monitor, guest: VirtualMachine, st: CompiledState, budget: number): void {
  const { ctx, V, S, rt } = st;
  const roles = monitor.roles;
  const modeSlot = guest.layout.regs.get(roles.mode.register)!.slot;
  const gc = codeOf(monitor, st);
  const code = gc.code;
  const start = guest.stepCount;
  let single = false;
  const pcSlot = ctx.layout.pc.slot;
  // No memo where a mapped register's cell may be fetched (its words are not storage's).
  const memo = ctx.mapped.length === 0 ? ctx.fetchMemo : undefined;
  const vt = entersByPc(ctx) ? gc.vt : undefined;
  const cache = st.realRt.cache;
  const before = new Float64Array(memo?.length ?? 0);
  // Set by stepGuest around a whole call; a trap reflected here does not change it.
  let rec = loggingOf(st);
  pull(st);
  // The mode changes only in an eventful block or a trap (a policy register: VirtualCode cuts blocks after it).
  let user = !roles.isSupervisor(V[modeSlot]! >>> 0);
  try {
    while (guest.stepCount - start < budget) {
      const left = budget - (guest.stepCount - start);
      rt.ml = 0;
      rt.ff = 0;
      const pc0 = V[pcSlot]!;
      let e: VirtualEntry | undefined;
      let p = -1;
      let v = 0;
      // Whether `e` is a single instruction cut for the budget's end or a failed check (`at` keeps them apart).
      let cut = single;
      if (vt !== undefined && !single) {
        // The entry by PC, skipping the translation and the lookup by physical cell (see GuestCode.vt).
        const h = vt[pc0 & VT_MASK];
        if (h !== undefined && h.vp === pc0 && h.seenIn === S && h.seenGen === cache.gen && h.mnemonics.length <= left && sameMap(h.ms, V, memo!)) {
          if (h.t === 0) e = h;
          else if (h.t > 1 && h.b === code.built) {
            // As `at` counts a cold entry's runs down (the last one it promotes).
            h.t--;
            e = h;
          }
          if (e !== undefined) {
            p = e.p;
            v = 1;
          }
        }
      }
      if (e === undefined) {
        p = ctx.fetch(V, S, rt);
        if (p < 0) {
          if (trapped(monitor, guest, st, -p - 1, fetchFaultValue(st), undefined, user)) return;
          user = !roles.isSupervisor(V[modeSlot]! >>> 0);
          rec = loggingOf(st);
          if (guest.isHalted || guest.stopRequested) return;
          if (policyLeaves(monitor, guest, st)) return;
          if (compiledInterruptOn(st) >= 0) return;
          continue;
        }
        if (p >= S.length) throw new MachineError(`instruction fetch outside storage: physical cell ${p}`);
        e = code.at(st, p, single);
        const n = Math.max(1, e.mnemonics.length);
        if (!single && n > left) {
          e = code.at(st, p, true);
          cut = true;
        }
        v = memo !== undefined && e.vp === pc0 && sameMap(e.ms, V, memo) ? 1 : 0;
      }
      single = false;
      rt.rec = rec;
      if (rt.log.length > 0) rt.log.length = 0;
      // The block's fetch checks are skipped where they passed before at this PC with these map
      // registers (CompileContext.fetchMemo, as the run loop does: a described map of registers only).
      // The map registers the fetch was checked with: the block may change them.
      if (memo !== undefined && v === 0) for (let i = 0; i < memo.length; i++) before[i] = V[memo[i]!]!;
      rt.fv = v;
      const r = e.f(V, S, p, rt, left < 0x10000000 ? left : 0x10000000);
      rt.fv = 0;
      const done = r >> 2;
      const status = r & 3;
      if (memo !== undefined && v === 0 && status !== 3 && rt.ff === 0) remember(e, pc0, before);
      // By PC for the next time: a block or cold entry `at` returned for the whole budget (not a
      // single cut for the budget's end, which `at` keeps apart), whose checks passed.
      if (vt !== undefined && !cut && e.vp === pc0 && e.mnemonics.length > 0) vt[pc0 & VT_MASK] = e;
      if (rt.log.length > 0) deliverLog(guest, rt.log);
      count(code, guest, e, done, user);
      if (status === 1) {
        guest.isHalted = true;
        monitor.lastGuestTrap = undefined;
        return;
      }
      if (status === 2) {
        if (rt.tk < 0) throw new MachineError(`physical access outside storage: cell ${Number(rt.tv) >>> 0} (storage has ${S.length} cells)`);
        const mnemonic = rt.ff !== 0 ? undefined : e.mnemonics[done % e.mnemonics.length];
        if (trapped(monitor, guest, st, rt.tk, unsignedOf(guest.isa.traps.valueWidth, rt.tv), mnemonic, user)) return;
        rec = loggingOf(st);
      } else {
        if (status === 3) single = true;
        monitor.lastGuestTrap = undefined;
        // Nothing the monitor looks at changed: the next block is the guest's too.
        if (!e.eventful && !guest.stopRequested) continue;
      }
      user = !roles.isSupervisor(V[modeSlot]! >>> 0);
      if (guest.isHalted || guest.stopRequested) return;
      if (policyLeaves(monitor, guest, st)) return;
      if (compiledInterruptOn(st) >= 0) return;
    }
  } finally {
    rt.fv = 0;
    code.flushCounts(guest.counters);
    push(st);
  }
}

/** Whether the entry's remembered map registers are those in `V`. */
function sameMap(ms: Float64Array | undefined, V: RegArray, slots: readonly number[]): boolean {
  if (ms === undefined) return false;
  for (let i = 0; i < slots.length; i++) if (ms[i] !== V[slots[i]!]) return false;
  return true;
}

/** The entry's fetch checks passed at `pc0` with the map registers `before` (as the block was entered). */
function remember(e: VirtualEntry, pc0: number, before: Float64Array): void {
  const ms = e.ms ?? (e.ms = new Float64Array(before.length));
  ms.set(before);
  e.vp = pc0;
}

/**
 * Counts `done` completed instructions of block `e` (it may have looped): steps at once, the
 * per-mnemonic statistics when interpretation stops (a Map update per instruction per block
 * would cost more than running the block).
 */
function count(code: VirtualCode, guest: VirtualMachine, e: VirtualEntry, done: number, user: boolean): void {
  if (done === 0) return;
  guest.stepCount += done;
  code.addCounts(e, done, user, guest.counters);
}

/**
 * The instruction trapped (kind and value as the machine reports them): reflected to the guest,
 * or passed to its own monitor. True when interpretation must stop (the guest's monitor ran).
 */
function trapped(monitor: Monitor, guest: VirtualMachine, st: CompiledState, kind: number, value: Word, mnemonic: string | undefined, user: boolean): boolean {
  const k = guest.isa.traps.kinds[kind]!;
  monitor.lastGuestTrap = { name: k.name, code: k.code, value };
  // The trap sequence (or the guest's monitor) reads the user registers where they live; the
  // guest's monitor may interpret its own guest on the same shared entries: counts flushed first.
  push(st);
  codeOf(monitor, st).code.flushCounts(guest.counters);
  const how = reflectTrap(guest, k.name, value);
  guest.counters.interpreted(mnemonic ?? '(fetch)', 1, user);
  if (how === 'forwarded') return true;
  pull(st);
  return false;
}

/**
 * The policy's last answer and the values of the registers it read then (the mode and the map's
 * registers, as VirtualCode assumes): asked again after every eventful block, it is usually asked
 * about the same values, and answering walks the map's registers as bigints (map-levels.ts).
 */
interface PolicyMemo {
  readonly slots: readonly number[];
  readonly values: number[];
  leaves: boolean;
  valid: boolean;
}

/** The memo, kept on the compiled state (asked after every eventful block). */
function policyMemoOf(monitor: Monitor, guest: VirtualMachine, st: CompiledState): PolicyMemo | undefined {
  let memo = st.policyMemo as PolicyMemo | null | undefined;
  if (memo === undefined) {
    const slots = [monitor.roles.mode.register, ...monitor.roles.mapRegisters].map((r) => guest.layout.regs.get(r)!.slot);
    // Int32 slots only: a wide register's 64-bit pattern does not compare as a number (±0).
    memo = st.V instanceof Int32Array ? { slots, values: slots.map(() => 0), leaves: false, valid: false } : null;
    st.policyMemo = memo;
  }
  return memo ?? undefined;
}

/** Whether the guest has left the interpreted level (the policy reads the guest's registers: those it reads are put back first if any is user state). */
function policyLeaves(monitor: Monitor, guest: VirtualMachine, st: CompiledState): boolean {
  if (st.policyReadsUser) push(st);
  const memo = policyMemoOf(monitor, guest, st);
  if (!memo) return !monitor.policy.interprets(guest, monitor.roles);
  const { slots, values } = memo;
  const V = st.V;
  let same = memo.valid;
  for (let i = 0; i < slots.length && same; i++) same = V[slots[i]!] === values[i];
  if (same) return memo.leaves;
  memo.leaves = !monitor.policy.interprets(guest, monitor.roles);
  for (let i = 0; i < slots.length; i++) values[i] = V[slots[i]!] as number;
  memo.valid = true;
  return memo.leaves;
}
