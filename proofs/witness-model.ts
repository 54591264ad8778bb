/**
 * Reading a witness out of a Z3 model: the concrete starting state(s), the instruction's field
 * values and cells, the storage cells that matter, and what the model predicts each run does —
 * all plain numbers, so that the witness outlives the model and can be replayed.
 */
import type { Ctx } from './z3.js';
import type { ZModel } from './query.js';
import { bit, toBool, type BV, type Cond } from './terms.js';
import { cellAt, hardwareFiles, hardwareRegs, type SymState } from './state.js';
import type { SymInsn } from './instruction.js';
import type { Run } from './run.js';
import type { QueryKind } from './report-types.js';

export interface ConcreteState {
  readonly regs: Readonly<Record<string, bigint>>;
  readonly files: Readonly<Record<string, readonly bigint[]>>;
  /** Storage cells by physical address (under a composed map, the guest's storage by guest address). */
  readonly cells: ReadonlyMap<bigint, bigint>;
  /**
   * Under a monitor's composed map (definitions/README.md, location-sensitive): the guest's
   * values of the composed map registers, which the map reads (`regs` and `files` hold the real
   * ones), and the move of the guest's storage.
   */
  readonly guest?: { readonly regs: Readonly<Record<string, bigint>>; readonly files: Readonly<Record<string, readonly bigint[]>>; readonly shift: bigint };
}

export interface ModelRun {
  readonly label: string;
  readonly start: ConcreteState;
  /** Physical address of the instruction's first cell. */
  readonly fetchAt: bigint;
  /**
   * What the model says the run does: the trap kind taken, halting, registers after. Absent for
   * a run no model predicted (a pair derived on the reference machine, definitions/derived-pair.ts).
   */
  readonly predicted?: {
    readonly trap?: string;
    readonly halted: boolean;
    readonly regs: Readonly<Record<string, bigint>>;
    readonly files: Readonly<Record<string, readonly bigint[]>>;
  };
}

/** The behavior the replay must see on the reference machine. */
export type Claim =
  /** Runs [supervisor, user]: neither takes an excluded trap, and not (user traps and supervisor does not). */
  | { readonly kind: 'not-privileged' }
  /** One run: no trap, and each of these system registers or files is changed. */
  | { readonly kind: 'writes-system'; readonly regs: readonly string[]; readonly files: readonly string[] }
  /**
   * Runs [S1, S2]: neither traps, and the user-visible outcome differs. Storage is compared at
   * virtual address `probe`, which the model maps to physical `probeAt[i]` in run i (or to no
   * cell, when the probe is not visible in that run).
   */
  | { readonly kind: 'outcome-differs'; readonly probe: bigint; readonly probeAt: readonly (bigint | undefined)[] }
  /**
   * Runs [virtual, real]: the real run completes without a trap, the virtual one takes no
   * excluded trap, and the virtual run traps, or either changes system state, or the user-visible
   * results differ (storage compared at `probe` as for `outcome-differs`).
   */
  | { readonly kind: 'direct-unsafe'; readonly probe: bigint; readonly probeAt: readonly (bigint | undefined)[] };

export interface ModelWitness {
  readonly query: string;
  readonly definition: QueryKind;
  readonly fields: Readonly<Record<string, number>>;
  readonly cells: readonly bigint[];
  readonly runs: readonly ModelRun[];
  readonly claim: Claim;
  readonly shift?: bigint;
}

export function evalBV(m: ZModel, t: BV): bigint {
  return m.eval(t, true).value();
}

export function evalCond(ctx: Ctx, m: ZModel, c: Cond): boolean {
  return typeof c === 'boolean' ? c : ctx.isTrue(m.eval(toBool(ctx, c), true));
}

/**
 * The values of `terms` in `m`, in one evaluation: the terms of a run share most of their
 * subterms (the trap condition is in every register's `ite`), which one call evaluates once.
 */
