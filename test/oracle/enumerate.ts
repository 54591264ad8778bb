/**
 * The brute-force oracle (DESIGN.md §5 invariant 6): every definition of
 * proofs/definitions/README.md, and both variants of the exact per-step condition, decided for
 * every instruction of a small ISA by enumerating states and running them on the reference
 * evaluator's semantics. No Z3, no shared code with proofs/ but `partition`.
 *
 * How every state is enumerated without visiting 2^(storage bits) of them: each definition is an
 * existential over states (or pairs, or a state with its monitor's real state), decided by a
 * depth-first search over the state's variables (registers, register-file elements, storage
 * cells, and the definition's parameters: the shift x, the user level u…). A variable gets a
 * value only when the runs (or the comparison of their outcomes) read it; the predicate is a
 * deterministic function of what it read, so one evaluation decides every state that agrees on
 * those values. The search is exact — it covers the whole space, which `covered` counts and the
 * tests hold equal to `space` for every `no` — and stops at the first witness of a `yes`.
 *
 * A run is the reference's step in two pieces with the same primitives: the fetch (`translate`,
 * evaluated on the state) and the semantics (`evaluateBlock`), then the PC advance. Runs are
 * memoized in decision diagrams keyed by what they read, one per projection of the outcome (its
 * kind; with the system writes; with what the user sees); a question whose answer cannot change
 * is not asked again once every answer to it has been seen, so the search does not branch on it.
 * A storage cell read by a load is split into the bits the instruction's loads can depend on
 * (demand.ts) and the rest, enumerated only where the fetch or the comparison of storage reads it.
 *
 * Engines: `reference` runs machine/reference-eval.ts itself (tens of microseconds a run);
 * `fast` (the default) runs the same semantics compiled to closures and sliced to what the
 * projection keeps (fast-eval.ts); `both` runs the two on every path and fails on any difference
 * (test/oracle/oracle.test.ts holds them equal on random ISAs). `replayWitness` re-runs every
 * witness on `referenceStep` itself with concrete states.
 */
import type { Expr } from '../../spec/ast.js';
import type { InstructionDecl, IsaDescription, MemoryAccess } from '../../spec/description.js';
import { mapFiles, mapReadsStorage, mapWritesStorage, stepSemantics, translate } from '../../spec/address-map.js';
import { cellAt, decode } from '../../spec/encoding.js';
import { mappedAt, mappedViews, type MappedView } from '../../spec/mapped-registers.js';
import { partition, type StatePartition } from '../../proofs/partition.js';
import { evaluateBlock, evaluateExpr, evaluateMapExpr, type Outcome, type RefWrite, type StateView } from '../../machine/reference-eval.js';
import { locateIn, referenceStep } from '../../machine/reference.js';
import { MachineError } from '../../machine/errors.js';
import { demandedByMap, demandedCellMask } from './demand.js';
import { FastCompiler, type FastView, type Keep } from './fast-eval.js';

export const oracleDefinitions = [
  'privileged',
  'control-sensitive',
  'user-control-sensitive',
  'mode-sensitive',
  'location-sensitive',
  'user-location-sensitive',
  'user-system-sensitive',
  'timing-dependent',
] as const;
export type OracleDefinition = (typeof oracleDefinitions)[number];
export const directVariants = ['anyLevel', 'userLevel'] as const;
export type DirectVariant = (typeof directVariants)[number];
/** Everything the oracle decides for an instruction: a definition, or a variant of the exact per-step condition. */
/**
 * Everything the oracle decides: a definition, a variant of the exact per-step condition, or (where
 * registers are mapped into storage) whether a level, any or a user one, fetches the instruction
 * with one of its cells a register's (proofs/mapped-fetch.ts: each theorem asks it of all of them).
 */
export type OracleQuestion = OracleDefinition | 'direct-any-level' | 'direct-user-level' | 'mapped-fetch-any' | 'mapped-fetch-user';

/** One part of the configuration C (the report's and the description's form). */
export interface ConfigurationPart {
  register: string;
  mask: string;
  value: string;
}

/** A whole concrete state: every register, every file element, every storage cell. */
export interface ConcreteState {
  registers: Record<string, number>;
  files: Record<string, number[]>;
  cells: number[];
  /**
   * A run under a monitor's composed map (location-sensitivity of a described map; the checker's
   * witnesses carry the same, proofs/witness-model.ts): the guest's values of the composed map
   * registers and files, which the map reads (`registers`, `files` hold the real ones), and the
   * move of the guest's storage (the semantics' physical accesses reach real cell p, the guest's
   * p − shift); `cells` is the guest's storage by guest address.
   */
  guest?: { regs: Record<string, number>; files: Record<string, number[]>; shift: number };
}

/**
 * What shows an answer: for a `yes` of a sensitivity definition, the state (`S`) or pair
 * (`S1`, `S2`); for a `no` of privileged, `U` and one `Sup:<level>` per supervisor level; for an
 * unsafe instruction, the virtual state `S` and the real state `R`. `params`: the shift `x`
 * (location), the placement `k` (direct execution, relocation-bounds), the user level `u`.
 */
export interface OracleWitness {
  question: OracleQuestion;
  states: Record<string, ConcreteState>;
  params: Record<string, number>;
}

export interface SearchStats {
  /** Evaluations of the predicate that read nothing new: each decides a box of states or pairs. */
  leaves: number;
  /** Concrete states (or pairs, or state-and-parameter tuples) the definition quantifies over. */
  space: bigint;
  /** How many of them the search decided (all of them when the answer needs the whole space). */
  covered: bigint;
}

export interface InstructionAnswers {
  mnemonic: string;
  /** `privileged` under the configuration; every other definition as the contract states it. */
  definitions: Record<OracleDefinition, boolean>;
  /** For each `yes` (for privileged: for a `no`), one witness. */
  witnesses: Partial<Record<OracleDefinition, OracleWitness>>;
  /** The exact per-step condition: `true` = safe for direct execution. */
  direct: Record<DirectVariant, boolean>;
  /** For each unsafe variant, the virtual and the real state. */
  directWitnesses: Partial<Record<DirectVariant, OracleWitness>>;
  /** Some state of a level (any; a user one) holds the instruction with a cell a mapped register's (false where none is mapped). */
  mappedFetch: Record<DirectVariant, boolean>;
  mappedFetchWitnesses: Partial<Record<DirectVariant, OracleWitness>>;
  stats: Partial<Record<OracleQuestion, SearchStats>>;
}

export interface OracleAnswers {
  isa: string;
  configuration: ConfigurationPart[];
  instructions: InstructionAnswers[];
  /**
   * Whether a relocation-bounds map relocates (where it does not, location-sensitivity is answered
   * `no`). A described map never does: its location-sensitivity is asked against a monitor's
   * composed map.
   */
  relocates: boolean;
  stats: {
    ms: number;
    /** Runs of the reference evaluator (fetch translations, semantics, visibility). */
    evaluations: number;
    leaves: number;
    /** Concrete states, pairs and tuples decided, over every question. */
    covered: bigint;
  };
}

export interface OracleOptions {
  /** Split loaded cells by demanded bits (default true); false enumerates all bits of a loaded cell. */
  demand?: boolean;
  /** How semantics run: `fast` (default, compiled), `reference` (machine/reference-eval.ts), `both` (compared on every path). */
  engine?: Engine;
  /** Give up (throw OracleBudgetError) after this many leaves in one search. Default: no limit. */
  maxLeaves?: number;
  /**
   * Hold pairs to be placed alike where the mode selects the map (default true). False drops the
   * requirement — a mutation the tests use to show that the generator reaches pairs it decides.
   */
  placedAlike?: boolean;
}

export class OracleBudgetError extends Error {}

// ---------------------------------------------------------------------------------------------
// The lazy assignment and the search.

/** Thrown when a predicate reads a variable that has no value yet. */
class Need {
  key = '';
  domain: readonly number[] = [];
  /** Size of the variable's whole domain (`domain` may be restricted to the values that can matter). */
  full = 0;
  /** The one instance, filled and thrown (a search handles one at a time; no stack is captured). */
  static readonly it = new Need();
  static throw(key: string, domain: readonly number[], full: number): never {
    const n = Need.it;
    n.key = key;
    n.domain = domain;
    n.full = full;
    throw n;
  }
}

class Lazy {
  readonly a = new Map<string, number>();
  constructor(readonly dom: (key: string) => readonly number[]) {}
  get(key: string): number {
    const v = this.a.get(key);
    if (v !== undefined) return v;
    const d = this.dom(key);
    return Need.throw(key, d, d.length);
  }
  /** A value from a restricted domain: values outside it make the predicate false. */
  restricted(key: string, domain: readonly number[], full: number): number {
    const v = this.a.get(key);
    if (v !== undefined) return v;
    return Need.throw(key, domain, full);
  }
}

/** A completed assignment: every unread variable at the first value of its domain. */
class Completed extends Lazy {
  override get(key: string): number {
    return this.a.get(key) ?? this.dom(key)[0]!;
  }
  override restricted(key: string): number {
    return this.get(key);
  }
}

interface SearchResult {
  witness?: Map<string, number>;
  stats: SearchStats;
}

function search(setup: (L: Lazy) => { pred: () => boolean }, dom: (key: string) => readonly number[], space: Map<string, number>, maxLeaves = Infinity): SearchResult {
  let total = 1n;
  for (const n of space.values()) total *= BigInt(n);
  const L = new Lazy(dom);
  const { pred } = setup(L);
  let leaves = 0;
  let covered = 0n;
  let witness: Map<string, number> | undefined;
  const go = (prod: bigint): boolean => {
    let r: boolean;
    try {
      r = pred();
    } catch (e) {
      if (!(e instanceof Need)) throw e;
      const { key, domain, full } = e;
      const size = space.get(key);
      if (size === undefined) throw new Error(`oracle: the predicate read '${key}', which is not a variable of its space`);
      if (size !== full) throw new Error(`oracle: '${key}' has ${size} values in the space but ${full} in the read`);
      const p2 = prod * BigInt(full);
      if (domain.length < full) covered += (total / p2) * BigInt(full - domain.length);
      for (const v of domain) {
        L.a.set(key, v);
        if (go(p2)) return true;
      }
      L.a.delete(key);
      return false;
    }
    if (++leaves > maxLeaves) throw new OracleBudgetError(`oracle: more than ${maxLeaves} leaves in one search`);
    covered += total / prod;
    if (r) {
      witness = new Map(L.a);
      return true;
    }
    return false;
  };
  go(1n);
  return { ...(witness ? { witness } : {}), stats: { leaves, space: total, covered } };
}

// ---------------------------------------------------------------------------------------------
// Memoized runs: a trie keyed by the answers to what the evaluator asked of the state.

/** What a memoized function asks of the state: `r:NAME`, `f:NAME:INDEX` or `c:PHYSICAL`. */
type Ask = (q: string) => number;

