/**
 * An instruction fetched from a register mapped into storage (spec/mapped-registers.ts): the
 * cells are the register, and a guest run directly reads instead its own copy of them — ordinary
 * storage at its placement under a relocation map, or the host's real register under a described
 * map run virtual = real. Neither is the guest's register, and no per-instruction definition sees
 * it, because both runs of a pair hold the same instruction. So each theorem asks once: can a
 * level its monitor runs directly (every level for Theorems 1 and 2, the user levels for Theorem 3)
 * fetch an instruction one of whose cells is a mapped register's? A `yes` fails the theorem, with
 * the state as witness; `unknown` leaves it inconclusive. Conservative: a user register a described
 * map's guest holds in the real register would read the same; it still counts.
 *
 * "Fetch an instruction" is exact to the progressive fetch (proofs/run.ts): for some instruction
 * and some k, the first k + 1 cells translate without a fault, hold its first k + 1 cells (so no
 * shorter instruction decodes before: `wellFormed`), and cell k is a register's. The cells after k
 * are not needed: a fetch that reads a register's cell and faults later has still read it.
 *
 * Asked in steps, for cost (rv32 with a CSR mapped: one disjunction over its 400 instructions took
 * 30 s, the steps 6 s): whether any fetch window reaches a register's cell at all (its "no" is the
 * answer), then the shortest instructions one at a time, then the rest as one disjunction.
 */
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { translate } from '../spec/address-map.js';
import { decode } from '../spec/encoding.js';
import { mappedAt, mappedBlocks, mappedViews } from '../spec/mapped-registers.js';
import { evaluateExpr, physicalCell, type StateView } from '../machine/reference-eval.js';
import { formatInstruction } from '../asm/index.js';
import type { Ctx } from './z3.js';
import { and, bvEq, not, or, val, type BV, type Cond } from './terms.js';
import { cellAt, freshState, modeIs, reg, type SymState } from './state.js';
import { visibleCell } from './symbolic.js';
import { symbolicInsn, type SymInsn } from './instruction.js';
import { fetchAt, type Fetch } from './run.js';
import { solve, type QueryEnv, type ZModel } from './query.js';
import { evalBV, evalCond } from './witness-model.js';
import { WitnessReplayError } from './replay.js';
import type { MappedFetchResult, MappedFetchWitness, ReportValue } from './report-types.js';
import { mappedFetchKey, type CheckCache } from './check-cache.js';

interface Case {
  readonly sym: SymInsn;
  readonly fetch: Fetch;
  /** For each k: cells 0..k fetched without a fault, holding the instruction's, and cell k a register's. */
  readonly reaches: readonly Cond[];
}

const reported = (v: bigint): ReportValue => (v > BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : Number(v));

