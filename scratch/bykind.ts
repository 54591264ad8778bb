import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const by = new Map<string, { n: number; ms: number }>();
let tot = 0;
for (const q of r.queries) {
  const g = q.instruction.startsWith('CSR') ? 'csr' : 'other';
  const key = `${g} ${q.definition}`;
  const e = by.get(key) ?? { n: 0, ms: 0 };
  e.n++; e.ms += q.ms; tot += q.ms;
  by.set(key, e);
}
for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${k.padEnd(50)} ${String(e.n).padStart(5)} ${(e.ms / 1000).toFixed(2)} s`);
console.log('queries', r.queries.length, 'total', (tot / 1000).toFixed(1), 's; wall', r.stats.wallMs);
