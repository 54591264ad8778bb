/**
 * A machine's code cache: compiled entries by physical address, for single instructions (the
 * step path, and the last few steps of a budget) and for blocks (the run loop). Entries are
 * compiled from storage as it is when first run; `C` marks cells some entry was compiled from,
 * and a store into such a cell drops the entries that cover it (self-modifying code works).
 */
import type { BlockFn, CompileContext, Single, StorageArray } from './context.js';
import type { ItemShape } from './compile-block.js';
import type { BlockItem } from './compile-block.js';
import { unsignedOf, type RegArray } from './layout.js';
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
    /** It goes on past a branch or a jump (CodeCache.demote makes it a basic block). */
    readonly long = false,
  ) {}

  /**
   * The PC, and the values of the address map's registers (CompileContext.fetchMemo), with which
   * the entry's fetch checks last passed (NaN: never): the run loop then tells it to skip them.
   */
  vp = NaN;
  ms: Float64Array = NO_MEMO;
  /** Its physical cell (for the run loop's table by PC, CodeCache.vt). */
  p = -1;
  /**
   * For the run loop's entry of a cold address (CodeCache.enter): the runs left before the run
   * loop has the block there compiled (CodeCache.promote); 0 for every other entry.
   */
  t = 0;
  /**
   * Decoded from cells that are registers (spec/mapped-registers.ts): its words change without a
   * store to drop it, so it is never cached, and the run loop never remembers it.
   */
  vol = false;
}

const NO_MEMO = new Float64Array(0);

/** Bits of `C`: some entry was compiled from the cell; a watcher wants to hear of stores to it. */
export const CODE = 1;
export const WATCHED = 2;

const VT_SIZE = 8192;
export const VT_MASK = VT_SIZE - 1;

/**
 * Tiering: the run loop enters an address this many times through its single instruction's entry
 * (tier 0: the shape tier's handler bound to the word, shape-tier.ts, or the word's own function)
 * before it compiles a block there. Generating and compiling a block's source costs as much as
 * running its instructions thousands of times one by one, and a short program enters most of its
 * blocks a few times only. 128 since tier 0 shares its handlers: against 32, 64 and 256 it gave
 * rv32's hello.elf (bare) the best cold and warm rates (bench/vmm-rv32-guest.ts). `guestRuns` is
 * the same for a monitor's interpreted level (vmm/virtual-code.ts): 128 too since the monitor's
 * loop finds a single instruction by PC without translating (vmm/compiled-run.ts). Against 32 (its
 * value when every single instruction cost the whole fetch translation and lookups) and 64,
 * hello.elf as a guest ran warm about 1.3-2.6x faster and cold 1.1-1.6x, and 256 was no better
 * (the bench's sequence in one process, builds alternating, load 7-11). A guest's promotions are
 * also hints to bare machines (CompileContext.hot): at 32 they made bare runs compile blocks
 * where their own count would not have. Where the monitor's loop translates every PC (a map that
 * reads storage, relocation-bounds maps: vmm/virtual-code.ts entersByPc) a guest keeps at most
 * `guestRunsTranslating`, the value measured for that loop. Tests set them (1: a block at the
 * first entry, as before tiering) and put them back.
 */
export const tiering = { runs: 128, guestRuns: 128, guestRunsTranslating: 32 };

const PAGE_BITS = 12;
const PAGE_MASK = (1 << PAGE_BITS) - 1;
/** A block stops growing once it covers this many cells or instructions. */
export const BLOCK_CELLS = 48;
export const BLOCK_INSNS = 32;
/** A block follows a jump forward to a target this close to its first cell. */
export const JUMP_WINDOW = 96;

type Pages = (Entry | undefined)[][];

/** Where a block ends: not at a conditional branch (a superblock leaves there when it is taken). */
const ends = (s: ItemShape) => (!s.fallsThrough && !s.sideExit) || s.writesMap || s.writesIrq || s.mayHalt || s.dynamic;

export class CodeCache {
  /** Block entries and single-instruction entries, in pages of 2^PAGE_BITS addresses. */
  readonly bp: Pages = [];
  readonly sp: Pages = [];
  /** Per cell: CODE where some entry was compiled from it, WATCHED where stores are reported. */
  readonly C: Uint8Array;
  /**
   * Block entries by PC (direct-mapped, `pc & VT_MASK`), for a map whose fetch checks the run
   * loop remembers (CompileContext.fetchMemo): an entry whose remembered PC and map registers
   * match is run without translating the PC. Dropping an entry forgets its PC (vp = NaN).
   */
  readonly vt: (Entry | undefined)[];
  /** Advanced whenever entries may have been dropped: the run loop remembers nothing of an entry dropped while it ran. */
  gen = 0;
  private readonly reach: number;

