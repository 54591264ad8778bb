/** s370: the IBM System/370 in the EC mode with DAT (see machine.ts for the state, the interruptions and what is abstracted). */
import { s370Builder } from './machine.js';
import { generalInstructions } from './general.js';
import { controlInstructions } from './control.js';
import { ioInstructions } from './io.js';

export const s370Instructions = [...generalInstructions, ...controlInstructions, ...ioInstructions];

export const s370 = s370Builder.define({
  name: 's370',
  summary: 'IBM System/370 (EC mode, DAT with 4K pages and 64K segments, storage keys): PSW, control registers, SPKA/IPK, LRA, clocks, I/O',
  manual: 'IBM System/370 Principles of Operation, GA22-7000-10 (1987)',
  instructions: s370Instructions,
});

export { consoleAddress, storageBytes, resetPc, lowCore, code, s370Builder } from './machine.js';