interface TNode<T> {
  q?: string;
  qp?: Query;
  /** Children by answer key (the answer; for a storage cell, its demanded bits). */
  kids?: Map<number, TNode<T>>;
  leaf?: { v: T };
  /** Set when the node is complete: every answer has a complete child. Equal ids, equal functions. */
  id?: number;
  /** Set when every child is the same function: the question need not be asked. */
  rep?: TNode<T>;
}

/**
 * How a memo may reduce its trie: the number of answer keys a query can have, and the key of an
 * answer. A node whose children cover every key and are all the same function (equal ids) is
 * skipped from then on — its question does not matter to the (projected) result, so the search
 * never branches on it again. Without it, nothing is reduced.
 */
export interface Reduction {
  keys(q: Query): number;
  key(q: Query, answer: number): number;
  /** The identity of a result, for comparing leaves. */
  leafKey(v: unknown): string;
}

/**
 * A function of the state memoized by what it asked: a trie (a decision diagram once reduced)
 * keyed by the answers, in the order the function asked. A question asked again on the same path
 * is not a node (its answer is the first one's). Deterministic functions only: a different
 * question where one was recorded is an error.
 */
class Memo<T> {
  private readonly root: TNode<T> = {};
  private readonly ids = new Map<string, number>();
  constructor(
    private readonly fn: (ask: Ask) => T,
    private readonly counter: { n: number },
    private readonly reduction?: Reduction,
  ) {}

  get(side: { ask: Ask; askQ: (q: Query) => number }): T {
    let node = this.root;
    const red = this.reduction;
    for (;;) {
      if (node.leaf) return node.leaf.v;
      if (node.rep) {
        node = node.rep;
        continue;
      }
      if (node.qp === undefined) break;
      const a = side.askQ(node.qp);
      const next = node.kids?.get(red ? red.key(node.qp, a) : a);
      if (!next) break;
      node = next;
    }
    const path: [string, number][] = [];
    const seen = new Set<string>();
    let pending: string | undefined;
    const rec: Ask = (q) => {
      pending = q;
      const v = side.ask(q);
      pending = undefined;
      if (!seen.has(q)) {
        seen.add(q);
        path.push([q, red ? red.key(parseQuery(q), v) : v]);
      }
      return v;
    };
    this.counter.n++;
    let result: T;
    try {
      result = this.fn(rec);
    } catch (e) {
      if (e instanceof Need && pending !== undefined) this.insert(path, pending);
      throw e;
    }
    this.insert(path, undefined, result);
    return result;
  }

  private insert(path: readonly [string, number][], pending: string | undefined, result?: T): void {
    let node = this.root;
    const nodes: TNode<T>[] = [];
    for (const [q, v] of path) {
      if (node.q === undefined) {
        node.q = q;
        node.qp = parseQuery(q);
      } else if (node.q !== q) throw new Error(`oracle: the evaluator asked '${q}' where it asked '${node.q}' before (not deterministic)`);
      nodes.push(node);
      node.kids ??= new Map();
      let next = node.kids.get(v);
      if (!next) node.kids.set(v, (next = {}));
      node = next;
    }
    if (pending !== undefined) {
      if (node.q === undefined) {
        node.q = pending;
        node.qp = parseQuery(pending);
      } else if (node.q !== pending) throw new Error(`oracle: the evaluator asked '${pending}' where it asked '${node.q}' before (not deterministic)`);
      return;
    }
    if (node.leaf) return;
    node.leaf = { v: result as T };
    const red = this.reduction;
    if (!red) return;
    node.id = this.intern('L' + red.leafKey(result));
    // Complete and reduce the ancestors, bottom up, as far as they are complete.
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!;
      if (n.id !== undefined) continue;
      if (n.kids!.size < red.keys(n.qp!)) return;
      let same: TNode<T> | undefined;
      let allSame = true;
      const parts: string[] = [];
      for (const [k, kid] of [...n.kids!].sort((x, y) => x[0] - y[0])) {
        if (kid.id === undefined) return;
        if (same === undefined) same = kid;
        else if (kid.id !== same.id) allSame = false;
        parts.push(`${k}:${kid.id}`);
      }
      if (allSame) {
        n.rep = same;
        n.id = same!.id;
      } else n.id = this.intern(`${n.q}(${parts.join(',')})`);
    }
  }

  private intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Outcomes of runs.

const EXCLUDED = { kind: 'excluded' } as const;
const NOT_HOLD = { kind: 'nothold' } as const;
const TRAP = { kind: 'trap', trap: '' } as const;
const DONE: Done = { kind: 'done', halt: false, regs: new Map(), files: new Map(), cells: new Map() };

/** What a question looks at of a run: its kind (completed, trapped, excluded); with the system writes; or with what the user sees. */
type Projection = 'kind' | 'system' | 'visible';

interface Done {
  kind: 'done';
  halt: boolean;
  /** Final value of every register written (the last write). */
  regs: Map<string, number>;
  /** Final value of every file element written, by `name:index`. */
  files: Map<string, number>;
  /** Final value of every storage cell written, by physical address. */
  cells: Map<number, number>;
}
type RunOutcome = typeof EXCLUDED | typeof NOT_HOLD | { kind: 'trap'; trap: string } | Done;

/** Where slice `j` (0 least significant) of an `n`-cell store lands: written out here, apart from spec/encoding.ts. */
function offsetOf(isa: IsaDescription, j: number, n: number): number {
  return isa.state.storage.endianness === 'big' ? n - 1 - j : j;
}

function doneOf(isa: IsaDescription, writes: readonly RefWrite[], halt: boolean): Done {
  const cellBits = isa.state.storage.cellBits;
  const regs = new Map<string, number>();
  const files = new Map<string, number>();
  const cells = new Map<number, number>();
  for (const w of writes) {
    if (w.kind === 'reg') regs.set(w.name, Number(w.value));
    else if (w.kind === 'file') files.set(`${w.name}:${w.index}`, Number(w.value));
    else
      for (let j = 0, n = w.width / cellBits; j < n; j++)
        cells.set(Number(w.addr) + offsetOf(isa, j, n), Number((w.value >> BigInt(j * cellBits)) & ((1n << BigInt(cellBits)) - 1n)));
  }
  return { kind: 'done', halt, regs, files, cells };
}

const accessKinds: readonly MemoryAccess[] = ['fetch', 'read', 'write', 'modify'];

const outsideStorage = (e: unknown) => e instanceof MachineError && /outside storage/.test(e.message);

// ---------------------------------------------------------------------------------------------
// Views of the assignment: how one state of a definition (S1, U, R…) reads its variables.

/** Where a state's value comes from: a variable (through a transform) or a constant. */
interface Src {
  key: string;
  /** Identifies the transform: two sources with the same key and tid always agree. */
  tid: string;
  c?: number;
  f?: (v: number) => number;
}

/**
 * A register, a file element, a storage cell, or an operand field of the fetched instruction;
 * under a composed map also the guest's value of a composed map register (`G:NAME`) or file
 * element (`H:NAME:INDEX`), and the shift (`X`).
 */
type Query =
  | { k: 'r'; name: string }
  | { k: 'f'; name: string; index: number }
  | { k: 'c'; p: number }
  | { k: 'F'; name: string }
  | { k: 'G'; name: string }
  | { k: 'H'; name: string; index: number }
  | { k: 'X' };
const queries = new Map<string, Query>();
function parseQuery(q: string): Query {
  let x = queries.get(q);
  if (!x) {
    const [k, a, b] = q.split(':');
    x =
      k === 'r'
        ? { k: 'r', name: a! }
        : k === 'f'
          ? { k: 'f', name: a!, index: Number(b) }
          : k === 'F'
            ? { k: 'F', name: a! }
            : k === 'G'
              ? { k: 'G', name: a! }
              : k === 'H'
                ? { k: 'H', name: a!, index: Number(b) }
                : k === 'X'
                  ? { k: 'X' }
                  : { k: 'c', p: Number(a) };
    queries.set(q, x);
  }
  return x;
}

/** How the oracle runs semantics: the reference evaluator, its compiled twin, or both compared. */
export type Engine = 'reference' | 'fast' | 'both';

/**
 * Runs `ref` and `fast` on the same state and fails unless they ask the same things in the same
 * order and return equal results (or both stop at the same unassigned variable).
 */
function bothEngines<T>(ref: (ask: Ask) => T, fast: (ask: Ask) => T, same: (a: T, b: T) => boolean, what: string, sliced = false): (ask: Ask) => T {
  const run = (fn: (ask: Ask) => T, ask: Ask) => {
    const asked: string[] = [];
    let pending: string | undefined;
    let result: T | undefined;
    let need = false;
    try {
      result = fn((q) => {
        pending = q;
        const v = ask(q);
        pending = undefined;
        asked.push(`${q}=${v}`);
        return v;
      });
    } catch (e) {
      if (!(e instanceof Need)) throw e;
      need = true;
    }
    return { asked: asked.join(' '), pending, result, need };
  };
  return (ask) => {
    const a = run(ref, ask);
    // The reference stopped at a variable with no value yet: the search gives it one and asks again.
    if (a.need) ask(a.pending!);
    const b = run(fast, ask);
    // A sliced run asks a part of what the reference asks (the reference runs first: it stops first).
    const asks = sliced ? (a.need || b.asked.split(' ').every((x) => x === '' || a.asked.split(' ').includes(x))) && (!b.need || a.need) : a.asked === b.asked && a.need === b.need && a.pending === b.pending;
    if (!asks || (!a.need && !same(a.result as T, b.result as T)))
      throw new Error(
        `oracle: the compiled evaluator and the reference differ on ${what}:\n reference asked ${a.asked}${a.need ? ` then ${a.pending}` : ''} -> ${show(a.result)}\n compiled  asked ${b.asked}${b.need ? ` then ${b.pending}` : ''} -> ${show(b.result)}`,
      );
    if (a.need) ask(a.pending!); // throws the Need again
    return a.result as T;
  };
}

const show = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? String(v) : v instanceof Map ? Object.fromEntries(v) : v instanceof Int16Array ? [...v] : v));

/**
 * A run under a monitor's composed map: `guest` is the state whose registers the map reads (the
 * guest's map registers: before the run, the map of the guest state itself), `shift` the
 * variable of the move of the semantics' physical accesses.
 */
interface ComposedSide {
  guest: Side;
  shift: string;
}

class Side {
  constructor(
    readonly o: InsnContext,
    readonly L: Lazy,
    readonly regSrc: (name: string) => Src,
    readonly fileSrc: (name: string, index: number) => Src,
    /** The base storage cell that this state's physical cell `p` holds. */
    readonly cellBase: (p: number) => number,
    readonly composed?: ComposedSide,
  ) {}

  /** The state whose map is this state's before its run (under a composed map, the guest's). */
  get mapSide(): Side {
    return this.composed?.guest ?? this;
  }

