/**
 * `checkIsa`: every definition for every instruction, witnesses replayed, classes, theorem
 * verdicts, the report. All Z3 work for one instruction runs under the shared lock, so checks
 * interleave safely at instruction granularity.
 */
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { assertValidIsa } from '../spec/validate/validate.js';
import { withZ3 } from './z3.js';
import { partition, type StatePartition } from './partition.js';
import { createHash } from 'node:crypto';
import { movesByShift } from './relocation.js';
import { findingsInWorkers } from './parallel.js';
import type { QueryEnv } from './query.js';
import { makeKit, type Kit } from './definitions/kit.js';
import { dependencies } from './dependencies.js';
import type { Finding } from './definitions/finding.js';
import { privileged } from './definitions/privileged.js';
import { controlSensitive } from './definitions/control-sensitive.js';
import { userControlSensitive } from './definitions/user-control-sensitive.js';
import { modeSensitive } from './definitions/mode-sensitive.js';
import { locationSensitive } from './definitions/location-sensitive.js';
import { userLocationSensitive } from './definitions/user-location-sensitive.js';
import { timingDependent } from './definitions/timing-dependent.js';
import { replayWitness } from './replay.js';
import { instructionReport, theorems, verdictOf } from './classify.js';
import { readings } from './readings.js';
import { definitionNames, reportSchema, type DefinitionName, type DefinitionResult, type InstructionReport, type QueryRecord, type Report } from './report-types.js';

export const defaultTimeoutMs = 10_000;

export interface CheckProgress {
  isa: string;
  /** The instruction about to be checked, or undefined when the check is done. */
  instruction?: string;
  /** Instructions done so far, and in all. */
  done: number;
  total: number;
}

/**
 * Findings reused across checks of ISAs that share instructions (the pg74 family, a variant of
 * rv32 with one more instruction): keyed by a hash of everything a finding depends on — the state
 * and trap declarations, the instruction, the timeout, the checker's format. Witnesses are still
 * replayed on each ISA's own machine. `saveCheckCache`/`loadCheckCache` keep it on disk.
 */
export class CheckCache {
  private readonly findings = new Map<string, Finding[]>();
  /** Entries added since the cache was made or loaded. */
  added = 0;
  /** @internal */
  get(key: string): Finding[] | undefined {
    return this.findings.get(hashKey(key));
  }
  /** @internal */
  set(key: string, f: Finding[]): void {
    this.findings.set(hashKey(key), f);
    this.added++;
  }
  /** @internal Entries by hashed key. */
  entries(): IterableIterator<[string, Finding[]]> {
    return this.findings.entries();
  }
  /** @internal */
  setHashed(hash: string, f: Finding[]): void {
    this.findings.set(hash, f);
  }
  get size(): number {
    return this.findings.size;
  }
}

/** Bump when a definition's query or a finding's shape changes: old cached findings then miss. */
export const findingsFormat = 'vmcheck-findings/3';

function hashKey(key: string): string {
  return createHash('sha256').update(findingsFormat).update(key).digest('hex');
}

export interface CheckOptions {
  /** Per-query timeout. @defaultValue 10_000 ms */
  timeoutMs?: number;
  /** Called before each instruction and once at the end. */
  onProgress?: (p: CheckProgress) => void;
  /**
   * Write every query as SMT-LIB 2 under this directory (`<dir>/<isa>/<insn>.<definition>[.<detail>].smt2`),
   * one per (instruction, definition) and refinement. Disables the cache and, unless asked, the shortcuts.
   */
  smtOutDir?: string;
  /** Reuse findings of earlier checks (see `CheckCache`). */
  cache?: CheckCache;
  /** Where the description came from (a file path or a bundled name), for reports that locate findings. */
  source?: string;
  /**
   * Answer a definition without a query where that is sound: when the instruction's data flow
   * rules it out (it assigns no system state; it reads none of the state a pair differs in), or
   * when a user variant's general form was answered `no`. Same answers, fewer queries.
   * @defaultValue true, but false with `smtOutDir` (so that every (instruction, definition) gets its file)
   */
  shortcuts?: boolean;
  /**
   * Worker threads that ask Z3 at once, each with its own Z3 (2 on two cores checked rv32 1.9×
   * as fast). Findings, cache and report are the same as with one. @defaultValue 1
   */
  workers?: number;
}

/**
 * Runs the definitions for one instruction. With `shortcuts`, a user variant is not queried when
 * its general form is ruled out, nor a definition the instruction's data flow rules out (see
 * dependencies.ts): the answer is the same, and its note says how it was found.
 */
export async function findingsFor(kit: Kit, shortcuts: boolean): Promise<Finding[]> {
  const implied = (d: DefinitionName, from: DefinitionName): Finding => ({ definition: d, answer: 'no', systemState: [], note: `implied: not ${from}` });
  const { part } = kit;
  const deps = dependencies(kit.sym.insn.semantics);
  const none = (names: readonly string[], of: ReadonlySet<string>) => shortcuts && !names.some((n) => of.has(n));
  const ruledOut = (d: DefinitionName, how: string): Finding => ({ definition: d, answer: 'no', systemState: [], note: `structural: ${how}` });
  const system = [...part.systemRegs, ...part.systemFiles];
  const modeLike = [...part.modeLike.regs, ...part.modeLike.files];

  const p = await privileged(kit);
  const control = none(system, deps.writes) ? ruledOut('control-sensitive', 'it assigns no system state') : await controlSensitive(kit);
  const userControl = shortcuts && control.answer === 'no' ? implied('user-control-sensitive', 'control-sensitive') : await userControlSensitive(kit);
  const readable = new Set([...deps.reads, ...part.relocationRegs]);
  const mode = none(modeLike, readable) ? ruledOut('mode-sensitive', `it reads none of ${modeLike.join(', ')}`) : await modeSensitive(kit, shortcuts ? readable : undefined);
  const location = await locationSensitive(kit);
  const userLocation = shortcuts && location.answer === 'no' ? implied('user-location-sensitive', 'location-sensitive') : await userLocationSensitive(kit);
  const timing =
    part.timing.length > 0 && none(part.timing, deps.reads) ? ruledOut('timing-dependent', `it reads none of ${part.timing.join(', ')}`) : await timingDependent(kit);
  return [p, control, userControl, mode, location, userLocation, timing];
}

