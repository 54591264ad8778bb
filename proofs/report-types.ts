/**
 * The checker's result, as plain JSON-serializable data. `schema` versions the JSON form: a
 * change that removes or re-means a field bumps it.
 */
import type { DeclaredClass } from '../spec/description.js';

export const reportSchema = 'vmcheck-report/1' as const;

/** The Popek–Goldberg definitions, one query each per instruction (DESIGN.md §1–2). */
export const definitionNames = [
  'privileged',
  'control-sensitive',
  'user-control-sensitive',
  'mode-sensitive',
  'location-sensitive',
  'user-location-sensitive',
  'user-system-sensitive',
  'timing-dependent',
] as const;
export type DefinitionName = (typeof definitionNames)[number];

/**
 * What a query asks: a definition, one variant of the exact per-step condition, the configuration
 * search, or whether a directly run level can fetch from a register mapped into storage.
 */
export const queryKinds = [...definitionNames, 'direct-any-level', 'direct-user-level', 'configuration', 'mapped-fetch'] as const;
export type QueryKind = (typeof queryKinds)[number];

/** Whether an instruction meets a definition; `unknown` when a query timed out or gave up. */
export type Answer = 'yes' | 'no' | 'unknown';

export interface QueryRecord {
  /** `<mnemonic>/<definition>[/<detail>]`. */
  id: string;
  instruction: string;
  definition: QueryKind;
  /** A refinement: which register a sat answer involves, say. */
  detail?: string;
  status: 'sat' | 'unsat' | 'unknown';
  /** Z3's reason for `unknown` (`timeout`, …). */
  reason?: string;
  /** Timed out once and was asked again, alone, with a longer limit. */
  retried?: boolean;
  /** Wall time of the query, building excluded. */
  ms: number;
  /** Of `ms`, the time the solver spent deciding (the rest: handing it the terms, reading the model). */
  solverMs?: number;
  /** Where `--smt-out` wrote the query. */
  smtFile?: string;
}

/**
 * A value of the machine's state in a report: a JSON number, or — above 2^53 - 1, where a number
 * would round (a 64-bit register's) — a string of its decimal digits.
 */
export type ReportValue = number | string;

/** A trap as the reference machine reports it. */
export interface WitnessTrap {
  name: string;
  code: number;
  value: ReportValue;
}

/** One concrete starting state of a witness and what the reference machine did from it. */
export interface WitnessState {
  /** `supervisor`, `user`, `S1`, `S2` or `state`. */
  label: string;
  mode: { register: string; value: number; level: string; supervisor: boolean };
  /** Every scalar register (the mode and the address map included). */
  registers: Record<string, ReportValue>;
  files: Record<string, ReportValue[]>;
  /** The storage cells that matter (the instruction's, those it accesses, a compared one), by physical address. */
  storage: { address: number; value: ReportValue }[];
  /** Where the instruction is: the PC, and the physical address of its first cell. */
  instructionAt: { virtual: number; physical: number };
  /**
   * Under a monitor's composed map (the second state of a described map's location pair,
   * definitions/README.md): the guest's values of the map's registers, which its map reads;
   * `registers` and `files` hold the real ones, and `storage` is the guest's, by guest address.
   */
  guest?: { registers: Record<string, ReportValue>; files: Record<string, ReportValue[]> };
  /** The reference machine's step from this state. */
  outcome: {
    trap?: WitnessTrap;
    halted: boolean;
    /** Registers whose value after the step differs from before. */
    changed: Record<string, { before: ReportValue; after: ReportValue }>;
  };
}

export interface Witness {
  /** The query whose model this is. */
  query: string;
  definition: QueryKind;
  instruction: { mnemonic: string; text: string; fields: Record<string, number>; cells: ReportValue[] };
  /** What the witness shows, in one sentence. */
  claim: string;
  states: WitnessState[];
  /** Observable differences (between the two runs, or before/after one run), replayed. */
  differences: { what: string; first: ReportValue; second: ReportValue }[];
  /** The shift x of a location-sensitivity pair. */
  shift?: number;
  /** Always true: a witness is reported only after it replayed on the reference machine. */
  replayed: true;
}

export interface DefinitionResult {
  definition: DefinitionName;
  answer: Answer;
  /**
   * The system state involved: written (control-sensitive), read (mode-sensitive,
   * timing-dependent), or the relocation the program was moved by (location-sensitive).
   */
  systemState: string[];
  /** Why the answer is unknown, or how it was inferred without a query of its own. */
  note?: string;
  /** For a `yes` (and for `privileged`, a `no`): the state(s) that show it. */
  witness?: Witness;
  /**
   * For a definition met by an instruction that is not privileged: whether one encoding (the
   * same field values) both meets it and is unprivileged — what makes a violator, since an entry
   * may be sensitive through one encoding and unprivileged through another. With a `yes`, the
   * two witnesses of that one instruction word.
   */
  violation?: { answer: Answer; note?: string; witness?: Witness; privilegedWitness?: Witness };
}

/** The class derived from the semantics, in the vocabulary of declared classes. */
export type DerivedClass = DeclaredClass | 'unknown';

