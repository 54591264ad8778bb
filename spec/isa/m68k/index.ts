/** The Motorola 68000 family: the MC68000 and, derived from it by its documented differences, the MC68010. */
export { m68000, m68000Instructions } from './m68000.js';
export { m68010 } from './m68010.js';
export { consoleAddress, ramBytes, resetPc, resetSr, vector, m68000Builder, m68010Builder } from './machine.js';
