/**
 * `npm run bench [section…]`: the benchmarks, each reporting medians and ratios against a
 * baseline measured in the same run. Sections: emulator, checker, vmm, riscv (default: all).
 */
import { benchEmulator } from './emulator.js';

const sections: Record<string, () => Promise<string>> = {
  emulator: benchEmulator,
  checker: async () => (await import('./proofs-check.js')).benchChecker(),
  vmm: async () => (await import('./vmm-stretchout.js')).benchVmm(),
  riscv: async () => (await import('./riscv.js')).benchRiscv(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length > 0) {
  console.error(`npm run bench: unknown section ${unknown.join(', ')} (sections: ${Object.keys(sections).join(', ')})`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  console.log(`## ${name}\n`);
  console.log(await sections[name]!());
  console.log('');
}
