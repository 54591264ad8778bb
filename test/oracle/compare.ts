/**
 * The checker's answers against the oracle's for one ISA (DESIGN.md §5 invariant 6): per
 * instruction, every definition of proofs/definitions/README.md and both variants of the exact
 * per-step condition. Privileged is compared under the configuration the report states.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Block, Expr } from '../../spec/ast.js';
import { accessRules, accesses, physicalOf, updatesOf, type IsaDescription } from '../../spec/description.js';
import { checkIsa } from '../../proofs/index.js';
import { violatedByAWord, wordAnswers } from './per-encoding.js';
import { configurationOf, oracleAnswers, oracleDefinitions, replayWitness, type ConfigurationPart, type OracleAnswers, type OracleDefinition, type OracleQuestion, type OracleWitness } from './enumerate.js';

export interface Disagreement {
  instruction: string;
  /** A definition, a direct-execution variant, the one-word refinement of a definition, or a theorem. */
  question: OracleQuestion | `violation of ${OracleDefinition}` | `Theorem ${1 | 2 | 3}`;
  /** The checker's answer: `yes`, `no`, `unknown`, or `missing` when the report has no such answer. */
  checker: string;
  oracle: 'yes' | 'no';
  /** The oracle's states where it has them (a `yes`; a `no` of privileged; an unsafe instruction). */
  oracleWitness?: OracleWitness;
  /** What re-running the oracle's witness on referenceStep found wrong with it (empty: it replays). */
  oracleWitnessProblems?: string[];
  /** The checker's witness or note, as the report gives it. */
  checkerWitness?: unknown;
  checkerNote?: string;
}

export interface Comparison {
  isa: IsaDescription;
  configuration: ConfigurationPart[];
  configurationSource: string;
  instructions: number;
  /** Answers compared (definitions and direct-execution variants, per instruction). */
  compared: number;
  /** Of those, the answers the checker derived from another entry's by renaming (proofs/share.ts). */
  sharedAnswers: number;
  /** Of those, the answers the checker read off a guard on the mode that traps in every user level (proofs/mode-guard.ts). */
  guardedAnswers: number;
  /** Of those, the direct-execution answers the checker read off the data flow moved by k (proofs/findings.ts runsAlikeMoved). */
  movedAnswers: number;
  /** Of those, the direct-execution answers read off the data flow where nothing moves (runsAlikeInPlace). */
  inPlaceAnswers: number;
  /** Of those, the one-word refinements the checker answered from two replayed examples (proofs/definitions/violation.ts). */
  exampleRefinements: number;
  disagreements: Disagreement[];
  checkerMs: number;
  oracleMs: number;
  oracleLeaves: number;
  oracle: OracleAnswers;
  /** One-word refinements the checker answered `no` that were checked word by word, and the words enumerated for them. */
  wordChecks: { refinements: number; words: number };
}

type Answer = 'yes' | 'no' | 'unknown';
const yn = (b: boolean): 'yes' | 'no' => (b ? 'yes' : 'no');