  val(s: Src): number {
    if (s.key === '') return s.c!;
    const v = this.L.get(s.key);
    return s.f ? s.f(v) : v;
  }
  reg(name: string): number {
    return this.val(this.regSrc(name));
  }
  file(name: string, index: number): number {
    const h = this.o.hardwired.get(`${name}:${index}`);
    return h !== undefined ? h : this.val(this.fileSrc(name, index));
  }
  /** A cell as a load sees it: the demanded bits, and the others if something else read them. */
  dataCell(p: number): number {
    const q = this.cellBase(p);
    const d = this.o.D === 0 ? 0 : this.L.get(cKeys[q]!);
    const r = this.o.R === 0 ? 0 : (this.L.a.get(CKeys[q]!) ?? 0);
    return d | r;
  }
  /** A cell's whole value. */
  fullCell(p: number): number {
    const q = this.cellBase(p);
    const d = this.o.D === 0 ? 0 : this.L.get(cKeys[q]!);
    const r = this.o.R === 0 ? 0 : this.L.get(CKeys[q]!);
    return d | r;
  }
  /** The fetched cell, enumerated over the encodings of the instruction only; -1 when another value is there. */
  fetchCell(p: number): number {
    const o = this.o;
    // A cell that is a register (spec/mapped-registers.ts) holds the register's slice.
    const m = o.c.mapped.length > 0 ? mappedAt(o.c.mapped, p) : undefined;
    if (m) {
      const value = evaluateExpr(o.c.isa, m.view.read, {}, { reg: (n) => BigInt(this.reg(n)), file: (n, i) => BigInt(this.file(n, i)), cell: () => undefined, storageCells: o.c.N });
      const word = Number(cellAt(value, m.view.cells, m.offset, o.c.isa.state.storage));
      return o.encodings.has(word) ? word : -1;
    }
    const q = this.cellBase(p);
    const d = o.D === 0 ? 0 : this.L.restricted(cKeys[q]!, o.encD, 1 << popcount(o.D));
    const rs = o.encR.get(d);
    if (!rs) return -1;
    const r = o.R === 0 ? 0 : this.L.restricted(CKeys[q]!, rs, 1 << popcount(o.R));
    return o.encodings.has(d | r) ? d | r : -1;
  }
  askQ(x: Query): number {
    switch (x.k) {
      case 'r':
        return this.reg(x.name);
      case 'f':
        return this.file(x.name, x.index);
      case 'c':
        return this.dataCell(x.p);
      case 'F':
        throw new Error(`oracle: field '${x.name}' asked outside an instruction's run`);
      case 'G':
        return this.composedOnly().guest.reg(x.name);
      case 'H':
        return this.composedOnly().guest.file(x.name, x.index);
      case 'X':
        return this.L.get(this.composedOnly().shift);
      default: {
        const never: never = x;
        return never;
      }
    }
  }
  private composedOnly(): ComposedSide {
    if (!this.composed) throw new Error("oracle: a guest's map register or the shift asked outside a composed map's run");
    return this.composed;
  }
  readonly ask: Ask = (q) => this.askQ(parseQuery(q));
}

const cKeys = Array.from({ length: 256 }, (_, q) => 'c:' + q);
const CKeys = Array.from({ length: 256 }, (_, q) => 'C:' + q);
/** A side and the operand fields of the instruction it fetched. */
class Asker {
  constructor(
    private readonly side: Side,
    private readonly fields: Record<string, number>,
  ) {}
  askQ(q: Query): number {
    return q.k === 'F' ? this.fields[q.name]! : this.side.askQ(q);
  }
  ask(q: string): number {
    return this.askQ(parseQuery(q));
  }
}

const popcount = (m: number): number => {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
};
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Everything about an ISA the oracle needs, with the memos shared by every question. */
class IsaContext {
  readonly P: StatePartition;
  readonly N: number;
  readonly aw: number;
  readonly cellBits: number;
  readonly M: string;
  readonly PC: string;
  readonly width = new Map<string, number>();
  readonly levels: number[];
  readonly userLevels: number[];
  readonly supLevels: number[];
  readonly sysRegs: Set<string>;
  readonly sysFiles: Set<string>;
  readonly userRegs: Set<string>;
  readonly userFiles: Set<string>;
  readonly mapRegs: Set<string>;
  /**
   * A described map's composed map registers and files (proofs/definitions/README.md,
   * location-sensitive): under a monitor's composed map they hold the monitor's values, and the
   * map reads the guest's. Every register and file the map reads but the mode and the PC.
   */
  readonly composedRegs: Set<string>;
  readonly composedFiles: Set<string>;
  readonly relocation: Set<string>;
  readonly timing: Set<string>;
  readonly hardwired = new Map<string, number>();
  readonly config: { register: string; mask: number; value: number }[];
  readonly relocates: boolean;
  /** The mode selects the map: pairs must be placed alike (proofs/definitions/README.md). */
  readonly modeSelectsMap: boolean;
  readonly counter = { n: 0 };
  readonly fetch: Memo<number>;
  readonly visible: Memo<Int16Array>;
  private readonly tables = new Map<string, Memo<Int16Array>>();
  private readonly tableWith: (access: MemoryAccess, cells: number, use: 'reference' | 'fast') => (ask: Ask) => Int16Array;

  readonly fast: FastCompiler;
  /** Registers mapped into storage (spec/mapped-registers.ts). */
  readonly mapped: readonly MappedView[];
  /** The map reads storage (page tables): its translations ask cells. */
  readonly walks: boolean;
  /** The bits of a cell the map's table reads demand (demand.ts); every instruction demands them too. */
  readonly mapDemand: number;

  constructor(
    readonly isa: IsaDescription,
    configuration: readonly ConfigurationPart[],
    readonly engine: Engine,
    private readonly holdPlacedAlike = true,
  ) {
    const s = isa.state;
    this.P = partition(isa);
    this.N = s.storage.cells;
    this.aw = s.storage.addressBits;
    this.cellBits = s.storage.cellBits;
    if (this.N !== 2 ** this.aw) throw new Error('oracle: storage must have exactly 2^addressBits cells');
    if (this.cellBits > 8) throw new Error('oracle: cells of at most 8 bits');
    if (this.N > 256) throw new Error('oracle: at most 256 cells');
    this.M = s.mode.register;
    this.PC = s.pc;
    for (const r of s.registers) {
      if (r.width > 16) throw new Error(`oracle: register '${r.name}' is too wide to enumerate`);
      this.width.set(r.name, r.width);
    }
    for (const f of s.files) {
      if (f.width > 16) throw new Error(`oracle: file '${f.name}' is too wide to enumerate`);
      for (const h of f.hardwired ?? []) this.hardwired.set(`${f.name}:${h.index}`, Number(BigInt(h.value)));
    }
    this.levels = s.mode.levels.map((l) => l.value);
    this.userLevels = s.mode.levels.filter((l) => !l.supervisor).map((l) => l.value);
    this.supLevels = s.mode.levels.filter((l) => l.supervisor).map((l) => l.value);
    this.sysRegs = new Set(this.P.systemRegs);
    this.sysFiles = new Set(this.P.systemFiles);
    this.userRegs = new Set(this.P.userRegs);
    this.userFiles = new Set(this.P.userFiles);
    this.mapRegs = new Set(this.P.mapRegs);
    const described = isa.state.addressMap.kind === 'described';
    // User state is the program's, never the monitor's (a map that reads a user file reads the guest's).
    this.composedRegs = new Set(described ? this.P.mapRegs.filter((r) => r !== this.M && r !== this.PC && !this.P.userRegs.includes(r)) : []);
    this.composedFiles = new Set(described ? mapFiles(isa).filter((f) => !this.P.userFiles.includes(f)) : []);
    this.relocation = new Set(this.P.relocationRegs);
    this.timing = new Set(this.P.timing);
    this.config = configuration.map((c) => ({ register: c.register, mask: Number(BigInt(c.mask)), value: Number(BigInt(c.value)) }));
    for (const insn of isa.instructions) if (insn.encoding.bits !== this.cellBits) throw new Error(`oracle: '${insn.mnemonic}' is not one cell long`);

    this.fast = new FastCompiler(isa);
    this.mapped = mappedViews(isa);
    const k = (v: number): Expr => ({ kind: 'const', width: this.aw, value: String(v) });
    // A map that walks tables reads whole cells (every instruction then demands every bit of a cell).
    this.walks = isa.state.addressMap.kind === 'described' && (mapReadsStorage(isa, this.N) || mapWritesStorage(isa));
    this.mapDemand = this.walks ? demandedByMap(isa) : 0;
    const view = (ask: Ask): StateView => ({
      reg: (n) => BigInt(ask('r:' + n)),
      file: (n, i) => BigInt(ask(`f:${n}:${i}`)),
      cell: (p) => {
        if (!this.walks) throw new Error('oracle: the address map read storage');
        return p < 0n || p >= BigInt(this.N) ? undefined : BigInt(ask('c:' + p));
      },
      storageCells: this.N,
    });
    const fetchT = range(2 ** this.width.get(this.PC)!).map((pc) => translate(isa, k(pc), 1, this.N, 'fetch'));
    const readT = range(this.N).map((a) => translate(isa, k(a), 1, this.N, 'read'));
    /** The state expressions of the map, evaluated by the chosen engine. */
    const sx = (e: Expr, use: 'reference' | 'fast'): ((ask: Ask) => bigint) => {
      if (use === 'reference') return (ask) => evaluateExpr(isa, e, {}, view(ask));
      const f = this.fast.stateExpr(e);
      return (ask) => f(view(ask));
    };
    const fetchWith = (use: 'reference' | 'fast') => {
      const fs = fetchT.map((t) => ({ fault: sx(t.fault, use), physical: sx(t.physical, use) }));
      // The physical cell of the instruction at the PC; -1 when the fetch faults, -2 when it lies outside storage.
      return (ask: Ask): number => {
        const t = fs[ask('r:' + this.PC)]!;
        if (t.fault(ask) === 1n) return -1;
        const p = Number(t.physical(ask));
        return p < this.N ? p : -2;
      };
    };
    // Per virtual address, the physical cell an access of `cells` cells of kind `access` reaches, or -1.
    this.tableWith = (access, cells, use) => {
      const size = access === 'fetch' ? 2 ** this.width.get(this.PC)! : this.N;
      const rs = range(size).map((a) => translate(isa, k(a), cells, this.N, access)).map((t) => ({ fault: sx(t.fault, use), physical: sx(t.physical, use) }));
      return (ask: Ask): Int16Array => {
        const out = new Int16Array(size);
        rs.forEach((t, a) => {
          out[a] = t.fault(ask) === 1n ? -1 : Number(t.physical(ask));
          if (out[a]! + cells > this.N) out[a] = -1;
        });
        return out;
      };
    };
    const reduction: Reduction = { keys: (q) => this.keys(q), key: (_, a) => a, leafKey: (v) => show(v) };
    this.fetch = new Memo(
      engine === 'both' ? bothEngines(fetchWith('reference'), fetchWith('fast'), (a, b) => a === b, 'an instruction fetch') : fetchWith(engine),
      this.counter,
      reduction,
    );
    this.reduction = reduction;
    this.visible = this.table('read', 1);
    // A described map moves nothing itself: its location pair is the composed one (questions()).
    this.relocates = isa.state.addressMap.kind === 'relocation-bounds' && this.relocation.size > 0 && this.movesByShift();
    this.modeSelectsMap = this.P.modeSelectsMap && holdPlacedAlike;
  }