export function evalAll(ctx: Ctx, m: ZModel, terms: readonly BV[]): bigint[] {
  if (terms.length <= 1) return terms.map((t) => evalBV(m, t));
  const whole = evalBV(m, ctx.Concat(...terms) as BV);
  const out = new Array<bigint>(terms.length);
  let shift = 0n;
  for (let i = terms.length - 1; i >= 0; i--) {
    const w = BigInt(terms[i]!.sort.size());
    out[i] = (whole >> shift) & ((1n << w) - 1n);
    shift += w;
  }
  return out;
}

/** Reads many terms at once: `at` registers a term and returns where its value will be. */
class Batch {
  private readonly terms: BV[] = [];
  private values: bigint[] = [];
  constructor(private readonly ctx: Ctx) {}
  at(t: BV): () => bigint {
    const i = this.terms.push(t) - 1;
    return () => this.values[i]!;
  }
  cond(c: Cond): () => boolean {
    if (typeof c === 'boolean') return () => c;
    const v = this.at(bit(this.ctx, c));
    return () => v() === 1n;
  }
  run(m: ZModel): void {
    this.values = evalAll(this.ctx, m, this.terms);
  }
}

const record = <T>(entries: readonly (readonly [string, () => T])[]): Record<string, T> => Object.fromEntries(entries.map(([k, v]) => [k, v()]));

function readState(b: Batch, s: SymState, addrs: readonly BV[]): () => ConcreteState {
  const regs = [...hardwareRegs(s)].map(([k, v]) => [k, b.at(v)] as const);
  const files = [...hardwareFiles(s)].map(([k, v]) => [k, v.map((e) => b.at(e))] as const);
  const cells = addrs.map((a) => [b.at(a), b.at(cellAt(s, a))] as const);
  const c = s.composed;
  const guestRegs = c ? [...c.real.keys()].map((k) => [k, b.at(s.regs.get(k)!)] as const) : [];
  const guestFiles = c ? [...c.realFiles.keys()].map((k) => [k, s.files.get(k)!.map((e) => b.at(e))] as const) : [];
  const shift = c ? b.at(c.shift) : undefined;
  return () => ({
    regs: record(regs),
    files: Object.fromEntries(files.map(([k, v]) => [k, v.map((e) => e())])),
    cells: new Map(cells.map(([a, v]) => [a(), v()])),
    ...(shift ? { guest: { regs: record(guestRegs), files: Object.fromEntries(guestFiles.map(([k, v]) => [k, v.map((e) => e())])), shift: shift() } } : {}),
  });
}

/** A run's starting state (with the cells at `accessed` and `extra`) and the model's prediction. */
export function readRun(ctx: Ctx, m: ZModel, label: string, r: Run, extra: readonly BV[] = []): ModelRun {
  const b = new Batch(ctx);
  const trap = [...r.trap.byKind].map(([k, c]) => [k, b.cond(c)] as const);
  const start = readState(b, r.before, [...r.accessed, ...extra]);
  const fetchAt = b.at(r.fetch.physical);
  const halted = b.cond(r.halted);
  const regs = [...hardwareRegs(r.after)].map(([k, v]) => [k, b.at(v)] as const);
  const files = [...hardwareFiles(r.after)].map(([k, v]) => [k, v.map((e) => b.at(e))] as const);
  b.run(m);
  const taken = trap.find(([, c]) => c())?.[0];
  return {
    label,
    start: start(),
    fetchAt: fetchAt(),
    predicted: {
      ...(taken ? { trap: taken } : {}),
      halted: halted(),
      regs: record(regs),
      files: Object.fromEntries(files.map(([k, v]) => [k, v.map((e) => e())])),
    },
  };
}

export function readInsn(m: ZModel, sym: SymInsn): { fields: Record<string, number>; cells: bigint[] } {
  return {
    fields: Object.fromEntries([...sym.fields].map(([k, v]) => [k, Number(evalBV(m, v))])),
    cells: sym.cells.map((c) => evalBV(m, c)),
  };
}
