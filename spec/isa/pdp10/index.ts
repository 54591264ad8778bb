/**
 * pdp10: the DEC PDP-10 with the KA10 processor and the KT10A two-segment relocation (see
 * machine.ts for the state, the traps, the map and what is abstracted; README.md for the verdicts).
 */
import { pdp10Builder } from './machine.js';
import { integerInstructions } from './integer.js';
import { systemInstructions } from './system.js';

export const pdp10Instructions = [...integerInstructions, ...systemInstructions];

export const pdp10 = pdp10Builder.define({
  name: 'pdp10',
  summary: 'DEC PDP-10 (KA10): 36-bit words, user/exec mode in the PC flags, KT10A relocation, JRST family, UUOs, I/O',
  manual: 'DEC PDP-10 System Reference Manual (DEC-10-HGAC-D, 1969); KA10 as in github:rcornwell/sims PDP10/kx10_cpu.c',
  instructions: pdp10Instructions,
});

export { consoleCell, resetPc, storageWords, pdp10Builder } from './machine.js';
