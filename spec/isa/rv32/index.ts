/** rv32: RV32IMA with Zicsr and Zifencei, machine, supervisor and user modes, PMP. See machine.ts. */
import type { IsaDescription } from '../../description.js';
import { memoryMap, ramBytes, rv32Builder } from './machine.js';
import { badRamSize } from './ram.js';
import { privilegedInstructions } from './privileged.js';
import { rv32aInstructions } from './rv32a.js';
import { rv32iInstructions } from './rv32i.js';
import { rv32mInstructions } from './rv32m.js';
import { csrInstructions } from './zicsr.js';

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

export { rv32Builder, ramBase, ramBytes, consoleBase, consoleBytes, consoleCell, M, S, U, MSTATUS } from './machine.js';
export { badRamSize, maxRamBytes } from './ram.js';
export { csrs, csrLevel, csrReadOnly, type CsrDef } from './zicsr.js';