export interface InstructionReport {
  mnemonic: string;
  cite: string;
  declared: DeclaredClass;
  derived: DerivedClass;
  definitions: Record<DefinitionName, DefinitionResult>;
  /** The definitions answered `yes`, in `definitionNames` order. */
  meets: DefinitionName[];
  /** Union of the system state of the definitions met. */
  systemState: string[];
  privileged: Answer;
  /** Control-, mode- or location-sensitive. */
  sensitive: Answer;
  /** User control-, user location- or user system-state-sensitive. */
  userSensitive: Answer;
  /**
   * The exact per-step condition (DESIGN.md §2 rule 4): `yes` when the instruction is safe for
   * direct execution on `Real_C(S)` from every virtual state (`anyLevel`) or every virtual
   * user-level state (`userLevel`); a `no` comes with a replayed witness.
   */
  direct: { anyLevel: DirectResult; userLevel: DirectResult };
}

/** One variant of the exact per-step query for one instruction. */
export interface DirectResult {
  /** `yes`: safe for direct execution. */
  safe: Answer;
  note?: string;
  /** For an unsafe instruction: the virtual state and the real state it runs on, replayed. */
  witness?: Witness;
}

/** One part of the monitor's configuration: the bits of `mask` in `register` hold `value`. */
export interface ConfigurationPart {
  register: string;
  mask: string;
  value: string;
}

/** The configuration C every verdict of a report assumes (DESIGN.md §2 rule 3). */
export interface ConfigurationReport {
  /** `declared` by the description, `searched` for by the checker, or `none` (nothing configurable). */
  source: 'declared' | 'searched' | 'none';
  entries: ConfigurationPart[];
  /** How the search went: which configurations it found, or the proof that none serves. */
  note?: string;
}

/** Where the classification and the exact per-step condition disagree. */
export interface CrossCheck {
  /**
   * A theorem holds by classification while some instruction is unsafe for direct execution: a
   * checker bug. A report with any is an error (exit 4), never a verdict to act on.
   */
  contradictions: { theorem: 1 | 3; mnemonic: string }[];
  /** Instructions the classification calls violators that are nonetheless safe (P&G's condition is sufficient, not necessary). */
  safeViolators: { theorem: 1 | 3; mnemonic: string }[];
}

export type TheoremStatus = 'holds' | 'fails' | 'inconclusive';

export interface TheoremVerdict {
  theorem: 1 | 2 | 3;
  title: string;
  /** The sufficient condition checked. */
  condition: string;
  status: TheoremStatus;
  /** Instructions that break the condition, with the definitions that make them. */
  violators: { mnemonic: string; definitions: DefinitionName[] }[];
  /** Instructions whose answers were unknown where the condition needed them. */
  undecided: string[];
  /**
   * Only where registers are mapped into storage: whether a level this theorem's monitor runs
   * directly (every level for Theorems 1 and 2, the user levels for Theorem 3) can fetch an
   * instruction from a mapped register's cells. A directly run guest reads its own copy of those
   * cells, not the register, so a `yes` fails the theorem and an `unknown` leaves it inconclusive.
   */
  mappedFetch?: MappedFetchResult;
}

export interface MappedFetchResult {
  levels: 'any' | 'user';
  answer: Answer;
  note?: string;
  witness?: MappedFetchWitness;
}

/** A state of a directly run level whose fetch reads a mapped register's cell, replayed on the reference machine. */
export interface MappedFetchWitness {
  query: string;
  instruction: { mnemonic: string; text: string; cells: ReportValue[] };
  mode: { register: string; value: number; level: string; supervisor: boolean };
  pc: ReportValue;
  /** The fetched cell that is the register's: which cell of the instruction, and its physical address. */
  cell: { index: number; physical: number; register: string };
  registers: Record<string, ReportValue>;
  files: Record<string, ReportValue[]>;
  /** The other cells the fetch read, from storage. */
  storage: { address: number; value: ReportValue }[];
  claim: string;
}

/** What `--expect` compares: the strongest theorem that holds. */
export type Verdict = 'virtualizable' | 'hybrid' | 'not-virtualizable' | 'inconclusive';

export interface Report {
  schema: typeof reportSchema;
  /** `source`: the file or bundled name the description came from, when the caller said. */
  isa: { name: string; summary: string; instructions: number; source?: string };
  options: { timeoutMs: number };
  /** The monitor configuration C every verdict assumes. */
  configuration: ConfigurationReport;
  /** The classification against the exact per-step condition. */
  crossCheck: CrossCheck;
  /** How the checker read the definitions where the paper leaves a choice. */
  readings: string[];
  /** How the mode's levels map to supervisor and user. */
  modeLevels: { name: string; value: number; supervisor: boolean }[];
  instructions: InstructionReport[];
  theorems: [TheoremVerdict, TheoremVerdict, TheoremVerdict];
  verdict: Verdict;
  /** Instructions whose derived class differs from the declared one. */
  mismatches: { mnemonic: string; declared: DeclaredClass; derived: DerivedClass }[];
  queries: QueryRecord[];
  stats: { wallMs: number; queryMs: number; queries: number; byDefinition: Record<QueryKind, { queries: number; ms: number }> };
}
