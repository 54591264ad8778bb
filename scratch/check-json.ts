/** Writes a check's report as JSON: `npx tsx scratch/check-json.ts ISA OUT.json [--no-share] [--workers N]` (no cache). */
import { writeFileSync } from 'node:fs';
import { bundledIsas } from '../spec/isa/index.js';
import { checkIsa } from '../proofs/check.js';
const [name, out, ...rest] = process.argv.slice(2);
const isa = bundledIsas.find((i) => i.name === name);
if (!isa || !out) throw new Error('usage: ISA OUT.json [--no-share] [--workers N]');
const w = rest.indexOf('--workers');
const t = performance.now();
const report = await checkIsa(isa, { share: !rest.includes('--no-share'), workers: w >= 0 ? Number(rest[w + 1]) : 2 });
writeFileSync(out, JSON.stringify(report, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 1));
console.log(`${name}: ${report.verdict}, ${report.stats.queries} queries, ${((performance.now() - t) / 1000).toFixed(1)} s`);
