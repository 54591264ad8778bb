/**
 * Where each piece of state lives in the machine's typed arrays: scalar registers first, then
 * each register file's elements, in one array `R`. Also the limits this emulator imposes.
 *
 * Representation. An ISA whose registers are all at most 32 bits keeps `R` an Int32Array (each
 * value in its canonical form: a 32-bit value as a signed int32, a narrower one non-negative) —
 * the hot path of every such machine is unchanged. An ISA with a wider register keeps `R` a
 * Float64Array of the same slots: narrow values in the same canonical form, values of 33..52 bits
 * as exact non-negative doubles (compile-expr.ts's representation of those widths), and values of
 * 53..64 bits as the raw 64 bits of the slot, read and written through a BigUint64Array over the
 * same buffer (`rbOf`), as bigints. Whole-array copies (`slice`, `set`, `fill(0)`) of a
 * Float64Array copy bytes, so they carry every kind of slot; single values of a big slot go
 * through the alias only (a double holding those bits may be a NaN, which JavaScript does not
 * promise to keep).
 */
import type { IsaDescription } from '../spec/description.js';
import { tickingCounters } from '../spec/timing.js';
import { MachineError } from './errors.js';

/** A value at the machine's API: a number up to 52 bits, a bigint for wider state (`isBig`). */
export type Word = number | bigint;

/** Widths kept as JS numbers; wider state is a bigint (the same bound as compile-expr's). */
export const NUMBER_BITS = 52;
export const isBig = (width: number): boolean => width > NUMBER_BITS;

/** The registers' array: Int32Array when every register is at most 32 bits, else a Float64Array. */
export type RegArray = Int32Array | Float64Array;

export interface RegSlot {
  name: string;
  slot: number;
  width: number;
  reset: Word;
}

export interface FileSlots {
  name: string;
  base: number;
  count: number;
  width: number;
  /** index → value of hard-wired elements. */
  hardwired: Map<number, Word>;
}

export interface Layout {
  regs: Map<string, RegSlot>;
  files: Map<string, FileSlots>;
  /** Total slots. */
  size: number;
  /** Whether `R` is a Float64Array (some register is wider than 32 bits). */
  wide: boolean;
  /** Slots of more than 52 bits (read through `rbOf(R)`); empty unless `wide`. */
  bigSlots: ReadonlySet<number>;
  /** Every slot's width, by slot. */
  widths: readonly number[];
  pc: RegSlot;
  /** Timing registers that advance every step (high halves of carries excluded). */
  timing: RegSlot[];
  /** Low half's slot → the high half it carries into. */
  carries: Map<number, RegSlot>;
  /** Trap kinds by name, with their index in `isa.traps.kinds`. */
  traps: Map<string, { index: number; code: number }>;
  illegalTrap: number;
}

/** The widest register, register-file element and trap value. */
export const MAX_STATE_BITS = 64;
/** The widest storage cell (a BigUint64Array past 52 bits: context.ts's StorageArray). */
export const MAX_CELL_BITS = 64;
/** The widest address and trap code (JS numbers in typed-array indices and int32 code). */
export const MAX_ADDRESS_BITS = 32;

/** A value of width w as the API gives it (v read from a slot or cell in its canonical form). */
export const unsignedWord = (w: number, v: number): number => (w <= 32 ? v >>> 0 : v);

