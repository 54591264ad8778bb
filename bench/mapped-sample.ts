/**
 * One check of a pdp11 sample with a chosen set of registers mapped into storage, from scratch,
 * as one JSON line: wall and process CPU, the time in queries and in the solver, the queries that
 * came back unknown, and the facts (class, meets, system state, theorems) to compare builds by.
 * `root` is a checkout whose dist/ is used, so two builds can be measured alike (an A/B of the
 * Z3 translation of mapped registers, proofs/symbolic.ts):
 *   node dist/bench/mapped-sample.js ROOT psw|bundled|iopage MOV.R.Ind,CLR.Abs [z3-wasm|z3]
 * With the embedded solver the process CPU includes the solver's; with `z3` it runs in a child.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IsaDescription } from '../spec/description.js';
import type { Report } from '../proofs/report-types.js';

const [root = '.', which = 'bundled', list = 'MOV.R.Ind', solver = 'z3-wasm'] = process.argv.slice(2);
const from = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(root, 'dist', path)).href)) as T;
const machine = await from<{ ioPageMapped: { register: string; cell: number }[]; pdp11Builder: { withState(s: unknown): { define(d: unknown): IsaDescription } } }>('spec/isa/pdp11/machine.js');
const { pdp11 } = await from<{ pdp11: IsaDescription }>('spec/isa/pdp11/index.js');
const { checkIsa } = await from<{ checkIsa(isa: IsaDescription, o: object): Promise<Report> }>('proofs/index.js');
const keep = list.split(',');
const mapped = which === 'psw' ? machine.ioPageMapped.filter((m) => m.register === 'PSW') : which === 'iopage' ? machine.ioPageMapped : pdp11.state.storage.mapped;
const isa = machine.pdp11Builder.withState({ storage: { ...pdp11.state.storage, mapped } }).define({
  name: `pdp11-${which}-sample`,
  summary: 'a sample',
  instructions: pdp11.instructions.filter((i) => keep.includes(i.mnemonic)),
});
const start = performance.now();
const cpu = process.cpuUsage();
const r = await checkIsa(isa, solver === 'z3-wasm' ? {} : { solver });
const used = process.cpuUsage(cpu);
const sum = (k: 'ms' | 'solverMs') => Math.round(r.queries.reduce((a, q) => a + (q[k] ?? 0), 0));
console.log(
  JSON.stringify({
    which,
    instructions: keep,
    solver,
    wallMs: Math.round(performance.now() - start),
    cpuMs: Math.round((used.user + used.system) / 1000),
    queries: r.queries.length,
    queryMs: sum('ms'),
    solverMs: sum('solverMs'),
    unknown: r.queries.filter((q) => q.status === 'unknown').map((q) => q.id),
    facts: r.instructions.map((i) => [i.mnemonic, i.derived, i.privileged, i.meets, i.systemState]),
    theorems: r.theorems.map((t) => [t.theorem, t.status, t.violators.map((v) => v.mnemonic), t.mappedFetch?.answer]),
  }),
);
