/** A virtual address under a symbolic state's address map, from the expressions `translate` gives. */
import type { IsaDescription, MemoryAccess } from '../spec/description.js';
import { physicalFault, translate } from '../spec/address-map.js';
import type { Ctx } from './z3.js';
import { isOne, or, type BV, type Cond } from './terms.js';
import { evalExpr, noReads, type MapReads } from './symbolic.js';
import type { SymState } from './state.js';

/** Virtual address `a` (a `cells`-cell access of kind `access`) under the map of `s`: whether it faults, and where it goes. */
export function mappedAddress(ctx: Ctx, isa: IsaDescription, s: SymState, a: BV, cells = 1, access: MemoryAccess = 'read', reads: MapReads = noReads()): { fault: Cond; physical: BV } {
  const t = translate(isa, { kind: 'var', name: '$a' }, cells, isa.state.storage.cells, access);
  const vars = new Map([['$a', a]]);
  // A table read outside storage counts as a fault: the access reaches no cell.
  const fault = isOne(ctx, evalExpr(ctx, isa, t.fault, s, vars, reads));
  const physical = evalExpr(ctx, isa, t.physical, s, vars, reads);
  return { fault: or(ctx, fault, reads.outside), physical };
}

/** As `mappedAddress`, but a physical address outside storage counts as a fault too (no cell is there to see). */
/** `reads` collects the table cells the map reads (for a witness's storage). */
export function visibleAddress(ctx: Ctx, isa: IsaDescription, s: SymState, a: BV, cells = 1, access: MemoryAccess = 'read', reads?: MapReads): { fault: Cond; physical: BV } {
  const m = mappedAddress(ctx, isa, s, a, cells, access, reads);
  const outside = isOne(ctx, evalExpr(ctx, isa, physicalFault(isa, { kind: 'var', name: '$p' }, cells), s, new Map([['$p', m.physical]])));
  return { fault: or(ctx, m.fault, outside), physical: m.physical };
}
