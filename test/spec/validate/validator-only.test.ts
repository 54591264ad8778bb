/** The list of cases the JSON Schema cannot reject names only cases the corpus has. */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { validatorOnly } from './validator-only.js';

it('every validator-only case is a case of the malformed-description corpus', () => {
  const dir = new URL('./', import.meta.url);
  const names = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/name: '(err_[a-z0-9_]+)'/g)].map((m) => m[1])),
  );
  expect(Object.keys(validatorOnly).filter((n) => !names.has(n))).toEqual([]);
});