/** Whether a level of `levels` can fetch an instruction from a mapped register's cell. */
export async function mappedFetch(q: QueryEnv, isa: IsaDescription, levels: 'any' | 'user'): Promise<MappedFetchResult> {
  const views = mappedViews(isa);
  if (views.length === 0) return { levels, answer: 'no', note: 'no register is mapped into storage' };
  const ctx = q.z.ctx;
  const s = freshState(ctx, isa, `fetch-${levels}`);
  const inMapped = (p: BV): Cond => {
    const w = p.sort.size();
    // One range per run of consecutive mapped cells; the last cell inclusive: a register at the
    // top of storage ends where the address wraps.
    return or(ctx, ...mappedBlocks(isa).map((b) => and(ctx, p.uge(val(ctx, b.lo, w)), p.ule(val(ctx, b.hi, w)))));
  };
  const caseOf = (insn: InstructionDecl): Case => {
    const sym = symbolicInsn(ctx, isa, insn, `fetch-${levels}.${insn.mnemonic}`);
    const fetch = fetchAt(ctx, isa, s, sym.cells.length);
    const holds: Cond[] = [];
    const reaches = sym.cells.map((cell, k) => {
      holds.push(bvEq(ctx, visibleCell(ctx, isa, s, fetch.cells[k]!), cell));
      return and(ctx, sym.wellFormed, not(ctx, fetch.mapOutside), not(ctx, fetch.faultBefore[k]!), ...holds, inMapped(fetch.cells[k]!));
    });
    return { sym, fetch, reaches };
  };
  const mode = modeIs(ctx, isa, s, levels);
  const note = (reason: string) => `Z3 answered unknown (${reason}) on whether a ${levels === 'user' ? 'user ' : ''}level run directly can fetch from a mapped register`;

  // First whether any fetch window reaches a register's cell at all, whatever the cells hold: an
  // over-approximation (the exact condition implies it), so its "no" is the answer.
  const longest = Math.max(...isa.instructions.map((i) => i.encoding.bits / isa.state.storage.cellBits));
  const window = fetchAt(ctx, isa, s, longest);
  const reach = await solve(q, { instruction: '(fetch)', definition: 'mapped-fetch', detail: `${levels}/reach` }, [mode, not(ctx, window.mapOutside), or(ctx, ...window.cells.map((p, k) => and(ctx, not(ctx, window.faultBefore[k]!), inMapped(p))))], () => true);
  if (reach.status === 'unknown') return { levels, answer: 'unknown', note: note(reach.reason) };
  if (reach.status === 'unsat') return { levels, answer: 'no', note: 'no fetch of these levels reaches a mapped cell' };

  // Then the exact condition: an instruction at a time, shortest first (the first that fits answers
  // yes in one small query), and whatever is left as one disjunction.
  // (Terms are built per group: rv32's 400 instructions' take seconds, and the first group usually answers.)
  const order = [...isa.instructions].sort((x, y) => x.encoding.bits - y.encoding.bits);
  const groups = [...order.slice(0, 8).map((i) => [i]), ...(order.length > 8 ? [order.slice(8)] : [])];
  let unknown: string | undefined;
  for (const insns of groups) {
    const group = insns.map(caseOf);
    const detail = group.length === 1 ? `${levels}/${group[0]!.sym.insn.mnemonic}` : `${levels}/others`;
    const query = `(fetch)/mapped-fetch/${detail}`;
    const out = await solve(q, { instruction: '(fetch)', definition: 'mapped-fetch', detail }, [mode, or(ctx, ...group.flatMap((c) => c.reaches))], (m) => witnessOf(ctx, isa, m, s, group, levels, query));
    if (out.status === 'unknown') unknown ??= out.reason;
    else if (out.status === 'sat') {
      replayMappedFetch(isa, out.value, levels);
      return { levels, answer: 'yes', witness: out.value };
    }
  }
  return unknown !== undefined ? { levels, answer: 'unknown', note: note(unknown) } : { levels, answer: 'no' };
}

/**
 * `ask`'s answer, or the one the cache holds for this description and `levels` (check-cache.ts
 * `mappedFetchKey`): a cached `yes` is used only if its witness replays here, else it is asked
 * again. Definite answers are kept.
 */
export async function cachedMappedFetch(cache: CheckCache | undefined, isa: IsaDescription, levels: 'any' | 'user', ask: () => Promise<MappedFetchResult>): Promise<MappedFetchResult> {
  const key = mappedFetchKey(isa, levels);
  const hit = cache?.getMappedFetch(key, levels);
  if (hit) {
    try {
      if (hit.answer === 'yes') replayMappedFetch(isa, hit.witness!, levels);
      return hit;
    } catch {
      // (A damaged witness may fail to replay or fail to read at all.)
      cache!.delete(key);
    }
  }
  const out = await ask();
  if (out.answer !== 'unknown') cache?.setMappedFetch(key, out);
  return out;
}

