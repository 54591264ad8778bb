/**
 * The external solvers (native z3, cvc5) on real queries: built with the embedded Z3, printed by
 * its `toSmtlib2()`, answered by the process, and every sat answer's values substituted back
 * with the embedded Z3. Then the cross-check the CLI's `--cross-check` relies on: every query of
 * a pg74 check, exported with `smtOutDir`, re-solved by each installed solver with the embedded
 * Z3's answer.
 *
 * Needs `z3` and `cvc5` on PATH (Debian: apt-get install z3 cvc5). A missing one skips its tests
 * with the reason printed — unless VMCHECK_REQUIRE_SOLVERS=1 (set by .ci/run, which installs
 * them), where it fails.
 */
import { chmodSync, mkdtempSync as mkdtempKept, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIsa, type Report } from '../../proofs/index.js';
import { pg74 } from '../../spec/isa/index.js';
import { withZ3 } from '../../proofs/z3.js';
import type { BV, Cond, Mem } from '../../proofs/terms.js';
import { toBool, val } from '../../proofs/terms.js';
import {
  SolverProtocolError,
  declaredBitVectors,
  openExternalSolver,
  queryBody,
  watchdogMs,
  type BitVectorConstant,
  type ExternalAnswer,
  type ExternalSolver,
  type ExternalSolverName,
} from '../../proofs/solvers/index.js';

const required = process.env.VMCHECK_REQUIRE_SOLVERS === '1';

