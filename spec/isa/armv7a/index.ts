/** armv7a: ARMv7-A without the Security and Virtualization Extensions, A32 only. See machine.ts. */
import { armBuilder } from './machine.js';
import { cp15Instructions } from './cp15.js';
import { dataProcessingInstructions } from './data-processing.js';
import { loadStoreInstructions } from './load-store.js';
import { systemInstructions } from './system.js';

export const armv7aInstructions = [...dataProcessingInstructions, ...loadStoreInstructions, ...systemInstructions, ...cp15Instructions];

export const armv7a = armBuilder.define({
  name: 'armv7a',
  summary: 'Arm ARMv7-A (A32, no Security or Virtualization Extensions): modes, CPSR/SPSR, banked registers, CP15; flat memory map',
  manual: 'ARM Architecture Reference Manual ARMv7-A and ARMv7-R edition, ARM DDI 0406C.d',
  instructions: armv7aInstructions,
});

export { armBuilder, ramBytes, consoleBase, consoleCell, MODE, EXC, cpsrReset } from './machine.js';