  private readonly reduction: Reduction;

  /** The map's translation of every virtual address, for one kind and size of access. */
  table(access: MemoryAccess, cells: number): Memo<Int16Array> {
    const key = `${access}:${cells}`;
    let t = this.tables.get(key);
    if (!t) {
      const fn =
        this.engine === 'both'
          ? bothEngines(this.tableWith(access, cells, 'reference'), this.tableWith(access, cells, 'fast'), (a, b) => a.join() === b.join(), `the translation of a ${access}`)
          : this.tableWith(access, cells, this.engine);
      this.tables.set(key, (t = new Memo(fn, this.counter, this.reduction)));
    }
    return t;
  }

  /**
   * Whether adding x to the relocation registers moves every physical address by x: checked for
   * x = 1 at every address and every value of the relocation registers (x = 1 at every value
   * gives every x by induction).
   */
  private movesByShift(): boolean {
    const regs = [...this.relocation];
    if (regs.some((r) => this.width.get(r) !== this.aw)) return false;
    const t = range(this.N).map((a) => translate(this.isa, { kind: 'const', width: this.aw, value: String(a) }, 1, this.N, 'read').physical);
    const values = (assign: number[]): StateView => ({
      reg: (n) => BigInt(assign[regs.indexOf(n)]!),
      file: () => {
        throw new Error('oracle: physical address reads a file');
      },
      cell: () => undefined,
      storageCells: this.N,
    });
    const combos = this.N ** regs.length;
    const fs = t.map((e) => (this.engine === 'reference' ? (v: StateView) => evaluateExpr(this.isa, e, {}, v) : this.fast.stateExpr(e)));
    for (let c = 0; c < combos; c++) {
      const assign = regs.map((_, j) => Math.floor(c / this.N ** j) % this.N);
      const moved = assign.map((v) => (v + 1) % this.N);
      for (const f of fs) {
        const p = Number(f(values(assign)));
        const p1 = Number(f(values(moved)));
        if (p1 !== (p + 1) % this.N) return false;
      }
    }
    return true;
  }

  mask(name: string): number {
    return (1 << this.width.get(name)!) - 1;
  }

  /** What each projection keeps of a run (for the compiled evaluator's slicing). */
  get keep(): Record<'kind' | 'system' | 'visible', Keep> {
    return (this.keepCache ??= {
      kind: { regs: new Set(), files: new Set(), cells: false, halt: false },
      system: { regs: this.sysRegs, files: this.sysFiles, cells: false, halt: false },
      visible: { regs: new Set([this.PC, ...this.userRegs]), files: this.userFiles, cells: true, halt: true },
    });
  }
  private keepCache: Record<'kind' | 'system' | 'visible', Keep> | undefined;

  /** How many answers a question about a register or a file element (the guest's too), or the shift, can have. */
  keys(q: Query): number {
    if (q.k === 'r' || q.k === 'G') return q.name === this.M ? this.levels.length : 1 << this.width.get(q.name)!;
    if (q.k === 'f' || q.k === 'H') return 1 << this.isa.state.files.find((f) => f.name === q.name)!.width;
    if (q.k === 'X') return this.N - 1;
    if (q.k === 'c' && this.walks) return 1 << this.cellBits;
    throw new Error(`oracle: no domain for question ${JSON.stringify(q)}`);
  }

  /** A run's outcome with only what a question looks at (so that the memo can skip the rest). */
  project(o: RunOutcome, p: Projection): RunOutcome {
    if (o.kind === 'trap') return TRAP;
    if (o.kind !== 'done') return o;
    if (p === 'kind') return DONE;
    const keepReg = p === 'system' ? (n: string) => this.sysRegs.has(n) : (n: string) => n === this.PC || this.userRegs.has(n);
    const keepFile = p === 'system' ? (n: string) => this.sysFiles.has(n) : (n: string) => this.userFiles.has(n);
    return {
      kind: 'done',
      halt: p === 'visible' ? o.halt : false,
      regs: new Map([...o.regs].filter(([n]) => keepReg(n))),
      files: new Map([...o.files].filter(([k]) => keepFile(k.split(':')[0]!))),
      cells: p === 'visible' ? o.cells : new Map(),
    };
  }
}

/** The context of one instruction: its encodings, its demanded cell bits, its semantics memo. */
class InsnContext {
  readonly D: number;
  readonly R: number;
  readonly encodings: Set<number>;
  readonly encD: number[];
  readonly encR = new Map<number, number[]>();
  readonly hardwired: Map<string, number>;
  private readonly domains = new Map<string, readonly number[]>();

  constructor(
    readonly c: IsaContext,
    readonly insn: InstructionDecl,
    demand: boolean,
  ) {
    const cellMask = (1 << c.cellBits) - 1;
    // A map that walks tables reads cells through the same view as the loads: its bits are demanded too.
    this.D = demand ? demandedCellMask(c.isa, insn) | c.mapDemand : cellMask;
    this.R = cellMask & ~this.D;
    this.hardwired = c.hardwired;
    this.encodings = new Set(range(1 << c.cellBits).filter((v) => decode(c.isa, [v])?.insn === insn));
    for (const e of this.encodings) {
      const d = e & this.D;
      const rs = this.encR.get(d) ?? [];
      rs.push(e & this.R);
      this.encR.set(d, rs);
    }
    this.encD = [...this.encR.keys()];
    this.exec = this.makeExec();
  }

  /** The values a variable takes. */
  readonly dom = (key: string): readonly number[] => {
    let d = this.domains.get(key);
    if (d) return d;
    const c = this.c;
    const base = key.split('@')[0]!;
    const [kind, name] = base.split(':');
    if (kind === 'r') d = name === c.M ? c.levels : range(1 << c.width.get(name!)!);
    else if (kind === 'f') d = range(1 << c.isa.state.files.find((f) => f.name === name)!.width);
    else if (kind === 'c') d = subsets(this.D);
    else if (kind === 'C') d = subsets(this.R);
    else if (key === '$x') d = range(c.N).slice(1);
    else if (key === '$k') d = range(c.N);
    else if (key === '$u' || key === '$ru') d = c.userLevels;
    else throw new Error(`oracle: unknown variable '${key}'`);
    this.domains.set(key, d);
    return d;
  };

  /** One run of the instruction from the state `side` reads, reduced to what `projection` keeps. */
  run(side: Side, projection: Projection): RunOutcome {
    const c = this.c;
    // Under a composed map the fetch is translated by the guest's map.
    const p = c.fetch.get(side.mapSide);
    if (p < 0) return EXCLUDED;
    const e = side.fetchCell(p);
    if (e < 0) return NOT_HOLD;
    // The operand fields are asked for like the state, so that the semantics memoize across encodings.
    const exec = side.composed ? (this.composedExec ??= this.makeComposedExec()) : this.exec;
    return exec[projection].get(new Asker(side, this.fields.get(e)!));
  }

  /** The instruction word the run from `side` fetches; -1 when its fetch is excluded or finds another instruction. */
  word(side: Side): number {
    const p = this.c.fetch.get(side.mapSide);
    return p < 0 ? -1 : side.fetchCell(p);
  }

  /**
   * Where a run looks through the map: its fetch and each data access it reaches, as
   * `[vaddr, access, cells]` triples (access an index of `accessKinds`). Recorded by the reference
   * evaluator whatever the engine; empty for a state that does not hold the instruction or whose
   * fetch is excluded.
   */
  looks(side: Side): readonly number[] {
    const c = this.c;
    if (side.composed) throw new Error('oracle: where a run looks under a composed map is not recorded (both runs have the guest\'s map)');
    const p = c.fetch.get(side);
    if (p < 0) return [];
    const e = side.fetchCell(p);
    if (e < 0) return [];
    return [side.reg(c.PC), 0, 1, ...this.accessMemo.get(new Asker(side, this.fields.get(e)!))];
  }

  private readonly fields = new Map<number, Record<string, number>>();
  private readonly exec: Record<Projection, Memo<RunOutcome>>;
  /** The runs under a monitor's composed map (made when a question first asks for one). */
  private composedExec: Record<Projection, Memo<RunOutcome>> | undefined;
  private accessMemo!: Memo<number[]>;

  private makeExec(): Record<Projection, Memo<RunOutcome>> {
    const c = this.c;
    const insn = this.insn;
    for (const e of this.encodings) this.fields.set(e, decode(c.isa, [e])!.fields);
    const view = (ask: Ask): FastView => ({
      reg: (n) => BigInt(ask('r:' + n)),
      file: (n, i) => BigInt(ask(`f:${n}:${i}`)),
      cell: (a) => (a < 0n || a >= BigInt(c.N) ? undefined : BigInt(ask('c:' + a))),
      field: (n) => BigInt(ask('F:' + n)),
      storageCells: c.N,
    });
    const compiled = (p: Projection) => (c.engine === 'reference' ? undefined : c.fast.instruction(insn, c.keep[p]));
    const outcomeWith =
      (use: 'reference' | 'fast', p: Projection) => {
      const fast = use === 'fast' ? compiled(p) : undefined;
      return (ask: Ask): RunOutcome => {
        let out: Outcome;
        try {
          if (use === 'fast') out = fast!(view(ask));
          else {
            const fields = new Proxy({} as Record<string, number>, { get: (_, n) => (typeof n === 'string' ? ask('F:' + n) : undefined) });
            out = evaluateBlock(c.isa, stepSemantics(c.isa, insn), { fields, insn }, view(ask));
          }
        } catch (err) {
          if (outsideStorage(err)) return EXCLUDED;
          throw err;
        }
        return this.outcomeOf(out, ask, p);
      };
    };
    const run = (p: Projection) =>
      c.engine === 'both'
        ? bothEngines(outcomeWith('reference', p), outcomeWith('fast', p), (a, b) => show(a) === show(b), `the semantics of ${insn.mnemonic} (${p})`, true)
        : outcomeWith(c.engine, p);
    const memo = (p: Projection) => {
      const f = run(p);
      return new Memo((ask) => c.project(f(ask), p), c.counter, this.reduction);
    };
    this.accessMemo = new Memo(
      (ask) => {
        const out: number[] = [];
        const fields = new Proxy({} as Record<string, number>, { get: (_, n) => (typeof n === 'string' ? ask('F:' + n) : undefined) });
        const onAccess = (vaddr: bigint, access: MemoryAccess, cells: number) => out.push(Number(vaddr), accessKinds.indexOf(access), cells);
        try {
          evaluateBlock(c.isa, stepSemantics(c.isa, insn), { fields, insn, onAccess }, view(ask));
        } catch (err) {
          if (!outsideStorage(err)) throw err;
        }
        return out;
      },
      c.counter,
      this.reduction,
    );
    return { kind: memo('kind'), system: memo('system'), visible: memo('visible') };
  }

