/**
 * `checkIsa`: the monitor configuration (declared, or searched for), every definition and the
 * exact per-step condition for every instruction, witnesses replayed, classes, theorem verdicts,
 * the cross-check, the report. All Z3 work for one instruction runs under the shared lock, so
 * checks interleave safely at instruction granularity.
 */
import type { IsaDescription } from '../spec/description.js';
import { assertValidIsa } from '../spec/validate/validate.js';
import { withZ3 } from './z3.js';
import { partition, type StatePartition } from './partition.js';
import { movesByShift } from './relocation.js';
import { findingsInWorkers } from './parallel.js';
import type { QueryEnv, QuerySolvers } from './query.js';
import { closeSolvers, externalNames, openSolvers } from './solver-choice.js';
import type { SolverName } from './solvers/index.js';
import type { WorkerInput } from './check-worker.js';
import type { ModelWitness } from './witness-model.js';
import { CheckCache, cacheKey } from './check-cache.js';
import { makeKit } from './definitions/kit.js';
import type { Finding, FindingKind } from './definitions/finding.js';
import { findingsOf, findingParts, type FindingPart } from './findings.js';
import { replayWitness } from './replay.js';
import { crossCheck, instructionReport, theorems, verdictOf, type MappedFetches } from './classify.js';
import { cachedMappedFetch, mappedFetch } from './mapped-fetch.js';
import { mappedViews } from '../spec/mapped-registers.js';
import { readings } from './readings.js';
import { configurableBits, declaredConfiguration, describeConfiguration, type Configuration } from './configuration.js';
import { searchConfiguration } from './configuration-search.js';
import { violation, type ViolableDefinition, type ViolationFinding } from './definitions/violation.js';
import { renameFinding, renameViolation, shareClasses, type Shared } from './share.js';
import {
  definitionNames,
  queryKinds,
  reportSchema,
  type ConfigurationReport,
  type DefinitionName,
  type DefinitionResult,
  type DirectResult,
  type InstructionReport,
  type QueryRecord,
  type Report,
} from './report-types.js';

export { CheckCache, findingsFormat, wellFormedPart } from './check-cache.js';

export const defaultTimeoutMs = 10_000;
/** A query that timed out is asked once more, alone, with this many times the limit. */
export const retryFactor = 4;

export interface CheckProgress {
  isa: string;
  /** The instruction about to be checked, or undefined when the check is done. */
  instruction?: string;
  /** Instructions done so far, and in all. */
  done: number;
  total: number;
}

export interface CheckOptions {
  /** Per-query timeout; a query that times out is asked again alone with `retryFactor` times as long. @defaultValue 10_000 ms */
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
  /** Who answers each query (`z3-wasm`, the default; or a native `z3` / `cvc5` process). */
  solver?: SolverName;
  /** A second solver that confirms every definite answer; a different answer is a `SolverDisagreement`. */
  crossCheck?: SolverName;
  /**
   * Ask the solver about one entry of each class of entries alike up to a renaming of state
   * (proofs/share.ts) and derive the others' findings by renaming, every derived witness replayed
   * for its own entry. Same answers, fewer queries.
   * @defaultValue `shortcuts`, and false with `smtOutDir`
   */
  share?: boolean;
}

interface ViolationJob {
  mnemonic: string;
  part: 'violation';
  defs: ViolableDefinition[];
  /** For each of `defs`, the witness of the definition's own finding. */
  shown: (ModelWitness | undefined)[];
  /** The refinement's cache key. */
  key: string;
}

interface Computed {
  findings: Finding[];
  fromCache: boolean;
}

/** Decides the Popek–Goldberg theorems for `isa` (DESIGN.md §1–2). */
export async function checkIsa(source: IsaDescription, options: CheckOptions = {}): Promise<Report> {
  // A description in source form (register fields) is checked as consumers see it: lowered.
  const isa = assertValidIsa(source);
  const solverNames = externalNames(options);
  const solvers = await openSolvers(solverNames);
  try {
    return await checkWith(isa, options, solverNames, solvers);
  } finally {
    await closeSolvers(solvers);
  }
}

