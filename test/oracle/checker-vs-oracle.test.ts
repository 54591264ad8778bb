/**
 * DESIGN.md §5 invariant 6: on random small ISAs, every answer of the checker (Z3) equals the
 * enumerating oracle's. N ISAs: 200 by default, 5,000 with VMCHECK_LONG=1, ORACLE_ISAS to set it.
 * A disagreement is shrunk by fast-check to a minimal ISA, printed with the differing answers and
 * the oracle's witness, and written to test/oracle/fixtures/<hash>.json (unless a fixture already
 * records the same kinds of disagreement); the other tests replay every fixture there (the
 * regression corpus). ORACLE_NEW_ONLY=1 fails only on kinds of disagreement no fixture records.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { smallIsa, twinFeatures } from './random-isa.js';
import { compareWithChecker, describeDisagreement, isaText, writeFixture, type Comparison } from './compare.js';
import { OracleBudgetError } from './enumerate.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const long = process.env.VMCHECK_LONG === '1';
const N = Number(process.env.ORACLE_ISAS ?? (long ? 5000 : 200));
/**
 * The oracle's budget per search in the default run: now and then a random ISA (a walking,
 * indexed, storing map the mode selects, with a composed pair) takes the enumeration minutes; such
 * an ISA is set aside and counted, and the long run (VMCHECK_LONG=1) has no budget.
 */
const MAX_LEAVES = Number(process.env.ORACLE_MAX_LEAVES ?? 2_000_000);
/** ORACLE_NEW_ONLY=1: disagreements of a kind some fixture already records are counted, not failed on (to look past known bugs). */
const newOnly = process.env.ORACLE_NEW_ONLY === '1';

const show = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? String(v) : v));

function report(c: Comparison): string {
  const lines = [
    `ISA (${c.instructions} instruction${c.instructions === 1 ? '' : 's'}; configuration assumed ${show(c.configuration)}, ${c.configurationSource}):`,
    isaText(c.isa),
    'As JSON:',
    show(c.isa),
    'Differing answers:',
    ...c.disagreements.map((d) => `  ${describeDisagreement(d)}${d.checkerNote ? ` (checker's note: ${d.checkerNote})` : ''}`),
  ];
  for (const d of c.disagreements) {
    if (d.oracleWitness)
      lines.push(
        `Oracle's witness for ${d.instruction} ${d.question} (${d.oracleWitnessProblems?.length ? `DOES NOT REPLAY: ${d.oracleWitnessProblems.join('; ')}` : 'replays on referenceStep'}): ${show(d.oracleWitness)}`,
      );
    if (d.checkerWitness) lines.push(`Checker's witness for ${d.instruction} ${d.question}: ${show(d.checkerWitness)}`);
  }
  return lines.join('\n');
}

/** The kinds of disagreement (question, checker's answer, oracle's answer), independent of the ISA. */
const kind = (d: { question: string; checker: string; oracle: string }) => `${d.question}:${d.checker}:${d.oracle}`;
const signature = (ds: readonly { question: string; checker: string; oracle: string }[]) => [...new Set(ds.map(kind))].sort().join(' ');

/** The fixtures there are, with the kinds of disagreement each records. */
function recorded(): { file: string; kinds: string }[] {
  if (!existsSync(fixtures)) return [];
  return readdirSync(fixtures)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, kinds: signature((JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as { disagreements?: { question: string; checker: string; oracle: string }[] }).disagreements ?? []) }));
}

