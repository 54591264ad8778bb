/**
 * Sharing findings between entries alike up to a renaming of state (issue 10).
 *
 * Entry B is *alike* entry A under ρ — a product of disjoint transpositions of register names,
 * so an involution on the state — when every query the checker asks of B is A's query with ρ
 * applied to the state, up to a bijection of storage cell values (below). Decided from the
 * lowered description, never from names:
 *
 * 1. **Semantics**: ρ(A.semantics) is B.semantics, node for node (every identifier renamed).
 * 2. **Everything else a query reads is invariant under ρ**: the whole description but the
 *    instructions and the documentation — state declarations (width, kind, reset, read-only,
 *    configurable bits, fields, banking, hard-wired elements), the mode, the PC, storage, the
 *    address map, timing resources and carries, the declared configuration, the traps and their
 *    sequence — renamed by ρ equals itself (register declarations and the sets among them
 *    compared as sets). The configuration in force (declared or searched) is invariant too
 *    (`alikeUnder`).
 * 3. **The instruction word**: same length and operand fields (names, widths, slices, excluded
 *    values), fixed bits in the same positions (their values may differ: the CSR number); no
 *    shorter entry can match a prefix of either word; and the cells of the two words are equal
 *    in the same pattern for every field value (cell k = cell j in A's word iff in B's), so some
 *    bijection π of cell values takes A's cells to B's, field values being equal.
 * 4. **Storage values reach nothing but comparisons**: neither entry's semantics loads or stores,
 *    and the address map reads no storage. Then the only things a query says of a cell's value
 *    are that it equals an instruction cell (the fetch) or another cell (storage outcomes, moved
 *    storage), which π preserves.
 *
 * Then a model of A's query, with ρ applied to its registers and π to its cells, is a model of
 * B's query, and back: the answers agree, and a witness of B is A's renamed. Every such witness
 * is replayed on the reference machine for B (a derived witness that does not replay makes the
 * checker ask B's queries itself); a derived `no` rests on the syntactic proof above, which
 * tests/oracle cross-check against answers found without sharing.
 */
import type { Block, Expr } from '../spec/ast.js';
import { type EncodingDecl, type InstructionDecl, type IsaDescription } from '../spec/description.js';
import { sliceAt } from '../spec/encoding.js';
import { mapReadsStorage, mapWritesStorage } from '../spec/address-map.js';
import { fixedPattern } from '../spec/validate/check-encoding.js';
import type { Configuration } from './configuration.js';
import type { Finding } from './definitions/finding.js';
import type { ViolationFinding } from './definitions/violation.js';
import type { Claim, ModelRun, ModelWitness } from './witness-model.js';

/** A renaming of registers: an involution, each pair swapped. */
export type Renaming = ReadonlyMap<string, string>;

/** A member of a class and how it is the representative renamed. */
export interface Shared {
  readonly representative: string;
  readonly renaming: Renaming;
}

/** Why two entries are not alike (the first condition that fails), or undefined when they are. */
export type NotAlike = string | undefined;

/** Every string of a value renamed by ρ (identifiers: registers and anything spelled like one). */
function renameDeep(x: unknown, rho: Renaming): unknown {
  if (typeof x === 'string') return rho.get(x) ?? x;
  if (Array.isArray(x)) return x.map((e) => renameDeep(e, rho));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, renameDeep(v, rho)]));
  return x;
}

/** Documentation: never read by a query. */
const docKeys = new Set(['doc', 'cite', 'summary', 'manual', 'syntax']);

function stripDocs(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripDocs);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => !docKeys.has(k)).map(([k, v]) => [k, stripDocs(v)]));
  return x;
}

const sortedJson = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).sort();