export function layoutOf(isa: IsaDescription): Layout {
  const wideOver = (what: string, width: number, max: number) => {
    if (width > max) throw new MachineError(`${isa.name}: ${what} is ${width} bits wide; this emulator keeps it in at most ${max} bits`);
  };
  const { cellBits, addressBits } = isa.state.storage;
  wideOver('a storage cell', cellBits, MAX_CELL_BITS);
  wideOver('an address', addressBits, MAX_ADDRESS_BITS);
  wideOver('a trap code', isa.traps.codeWidth, MAX_ADDRESS_BITS);
  wideOver('a trap value', isa.traps.valueWidth, MAX_STATE_BITS);
  const regs = new Map<string, RegSlot>();
  const widths: number[] = [];
  const word = (w: number, v: string | number | bigint | undefined): Word => (isBig(w) ? BigInt(v ?? 0) : Number(BigInt(v ?? 0)));
  for (const r of isa.state.registers) {
    wideOver(`register ${r.name}`, r.width, MAX_STATE_BITS);
    regs.set(r.name, { name: r.name, slot: widths.length, width: r.width, reset: word(r.width, r.reset) });
    widths.push(r.width);
  }
  const files = new Map<string, FileSlots>();
  for (const f of isa.state.files) {
    wideOver(`register file ${f.name}`, f.width, MAX_STATE_BITS);
    files.set(f.name, {
      name: f.name,
      base: widths.length,
      count: f.count,
      width: f.width,
      hardwired: new Map((f.hardwired ?? []).map((h) => [h.index, word(f.width, h.value)])),
    });
    for (let i = 0; i < f.count; i++) widths.push(f.width);
  }
  const ticking = tickingCounters(isa);
  const traps = new Map(isa.traps.kinds.map((k, index) => [k.name, { index, code: k.code }]));
  const illegal = isa.traps.kinds.findIndex((k) => k.class === 'illegal-instruction');
  const wide = widths.some((w) => w > 32);
  return {
    regs,
    files,
    size: widths.length,
    wide,
    bigSlots: new Set(widths.flatMap((w, s) => (isBig(w) ? [s] : []))),
    widths,
    pc: regs.get(isa.state.pc)!,
    timing: ticking.map((t) => regs.get(t.name)!),
    carries: new Map(ticking.filter((t) => t.high !== undefined).map((t) => [regs.get(t.name)!.slot, regs.get(t.high!)!])),
    traps,
    illegalTrap: illegal,
  };
}

/** A new registers array for the layout, zeroed. */
export const newRegArray = (layout: Layout): RegArray => (layout.wide ? new Float64Array(layout.size) : new Int32Array(layout.size));

const aliases = new WeakMap<ArrayBufferLike, BigUint64Array>();

/** The BigUint64Array over a wide `R`'s buffer (its big slots' values). */
export function rbOf(R: RegArray): BigUint64Array {
  if (R.byteOffset !== 0 || !(R instanceof Float64Array)) return new BigUint64Array(R.buffer, R.byteOffset, R.length);
  let rb = aliases.get(R.buffer);
  if (rb === undefined || rb.length !== R.length) aliases.set(R.buffer, (rb = new BigUint64Array(R.buffer, 0, R.length)));
  return rb;
}

/** Slot `slot`'s value, unsigned: a number, or a bigint for a big slot. */
export function readSlot(layout: Layout, R: RegArray, slot: number): Word {
  const w = layout.widths[slot]!;
  if (w <= 32) return R[slot]! >>> 0;
  return isBig(w) ? rbOf(R)[slot]! : R[slot]!;
}

/** Sets slot `slot` to an unsigned value of its width (already checked), in its canonical form. */
export function writeSlot(layout: Layout, R: RegArray, slot: number, value: Word): void {
  const w = layout.widths[slot]!;
  if (isBig(w)) rbOf(R)[slot] = BigInt(value);
  else R[slot] = w === 32 ? Number(value) | 0 : Number(value);
}

/** Whether slot `slot` holds the same value in `a` and `b`. */
export function sameSlot(layout: Layout, a: RegArray, b: RegArray, slot: number): boolean {
  return layout.bigSlots.has(slot) ? rbOf(a)[slot] === rbOf(b)[slot] : a[slot] === b[slot];
}

/** Copies slot `slot` from `from` to `to` (same layout), exactly. */
export function copySlot(layout: Layout, from: RegArray, to: RegArray, slot: number): void {
  if (layout.bigSlots.has(slot)) rbOf(to)[slot] = rbOf(from)[slot]!;
  else to[slot] = from[slot]!;
}

/** An unsigned w-bit value from its canonical form (a number, or a bigint above 52 bits). */
export const unsignedOf = (w: number, v: Word): Word => (typeof v === 'bigint' ? v : unsignedWord(w, v));

/** The canonical form compiled code holds a w-bit unsigned value in (an int32 at 32 bits, a bigint above 52). */
export const canonicalOf = (w: number, v: Word): Word => (isBig(w) ? BigInt(v) : w === 32 ? Number(v) | 0 : Number(v));
