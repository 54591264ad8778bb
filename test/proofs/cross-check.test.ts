/**
 * A second solver on request: `--solver` makes a native process answer (the embedded Z3 only
 * completes sat models, so witnesses are read and replayed as always), `--cross-check` confirms
 * every definite answer, and a disagreement is an error, never a verdict. Tests needing z3 or
 * cvc5 skip when they are missing, unless VMCHECK_REQUIRE_SOLVERS=1 (set by .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { pg74Jrst, pg74Lra } from '../../spec/isa/index.js';
import { extendIsa } from '../../spec/compose.js';
import { checkIsa, SolverDisagreement, type Report } from '../../proofs/index.js';
import { solve, type QueryEnv } from '../../proofs/query.js';
import type { ExternalSolver } from '../../proofs/solvers/index.js';
import { withZ3 } from '../../proofs/z3.js';
import { runCli } from '../cli/run-cli.js';
import { expectLawfulReport } from './laws.js';

const installed = (cmd: string) => {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const required = process.env.VMCHECK_REQUIRE_SOLVERS === '1';
const both = installed('z3') && installed('cvc5');
if (!both && !required) console.log('cross-check tests against native z3 and cvc5 skipped: install them (apt-get install z3 cvc5)');

/** A solver that always says `answer`: what a buggy solver or a mistranslated query looks like. */
const liar = (answer: 'sat' | 'unsat'): ExternalSolver => ({
  name: 'cvc5',
  version: 'a liar',
  check: async () => ({ status: answer, ms: 0, values: new Map() }),
  close: async () => {},
});

const answers = (r: Report) => r.instructions.map((i) => [i.mnemonic, Object.values(i.definitions).map((d) => d.answer), i.direct.anyLevel.safe, i.direct.userLevel.safe]);

describe('a second solver', () => {
  test('a confirming solver that disagrees makes the query fail with SolverDisagreement, naming both', async () => {
    await withZ3(async (z) => {
      const x = z.ctx.BitVec.const('x', 8);
      const k = (v: number) => z.ctx.BitVec.val(v, 8);
      const q: QueryEnv = { z, isaName: 'toy', timeoutMs: 5000, records: [], solvers: { confirm: liar('unsat') } };
      await expect(solve(q, { instruction: 'T', definition: 'privileged' }, [x.eq(k(3))], () => 0)).rejects.toThrow(SolverDisagreement);
      await expect(solve(q, { instruction: 'T', definition: 'privileged' }, [x.eq(k(3))], () => 0)).rejects.toThrow(/T\/privileged: z3-wasm answered sat, cvc5 answered unsat/);
      // An answering solver whose sat the embedded Z3 refutes is caught when the model is completed.
      const wrong: QueryEnv = { ...q, solvers: { primary: liar('sat') } };
      await expect(solve(wrong, { instruction: 'T', definition: 'privileged' }, [x.eq(k(3)), x.eq(k(4))], () => 0)).rejects.toThrow(/refutes/);
    });
  });

  test.skipIf(!both && !required)('native z3 answering and cvc5 confirming give the embedded Z3’s answers, with witnesses that replay', async () => {
    // A few instructions of each (every definition asked, both verdict-making instructions among them).
    const few = (isa: typeof pg74Jrst, keep: string[]) => extendIsa(isa, { name: `${isa.name}-few`, summary: 'a few', remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) });
    for (const isa of [few(pg74Jrst, ['JRU', 'LPSW', 'LD']), few(pg74Lra, ['LRA', 'ST'])]) {
      const native = await checkIsa(isa, { solver: 'z3', crossCheck: 'cvc5' });
      const embedded = await checkIsa(isa);
      expect(answers(native)).toEqual(answers(embedded));
      expect(native.verdict).toBe(embedded.verdict);
      expectLawfulReport(isa, native);
    }
  }, 300_000);

  test('a missing solver is a clear error (exit 2), a solver cross-checking itself a usage error', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = await runCli('check', 'pg74-jrst', '--no-cache', '--solver', 'cvc5');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cvc5 is not available.*apt-get install cvc5/);
    } finally {
      process.env.PATH = path;
    }
    const same = await runCli('check', 'pg74-jrst', '--no-cache', '--solver', 'z3', '--cross-check', 'z3');
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/--cross-check z3 would ask the solver that already answers/);
  });
});
