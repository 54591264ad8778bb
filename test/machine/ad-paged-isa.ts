/**
 * paged8-ad: paged8 (test/machine/paged-isa.ts) whose page walk keeps accessed and dirty bits in
 * the entries themselves, as RISC-V Svadu, x86 and the VAX do: the example ISA of a map that
 * stores (`DescribedMap.updates`) for every consumer's tests.
 *
 * In user mode, an access whose translation does not fault sets the entry's bit 13 (A) if it is
 * clear, and a store also sets bit 12 (D) if it is clear: the fetch's, then each load's or
 * store's, as the semantics reach them. Supervisor mode translates nothing and stores nothing.
 */
import { add, and, eq, lshr, load, or, zext } from '../../spec/builder/ops.js';
import { bits, type Bits, type Bool } from '../../spec/builder/bits.js';
import { assertValidIsa, type DescribedMap, type IsaDescription, type MapUpdate } from '../../spec/index.js';
import { paged8 } from './paged-isa.js';

export const ACCESSED = 0x2000;
export const DIRTY = 0x1000;

const vaddr = bits({ kind: 'var', name: 'vaddr' }, 8);
const user: Bool = eq(bits({ kind: 'reg', name: 'M' }, 1), 0);
/** The entry's cell for `vaddr`'s page, and the entry there now. */
const cell: Bits<8> = add(bits({ kind: 'reg', name: 'PTB' }, 8), zext(lshr(vaddr, 4), 8));
const pte: Bits<16> = load(cell, 16, 'physical');
const sets = (bit: number, doc: string): MapUpdate => ({
  when: and(user, eq(and(pte, bit), 0)).node,
  cell: cell.node,
  value: or(pte, bit).node,
  doc,
});

const accessed = sets(ACCESSED, 'A: set by any access that does not fault');
const dirty = sets(DIRTY, 'D: set by a store that does not fault (after A, so it sees A set)');

const map = paged8.state.addressMap as DescribedMap;

export const paged8ad: IsaDescription = {
  ...paged8,
  name: 'paged8-ad',
  summary: 'paged8 whose page walk sets accessed and dirty bits in the page-table entries',
  state: { ...paged8.state, addressMap: { ...map, updates: { fetch: [accessed], read: [accessed], write: [accessed, dirty] } } },
};
assertValidIsa(paged8ad, 'paged8-ad');

/** Whether an entry has A (and D) set. */
export const flags = (entry: number) => ({ a: (entry & ACCESSED) !== 0, d: (entry & DIRTY) !== 0 });