/** The description but its instructions, as text: declaration order of registers, timing and configuration is not meaning. */
function restText(isa: IsaDescription, rho: Renaming): string {
  const { instructions: _, ...rest } = isa;
  const r = renameDeep(stripDocs(rest), rho) as Omit<IsaDescription, 'instructions'>;
  const s = r.state;
  return JSON.stringify({
    ...r,
    state: {
      ...s,
      registers: sortedJson(s.registers),
      files: sortedJson(s.files),
      timing: [...s.timing].sort(),
      ...(s.carries ? { carries: sortedJson(s.carries) } : {}),
      ...(s.configuration ? { configuration: sortedJson(s.configuration) } : {}),
    },
  });
}

function exprs(x: unknown, out: Expr[] = []): Expr[] {
  if (Array.isArray(x)) for (const e of x) exprs(e, out);
  else if (x !== null && typeof x === 'object') {
    if ('kind' in x && typeof x.kind === 'string') out.push(x as Expr);
    for (const v of Object.values(x)) exprs(v, out);
  }
  return out;
}

/** Whether a block or expression reads or writes storage. */
function touchesStorage(x: unknown): boolean {
  return exprs(x).some((e) => (e as { kind: string }).kind === 'load' || (e as { kind: string }).kind === 'store');
}

/** Registers a block names, in order of first appearance. */
function registerNames(b: Block): string[] {
  const seen = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x === null || typeof x !== 'object') return;
    const o = x as { kind?: string; name?: string; target?: unknown };
    if (o.kind === 'reg' && typeof o.name === 'string') seen.add(o.name);
    for (const v of Object.values(x)) walk(v);
  };
  walk(b);
  return [...seen];
}

/** The semantics with registers named by order of appearance: entries alike up to a renaming have the same shape. */
function shapeOf(insn: InstructionDecl): string {
  const names = registerNames(insn.semantics);
  const placeholder = new Map(names.map((n, i) => [n, `\u0000r${i}`]));
  const enc = insn.encoding;
  const p = fixedPattern(enc);
  return JSON.stringify([enc.bits, p.mask.toString(16), stripDocs(enc.fields), renameOnlyRegs(insn.semantics, placeholder)]);
}

/** Renames only `reg` nodes (for the shape key; the proof renames every identifier). */
function renameOnlyRegs(x: unknown, rho: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(x)) return x.map((e) => renameOnlyRegs(e, rho));
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const out = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, renameOnlyRegs(v, rho)]));
    if (o.kind === 'reg' && typeof o.name === 'string') out.name = rho.get(o.name) ?? o.name;
    return out;
  }
  return x;
}

/** The involution taking A's registers (in order of appearance) to B's, if there is one. */
function renamingFor(a: InstructionDecl, b: InstructionDecl): Renaming | undefined {
  const from = registerNames(a.semantics);
  const to = registerNames(b.semantics);
  if (from.length !== to.length) return undefined;
  const rho = new Map<string, string>();
  for (let i = 0; i < from.length; i++) {
    const x = from[i]!;
    const y = to[i]!;
    if (x === y) continue;
    for (const [p, q] of [
      [x, y],
      [y, x],
    ] as const) {
      const had = rho.get(p);
      if (had !== undefined && had !== q) return undefined;
      rho.set(p, q);
    }
  }
  // A name A keeps must not be one ρ moves.
  for (let i = 0; i < from.length; i++) if (from[i] === to[i] && rho.has(from[i]!)) return undefined;
  return rho;
}

/**
 * ρ closed over the description's pairings: where ρ moves one half of a carried counter (the low
 * half of `carries`, or the high one), the other half moves to the other half of its image's pair
 * (RISC-V's mcycle↔minstret brings mcycleh↔minstreth). The closure is only a candidate: `alike`
 * checks it like any renaming. Undefined where it would not be an involution.
 */
