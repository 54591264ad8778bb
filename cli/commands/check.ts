import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { IsaDescription } from '../../spec/description.js';
import { catalog, longChecks } from '../../spec/isa/catalog.js';
import {
  CheckCache,
  checkIsa,
  findingsFormat,
  defaultTimeoutMs,
  exitCodeFor,
  expectations,
  loadCheckCache,
  saveCheckCache,
  renderReports,
  reportFormats,
  type Expectation,
  type ReportFormat,
  type Report,
  solverNames,
  type SolverName,
} from '../../proofs/index.js';
import { cannotSuggest, renderSuggestions, suggestFixes } from '../../proofs/suggest-fix.js';
import { intFlag, type CommandSpec } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { resolveIsa } from '../load-isa.js';
import { checkCacheFile, checkOutputDirectory, checkOutputFile } from '../output-path.js';

/** Where `check` keeps its findings unless told otherwise (relative to the working directory). */
export const defaultCacheFile = '.vmcheck-cache/findings.json';

export const checkSpec: CommandSpec = {
  name: 'check',
  usage: 'check <isa…> | --all [--format text|json|md|sarif|junit|html] [--expect VERDICT] [--timeout ms] [--cache FILE | --no-cache] [--workers N] [--solver S] [--cross-check S] [--smt-out DIR] [-o FILE] [--suggest-fix]',
  summary: 'Derive each instruction’s class with Z3 and decide the Popek–Goldberg theorems, with replayed witnesses.',
  details: `<isa> is a bundled name (see 'vmcheck list') or a .json/.ts description file.

  --all             check every bundled ISA and end with one summary table
  --format F        text (default), json (schema vmcheck-report/1; several ISAs: vmcheck-report-set/1),
                    md, sarif (2.1.0), junit, html (one self-contained page)
  --expect VERDICT  virtualizable | hybrid | not-virtualizable: exit 1 unless every ISA's verdict is it
  --timeout ms      per query (default ${defaultTimeoutMs}); a timeout makes the verdict inconclusive
  --cache FILE      keep Z3's findings in FILE (default ${defaultCacheFile}): a second check, or a
                    variant sharing most instructions, asks only about what changed
  --no-cache        prove everything afresh, reading and writing no cache
  --workers N       threads asking Z3 at once (default: one per core, up to 4, for an ISA of 100
                    instructions or more; else 1)
  --solver S        z3-wasm (default, embedded) | z3 | cvc5: who answers each query (z3 and cvc5
                    run as processes speaking SMT-LIB 2: apt-get install z3 cvc5)
  --cross-check S   a second solver confirms every answer (none is read from the cache); a
                    disagreement is an error (exit 4)
  --smt-out DIR     write every query as SMT-LIB 2, one file per (instruction, definition)
  -o FILE           write the report to FILE instead of standard output
  --suggest-fix     after the report, for Theorems 1 and 3: the variant in which each violator
                    traps in user mode (for Theorem 3 only its own violators, the smallest such
                    change), checked again, and whether that suffices (text format only)

Exit codes: 0 analysis done (and --expect met), 1 --expect not met, 2 usage or input error,
3 inconclusive (a query came back unknown or timed out: never counted as virtualizable),
4 checker error (a theorem holds by classification while the exact per-step condition finds an
instruction unsafe, or two solvers disagree: reported, never as a verdict).`,
  options: {
    all: { type: 'boolean' },
    format: { type: 'string' },
    expect: { type: 'string' },
    timeout: { type: 'string' },
    'smt-out': { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
    workers: { type: 'string' },
    solver: { type: 'string' },
    'cross-check': { type: 'string' },
    output: { type: 'string', short: 'o' },
    'suggest-fix': { type: 'boolean' },
  },
  positionals: [0, 64],
};

function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not '${String(value)}'`);
  return value as T;
}

export async function check(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const v = args.values;
  const format: ReportFormat = oneOf('format', v.format, reportFormats) ?? 'text';
  const expect: Expectation | undefined = oneOf('expect', v.expect, expectations);
  const timeoutMs = intFlag('timeout', v.timeout, defaultTimeoutMs);
  if (timeoutMs === 0) throw new UsageError('--timeout must be at least 1 ms');
  if (v.all && args.positionals.length > 0) throw new UsageError('give ISAs or --all, not both');
  if (!v.all && args.positionals.length === 0) throw new UsageError('name at least one ISA, or --all (see vmcheck check --help)');
  if (v['suggest-fix'] && format !== 'text') throw new UsageError('--suggest-fix prints text after the report: give --format text (the default)');

  // Every path written to is checked first: a check is minutes of work not to throw away.
  if (v.output !== undefined) checkOutputFile('-o', String(v.output), args.positionals);
  if (v['smt-out'] !== undefined) checkOutputDirectory('--smt-out', String(v['smt-out']));
  if (v.cache !== undefined && v['no-cache']) throw new UsageError('give --cache FILE or --no-cache, not both');
  const cacheFile = v['no-cache'] || v['smt-out'] ? undefined : String(v.cache ?? defaultCacheFile);
  if (cacheFile !== undefined) checkCacheFile('--cache', cacheFile, findingsFormat.replace(/\/.*$/, '/'));
  const workersFlag = v.workers === undefined ? undefined : intFlag('workers', v.workers, 1);
  if (workersFlag === 0) throw new UsageError('--workers must be at least 1');
  const cores = availableParallelism();
  // More solvers than cores only share them, each with its own Z3 heap.
  if (workersFlag !== undefined && workersFlag > cores) io.err(`note: --workers ${workersFlag} is more than the ${cores} cores here; using ${cores}`);
  const workers = workersFlag === undefined ? undefined : Math.min(workersFlag, cores);

  // Each ISA with where it came from: a file path for SARIF locations, or its bundled name.
  // --all leaves out the bundled ISAs whose check is long (rv32-sv32); named, they are checked.
  const isas: { isa: IsaDescription; source: string }[] = [];
  if (v.all) for (const entry of catalog.filter((e) => !e.long)) isas.push({ isa: await entry.load(), source: entry.name });
  if (v.all && longChecks.length > 0) io.err(`vmcheck: --all leaves out ${longChecks.join(', ')} (a long check; name it to check it)`);
  for (const ref of args.positionals) isas.push({ isa: await resolveIsa(ref), source: ref });

  const solver: SolverName | undefined = oneOf('solver', v.solver, solverNames);
  const crossCheck: SolverName | undefined = oneOf('cross-check', v['cross-check'], solverNames);
  if (crossCheck !== undefined && crossCheck === (solver ?? 'z3-wasm')) throw new UsageError(`--cross-check ${crossCheck} would ask the solver that already answers: name another`);
  // A cross-check confirms every answer, so it reads no cached ones (it still saves what it proves).
  const cache = cacheFile && !crossCheck ? loadCheckCache(cacheFile) : new CheckCache();
  let saved = cache.added;
  const save = () => {
    if (cacheFile && cache.added !== saved) {
      try {
        saveCheckCache(cache, cacheFile);
      } catch (e) {
        // A lock left by a check that was killed: the user's to remove, as the message says.
        if (e instanceof Error && /stayed locked/.test(e.message)) throw new UsageError(`--cache: ${e.message}`);
        throw e;
      }
    }
    saved = cache.added;
  };
  // Starting a worker (its own Z3) costs about a second: worth it for a large ISA only.
  const workersFor = (isa: IsaDescription) => workers ?? (isa.instructions.length >= 100 ? Math.min(cores, 4) : 1);
  const reports: Report[] = [];
  const progress = io.interactive;
  for (const { isa, source } of isas) {
    try {
      reports.push(
        await checkIsa(isa, {
          timeoutMs,
          source,
          cache,
          workers: workersFor(isa),
          ...(solver ? { solver } : {}),
          ...(crossCheck ? { crossCheck } : {}),
          ...(v['smt-out'] ? { smtOutDir: String(v['smt-out']) } : {}),
          onProgress: (p) => {
            // Keep what is proved every so often: a long check interrupted loses little.
            if (cache.added - saved >= 25) save();
            if (progress) io.progress?.(p.instruction ? `checking ${p.isa}: ${p.instruction} (${p.done + 1}/${p.total})` : '');
          },
        }),
      );
    } catch (e) {
      // A disagreement between solvers, or an embedded Z3 that stopped answering: what was proved
      // so far is kept, and the check ends as a checker error, not a result.
      if (!(e instanceof Error && (e.name === 'SolverDisagreement' || e.name === 'SolverLostError'))) throw e;
      io.progress?.('');
      io.err(`vmcheck: checker error on ${isa.name}: ${e.message}`);
      save();
      return 4;
    }
    save();
  }
  io.progress?.('');
  let text = renderReports(reports, format);
  if (v['suggest-fix']) {
    const lines: string[] = [];
    for (const [i, { isa, source }] of isas.entries()) {
      const why = cannotSuggest(isa);
      if (why) {
        lines.push(`Repair what-if for ${isa.name}: none (${why})`);
        continue;
      }
      const fixes = await suggestFixes(isa, reports[i]!, { timeoutMs, source, cache, workers: workersFor(isa), ...(solver ? { solver } : {}) });
      save();
      lines.push(...renderSuggestions(isa, fixes));
    }
    text = `${text.trimEnd()}\n\n${lines.join('\n')}\n`;
  }
  if (v.output) writeFileSync(String(v.output), text);
  else io.out(text.trimEnd());
  const code = exitCodeFor(reports, expect);
  if (code === exitCodes.expectationNotMet)
    for (const r of reports)
      if (r.verdict !== expect) io.err(`vmcheck: --expect ${expect} not met: ${r.isa.source ?? r.isa.name} is ${r.verdict}`);
  return code;
}
