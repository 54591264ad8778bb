// One rv32 check from scratch with 2 workers from a built tree: node scratch/ab.mjs DIR  → wall, CPU, queries, load.
import { loadavg } from 'node:os';
const dir = process.argv[2];
const { checkIsa, CheckCache } = await import(`${dir}/dist/proofs/index.js`);
const { rv32 } = await import(`${dir}/dist/spec/isa/index.js`);
const load0 = loadavg()[0];
const c = process.cpuUsage();
const t = performance.now();
const r = await checkIsa(rv32, { workers: 2, cache: new CheckCache() });
const used = process.cpuUsage(c);
console.log(`${dir}: wall ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, ${r.stats.queries} queries, ${r.verdict}, load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
