/**
 * One run of an rv32 program in a fresh process, for the cold figures of vmm-rv32-guest.ts:
 * `node fresh-run.js <elf> bare|guest` prints `{"steps":…,"seconds":…,"cpuSeconds":…}` (the process's
 * CPU time over the same span, steadier than the wall clock on a shared machine). Timed from making the
 * machine (or the monitor's stack) to the program's end, after the modules are imported: nothing
 * compiled before, not even the emulator's own compiler warmed up by the JIT.
 */
import { readFileSync } from 'node:fs';
import { rv32 } from '../spec/isa/rv32/index.js';
import { Machine } from '../machine/index.js';
import { loadElf32 } from '../loader/index.js';
import { runProgram } from '../host/index.js';
import { buildStack } from '../vmm/index.js';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'bare' && mode !== 'guest')) throw new Error('usage: fresh-run.js <elf> bare|guest');
const program = loadElf32(readFileSync(path), path);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const m = mode === 'bare' ? new Machine(rv32) : buildStack(rv32, { guestCells: rv32.state.storage.cells, reserve: 0 }).guests[0]!;
const { steps } = runProgram(m, program, { maxSteps: 200_000_000 });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify({ steps, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
