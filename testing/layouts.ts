/**
 * Guest layouts: where a monitor places each of several guests in host storage — above its
 * reserve, in any order, with gaps — and how big the host must be.
 */
import fc from 'fast-check';

export interface GuestLayout {
  /** Host storage in cells. */
  hostCells: number;
  /** Cells the monitor keeps at the bottom. */
  reserve: number;
  /** Each guest's region, in guest order (not necessarily ascending). */
  regions: { base: number; size: number }[];
}

export interface LayoutOptions {
  /** Cells per guest (one size, or a range). @defaultValue 64 */
  guestCells?: number | { min: number; max: number };
  /** @defaultValue 1 */
  minGuests?: number;
  /** @defaultValue 3 */
  maxGuests?: number;
  /** Largest gap between regions and after the last one. @defaultValue 16 */
  maxGap?: number;
  /** Cells the monitor keeps (at least 1, so that a guest is never placed at 0). @defaultValue 1..16 */
  reserve?: number;
}

export function guestLayout(options: LayoutOptions = {}): fc.Arbitrary<GuestLayout> {
  const size = typeof options.guestCells === 'object' ? fc.integer(options.guestCells) : fc.constant(options.guestCells ?? 64);
  const gap = fc.nat(options.maxGap ?? 16);
  return fc
    .record({
      reserve: options.reserve !== undefined ? fc.constant(options.reserve) : fc.integer({ min: 1, max: 16 }),
      slots: fc.array(fc.tuple(gap, size), { minLength: options.minGuests ?? 1, maxLength: options.maxGuests ?? 3 }),
      tail: gap,
      order: fc.array(fc.nat(), { minLength: options.maxGuests ?? 3, maxLength: options.maxGuests ?? 3 }),
    })
    .map(({ reserve, slots, tail, order }) => {
      let at = reserve;
      const placed = slots.map(([g, s]) => {
        const base = at + g;
        at = base + s;
        return { base, size: s };
      });
      // Guests are created in a shuffled order, so that creation order and address order differ.
      const regions = placed.map((r, i) => ({ r, k: order[i] ?? i })).sort((a, b) => a.k - b.k).map((x) => x.r);
      return { hostCells: at + tail, reserve, regions };
    });
}
