/**
 * The CLI builds only the ISA a command names: the bundled models take seconds to build and
 * validate together (about 3.5 s of CPU before the catalog), and `vmcheck run pg74 …` needs one.
 * Held here on the import graph: no module the CLI imports statically reaches a model's files or
 * the barrels that import them all; the catalog reaches them by dynamic import().
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Static value imports and re-exports of `file` (not `import type`, not `import()`), as source paths. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gms)) {
    const path = resolve(dirname(file), m[1]!).replace(/\.js$/, '.ts');
    if (existsSync(path)) found.push(path);
  }
  return found;
}

/** Every module `entry` reaches statically, each with the module that first imported it. */
function reach(entry: string): Map<string, string | undefined> {
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const todo = [entry];
  for (let f = todo.pop(); f !== undefined; f = todo.pop())
    for (const g of staticImports(f))
      if (!from.has(g)) {
        from.set(g, f);
        todo.push(g);
      }
  return from;
}

const heavy = (path: string) => /spec\/isa\/(?!catalog\.ts$)/.test(relative(root, path)) || /^spec\/index\.ts$/.test(relative(root, path));

describe('the CLI at start-up', () => {
  test('imports no bundled model and no barrel that builds them all', () => {
    const from = reach(resolve(root, 'cli/bin.ts'));
    expect(from.size).toBeGreaterThan(100); // the walk follows imports (a broken pattern would find none)
    const chains = [...from.keys()].filter(heavy).map((m) => {
      const chain: string[] = [];
      for (let f: string | undefined = m; f !== undefined; f = from.get(f)) chain.unshift(relative(root, f));
      return chain.join(' → ');
    });
    expect(chains).toEqual([]);
  });

  test('the walk sees a barrel where one is imported (what the test above would catch)', () => {
    const from = reach(resolve(root, 'scripts/architectures.ts'));
    expect([...from.keys()].some(heavy)).toBe(true);
  });
});
