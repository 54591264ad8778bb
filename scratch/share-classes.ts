import { bundledIsas } from '../spec/isa/index.js';
import { assertValidIsa } from '../spec/validate/validate.js';
import { shareClasses, describeRenaming } from '../proofs/share.js';
import { declaredConfiguration } from '../proofs/configuration.js';
const names = process.argv.slice(2);
for (const src of bundledIsas.filter((i) => names.length === 0 || names.includes(i.name))) {
  const isa = assertValidIsa(src);
  const t = performance.now();
  const m = shareClasses(isa, declaredConfiguration(isa) ?? []);
  const ms = performance.now() - t;
  const reps = new Map<string, string[]>();
  for (const [k, s] of m) reps.set(s.representative, [...(reps.get(s.representative) ?? []), `${k}(${describeRenaming(s.renaming)})`]);
  console.log(`${isa.name}: ${isa.instructions.length} entries, ${m.size} derived from ${reps.size} representatives (${ms.toFixed(0)} ms)`);
  if (process.env.V) for (const [r, ms] of reps) console.log(`  ${r}: ${ms.join(' ')}`);
}
