/**
 * Compiled blocks of a guest's code for the levels the monitor interprets (virtual supervisor
 * mode under the hybrid monitor, rv32's M-mode): the emulator's own blocks (machine/context.ts,
 * shared by word with every machine of the guest's storage size), cut where the emulator cuts
 * them and also after any instruction that assigns a register the dispatch policy reads (the mode,
 * the map's registers), so that a block never runs on past the point where the guest may leave
 * the interpreted level.
 *
 * Entries are kept by physical address and used only while storage still holds the words they
 * were compiled from, checked on every entry: the guest's own code running directly on the host
 * may rewrite them, and the host does not know of these entries. The cells are also marked as
 * code on the real machine (again at every entry: the real machine clears marks), so that a block
 * storing into itself ends there, as on the bare machine.
 *
 * Because every entry is checked against the storage it runs on, the entries are shared by every
 * guest of one compile context and dispatch policy (`sharedCode`), as the context shares compiled
 * code by word: a new guest running the same program finds its blocks built, as a new machine
 * does. Each call names the guest's compiled state; the pending counts are flushed into the guest
 * that ran them before anything else can run on the same entries (compiled-run.ts).
 */
import type { BlockFn, CompileContext } from '../machine/context.js';
import type { BlockItem, ItemShape } from '../machine/compile-block.js';
import { BLOCK_CELLS, BLOCK_INSNS, JUMP_WINDOW, jumpTarget, tiering } from '../machine/code-cache.js';
import { unsignedOf, type Word } from '../machine/layout.js';
import { factsOf } from '../machine/facts.js';
import type { CompiledState } from './compiled-state.js';
import type { Counters } from './statistics.js';

/** A compiled block (or single instruction) at a physical address. */
export interface VirtualEntry {
  readonly f: BlockFn;
  /** The words it was compiled from, cell by cell from its address. */
  readonly words: readonly Word[];
  /** Its instructions' mnemonics, in order (empty for an undecodable word). */
  readonly mnemonics: readonly string[];
  /**
   * Whether its last instruction may change what the monitor must look at after it: an
   * assignment the policy reads, the map, interrupt state, a halt. After any other block the
   * guest is still at an interpreted level with nothing new pending.
   */
  readonly eventful: boolean;
  /** Completed instructions not yet added to the statistics, per instruction (see compiled-run.ts), beyond `rounds`. */
  readonly pending: number[];
  /** Whole passes through it not yet added to the statistics (each counts every instruction once). */
  rounds: number;
  /** Whether it is in the dirty list. */
  dirty: boolean;
  /** Whether the pending ones ran in a user level. */
  pendingUser: boolean;
  /** For a cold address's entry (its first instruction alone): the runs left before the block there is compiled; else 0. */
  t: number;
  /** The cell offset of each of its instructions from its address. */
  readonly starts: readonly number[];
  /**
   * The guest storage its words were last seen in, and the real machine's code-cache generation
   * then: while both are the same, no marked cell was written (a write bumps the generation) and
   * the words need no comparing.
   */
  seenIn: unknown;
  seenGen: number;
  /**
   * The PC and map registers its fetch checks last passed with (compiled-run.ts; NaN: none). The
   * PC's translation reads only those registers (CompileContext.fetchMemo), so while they match,
   * the PC still translates to `p` and the guest's loop finds the entry by PC without translating.
   */
  vp: number;
  ms: Float64Array | undefined;
  /** The physical cell it is the entry for. */
  readonly p: number;
  /** For a cold entry: `VirtualCode.built` when `at` last returned it (compiled-run.ts may skip `at` while no block was added since). */
  b: number;
}

const LIMIT = 16_384;

const shared = new WeakMap<CompileContext, { generation: number; codes: Map<string, VirtualCode> }>();

/**
 * Whether the interpreted level's loop finds entries by PC (compiled-run.ts): where the PC's
 * translation reads registers only (CompileContext.fetchMemo), none of them a cell of storage, and
 * the registers are 32-bit (a wide PC's 64-bit pattern does not compare as a number: ±0, NaN).
 */
export function entersByPc(ctx: CompileContext): boolean {
  return ctx.fetchMemo !== undefined && ctx.mapped.length === 0 && !ctx.layout.wide;
}

/**
 * The runs of a cold address before its block is compiled, for guests of `ctx`: where the loop
 * translates every PC, a single instruction costs a translation and two lookups, and blocks come
 * sooner (machine/code-cache.ts `tiering`).
 */
