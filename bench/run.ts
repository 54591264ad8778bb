/**
 * `npm run bench [section…] [--json]`: the benchmarks, each reporting medians and ratios against a
 * baseline measured in the same run. Sections: emulator, checker, vmm, riscv, cli (default: all).
 * `--json` prints one JSON object instead of the reports: the machine, Node's version and every
 * figure under a stable name (bench/figures.ts).
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { benchEmulator } from './emulator.js';
import { figures } from './figures.js';

const sections: Record<string, () => Promise<string>> = {
  emulator: benchEmulator,
  checker: async () => (await import('./proofs-check.js')).benchChecker(),
  vmm: async () => (await import('./vmm-stretchout.js')).benchVmm(),
  riscv: async () => (await import('./riscv.js')).benchRiscv(),
  cli: async () => (await import('./cli-start.js')).benchCli(),
};

const json = process.argv.includes('--json');
const wanted = process.argv.slice(2).filter((a) => a !== '--json');
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length > 0) {
  console.error(`npm run bench: unknown section ${unknown.join(', ')} (sections: ${Object.keys(sections).join(', ')})`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const report = await sections[name]!();
  if (json) continue;
  console.log(`## ${name}\n`);
  console.log(report);
  console.log('');
}
if (json)
  console.log(
    JSON.stringify(
      {
        format: 'vmcheck-bench/1',
        date: new Date().toISOString(),
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), memoryBytes: totalmem() },
        node: process.version,
        sections: wanted.length > 0 ? wanted : Object.keys(sections),
        figures: figures(),
      },
      null,
      2,
    ),
  );
