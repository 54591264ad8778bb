/**
 * What a monitor did, counted per guest and summed per monitor (one monitor per nesting level).
 * Every guest step is exactly one of: direct, emulated, reflected, forwarded, interpreted.
 */

/** How often the monitor handled one instruction (by mnemonic; `(fetch)` for a fetch fault). */
export interface InstructionCounts {
  /** Trapped on the host and completed by its interpreter routine. */
  emulated: number;
  /** Trapped on the host and reflected to the guest's trap sequence. */
  reflected: number;
  /** Trapped on the host and passed to the monitor running in the guest. */
  forwarded: number;
  /** Interpreted without running on the host (hybrid dispatch, virtual supervisor mode). */
  interpreted: number;
  /** Of `interpreted`, those run in a virtual user level (the hybrid monitor never does this). */
  interpretedInUserMode: number;
}

export interface Statistics {
  /** Guest steps: the sum of the five kinds below. */
  steps: number;
  /** Instructions the host ran itself, with no monitor involvement. */
  direct: number;
  /** Traps the dispatcher took from the host: emulated + reflected + forwarded. */
  hostTraps: number;
  emulated: number;
  reflected: number;
  forwarded: number;
  interpreted: number;
  /** Traps the guest saw (through its trap sequence or its own monitor), by trap name. */
  guestTraps: Record<string, number>;
  byInstruction: Record<string, InstructionCounts>;
}

export function emptyStatistics(): Statistics {
  return { steps: 0, direct: 0, hostTraps: 0, emulated: 0, reflected: 0, forwarded: 0, interpreted: 0, guestTraps: {}, byInstruction: {} };
}

const emptyCounts = (): InstructionCounts => ({ emulated: 0, reflected: 0, forwarded: 0, interpreted: 0, interpretedInUserMode: 0 });

/** A guest's counters, updated by the dispatcher and the run loop. */
export class Counters {
  private readonly totals = emptyStatistics();
  /** Counts by mnemonic, in a Map: updated on every trap, read rarely. */
  private readonly byInstruction = new Map<string, InstructionCounts>();

  /** The counters as `Statistics` (shared objects: copy them to keep them). */
  get s(): Statistics {
    this.totals.byInstruction = Object.fromEntries(this.byInstruction);
    return this.totals;
  }

  direct(n: number): void {
    this.totals.direct += n;
    this.totals.steps += n;
  }

  /** One step the monitor handled; `how` says how, `mnemonic` for which instruction. */
  handled(how: 'emulated' | 'reflected' | 'forwarded' | 'interpreted', mnemonic: string, userMode = false): void {
    const t = this.totals;
    const c = this.countsOf(mnemonic);
    t.steps++;
    // A switch rather than `t[how]++`: a property named at run time is a slow keyed access, on every trap.
    switch (how) {
      case 'emulated':
        t.emulated++;
        t.hostTraps++;
        c.emulated++;
        break;
      case 'reflected':
        t.reflected++;
        t.hostTraps++;
        c.reflected++;
        break;
      case 'forwarded':
        t.forwarded++;
        t.hostTraps++;
        c.forwarded++;
        break;
      case 'interpreted':
        t.interpreted++;
        c.interpreted++;
        if (userMode) c.interpretedInUserMode++;
        break;
    }
  }

  /** `n` instructions of one kind interpreted in a row (a compiled block's), all in a user level or all not. */
  interpreted(mnemonic: string, n: number, userMode: boolean): void {
    this.totals.interpreted += n;
    this.totals.steps += n;
    const c = this.countsOf(mnemonic);
    c.interpreted += n;
    if (userMode) c.interpretedInUserMode += n;
  }

  guestTrap(name: string): void {
    this.totals.guestTraps[name] = (this.totals.guestTraps[name] ?? 0) + 1;
  }

  /** The last mnemonic counted and its counts: a trap-heavy loop handles one instruction over and over. */
  private lastMnemonic = '';
  private lastCounts: InstructionCounts | undefined;

  private countsOf(mnemonic: string): InstructionCounts {
    if (mnemonic === this.lastMnemonic && this.lastCounts) return this.lastCounts;
    let c = this.byInstruction.get(mnemonic);
    if (!c) this.byInstruction.set(mnemonic, (c = emptyCounts()));
    this.lastMnemonic = mnemonic;
    this.lastCounts = c;
    return c;
  }
}

/** The sum of several guests' statistics. */
export function sumStatistics(all: readonly Statistics[]): Statistics {
  const out = emptyStatistics();
  for (const s of all) {
    for (const k of ['steps', 'direct', 'hostTraps', 'emulated', 'reflected', 'forwarded', 'interpreted'] as const) out[k] += s[k];
    for (const [t, n] of Object.entries(s.guestTraps)) out.guestTraps[t] = (out.guestTraps[t] ?? 0) + n;
    for (const [m, c] of Object.entries(s.byInstruction)) {
      const o = (out.byInstruction[m] ??= emptyCounts());
      for (const k of Object.keys(c) as (keyof InstructionCounts)[]) o[k] += c[k];
    }
  }
  return out;
}

/** A deep copy, so that a caller's copy does not change as the guest runs on. */
export function copyStatistics(s: Statistics): Statistics {
  return sumStatistics([s]);
}
