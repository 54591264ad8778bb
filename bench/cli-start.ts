/**
 * The CLI's start-up: a short command in a fresh process, against Node starting and exiting, and
 * against importing every bundled model (what each command paid before spec/isa/catalog.ts
 * loaded only the ISA it names). Medians of wall-clock times of whole processes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { figure } from './figures.js';

const RUNS = 7;
const root = fileURLToPath(new URL('../..', import.meta.url)); // dist/bench → the package
const bin = 'dist/cli/bin.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The median wall time, in ms, of `node …args` run to its end. */
function timed(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`bench cli: node ${args.join(' ')} exited ${r.status}`);
  }
  return median(times);
}

export async function benchCli(): Promise<string> {
  const node = timed(['-e', '0']);
  const usage = timed([bin, '--help']);
  const run = timed([bin, 'run', 'pg74', 'examples/pg74/os.s']);
  const every = timed(['--input-type=module', '-e', "await import('./dist/spec/index.js')"]);
  figure('cli.node-start-ms', node, 'ms', 'node -e 0, start to exit (median)');
  figure('cli.help-ms', usage, 'ms', 'vmcheck --help, start to exit (median)');
  figure('cli.run-pg74-ms', run, 'ms', 'vmcheck run pg74 examples/pg74/os.s, start to exit (median)');
  figure('cli.import-all-models-ms', every, 'ms', 'importing vmcheck/spec, which builds every bundled model (median)');
  const row = (what: string, ms: number) => `| ${what} | ${ms.toFixed(0)} ms | ${(ms / node).toFixed(1)} |`;
  return [
    `CLI start-up, whole processes, medians of ${RUNS}`,
    '',
    '| process | wall | over node -e 0 |',
    '| --- | ---: | ---: |',
    row('node -e 0', node),
    row('vmcheck --help', usage),
    row('vmcheck run pg74 examples/pg74/os.s', run),
    row('import vmcheck/spec (every bundled model built)', every),
  ].join('\n');
}