  /** How the semantics memos reduce: a loaded cell by its demanded bits, a field by its width. */
  private get reduction(): Reduction {
    const c = this.c;
    const fieldWidth = new Map(this.insn.encoding.fields.map((f) => [f.name, f.width]));
    return (this.reductionCache ??= {
      keys: (q) => (q.k === 'c' ? 1 << popcount(this.D) : q.k === 'F' ? 1 << fieldWidth.get(q.name)! : c.keys(q)),
      key: (q, a) => (q.k === 'c' ? a & this.D : a),
      leafKey: (v) => show(v),
    });
  }
  private reductionCache: Reduction | undefined;

  /** A run's outcome from the evaluator's: excluded traps set aside, the PC advanced, projected. */
  private outcomeOf(out: Outcome, ask: Ask, p: Projection): RunOutcome {
    const c = this.c;
    if (out.kind === 'trap') {
      const trap = out.trap;
      const cls = c.isa.traps.kinds.find((t) => t.name === trap)!.class;
      return cls === 'memory' || cls === 'exception' ? EXCLUDED : { kind: 'trap', trap };
    }
    const writes = [...out.writes];
    if (!out.pcWritten && p === 'visible') writes.push({ kind: 'reg', name: c.PC, value: BigInt((ask('r:' + c.PC) + 1) & c.mask(c.PC)) });
    return c.project(doneOf(c.isa, writes, out.halt), p);
  }

  /**
   * The runs under a monitor's composed map (proofs/definitions/README.md, location-sensitive), on
   * the evaluators' composed view: the map asks the guest's values of the composed map registers
   * (`G:`, `H:`), the semantics' physical accesses ask the shift (`X`) and reach the guest's cell
   * moved back by it, every other read asks the real values; storage cells are the guest's by
   * guest address. The chosen engine runs them (`both`: compared on every path).
   */
  private makeComposedExec(): Record<Projection, Memo<RunOutcome>> {
    const c = this.c;
    const insn = this.insn;
    const view = (ask: Ask): FastView => ({
      reg: (n) => BigInt(ask('r:' + n)),
      file: (n, i) => BigInt(ask(`f:${n}:${i}`)),
      cell: (a) => (a < 0n || a >= BigInt(c.N) ? undefined : BigInt(ask('c:' + a))),
      field: (n) => BigInt(ask('F:' + n)),
      storageCells: c.N,
      composed: {
        mapReg: (n) => (c.composedRegs.has(n) ? BigInt(ask('G:' + n)) : undefined),
        mapFile: (n, i) => (c.composedFiles.has(n) ? BigInt(ask(`H:${n}:${i}`)) : undefined),
        // Read only by a physical access of the semantics: asked then, not before.
        get shift() {
          return BigInt(ask('X'));
        },
      },
    });
    const outcomeWith = (use: 'reference' | 'fast', p: Projection) => {
      const fast = use === 'fast' ? c.fast.instruction(insn, c.keep[p]) : undefined;
      return (ask: Ask): RunOutcome => {
        let out: Outcome;
        try {
          if (fast) out = fast(view(ask));
          else {
            const fields = new Proxy({} as Record<string, number>, { get: (_, n) => (typeof n === 'string' ? ask('F:' + n) : undefined) });
            out = evaluateBlock(c.isa, stepSemantics(c.isa, insn), { fields, insn }, view(ask));
          }
        } catch (err) {
          if (outsideStorage(err)) return EXCLUDED;
          throw err;
        }
        return this.outcomeOf(out, ask, p);
      };
    };
    const memo = (p: Projection) => {
      const f =
        c.engine === 'both'
          ? bothEngines(outcomeWith('reference', p), outcomeWith('fast', p), (a, b) => show(a) === show(b), `the semantics of ${insn.mnemonic} under a composed map (${p})`, true)
          : outcomeWith(c.engine, p);
      return new Memo((ask) => c.project(f(ask), p), c.counter, this.reduction);
    };
    return { kind: memo('kind'), system: memo('system'), visible: memo('visible') };
  }
}