  constructor(
    private readonly ctx: CompileContext,
    private readonly S: StorageArray,
    /** The registers, for fetches from cells that are registers (spec/mapped-registers.ts). */
    private readonly R?: RegArray,
  ) {
    this.C = new Uint8Array(ctx.storageCells);
    // Only where the run loop uses it: a machine is cheap to make and to reset (the fuzzer makes thousands).
    this.vt = ctx.fetchMemo ? new Array<Entry | undefined>(VT_SIZE).fill(undefined) : [];
    this.reach = Math.max(BLOCK_CELLS, JUMP_WINDOW) + ctx.maxCells;
    this.tierUp = tiering.runs;
  }

  /** `tiering.runs` when the cache was made. */
  private readonly tierUp: number;

  single(p: number): Entry {
    const found = get(this.sp, p);
    if (found) return found;
    const N = this.ctx.storageCells;
    // Words are unsigned outside compiled code.
    const w = this.ctx.isa.state.storage.cellBits;
    const mapped = this.fromMapped(p);
    const s = this.ctx.singleAt((k) => (p + k < N ? ((mapped ? this.ctx.mappedCell(this.R!, p + k) : undefined) ?? unsignedOf(w, this.S[p + k]!)) : undefined));
    const decoded = s.decoded;
    const e = new Entry(s.f, 1, Math.max(1, decoded.words.length), s);
    e.p = p;
    // A word read from a register changes without a store to drop it: decoded afresh every time,
    // and never remembered by the run loop (Entry.vol).
    if (mapped) {
      e.vol = true;
      return e;
    }
    this.cover(p, e.len);
    put(this.sp, p, e);
    return e;
  }

  /** Whether an instruction at `p` may read a cell that is a register (spec/mapped-registers.ts). */
  private fromMapped(p: number): boolean {
    return this.ctx.mapped.length > 0 && this.R !== undefined && mapsAnyOf(this.ctx.mapped, p, this.ctx.maxCells);
  }

  /**
   * The block entry at physical cell `p`, built (when not cached) from the instructions that
   * follow it: on past branches not taken, and forward to the target of a jump whose target is
   * known (`pc0`, the PC it is entered at now, places an absolute target; the block checks that
   * the jump went there).
   */
  block(p: number, pc0?: number, basic = false): Entry {
    const found = get(this.bp, p);
    if (found) return found;
    const first = this.single(p);
    if (this.fromMapped(p)) return first;
    let e = first;
    if (first.single?.decoded.kind === 'insn' && !first.single.shape!.dynamic) {
      const items: BlockItem[] = [first.single.decoded];
      const offsets = [0];
      let shape = first.single.shape!;
      let end = first.len;
      let jumped = false;
      while (items.length < BLOCK_INSNS) {
        const at = offsets[offsets.length - 1]!;
        // A basic block ends at a branch.
        if (basic && !shape.fallsThrough) break;
        const after = at + items[items.length - 1]!.words.length;
        // Straight on within BLOCK_CELLS, or, past a followed jump, within its window.
        const next = ends(shape) ? jumpTarget(this.ctx, shape, at, after, pc0) : (jumped ? after + this.ctx.maxCells <= JUMP_WINDOW : end < BLOCK_CELLS) ? after : undefined;
        if (next === undefined || p + next >= this.ctx.storageCells || this.fromMapped(p + next)) break;
        const s = this.single(p + next).single!;
        if (s.decoded.kind !== 'insn' || s.shape!.dynamic) break;
        jumped ||= ends(shape);
        items.push(s.decoded);
        offsets.push(next);
        end = Math.max(end, next + s.decoded.words.length);
        shape = s.shape!;
      }
      if (items.length > 1) {
        const long = jumped || items.some((item, k) => k < items.length - 1 && !this.single(p + offsets[k]!).single!.shape!.fallsThrough);
        e = new Entry(this.ctx.block(items, jumped ? offsets : undefined), items.length, end, undefined, long);
        e.p = p;
        // Only the cells the block was compiled from are code (not those a jump skipped).
        items.forEach((item, k) => this.cover(p + offsets[k]!, item.words.length));
        // Cold entries inside the block were counting the same passes: the block runs them now,
        // and one reached by a branch into the block starts counting afresh (it is a leader).
        for (let k = 1; k < offsets.length; k++) {
          const inner = get(this.bp, p + offsets[k]!);
          if (inner !== undefined && inner.t !== 0) {
            inner.vp = NaN;
            put(this.bp, p + offsets[k]!, undefined);
          }
        }
      }
    }
    this.cover(p, e === first ? e.len : 0);
    put(this.bp, p, e);
    return e;
  }

