/**
 * The monitor's own writes of the host's registers on every trap (Monitor.enterHost: the mode,
 * the composed map, the map's register files, the clocks, the configuration C) and reads back
 * (exitHost: the clocks), by slot in the host's register array instead of by name through
 * `MachineLike`: a trap-heavy guest pays them on every trap. Available where that array holds
 * all of those registers: a real `Machine` (all its registers), or a `VirtualMachine` of the same
 * description when they are all system state (its own wherever it runs); and only for registers
 * of at most 32 bits (one canonical number a slot, layout.ts). Elsewhere the monitor goes by name.
 * The composed map is recomputed only when the guest's map registers changed.
 */
import { Machine } from '../machine/index.js';
import type { Layout, RegArray } from '../machine/layout.js';
import type { Runtime } from '../machine/runtime.js';
import type { MapComposer } from './allocator.js';
import type { MachineLike } from './machine-like.js';
import type { StateRoles } from './roles.js';
import { VirtualMachine } from './virtual-machine.js';

export interface HostEntry {
  enter(guest: VirtualMachine): void;
  exit(guest: VirtualMachine): void;
}

export interface EntryPlan {
  roles: StateRoles;
  host: MachineLike;
  composeMap: MapComposer;
  /** C's bits of registers of at most 32 bits (wider ones: no plan). */
  held: readonly { register: string; mask: number; value: number }[];
  anyWideHeld: boolean;
  systemTiming: readonly string[];
  mapFiles: readonly string[];
}

/** The slot-level entry for this monitor's host, or undefined where it must go by name. */
export function hostEntry(plan: EntryPlan): HostEntry | undefined {
  const { roles, host, composeMap } = plan;
  if (plan.anyWideHeld) return undefined;
  const target = hostArray(host);
  if (!target) return undefined;
  const { R, rt, layout } = target;
  const reg = (name: string) => layout.regs.get(name)!;
  const system = (name: string) => roles.registers.get(name)!.kind === 'system';
  const names = [roles.mode.register, ...roles.mapRegisters, ...plan.systemTiming, ...plan.held.map((h) => h.register)];
  // The guest reads all of them from its own V: they must be system state there too.
  if (names.some((n) => reg(n).width > 32 || !system(n))) return undefined;
  if (plan.mapFiles.some((f) => roles.files.get(f)!.kind !== 'system' || roles.files.get(f)!.width > 32)) return undefined;

  const width = (slot: number) => layout.widths[slot]!;
  const canonical = (slot: number, v: number) => (width(slot) === 32 ? v | 0 : v);
  const modeSlot = reg(roles.mode.register).slot;
  const modeValue = canonical(modeSlot, roles.mode.userValue);
  const mapNames = [...roles.mapRegisters];
  const mapSlots = Int32Array.from(mapNames.map((n) => reg(n).slot));
  const timing = Int32Array.from(plan.systemTiming.map((n) => reg(n).slot));
  const fileSlots: number[] = [];
  for (const f of plan.mapFiles) {
    const fs = layout.files.get(f)!;
    for (let i = 0; i < fs.count; i++) if (!fs.hardwired.has(i)) fileSlots.push(fs.base + i);
  }
  const files = Int32Array.from(fileSlots);
  const held = plan.held.map((h) => ({ slot: reg(h.register).slot, mask: h.mask, value: h.value }));

  // The last composition: the guest, its map registers' values, and the [slot, value] pairs made of them.
  let lastGuest: VirtualMachine | undefined;
  const lastIn = new Float64Array(mapSlots.length);
  let lastOut: number[] = [];

  // The miss out of line: a closure over `V` in `compose` would allocate a context on every call.
  const recompose = (guest: VirtualMachine): number[] => {
    const V = guest.V;
    const out: number[] = [];
    for (const [name, value] of composeMap((r) => Number(V[reg(r).slot]!) >>> 0, guest.region, host.storageCells)) {
      const slot = reg(name).slot;
      out.push(slot, canonical(slot, value));
    }
    for (let i = 0; i < mapSlots.length; i++) lastIn[i] = V[mapSlots[i]!]!;
    lastGuest = guest;
    lastOut = out;
    return out;
  };
  const compose = (guest: VirtualMachine): number[] => {
    const V = guest.V;
    let same = lastGuest === guest;
    for (let i = 0; i < mapSlots.length && same; i++) same = V[mapSlots[i]!] === lastIn[i];
    return same ? lastOut : recompose(guest);
  };

  return {
    enter(guest) {
      const V = guest.V;
      let changed = false;
      if (R[modeSlot] !== modeValue) {
        R[modeSlot] = modeValue;
        changed = true;
      }
      const map = compose(guest);
      for (let i = 0; i < map.length; i += 2)
        if (R[map[i]!] !== map[i + 1]!) {
          R[map[i]!] = map[i + 1]!;
          changed = true;
        }
      for (let i = 0; i < files.length; i++) {
        const s = files[i]!;
        if (R[s] !== V[s]) {
          R[s] = V[s]!;
          changed = true;
        }
      }
      for (let i = 0; i < timing.length; i++) {
        const s = timing[i]!;
        if (R[s] !== V[s]) {
          R[s] = V[s]!;
          changed = true;
        }
      }
      for (let i = 0; i < held.length; i++) {
        const h = held[i]!;
        const now = Number(R[h.slot]) >>> 0;
        const want = ((now & ~h.mask) | h.value) >>> 0;
        if (want !== now) {
          R[h.slot] = canonical(h.slot, want);
          changed = true;
        }
      }
      if (changed && rt) rt.ic = 1;
    },
    exit(guest) {
      const V = guest.V;
      for (let i = 0; i < timing.length; i++) V[timing[i]!] = R[timing[i]!]!;
    },
  };
}

function hostArray(host: MachineLike): { R: RegArray; rt: Runtime | undefined; layout: Layout } | undefined {
  if (host instanceof Machine) {
    const { R, rt, ctx } = host.registerInternals();
    return { R, rt, layout: ctx.layout };
  }
  if (host instanceof VirtualMachine) return { R: host.V, rt: undefined, layout: host.layout };
  return undefined;
}
