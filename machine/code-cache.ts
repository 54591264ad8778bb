/**
 * A machine's code cache: compiled entries by physical address, for single instructions (the
 * step path, and the last few steps of a budget) and for blocks (the run loop). Entries are
 * compiled from storage as it is when first run; `C` marks cells some entry was compiled from,
 * and a store into such a cell drops the entries that cover it (self-modifying code works).
 */
import type { BlockFn, CompileContext, Single, StorageArray } from './context.js';
import type { ItemShape } from './compile-block.js';
import type { BlockItem } from './compile-block.js';
import { unsignedWord, type RegArray } from './layout.js';
import { mapsAnyOf } from '../spec/mapped-registers.js';

/** A class, so that every entry has one shape and the run loop's property reads stay monomorphic. */
export class Entry {
  constructor(
    readonly f: BlockFn,
    /** Instructions in the entry. */
    readonly n: number,
    /** Cells it was compiled from, starting at its address. */
    readonly len: number,
    /** For a single instruction: what was decoded. */
    readonly single: Single | undefined,
  ) {}
}

/** Bits of `C`: some entry was compiled from the cell; a watcher wants to hear of stores to it. */
export const CODE = 1;
export const WATCHED = 2;

const PAGE_BITS = 12;
const PAGE_MASK = (1 << PAGE_BITS) - 1;
/** A block stops growing once it covers this many cells or instructions. */
const BLOCK_CELLS = 48;
const BLOCK_INSNS = 32;

type Pages = (Entry | undefined)[][];

const ends = (s: ItemShape) => !s.fallsThrough || s.writesMap || s.writesIrq || s.mayHalt || s.dynamic;

export class CodeCache {
  /** Block entries and single-instruction entries, in pages of 2^PAGE_BITS addresses. */
  readonly bp: Pages = [];
  readonly sp: Pages = [];
  /** Per cell: CODE where some entry was compiled from it, WATCHED where stores are reported. */
  readonly C: Uint8Array;
  private readonly reach: number;

  constructor(
    private readonly ctx: CompileContext,
    private readonly S: StorageArray,
    /** The registers, for fetches from cells that are registers (spec/mapped-registers.ts). */
    private readonly R?: RegArray,
  ) {
    this.C = new Uint8Array(ctx.storageCells);
    this.reach = BLOCK_CELLS + ctx.maxCells;
  }

  single(p: number): Entry {
    const found = get(this.sp, p);
    if (found) return found;
    const N = this.ctx.storageCells;
    // Words are unsigned outside compiled code.
    const w = this.ctx.isa.state.storage.cellBits;
    const mapped = this.fromMapped(p);
    const decoded = this.ctx.decoder.decode((k) => (p + k < N ? ((mapped ? this.ctx.mappedCell(this.R!, p + k) : undefined) ?? unsignedWord(w, this.S[p + k]!)) : undefined));
    const s = this.ctx.single(decoded);
    const e = new Entry(s.f, 1, Math.max(1, decoded.words.length), s);
    // A word read from a register changes without a store to drop it: decoded afresh every time.
    if (mapped) return e;
    this.cover(p, e.len);
    put(this.sp, p, e);
    return e;
  }

  /** Whether an instruction at `p` may read a cell that is a register (spec/mapped-registers.ts). */
  private fromMapped(p: number): boolean {
    return this.ctx.mapped.length > 0 && this.R !== undefined && mapsAnyOf(this.ctx.mapped, p, this.ctx.maxCells);
  }

  block(p: number): Entry {
    const found = get(this.bp, p);
    if (found) return found;
    const first = this.single(p);
    if (this.fromMapped(p)) return first;
    let e = first;
    if (first.single?.decoded.kind === 'insn' && !ends(first.single.shape!)) {
      const items: BlockItem[] = [first.single.decoded];
      let len = first.len;
      while (items.length < BLOCK_INSNS && len < BLOCK_CELLS && p + len < this.ctx.storageCells && !this.fromMapped(p + len)) {
        const next = this.single(p + len).single!;
        if (next.decoded.kind !== 'insn' || next.shape!.dynamic) break;
        items.push(next.decoded);
        len += next.decoded.words.length;
        if (ends(next.shape!)) break;
      }
      if (items.length > 1) e = new Entry(this.ctx.block(items), items.length, len, undefined);
    }
    this.cover(p, e.len);
    put(this.bp, p, e);
    return e;
  }

  /** Drops every entry compiled from cell `a`. */
  inval(a: number): void {
    for (let s = Math.max(0, a - this.reach + 1); s <= a; s++)
      for (const pages of [this.bp, this.sp]) {
        const e = get(pages, s);
        if (e && s + e.len > a) put(pages, s, undefined);
      }
    this.C[a]! &= ~CODE;
  }

  /** Drops every entry compiled from a cell in [lo, hi). */
  invalRange(lo: number, hi: number): void {
    const end = Math.min(hi, this.coveredHi);
    for (let a = Math.max(lo, this.coveredLo); a < end; a++) if ((this.C[a]! & CODE) !== 0) this.inval(a);
  }

  clear(): void {
    this.bp.length = 0;
    this.sp.length = 0;
    for (let a = this.coveredLo; a < this.coveredHi; a++) this.C[a]! &= ~CODE;
    this.coveredLo = this.C.length;
    this.coveredHi = 0;
  }

  /** The cells some entry was compiled from lie in [coveredLo, coveredHi): `clear` of a megabyte storage visits only those. */
  private coveredLo = Number.MAX_SAFE_INTEGER;
  private coveredHi = 0;

  private cover(p: number, len: number): void {
    const end = Math.min(p + len, this.C.length);
    for (let i = p; i < end; i++) this.C[i]! |= CODE;
    if (p < this.coveredLo) this.coveredLo = p;
    if (end > this.coveredHi) this.coveredHi = end;
  }
}

function get(pages: Pages, p: number): Entry | undefined {
  return pages[p >>> PAGE_BITS]?.[p & PAGE_MASK];
}

function put(pages: Pages, p: number, e: Entry | undefined): void {
  const i = p >>> PAGE_BITS;
  let page = pages[i];
  if (!page) {
    if (!e) return;
    page = pages[i] = new Array<Entry | undefined>(1 << PAGE_BITS).fill(undefined);
  }
  page[p & PAGE_MASK] = e;
}

export { PAGE_BITS, PAGE_MASK };
