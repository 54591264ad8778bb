/**
 * The allocator: it owns the host's storage and the host's address-map registers. Each guest gets
 * a region of host storage, and while the guest runs the host's map is the guest's own map
 * composed with that region — for relocation-bounds, real R = (l + k, b') with b' clipped so the
 * guest reaches exactly what its own map lets it reach inside its region and nothing beyond.
 * On a nested monitor the host is itself virtual, and its monitor composes again: the maps
 * compose level by level, as in Goldberg's Hardware Virtualizer.
 */
import { match } from 'ts-pattern';
import type { IsaDescription } from '../spec/description.js';
import { VmmError } from './errors.js';
import { mapRegisters } from '../spec/address-map.js';

/** A guest's region of host storage: cells `base .. base + size - 1`. */
export interface Allocation {
  base: number;
  size: number;
}

/** Hands out non-overlapping regions above the cells the monitor keeps for itself. */
export class Allocator {
  private readonly taken: (Allocation & { what?: string })[] = [];

  constructor(
    readonly hostCells: number,
    /** Cells at the bottom of host storage that no guest gets. */
    readonly reserve: number,
    /**
     * Host cells no guest region may cover: registers mapped into storage (spec/mapped-registers.ts).
     * A guest reaching one would write the host's own register — its mode, say — not its own.
     */
    held: readonly { base: number; size: number; what: string }[] = [],
  ) {
    if (!Number.isInteger(reserve) || reserve < 0 || reserve > hostCells)
      throw new VmmError(`the monitor's reserve must be 0..${hostCells} cells, not ${reserve}`);
    for (const h of held) if (h.base + h.size > reserve && h.base < hostCells) this.taken.push({ ...h });
    this.taken.sort((x, y) => x.base - y.base);
  }

  /** A region of `size` cells at `base`, or at the lowest free place when `base` is omitted. */
  allocate(size: number, base?: number): Allocation {
    if (!Number.isInteger(size) || size < 1) throw new VmmError(`a guest needs a positive whole number of cells, not ${size}`);
    const at = base ?? this.firstFit(size);
    if (at === undefined)
      throw new VmmError(`no room for a guest of ${size} cells: host storage has ${this.hostCells} cells, ${this.reserve} reserved, ${this.taken.reduce((s, a) => s + a.size, 0)} allocated or held`);
    if (!Number.isInteger(at) || at < this.reserve || at + size > this.hostCells)
      throw new VmmError(`a guest region ${at}..${at + size - 1} must lie within ${this.reserve}..${this.hostCells - 1}`);
    const clash = this.taken.find((a) => at < a.base + a.size && a.base < at + size);
    if (clash) throw new VmmError(`a guest region ${at}..${at + size - 1} overlaps ${clash.what ?? "another guest's"} ${clash.base}..${clash.base + clash.size - 1}`);
    const a = { base: at, size };
    this.taken.push(a);
    this.taken.sort((x, y) => x.base - y.base);
    return a;
  }

  private firstFit(size: number): number | undefined {
    let at = this.reserve;
    for (const a of this.taken) {
      if (at + size <= a.base) return at;
      at = Math.max(at, a.base + a.size);
    }
    return at + size <= this.hostCells ? at : undefined;
  }
}

/**
 * The host's address-map registers while the guest runs: the guest's own map (read through
 * `virtualReg`) composed with its region. An access traps on the host exactly when it would trap
 * on a bare machine whose storage is the region, and otherwise reaches the same cell, moved by
 * `region.base`.
 */
export function composeMap(
  isa: IsaDescription,
  virtualReg: (name: string) => number,
  region: Allocation,
  hostCells: number,
): [name: string, value: number][] {
  return mapComposer(isa)(virtualReg, region, hostCells);
}

/** `composeMap` for one description, with the map's kind and registers looked up once (the monitor composes on every trap). */
export type MapComposer = (virtualReg: (name: string) => number, region: Allocation, hostCells: number) => [name: string, value: number][];

const composers = new WeakMap<IsaDescription, MapComposer>();

export function mapComposer(isa: IsaDescription): MapComposer {
  let c = composers.get(isa);
  if (!c) composers.set(isa, (c = makeComposer(isa)));
  return c;
}

function makeComposer(isa: IsaDescription): MapComposer {
  return match(isa.state.addressMap)
    .with({ kind: 'relocation-bounds' }, (m): MapComposer => {
      const baseWidth = isa.state.registers.find((r) => r.name === m.base)!.width;
      return (virtualReg, region, hostCells) => {
        const l = virtualReg(m.base);
        const b = virtualReg(m.bound);
        // Addresses 0 .. reach-1 are legal on the bare machine: below the bound and inside storage.
        const underBound = m.boundTest === 'above' ? b + 1 : b;
        const reach = Math.max(0, Math.min(underBound, region.size - l));
        if (reach === 0) {
          // Nothing is reachable: a relocation past the end of host storage makes every access trap.
          if (hostCells > 2 ** baseWidth - 1) throw new VmmError(`cannot express an empty map on a host of ${hostCells} cells`);
          return [
            [m.base, hostCells],
            [m.bound, 0],
          ];
        }
        return [
          [m.base, l + region.base],
          [m.bound, m.boundTest === 'above' ? reach - 1 : reach],
        ];
      };
    })
    // Virtual = real (the guest's region is storage itself, see Monitor): the host's map
    // registers are the guest's own, the mode excepted, which stays the host's user level.
    .with({ kind: 'described' }, (): MapComposer => {
      const registers = [...mapRegisters(isa)].filter((r) => r !== isa.state.mode.register);
      return (virtualReg, region) => {
        if (region.base !== 0) throw new VmmError(`${isa.name}: a guest of a described map runs virtual = real, from cell 0, not ${region.base}`);
        return registers.map((r): [string, number] => [r, virtualReg(r)]);
      };
    })
    .exhaustive();
}
