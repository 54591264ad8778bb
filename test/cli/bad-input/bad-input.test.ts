/**
 * The bad-input corpus (issue 13): every malformed input exits 2 (or its documented code) with
 * a message naming the file and the place, no stack trace, within 5 s. Cases run in-process
 * against the CLI's `main`; subprocess.test.ts runs those that need a process of their own
 * (memory, exit codes through bin.js).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { corpus } from './corpus.js';
import { argvOf, materialize, runInProcess } from './run-case.js';

const root = mkdtempSync(join(tmpdir(), 'vmcheck-bad-input-'));
const all = Object.values(corpus).flat();
const started = performance.now();

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  const counts = Object.entries(corpus).map(([kind, cases]) => `${kind} ${cases.length}`);
  console.log(`bad-input corpus: ${all.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s (${counts.join(', ')})`);
});

test('every case has a unique name', () => {
  const names = all.map((c) => c.name);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
});

for (const [kind, cases] of Object.entries(corpus))
  describe(kind, () => {
    for (const c of cases)
      test(c.name, async () => {
        const path = materialize(c, root);
        const r = await runInProcess(argvOf(c, path));
        expect(r.err, 'no stack trace').not.toMatch(/\n\s+at /);
        expect(r.err, `message (exit ${r.code})`).toMatch(c.message);
        expect(r.code).toBe(c.code ?? 2);
        expect(r.ms, 'milliseconds').toBeLessThan(5000);
        expect(c.after?.(path)).toBeUndefined();
      });
  });
