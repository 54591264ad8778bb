/** vax: the VAX-11/780's access modes, PSL, stacks, memory management and system instructions. See machine.ts. */
import { vaxBuilder } from './machine.js';
import { integerInstructions } from './integer.js';
import { controlInstructions } from './control.js';
import { systemInstructions } from './system.js';
import { processorRegisterInstructions } from './processor-registers.js';

export const vaxInstructions = [...integerInstructions, ...controlInstructions, ...systemInstructions, ...processorRegisterInstructions];

export const vax = vaxBuilder.define({
  name: 'vax',
  summary: 'DEC VAX-11/780: four access modes, the PSL, per-mode stacks, P0/P1/S0 page protection, CHMx/REI/PROBEx/MOVPSL/MTPR/MFPR (operand specifiers abstracted)',
  manual: 'VAX Architecture Reference Manual (T. E. Leonard, ed., Digital Press 1987); VAX-11/780 Architecture Handbook (DEC 1977)',
  instructions: vaxInstructions,
});

export { vaxBuilder, ramBytes, consoleCell, KERNEL, EXECUTIVE, SUPERVISOR, USER, SCB } from './machine.js';
export { processorRegisters } from './processor-registers.js';
