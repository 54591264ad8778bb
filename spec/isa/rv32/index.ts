/** rv32: RV32IMA with Zicsr and Zifencei, machine, supervisor and user modes, PMP. See machine.ts. */
import type { IsaDescription } from '../../description.js';
import { memoryMap, ramBytes, rv32Builder } from './machine.js';
import type { AdUpdate } from './sv32.js';
import { badRamSize } from './ram.js';
import { privilegedInstructions } from './privileged.js';
import { rv32aInstructions } from './rv32a.js';
import { rv32iInstructions } from './rv32i.js';
import { rv32mInstructions } from './rv32m.js';
import { csrInstructions, satpSv32Instructions } from './zicsr.js';

export const rv32Instructions = [...rv32iInstructions, ...rv32mInstructions, ...rv32aInstructions, ...privilegedInstructions, ...csrInstructions];

const meta = {
  name: 'rv32',
  summary: 'RISC-V RV32IMA_Zicsr_Zifencei with M, S and U modes, PMP, and a console: runs ELF programs',
  manual: 'The RISC-V Instruction Set Manual, Volume I: Unprivileged ISA 20191213; Volume II: Privileged Architecture 20211203 (1.12)',
  instructions: rv32Instructions,
};

export const rv32 = rv32Builder.define(meta);

/** rv32 with `bytes` of RAM instead of 1 MiB (the console's cell follows it). Throws a RangeError for a size it cannot have. */
export function rv32WithRam(bytes: number): IsaDescription {
  const why = badRamSize(bytes);
  if (why) throw new RangeError(why);
  return bytes === ramBytes ? rv32 : rv32Builder.withState(memoryMap(bytes)).define(meta);
}

const satpNames = new Set(satpSv32Instructions.map((i) => i.mnemonic));
const sv32Meta = {
  name: 'rv32-sv32',
  summary: 'rv32 with Sv32 pages (priv. 4.3): the address map walks the page tables in storage',
  manual: meta.manual,
  instructions: [...rv32Instructions.filter((i) => !satpNames.has(i.mnemonic)), ...satpSv32Instructions],
};

/**
 * rv32-sv32: rv32 whose satp also selects Sv32, the two-level walk written in the description
 * language (sv32.ts). A separate description because its check is long: every access of every
 * query walks the tables (see the README).
 */
export const rv32Sv32 = rv32Builder.withState(memoryMap(ramBytes, true)).define(sv32Meta);

/** rv32-sv32 with `bytes` of RAM. */
export function rv32Sv32WithRam(bytes: number): IsaDescription {
  const why = badRamSize(bytes);
  if (why) throw new RangeError(why);
  return bytes === ramBytes ? rv32Sv32 : rv32Builder.withState(memoryMap(bytes, true)).define(sv32Meta);
}

/** Options of an rv32-sv32 variant: who manages the PTEs' A and D bits (sv32.ts), and the RAM size. */
export interface Sv32Options {
  /** `software` (default: a page fault where A, or D for a store, is clear) or `hardware` (the walk sets them, Svadu-style). */
  adUpdate?: AdUpdate;
  ramBytes?: number;
}

/**
 * rv32-sv32 with hardware A/D updating (`adUpdate: 'hardware'`: rv32-sv32-svadu, whose walk sets A,
 * and D on a store, instead of faulting), or another RAM size. Not in the catalog: its check walks
 * the tables once more per access for the stores.
 */
export function rv32Sv32With(options: Sv32Options = {}): IsaDescription {
  const ad = options.adUpdate ?? 'software';
  const bytes = options.ramBytes ?? ramBytes;
  if (ad === 'software') return rv32Sv32WithRam(bytes);
  const why = badRamSize(bytes);
  if (why) throw new RangeError(why);
  return rv32Builder.withState(memoryMap(bytes, true, 'hardware')).define({
    ...sv32Meta,
    name: 'rv32-sv32-svadu',
    summary: 'rv32-sv32 whose page walk sets the PTEs\' A and D bits (priv. 4.3.1 hardware scheme, Svadu-style)',
  });
}

export { rv32Builder, ramBase, ramBytes, consoleBase, consoleBytes, consoleCell, M, S, U, MSTATUS } from './machine.js';
export { badRamSize, maxRamBytes } from './ram.js';
export { csrs, csrLevel, csrReadOnly, type CsrDef } from './zicsr.js';
