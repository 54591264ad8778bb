/**
 * The checker finds what breaks: pg74 with one privileged instruction's user-mode trap removed,
 * or one innocuous instruction that also writes the mode, is flagged at exactly that instruction
 * (with witnesses that replay). Also: a query Z3 cannot finish makes the verdict inconclusive,
 * never virtualizable; `--smt-out` writes every query, and the files re-run to the same answers.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import fc from 'fast-check';
import type { Stmt } from '../../spec/ast.js';
import type { InstructionDecl } from '../../spec/description.js';
import { extendIsa } from '../../spec/compose.js';
import { pg74, pg74Builder } from '../../spec/isa/index.js';
import { and, eq, mul, ne, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { CheckCache, checkIsa, definitionNames } from '../../proofs/index.js';
import { withZ3 } from '../../proofs/z3.js';
import { expectLawfulReport, z3Runs } from './laws.js';

const cache = new CheckCache();
beforeAll(() => checkIsa(pg74, { cache }), 120_000);

const privilegedTrap = pg74.traps.kinds.find((k) => k.class === 'privileged-instruction')!.name;
/** A leading `if (not supervisor) trap privileged` (what `requireSupervisor` records). */
const guardsPrivilege = (s: Stmt | undefined) =>
  s?.kind === 'if' && s.else.length === 0 && s.then.length === 1 && s.then[0]!.kind === 'trap' && s.then[0]!.trap === privilegedTrap;
const traps = (b: readonly Stmt[]): boolean => b.some((s) => s.kind === 'trap' || (s.kind === 'if' && (traps(s.then) || traps(s.else))));

const unguarded = pg74.instructions.filter((i) => guardsPrivilege(i.semantics[0]));
const innocuous = pg74.instructions.filter((i) => i.class === 'innocuous' && !traps(i.semantics));

const mutation: fc.Arbitrary<{ what: string; insn: InstructionDecl }> = fc.oneof(
  fc.constantFrom(...unguarded).map((i) => ({ what: `${i.mnemonic} without its user-mode trap`, insn: { ...i, semantics: i.semantics.slice(1) } })),
  fc.tuple(fc.constantFrom(...innocuous), fc.constantFrom(...pg74.state.mode.levels)).map(([i, level]) => ({
    what: `${i.mnemonic} also setting the mode to ${level.name}`,
    insn: {
      ...i,
      semantics: [
        ...i.semantics,
        { kind: 'assign', target: { kind: 'reg', name: pg74.state.mode.register }, value: { kind: 'const', width: 1, value: String(level.value) } } satisfies Stmt,
      ],
    },
  })),
);

describe('mutants of pg74', () => {
  test('the mutation candidates exist', () => {
    expect(unguarded.map((i) => i.mnemonic)).toEqual(pg74.instructions.filter((i) => i.class === 'privileged').map((i) => i.mnemonic));
    expect(innocuous.length).toBeGreaterThan(20);
  });

  prop.prop([mutation], { numRuns: z3Runs(8) })('are flagged at exactly the mutated instruction, with witnesses that replay', async ({ what, insn }) => {
    const isa = extendIsa(pg74, { name: 'pg74-mutant', summary: what, replace: [insn] });
    const r = await checkIsa(isa, { cache });
    const flagged = new Set([...r.mismatches.map((m) => m.mnemonic), ...r.theorems.flatMap((t) => t.violators.map((v) => v.mnemonic))]);
    expect([...flagged], what).toEqual([insn.mnemonic]);
    expect(r.instructions.find((i) => i.mnemonic === insn.mnemonic)!.privileged).toBe('no');
    expectLawfulReport(isa, r);
  });
});

/** Sets the mode to user when r[ra]·r[rb] = p·q, two random 32-bit primes: a factorization Z3 cannot finish quickly. */
const p = 3538334777n;
const q = 2767054501n;
const r = pg74Builder.file('r');
const factor = pg74Builder.insn('FACTOR', {
  cite: 'test',
  class: 'innocuous',
  encoding: '01111110 ra:4 rb:4 0000000000000000',
  syntax: 'factor {ra}, {rb}',
  semantics: ({ ra, rb }, $) =>
    $.if(and(eq(mul(zext(r(ra), 64), zext(r(rb), 64)), c(64, p * q)), and(ne(r(ra), 1), ne(r(rb), 1))), () => $.set(pg74Builder.reg('M'), c(1, 0))),
});
const nop = pg74.instructions.find((i) => i.mnemonic === 'NOP')!;
const hard = pg74Builder.define({ name: 'hard', summary: 'a control-sensitivity that needs a 64-bit factorization', instructions: [nop, factor] });

describe('honesty about limits', () => {
  let dir: string;
  let report: Awaited<ReturnType<typeof checkIsa>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmcheck-smt-'));
    report = await checkIsa(hard, { timeoutMs: 400, smtOutDir: dir });
    return () => rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('a query that times out makes the answer unknown and the verdict inconclusive, never virtualizable', () => {
    const f = report.instructions.find((i) => i.mnemonic === 'FACTOR')!;
    expect(f.definitions['control-sensitive'].answer).toBe('unknown');
    expect(f.definitions['control-sensitive'].note).toMatch(/unknown \((timeout|canceled)\); asked again alone with a 1600 ms limit/);
    expect(report.queries.find((x) => x.id === 'FACTOR/control-sensitive')).toMatchObject({ status: 'unknown' });
    expect(report.theorems[0]).toMatchObject({ status: 'inconclusive', violators: [], undecided: ['FACTOR'] });
    expect(report.verdict).toBe('inconclusive');
  });

  test('--smt-out writes one SMT-LIB file per query, and they re-run to the same answers', async () => {
    const files = readdirSync(join(dir, 'hard')).sort();
    expect(files).toEqual(report.queries.map((x) => x.smtFile!.split('/').at(-1)!).sort());
    // pg74 has no system state besides the mode and the map: user system-state sensitivity needs no query.
    for (const i of hard.instructions) for (const d of definitionNames.filter((x) => x !== 'user-system-sensitive')) expect(files).toContain(`${i.mnemonic}.${d}.smt2`);
    // Each timed-out query was asked again, alone, with a longer limit (and written apart).
    const first = report.queries.filter((x) => x.status === 'unknown' && !x.retried);
    expect(first.length).toBeGreaterThan(0);
    for (const x of first) expect(report.queries.some((y) => y.retried && y.id === x.id)).toBe(true);
    const decided = report.queries.filter((x) => x.status !== 'unknown');
    const again = await withZ3(async ({ ctx }) => {
      const out: string[] = [];
      for (const x of decided) {
        const s = new ctx.Solver();
        s.fromString(readFileSync(x.smtFile!, 'utf8'));
        out.push(await s.check());
        s.release();
      }
      return out;
    });
    expect(again).toEqual(decided.map((x) => x.status));
  });
});