function witnessOf(ctx: Ctx, isa: IsaDescription, m: ZModel, s: SymState, cases: readonly Case[], levels: 'any' | 'user', query: string): MappedFetchWitness {
  const c = cases.find((x) => x.reaches.some((r) => evalCond(ctx, m, r)))!;
  const k = c.reaches.findIndex((r) => evalCond(ctx, m, r));
  const words = c.sym.cells.map((x) => evalBV(m, x));
  const cells = words.map(reported);
  const physical = c.fetch.cells.slice(0, k + 1).map((p) => Number(evalBV(m, p)));
  const views = mappedViews(isa);
  const hit = mappedAt(views, physical[k]!)!;
  const registers = Object.fromEntries(isa.state.registers.map((r) => [r.name, reported(evalBV(m, reg(s, r.name)))]));
  const files = Object.fromEntries(isa.state.files.map((f) => [f.name, s.files.get(f.name)!.map((e) => reported(evalBV(m, e)))]));
  const storage = physical
    .map((p, j) => ({ p, j }))
    .filter(({ p }) => mappedAt(views, p) === undefined)
    .map(({ p, j }) => ({ address: p, value: reported(evalBV(m, cellAt(s, c.fetch.cells[j]!))) }));
  const modeValue = Number(registers[isa.state.mode.register]);
  const level = isa.state.mode.levels.find((l) => l.value === modeValue)!;
  const decoded = decode(isa, words);
  const text = decoded ? formatInstruction(isa, decoded, Number(registers[isa.state.pc])) : c.sym.insn.mnemonic;
  return {
    query,
    instruction: { mnemonic: c.sym.insn.mnemonic, text, cells },
    mode: { register: isa.state.mode.register, value: modeValue, level: level.name, supervisor: level.supervisor },
    pc: registers[isa.state.pc]!,
    cell: { index: k, physical: physical[k]!, register: hit.view.register },
    registers,
    files,
    storage,
    claim: `in ${level.name} mode (${levels === 'user' ? 'a user level' : 'a level'} the monitor runs directly) the fetch of \`${text}\` reads its cell ${k} from ${hit.view.register} at physical 0x${physical[k]!.toString(16)}; a guest run directly would read its own copy of that cell instead`,
  };
}

/**
 * The witness on the reference machine's own pieces: each of the first k + 1 cells translates
 * without a fault and holds the instruction's cell (read through the register where it is
 * mapped), no shorter prefix decodes, cell k is the register's, and the level is one asked about.
 */
export function replayMappedFetch(isa: IsaDescription, w: MappedFetchWitness, levels: 'any' | 'user' = 'any'): void {
  const fail = (message: string) => new WitnessReplayError(w.query, message);
  const storage = new Map(w.storage.map((c) => [BigInt(c.address), BigInt(c.value)]));
  const view: StateView = {
    reg: (n) => BigInt(w.registers[n]!),
    file: (n, i) => BigInt(w.files[n]![i]!),
    cell: (p) => (p >= 0n && p < BigInt(isa.state.storage.cells) ? (storage.get(p) ?? 0n) : undefined),
    storageCells: isa.state.storage.cells,
  };
  const level = isa.state.mode.levels.find((l) => BigInt(l.value) === view.reg(isa.state.mode.register));
  if (!level || (levels === 'user' && level.supervisor)) throw fail(`the state's mode is not a level asked about`);
  const { addressBits } = isa.state.storage;
  const pc = view.reg(isa.state.pc);
  const k = w.cell.index;
  for (let j = 0; j <= k; j++) {
    const t = translate(isa, { kind: 'const', width: addressBits, value: '0x' + pc.toString(16) }, j + 1, isa.state.storage.cells, 'fetch');
    const fault = t.faults.find((f) => evaluateExpr(isa, f.when, {}, view) === 1n);
    if (fault) throw fail(`the fetch of cell ${j} faults (${fault.trap})`);
    const p = evaluateExpr(isa, t.physical, {}, view) + BigInt(j);
    const cell = physicalCell(isa, view, p);
    if (cell === undefined || cell !== BigInt(w.instruction.cells[j]!)) throw fail(`cell ${j} (physical ${p}) holds ${cell}, not the instruction's ${w.instruction.cells[j]}`);
    if (j < w.instruction.cells.length - 1 && decode(isa, w.instruction.cells.slice(0, j + 1).map(BigInt)) !== undefined) throw fail(`the first ${j + 1} cells decode as a shorter instruction`);
    if (j === k && mappedAt(mappedViews(isa), Number(p))?.view.register !== w.cell.register) throw fail(`cell ${k} (physical ${p}) is not ${w.cell.register}'s`);
  }
  if (decode(isa, w.instruction.cells.map(BigInt))?.insn.mnemonic !== w.instruction.mnemonic) throw fail(`the cells do not decode as ${w.instruction.mnemonic}`);
}