function guestTierUp(ctx: CompileContext): number {
  return entersByPc(ctx) ? tiering.guestRuns : Math.min(tiering.guestRuns, tiering.guestRunsTranslating);
}

/**
 * The entries for guests of `ctx` under a policy reading `policyRegisters`, at the current
 * tiering; forgotten with the context's own code (`forgetCode`: the benchmarks' cold runs).
 */
export function sharedCode(ctx: CompileContext, policyRegisters: readonly string[]): VirtualCode {
  let mine = shared.get(ctx);
  if (!mine || mine.generation !== ctx.generation) shared.set(ctx, (mine = { generation: ctx.generation, codes: new Map() }));
  const tierUp = guestTierUp(ctx);
  const key = `${tierUp}:${[...policyRegisters].sort().join(',')}`;
  let c = mine.codes.get(key);
  if (!c) mine.codes.set(key, (c = new VirtualCode(ctx, policyRegisters, tierUp)));
  return c;
}

export class VirtualCode {
  private readonly blocks = new Map<number, VirtualEntry>();
  private readonly singles = new Map<number, VirtualEntry>();
  /** Entries with pending counts. */
  private readonly dirty: VirtualEntry[] = [];
  /** Registers whose assignment ends a block: the dispatch policy may read them. */
  private readonly policyRegisters: ReadonlySet<string>;
  /** Whether an instruction's semantics assign a register the policy reads, by semantics. */
  private readonly assignsPolicy = new WeakMap<object, boolean>();

  constructor(
    private readonly ctx: CompileContext,
    policyRegisters: Iterable<string>,
    /** The runs of a cold address before its block is compiled (guestTierUp when the code was made). */
    private readonly tierUp: number,
  ) {
    this.policyRegisters = new Set(policyRegisters);
  }

  /** Counts blocks put in the shared table: `at` may then return a block where it returned a cold entry (VirtualEntry.b). */
  built = 0;

  /**
   * The entry for the block at `p`; `single` for one instruction alone (the last of a budget). A
   * cold address runs its first instruction alone `tierUp` times before its block is compiled
   * (machine/code-cache.ts: the same tiers as the bare machine's). Compiled entries are shared by
   * every guest; a cold address's entry, and its count, are the guest's own, as a bare machine's
   * are its own: counts summed over guests would promote an address entered a few times per run
   * some runs later, so that every new guest running the same program compiled a few more blocks
   * (about a millisecond each) where a bare machine compiles none after its first run.
   */
  at(st: CompiledState, p: number, single: boolean): VirtualEntry {
    const table = single ? this.singles : this.blocks;
    const found = table.get(p);
    if (found && this.valid(st, p, found)) return found;
    const colds = single ? undefined : this.coldsOf(st);
    const cold = colds?.get(p);
    if (cold && this.valid(st, p, cold)) {
      if (--cold.t !== 0) {
        cold.b = this.built;
        return cold;
      }
      // Dropped entries are forgotten by PC too (vp): the guest's loop would run them again.
      cold.vp = NaN;
      colds!.delete(p);
      const b = this.compileBlock(st, p);
      this.ctx.noteHot(p);
      this.put(table, st, p, b);
      // Cold entries inside the block were counting the same passes: the block runs them now, and
      // one reached by a branch into the block starts counting afresh (as machine/code-cache.ts does).
      for (let k = 1; k < b.starts.length; k++) {
        const inner = colds!.get(p + b.starts[k]!);
        if (inner !== undefined) inner.vp = NaN;
        colds!.delete(p + b.starts[k]!);
      }
      return b;
    }
    const e = single ? this.compileSingle(st, p) : this.tierUp > 1 && !this.ctx.hot.has(p) ? this.coldEntry(st, p) : this.compileBlock(st, p);
    if (e.t !== 0) e.b = this.built;
    this.put(e.t !== 0 ? colds! : table, st, p, e);
    return e;
  }

  /** Whether the entry's words are still those at `p` (see `holds`). */
  private valid(st: CompiledState, p: number, e: VirtualEntry): boolean {
    return (e.seenIn === st.S && e.seenGen === st.realRt.cache.gen) || this.holds(st, p, e);
  }

  private put(table: Map<number, VirtualEntry>, st: CompiledState, p: number, e: VirtualEntry): void {
    if (table === this.blocks) this.built++;
    if (table.size >= LIMIT) table.clear();
    table.set(p, e);
    this.mark(st, p, e.words.length);
    // Made from these words just now (or checked against them).
    e.seenIn = st.S;
    e.seenGen = st.realRt.cache.gen;
  }