async function checkWith(isa: IsaDescription, options: CheckOptions, solverNames: WorkerInput['solverNames'], solvers: QuerySolvers): Promise<Report> {
  const start = performance.now();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const cache = options.smtOutDir ? undefined : options.cache;
  const shortcuts = options.shortcuts ?? !options.smtOutDir;
  const share = !options.smtOutDir && (options.share ?? shortcuts);
  const part = partition(isa);
  const classesByConfig = new Map<string, Map<string, Shared>>();
  /** Entries derived from another by renaming under `config`, by mnemonic. */
  const classesFor = (config: Configuration): Map<string, Shared> => {
    if (!share) return new Map();
    const k = JSON.stringify(config);
    let c = classesByConfig.get(k);
    if (!c) classesByConfig.set(k, (c = shareClasses(isa, config)));
    return c;
  };
  /** Whether every witness of derived findings replays for the member (a derived witness is trusted no further). */
  const replays = (mnemonic: string, witnesses: readonly (Finding['witness'] | undefined)[]): boolean => {
    try {
      for (const w of witnesses) if (w) replayWitness(isa, part, mnemonic, w);
      return true;
    } catch {
      return false;
    }
  };
  const records: QueryRecord[] = [];
  const env = (z: QueryEnv['z'], limit = timeoutMs, into = records): QueryEnv => ({
    z,
    isaName: isa.name,
    timeoutMs: limit,
    records: into,
    ...(into !== records ? { retry: true } : {}),
    solvers,
    ...(options.smtOutDir ? { smtOutDir: options.smtOutDir } : {}),
  });
  const relocatable = await withZ3((z) => movesByShift(env(z), isa, part));
  const fetches = mappedViews(isa).length > 0 ? await mappedFetches() : undefined;
  const total = isa.instructions.length;
  const workers = options.workers ?? 1;

  /**
   * Whether the levels a monitor runs directly can fetch from a mapped register: every level
   * first (no means none can); a user-level witness answers both. An unknown is asked again,
   * alone, with `retryFactor` times the limit, as an instruction's query is. Definite answers
   * are kept in the cache.
   */
  async function mappedFetches(): Promise<MappedFetches> {
    const ask = (levels: 'any' | 'user') =>
      cachedMappedFetch(cache, isa, levels, async () => {
        const first = await withZ3((z) => mappedFetch(env(z), isa, levels));
        if (first.answer !== 'unknown') return first;
        const again: QueryRecord[] = [];
        const second = await withZ3((z) => mappedFetch(env(z, retryFactor * timeoutMs, again), isa, levels));
        for (const r of again) records.push({ ...r, retried: true });
        return second;
      });
    const any = await ask('any');
    if (any.answer === 'no') return { any, user: { levels: 'user', answer: 'no', note: 'no level can' } };
    if (any.answer === 'yes' && !any.witness!.mode.supervisor) return { any, user: { ...any, levels: 'user' } };
    return { any, user: await ask('user') };
  }
  const byMnemonic = new Map(isa.instructions.map((i) => [i.mnemonic, i]));

  /** The violation refinement an instruction needs, from its findings: none, a cached one, or a job. */
  const violable = (f: Finding) => f.definition !== 'privileged' && !f.definition.startsWith('direct') && f.answer === 'yes';
  const violationJob = (mnemonic: string, findings: (p: FindingPart) => Finding[], config: Configuration, readCache: boolean): ViolationJob | { cached: ViolationFinding[] } | undefined => {
    const priv = findings('privilege')[0]!;
    if (priv.answer !== 'no') return undefined;
    const met = findings('class').filter(violable);
    const defs = met.map((f) => f.definition as ViolableDefinition);
    if (defs.length === 0) return undefined;
    const key = JSON.stringify(['violation', cacheKey(isa, byMnemonic.get(mnemonic)!, shortcuts, 'privilege', config), defs]);
    const vs = readCache ? cache?.getViolations(key, defs) : undefined;
    return vs ? { cached: vs } : { mnemonic, part: 'violation', defs, shown: met.map((f) => f.witness), key };
  };
  const keepViolations = (j: ViolationJob, vs: ViolationFinding[], into: Map<string, ViolationFinding[]>) => {
    if (!vs.some((v) => v.answer === 'unknown')) cache?.set(j.key, vs);
    into.set(j.mnemonic, vs);
  };

  /**
   * Computes (or finds in the cache) the given parts of every instruction under `config`. With
   * `refineEarly` (workers, a configuration that is final), an instruction whose findings are all
   * in and definite gets its violation refinement queued in the same workers at once, rather than
   * after every instruction is done: no worker waits for the slowest, and none is started again.
   */
  const compute = async (parts: readonly FindingPart[], config: Configuration, progress: boolean, refineEarly?: Map<string, ViolationFinding[]>): Promise<Map<string, Computed>> => {
    const out = new Map<string, Computed>();
    const id = (m: string, p: FindingPart) => `${m}/${p}`;
    const key = (m: string, p: FindingPart) => cacheKey(isa, byMnemonic.get(m)!, shortcuts, p, config);
    const keep = (m: string, p: FindingPart, findings: Finding[]) => {
      out.set(id(m, p), { findings, fromCache: false });
      if (!findings.some((f) => f.answer === 'unknown')) cache?.set(key(m, p), findings);
    };
    const jobs: { mnemonic: string; part: FindingPart }[] = [];
    const classes = classesFor(config);
    /** Members of a class whose findings are derived from their representative's once those are in. */
    const derived: { mnemonic: string; part: FindingPart; shared: Shared }[] = [];
    for (const insn of isa.instructions)
      for (const p of parts) {
        const hit = cache?.get(key(insn.mnemonic, p), p);
        const shared = classes.get(insn.mnemonic);
        if (hit) out.set(id(insn.mnemonic, p), { findings: hit, fromCache: true });
        else if (shared) derived.push({ mnemonic: insn.mnemonic, part: p, shared });
        else jobs.push({ mnemonic: insn.mnemonic, part: p });
      }
    let done = total - new Set([...jobs, ...derived].map((j) => j.mnemonic)).size;
    const report = (mnemonic?: string) => progress && options.onProgress?.({ isa: isa.name, ...(mnemonic ? { instruction: mnemonic } : {}), done, total });
    if (workers > 1 && !options.smtOutDir && jobs.length > 1) {
      const early = new Map<string, ViolationJob>();
      await findingsInWorkers({ isa, timeoutMs, shortcuts, relocatable, config, ...(solverNames ? { solverNames } : {}) }, jobs, workers, (r) => {
        records.push(...r.records);
        if (r.job.part === 'violation') {
          const j = early.get(r.job.mnemonic)!;
          keepViolations(j, r.findings as ViolationFinding[], refineEarly!);
          return;
        }
        keep(r.job.mnemonic, r.job.part as FindingPart, r.findings as Finding[]);
        if (r.job.part === parts[parts.length - 1]) report(r.job.mnemonic), done++;
        if (!refineEarly) return;
        const both = findingParts.map((p) => out.get(id(r.job.mnemonic, p))?.findings);
        if (both.some((f) => f === undefined || f.some((x) => x.answer === 'unknown'))) return;
        const j = violationJob(r.job.mnemonic, (p) => out.get(id(r.job.mnemonic, p))!.findings, config, true);
        if (!j) return;
        if ('cached' in j) return void refineEarly.set(r.job.mnemonic, j.cached);
        early.set(j.mnemonic, j);
        return [{ mnemonic: j.mnemonic, part: j.part, defs: j.defs, shown: j.shown }];
      });
    } else {
      for (const j of jobs) {
        report(j.mnemonic);
        const findings = await withZ3((z) => findingsOf(makeKit(env(z), isa, part, j.mnemonic, relocatable, shortcuts, config), j.part, shortcuts));
        keep(j.mnemonic, j.part, findings);
        if (j.part === parts[parts.length - 1]) done++;
      }
    }
    // A query that timed out is asked again alone (every worker is done) with a longer limit:
    // on a loaded machine a query near the limit would otherwise make the verdict inconclusive.
    for (const [k, c] of out) {
      if (!c.findings.some((f) => f.answer === 'unknown')) continue;
      const [mnemonic, p] = k.split('/') as [string, FindingPart];
      const again: QueryRecord[] = [];
      const limit = timeoutMs * retryFactor;
      const findings = await withZ3((z) => findingsOf(makeKit(env(z, limit, again), isa, part, mnemonic, relocatable, shortcuts, config), p, shortcuts));
      records.push(...again.map((r) => ({ ...r, retried: true })));
      const note = `asked again alone with a ${limit} ms limit after a timeout`;
      keep(mnemonic, p, findings.map((f) => (f.answer === 'unknown' ? { ...f, note: `${f.note ?? 'unknown'}; ${note}` } : f)));
    }
    // Members of a class: the representative's findings renamed, each witness replayed for the
    // member; where one does not replay (or the representative has none), the member is asked.
    for (const d of derived) {
      const from = out.get(id(d.shared.representative, d.part));
      const member = byMnemonic.get(d.mnemonic)!;
      const findings = from?.findings.map((f) => renameFinding(isa, f, member, d.shared));
      if (findings && replays(d.mnemonic, findings.map((f) => f.witness))) keep(d.mnemonic, d.part, findings);
      else keep(d.mnemonic, d.part, await withZ3((z) => findingsOf(makeKit(env(z), isa, part, d.mnemonic, relocatable, shortcuts, config), d.part, shortcuts)));
      if (d.part === parts[parts.length - 1]) done++;
    }
    return out;
  };

  // The configuration: declared, else searched for among the configurable bits.
  const declared = declaredConfiguration(isa);
  let config: Configuration = declared ?? [];
  let configuration: ConfigurationReport;
  // Where no search can change the configuration, violations are refined as findings come in.
  const final = declared !== undefined || configurableBits(isa).length === 0;
  const refinedEarly = final && workers > 1 ? new Map<string, ViolationFinding[]>() : undefined;
  let found = await compute(findingParts, config, true, refinedEarly);
  if (declared) configuration = { source: 'declared', entries: [...declared] };
  else if (configurableBits(isa).length === 0) configuration = { source: 'none', entries: [] };
  else {
    const provisional = assemble(found);
    const [t1, , t3] = theorems(provisional, fetches);
    const search = async (targets: string[]) => withZ3((z) => searchConfiguration(env(z), isa, part, relocatable, targets));
    let result = await search(t1.violators.map((v) => v.mnemonic));
    let note = '';
    if (!result.found && !('unknown' in result && result.unknown) && t3.violators.length > 0) {
      const forT3 = await search(t3.violators.map((v) => v.mnemonic));
      if (forT3.found) {
        note = `${result.note}; for Theorem 3: `;
        result = forT3;
      }
    }
    if (result.found) {
      config = result.config;
      configuration = { source: 'searched', entries: [...config], note: note + result.note };
      if (config.length > 0) {
        const again = await compute(['privilege'], config, false);
        for (const [k, v] of again) found.set(k, v);
      }
    } else configuration = { source: 'searched', entries: [], note: note + result.note };
  }

  /** Reports of every instruction from the findings; a cached witness that does not replay is proved again. */
  function assemble(from: Map<string, Computed>, violations = new Map<string, ViolationFinding[]>()): InstructionReport[] {
    return isa.instructions.map((insn) => {
      const byKind = new Map<FindingKind, Finding>();
      for (const p of findingParts) for (const f of from.get(`${insn.mnemonic}/${p}`)!.findings) byKind.set(f.definition, f);
      const refined = new Map((violations.get(insn.mnemonic) ?? []).map((v) => [v.definition as DefinitionName, v]));
      const definitions = Object.fromEntries(
        definitionNames.map((d) => [d, toResult(isa, part, insn.mnemonic, byKind.get(d)!, refined.get(d))]),
      ) as Record<DefinitionName, DefinitionResult>;
      const direct = (k: 'direct-any-level' | 'direct-user-level'): DirectResult => {
        const f = byKind.get(k)!;
        return { safe: f.answer, ...(f.note ? { note: f.note } : {}), ...(f.witness ? { witness: replayWitness(isa, part, insn.mnemonic, f.witness) } : {}) };
      };
      return instructionReport(insn, definitions, { anyLevel: direct('direct-any-level'), userLevel: direct('direct-user-level') });
    });
  }

  // Sensitive and unprivileged in one encoding? Asked of each definition an unprivileged
  // instruction meets (see definitions/violation.ts).
  const refine = async (readCache = true, early?: ReadonlyMap<string, ViolationFinding[]>): Promise<Map<string, ViolationFinding[]>> => {
    const out = new Map<string, ViolationFinding[]>();
    const jobs: ViolationJob[] = [];
    const classes = classesFor(config);
    const derived: { job: ViolationJob; shared: Shared }[] = [];
    for (const insn of isa.instructions) {
      const done = early?.get(insn.mnemonic);
      if (done) {
        out.set(insn.mnemonic, done);
        continue;
      }
      const j = violationJob(insn.mnemonic, (p) => found.get(`${insn.mnemonic}/${p}`)!.findings, config, readCache);
      if (!j) continue;
      const shared = classes.get(insn.mnemonic);
      if ('cached' in j) out.set(insn.mnemonic, j.cached);
      else if (shared) derived.push({ job: j, shared });
      else jobs.push(j);
    }
    const keep = (j: ViolationJob, vs: ViolationFinding[]) => keepViolations(j, vs, out);
    if (workers > 1 && !options.smtOutDir && jobs.length > 1) {
      const byMnemonicJob = new Map(jobs.map((j) => [j.mnemonic, j]));
      await findingsInWorkers({ isa, timeoutMs, shortcuts, relocatable, config, ...(solverNames ? { solverNames } : {}) }, jobs.map(({ mnemonic, part, defs, shown }) => ({ mnemonic, part, defs, shown })), workers, (r) => {
        records.push(...r.records);
        keep(byMnemonicJob.get(r.job.mnemonic)!, r.findings as ViolationFinding[]);
      });
    } else {
      for (const j of jobs) {
        const vs = await withZ3(async (z) => {
          const kit = makeKit(env(z), isa, part, j.mnemonic, relocatable, shortcuts, config);
          const list: ViolationFinding[] = [];
          for (const [i, d] of j.defs.entries()) list.push(await violation(kit, d, j.shown[i]));
          return list;
        });
        keep(j, vs);
      }
    }
    // Members of a class: the representative's refinement renamed (the same definitions), each
    // witness replayed for the member; otherwise the member is asked.
    for (const { job: j, shared } of derived) {
      const from = out.get(shared.representative);
      const member = byMnemonic.get(j.mnemonic)!;
      const vs = from && from.map((v) => v.definition).join() === j.defs.join() ? from.map((v) => renameViolation(isa, v, member, shared)) : undefined;
      if (vs && replays(j.mnemonic, vs.flatMap((v) => [v.witness, v.privilegedWitness]))) keep(j, vs);
      else
        keep(
          j,
          await withZ3(async (z) => {
            const kit = makeKit(env(z), isa, part, j.mnemonic, relocatable, shortcuts, config);
            const list: ViolationFinding[] = [];
            for (const [i, d] of j.defs.entries()) list.push(await violation(kit, d, j.shown[i]));
            return list;
          }),
        );
    }
    // (In instruction order, as the serial loop made it.)
    return new Map(isa.instructions.flatMap((i) => (out.has(i.mnemonic) ? [[i.mnemonic, out.get(i.mnemonic)!] as const] : [])));
  };
  let violations = await refine(true, refinedEarly);

  let instructions: InstructionReport[];
  try {
    instructions = assemble(found, violations);
  } catch (e) {
    // (A damaged witness may fail to replay or fail to read at all.)
    if (!cache) throw e;
    // A witness from the cache that does not replay (a damaged or stale entry): forget every
    // cached entry of this check and prove them again. A fresh witness that fails is a bug.
    const cached = [...found].filter(([, c]) => c.fromCache).map(([k]) => k.split('/') as [string, FindingPart]);
    if (cached.length === 0 && violations.size === 0) throw e;
    for (const [m, p] of cached) cache.delete(cacheKey(isa, byMnemonic.get(m)!, shortcuts, p, p === 'privilege' ? config : []));
    found = await compute(findingParts, config, false);
    violations = await refine(false);
    instructions = assemble(found, violations);
  }
  options.onProgress?.({ isa: isa.name, done: total, total });

  const ts = theorems(instructions, fetches);
  const checked = crossCheck(instructions, ts);
  const byDefinition = Object.fromEntries(queryKinds.map((d) => [d, { queries: 0, ms: 0 }])) as Report['stats']['byDefinition'];
  for (const r of records) {
    byDefinition[r.definition].queries++;
    byDefinition[r.definition].ms = Math.round((byDefinition[r.definition].ms + r.ms) * 10) / 10;
  }
  return {
    schema: reportSchema,
    isa: { name: isa.name, summary: isa.summary, instructions: total, ...(options.source ? { source: options.source } : {}) },
    options: { timeoutMs },
    configuration,
    readings: readings(isa, part, relocatable, shortcuts, describeConfiguration(config)),
    modeLevels: isa.state.mode.levels.map((l) => ({ ...l })),
    instructions,
    theorems: ts,
    // A contradiction between the classification and the exact condition is a checker bug: no
    // verdict is given on it.
    verdict: checked.contradictions.length > 0 ? 'inconclusive' : verdictOf(ts),
    crossCheck: checked,
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

function toResult(isa: IsaDescription, part: StatePartition, mnemonic: string, f: Finding, v?: ViolationFinding): DefinitionResult {
  const replay = (w: Finding['witness']) => replayWitness(isa, part, mnemonic, w!);
  return {
    definition: f.definition as DefinitionName,
    answer: f.answer,
    systemState: [...f.systemState],
    ...(f.note ? { note: f.note } : {}),
    ...(f.witness ? { witness: replay(f.witness) } : {}),
    ...(v
      ? {
          violation: {
            answer: v.answer,
            ...(v.note ? { note: v.note } : {}),
            ...(v.witness ? { witness: replay(v.witness) } : {}),
            ...(v.privilegedWitness ? { privilegedWitness: replay(v.privilegedWitness) } : {}),
          },
        }
      : {}),
  };
}

/** Checks several ISAs one after another, sharing findings between them. */
export async function checkIsas(isas: readonly IsaDescription[], options: CheckOptions = {}): Promise<Report[]> {
  const cache = options.cache ?? new CheckCache();
  const out: Report[] = [];
  for (const isa of isas) out.push(await checkIsa(isa, { ...options, cache }));
  return out;
}
