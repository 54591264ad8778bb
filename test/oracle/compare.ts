/**
 * The checker's answers against the oracle's for one ISA (DESIGN.md §5 invariant 6): per
 * instruction, every definition of proofs/definitions/README.md and both variants of the exact
 * per-step condition. Privileged is compared under the configuration the report states.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsaDescription } from '../../spec/description.js';
import { checkIsa } from '../../proofs/index.js';
import { configurationOf, oracleAnswers, oracleDefinitions, type ConfigurationPart, type OracleAnswers, type OracleQuestion, type OracleWitness } from './enumerate.js';

export interface Disagreement {
  instruction: string;
  question: OracleQuestion;
  /** The checker's answer: `yes`, `no`, `unknown`, or `missing` when the report has no such answer. */
  checker: string;
  oracle: 'yes' | 'no';
  /** The oracle's states where it has them (a `yes`; a `no` of privileged; an unsafe instruction). */
  oracleWitness?: OracleWitness;
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
  disagreements: Disagreement[];
  checkerMs: number;
  oracleMs: number;
  oracleLeaves: number;
  oracle: OracleAnswers;
}

type Answer = 'yes' | 'no' | 'unknown';
const yn = (b: boolean): 'yes' | 'no' => (b ? 'yes' : 'no');

/** Runs the checker once and the oracle once, and lists every answer on which they differ. */
export async function compareWithChecker(isa: IsaDescription): Promise<Comparison> {
  const t0 = performance.now();
  const report = await checkIsa(isa, { timeoutMs: 10_000, cache: undefined });
  const checkerMs = performance.now() - t0;
  const stated = (report as { configuration?: { source?: string; entries?: ConfigurationPart[] } }).configuration;
  const configuration = stated?.entries ? stated.entries.map((e) => ({ register: e.register, mask: String(e.mask), value: String(e.value) })) : configurationOf(isa);
  const t1 = performance.now();
  const oracle = oracleAnswers(isa, configuration);
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
  return {
    isa,
    configuration,
    configurationSource: stated?.source ?? (stated ? '?' : 'declared (the report states none)'),
    instructions: oracle.instructions.length,
    compared,
    disagreements,
    checkerMs,
    oracleMs,
    oracleLeaves: oracle.stats.leaves,
    oracle,
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
