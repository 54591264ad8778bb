import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ownDirectory, patchedGlue, tableAssertion, z3Glue } from '../../proofs/z3-glue.js';
import { withZ3 } from '../../proofs/z3.js';

const installed = readFileSync(createRequire(import.meta.url).resolve('z3-solver/build/z3-built.js'), 'utf8');

describe('the embedded Z3 glue without the table-mirror assertion (proofs/z3-glue.ts)', () => {
  test('the installed glue has the assertion once, and the copy differs from it by that alone', () => {
    const copy = patchedGlue(installed);
    expect(copy).toBeDefined();
    expect(copy!.includes(tableAssertion)).toBe(false);
    const [before, after] = installed.split(tableAssertion);
    expect(copy!.startsWith(before!)).toBe(true);
    expect(copy!.endsWith(after!)).toBe(true);
  });

  test('a glue without the assertion, or with it twice, is not copied (the installed one is loaded)', () => {
    expect(patchedGlue('var x = 1;')).toBeUndefined();
    expect(patchedGlue(`${tableAssertion}\n${tableAssertion}`)).toBeUndefined();
  });

  test('the process runs on the copy, and Z3 answers through it (a sat model, an unsat)', async () => {
    const answers = await withZ3(async ({ ctx }) => {
      const x = ctx.BitVec.const('x', 8);
      const s = new ctx.Solver();
      s.add(x.mul(ctx.BitVec.val(3, 8)).eq(ctx.BitVec.val(7, 8)));
      const first = await s.check();
      const value = s.model().eval(x, true).toString();
      s.add(x.eq(ctx.BitVec.val(0, 8)));
      const second = await s.check();
      s.release();
      return { first, value, second };
    });
    expect(z3Glue().patched).toBe(true);
    // 3 * 0xad = 0x207: the only solution modulo 256.
    expect(answers).toEqual({ first: 'sat', value: '#xad', second: 'unsat' });
  });

  test.runIf(process.getuid !== undefined)("the copy's directory is made private, and one another user could use is refused", () => {
    const base = mkdtempSync(join(tmpdir(), 'vmcheck-glue-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = base;
    try {
      const own = join(base, `vmcheck-z3-${process.getuid!()}`);
      expect(ownDirectory()).toBe(own);
      expect(statSync(own).mode & 0o777).toBe(0o700);
      chmodSync(own, 0o777);
      expect(() => ownDirectory()).toThrow(/not a private directory/);
      rmSync(own, { recursive: true });
      mkdirSync(join(base, 'elsewhere'), { mode: 0o700 });
      symlinkSync(join(base, 'elsewhere'), own);
      expect(() => ownDirectory()).toThrow(/not a private directory/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(base, { recursive: true, force: true });
    }
  });
});
