/** The timing resources' advance by one step, with wide counters carried into their high halves. */
import type { RegSlot } from './layout.js';

const wrap = (w: number, v: number) => (w === 32 ? v | 0 : v & (2 ** w - 1));

/** Advances the ticking timing registers in R by one step (outside compiled code: traps). */
export function tick(R: Int32Array, timing: readonly RegSlot[], carries: ReadonlyMap<number, RegSlot>): void {
  for (const t of timing) {
    const v = (R[t.slot] = wrap(t.width, R[t.slot]! + 1));
    const high = carries.get(t.slot);
    if (v === 0 && high) R[high.slot] = wrap(high.width, R[high.slot]! + 1);
  }
}
