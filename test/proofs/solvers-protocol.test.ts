/**
 * The SMT-LIB plumbing of the external solvers without any solver: reading answers that arrive
 * in arbitrary chunks, both solvers' quirks in strings and errors, bit-vector values, quoting,
 * turning Z3's script into a query body, and the errors for a missing or silent solver (a fake
 * program stands in for the solver; it needs a POSIX shell).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test as propTest } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { SexpReader, atomText, bitVectorValue, parseAll, show, symbol, type Sexp } from '../../proofs/solvers/sexp.js';
import { declaredBitVectors, queryBody, queryLabel, splitCommands } from '../../proofs/solvers/script.js';
import { normalizeReason } from '../../proofs/solvers/dialects.js';
import { SolverProtocolError, SolverUnavailableError, openExternalSolver, solverNames, watchdogMs } from '../../proofs/solvers/index.js';

/** What z3 4.8.12 and cvc5 1.0.3 printed in the session that measured them (proofs/solvers/README.md). */
const transcript = [
  'sat\n',
  '((|a b| #x00)\n (x.y-z #xa))\n',
  'vmcheck-sync-1\n',
  '"vmcheck-sync-2"\n',
  '(error "line 1 column 9: unknown constant a\\"b")\n',
  '(:reason-unknown "timeout")\n',
  '(:reason-unknown timeout)\n',
  '(error "Parse Error: <stdin>:1.27: Symbol a"b is not declared.\n\n  (set-logic ALL)(assert |a"b|)\n                            ^\n")\n',
  '((p #b0000000011111111) (q (_ bv17 16)))\n',
].join('');

const expected: Sexp[] = [
  'sat',
  [
    ['|a b|', '#x00'],
    ['x.y-z', '#xa'],
  ],
  'vmcheck-sync-1',
  '"vmcheck-sync-2"',
  ['error', '"line 1 column 9: unknown constant a\\"b"'],
  [':reason-unknown', '"timeout"'],
  [':reason-unknown', 'timeout'],
  ['error', '"Parse Error: <stdin>:1.27: Symbol a"b is not declared.\n\n  (set-logic ALL)(assert |a"b|)\n                            ^\n"'],
  [
    ['p', '#b0000000011111111'],
    ['q', ['_', 'bv17', '16']],
  ],
];

describe('reading solver output', () => {
  it('reads a whole transcript', () => {
    expect(parseAll(transcript)).toEqual(expected);
  });

  propTest.prop([fc.array(fc.integer({ min: 1, max: transcript.length - 1 }), { maxLength: 12 })])('reads the same items however the output is chunked', (cuts) => {
    const at = [...new Set(cuts)].sort((a, b) => a - b);
    const reader = new SexpReader();
    const items: Sexp[] = [];
    let from = 0;
    for (const cut of [...at, transcript.length]) {
      items.push(...reader.push(transcript.slice(from, cut)));
      from = cut;
    }
    expect(items).toEqual(expected);
    expect(reader.rest()).toBe('');
  });

  it('waits for the end of an atom that a chunk cut in two', () => {
    const reader = new SexpReader();
    expect(reader.push('uns')).toEqual([]);
    expect(reader.push('at\n')).toEqual(['unsat']);
  });

  it('unquotes symbols and strings in both escape styles', () => {
    expect(atomText('|a b|')).toBe('a b');
    expect(atomText('"a""b"')).toBe('a"b');
    expect(atomText('"a\\"b"')).toBe('a"b');
    expect(atomText('LDI.S.mode')).toBe('LDI.S.mode');
  });

  it('reads bit-vector values in the three printed forms, with their widths', () => {
    expect(bitVectorValue('#b0101')).toEqual({ value: 5n, width: 4 });
    expect(bitVectorValue('#xa')).toEqual({ value: 10n, width: 4 });
    expect(bitVectorValue('#xffffffffffffffff')).toEqual({ value: 2n ** 64n - 1n, width: 64 });
    expect(bitVectorValue(['_', 'bv300', '9'])).toEqual({ value: 300n, width: 9 });
    expect(bitVectorValue('true')).toBeUndefined();
    expect(bitVectorValue(['_', 'bv3'])).toBeUndefined();
  });

  it('quotes a name only when SMT-LIB needs it', () => {
    expect(symbol('LDI.S.mode')).toBe('LDI.S.mode');
    expect(symbol('ADD.mode-sensitive.probe')).toBe('ADD.mode-sensitive.probe');
    expect(symbol('a b')).toBe('|a b|');
    expect(symbol('0x')).toBe('|0x|');
    expect(() => symbol('a|b')).toThrow(RangeError);
    expect(show(parseAll('((|a b| #x00))')[0]!)).toBe('((|a b| #x00))');
  });

  it('calls every way of giving up on the time limit a timeout', () => {
    for (const r of ['timeout', 'canceled', 'resourceout']) expect(normalizeReason(r)).toBe('timeout');
    expect(normalizeReason('incomplete')).toBe('incomplete');
    expect(normalizeReason('')).toBe('unknown');
  });
});

