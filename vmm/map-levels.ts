/**
 * Which virtual levels a guest can run in directly on the host's user level. With a described
 * map (RISC-V's PMP, Sv32) the host's map registers are the guest's own (virtual = real) and only
 * the mode differs, so a virtual level runs directly exactly when the map, with the mode fixed at
 * that level, is the same expression as with the mode fixed at the host's user level. Statically
 * (`directLevels`, the mode alone fixed): RISC-V's S under PMP, which treats S and U alike. In a
 * given state (`directIn`, every map register fixed at its value): also M while PMP is open over
 * all of storage, and S on rv32-sv32 only while satp is Bare. The other levels are interpreted.
 * Decided by folding the map's expressions (machine/map-fold.ts), never by a level's name.
 */
import type { IsaDescription } from '../spec/description.js';
import { mapRegisters as mapRegistersOf } from '../spec/address-map.js';
import { mapShape } from '../machine/map-fold.js';

/**
 * The mode values a guest may run in directly: every level for a relocation-bounds map (it
 * reads no mode), and for a described map the levels the map cannot tell from the user level.
 */
export function directLevels(isa: IsaDescription, userValue: number): Set<number> {
  const levels = isa.state.mode.levels.map((l) => l.value);
  if (isa.state.addressMap.kind !== 'described') return new Set(levels);
  const shape = (level: number) => mapShape(isa, new Map([[isa.state.mode.register, BigInt(level)]]));
  const user = shape(userValue);
  return new Set(levels.filter((l) => l === userValue || shape(l) === user));
}

/**
 * Whether a guest at virtual level `level` runs directly in the state whose map registers
 * `read` gives: the map, with those registers fixed at their values, the same expression at
 * that level as at the user level (RISC-V's S-mode while satp is Bare, say). Answers are kept
 * per level and values, a bounded number of them.
 */
export function directIn(isa: IsaDescription, userValue: number, level: number, read: (register: string) => bigint): boolean {
  if (level === userValue) return true;
  const mode = isa.state.mode.register;
  let cached = directCache.get(isa);
  // The map's registers once per description: finding them walks the map's expressions.
  if (!cached) directCache.set(isa, (cached = { registers: [...mapRegistersOf(isa)].filter((r) => r !== mode), byValues: new Map() }));
  const { registers, byValues } = cached;
  const values = registers.map(read);
  const key = `${level}:${values.join(',')}`;
  let answer = byValues.get(key);
  if (answer === undefined) {
    const fixed = new Map(registers.map((r, i) => [r, values[i]!]));
    const shape = (at: number) => mapShape(isa, new Map(fixed).set(mode, BigInt(at)));
    answer = shape(level) === shape(userValue);
    if (byValues.size >= 256) byValues.clear();
    byValues.set(key, answer);
  }
  return answer;
}

const directCache = new WeakMap<IsaDescription, { registers: string[]; byValues: Map<string, boolean> }>();
