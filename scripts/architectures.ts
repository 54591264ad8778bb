/**
 * Writes docs/architectures.md from the checker's reports on every bundled ISA (issue 12): per
 * architecture the verdicts and the configuration they assume, each violator with the
 * definitions it meets, the system state involved, what its witness shows and the manual section
 * its semantics follow; then the comparison with the published analyses, written by hand in the
 * model's README (spec/isa/<folder>/README.md; the semantics are never bent to agree).
 *
 *   npx tsx scripts/architectures.ts [--check] [--isas a,b,…] [--skip a,b,…] [--out FILE] [--solver z3] [--timeout MS]
 *
 * `--skip` leaves some out of the run (listed as not checked yet), `--isas` writes the page for some of the bundled ISAs only (to try it: all of them take about an
 * hour of CPU from an empty cache), `--out` somewhere else than docs/architectures.md, `--solver`
 * and `--timeout` as `vmcheck check` takes them.
 * Findings come from .vmcheck-cache/findings.json as `vmcheck check` keeps them, and are saved as
 * they are proved, so a second run (or one after an interruption) asks Z3 only about what is new.
 * A model whose check ends in a checker error (a lost solver) gets a section that says so, and the
 * run goes on. `--check` fails (exit 1) when the page is out of date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bundledIsas, longChecks } from '../spec/isa/index.js';
import type { IsaDescription } from '../spec/description.js';
import { checkIsa, loadCheckCache, saveCheckCache, type Report } from '../proofs/index.js';
import { solverNames, type SolverName } from '../proofs/solvers/index.js';
import { mappedFetchSummary } from '../proofs/render/describe.js';

const root = new URL('../', import.meta.url);
const option = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const out = option('--out') !== undefined ? new URL(option('--out')!, `file://${process.cwd()}/`) : new URL('docs/architectures.md', root);
const only = option('--isas')?.split(',');
/** Bundled ISAs left out of this run: the page lists them as not checked yet (a model whose check takes hours). */
const skip = option('--skip')?.split(',') ?? [];
const solver = option('--solver');
const timeoutMs = option('--timeout') === undefined ? undefined : Number(option('--timeout'));
const cacheFile = new URL('.vmcheck-cache/findings.json', root).pathname;

/** Table cells: no pipes or line breaks. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const statusText = (s: string) => (s === 'holds' ? 'holds' : s === 'fails' ? '**fails**' : `*${s}*`);

function section(isa: IsaDescription, r: Report): string {
  const lines: string[] = [];
  const sentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);
  lines.push(`## ${isa.name}`, '', sentence(isa.summary) + (isa.manual ? ` Manual: ${sentence(isa.manual)}` : ''), '');
  const levels = r.modeLevels.map((l) => `${l.name} (${l.supervisor ? 'supervisor' : 'user'})`).join(', ');
  const config = r.configuration.entries.length === 0 ? 'none' : r.configuration.entries.map((e) => `${e.register}[${e.mask}] = ${e.value}`).join(', ');
  lines.push(`${r.instructions.length} instructions; mode levels ${levels}; monitor configuration ${config} (${r.configuration.source}).`, '');
  lines.push('| theorem | status | violators |', '| --- | --- | --- |');
  for (const t of r.theorems)
    lines.push(`| ${t.theorem}: ${cell(t.title)} | ${statusText(t.status)} | ${t.violators.map((v) => v.mnemonic).join(', ') || '-'}${t.undecided.length ? ` (undecided: ${t.undecided.join(', ')})` : ''}${t.mappedFetch?.answer === 'yes' ? `; ${cell(mappedFetchSummary(t.mappedFetch.witness!))}` : t.mappedFetch?.answer === 'unknown' ? '; undecided: an instruction fetch from a register mapped into storage' : ''} |`);
  lines.push('');
  const violators = new Map<string, Set<string>>();
  for (const t of r.theorems) for (const v of t.violators) for (const d of v.definitions) violators.set(v.mnemonic, (violators.get(v.mnemonic) ?? new Set()).add(d));
  if (violators.size > 0) {
    lines.push('| violator | definitions met (not privileged) | system state | witness | manual |', '| --- | --- | --- | --- | --- |');
    for (const [m, defs] of violators) {
      const i = r.instructions.find((x) => x.mnemonic === m)!;
      const witness = [...defs].map((d) => i.definitions[d as keyof typeof i.definitions]?.witness).find((w) => w !== undefined);
      const claim = witness ? `\`${witness.instruction.text}\`: ${witness.claim}` : '-';
      lines.push(`| ${m} | ${[...defs].join(', ')} | ${i.systemState.join(', ') || '-'} | ${cell(claim)} | ${cell(i.cite)} |`);
    }
    lines.push('');
  }
  const safe = r.crossCheck.safeViolators.map((s) => `${s.mnemonic} (Theorem ${s.theorem})`);
  if (safe.length > 0) lines.push(`Safe for direct execution although violators (the condition is sufficient, not necessary): ${safe.join(', ')}.`, '');
  const mismatches = r.mismatches.map((x) => `${x.mnemonic} declared ${x.declared}, derived ${x.derived}`);
  if (mismatches.length > 0) lines.push(`Declared and derived classes differ: ${mismatches.join('; ')}.`, '');
  lines.push('### The published analyses', '', literatureOf(isa.name) ?? '*None compared yet.*', '');
  return lines.join('\n');
}

/** The folder of an ISA's model, where its README keeps the comparison with the literature. */
const folderOf: Record<string, string> = { m68000: 'm68k', m68010: 'm68k', 'mips-tlb8': 'mips', 'rv32-sv32': 'rv32', 'x86-tsd': 'x86', 'x86-umip': 'x86' };