function cacheKey(isa: IsaDescription, insn: InstructionDecl, timeoutMs: number, shortcuts: boolean): string {
  const shorter = isa.instructions.filter((i) => i.encoding.bits < insn.encoding.bits).map((i) => i.encoding);
  return JSON.stringify([isa.state, isa.traps, insn.encoding, insn.semantics, shorter, timeoutMs, shortcuts]);
}

function toResult(isa: IsaDescription, part: StatePartition, mnemonic: string, f: Finding): DefinitionResult {
  return {
    definition: f.definition,
    answer: f.answer,
    systemState: [...f.systemState],
    ...(f.note ? { note: f.note } : {}),
    ...(f.witness ? { witness: replayWitness(isa, part, mnemonic, f.witness) } : {}),
  };
}

/** Decides the Popek–Goldberg theorems for `isa` (DESIGN.md §1–2). */
export async function checkIsa(isa: IsaDescription, options: CheckOptions = {}): Promise<Report> {
  assertValidIsa(isa);
  const start = performance.now();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const cache = options.smtOutDir ? undefined : options.cache;
  const shortcuts = options.shortcuts ?? !options.smtOutDir;
  const part = partition(isa);
  const records: QueryRecord[] = [];
  const env = (z: QueryEnv['z']): QueryEnv => ({ z, isaName: isa.name, timeoutMs, records, ...(options.smtOutDir ? { smtOutDir: options.smtOutDir } : {}) });
  const relocatable = await withZ3((z) => movesByShift(env(z), isa, part));

  const instructions: InstructionReport[] = [];
  const total = isa.instructions.length;
  const keys = new Map(isa.instructions.map((insn) => [insn.mnemonic, cacheKey(isa, insn, timeoutMs, shortcuts)]));
  const keep = (mnemonic: string, findings: Finding[]) => {
    if (!findings.some((f) => f.answer === 'unknown')) cache?.set(keys.get(mnemonic)!, findings);
  };
  // With workers, the findings not in the cache are computed first, all at once.
  const computed = new Map<string, Finding[]>();
  const workers = options.workers ?? 1;
  if (workers > 1 && !options.smtOutDir) {
    const todo = isa.instructions.filter((i) => !cache?.get(keys.get(i.mnemonic)!)).map((i) => i.mnemonic);
    let done = total - todo.length;
    await findingsInWorkers({ isa, timeoutMs, shortcuts, relocatable }, todo, workers, (r) => {
      computed.set(r.mnemonic, r.findings);
      records.push(...r.records);
      keep(r.mnemonic, r.findings);
      options.onProgress?.({ isa: isa.name, instruction: r.mnemonic, done: done++, total });
    });
  }
  for (const [done, insn] of isa.instructions.entries()) {
    if (workers <= 1) options.onProgress?.({ isa: isa.name, instruction: insn.mnemonic, done, total });
    let findings = computed.get(insn.mnemonic) ?? cache?.get(keys.get(insn.mnemonic)!);
    if (!findings) {
      findings = await withZ3((z) => findingsFor(makeKit(env(z), isa, part, insn.mnemonic, relocatable, shortcuts), shortcuts));
      keep(insn.mnemonic, findings);
    }
    const byName = new Map(findings.map((f) => [f.definition, f]));
    const definitions = Object.fromEntries(definitionNames.map((d) => [d, toResult(isa, part, insn.mnemonic, byName.get(d)!)])) as Record<DefinitionName, DefinitionResult>;
    instructions.push(instructionReport(insn, definitions));
  }
  options.onProgress?.({ isa: isa.name, done: total, total });

  const ts = theorems(instructions);
  const byDefinition = Object.fromEntries(definitionNames.map((d) => [d, { queries: 0, ms: 0 }])) as Report['stats']['byDefinition'];
  for (const r of records) {
    byDefinition[r.definition].queries++;
    byDefinition[r.definition].ms = Math.round((byDefinition[r.definition].ms + r.ms) * 10) / 10;
  }
  return {
    schema: reportSchema,
    isa: { name: isa.name, summary: isa.summary, instructions: total, ...(options.source ? { source: options.source } : {}) },
    options: { timeoutMs },
    readings: readings(isa, part, relocatable, shortcuts),
    modeLevels: isa.state.mode.levels.map((l) => ({ ...l })),
    instructions,
    theorems: ts,
    verdict: verdictOf(ts),
    mismatches: instructions.filter((i) => i.derived !== i.declared).map((i) => ({ mnemonic: i.mnemonic, declared: i.declared, derived: i.derived })),
    queries: records,
    stats: {
      wallMs: Math.round(performance.now() - start),
      queryMs: Math.round(records.reduce((s, r) => s + r.ms, 0)),
      queries: records.length,
      byDefinition,
    },
  };
}

/** Checks several ISAs one after another, sharing findings between them. */
export async function checkIsas(isas: readonly IsaDescription[], options: CheckOptions = {}): Promise<Report[]> {
  const cache = options.cache ?? new CheckCache();
  const out: Report[] = [];
  for (const isa of isas) out.push(await checkIsa(isa, { ...options, cache }));
  return out;
}
