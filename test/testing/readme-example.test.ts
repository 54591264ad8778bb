/** The README's property example is the one the suite runs, so it is known to pass, not only to compile. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it("the README's property example is test/testing/example.test.ts below its header comment, word for word", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /### Properties in your own suite[^]*?```ts\n([^]*?)```/.exec(readme)?.[1];
  const example = readFileSync(new URL('./example.test.ts', import.meta.url), 'utf8').replace(/^\/\*\*[^]*?\*\/\n/, '');
  expect(block).toBeDefined();
  expect(example).toBe(block);
});