/** Temporary directories (exported queries, wrapper programs), removed after the file's tests. */
const temporary: string[] = [];
const mkdtempSync = (prefix: string): string => {
  const dir = mkdtempKept(prefix);
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const external: readonly ExternalSolverName[] = ['z3', 'cvc5'];

/** Which solvers run here: their version, or why not. */
const availability = new Map<ExternalSolverName, { version?: string; why?: string }>(
  await Promise.all(
    external.map(async (name) => {
      try {
        const s = await openExternalSolver(name);
        await s.close();
        return [name, { version: s.version }] as const;
      } catch (e) {
        return [name, { why: (e as Error).message }] as const;
      }
    }),
  ),
);

/** A script as Z3 prints it for these assertions, and its bit-vector constants. */
async function script(build: (ctx: Parameters<Parameters<typeof withZ3>[0]>[0]['ctx']) => Cond[], label: string): Promise<{ text: string; bitVectors: BitVectorConstant[] }> {
  const text = await withZ3(({ ctx }) => {
    const s = new ctx.Solver();
    try {
      for (const a of build(ctx)) s.add(toBool(ctx, a));
      return `; ${label}\n${s.toSmtlib2()}`;
    } finally {
      s.release();
    }
  });
  return { text, bitVectors: declaredBitVectors(text) };
}

/** The embedded Z3's verdict on the script with the answer's values fixed: they must satisfy it. */
async function valuesSatisfy(text: string, bitVectors: readonly BitVectorConstant[], values: ReadonlyMap<string, bigint>): Promise<string> {
  return withZ3(async ({ ctx }) => {
    const s = new ctx.Solver();
    try {
      s.fromString(queryBody(text));
      for (const b of bitVectors) s.add(ctx.BitVec.const(b.name, b.width).eq(ctx.BitVec.val(values.get(b.name)!, b.width)));
      return await s.check();
    } finally {
      s.release();
    }
  });
}

/** Substitutes the values into each assertion and simplifies: each must become `true`. */
async function substituteBack(build: (ctx: Parameters<Parameters<typeof withZ3>[0]>[0]['ctx']) => Cond[], bitVectors: readonly BitVectorConstant[], values: ReadonlyMap<string, bigint>): Promise<string[]> {
  return withZ3(async ({ ctx }) => {
    const pairs = bitVectors.map((b) => [ctx.BitVec.const(b.name, b.width), ctx.BitVec.val(values.get(b.name)!, b.width)] as [BV, BV]);
    const out: string[] = [];
    for (const a of build(ctx)) out.push(String(await ctx.simplify(ctx.substitute(toBool(ctx, a), ...pairs))));
    return out;
  });
}

type Ctx = Parameters<Parameters<typeof withZ3>[0]>[0]['ctx'];

/** A sat bit-vector query over names like vmcheck's (one needs quoting). */
const satQuery = (ctx: Ctx): Cond[] => {
  const r3 = ctx.BitVec.const('S1.r.3', 32) as BV;
  const ab = ctx.BitVec.const('a b', 8) as BV;
  const mode = ctx.BitVec.const('LDI.S.mode', 1) as BV;
  return [
    r3.mul(val(ctx, 3, 32)).add(ab.zeroExt(24)).eq(val(ctx, 0x1234abcd, 32)),
    ab.ugt(val(ctx, 5, 8)),
    r3.extract(31, 28).eq(val(ctx, 0, 4)),
    mode.eq(val(ctx, 1, 1)),
  ];
};

/** Unsat: an unsigned bit-vector cannot exceed its conjunction with another. */
const unsatQuery = (ctx: Ctx): Cond[] => {
  const x = ctx.BitVec.const('x', 16) as BV;
  const y = ctx.BitVec.const('y', 16) as BV;
  return [x.and(y).ugt(x)];
};

/** Byte storage: two stores, then a load that sees the second: sat only where the addresses meet. */
const arrayQuery =
  (distinct: boolean) =>
  (ctx: Ctx): Cond[] => {
    const mem = ctx.Array.const('S1.mem', ctx.BitVec.sort(8), ctx.BitVec.sort(8)) as unknown as Mem;
    const a = ctx.BitVec.const('ST.a', 8) as BV;
    const b = ctx.BitVec.const('ST.b', 8) as BV;
    const after = mem.store(a, val(ctx, 0x11, 8)).store(b, val(ctx, 0x22, 8)) as Mem;
    return [(after.select(a) as BV).eq(val(ctx, 0x22, 8)), (mem.select(val(ctx, 0x40, 8)) as BV).eq(val(ctx, 0x7f, 8)), ...(distinct ? [a.neq(b)] : [])];
  };

/** Factoring a 64-bit semiprime (two 32-bit primes): far beyond 200 ms of bit-blasting. */
const factoring = (ctx: Ctx): Cond[] => {
  const p = ctx.BitVec.const('p', 32) as BV;
  const q = ctx.BitVec.const('q', 32) as BV;
  const n = 3538334777n * 2767054501n;
  return [p.zeroExt(32).mul(q.zeroExt(32)).eq(ctx.BitVec.val(n, 64)), p.ugt(val(ctx, 1, 32)), q.ugt(val(ctx, 1, 32))];
};

/** A program that passes everything to the real solver, and dies (SIGKILL) when the input mentions `vmcheck-crash-here`. */
function crashingWrapper(command: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmcheck-crashing-solver-'));
  const js = join(dir, 'crash.mjs');
  writeFileSync(
    js,
    `import { spawn } from 'node:child_process';
const child = spawn(${JSON.stringify(command)}, process.argv.slice(2), { stdio: ['pipe', 'inherit', 'inherit'] });
let tail = '';
process.stdin.on('data', (d) => {
  const s = tail + d.toString();
  if (s.includes('vmcheck-crash-here')) { child.kill('SIGKILL'); process.kill(process.pid, 'SIGKILL'); }
  tail = s.slice(-40);
  child.stdin.write(d);
});
process.stdin.on('end', () => child.stdin.end());
child.on('exit', (code) => process.exit(code ?? 1));
`,
  );
  const sh = join(dir, 'solver');
  writeFileSync(sh, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(js)} "$@"\n`);
  chmodSync(sh, 0o755);
  return sh;
}

/** One pg74 check with every query exported, shared by the solvers' cross-checks. */
let pg74Export: Promise<Report> | undefined;
const exportPg74 = () => (pg74Export ??= checkIsa(pg74, { smtOutDir: mkdtempSync(join(tmpdir(), 'vmcheck-smt-')) }));

for (const name of external) {
  const { version, why } = availability.get(name)!;
  if (why) console.warn(`test/proofs/solvers.test.ts: ${why.replace(/\.$/, '')}; ${required ? 'VMCHECK_REQUIRE_SOLVERS=1: failing' : `the ${name} tests are skipped`}.`);

  it.runIf(required && why !== undefined)(`${name} is installed (VMCHECK_REQUIRE_SOLVERS=1)`, () => {
    expect.fail(`VMCHECK_REQUIRE_SOLVERS=1 but ${why}`);
  });

  describe.skipIf(why !== undefined)(`${name} ${version ?? ''} as an external solver${why ? ` [skipped: ${why}]` : ''}`, () => {
    let solver: ExternalSolver;
    beforeAll(async () => {
      solver = await openExternalSolver(name);
    });
    afterAll(async () => {
      await solver?.close();
    });

    it('answers a sat bit-vector query with values that satisfy it', async () => {
      const q = await script(satQuery, 'vmcheck test: sat');
      expect(q.text).toContain('|a b|');
      expect([...q.bitVectors].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
        { name: 'a b', width: 8 },
        { name: 'LDI.S.mode', width: 1 },
        { name: 'S1.r.3', width: 32 },
      ]);
      const a = await solver.check(q.text, q.bitVectors, 10_000);
      expect(a.status).toBe('sat');
      expect([...a.values!.keys()]).toEqual(q.bitVectors.map((b) => b.name));
      expect(a.values!.get('LDI.S.mode')).toBe(1n);
      expect(await substituteBack(satQuery, q.bitVectors, a.values!)).toEqual(['true', 'true', 'true', 'true']);
    });

    it('answers an unsat query, without values', async () => {
      const q = await script(unsatQuery, 'vmcheck test: unsat');
      const a = await solver.check(q.text, q.bitVectors, 10_000);
      expect(a).toMatchObject({ status: 'unsat' });
      expect(a.values).toBeUndefined();
    });

    it('answers queries over (Array (_ BitVec 8) (_ BitVec 8)) storage with stores and selects', async () => {
      const sat = await script(arrayQuery(false), 'vmcheck test: array, sat');
      expect(sat.text).toContain('(Array (_ BitVec 8) (_ BitVec 8))');
      expect(sat.bitVectors.map((b) => b.name).sort()).toEqual(['ST.a', 'ST.b']);
      const a = await solver.check(sat.text, sat.bitVectors, 10_000);
      expect(a.status).toBe('sat');
      expect(a.values!.get('ST.a')).toBe(a.values!.get('ST.b'));
      expect(await valuesSatisfy(sat.text, sat.bitVectors, a.values!)).toBe('sat');
      const unsat = await script(arrayQuery(true), 'vmcheck test: array, unsat');
      expect((await solver.check(unsat.text, unsat.bitVectors, 10_000)).status).toBe('unsat');
    });

    it('gives up on a hard query at its time limit (unknown, timeout), and answers the next one', async () => {
      const q = await script(factoring, 'vmcheck test: factoring');
      const start = performance.now();
      const a = await solver.check(q.text, q.bitVectors, 200);
      const ms = performance.now() - start;
      expect(a).toMatchObject({ status: 'unknown', reason: 'timeout' });
      expect(ms).toBeLessThan(watchdogMs(200) + 1000);
      const next = await script(unsatQuery, 'vmcheck test: after the timeout');
      expect((await solver.check(next.text, next.bitVectors, 10_000)).status).toBe('unsat');
    });

    it("reports the solver's (error …) as a SolverProtocolError, and answers the next query", async () => {
      const e = await solver.check('; vmcheck test: undeclared\n(assert (= nope #x00))\n(check-sat)\n', [], 10_000).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SolverProtocolError);
      expect((e as Error).message).toMatch(new RegExp(`^${name} failed on query "vmcheck test: undeclared": .*nope`));
      const q = await script(satQuery, 'vmcheck test: after the error');
      expect((await solver.check(q.text, q.bitVectors, 10_000)).status).toBe('sat');
    });

    it('a crash in the middle of a query is a SolverProtocolError naming it; the next query gets a fresh process', async () => {
      const crashing = await openExternalSolver(name, { command: crashingWrapper(name) });
      try {
        const ok = await script(unsatQuery, 'vmcheck test: before the crash');
        expect((await crashing.check(ok.text, ok.bitVectors, 10_000)).status).toBe('unsat');
        const e = await crashing.check('; vmcheck query test: CRASH/here\n(declare-fun vmcheck-crash-here () (_ BitVec 8))\n(check-sat)\n', [], 10_000).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(SolverProtocolError);
        expect((e as Error).message).toMatch(new RegExp(`^${name} failed on query "vmcheck query test: CRASH/here": the process killed by SIGKILL`));
        const after = await script(satQuery, 'vmcheck test: after the crash');
        const a = await crashing.check(after.text, after.bitVectors, 10_000);
        expect(a.status).toBe('sat');
        expect(await substituteBack(satQuery, after.bitVectors, a.values!)).toEqual(['true', 'true', 'true', 'true']);
      } finally {
        await crashing.close();
      }
    });

    it("agrees with the embedded Z3 on every query of a pg74 check (sat values substituted back)", async () => {
      const report = await exportPg74();
      const queries = report.queries.filter((q) => q.smtFile);
      expect(queries.length).toBe(report.queries.length);
      expect(queries.length).toBeGreaterThan(200);
      const answers: ExternalAnswer[] = [];
      const disagreements: string[] = [];
      // Two processes take the queries in turn (this one and a second), as two cores allow.
      const second = await openExternalSolver(name);
      let next = 0;
      const work = async (s: ExternalSolver) => {
        for (let i = next++; i < queries.length; i = next++) {
          const q = queries[i]!;
          const text = readFileSync(q.smtFile!, 'utf8');
          const bitVectors = declaredBitVectors(text);
          const a = await s.check(text, bitVectors, 30_000);
          answers.push(a);
          if (a.status !== q.status) disagreements.push(`${q.id}: embedded z3 ${q.status}, ${name} ${a.status}${a.reason ? ` (${a.reason})` : ''}`);
          else if (a.status === 'sat') {
            const verdict = await valuesSatisfy(text, bitVectors, a.values!);
            if (verdict !== 'sat') disagreements.push(`${q.id}: ${name}'s values do not satisfy the query (embedded z3: ${verdict})`);
          }
        }
      };
      try {
        await Promise.all([work(solver), work(second)]);
      } finally {
        await second.close();
      }
      const ms = answers.map((a) => a.ms).sort((x, y) => x - y);
      console.log(
        `${name} ${version}: ${queries.length} pg74 queries, median ${ms[ms.length >> 1]} ms, total ${Math.round(ms.reduce((x, y) => x + y, 0))} ms ` +
          `(embedded z3: median ${[...queries.map((q) => q.ms)].sort((x, y) => x - y)[queries.length >> 1]} ms, total ${Math.round(report.stats.queryMs)} ms)`,
      );
      expect(disagreements).toEqual([]);
    }, 600_000);
  });
}