function closeOverCarries(isa: IsaDescription, rho: Renaming): Renaming | undefined {
  const carries = isa.state.carries ?? [];
  if (carries.length === 0 || rho.size === 0) return rho;
  const out = new Map(rho);
  const partner = (name: string): string | undefined => carries.find((c) => c.low === name)?.high ?? carries.find((c) => c.high === name)?.low;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, b] of [...out]) {
      const pa = partner(a);
      const pb = partner(b);
      if (pa === undefined && pb === undefined) continue;
      if (pa === undefined || pb === undefined) return undefined;
      if (pa === pb) continue;
      const had = out.get(pa);
      if (had === pb) continue;
      if (had !== undefined || out.has(pb)) return undefined;
      out.set(pa, pb).set(pb, pa);
      changed = true;
    }
  }
  return out;
}

/** Field values that reach the word: at most 2^16 assignments are enumerated. */
const maxFieldBits = 16;

/**
 * Whether some bijection of cell values takes A's cells to B's for every field value: cells k
 * and j are equal in A's word exactly when they are in B's. Enumerated over the field bits.
 */
function cellsAlike(isa: IsaDescription, a: EncodingDecl, b: EncodingDecl): NotAlike {
  const { cellBits } = isa.state.storage;
  const n = a.bits / cellBits;
  if (n === 1) return undefined;
  const slices = a.fields.flatMap((f) => f.slices.map((s) => ({ at: s.at, width: s.fieldHi - s.fieldLo + 1 })));
  const bits = slices.reduce((s, x) => s + x.width, 0);
  if (bits > maxFieldBits) return `the word has ${bits} field bits (more than ${maxFieldBits} to enumerate)`;
  const pa = fixedPattern(a).value;
  const pb = fixedPattern(b).value;
  const cellMask = (1n << BigInt(cellBits)) - 1n;
  const cells = (word: bigint) => Array.from({ length: n }, (_, k) => (word >> BigInt(sliceAt(k, n, isa.state.storage) * cellBits)) & cellMask);
  for (let v = 0; v < 1 << bits; v++) {
    let placed = 0n;
    let used = 0;
    for (const s of slices) {
      placed |= BigInt((v >> used) & ((1 << s.width) - 1)) << BigInt(s.at);
      used += s.width;
    }
    const ca = cells(pa | placed);
    const cb = cells(pb | placed);
    for (let k = 0; k < n; k++) for (let j = k + 1; j < n; j++) if ((ca[k] === ca[j]) !== (cb[k] === cb[j])) return `cells ${k} and ${j} of the words are equal in one entry and not in the other`;
  }
  return undefined;
}

/** Whether some shorter entry could match a prefix of this word (instruction.ts `noShorter`). */
function prefixable(isa: IsaDescription, enc: EncodingDecl): boolean {
  const mine = fixedPattern(enc);
  return isa.instructions
    .filter((j) => j.encoding.bits < enc.bits)
    .some((j) => {
      const theirs = fixedPattern(j.encoding);
      const at = BigInt(isa.state.storage.endianness === 'big' ? enc.bits - j.encoding.bits : 0);
      return ((theirs.mask << at) & mine.mask & ((theirs.value << at) ^ mine.value)) === 0n;
    });
}

/** Whether registers are mapped into storage (spec/mapped-registers.ts): cells then hold register values. */
const mappedCells = (isa: IsaDescription) => (isa.state.storage.mapped ?? []).length > 0;

/** Whether B is A renamed by ρ, by the conditions of this file's header (the configuration aside). */
export function alike(isa: IsaDescription, a: InstructionDecl, b: InstructionDecl, rho: Renaming, memo: Map<string, boolean> = new Map()): NotAlike {
  if (mappedCells(isa)) return 'registers are mapped into storage: a fetched cell may be a register, which the bijection of cell values does not move';
  if (touchesStorage(a.semantics) || touchesStorage(b.semantics)) return 'an entry loads or stores';
  if (JSON.stringify(renameDeep(a.semantics, rho)) !== JSON.stringify(b.semantics)) return 'the semantics differ beyond the renaming';
  const ea = a.encoding;
  const eb = b.encoding;
  if (ea.bits !== eb.bits) return 'the words differ in length';
  if (JSON.stringify(stripDocs(ea.fields)) !== JSON.stringify(stripDocs(eb.fields))) return 'the operand fields differ';
  if (fixedPattern(ea).mask !== fixedPattern(eb).mask) return 'the fixed bits are not in the same positions';
  if (prefixable(isa, ea) || prefixable(isa, eb)) return 'a shorter entry may match a prefix of the word';
  const cells = cellsAlike(isa, ea, eb);
  if (cells) return cells;
  const key = JSON.stringify([...rho].sort());
  let invariant = memo.get(key);
  if (invariant === undefined) memo.set(key, (invariant = restText(isa, rho) === restText(isa, new Map())));
  if (!invariant) return 'the rest of the description (state declarations, map, traps, timing, configuration) is not invariant under the renaming';
  return undefined;
}

