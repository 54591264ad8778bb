/**
 * One instruction on a symbolic state: fetch through the address map, the semantics, the PC
 * advance — the run every definition is a formula over — and, for a whole machine step, the trap
 * sequence on trapping runs and the timing registers' tick.
 */
import type { IsaDescription } from '../spec/description.js';
import { mapRegisters, physicalFault, stepSemantics, translate } from '../spec/address-map.js';
import { tickingCounters } from '../spec/timing.js';
import type { Ctx } from './z3.js';
import { and, bvEq, isOne, ite, not, or, termId, val, type BV, type Cond } from './terms.js';
import { evalExpr, executeBlock, noReads, OUTSIDE, visibleCell, type MapView, type TrapOutcome } from './symbolic.js';
import { reg, withRegs, type SymState } from './state.js';
import type { SymInsn } from './instruction.js';

export interface Run {
  readonly before: SymState;
  /** The instruction's effects and the PC advance; meaningful where the run did not trap. */
  readonly after: SymState;
  readonly trap: TrapOutcome;
  /**
   * Took a trap of class `memory` or `exception` (the traps the definitions exclude), or made a
   * physical access outside storage (which has no trap at all).
   */
  readonly excluded: Cond;
  readonly halted: Cond;
  /** The fetch: whether it faults, and the physical address of the instruction's first cell. */
  readonly fetch: { readonly fault: Cond; readonly physical: BV };
  /** Storage holds the instruction's cells at the fetch address, as far as the fetch gets. */
  readonly fetched: Cond;
  /** Physical cell addresses the run reads or writes (the instruction's cells included). */
  readonly accessed: readonly BV[];
  /** The fetch's and then each data access's translation (see MapView). */
  readonly views: readonly MapView[];
  /** Registers the instruction assigns, and when (see BlockResult.assigned). */
  readonly assigned: ReadonlyMap<string, Cond>;
}

/** Fetching `n` cells at the PC of `s`, as the emulator does it. */
export interface Fetch {
  /** Some translation of the progressive fetch faults. */
  readonly fault: Cond;
  /** The fetch's traps in priority order (the first that holds is taken). */
  readonly traps: readonly { cond: Cond; trap: string }[];
  /** The physical address of each cell. */
  readonly cells: readonly BV[];
  /** A cell, or a table the map read, lies outside storage (the emulator stops with an error). */
  readonly outside: Cond;
  /** For each cell, whether a translation up to and including its own faults (the fetch stops there). */
  readonly faultBefore: readonly Cond[];
  /** Physical cells the map's table reads touched (page-table entries). */
  readonly mapCells: readonly BV[];
  /** A table read lies outside storage: the emulator stops before any fetch trap. */
  readonly mapOutside: Cond;
}

/**
 * Progressive fetch: cell k is fetched by translating the first k+1 cells, and any of those
 * translations may fault. A fetch reads only the PC and what the map reads, and the queries of
 * every instruction fetch from the same few states: each is built once per check (by the terms it
 * reads; bounded).
 */
export function fetchAt(ctx: Ctx, isa: IsaDescription, s: SymState, n: number): Fetch {
  let byKey = fetches.get(isa);
  if (!byKey) fetches.set(isa, (byKey = new Map()));
  const key = [
    termId(ctx),
    n,
    termId(s.mem),
    s.memShift ? termId(s.memShift) : '-',
    ...[isa.state.pc, ...mapRegisters(isa)].map((r) => termId(reg(s, r))),
    '/',
    ...[...s.files.values()].flatMap((f) => f.map(termId)),
  ].join(',');
  let f = byKey.get(key);
  if (!f) {
    if (byKey.size >= maxFetches) byKey.clear();
    byKey.set(key, (f = buildFetch(ctx, isa, s, n)));
  }
  return f;
}

const fetches = new WeakMap<IsaDescription, Map<string, Fetch>>();
const maxFetches = 2_000;

function buildFetch(ctx: Ctx, isa: IsaDescription, s: SymState, n: number): Fetch {
  const vars = new Map([['$pc', reg(s, isa.state.pc)]]);
  const reads = noReads();
  let fault: Cond = false;
  const faultBefore: Cond[] = [];
  const traps: { cond: Cond; trap: string }[] = [];
  const cells: BV[] = [];
  for (let k = 1; k <= n; k++) {
    const t = translate(isa, { kind: 'var', name: '$pc' }, k, isa.state.storage.cells, 'fetch');
    const whens = t.faults.map((f) => isOne(ctx, evalExpr(ctx, isa, f.when, s, vars, reads)));
    t.faults.forEach((f, i) => traps.push({ cond: whens[i]!, trap: f.trap }));
    fault = or(ctx, fault, ...whens);
    faultBefore.push(fault);
    const p = evalExpr(ctx, isa, t.physical, s, vars, reads);
    cells.push(k === 1 ? p : (p.add(val(ctx, k - 1, p.sort.size())) as BV));
  }
  // Whether a fetched cell lies outside storage, counted from the first cell without wrapping
  // round the address space (cell k is first + k; where storage fills every address, the cell
  // after the last is outside, not cell 0), as the machine counts.
  const outside = or(ctx, reads.outside, isOne(ctx, evalExpr(ctx, isa, physicalFault(isa, { kind: 'var', name: '$p' }, n), s, new Map([['$p', cells[0]!]]))));
  return { fault, traps, cells, outside, faultBefore, mapCells: reads.accessed, mapOutside: reads.outside };
}