/** Runs the checker once and the oracle once, and lists every answer on which they differ. */
/** `maxLeaves`: the oracle's budget per search (enumerate.ts OracleBudgetError past it). */
export async function compareWithChecker(isa: IsaDescription, options: { maxLeaves?: number } = {}): Promise<Comparison> {
  const t0 = performance.now();
  const report = await checkIsa(isa, { timeoutMs: 10_000, cache: undefined });
  const checkerMs = performance.now() - t0;
  const stated = (report as { configuration?: { source?: string; entries?: ConfigurationPart[] } }).configuration;
  const configuration = stated?.entries ? stated.entries.map((e) => ({ register: e.register, mask: String(e.mask), value: String(e.value) })) : configurationOf(isa);
  const t1 = performance.now();
  const oracle = oracleAnswers(isa, configuration, options.maxLeaves !== undefined ? { maxLeaves: options.maxLeaves } : {});
  const oracleMs = performance.now() - t1;

  const disagreements: Disagreement[] = [];
  let compared = 0;
  for (const o of oracle.instructions) {
    const r = report.instructions.find((i) => i.mnemonic === o.mnemonic) as unknown as
      | {
          definitions: Record<string, { answer: Answer; witness?: unknown; note?: string } | undefined>;
          direct?: Record<'anyLevel' | 'userLevel', Answer | { safe: Answer; witness?: unknown; note?: string } | undefined>;
        }
      | undefined;
    for (const d of oracleDefinitions) {
      compared++;
      const res = r?.definitions[d];
      const want = yn(o.definitions[d]);
      const got = res?.answer ?? 'missing';
      if (got !== want)
        disagreements.push({
          instruction: o.mnemonic,
          question: d,
          checker: got,
          oracle: want,
          ...(o.witnesses[d] ? { oracleWitness: o.witnesses[d] } : {}),
          ...(res?.witness ? { checkerWitness: res.witness } : {}),
          ...(res?.note ? { checkerNote: res.note } : {}),
        });
    }
    for (const v of ['anyLevel', 'userLevel'] as const) {
      compared++;
      const res = r?.direct?.[v];
      const got = res === undefined ? 'missing' : typeof res === 'string' ? res : res.safe;
      const want = yn(o.direct[v]);
      if (got !== want)
        disagreements.push({
          instruction: o.mnemonic,
          question: v === 'anyLevel' ? 'direct-any-level' : 'direct-user-level',
          checker: got,
          oracle: want,
          ...(o.directWitnesses[v] ? { oracleWitness: o.directWitnesses[v] } : {}),
          ...(typeof res === 'object' && res.witness ? { checkerWitness: res.witness } : {}),
          ...(typeof res === 'object' && res.note ? { checkerNote: res.note } : {}),
        });
    }
  }
  // The fetch from a mapped register: Theorems 1 and 2 ask it of every level, Theorem 3 of the user levels.
  const mapped = (isa.state.storage.mapped ?? []).length > 0;
  if (report.theorems[1]!.mappedFetch?.answer !== report.theorems[0]!.mappedFetch?.answer)
    disagreements.push({ instruction: '(fetch)', question: 'Theorem 2', checker: `a mapped fetch answer unlike Theorem 1's`, oracle: 'no' });
  for (const [t, v] of [[1, 'anyLevel'], [3, 'userLevel']] as const) {
    const res = report.theorems[t - 1]!.mappedFetch;
    if (!mapped) {
      if (res) disagreements.push({ instruction: '(fetch)', question: `Theorem ${t}`, checker: `a mapped fetch answer (${res.answer}) where no register is mapped`, oracle: 'no' });
      continue;
    }
    compared++;
    const witness = oracle.instructions.map((o) => o.mappedFetchWitnesses[v]).find((w) => w !== undefined);
    const want = yn(oracle.instructions.some((o) => o.mappedFetch[v]));
    const got = res?.answer ?? 'missing';
    if (got !== want)
      disagreements.push({
        instruction: '(fetch)',
        question: v === 'anyLevel' ? 'mapped-fetch-any' : 'mapped-fetch-user',
        checker: got,
        oracle: want,
        ...(witness ? { oracleWitness: witness } : {}),
        ...(res?.witness ? { checkerWitness: res.witness } : {}),
        ...(res?.note ? { checkerNote: res.note } : {}),
      });
  }
  // Word by word: the checker's refinements, and the theorem verdicts that rest on them.
  const sensitiveDefs: OracleDefinition[] = ['control-sensitive', 'mode-sensitive', 'location-sensitive'];
  const userDefs: OracleDefinition[] = ['user-control-sensitive', 'user-location-sensitive', 'user-system-sensitive'];
  const violators = new Map<string, Set<OracleDefinition>>();
  let wordsUnknown = false;
  const wordChecks = { refinements: 0, words: 0 };
  for (const o of oracle.instructions) {
    const met = oracleDefinitions.filter((d) => d !== 'privileged' && o.definitions[d]);
    if (o.definitions.privileged || met.length === 0) continue;
    const r = report.instructions.find((i) => i.mnemonic === o.mnemonic);
    const refinement = (d: OracleDefinition) => (r?.definitions as Record<string, { violation?: { answer: Answer; witness?: { instruction: { cells: number[] } }; privilegedWitness?: { instruction: { cells: number[] } } } }> | undefined)?.[d]?.violation;
    // A `yes` comes with two replayed witnesses of one word: only a `no` needs the words enumerated.
    const trusted = met.every((d) => refinement(d)?.answer === 'yes' && refinement(d)!.witness!.instruction.cells.join() === refinement(d)!.privilegedWitness!.instruction.cells.join());
    const words = trusted ? undefined : wordAnswers(isa, o.mnemonic, configuration);
    if (!trusted && !words) {
      wordsUnknown = true;
      continue;
    }
    if (words) {
      wordChecks.refinements += met.filter((d) => refinement(d)?.answer === 'no').length;
      wordChecks.words += words.length;
    }
    const violated = new Set(met.filter((d) => (words ? violatedByAWord(words, d) : true)));
    violators.set(o.mnemonic, violated);
    for (const d of met) {
      compared++;
      const got = (r?.definitions as Record<string, { violation?: { answer: Answer } }> | undefined)?.[d]?.violation?.answer ?? 'missing';
      const want = yn(violated.has(d));
      if (got !== want) disagreements.push({ instruction: o.mnemonic, question: `violation of ${d}`, checker: got, oracle: want });
    }
  }
  if (!wordsUnknown) {
    const fails = (defs: OracleDefinition[]) => [...violators.values()].some((v) => defs.some((d) => v.has(d)));
    // A level the monitor runs directly fetching from a mapped register fails the theorem by itself.
    const fetchAny = oracle.instructions.some((o) => o.mappedFetch.anyLevel);
    const fetchUser = oracle.instructions.some((o) => o.mappedFetch.userLevel);
    const t1 = fails(sensitiveDefs) || fetchAny;
    const want: Record<1 | 2 | 3, boolean> = { 1: t1, 2: t1 || fails(['timing-dependent']), 3: fails(userDefs) || fetchUser };
    for (const t of [1, 2, 3] as const) {
      compared++;
      const got = report.theorems[t - 1]!.status;
      const expected = want[t] ? 'fails' : 'holds';
      if (got !== expected) disagreements.push({ instruction: '(the ISA)', question: `Theorem ${t}`, checker: got, oracle: want[t] ? 'yes' : 'no' });
    }
  }
  for (const d of disagreements) {
    const insn = isa.instructions.find((i) => i.mnemonic === d.instruction);
    if (d.oracleWitness && insn && !d.question.startsWith('mapped-fetch')) d.oracleWitnessProblems = replayWitness(isa, insn, d.oracleWitness, configuration);
  }
  return {
    isa,
    configuration,
    configurationSource: stated?.source ?? (stated ? '?' : 'declared (the report states none)'),
    instructions: oracle.instructions.length,
    compared,
    sharedAnswers: report.instructions.reduce(
      (n, i) => n + Object.values(i.definitions).filter((d) => d.note?.startsWith('shared:')).length + (['anyLevel', 'userLevel'] as const).filter((l) => i.direct[l].note?.startsWith('shared:')).length,
      0,
    ),
    guardedAnswers: report.instructions.reduce(
      (n, i) => n + Object.values(i.definitions).filter((d) => d.note?.includes('traps before any effect in every user level')).length + (i.direct.anyLevel.note?.includes('traps before any effect') ? 1 : 0),
      0,
    ),
    movedAnswers: report.instructions.filter((i) => i.direct.anyLevel.note?.startsWith('structural: it reads and writes only user state and reaches')).length,
    inPlaceAnswers: report.instructions.filter((i) =>
      ['touches no storage', 'accesses storage only through a map the mode selects'].some((x) => i.direct.anyLevel.note?.startsWith(`structural: it reads and writes only user state and ${x}`)),
    ).length,
    exampleRefinements: report.instructions.reduce((n, i) => n + Object.values(i.definitions).filter((d) => d.violation?.note?.startsWith('by example: the word of')).length, 0),
    disagreements,
    checkerMs,
    oracleMs,
    oracleLeaves: oracle.stats.leaves,
    oracle,
    wordChecks,
  };
}

