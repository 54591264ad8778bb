import fc from 'fast-check';
import { smallIsa, twinFeatures } from '../test/oracle/random-isa.js';
import { validateIsa } from '../spec/validate/validate.js';
const isas = fc.sample(smallIsa(), { numRuns: Number(process.argv[2] ?? 1000), seed: 1 });
const count = new Map<string, number>();
let invalid = 0;
for (const isa of isas) {
  if (validateIsa(isa).length) { invalid++; if (invalid < 3) console.log(JSON.stringify(validateIsa(isa).slice(0, 3)), isa.summary); }
  for (const f of twinFeatures(isa)) count.set(f, (count.get(f) ?? 0) + 1);
}
console.log('invalid', invalid);
for (const [k, v] of [...count].sort()) console.log(k.padEnd(36), v);
