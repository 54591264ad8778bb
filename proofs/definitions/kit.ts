/**
 * What every definition's query is built from: the instruction with symbolic fields, fresh
 * symbolic states, runs, the conditions shared by all queries, and the user-visible outcome two
 * runs are compared on.
 */
import type { IsaDescription } from '../../spec/description.js';
import type { Ctx } from '../z3.js';
import { and, bit, differ, ite, named, not, or, val, type BV, type Cond } from '../terms.js';
import { cellAt, freshState, modeIs, reg, type SymState } from '../state.js';
import { symbolicInsn, type SymInsn } from '../instruction.js';
import { runInsn, type Run } from '../run.js';
import { visibleAddress } from '../mapped.js';
import type { StatePartition } from '../partition.js';
import type { QueryEnv, QueryId } from '../query.js';
import type { QueryKind } from '../report-types.js';
import type { Configuration } from '../configuration.js';

export interface Kit {
  readonly ctx: Ctx;
  readonly isa: IsaDescription;
  readonly part: StatePartition;
  readonly sym: SymInsn;
  readonly q: QueryEnv;
  /** Whether moving a program by `x` is adding `x` to the relocation registers (checked per ISA). */
  readonly relocatable: boolean;
  /** Whether queries may leave out what the data flow shows cannot matter (see CheckOptions.shortcuts). */
  readonly shortcuts: boolean;
  /** The monitor configuration C that privilege is relative to (DESIGN.md §2 rule 3). */
  readonly config: Configuration;
  /**
   * States by tag, and runs by state: the definitions of one instruction share them, so a state
   * (and the instruction run on it) is built once, not once per query.
   */
  readonly memo: { readonly states: Map<string, SymState>; readonly runs: WeakMap<SymState, Run> };
}

export function makeKit(q: QueryEnv, isa: IsaDescription, part: StatePartition, mnemonic: string, relocatable: boolean, shortcuts = true, config: Configuration = []): Kit {
  const insn = isa.instructions.find((i) => i.mnemonic === mnemonic);
  if (!insn) throw new Error(`internal: no instruction '${mnemonic}'`);
  return { ctx: q.z.ctx, isa, part, sym: symbolicInsn(q.z.ctx, isa, insn, mnemonic), q, relocatable, shortcuts, config, memo: { states: new Map(), runs: new WeakMap() } };
}

export function queryId(kit: Kit, definition: QueryKind, detail?: string): QueryId {
  return { instruction: kit.sym.insn.mnemonic, definition, ...(detail ? { detail } : {}) };
}

export function fresh(kit: Kit, tag: string): SymState {
  let s = kit.memo.states.get(tag);
  if (!s) kit.memo.states.set(tag, (s = freshState(kit.ctx, kit.isa, tag)));
  return s;
}

export function run(kit: Kit, s: SymState): Run {
  let r = kit.memo.runs.get(s);
  if (!r) kit.memo.runs.set(s, (r = runInsn(kit.ctx, kit.isa, kit.sym, s)));
  return r;
}

/** The run is of this instruction (its cells at the fetch address) from a state with a declared mode. */
export function placed(kit: Kit, r: Run, mode: 'any' | 'supervisor' | 'user' = 'any'): Cond {
  return and(kit.ctx, kit.sym.wellFormed, modeIs(kit.ctx, kit.isa, r.before, mode), r.fetched);
}

/**
 * A fresh bit-vector constant of the kit's queries, named `$<name>`. Named alike for every
 * instruction (each query is solved alone, so names need only be apart within one), so that the
 * states built from it — `$S.mu`'s user-mode state, say — are the same terms for every
 * instruction and their fetch is built once (run.ts fetchAt). The `$` keeps it apart from the
 * states' constants `<tag>.<register>` (no declared name has one): `S.mu` would be the register
 * `mu` of state `S`.
 */
export function constant(kit: Kit, name: string, width: number): BV {
  return named(kit.ctx, `$${name}`, width);
}