/** A short text of a disagreement (direct execution: `yes` = safe). */
export function describeDisagreement(d: Disagreement): string {
  const what = d.question.startsWith('direct') ? `${d.question} (yes = safe)` : d.question;
  return `${d.instruction} ${what}: checker ${d.checker}, oracle ${d.oracle}`;
}

const show = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? String(v) : v));

/** Writes a failing comparison to `dir/<hash>.json` (the regression corpus); returns the path. */
export function writeFixture(dir: string, c: Comparison, extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(JSON.stringify(c.isa)).digest('hex').slice(0, 12);
  const path = join(dir, `${hash}.json`);
  const body = {
    about: 'An ISA on which vmcheck\'s checker and the enumerating oracle (test/oracle/enumerate.ts) disagreed. Replayed by test/oracle/checker-vs-oracle.test.ts.',
    ...extra,
    configuration: c.configuration,
    disagreements: c.disagreements.map((d) => ({ ...d, text: describeDisagreement(d) })),
    isa: c.isa,
  };
  writeFileSync(path, JSON.stringify(JSON.parse(show(body)), null, 2) + '\n');
  return path;
}

/** A description as short readable text (registers, levels, map, instructions), for failure messages. */
export function isaText(isa: IsaDescription): string {
  const e = (x: Expr): string => {
    switch (x.kind) {
      case 'const':
        return `${BigInt(x.value)}#${x.width}`;
      case 'reg':
        return x.name;
      case 'file':
        return `${x.name}[${e(x.index)}]`;
      case 'field':
        return `{${x.name}}`;
      case 'var':
        return `$${x.name}`;
      case 'trapInfo':
        return `trap.${x.which}`;
      case 'unary':
        return `${x.op}(${e(x.arg)})`;
      case 'binary':
      case 'compare':
        return `${x.op}(${e(x.left)}, ${e(x.right)})`;
      case 'extract':
        return `${e(x.arg)}[${x.hi}:${x.lo}]`;
      case 'concat':
        return `{${x.parts.map(e).join(', ')}}`;
      case 'extend':
        return `${x.signed ? 'sext' : 'zext'}${x.width}(${e(x.arg)})`;
      case 'ite':
        return `(${e(x.cond)} ? ${e(x.then)} : ${e(x.else)})`;
      case 'load':
        return `${x.space === 'virtual' ? 'V' : 'P'}mem${x.width}[${e(x.addr)}]`;
      case 'let':
        return `(let ${x.name} = ${e(x.value)} in ${e(x.body)})`;
    }
  };
  const b = (block: Block, ind: string): string[] =>
    block.flatMap((s): string[] => {
      switch (s.kind) {
        case 'assign':
          return [`${ind}${s.target.kind === 'reg' ? s.target.name : `${s.target.name}[${e(s.target.index)}]`} := ${e(s.value)}`];
        case 'store':
          return [`${ind}${s.space === 'virtual' ? 'V' : 'P'}mem[${e(s.addr)}] := ${e(s.value)}`];
        case 'let':
          return [`${ind}let ${s.name} = ${e(s.value)}`];
        case 'if':
          return [`${ind}if ${e(s.cond)}:`, ...b(s.then, ind + '  '), ...(s.else.length ? [`${ind}else:`, ...b(s.else, ind + '  ')] : [])];
        case 'trap':
          return [`${ind}trap ${s.trap}${s.value ? ` ${e(s.value)}` : ''}`];
        case 'halt':
          return [`${ind}halt`];
      }
    });
  const st = isa.state;
  const m = st.addressMap;
  return [
    `registers: ${st.registers.map((r) => `${r.name}:${r.width} ${r.kind}${r.configurable ? ` configurable ${r.configurable}` : ''}`).join(', ')}`,
    ...st.files.map((f) => `file ${f.name}: ${f.count} x ${f.width} ${f.kind}${f.hardwired?.length ? ` hardwired ${JSON.stringify(f.hardwired)}` : ''}`),
    `mode ${st.mode.register}: ${st.mode.levels.map((l) => `${l.name}=${l.value}${l.supervisor ? ' (supervisor)' : ''}`).join(', ')}; timing: ${st.timing.join(', ') || 'none'}; configuration: ${JSON.stringify(st.configuration ?? [])}`,
    `storage: ${st.storage.cells} cells of ${st.storage.cellBits} bits`,
    m.kind === 'relocation-bounds'
      ? `map: relocation-bounds base ${m.base} bound ${m.bound} (${m.boundTest})`
      : `map: described; ${accesses.map((a) => `${a} faults ${accessRules(m, a).map((r) => `${e(r.fault)} (${r.trap})`).join(', then ')}`).join('; ')}; physical ${accesses.map((a) => e(physicalOf(m, a))).join(' | ')}${
          m.updates === undefined ? '' : `; updates ${accesses.map((a) => `${a}: ${updatesOf(m, a).map((u) => `if ${e(u.when)} P[${e(u.cell)}] := ${e(u.value)}`).join(', then ') || 'none'}`).join('; ')}`
        }`,
    ...isa.instructions.flatMap((i) => [`${i.mnemonic} (${i.syntax}):`, ...b(i.semantics, '  ')]),
  ].join('\n');
}