/** Whether the configuration in force is invariant under ρ (as a set of entries). */
export function configurationInvariant(config: Configuration, rho: Renaming): boolean {
  const text = (c: Configuration) => sortedJson(c.map((e) => renameDeep(e, rho))).join('\n');
  return text(config) === sortedJson([...config]).join('\n');
}

/**
 * The classes of entries alike up to a renaming under `config`: each member (not its
 * representative) with the representative it is derived from. The representative is the first
 * entry of its class in declaration order.
 */
export function shareClasses(isa: IsaDescription, config: Configuration): Map<string, Shared> {
  const out = new Map<string, Shared>();
  // A map that walks or stores: an entry's storage effects are not in its semantics alone.
  if (mapReadsStorage(isa) || mapWritesStorage(isa) || mappedCells(isa)) return out;
  const memo = new Map<string, boolean>();
  const byShape = new Map<string, InstructionDecl[]>();
  for (const insn of isa.instructions) {
    if (touchesStorage(insn.semantics)) continue;
    const k = shapeOf(insn);
    const reps = byShape.get(k);
    const rep = reps?.find((r) => {
      const named = renamingFor(r, insn);
      const rho = named && closeOverCarries(isa, named);
      if (!rho || !configurationInvariant(config, rho)) return false;
      if (alike(isa, r, insn, rho, memo)) return false;
      out.set(insn.mnemonic, { representative: r.mnemonic, renaming: rho });
      return true;
    });
    if (rep) continue;
    if (reps) reps.push(insn);
    else byShape.set(k, [insn]);
  }
  return out;
}

export function describeRenaming(rho: Renaming): string {
  return [...rho]
    .filter(([a, b]) => a < b)
    .map(([a, b]) => `${a}↔${b}`)
    .join(', ');
}

// ---- Applying a renaming to findings ----

const renameRecord = <T>(r: Readonly<Record<string, T>>, rho: Renaming): Record<string, T> => Object.fromEntries(Object.entries(r).map(([k, v]) => [rho.get(k) ?? k, v]));

/** A bijection of cell values taking `from[k]` to `to[k]` (consistent by `cellsAlike`), the identity elsewhere. */
function cellBijection(from: readonly bigint[], to: readonly bigint[]): (v: bigint) => bigint {
  const g = new Map<bigint, bigint>();
  const inv = new Map<bigint, bigint>();
  from.forEach((x, k) => {
    const y = to[k]!;
    if ((g.has(x) && g.get(x) !== y) || (inv.has(y) && inv.get(y) !== x)) throw new Error('internal: instruction cells not alike');
    g.set(x, y);
    inv.set(y, x);
  });
  // A value B's cells take that A's do not goes to one A's take that B's do not (the chain back ends there).
  const back = new Map<bigint, bigint>();
  for (const y of inv.keys()) {
    if (g.has(y)) continue;
    let z = inv.get(y)!;
    while (inv.has(z)) z = inv.get(z)!;
    back.set(y, z);
  }
  return (v) => g.get(v) ?? back.get(v) ?? v;
}

