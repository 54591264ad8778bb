/**
 * Timing-dependent (Theorem 2): two states that differ only in the declared timing resources
 * both run without trapping and the user-visible outcome differs — the instruction lets a program
 * observe time. An unprivileged one defeats a recursive VMM, whose timing differs from the bare
 * machine's by design.
 */
import { withRegs } from '../state.js';
import { constant, fresh, type Kit } from './kit.js';
import { outcomeDiffers, type PairSpec } from './behavior.js';
import { unknownFinding, type Finding } from './finding.js';
import { timingExample } from './examples.js';

/** The pair: the timing resources varied. */
export function timingPair(kit: Kit): PairSpec {
  const widths = new Map(kit.isa.state.registers.map((r) => [r.name, r.width]));
  const s1 = fresh(kit, 'S1');
  const s2 = withRegs(s1, Object.fromEntries(kit.part.timing.map((t) => [t, constant(kit, `S2.${t}`, widths.get(t)!)])));
  return { definition: 'timing-dependent', s1, s2, mode: 'any', related: [] };
}

export async function timingDependent(kit: Kit): Promise<Finding> {
  const definition = 'timing-dependent';
  const timing = [...kit.part.timing];
  if (timing.length === 0) return { definition, answer: 'no', systemState: [], note: 'the ISA declares no timing resources' };
  const shown = await timingExample(kit);
  if (shown) return { definition, answer: 'yes', systemState: timing, witness: shown };
  const out = await outcomeDiffers(kit, timingPair(kit));
  if (out.status === 'unknown') return unknownFinding(definition, out.reason, timing);
  if (out.status === 'unsat') return { definition, answer: 'no', systemState: [] };
  return { definition, answer: 'yes', systemState: timing, witness: out.value };
}