  /**
   * The run loop's entry for cell `p`, where no block entry is cached (`pc0` as for `block`):
   * while the address is cold, its single instruction's entry, counting down the runs before
   * `promote`; else the block.
   */
  enter(p: number, pc0: number): Entry {
    if (this.tierUp <= 1 || this.ctx.hot.has(p)) return this.block(p, pc0);
    const first = this.single(p);
    // Words that are no instruction, registers, instructions that run alone: what block() makes of them.
    if (first.vol || first.single?.decoded.kind !== 'insn' || first.single.shape!.dynamic) return this.block(p, pc0);
    const e = new Entry(first.f, 1, first.len, first.single);
    e.p = p;
    e.t = this.tierUp;
    this.cover(p, e.len);
    put(this.bp, p, e);
    return e;
  }

  /**
   * Compiles the block at `p` in place of `e`, the cold entry whose runs ran out: the run loop's
   * table by PC forgets it (vp), and whatever remembered it before this call is told (gen).
   */
  promote(p: number, pc0: number, e: Entry): void {
    e.t = 0;
    e.vp = NaN;
    this.gen++;
    if (get(this.bp, p) !== e) return;
    this.ctx.noteHot(p);
    put(this.bp, p, undefined);
    this.block(p, pc0);
  }

  /**
   * Replaces the long block at `p` (past branches or jumps) whose fetch checks failed with a basic
   * block: a superblock that runs into cells it may not fetch (past a loop at the end of what
   * the map allows), never reached there, must not send every entry to single steps.
   */
  demote(p: number): void {
    const e = get(this.bp, p);
    if (e) e.vp = NaN;
    this.gen++;
    put(this.bp, p, undefined);
    this.block(p, undefined, true);
  }

  /** Drops every entry compiled from cell `a`. */
  inval(a: number): void {
    this.gen++;
    for (let s = Math.max(0, a - this.reach + 1); s <= a; s++)
      for (const pages of [this.bp, this.sp]) {
        const e = get(pages, s);
        if (e && s + e.len > a) {
          e.vp = NaN;
          put(pages, s, undefined);
        }
      }
    this.C[a]! &= ~CODE;
  }

  /** Drops every entry compiled from a cell in [lo, hi). */
  invalRange(lo: number, hi: number): void {
    const end = Math.min(hi, this.coveredHi);
    for (let a = Math.max(lo, this.coveredLo); a < end; a++) if ((this.C[a]! & CODE) !== 0) this.inval(a);
  }

  clear(): void {
    this.gen++;
    this.vt.fill(undefined);
    this.bp.length = 0;
    this.sp.length = 0;
    for (let a = this.coveredLo; a < this.coveredHi; a++) this.C[a]! &= ~CODE;
    this.coveredLo = this.C.length;
    this.coveredHi = 0;
  }

  /** The cells some entry was compiled from lie in [coveredLo, coveredHi): `clear` of a megabyte storage visits only those. */
  private coveredLo = Number.MAX_SAFE_INTEGER;
  private coveredHi = 0;

  /**
   * Marks cells as code compiled elsewhere (a monitor's blocks over a guest's region,
   * vmm/virtual-code.ts): a store to them drops nothing here but counts in `gen`, and `clear` and
   * `invalRange` reach them.
   */
  markCode(p: number, len: number): void {
    this.cover(p, len);
  }

  private cover(p: number, len: number): void {
    const end = Math.min(p + len, this.C.length);
    for (let i = p; i < end; i++) this.C[i]! |= CODE;
    if (p < this.coveredLo) this.coveredLo = p;
    if (end > this.coveredHi) this.coveredHi = end;
  }
}

/**
 * Where a block goes on after the instruction at `at` (ending at `after`) that ends the straight
 * line: the target of a jump forward within the window (`pc0`, the PC the block is entered at,
 * places an absolute target; the block checks that the jump went there).
 */
export function jumpTarget(ctx: CompileContext, shape: ItemShape, at: number, after: number, pc0: number | undefined): number | undefined {
  const j = shape.jump;
  if (!j || shape.writesMap || shape.writesIrq || shape.mayHalt || shape.dynamic) return undefined;
  let to: number;
  if ('rel' in j) to = at + j.rel;
  else {
    if (pc0 === undefined) return undefined;
    const w = ctx.layout.pc.width;
    const pc = w === 32 ? pc0 >>> 0 : pc0;
    to = (((j.abs - pc) % 2 ** w) + 2 ** w) % 2 ** w;
  }
  return to >= after && to + ctx.maxCells <= JUMP_WINDOW ? to : undefined;
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