  /** Each guest's cold entries (by its compiled state). */
  private readonly colds = new WeakMap<CompiledState, Map<number, VirtualEntry>>();

  private coldsOf(st: CompiledState): Map<number, VirtualEntry> {
    let m = this.colds.get(st);
    if (!m) this.colds.set(st, (m = new Map()));
    return m;
  }

  /**
   * Whether storage still holds `words` at `p`; marks them as code again on the way (the real
   * machine clears a mark when it drops its own code there, or restores its storage).
   */
  private holds(st: CompiledState, p: number, e: VirtualEntry): boolean {
    const { S } = st;
    if (!this.wordsAt(st, p, e.words)) return false;
    this.mark(st, p, e.words.length);
    e.seenIn = S;
    e.seenGen = st.realRt.cache.gen;
    return true;
  }

  /** The compiled single instruction at `p`. */
  private singleAt(st: CompiledState, p: number) {
    const S = st.S;
    const N = S.length;
    const w = this.ctx.isa.state.storage.cellBits;
    return this.ctx.singleAt((k) => (p + k < N ? unsignedOf(w, S[p + k]!) : undefined));
  }

  private compileSingle(st: CompiledState, p: number): VirtualEntry {
    const s = this.singleAt(st, p);
    const d = s.decoded;
    if (d.kind !== 'insn') return entry(p, s.f, d.words, [], true);
    // A jump alone changes nothing the monitor looks at; a run-time file index may write anything.
    return entry(p, s.f, d.words, [d.insn.mnemonic], this.eventful(d, s.shape!) || s.shape!.dynamic);
  }

  /**
   * The entry of a cold address: its first instruction alone, counting runs (or all compileBlock
   * would make of it). Each guest counts its own runs, but what the entry runs is the same for
   * every guest whose storage holds the same words there: the last one made at `p` is reused
   * (a new guest running the same program meets the same cold addresses, hundreds per run).
   */
  private coldEntry(st: CompiledState, p: number): VirtualEntry {
    const last = this.coldMade.get(p);
    if (last !== undefined && this.wordsAt(st, p, last.words)) return this.coldFrom(last);
    const s = this.singleAt(st, p);
    const d = s.decoded;
    if (d.kind !== 'insn' || this.stops(d, s.shape!, 0)) return this.compileSingle(st, p);
    const e = this.coldFrom(entry(p, s.f, d.words, [d.insn.mnemonic], this.eventful(d, s.shape!)));
    if (this.coldMade.size >= LIMIT) this.coldMade.clear();
    this.coldMade.set(p, e);
    return e;
  }

  /** The last cold entry made at each cell (for its function, words, mnemonic and eventfulness). */
  private readonly coldMade = new Map<number, VirtualEntry>();

  /** A new cold entry running what `e` runs, with every count fresh. */
  private coldFrom(e: VirtualEntry): VirtualEntry {
    const c = entry(e.p, e.f, e.words, e.mnemonics, e.eventful);
    c.t = this.tierUp;
    return c;
  }

  /** Whether storage holds `words` at `p`. */
  private wordsAt(st: CompiledState, p: number, words: readonly Word[]): boolean {
    const { S } = st;
    if (p + words.length > S.length) return false;
    const w = this.ctx.isa.state.storage.cellBits;
    for (let i = 0; i < words.length; i++) if (unsignedOf(w, S[p + i]!) !== words[i]) return false;
    return true;
  }

