import { fuzzEquivalence, guestCellsFor, startOf, VmmError, type FuzzStart } from '../../vmm/index.js';
import { MachineError } from '../../machine/index.js';
import type { IsaDescription } from '../../spec/description.js';
import { readProgram } from '../program-file.js';
import type { ConfigurationDecl } from '../../spec/description.js';
import { intFlag, type CommandSpec } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { resolveIsa } from '../load-isa.js';
import { MAX_DEPTH } from '../limits.js';

export const fuzzSpec: CommandSpec = {
  name: 'fuzz',
  usage: 'fuzz <isa> [--runs N] [--seed S] [--path P] [--hybrid] [--depth N] [--time ms] [--configuration C] [--from prog.s [--from-step N]]',
  summary: 'Search for a program whose bare and virtualized runs differ (equivalence), and shrink it.',
  details: `Random programs from random initial states run bare and under the monitor; their guest
states are compared after every step and at the halt (timing excluded). A failure prints the
seed and path that replay it and the shrunk program with the culprit instruction marked.

Random states rarely let a user level fetch through a described map (page tables, a TLB); with
--from, every case starts where a real kernel first enters a user level, its map and vectors in
place, with the user registers drawn again and the program placed where that state fetches.

  --runs N      programs to try (default 1000)
  --seed S      the seed (default: random; printed either way)
  --path P      with --seed: replay one reported failure
  --hybrid      the hybrid monitor (Theorem 3)
  --depth N     nested monitors (default 1)
  --time ms     stop the search after this long, whatever --runs says
  --configuration C
                the bits the monitor holds while a guest runs, as 'check' reports them:
                REG[MASK] = VALUE, comma-separated (default: the description's own; an ISA
                that declares none gets the one 'vmcheck check' found, or 'none')
  --from prog   start every case from the state this program (assembly or image) reaches
                when it first runs at a user level
  --from-step N with --from: the state after N steps instead

Exit codes: 0 no difference found, 1 a difference found, 2 usage error.`,
  options: {
    runs: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    hybrid: { type: 'boolean' },
    depth: { type: 'string' },
    time: { type: 'string' },
    configuration: { type: 'string' },
    from: { type: 'string' },
    'from-step': { type: 'string' },
  },
  positionals: [1, 1],
};

