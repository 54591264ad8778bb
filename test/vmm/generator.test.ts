/**
 * The generator is only as good as what it makes the machine do: fast-check statistics over
 * generated guests, run bare, show that system instructions execute in supervisor mode and in
 * user mode (where they trap), and that every instruction of each ISA is generated.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { pg74Family } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { guestCase, systemInstructions, type GuestCase } from '../../testing/index.js';
import { rolesOf } from '../../vmm/index.js';

const CELLS = 64;
const SAMPLES = 150;

/** What a guest does in its first 64 steps, as fast-check statistics labels. */
function labels(isa: IsaDescription, c: GuestCase): string[] {
  const system = systemInstructions(isa);
  const roles = rolesOf(isa);
  const m = new Machine(isa, { storageCells: CELLS });
  m.restore(c.image);
  const out = new Set<string>();
  for (let i = 0; i < 64 && !m.halted; i++) {
    const supervisor = roles.isSupervisor(m.getReg(roles.mode.register));
    const r = m.step();
    if (r.mnemonic && system.has(r.mnemonic)) out.add(`system instruction in ${supervisor ? 'supervisor' : 'user'} mode`);
    if (r.trap) out.add(`trap: ${r.trap.name}`);
  }
  if (m.halted) out.add('halted');
  return [...out];
}

describe('generated guests reach system instructions in both modes', () => {
  for (const isa of pg74Family)
    test(isa.name, () => {
      const arb = guestCase(isa, { cells: CELLS, maxLength: 12 });
      const report: string[] = [];
      fc.statistics(arb, (c) => labels(isa, c), { numRuns: SAMPLES, seed: 42, logger: (l) => report.push(l) });
      console.log(`${isa.name}: fast-check statistics over ${SAMPLES} generated guests\n${report.join('\n')}`);
      const lines = report.join('\n').split('\n');
      const share = (label: string) => Number(lines.find((l) => l.startsWith(label))?.match(/(\d+(?:\.\d+)?)%/)?.[1] ?? 0);
      expect(share('system instruction in supervisor mode')).toBeGreaterThan(25);
      expect(share('system instruction in user mode')).toBeGreaterThan(25);
      expect(share('trap: privileged')).toBeGreaterThan(10);
      // Every instruction is generated, and every generated word decodes to the instruction it claims.
      const seen = new Set<string>();
      for (const c of fc.sample(arb, { numRuns: SAMPLES, seed: 7 })) for (const w of c.program) seen.add(w.mnemonic);
      expect([...seen].sort()).toEqual(isa.instructions.map((i) => i.mnemonic).sort());
    });
});