  /**
   * The block at `p`, grown as the emulator grows its blocks (machine/code-cache.ts: on past
   * conditional branches, forward to a jump's target within the window), so that a guest and a
   * bare machine running the same code share the compiled function; cut also after an
   * instruction that is eventful, or a side exit that may branch back to the block's first
   * instruction (it would loop in place through part of the block, and the counts by mnemonic,
   * addCounts, take every pass as a whole one).
   */
  private compileBlock(st: CompiledState, p: number): VirtualEntry {
    const ctx = this.ctx;
    const first = this.singleAt(st, p);
    if (first.decoded.kind !== 'insn' || this.stops(first.decoded, first.shape!, 0)) return this.compileSingle(st, p);
    const items: BlockItem[] = [first.decoded];
    const offsets = [0];
    let shape = first.shape!;
    let end = first.decoded.words.length;
    let jumped = false;
    // The PC the block is entered at now places an absolute jump's target (the block checks that the jump went there).
    const pc0 = st.V[ctx.layout.pc.slot]!;
    while (items.length < BLOCK_INSNS) {
      const at = offsets[offsets.length - 1]!;
      const after = at + items[items.length - 1]!.words.length;
      const jumps = !shape.fallsThrough && !shape.sideExit;
      const next = jumps ? jumpTarget(ctx, shape, at, after, pc0) : (jumped ? after + ctx.maxCells <= JUMP_WINDOW : end < BLOCK_CELLS) ? after : undefined;
      if (next === undefined || p + next >= st.S.length) break;
      const s = this.singleAt(st, p + next);
      if (s.decoded.kind !== 'insn' || s.shape!.dynamic) break;
      jumped ||= jumps;
      items.push(s.decoded);
      offsets.push(next);
      end = Math.max(end, next + s.decoded.words.length);
      shape = s.shape!;
      if (this.stops(s.decoded, shape, next)) break;
    }
    if (items.length === 1) return this.compileSingle(st, p);
    // Every cell from the first to the end of the last (those a followed jump skipped too): checked and marked as code.
    const words: Word[] = [];
    const w = ctx.isa.state.storage.cellBits;
    for (let k = 0; k < end; k++) words.push(unsignedOf(w, st.S[p + k]!));
    return entry(p, ctx.block(items, jumped ? offsets : undefined), words, items.map((i) => i.insn.mnemonic), this.eventful(items[items.length - 1]!, shape), offsets);
  }

  /** Whether a block ends after the instruction at cell offset `at` (a jump ends it unless it is followed). */
  private stops(item: BlockItem, shape: ItemShape, at: number): boolean {
    if (shape.dynamic || this.eventful(item, shape)) return true;
    const w = 2 ** this.ctx.layout.pc.width;
    return shape.sideExit && (shape.branches === undefined || shape.branches.some((rel) => (at + rel) % w === 0));
  }

  /** After the instruction the monitor must look again: the policy, interrupts, a halt. */
  private eventful(item: BlockItem, shape: ItemShape): boolean {
    if (shape.writesMap || shape.writesIrq || shape.mayHalt) return true;
    const sem = item.insn.semantics;
    let assigns = this.assignsPolicy.get(sem);
    if (assigns === undefined) {
      assigns = false;
      for (const r of factsOf(sem).registersAssigned) if (this.policyRegisters.has(r)) assigns = true;
      this.assignsPolicy.set(sem, assigns);
    }
    return assigns;
  }

  /** Adds `done` completed instructions of `e` (it may have looped) to its pending counts. */
  addCounts(e: VirtualEntry, done: number, user: boolean, counters: Counters): void {
    const c = e.mnemonics.length;
    if (e.dirty && e.pendingUser !== user) this.flushEntry(e, counters);
    e.pendingUser = user;
    if (!e.dirty) {
      e.dirty = true;
      this.dirty.push(e);
    }
    // Whole passes as one number: a block may loop many times in one call.
    if (done === c) e.rounds++;
    else {
      e.rounds += Math.floor(done / c);
      const rest = done % c;
      for (let i = 0; i < rest; i++) e.pending[i]!++;
    }
  }

  /** Adds every pending count to the statistics. */
  flushCounts(counters: Counters): void {
    for (const e of this.dirty) {
      this.flushEntry(e, counters);
      e.dirty = false;
    }
    this.dirty.length = 0;
  }

  private flushEntry(e: VirtualEntry, counters: Counters): void {
    for (let i = 0; i < e.pending.length; i++) {
      const n = e.rounds + e.pending[i]!;
      if (n > 0) counters.interpreted(e.mnemonics[i]!, n, e.pendingUser);
      e.pending[i] = 0;
    }
    e.rounds = 0;
  }

  /** Marks the cells as code on the real machine: a store into them then ends the storing block. */
  private mark(st: CompiledState, p: number, len: number): void {
    const n = Math.min(len, st.rt.C.length - p);
    if (n > 0) st.realRt.cache.markCode(st.rt.offset + p, n);
  }
}

function entry(p: number, f: BlockFn, words: readonly Word[], mnemonics: readonly string[], eventful: boolean, starts: readonly number[] = [0]): VirtualEntry {
  return { f, words, mnemonics, eventful, pending: mnemonics.map(() => 0), rounds: 0, dirty: false, pendingUser: false, t: 0, starts, seenIn: undefined, seenGen: -1, vp: NaN, ms: undefined, p, b: 0 };
}