/** One component of the user-visible outcome on which two runs may differ. */
export interface OutcomePart {
  readonly what: string;
  readonly differs: Cond;
  readonly first: BV;
  readonly second: BV;
}

/** Virtual address `a` under the address map of `s`: whether no cell of storage is visible there, and the physical address. */
export function mapped(kit: Kit, s: SymState, a: BV): { fault: Cond; physical: BV } {
  return visibleAddress(kit.ctx, kit.isa, s, a);
}

/**
 * The user state after two runs, component by component (DESIGN.md §2): user registers, the
 * PC, halting, and the storage each run's program sees at virtual address `probe` through its own
 * address map as it was before the run (`e1|r` against `e2|r⊕x`).
 */
export function userOutcome(kit: Kit, r1: Run, r2: Run, probe: BV, storage = true): OutcomePart[] {
  const { ctx, part } = kit;
  const regParts = [part.pc, ...part.userRegs].map((name) => {
    const first = reg(r1.after, name);
    const second = reg(r2.after, name);
    return { what: name, differs: differ(ctx, first, second), first, second };
  });
  const fileParts = part.userFiles.map((f) => fileDiffers(kit, f, r1.after.files.get(f)!, r2.after.files.get(f)!, probe));
  const halted = { what: 'halted', first: bit(ctx, r1.halted), second: bit(ctx, r2.halted) };
  const m1 = mapped(kit, r1.before, probe);
  const m2 = mapped(kit, r2.before, probe);
  const first = cellAt(r1.after, m1.physical);
  const second = cellAt(r2.after, m2.physical);
  const cell = {
    what: 'storage',
    first,
    second,
    // Where the mode selects the map, storage is compared only where both maps place the probe
    // on the same cell (the pair is placed alike there, definitions/README.md).
    differs: and(ctx, not(ctx, m1.fault), not(ctx, m2.fault), ...(part.modeSelectsMap ? [m1.physical.eq(m2.physical) as Cond] : []), differ(ctx, first, second)),
  };
  return [...regParts, ...fileParts, { ...halted, differs: differ(ctx, halted.first, halted.second) }, ...(storage ? [cell] : [])];
}

/**
 * Whether two register files differ in some element, asked at one symbolic index: the elements
 * whose terms are not the same, D, are picked by a fresh index j (any value of j picks one of D,
 * and each of D is picked by one), so "some element of D differs" is one disequality over the
 * picked pair rather than one per element. Z3 took about a third less time on rv32's queries,
 * whose instructions write x[rd] for a symbolic rd (31 disequalities of `ite` terms otherwise).
 * The index is named after the query's storage probe, so two comparisons in one query do not
 * share it.
 */
function fileDiffers(kit: Kit, file: string, a: readonly BV[], b: readonly BV[], probe: BV): OutcomePart {
  const { ctx } = kit;
  const d = a.flatMap((e, i) => (e === b[i] ? [] : [i]));
  if (d.length <= 1) {
    const i = d[0] ?? 0;
    return { what: `${file}[${i}]`, differs: d.length === 0 ? false : differ(ctx, a[i]!, b[i]!), first: a[i]!, second: b[i]! };
  }
  const width = Math.max(1, Math.ceil(Math.log2(a.length)));
  const j = named(ctx, `${probe.decl().name()}.${file}`, width);
  const pick = (xs: readonly BV[]) => d.slice(0, -1).reduceRight((acc, i) => ite(ctx, j.eq(val(ctx, i, width)), xs[i]!, acc), xs[d[d.length - 1]!]!);
  const first = pick(a);
  const second = pick(b);
  return { what: `${file}[${j.decl().name()}]`, differs: differ(ctx, first, second), first, second };
}

export function anyDiffers(kit: Kit, parts: readonly OutcomePart[]): Cond {
  return or(kit.ctx, ...parts.map((p) => p.differs));
}