/** The instruction cells of `insn` with these field values. */
export function wordCells(isa: IsaDescription, insn: InstructionDecl, fields: Readonly<Record<string, number>>): bigint[] {
  const enc = insn.encoding;
  let word = fixedPattern(enc).value;
  for (const f of enc.fields) for (const s of f.slices) word |= ((BigInt(fields[f.name] ?? 0) >> BigInt(s.fieldLo)) & ((1n << BigInt(s.fieldHi - s.fieldLo + 1)) - 1n)) << BigInt(s.at);
  const { cellBits } = isa.state.storage;
  const n = enc.bits / cellBits;
  const mask = (1n << BigInt(cellBits)) - 1n;
  return Array.from({ length: n }, (_, k) => (word >> BigInt(sliceAt(k, n, isa.state.storage) * cellBits)) & mask);
}

export function renameWitness(isa: IsaDescription, w: ModelWitness, member: InstructionDecl, rho: Renaming, representative: string): ModelWitness {
  const cells = wordCells(isa, member, w.fields);
  const pi = cellBijection(w.cells, cells);
  const run = (r: ModelRun): ModelRun => ({
    ...r,
    start: {
      regs: renameRecord(r.start.regs, rho),
      files: r.start.files,
      cells: new Map([...r.start.cells].map(([a, v]) => [a, pi(v)])),
      ...(r.start.guest ? { guest: { ...r.start.guest, regs: renameRecord(r.start.guest.regs, rho) } } : {}),
    },
    ...(r.predicted ? { predicted: { ...r.predicted, regs: renameRecord(r.predicted.regs, rho) } } : {}),
  });
  const claim: Claim = w.claim.kind === 'writes-system' ? { ...w.claim, regs: w.claim.regs.map((x) => rho.get(x) ?? x) } : w.claim;
  const rest = w.query.startsWith(`${representative}/`) ? w.query.slice(representative.length) : `/${w.query}`;
  return { ...w, query: `${member.mnemonic}${rest} (renamed from ${w.query}: ${describeRenaming(rho)})`, cells, runs: w.runs.map(run), claim };
}

/** State names in the order the checker lists them: registers, then files, as declared (timing: as declared among timing). */
function canonicalOrder(isa: IsaDescription, names: readonly string[], original: readonly string[]): string[] {
  const decl = [...isa.state.registers.map((r) => r.name), ...isa.state.files.map((f) => f.name)];
  for (const order of [decl, isa.state.timing]) {
    const at = (n: string) => order.indexOf(n);
    const sorted = (xs: readonly string[]) => xs.every((x, i) => at(x) >= 0 && (i === 0 || at(xs[i - 1]!) < at(x)));
    if (sorted(original)) return [...names].sort((x, y) => at(x) - at(y));
  }
  return [...names];
}

function sharedNote(representative: string, rho: Renaming, note: string | undefined): string {
  return `shared: as ${representative}, alike up to renaming ${describeRenaming(rho)}${note ? `; ${representative}: ${note}` : ''}`;
}

export function renameFinding(isa: IsaDescription, f: Finding, member: InstructionDecl, s: Shared): Finding {
  const { renaming: rho, representative } = s;
  return {
    definition: f.definition,
    answer: f.answer,
    systemState: canonicalOrder(
      isa,
      f.systemState.map((x) => rho.get(x) ?? x),
      f.systemState,
    ),
    note: sharedNote(representative, rho, f.note),
    ...(f.witness ? { witness: renameWitness(isa, f.witness, member, rho, representative) } : {}),
  };
}

export function renameViolation(isa: IsaDescription, v: ViolationFinding, member: InstructionDecl, s: Shared): ViolationFinding {
  const w = (x: ModelWitness) => renameWitness(isa, x, member, s.renaming, s.representative);
  return {
    definition: v.definition,
    answer: v.answer,
    note: sharedNote(s.representative, s.renaming, v.note),
    ...(v.witness ? { witness: w(v.witness) } : {}),
    ...(v.privilegedWitness ? { privilegedWitness: w(v.privilegedWitness) } : {}),
  };
}

