/**
 * The command line never exits 0 without a result (DESIGN §5 invariant 7): a `main` that still
 * awaits when nothing is left to wait for — as a solver thread that ended without answering left
 * `check s370` — is an internal error, exit 70, with a message.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (mainSource: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { runMain } from './cli/run-main.ts'; runMain(${mainSource}, []);`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('runMain', () => {
  test('a main whose promise nothing will settle ends with exit 70 and says so', () => {
    const r = run('() => new Promise(() => {})');
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/internal error: the run stopped before it finished/);
  });

  test('a main that settles exits with its code, and the guard says nothing', () => {
    const r = run('async () => 3');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('');
  });

  test('a main that waits on a timer before settling is not cut short', () => {
    const r = run('() => new Promise((ok) => setTimeout(() => ok(0), 300))');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('runMain after main settles', () => {
  test('a thread or timer left running does not keep the process: it ends with main’s code', () => {
    const started = Date.now();
    const r = run('async () => { setInterval(() => {}, 1000); return 4; }');
    expect(r.status).toBe(4);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