function subsets(mask: number): number[] {
  const out: number[] = [];
  // Every value whose bits lie in `mask`, ascending.
  for (let s = 0; ; s = (s - mask) & mask) {
    out.push(s);
    if (((s - mask) & mask) === 0) break;
  }
  return out.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// The definitions.

/** A question's predicate and the states of its witness, over one assignment. */
interface Setup {
  pred: () => boolean;
  /** The states of a witness (read from a completed assignment). */
  states: () => Record<string, Side>;
}

interface Question {
  name: OracleQuestion;
  /** The variables of the space quantified over, with their domain sizes. */
  space: Map<string, number>;
  params: string[];
  setup: (L: Lazy) => Setup;
}

function questions(o: InsnContext): Question[] {
  const c = o.c;
  const { isa, P } = c;
  const regSrcs = new Map<string, Src>();
  const baseReg = (n: string): Src => {
    let s = regSrcs.get(n);
    if (!s) regSrcs.set(n, (s = { key: 'r:' + n, tid: '' }));
    return s;
  };
  const fileSrcs = new Map<string, Src>();
  const fileSrc = (n: string, i: number, tag = ''): Src => {
    const key = `f:${n}:${i}${tag}`;
    let s = fileSrcs.get(key);
    if (!s) fileSrcs.set(key, (s = { key, tid: '' }));
    return s;
  };
  const baseFile = (n: string, i: number) => fileSrc(n, i);
  const taggedSrcs = new Map<string, Src>();
  const tagged = (n: string, tag: string): Src => {
    const key = `r:${n}@${tag}`;
    let s = taggedSrcs.get(key);
    if (!s) taggedSrcs.set(key, (s = { key, tid: '' }));
    return s;
  };
  const id = (p: number) => p;
  const base = (L: Lazy) => new Side(o, L, baseReg, baseFile, id);
  const fileElems = (names: Iterable<string>) =>
    [...names].flatMap((n) => range(isa.state.files.find((f) => f.name === n)!.count).filter((i) => !c.hardwired.has(`${n}:${i}`)).map((i) => [n, i] as const));

  /** A state whose registers `regs` and files `files` are its own copies (`@tag`). */
  const varied = (L: Lazy, tag: string, regs: Set<string>, files: Set<string>) =>
    new Side(
      o,
      L,
      (n) => (regs.has(n) ? tagged(n, tag) : baseReg(n)),
      (n, i) => (files.has(n) ? fileSrc(n, i, '@' + tag) : baseFile(n, i)),
      id,
    );
  /** The configuration C applied to a source of register `n`. */
  const configured = new WeakMap<Src, Src>();
  const withC = (n: string, s: Src): Src => {
    const part = c.config.find((x) => x.register === n);
    if (!part) return s;
    let t = configured.get(s);
    if (!t) {
      const f = s.f;
      const g = (v: number) => (v & ~part.mask) | part.value;
      t = s.key === '' ? { key: '', tid: s.tid + '|C', c: g(s.c!) } : { key: s.key, tid: s.tid + '|C', f: f ? (v) => g(f(v)) : g };
      configured.set(s, t);
    }
    return t;
  };
  const shiftedSrcs = new Map<string, Src>();
  const shiftSrc = (n: string, by: number): Src => {
    const key = `${n}+${by}`;
    let s = shiftedSrcs.get(key);
    if (!s) {
      const m = c.mask(n);
      shiftedSrcs.set(key, (s = { key: 'r:' + n, tid: `+${by}`, f: (v) => (v + by) & m }));
    }
    return s;
  };
  const mod = (p: number) => ((p % c.N) + c.N) % c.N;

  // The space of one state, optionally without some registers and files (replaced by copies).
  const baseSpace = (without: Set<string> = new Set(), withoutFiles: Set<string> = new Set()) => {
    const sp = new Map<string, number>();
    for (const r of isa.state.registers) if (!without.has(r.name)) sp.set('r:' + r.name, o.dom('r:' + r.name).length);
    for (const [n, i] of fileElems(isa.state.files.map((f) => f.name))) if (!withoutFiles.has(n)) sp.set(`f:${n}:${i}`, o.dom(`f:${n}:${i}`).length);
    for (let q = 0; q < c.N; q++) {
      if (o.D !== 0) sp.set('c:' + q, 1 << popcount(o.D));
      if (o.R !== 0) sp.set('C:' + q, 1 << popcount(o.R));
    }
    return sp;
  };
  const copies = (sp: Map<string, number>, tag: string, regs: Iterable<string>, files: Iterable<string>) => {
    for (const n of regs) sp.set(`r:${n}@${tag}`, o.dom('r:' + n).length);
    for (const [n, i] of fileElems(files)) sp.set(`f:${n}:${i}@${tag}`, o.dom(`f:${n}:${i}`).length);
    return sp;
  };

  const ok = (x: RunOutcome): x is Done | { kind: 'trap'; trap: string } => x.kind === 'done' || x.kind === 'trap';
  const isUser = (m: number) => c.userLevels.includes(m);

  /** Whether a completed run changed a system register or an element of a system file. */
  const changesSystem = (s: Side, d: Done): boolean => {
    for (const [n, v] of d.regs) if (c.sysRegs.has(n) && v !== s.reg(n)) return true;
    for (const [k, v] of d.files) {
      const [n, i] = k.split(':');
      if (c.sysFiles.has(n!) && v !== s.file(n!, Number(i))) return true;
    }
    return false;
  };

  const userFileElems = fileElems(P.userFiles);
  const srcEq = (a: Src, b: Src) => a.key === b.key && a.tid === b.tid && (a.key !== '' || a.c === b.c);
  const sameReg = (A: Side, a: Done, B: Side, b: Done, n: string) => {
    const wa = a.regs.get(n);
    const wb = b.regs.get(n);
    if (wa === undefined && wb === undefined && srcEq(A.regSrc(n), B.regSrc(n))) return true;
    return (wa ?? A.reg(n)) === (wb ?? B.reg(n));
  };
  const sameFile = (A: Side, a: Done, B: Side, b: Done, n: string, i: number) => {
    const wa = a.files.get(`${n}:${i}`);
    const wb = b.files.get(`${n}:${i}`);
    if (wa === undefined && wb === undefined && srcEq(A.fileSrc(n, i), B.fileSrc(n, i))) return true;
    return (wa ?? A.file(n, i)) === (wb ?? B.file(n, i));
  };

  /** Outcomes alike (both already known not to be excluded). */
  const alike = (A: Side, a: Done | { kind: 'trap' }, B: Side, b: Done | { kind: 'trap' }): boolean => {
    if (a.kind === 'trap' || b.kind === 'trap') return a.kind === b.kind;
    if (a.halt !== b.halt) return false;
    if (!sameReg(A, a, B, b, c.PC)) return false;
    for (const n of P.userRegs) if (!sameReg(A, a, B, b, n)) return false;
    for (const [n, i] of userFileElems) if (!sameFile(A, a, B, b, n, i)) return false;
    // Storage through each run's map before the run (under a composed map, the guest's).
    const va = c.visible.get(A.mapSide);
    const vb = c.visible.get(B.mapSide);
    for (let v = 0; v < c.N; v++) {
      const pa = va[v]!;
      const pb = vb[v]!;
      if (pa < 0 || pb < 0) continue;
      // Where the mode selects the map, storage is compared where both place v on one cell.
      if (c.modeSelectsMap && pa !== pb) continue;
      const wa = a.cells.get(pa);
      const wb = b.cells.get(pb);
      if (wa === undefined && wb === undefined && A.cellBase(pa) === B.cellBase(pb)) continue;
      if ((wa ?? A.fullCell(pa)) !== (wb ?? B.fullCell(pb))) return false;
    }
    return true;
  };

  /**
   * The two states are placed alike where the mode selects the map (proofs/definitions/README.md):
   * at every address both runs look at through the map, with the same kind and size of access,
   * the two maps as they were before the runs land on the same cell wherever neither faults.
   */
  const placedAlike = (A: Side, B: Side): boolean => {
    // Under a composed map both runs look through the guest's map (B's is A's): alike everywhere.
    if (!c.modeSelectsMap || B.composed?.guest === A) return true;
    const a = o.looks(A);
    const b = o.looks(B);
    for (let i = 0; i < a.length; i += 3)
      for (let j = 0; j < b.length; j += 3) {
        if (a[i] !== b[j] || a[i + 1] !== b[j + 1] || a[i + 2] !== b[j + 2]) continue;
        const t = c.table(accessKinds[a[i + 1]!]!, a[i + 2]!);
        const pa = t.get(A)[a[i]!]!;
        const pb = t.get(B)[a[i]!]!;
        if (pa >= 0 && pb >= 0 && pa !== pb) return false;
      }
    return true;
  };

  /**
   * Neither run excluded, placed alike, and the outcomes not alike: the kinds first (a trap and a completion are
   * never alike, two traps always are), then what the user sees.
   */
  const unlike = (S1: Side, S2: Side): boolean => {
    const k1 = o.run(S1, 'kind');
    if (!ok(k1)) return false;
    const k2 = o.run(S2, 'kind');
    if (!ok(k2)) return false;
    if (!placedAlike(S1, S2)) return false;
    // One instruction word in both runs (proofs/definitions/README.md): where a fetch reads a
    // register mapped into storage, the other run may find another encoding of i, which is the
    // theorem-level fetch condition's business, not this pair's (fixture 1fc7fea39494).
    if (o.word(S1) !== o.word(S2)) return false;
    if (k1.kind !== k2.kind) return true;
    if (k1.kind === 'trap') return false;
    return !alike(S1, o.run(S1, 'visible') as Done, S2, o.run(S2, 'visible') as Done);
  };

  const qs: Question[] = [];

  /** A question about one state of any level, or (`user`) of a user level. */
  const oneState = (name: OracleQuestion, user: boolean, shows: (S: Side) => boolean): Question => ({
    name,
    space: baseSpace(),
    params: [],
    setup: (L) => {
      const S = base(L);
      return { pred: () => (!user || isUser(S.reg(c.M))) && shows(S), states: () => ({ S }) };
    },
  });

  // Where registers are mapped: a state of the level that fetches the instruction from one's cell.
  if (c.mapped.length > 0)
    for (const user of [false, true])
      qs.push(
        oneState(user ? 'mapped-fetch-user' : 'mapped-fetch-any', user, (S) => {
          const p = c.fetch.get(S);
          return p >= 0 && mappedAt(c.mapped, p) !== undefined && S.fetchCell(p) >= 0;
        }),
      );

  // control-sensitive, user-control-sensitive
  for (const user of [false, true])
    qs.push(
      oneState(user ? 'user-control-sensitive' : 'control-sensitive', user, (S) => {
        const r = o.run(S, 'system');
        return r.kind === 'done' && changesSystem(S, r);
      }),
    );

  /** Pairs that differ in `regs` and `files`; `sameUser`: both in the same user level. */
  const pair = (name: OracleQuestion, regs: Set<string>, files: Set<string>, sameUser: boolean): Question => ({
    name,
    space: copies(copies(baseSpace(regs, files), '1', regs, files), '2', regs, files),
    params: [],
    setup: (L) => {
      const S1 = varied(L, '1', regs, files);
      const S2 = varied(L, '2', regs, files);
      return {
        pred: () => {
          // Equal states run alike (runs are deterministic): nothing to search.
          if (regs.size === 0 && files.size === 0) return false;
          if (sameUser && !isUser(L.get('r:' + c.M))) return false;
          return unlike(S1, S2);
        },
        states: () => ({ S1, S2 }),
      };
    },
  });
  const modeLikeRegs = new Set(P.modeLike.regs);
  const modeLikeFiles = new Set(P.modeLike.files);
  qs.push(pair('mode-sensitive', modeLikeRegs, modeLikeFiles, false));
  qs.push(pair('user-system-sensitive', new Set([...modeLikeRegs].filter((r) => r !== c.M && !c.mapRegs.has(r))), modeLikeFiles, true));
  qs.push(pair('timing-dependent', c.timing, new Set(), false));

  // location-sensitive, user-location-sensitive: S2 is S1 moved by x. A relocation-bounds map
  // moves S1's relocation registers and storage; a described map runs S2 under the monitor's
  // composed map: its composed map registers hold any values (copies '@2'), the map reads the
  // guest's (S1's), storage is the guest's, and the semantics' physical accesses move by x.
  const shifted = (L: Lazy, key: string) =>
    new Side(
      o,
      L,
      (n) => (c.relocation.has(n) ? shiftSrc(n, L.get(key)) : baseReg(n)),
      baseFile,
      (p) => mod(p - L.get(key)),
    );
  const described = isa.state.addressMap.kind === 'described';
  const composedUnder = (L: Lazy, guest: Side, key: string) =>
    new Side(
      o,
      L,
      (n) => (c.composedRegs.has(n) ? tagged(n, '2') : baseReg(n)),
      (n, i) => (c.composedFiles.has(n) ? fileSrc(n, i, '@2') : baseFile(n, i)),
      id,
      { guest, shift: key },
    );
  for (const user of [false, true]) {
    const space = new Map([...baseSpace(), ['$x', c.N - 1]]);
    if (described) copies(space, '2', c.composedRegs, c.composedFiles);
    qs.push({
      name: user ? 'user-location-sensitive' : 'location-sensitive',
      space,
      params: ['$x'],
      setup: (L) => {
        const S1 = base(L);
        const S2 = described ? composedUnder(L, S1, '$x') : shifted(L, '$x');
        return {
          pred: () => {
            if (!c.relocates && !described) return false;
            if (user && !isUser(S1.reg(c.M))) return false;
            return unlike(S1, S2);
          },
          states: () => ({ S1, S2 }),
        };
      },
    });
  }

  // privileged (the search is for a state that shows it is not)
  const uSrc: Src = { key: '$u', tid: '' };
  qs.push({
    name: 'privileged',
    space: new Map([...baseSpace(new Set([c.M])), ['$u', c.userLevels.length]]),
    params: ['$u'],
    setup: (L) => {
      const U = new Side(o, L, (n) => withC(n, n === c.M ? uSrc : baseReg(n)), baseFile, id);
      const sups = c.supLevels.map((l) => {
        const level: Src = { key: '', tid: 'level', c: l };
        return [l, new Side(o, L, (n) => (n === c.M ? level : baseReg(n)), baseFile, id)] as const;
      });
      return {
        pred: () => {
          const u = o.run(U, 'kind');
          if (!ok(u)) return false;
          let someNotExcluded = false;
          let everyExcludedOrTrap = true;
          for (const [, S] of sups) {
            const s = o.run(S, 'kind');
            if (s.kind === 'nothold') return false;
            // Privilege is of one instruction word: where the mode selects the map, a level that
            // fetches another encoding of the instruction runs another word (the checker's query
            // has one symbolic word for every run). An excluded run that fetched counts too: its
            // word decides whether it is excluded (a field addressing beyond storage), so a level
            // excluded only by another word says nothing of this one (fixture 566e3b0a14cf).
            const w = o.word(S);
            if (w !== -1 && w !== o.word(U)) return false;
            if (s.kind !== 'excluded') someNotExcluded = true;
            if (s.kind === 'done') everyExcludedOrTrap = false;
          }
          return someNotExcluded && (u.kind === 'done' || everyExcludedOrTrap);
        },
        states: () => Object.fromEntries([['U', U], ...sups.map(([l, S]) => [`Sup:${isa.state.mode.levels.find((x) => x.value === l)!.name}`, S])]),
      };
    },
  });

  // The exact per-step condition: the search is for a state that shows the instruction unsafe.
  const relocationBounds = isa.state.addressMap.kind === 'relocation-bounds';
  const free = P.systemRegs.filter((n) => n !== c.M && !c.mapRegs.has(n) && !c.timing.has(n));
  const freeSet = new Set(free);
  const ruSrc: Src = { key: '$ru', tid: '' };
  const real = (L: Lazy, userVariant: boolean) =>
    new Side(
      o,
      L,
      (n) => {
        let s: Src;
        if (n === c.M) s = userVariant ? baseReg(n) : ruSrc;
        else if (freeSet.has(n)) s = tagged(n, 'R');
        else if (relocationBounds && c.relocation.has(n)) s = shiftSrc(n, L.get('$k'));
        else s = baseReg(n);
        return withC(n, s);
      },
      (n, i) => (c.sysFiles.has(n) ? fileSrc(n, i, '@R') : baseFile(n, i)),
      relocationBounds ? (p) => mod(p - L.get('$k')) : id,
    );
  for (const userVariant of [false, true]) {
    const space = copies(baseSpace(), 'R', free, P.systemFiles);
    if (relocationBounds) space.set('$k', c.N);
    if (!userVariant) space.set('$ru', c.userLevels.length);
    qs.push({
      name: userVariant ? 'direct-user-level' : 'direct-any-level',
      space,
      params: [...(relocationBounds ? ['$k'] : []), ...(userVariant ? [] : ['$ru'])],
      setup: (L) => {
        const S = base(L);
        const R = real(L, userVariant);
        return {
          pred: () => {
            if (userVariant && !isUser(S.reg(c.M))) return false;
            // The cheap questions first (each run reads only what its projection needs).
            if (o.run(R, 'kind').kind !== 'done') return false;
            const ks = o.run(S, 'kind');
            if (!ok(ks)) return false;
            if (!placedAlike(S, R)) return false;
            if (o.word(S) !== o.word(R)) return false;
            if (ks.kind === 'trap') return true;
            if (changesSystem(S, o.run(S, 'system') as Done) || changesSystem(R, o.run(R, 'system') as Done)) return true;
            return !alike(S, o.run(S, 'visible') as Done, R, o.run(R, 'visible') as Done);
          },
          states: () => ({ S, R }),
        };
      },
    });
  }
  return qs;
}

/** A side's whole state under a completed assignment. */
function concreteOf(side: Side): ConcreteState {
  const c = side.o.c;
  const isa = c.isa;
  const g = side.composed?.guest;
  return {
    registers: Object.fromEntries(isa.state.registers.map((r) => [r.name, side.reg(r.name)])),
    files: Object.fromEntries(isa.state.files.map((f) => [f.name, range(f.count).map((i) => side.file(f.name, i))])),
    cells: range(c.N).map((p) => side.fullCell(p)),
    ...(g
      ? {
          guest: {
            regs: Object.fromEntries([...c.composedRegs].map((n) => [n, g.reg(n)])),
            files: Object.fromEntries([...c.composedFiles].map((n) => [n, range(isa.state.files.find((f) => f.name === n)!.count).map((i) => g.file(n, i))])),
            shift: side.L.get(side.composed!.shift),
          },
        }
      : {}),
  };
}

/** The configuration the oracle assumes: the argument, else the declared one, else none. */
export function configurationOf(isa: IsaDescription, configuration?: readonly ConfigurationPart[]): ConfigurationPart[] {
  return (configuration ?? isa.state.configuration ?? []).map((c) => ({ register: c.register, mask: c.mask, value: c.value }));
}

/**
 * Every definition and both variants of the exact per-step condition, for every instruction,
 * by enumeration. `configuration`: C for `privileged` and `Real_C` (default: the declared one).
 */
export function oracleAnswers(isa: IsaDescription, configuration?: readonly ConfigurationPart[], options: OracleOptions = {}): OracleAnswers {
  const t0 = performance.now();
  const config = configurationOf(isa, configuration);
  // The fast engine does not know registers mapped into storage: those descriptions run on the reference.
  const engine = (isa.state.storage.mapped ?? []).length > 0 ? 'reference' : (options.engine ?? 'fast');
  const c = new IsaContext(isa, config, engine, options.placedAlike ?? true);
  let leaves = 0;
  let covered = 0n;
  const instructions = isa.instructions.map((insn): InstructionAnswers => {
    const o = new InsnContext(c, insn, options.demand ?? true);
    const answers = {} as Record<OracleQuestion, boolean>;
    const witnesses: Partial<Record<OracleQuestion, OracleWitness>> = {};
    const stats: Partial<Record<OracleQuestion, SearchStats>> = {};
    for (const q of questions(o)) {
      const r = search(q.setup, o.dom, q.space, options.maxLeaves);
      stats[q.name] = r.stats;
      leaves += r.stats.leaves;
      covered += r.stats.covered;
      answers[q.name] = r.witness !== undefined;
      if (r.witness) {
        const L = new Completed(o.dom);
        for (const [k, v] of r.witness) L.a.set(k, v);
        const sides = q.setup(L).states();
        witnesses[q.name] = {
          question: q.name,
          states: Object.fromEntries(Object.entries(sides).map(([k, s]) => [k, concreteOf(s)])),
          params: Object.fromEntries(q.params.map((p) => [p.slice(1), L.get(p)])),
        };
      }
    }
    // privileged: the search found a state that shows it is not.
    const definitions = Object.fromEntries(oracleDefinitions.map((d) => [d, d === 'privileged' ? !answers[d] : answers[d]])) as Record<OracleDefinition, boolean>;
    return {
      mnemonic: insn.mnemonic,
      definitions,
      witnesses: Object.fromEntries(oracleDefinitions.filter((d) => witnesses[d]).map((d) => [d, witnesses[d]!])),
      direct: { anyLevel: !answers['direct-any-level'], userLevel: !answers['direct-user-level'] },
      directWitnesses: {
        ...(witnesses['direct-any-level'] ? { anyLevel: witnesses['direct-any-level'] } : {}),
        ...(witnesses['direct-user-level'] ? { userLevel: witnesses['direct-user-level'] } : {}),
      },
      mappedFetch: { anyLevel: answers['mapped-fetch-any'] ?? false, userLevel: answers['mapped-fetch-user'] ?? false },
      mappedFetchWitnesses: {
        ...(witnesses['mapped-fetch-any'] ? { anyLevel: witnesses['mapped-fetch-any'] } : {}),
        ...(witnesses['mapped-fetch-user'] ? { userLevel: witnesses['mapped-fetch-user'] } : {}),
      },
      stats,
    };
  });
  return {
    isa: isa.name,
    configuration: config,
    instructions,
    relocates: c.relocates,
    stats: { ms: performance.now() - t0, evaluations: c.counter.n, leaves, covered },
  };
}

// ---------------------------------------------------------------------------------------------
// Replaying a witness on referenceStep with concrete states, independently of the search.

type ConcreteOutcome =
  | { kind: 'nothold' | 'excluded' }
  | { kind: 'trap'; trap: string }
  | { kind: 'done'; after: ConcreteState; halt: boolean };

/** A concrete state's view (one with guest values runs under a composed map). */
function concreteView(isa: IsaDescription, s: ConcreteState): StateView {
  const g = s.guest;
  return {
    reg: (n) => BigInt(s.registers[n]!),
    file: (n, i) => BigInt(s.files[n]![i]!),
    cell: (p) => (p >= 0n && p < BigInt(s.cells.length) ? BigInt(s.cells[Number(p)]!) : undefined),
    storageCells: isa.state.storage.cells,
    ...(g
      ? {
          composed: {
            mapReg: (n: string) => (n in g.regs ? BigInt(g.regs[n]!) : undefined),
            mapFile: (n: string, i: number) => (n in g.files ? BigInt(g.files[n]![i]!) : undefined),
            shift: BigInt(g.shift),
          },
        }
      : {}),
  };
}

/** One run of `insn` from `s` on referenceStep, classified as the contract says. */
export function concreteRun(isa: IsaDescription, insn: InstructionDecl, s: ConcreteState): ConcreteOutcome {
  let step;
  try {
    step = referenceStep(isa, concreteView(isa, s));
  } catch (e) {
    if (outsideStorage(e)) return { kind: 'excluded' };
    throw e;
  }
  if (step.fetchFault) return { kind: 'excluded' };
  if (step.decoded?.insn !== insn) return { kind: 'nothold' };
  const o = step.outcome;
  if (o.kind === 'trap') {
    const cls = isa.traps.kinds.find((t) => t.name === o.trap)!.class;
    return cls === 'memory' || cls === 'exception' ? { kind: 'excluded' } : { kind: 'trap', trap: o.trap };
  }
  const { guest: _, ...plain } = s;
  const after: ConcreteState = structuredClone(plain);
  const cellBits = isa.state.storage.cellBits;
  for (const w of o.writes) {
    if (w.kind === 'reg') after.registers[w.name] = Number(w.value);
    else if (w.kind === 'file') after.files[w.name]![w.index] = Number(w.value);
    else
      for (let j = 0, n = w.width / cellBits; j < n; j++)
        after.cells[Number(w.addr) + offsetOf(isa, j, n)] = Number((w.value >> BigInt(j * cellBits)) & ((1n << BigInt(cellBits)) - 1n));
  }
  return { kind: 'done', after, halt: o.halt };
}

/** Why two concrete outcomes are not alike, or undefined when they are. */
export function unlikeness(isa: IsaDescription, s1: ConcreteState, o1: ConcreteOutcome, s2: ConcreteState, o2: ConcreteOutcome): string | undefined {
  if (o1.kind === 'trap' || o2.kind === 'trap') return o1.kind === o2.kind ? undefined : `${o1.kind} against ${o2.kind}`;
  if (o1.kind !== 'done' || o2.kind !== 'done') throw new Error('unlikeness: an outcome is excluded');
  if (o1.halt !== o2.halt) return 'halt';
  const P = partition(isa);
  for (const n of [isa.state.pc, ...P.userRegs]) if (o1.after.registers[n] !== o2.after.registers[n]) return `${n}: ${o1.after.registers[n]} against ${o2.after.registers[n]}`;
  for (const f of P.userFiles)
    for (let i = 0; i < o1.after.files[f]!.length; i++)
      if (o1.after.files[f]![i] !== o2.after.files[f]![i]) return `${f}[${i}]: ${o1.after.files[f]![i]} against ${o2.after.files[f]![i]}`;
  for (let v = 0; v < isa.state.storage.cells; v++) {
    const p1 = locateIn(isa, concreteView(isa, s1), v, 'read', 1);
    const p2 = locateIn(isa, concreteView(isa, s2), v, 'read', 1);
    if (p1 === undefined || p2 === undefined) continue;
    if (P.modeSelectsMap && p1 !== p2) continue;
    if (o1.after.cells[p1] !== o2.after.cells[p2]) return `storage at virtual ${v}: ${o1.after.cells[p1]} against ${o2.after.cells[p2]}`;
  }
  return undefined;
}

/**
 * Whether two concrete states are placed alike for `insn` (proofs/definitions/README.md): where
 * the mode selects the map, at every address both runs look at — their fetches, the data accesses
 * both reach, of the same kind and size — the two maps land on the same cell wherever neither
 * faults. Always, for other maps.
 */
export function placedAlikeIn(isa: IsaDescription, insn: InstructionDecl, s1: ConcreteState, s2: ConcreteState): boolean {
  if (!partition(isa).modeSelectsMap) return true;
  const N = isa.state.storage.cells;
  const looks = (s: ConcreteState): [number, MemoryAccess, number][] => {
    const view = concreteView(isa, s);
    const pc = s.registers[isa.state.pc]!;
    const out: [number, MemoryAccess, number][] = [[pc, 'fetch', 1]];
    const p = locateIn(isa, view, pc, 'fetch', 1);
    const d = p === undefined ? undefined : decode(isa, [s.cells[p]!]);
    if (d?.insn !== insn) return out;
    try {
      evaluateBlock(isa, stepSemantics(isa, insn), { fields: d.fields, insn, onAccess: (a, k, c) => out.push([Number(a), k, c]) }, view);
    } catch (e) {
      if (!outsideStorage(e)) throw e;
    }
    return out;
  };
  const at = (s: ConcreteState, v: number, access: MemoryAccess, cells: number): number => {
    const view = concreteView(isa, s);
    const t = translate(isa, { kind: 'const', width: isa.state.storage.addressBits, value: String(v) }, cells, N, access);
    // The map's expressions (under a composed map: on the guest's map registers).
    if (t.faults.some((f) => evaluateMapExpr(isa, f.when, view) !== 0n)) return -1;
    const p = Number(evaluateMapExpr(isa, t.physical, view));
    return p + cells <= N ? p : -1;
  };
  const second = looks(s2);
  for (const [v, access, cells] of looks(s1)) {
    if (!second.some(([w, k, n]) => w === v && k === access && n === cells)) continue;
    const a = at(s1, v, access, cells);
    const b = at(s2, v, access, cells);
    if (a >= 0 && b >= 0 && a !== b) return false;
  }
  return true;
}

/**
 * Why `b` is not `a` run under a monitor's composed map (proofs/definitions/README.md,
 * location-sensitive): `b` must hold `a`'s storage (the guest's, by guest address) and `a`'s
 * values everywhere but in the composed map registers and files (the map's, but the mode and the
 * PC), whose real values are free, and its guest values of those must be `a`'s.
 */
export function composedPairProblems(isa: IsaDescription, a: ConcreteState, b: ConcreteState): string[] {
  const problems: string[] = [];
  const P = partition(isa);
  const regs = new Set(P.mapRegs.filter((r) => r !== isa.state.mode.register && r !== isa.state.pc));
  const files = new Set(mapFiles(isa));
  if (a.guest) problems.push('S1 has guest values: it is the guest, not a run under a composed map');
  if (!b.guest) return [...problems, 'S2 has no guest values of the composed map registers'];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const r of isa.state.registers) if (!regs.has(r.name) && a.registers[r.name] !== b.registers[r.name]) problems.push(`S1 and S2 differ in ${r.name}, not a composed map register`);
  for (const f of isa.state.files) if (!files.has(f.name) && !same(a.files[f.name], b.files[f.name])) problems.push(`S1 and S2 differ in ${f.name}, not a composed map file`);
  if (!same(a.cells, b.cells)) problems.push("S2's storage is not S1's (the guest's, by guest address)");
  if (!same(Object.keys(b.guest.regs).sort(), [...regs].sort()) || !same(Object.keys(b.guest.files).sort(), [...files].sort()))
    problems.push("S2's guest values are not of the composed map registers and files");
  for (const r of regs) if (b.guest.regs[r] !== a.registers[r]) problems.push(`S2's guest ${r} is not S1's`);
  for (const f of files) if (!same(b.guest.files[f], a.files[f])) problems.push(`S2's guest ${f} is not S1's`);
  return problems;
}

