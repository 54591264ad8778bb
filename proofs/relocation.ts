/**
 * Whether "the program moved by x" is defined for the ISA's address map the way the
 * location-sensitivity query builds it: adding x to the registers the physical address depends
 * on must move every physical address by exactly x (true of relocation-bounds and of
 * base-and-limit segments; not of a page table). One validity query per ISA.
 */
import type { IsaDescription } from '../spec/description.js';
import type { Z3Handle } from './z3.js';
import type { StatePartition } from './partition.js';
import { freshState, reg, withRegs } from './state.js';
import { mappedAddress } from './mapped.js';
import type { BV } from './terms.js';
import { solve, type QueryEnv } from './query.js';

export async function movesByShift(q: QueryEnv, isa: IsaDescription, part: StatePartition): Promise<boolean> {
  // A described map's guest runs virtual = real: nothing is ever moved.
  if (part.relocationRegs.length === 0 || isa.state.addressMap.kind === 'described') return false;
  const { ctx } = q.z as Z3Handle;
  const s = freshState(ctx, isa, 'R');
  const x = ctx.BitVec.const('R.x', isa.state.storage.addressBits) as BV;
  const a = ctx.BitVec.const('R.a', isa.state.storage.addressBits) as BV;
  const moved = withRegs(s, Object.fromEntries(part.relocationRegs.map((r) => [r, reg(s, r).add(x) as BV])));
  const p1 = mappedAddress(ctx, isa, s, a).physical;
  const p2 = mappedAddress(ctx, isa, moved, a).physical;
  const out = await solve(q, { instruction: '(address map)', definition: 'location-sensitive', detail: 'shift' }, [p2.neq(p1.add(x))], () => true);
  return out.status === 'unsat';
}
