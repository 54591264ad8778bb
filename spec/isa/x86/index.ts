/**
 * x86: Intel x86 in 32-bit protected mode as on the Pentium (before VT-x) — see machine.ts — and
 * the same processor under the monitor configurations of the later control bits (README.md):
 *
 *   x86        the Pentium; the monitor keeps IOPL = 0 for its guests (CLI, STI, IN, OUT fault).
 *   x86-tsd    the same with CR4.TSD = 1 (the Pentium has it): RDTSC faults outside ring 0.
 *   x86-umip   a processor with CR4.UMIP, run with UMIP = 1 and TSD = 1: SGDT, SIDT, SLDT,
 *              SMSW and STR fault outside ring 0 too.
 *
 * Each is one description; the three differ in the configuration C the checker assumes
 * (DESIGN.md §2 rule 3), and x86-umip in having the UMIP bit at all.
 */
import type { IsaDescription } from '../../description.js';
import { configurations, x86Builder, type X86Features } from './machine.js';
import { context } from './forms.js';
import { integerInstructions } from './integer.js';
import { protectionInstructions } from './protection.js';
import { systemInstructions } from './system.js';

type Part = keyof typeof configurations;

/** An x86 description named `name`, with `features` and the configuration made of `parts`. */
export function x86Model(name: string, summary: string, features: X86Features, parts: Part[]): IsaDescription {
  const base = x86Builder(features);
  // One entry per register: the parts on CR4 (TSD, UMIP) are joined.
  const byRegister = new Map<string, { register: string; mask: number; value: number; doc: string }>();
  for (const p of parts) {
    const c = configurations[p];
    const prev = byRegister.get(c.register);
    byRegister.set(c.register, prev ? { register: c.register, mask: prev.mask | c.mask, value: prev.value | c.value, doc: `${prev.doc}; ${c.doc}` } : { ...c });
  }
  const b = base.withState({ configuration: [...byRegister.values()] as never });
  const x = context(b, features);
  return b.define({
    name,
    summary,
    manual: 'Intel 64 and IA-32 Architectures Software Developer\'s Manual, vol. 2 (instructions) and vol. 3A (system programming)',
    instructions: [...integerInstructions(x), ...protectionInstructions(x), ...systemInstructions(x)],
  });
}

export const x86 = x86Model(
  'x86',
  'Intel x86 32-bit protected mode as on the Pentium: CPL and segment descriptors, GDT/IDT/LDT/TSS, EFLAGS IF/IOPL, CR0/CR4, gates and far transfers (monitor keeps IOPL 0)',
  { umip: false },
  ['iopl'],
);

export const x86Tsd = x86Model('x86-tsd', 'x86 (Pentium) under the monitor configuration IOPL 0, CR4.TSD = 1: RDTSC faults outside ring 0', { umip: false }, ['iopl', 'tsd']);

export const x86Umip = x86Model(
  'x86-umip',
  'x86 with CR4.UMIP, under the configuration IOPL 0, TSD = 1, UMIP = 1: SGDT SIDT SLDT SMSW STR and RDTSC fault outside ring 0',
  { umip: true },
  ['iopl', 'tsd', 'umip'],
);

export type { X86Features } from './machine.js';
export { x86Builder, ramBytes, ioBase, consolePort, SEG, VECTOR } from './machine.js';