/** Runs `sym` on `s`: the instruction is the one found at the PC. */
export function runInsn(ctx: Ctx, isa: IsaDescription, sym: SymInsn, s: SymState): Run {
  const pc = reg(s, isa.state.pc);
  const f = fetchAt(ctx, isa, s, sym.cells.length);
  // Each cell fetched (the fetch got that far) holds the instruction's cell: a word that is not
  // this instruction's prefix would have been decoded as something else before a later fault.
  const fetched = and(ctx, ...f.cells.map((at, k) => or(ctx, f.faultBefore[k]!, bvEq(ctx, visibleCell(ctx, isa, s, at), sym.cells[k]!))));

  // The fetch's walk stores first (spec/address-map.ts stepSemantics), taken only where the fetch did not fault.
  const r = executeBlock(ctx, isa, stepSemantics(isa, sym.insn), s, {
    fields: sym.fields,
    initialTraps: [{ cond: f.mapOutside, trap: OUTSIDE, value: pc }, ...f.traps.map((t) => ({ ...t, value: pc })), { cond: f.outside, trap: OUTSIDE, value: pc }],
  });
  const pcNow = reg(r.after, isa.state.pc);
  const nextPc = ite(ctx, r.pcWritten, pcNow, pcNow.add(val(ctx, sym.cells.length, pcNow.sort.size())) as BV);
  const excludedKinds = isa.traps.kinds.filter((k) => k.class === 'memory' || k.class === 'exception');
  return {
    before: s,
    after: withRegs(r.after, { [isa.state.pc]: nextPc }),
    trap: r.trap,
    excluded: or(ctx, r.outside, ...excludedKinds.map((k) => r.trap.byKind.get(k.name) ?? false)),
    halted: r.halted,
    fetch: { fault: f.fault, physical: f.cells[0]! },
    fetched,
    accessed: [...f.cells, ...f.mapCells, ...r.accessed],
    views: [{ guard: true, fault: f.fault, physical: f.cells[0]!, vaddr: pc, access: 'fetch', cells: 1, asBefore: true }, ...r.views],
    assigned: r.assigned,
  };
}

export interface Step {
  readonly run: Run;
  /** The machine state after the step: the run's, or the trap sequence's; timing ticked. */
  readonly next: SymState;
  /** `trapInfo('code')` of the trap taken (0 when none). */
  readonly trapCode: BV;
  /** Physical cell addresses the instruction or the trap sequence accesses. */
  readonly accessed: readonly BV[];
}

/** A whole machine step, as the emulator takes it. */
export function stepInsn(ctx: Ctx, isa: IsaDescription, sym: SymInsn, s: SymState): Step {
  const run = runInsn(ctx, isa, sym, s);
  const code = isa.traps.kinds.reduce(
    (acc, k) => ite(ctx, run.trap.byKind.get(k.name) ?? false, val(ctx, k.code, isa.traps.codeWidth), acc),
    val(ctx, 0, isa.traps.codeWidth),
  );
  const seq = executeBlock(ctx, isa, isa.traps.sequence, s, { fields: new Map(), trapInfo: { code, value: run.trap.value } });
  const trapped = run.trap.trapped;
  const merged: SymState = {
    regs: new Map([...run.after.regs].map(([k, v]) => [k, ite(ctx, trapped, seq.after.regs.get(k)!, v)])),
    files: new Map([...run.after.files].map(([k, v]) => [k, v.map((e, i) => ite(ctx, trapped, seq.after.files.get(k)![i]!, e))])),
    mem: trapped === false ? run.after.mem : trapped === true ? seq.after.mem : (ctx.If(trapped, seq.after.mem, run.after.mem) as SymState['mem']),
    ...(s.memShift ? { memShift: s.memShift } : {}),
  };
  // What the instruction itself assigned (and kept: it did not trap) is not advanced.
  const ticked = tickTiming(ctx, isa, merged, (name) => and(ctx, run.assigned.get(name) ?? false, not(ctx, trapped)));
  return { run, next: withRegs(merged, ticked), trapCode: code, accessed: [...run.accessed, ...seq.accessed] };
}

/**
 * The timing registers after one step's advance: each by one, a carried high half when its low
 * half wraps; but neither where the instruction wrote it (`written`, spec/timing.ts).
 */
function tickTiming(ctx: Ctx, isa: IsaDescription, s: SymState, written: (name: string) => Cond): Record<string, BV> {
  const out: Record<string, BV> = {};
  for (const { name: t, high } of tickingCounters(isa)) {
    const r = reg(s, t);
    const wrote = written(t);
    const next = r.add(val(ctx, 1, r.sort.size())) as BV;
    out[t] = ite(ctx, wrote, r, next);
    if (high !== undefined) {
      const h = reg(s, high);
      const carry = and(ctx, not(ctx, wrote), not(ctx, written(high)), next.eq(val(ctx, 0, r.sort.size())) as Cond);
      out[high] = ite(ctx, carry, h.add(val(ctx, 1, h.sort.size())) as BV, h);
    }
  }
  return out;
}