/** The README section comparing the model with the published analyses (its heading names the literature), if any. */
function literatureOf(name: string): string | undefined {
  const readme = new URL(`spec/isa/${folderOf[name] ?? name}/README.md`, root);
  if (!existsSync(readme)) return undefined;
  const text = readFileSync(readme, 'utf8');
  const m = /^## [^\n]*(literature|published)[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/im.exec(text);
  return m ? `From [spec/isa/${folderOf[name] ?? name}/README.md](../spec/isa/${folderOf[name] ?? name}/README.md):\n\n${m[2]!.trim().replace(/^### /gm, '#### ')}` : undefined;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const cache = loadCheckCache(cacheFile);
  const summary: string[] = ['| ISA | Theorem 1 | Theorem 2 | Theorem 3 | violators of Theorem 1 |', '| --- | --- | --- | --- | --- |'];
  const unknown = only?.filter((n) => !bundledIsas.some((i) => i.name === n)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`--isas: not bundled: ${unknown.join(', ')} (bundled: ${bundledIsas.map((i) => i.name).join(', ')})\n`);
    process.exit(2);
  }
  if (solver !== undefined && !(solverNames as readonly string[]).includes(solver)) {
    process.stderr.write(`--solver: ${solver} is not one of ${solverNames.join(', ')}\n`);
    process.exit(2);
  }
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    process.stderr.write(`--timeout: a whole number of milliseconds above 0, not ${option('--timeout')}\n`);
    process.exit(2);
  }
  let saved = cache.added;
  const save = () => {
    if (cache.added !== saved) saveCheckCache(cache, cacheFile);
    saved = cache.added;
  };
  const wanted = bundledIsas.filter((i) => only === undefined || only.includes(i.name));
  // Checked short checks first, then the long ones by size, so that a run stopped early has the
  // most models done; the page lists them in the bundled order whatever the order of checking.
  const order = wanted.filter((i) => !skip.includes(i.name)).sort((a, b) => Number(longChecks.includes(a.name)) - Number(longChecks.includes(b.name)) || a.instructions.length - b.instructions.length);
  const rows = new Map<string, { summary: string; section: string }>();
  /** The page with the sections so far; the ISAs not checked yet are listed as such (a long run writes it after each ISA). */
  const pageWith = (pending = wanted.filter((i) => !rows.has(i.name))) =>
    [
      '# The architectures vmcheck models',
      '',
      'Generated by `npm run architectures` (scripts/architectures.ts) from `vmcheck check` on every',
      'bundled ISA; the comparisons with the literature come from each model\'s README. Every witness',
      'named here was replayed on the reference machine before it was reported.',
      ...(pending.length > 0 ? ['', `*Not checked yet in the run that wrote this page: ${pending.map((i) => i.name).join(', ')}.*`] : []),
      '',
      ...summary,
      ...wanted.map((i) => rows.get(i.name)?.summary ?? `| ${i.name} | *not checked yet* | | | |`),
      '',
      ...wanted.flatMap((i) => (rows.has(i.name) ? [rows.get(i.name)!.section] : [])),
    ].join('\n');
  for (const [n, isa] of order.entries()) {
    if (n > 0 && !check) writeFileSync(out, pageWith());
    process.stderr.write(`checking ${isa.name}…\n`);
    let r: Report;
    try {
      r = await checkIsa(isa, {
        cache,
        workers: isa.instructions.length >= 100 ? 2 : 1,
        ...(solver ? { solver: solver as SolverName } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
        onProgress: () => {
          if (cache.added - saved >= 25) save();
        },
      });
    } catch (e) {
      if (!(e instanceof Error && (e.name === 'SolverDisagreement' || e.name === 'SolverLostError'))) throw e;
      save();
      process.stderr.write(`${isa.name}: checker error: ${e.message}\n`);
      rows.set(isa.name, {
        summary: `| [${isa.name}](#${isa.name}) | *not checked* | | | checker error |`,
        section: [`## ${isa.name}`, '', `The check ended in a checker error: ${cell(e.message)}`, '', '### The published analyses', '', literatureOf(isa.name) ?? '*None compared yet.*', ''].join('\n'),
      });
      continue;
    }
    save();
    const fetch1 = r.theorems[0].mappedFetch?.answer === 'yes' ? [`an instruction fetch from ${r.theorems[0].mappedFetch.witness!.cell.register}`] : [];
    rows.set(isa.name, {
      summary: `| [${isa.name}](#${isa.name}) | ${r.theorems.map((t) => statusText(t.status)).join(' | ')} | ${[...r.theorems[0].violators.map((v) => v.mnemonic), ...fetch1].join(', ') || '-'} |`,
      section: section(isa, r),
    });
  }
  const page = pageWith();
  if (check) {
    const now = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (now !== page) {
      process.stderr.write('docs/architectures.md is out of date: run npx tsx scripts/architectures.ts\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(out, page);
  process.stderr.write(`wrote ${out.pathname}\n`);
}

await main();