describe('the checker against the enumerating oracle', () => {
  test(
    `${N} random small ISAs: every definition and the exact per-step condition agree`,
    async () => {
      const twins = new Map<string, number>();
      const fetches = new Map<string, number>();
      const tally = { isas: 0, instructions: 0, compared: 0, shared: 0, guarded: 0, moved: 0, inPlace: 0, exampleRefinements: 0, disagreements: 0, known: 0, checkerMs: 0, oracleMs: 0, oracleLeaves: 0, shrinkRuns: 0, refinements: 0, words: 0 };
      const knownKinds = new Set(recorded().flatMap((r) => r.kinds.split(' ')));
      let failing: Comparison | undefined;
      let overBudget = 0;
      const started = performance.now();
      let error: unknown;
      try {
        await fc.assert(
          fc.asyncProperty(smallIsa(), async (isa) => {
            let c: Comparison;
            try {
              c = await compareWithChecker(isa, long ? {} : { maxLeaves: MAX_LEAVES });
            } catch (e) {
              if (!(e instanceof OracleBudgetError)) throw e;
              overBudget++;
              return true;
            }
            if (failing === undefined) {
              tally.isas++;
              tally.instructions += c.instructions;
              tally.compared += c.compared;
              tally.shared += c.sharedAnswers;
              tally.guarded += c.guardedAnswers;
              tally.moved += c.movedAnswers;
              tally.inPlace += c.inPlaceAnswers;
              tally.exampleRefinements += c.exampleRefinements;
              for (const f of twinFeatures(isa)) if (f.split(':').length === 3) twins.set(f, (twins.get(f) ?? 0) + 1);
              tally.disagreements += c.disagreements.length;
              tally.checkerMs += c.checkerMs;
              tally.oracleMs += c.oracleMs;
              tally.oracleLeaves += c.oracleLeaves;
              tally.refinements += c.wordChecks.refinements;
              tally.words += c.wordChecks.words;
              if ((isa.state.storage.mapped ?? []).length > 0)
                for (const v of ['anyLevel', 'userLevel'] as const) {
                  const k = `${v === 'anyLevel' ? 'any level' : 'user level'} ${c.oracle.instructions.some((o) => o.mappedFetch[v]) ? 'yes' : 'no'}`;
                  fetches.set(k, (fetches.get(k) ?? 0) + 1);
                }
            } else tally.shrinkRuns++;
            const fresh = newOnly ? c.disagreements.filter((d) => !knownKinds.has(kind(d))) : c.disagreements;
            if (failing === undefined) tally.known += c.disagreements.length - fresh.length;
            if (fresh.length > 0) {
              failing = { ...c, disagreements: fresh }; // the last failure seen is the shrunk one
              return false;
            }
            return true;
          }),
          { numRuns: N },
        );
      } catch (e) {
        error = e;
      }
      const s = (ms: number) => (ms / 1000).toFixed(1);
      console.log(
        [
          `checker vs oracle: ${tally.isas} ISAs generated, ${tally.instructions} instructions, ${tally.compared} answers compared, ` +
            `${tally.disagreements} disagreement${tally.disagreements === 1 ? '' : 's'} (in the ISAs before shrinking${newOnly ? `; ${tally.known} of kinds already recorded, not failing` : ''})`,
          `  checker ${s(tally.checkerMs)} s (${(tally.checkerMs / Math.max(tally.isas, 1)).toFixed(0)} ms per ISA), ` +
            `oracle ${s(tally.oracleMs)} s (${(tally.oracleMs / Math.max(tally.isas, 1)).toFixed(1)} ms per ISA, ${(tally.oracleLeaves / Math.max(tally.isas, 1)).toFixed(0)} leaves per ISA), ` +
            `${tally.shrinkRuns} shrinking runs, ${s(performance.now() - started)} s in all`,
          `  word by word: ${tally.refinements} of the checker's "no one word is both" answers checked over ${tally.words} words`,
          `  shared by renaming (proofs/share.ts): ${tally.shared} of the answers compared; twins (an entry alike up to a renaming, or a near miss) by kind: ` +
            ([...twins].sort().map(([f, n]) => `${f.slice(5)} ${n}`).join(', ') || 'none'),
          `  read off a guard on the mode that traps in every user level (proofs/mode-guard.ts): ${tally.guarded} of the answers compared`,
          `  safe for direct execution read off the data flow, moved by k (proofs/findings.ts runsAlikeMoved): ${tally.moved} of the answers compared; where nothing moves (runsAlikeInPlace): ${tally.inPlace}`,
          `  one-word refinements answered yes from two replayed examples (proofs/definitions/violation.ts): ${tally.exampleRefinements}`,
          `  fetch from a register mapped into storage (proofs/mapped-fetch.ts), ISAs by the oracle's answer: ${[...fetches].sort().map(([k, n]) => `${k} ${n}`).join(', ') || 'no ISA maps a register'}`,
        ].join('\n'),
      );

      // Set aside only now and then: a generator that drifted into ISAs past the budget would test nothing.
      console.log(`  set aside over the oracle's budget (${MAX_LEAVES} leaves in one search): ${overBudget} of ${tally.isas + overBudget} ISAs`);
      expect(overBudget, 'ISAs set aside over the oracle budget').toBeLessThanOrEqual(Math.max(2, Math.ceil(N / 50)));
      if (failing) {
        // One fixture per kind of disagreement: a new ISA showing one already recorded is not written.
        const kinds = signature(failing.disagreements);
        const known = recorded().find((r) => r.kinds === kinds);
        const path = known ? join(fixtures, known.file) : writeFixture(fixtures, failing, { found: 'checker-vs-oracle.test.ts, shrunk by fast-check' });
        const text = report(failing);
        const where = known ? `the same kind of disagreement as ${path}, not written again` : `written to ${path}`;
        console.log(`Minimal disagreement (${where}):\n${text}`);
        throw new Error(`the checker and the oracle disagree (${where}):\n${text}\n\n${String(error).slice(0, 2000)}`);
      }
      if (error) throw error;
      expect(tally.disagreements - tally.known).toBe(0);
    },
    0,
  );

  const files = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort() : [];
  test.runIf(files.length === 0)('no recorded disagreements to replay', () => {});
  for (const f of files)
    test(
      `recorded disagreement ${f} no longer disagrees`,
      async () => {
        const fixture = JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as { isa: IsaDescription };
        const c = await compareWithChecker(fixture.isa);
        if (c.disagreements.length > 0) console.log(report(c));
        expect(c.disagreements.map(describeDisagreement)).toEqual([]);
      },
      120_000,
    );
});
