/** Runs a bad-input case in-process against the CLI's `main`, in the case's own directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../../cli/main.js';
import type { Io } from '../../../cli/io.js';
import type { BadInput } from './case.js';

export interface Outcome {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Writes the case's files under `root/<case name>` and returns how to name them. */
export function materialize(c: BadInput, root: string): (name: string) => string {
  const dir = join(root, c.name);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const path = join(dir, name);
    if (typeof content === 'object' && 'directory' in content) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  return (name) => join(dir, name);
}

export const argvOf = (c: BadInput, path: (name: string) => string) => c.argv.map((a) => (a.startsWith('@') ? path(a.slice(1)) : a));

export async function runInProcess(argv: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
  const start = performance.now();
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - start };
}