export async function fuzz(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> {
  const v = args.values;
  const isa = await resolveIsa(args.positionals[0]!);
  const runs = intFlag('runs', v.runs, 1000);
  // No program tried would report "no difference" for nothing.
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  const depth = intFlag('depth', v.depth, 1);
  if (depth < 1) throw new UsageError('--depth must be at least 1');
  let seed: number | undefined;
  if (v.seed !== undefined) {
    seed = Number(v.seed);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed expects an integer, not '${String(v.seed)}'`);
  }
  if (v.path !== undefined && seed === undefined) throw new UsageError('--path replays a failure only together with its --seed');
  if (v.path !== undefined && !/^\d+(:\d+)*$/.test(String(v.path)))
    throw new UsageError(`--path expects the path a failure printed, numbers separated by ':' (e.g. 12:0:3), not '${String(v.path)}'`);
  if (depth > MAX_DEPTH) throw new UsageError(`--depth ${depth}: at most ${MAX_DEPTH} monitors nest`);
  const timeLimitMs = v.time === undefined ? undefined : intFlag('time', v.time, 0);
  if (timeLimitMs === 0) throw new UsageError('--time must be at least 1 ms');
  const configuration = v.configuration === undefined ? undefined : parseConfiguration(String(v.configuration));
  if (v['from-step'] !== undefined && v.from === undefined) throw new UsageError('--from-step names a step of the --from program: give --from too');
  const start = v.from === undefined ? undefined : startFrom(isa, String(v.from), v['from-step']);
  if (start) io.err(`note: every case starts from ${String(v.from)} after ${start.steps} steps`);
  const mode = `${v.hybrid ? 'hybrid monitor' : 'monitor'}${depth > 1 ? `, depth ${depth}` : ''}`;
  if (configuration === undefined && !isa.state.configuration && isa.state.registers.some((r) => r.configurable !== undefined))
    io.err(`note: ${isa.name} declares no configuration, so the monitor holds none; pass the one 'vmcheck check ${args.positionals[0]}' reports with --configuration`);

  const result = replaying(v.path, seed, () => fuzzEquivalence(isa, {
    runs,
    depth,
    hybrid: Boolean(v.hybrid),
    ...(seed !== undefined ? { seed } : {}),
    ...(v.path !== undefined ? { path: String(v.path) } : {}),
    ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
    ...(configuration ? { configuration } : {}),
    ...(start ? { start } : {}),
    ...(io.interactive
      ? { onProgress: (p) => io.progress?.(`${p.phase === 'search' ? 'searching' : 'shrinking'}: ${p.run}/${p.runs}`) }
      : {}),
  }));
  io.progress?.('');
  if (result.ok) {
    if (v.path !== undefined)
      io.err(`note: --seed ${seed} --path ${String(v.path)} replayed a case with no difference (fixed since, or the path came with another ISA or other options)`);
    io.out(`${isa.name} (${mode}): no difference in ${result.runs} programs${result.interrupted ? ' (stopped by --time)' : ''}; seed ${result.seed}`);
    return exitCodes.ok;
  }
  io.out(`${isa.name} (${mode}): bare and virtualized runs differ`);
  // The ISA as the user named it (a file path, not the name inside it), so the line can be pasted.
  const options = [v.hybrid ? '--hybrid' : '', v.from !== undefined ? `--from ${shellQuote(String(v.from))}` : '', v['from-step'] !== undefined ? `--from-step ${String(v['from-step'])}` : '', depth > 1 ? `--depth ${depth}` : '', v.configuration !== undefined ? `--configuration ${shellQuote(String(v.configuration))}` : ''];
  io.out(`  replay: vmcheck fuzz ${shellQuote(args.positionals[0]!)} ${[...options, `--seed ${result.seed}`, `--path ${result.path}`].filter(Boolean).join(' ')}`);
  io.out(`  found after ${result.runs} programs, shrunk in ${result.shrinks} steps`);
  io.out('');
  io.out(result.counterexample.assembly.trimEnd());
  return exitCodes.expectationNotMet;
}

/** The state `--from` names: the program's first user-level state, or its state after `--from-step` steps. */
function startFrom(isa: IsaDescription, path: string, step: unknown): FuzzStart {
  const afterSteps = step === undefined ? undefined : intFlag('from-step', step, 0);
  const program = readProgram(isa, path);
  const cells = guestCellsFor(isa, program);
  try {
    return startOf(isa, program, cells, afterSteps !== undefined ? { afterSteps } : {});
  } catch (e) {
    if (e instanceof VmmError || e instanceof MachineError) throw new UsageError(`--from ${path}: ${e.message}`);
    throw e;
  }
}

/** A word as a POSIX shell reads it: as is when it is plain, else in single quotes. */
const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** Runs a replay; a path that is well formed but leads nowhere for this seed is the user's to fix. */
function replaying<T>(path: unknown, seed: number | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (path !== undefined && e instanceof Error && e.message.startsWith('Unable to replay'))
      throw new UsageError(`--path ${String(path)} does not replay with --seed ${seed}: give the seed and path one failure printed, with the same ISA and options`);
    throw e;
  }
}

/** `mcounteren[0x7] = 0x0, cen[1] = 0` (as reports print C), or `none`. */
export function parseConfiguration(text: string): ConfigurationDecl[] {
  if (text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\[\s*(0x[0-9a-fA-F]+|[0-9]+)\s*\]\s*=\s*(0x[0-9a-fA-F]+|[0-9]+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--configuration: expected REG[MASK] = VALUE (e.g. mcounteren[0x7] = 0), not '${part.trim()}'`);
    return { register: m[1]!, mask: m[2]!, value: m[3]! };
  });
}
