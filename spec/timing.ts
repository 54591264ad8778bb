/** The timing resources' advance by one step, as the description declares it (`timing`, `carries`). */
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
