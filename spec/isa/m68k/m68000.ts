/** m68000: the MC68000 (see machine.ts for the state, the exceptions and what is abstracted). */
import { m68000Builder } from './machine.js';
import { integerInstructions } from './integer.js';
import { systemInstructions } from './system.js';

export const m68000Instructions = [...integerInstructions, ...systemInstructions];

export const m68000 = m68000Builder.define({
  name: 'm68000',
  summary: 'Motorola MC68000: SR with S, T and the interrupt mask, banked A7, exceptions; MOVE from SR unprivileged',
  manual: 'M68000 Family Programmer’s Reference Manual (M68000PM/AD rev. 1, 1992); M68000 8-/16-/32-Bit Microprocessors User’s Manual (M68000UM/AD rev. 8, 1993)',
  instructions: m68000Instructions,
});
