/**
 * The timing resources' advance by one step, as the description declares it (`timing`, `carries`).
 *
 * A timing register the instruction itself assigns is not advanced by that step, neither by its
 * own tick nor by a carry into it: the explicit write is the value the next instruction reads
 * (RISC-V unprivileged spec, Zicsr chapter: a CSR write to `minstret` is done instead of the
 * increment). The trap sequence's writes are advanced like any state: no machine writes a counter
 * there. Every consumer applies this rule: the compiled emulator (machine/compile-block.ts), the
 * reference step (machine/reference.ts), the monitor's interpreter (vmm/interpreter.ts), the Z3
 * step (proofs/run.ts) and the witness replay (proofs/replay.ts).
 */
import type { IsaDescription } from './description.js';

/** A register that advances every step, and the high half it carries into when it wraps, if any. */
export interface Ticking {
  name: string;
  high?: string;
}

/** The timing registers that tick every step (a carried-into high half does not), with their carries. */
export function tickingCounters(isa: IsaDescription): Ticking[] {
  const carries = isa.state.carries ?? [];
  const highs = new Set(carries.map((c) => c.high));
  return isa.state.timing
    .filter((t) => !highs.has(t))
    .map((name) => {
      const high = carries.find((c) => c.low === name)?.high;
      return high === undefined ? { name } : { name, high };
    });
}

/** The low half that carries into `high`, if it is a carried-into high half. */
export function carryingLow(isa: IsaDescription, high: string): string | undefined {
  return isa.state.carries?.find((c) => c.high === high)?.low;
}

/** Which registers advance in a step: every ticking counter and carried-into half the instruction did not write. */
export function advances(isa: IsaDescription, written: (name: string) => boolean): { name: string; high?: string }[] {
  return tickingCounters(isa)
    .filter((t) => !written(t.name))
    .map((t) => (t.high !== undefined && !written(t.high) ? { name: t.name, high: t.high } : { name: t.name }));
}