/** The shape of Z3's `toSmtlib2()` output, with a name that needs quoting and a string. */
const z3Script = `; 
(set-info :status unknown)
(declare-fun |LDI.S.mode| () (_ BitVec 1))
(declare-fun |a b| () (_ BitVec 8))
(declare-const c (_ BitVec 16))
(declare-fun mem () (Array (_ BitVec 8) (_ BitVec 8)))
(declare-fun f ((_ BitVec 8)) (_ BitVec 8))
(declare-fun flag () Bool)
(assert
 (let ((?x1 (select mem |a b|)))
 (= ?x1 (f #x01))))
(assert (= |LDI.S.mode| #b1)) ; a comment with ) and |
(check-sat)
`;

describe("from Z3's script to a query", () => {
  it('lists the bit-vector constants, unquoted, in order', () => {
    expect(declaredBitVectors(z3Script)).toEqual([
      { name: 'LDI.S.mode', width: 1 },
      { name: 'a b', width: 8 },
      { name: 'c', width: 16 },
    ]);
  });

  it('keeps declarations and assertions and drops the trailing check-sat and the status', () => {
    const body = queryBody(z3Script);
    expect(body).not.toContain('check-sat');
    expect(body).not.toContain('set-info');
    expect(splitCommands(body).map((c) => c.head)).toEqual(['declare-fun', 'declare-fun', 'declare-const', 'declare-fun', 'declare-fun', 'declare-fun', 'assert', 'assert']);
    expect(queryBody('(set-logic QF_ABV)\n(declare-const x (_ BitVec 2))\n(check-sat)')).toBe('(declare-const x (_ BitVec 2))');
  });

  it('refuses scripts that would hang the solver or break the isolation of queries', () => {
    expect(() => queryBody('(assert (= x y)')).toThrow(/unclosed/);
    expect(() => queryBody('(assert true))')).toThrow(/unbalanced/);
    expect(() => queryBody('(assert (= |x y))')).toThrow(/quoted symbol/);
    expect(() => queryBody('(push 1)(assert true)(check-sat)')).toThrow(/push/);
    expect(() => queryBody('(check-sat)(assert true)(check-sat)')).toThrow(/check-sat/);
    expect(() => queryBody('assert true')).toThrow(/outside any command/);
  });

  it("names a query by its first comment with text, else its first command", () => {
    expect(queryLabel('; vmcheck query pg74: ADD/mode-sensitive\n' + z3Script)).toBe('vmcheck query pg74: ADD/mode-sensitive');
    expect(queryLabel(z3Script)).toBe('(declare-fun |LDI.S.mode| () (_ BitVec 1))');
  });
});

describe('a solver that is missing or does not answer', () => {
  it('lists the solvers, the embedded one first', () => {
    expect(solverNames).toEqual(['z3-wasm', 'z3', 'cvc5']);
  });

  for (const name of ['z3', 'cvc5'] as const)
    it(`${name}: a missing program is a SolverUnavailableError saying how to install it`, async () => {
      const e = await openExternalSolver(name, { command: 'vmcheck-no-such-solver' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SolverUnavailableError);
      expect((e as Error).message).toBe(
        `${name} is not available: the program 'vmcheck-no-such-solver' was not found on PATH. Install it (Debian/Ubuntu: apt-get install ${name}) or choose another solver with --solver.`,
      );
    });

  const dir = mkdtempSync(join(tmpdir(), 'vmcheck-fake-solver-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (file: string, body: string): string => {
    const path = join(dir, file);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it('a program that is not the solver is a SolverUnavailableError', async () => {
    const e = await openExternalSolver('z3', { command: fake('not-z3', 'echo "hello"') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SolverUnavailableError);
    expect((e as Error).message).toMatch(/does not print a z3 version: "hello"/);
  });

  it('a solver that never answers is stopped by the watchdog: unknown (timeout), in bounded time', async () => {
    // Says it is z3, then reads everything and answers nothing.
    const silent = fake('silent-z3', 'if [ "$1" = --version ]; then echo "Z3 version 4.8.12 - 64 bit"; exit 0; fi\nexec cat >/dev/null');
    const s = await openExternalSolver('z3', { command: silent });
    try {
      const start = performance.now();
      const a = await s.check('(declare-fun x () (_ BitVec 8))\n(assert (= x #x01))\n(check-sat)', [{ name: 'x', width: 8 }], 100);
      const ms = performance.now() - start;
      expect(a).toMatchObject({ status: 'unknown', reason: 'timeout' });
      expect(ms).toBeGreaterThanOrEqual(watchdogMs(100) - 50);
      expect(ms).toBeLessThan(watchdogMs(100) + 2000);
    } finally {
      await s.close();
    }
  });

  it('a solver that dies is a SolverProtocolError naming the query, with its exit status', async () => {
    const dies = fake('dying-z3', 'if [ "$1" = --version ]; then echo "Z3 version 4.8.12 - 64 bit"; exit 0; fi\necho "out of luck" >&2\nexit 3');
    const s = await openExternalSolver('z3', { command: dies });
    try {
      const e = await s.check('; vmcheck query test: dies\n(assert true)\n(check-sat)', [], 1000).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SolverProtocolError);
      expect((e as Error).message).toMatch(/^z3 failed on query "vmcheck query test: dies": the process exited with code 3.*stderr: out of luck/);
    } finally {
      await s.close();
    }
  });
});
