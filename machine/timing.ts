/** The timing resources' advance by one step, with wide counters carried into their high halves. */
import { isBig, rbOf, type RegArray, type RegSlot } from './layout.js';

const wrap = (w: number, v: number) => (w === 32 ? v | 0 : w < 32 ? v & (2 ** w - 1) : v % 2 ** w);

/** Advances the slot's value by one; whether it wrapped to zero. */
function bump(R: RegArray, r: RegSlot): boolean {
  if (isBig(r.width)) {
    const rb = rbOf(R);
    return (rb[r.slot] = BigInt.asUintN(r.width, rb[r.slot]! + 1n)) === 0n;
  }
  return (R[r.slot] = wrap(r.width, R[r.slot]! + 1)) === 0;
}

/** Advances the ticking timing registers in R by one step (outside compiled code: traps). */
export function tick(R: RegArray, timing: readonly RegSlot[], carries: ReadonlyMap<number, RegSlot>): void {
  for (const t of timing) {
    const high = carries.get(t.slot);
    if (bump(R, t) && high) bump(R, high);
  }
}