/** The system registers and file elements a completed run changed. */
export function systemChanges(isa: IsaDescription, before: ConcreteState, after: ConcreteState): string[] {
  const P = partition(isa);
  const out: string[] = [];
  for (const n of P.systemRegs) if (before.registers[n] !== after.registers[n]) out.push(n);
  for (const f of P.systemFiles) before.files[f]!.forEach((v, i) => v !== after.files[f]![i] && out.push(`${f}[${i}]`));
  return out;
}

/**
 * Re-checks a witness with concrete states on `referenceStep`: the states stand in the relation
 * the question requires, and the runs show the claim. Returns the problems (none: it replays).
 */
export function replayWitness(isa: IsaDescription, insn: InstructionDecl, w: OracleWitness, configuration?: readonly ConfigurationPart[]): string[] {
  const problems: string[] = [];
  const P = partition(isa);
  const M = isa.state.mode.register;
  const N = isa.state.storage.cells;
  const levels = isa.state.mode.levels;
  const isUser = (v: number) => levels.some((l) => l.value === v && !l.supervisor);
  const config = configurationOf(isa, configuration);
  const applyC = (s: ConcreteState): ConcreteState => {
    const t = structuredClone(s);
    for (const p of config) t.registers[p.register] = Number((BigInt(t.registers[p.register]!) & ~BigInt(p.mask)) | BigInt(p.value));
    return t;
  };
  const run = (s: ConcreteState) => concreteRun(isa, insn, s);
  const notExcluded = (o: ConcreteOutcome, who: string) => {
    if (o.kind === 'nothold') problems.push(`${who} does not hold ${insn.mnemonic}`);
    else if (o.kind === 'excluded') problems.push(`${who}'s run is excluded`);
    return o.kind === 'done' || o.kind === 'trap';
  };
  /** Registers (and files) in which two states differ, and whether storage differs. */
  const differences = (a: ConcreteState, b: ConcreteState) => {
    const regs = isa.state.registers.filter((r) => a.registers[r.name] !== b.registers[r.name]).map((r) => r.name);
    const files = isa.state.files.filter((f) => a.files[f.name]!.some((v, i) => v !== b.files[f.name]![i])).map((f) => f.name);
    const storage = a.cells.some((v, i) => v !== b.cells[i]);
    return { regs, files, storage };
  };
  const st = w.states;
  const S = st.S,
    S1 = st.S1,
    S2 = st.S2;
  const need = (x: ConcreteState | undefined, label: string): ConcreteState => {
    if (!x) throw new Error(`the witness has no state ${label}`);
    return x;
  };
  switch (w.question) {
    case 'control-sensitive':
    case 'user-control-sensitive': {
      const s = need(S, 'S');
      if (w.question === 'user-control-sensitive' && !isUser(s.registers[M]!)) problems.push('S is not in a user level');
      const o = run(s);
      if (o.kind !== 'done') problems.push(`the run is ${o.kind}, not done`);
      else if (systemChanges(isa, s, o.after).length === 0) problems.push('the run changes no system state');
      break;
    }
    case 'mode-sensitive':
    case 'user-system-sensitive':
    case 'timing-dependent':
    case 'location-sensitive':
    case 'user-location-sensitive': {
      const a = need(S1, 'S1');
      const b = need(S2, 'S2');
      const d = differences(a, b);
      if (w.question === 'location-sensitive' || w.question === 'user-location-sensitive') {
        const x = w.params.x!;
        if (x === 0 || !Number.isInteger(x) || x < 0 || x >= N) problems.push(`x is ${x}, not in 1..${N - 1}`);
        if (isa.state.addressMap.kind === 'described') {
          problems.push(...composedPairProblems(isa, a, b));
          if (b.guest && b.guest.shift !== x) problems.push(`S2's shift ${b.guest.shift} is not x = ${x}`);
        }
        else {
          const moved = structuredClone(a);
          for (const r of P.relocationRegs) moved.registers[r] = (a.registers[r]! + x) % 2 ** isa.state.registers.find((q) => q.name === r)!.width;
          moved.cells = a.cells.map((_, p) => a.cells[(((p - x) % N) + N) % N]!);
          if (JSON.stringify(moved) !== JSON.stringify(b)) problems.push('S2 is not S1 moved by x');
        }
        if (w.question === 'user-location-sensitive' && !isUser(a.registers[M]!)) problems.push('S1 is not in a user level');
      } else {
        const allowed =
          w.question === 'mode-sensitive'
            ? { regs: P.modeLike.regs, files: P.modeLike.files }
            : w.question === 'timing-dependent'
              ? { regs: P.timing, files: [] }
              : { regs: P.modeLike.regs.filter((r) => r !== M && !P.mapRegs.includes(r)), files: P.modeLike.files };
        if (d.storage) problems.push('S1 and S2 differ in storage');
        for (const r of d.regs) if (!allowed.regs.includes(r)) problems.push(`S1 and S2 differ in ${r}`);
        for (const f of d.files) if (!allowed.files.includes(f)) problems.push(`S1 and S2 differ in ${f}`);
        if (w.question === 'user-system-sensitive' && !isUser(a.registers[M]!)) problems.push('S1 is not in a user level');
      }
      if (!placedAlikeIn(isa, insn, a, b)) problems.push('S1 and S2 are not placed alike');
      const o1 = run(a);
      const o2 = run(b);
      if (notExcluded(o1, 'S1') && notExcluded(o2, 'S2') && unlikeness(isa, a, o1, b, o2) === undefined) problems.push('the outcomes are alike');
      break;
    }
    case 'privileged': {
      const u = need(st.U, 'U');
      const sups = Object.entries(st).filter(([k]) => k.startsWith('Sup:'));
      if (!isUser(u.registers[M]!)) problems.push('U is not in a user level');
      const supLevels = levels.filter((l) => l.supervisor);
      if (sups.length !== supLevels.length) problems.push('not one Sup state per supervisor level');
      const b0 = sups[0]![1];
      const bU = structuredClone(b0);
      bU.registers[M] = u.registers[M]!;
      if (JSON.stringify(applyC(bU)) !== JSON.stringify(u)) problems.push('U is not B[mode := u] with C');
      for (const l of supLevels) {
        const s = st[`Sup:${l.name}`];
        const bl = structuredClone(b0);
        bl.registers[M] = l.value;
        if (!s || JSON.stringify(s) !== JSON.stringify(bl)) problems.push(`Sup:${l.name} is not B[mode := ${l.name}]`);
      }
      const ou = run(u);
      notExcluded(ou, 'U');
      const os = sups.map(([, s]) => run(s));
      if (os.some((o) => o.kind === 'nothold')) problems.push('a supervisor state does not hold the instruction');
      if (os.every((o) => o.kind === 'excluded')) problems.push('every supervisor run is excluded');
      if (!(ou.kind === 'done' || os.every((o) => o.kind === 'excluded' || o.kind === 'trap'))) problems.push('U traps and some supervisor run completes');
      break;
    }
    case 'direct-any-level':
    case 'direct-user-level': {
      const s = need(S, 'S');
      const r = need(st.R, 'R');
      const userVariant = w.question === 'direct-user-level';
      if (userVariant && !isUser(s.registers[M]!)) problems.push('S is not in a user level');
      if (!isUser(r.registers[M]!)) problems.push('R is not in a user level');
      if (userVariant && r.registers[M] !== s.registers[M]) problems.push("R is not in S's level");
      // R: C applied; the free system registers anything; map registers, timing and user state as in S (moved by k).
      const k = w.params.k ?? 0;
      const expect = structuredClone(s);
      const free = P.systemRegs.filter((n) => n !== M && !P.mapRegs.includes(n) && !P.timing.includes(n));
      for (const n of free) expect.registers[n] = r.registers[n]!;
      for (const f of P.systemFiles) expect.files[f] = [...r.files[f]!];
      expect.registers[M] = r.registers[M]!;
      if (isa.state.addressMap.kind === 'relocation-bounds') {
        for (const n of P.relocationRegs) expect.registers[n] = (s.registers[n]! + k) % 2 ** isa.state.registers.find((q) => q.name === n)!.width;
        expect.cells = s.cells.map((_, p) => s.cells[(((p - k) % N) + N) % N]!);
      }
      if (JSON.stringify(applyC(expect)) !== JSON.stringify(r)) problems.push('R is not Real_C(S)');
      if (!placedAlikeIn(isa, insn, s, r)) problems.push('S and R are not placed alike');
      const os = run(s);
      const or = run(r);
      if (or.kind !== 'done') problems.push(`R's run is ${or.kind}, not done`);
      else if (notExcluded(os, 'S')) {
        const shows =
          os.kind === 'trap' ||
          (os.kind === 'done' && systemChanges(isa, s, os.after).length > 0) ||
          systemChanges(isa, r, or.after).length > 0 ||
          unlikeness(isa, s, os, r, or) !== undefined;
        if (!shows) problems.push('nothing shows the instruction unsafe');
      }
      break;
    }
    case 'mapped-fetch-any':
    case 'mapped-fetch-user': {
      const s = need(S, 'S');
      if (!levels.some((l) => l.value === s.registers[M])) problems.push('S is not in a level');
      if (w.question === 'mapped-fetch-user' && !isUser(s.registers[M]!)) problems.push('S is not in a user level');
      const view = concreteView(isa, s);
      let step;
      try {
        step = referenceStep(isa, view);
      } catch (e) {
        if (!outsideStorage(e)) throw e;
        problems.push('the fetch leaves storage');
        break;
      }
      if (step.fetchFault) problems.push('the fetch faults');
      else if (step.decoded?.insn !== insn) problems.push(`S does not fetch ${insn.mnemonic}`);
      const p = locateIn(isa, view, s.registers[isa.state.pc]!, 'fetch', 1);
      if (p === undefined || mappedAt(mappedViews(isa), p) === undefined) problems.push(`the fetch's cell (${p}) is no register's`);
      break;
    }
  }
  return problems;
}
