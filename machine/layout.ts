/**
 * Where each piece of state lives in the machine's typed arrays: scalar registers first, then
 * each register file's elements, in one Uint32Array. Also the limits this emulator imposes.
 */
import type { IsaDescription } from '../spec/description.js';
import { tickingCounters } from '../spec/timing.js';
import { MachineError } from './errors.js';

export interface RegSlot {
  name: string;
  slot: number;
  width: number;
  reset: number;
}

export interface FileSlots {
  name: string;
  base: number;
  count: number;
  width: number;
  /** index → value of hard-wired elements. */
  hardwired: Map<number, number>;
}

export interface Layout {
  regs: Map<string, RegSlot>;
  files: Map<string, FileSlots>;
  /** Total slots. */
  size: number;
  pc: RegSlot;
  /** Timing registers that advance every step (high halves of carries excluded). */
  timing: RegSlot[];
  /** Low half's slot → the high half it carries into. */
  carries: Map<number, RegSlot>;
  /** Trap kinds by name, with their index in `isa.traps.kinds`. */
  traps: Map<string, { index: number; code: number }>;
  illegalTrap: number;
}

/** Values wider than this are not kept in typed arrays (the machine uses JS numbers, not BigInt). */
export const MAX_STATE_BITS = 32;

export function layoutOf(isa: IsaDescription): Layout {
  const wide = (what: string, width: number) => {
    if (width > MAX_STATE_BITS) throw new MachineError(`${isa.name}: ${what} is ${width} bits wide; this emulator keeps state in at most ${MAX_STATE_BITS}-bit values`);
  };
  const { cellBits, addressBits } = isa.state.storage;
  wide('a storage cell', cellBits);
  wide('an address', addressBits);
  wide('a trap code', isa.traps.codeWidth);
  wide('a trap value', isa.traps.valueWidth);
  const regs = new Map<string, RegSlot>();
  let size = 0;
  for (const r of isa.state.registers) {
    wide(`register ${r.name}`, r.width);
    regs.set(r.name, { name: r.name, slot: size++, width: r.width, reset: Number(BigInt(r.reset ?? 0)) });
  }
  const files = new Map<string, FileSlots>();
  for (const f of isa.state.files) {
    wide(`register file ${f.name}`, f.width);
    files.set(f.name, {
      name: f.name,
      base: size,
      count: f.count,
      width: f.width,
      hardwired: new Map((f.hardwired ?? []).map((h) => [h.index, Number(BigInt(h.value))])),
    });
    size += f.count;
  }
  const ticking = tickingCounters(isa);
  const traps = new Map(isa.traps.kinds.map((k, index) => [k.name, { index, code: k.code }]));
  const illegal = isa.traps.kinds.findIndex((k) => k.class === 'illegal-instruction');
  return {
    regs,
    files,
    size,
    pc: regs.get(isa.state.pc)!,
    timing: ticking.map((t) => regs.get(t.name)!),
    carries: new Map(ticking.filter((t) => t.high !== undefined).map((t) => [regs.get(t.name)!.slot, regs.get(t.high!)!])),
    traps,
    illegalTrap: illegal,
  };
}
