/**
 * pw8w: pw8 (mapped-isa.ts, the status word at 0x7e) under a described map that stores into a
 * register mapped into storage, as the PDP-11/45's KT11 sets bit 6 (W, "written into") of a page
 * descriptor register, itself in the I/O page, when the page is written (PDP-11/45 Processor
 * Handbook, 1973, §6.5.2): walk stores (`DescribedMap.updates`) together with `storage.mapped`.
 *
 * KPDR (cell 0x7c), the kernel's one page descriptor: ACF (bits 2..1) 3 read/write, anything
 * else read-only; ED (bit 3) a read-only model bit, always zero; W (bit 6). Both modes fault
 * beyond the bound B; the kernel's addresses are relocated by L, a user's reach only cells
 * 0..0x3f (so no user access reaches KPDR or the status word itself); a kernel store faults where
 * ACF is not 3, and one that does not fault sets W, reading and writing KPDR through its cell.
 * User stores set nothing: the kernel's stores are control-sensitive, no user instruction is, so
 * Theorem 3 holds and Theorem 1 fails.
 *
 * `pw8wUser` sets W on every store, user mode's too: a user store then writes system state
 * through the walk alone (user control-sensitive), and Theorem 3 fails.
 */
import { add, and, eq, extract, ite, load, ne, or, ugt } from '../../spec/builder/ops.js';
import { bits, c, type Bits, type Bool } from '../../spec/builder/bits.js';
import { assertValidIsa, type AccessRule, type DescribedMap, type IsaDescription, type MapUpdate } from '../../spec/index.js';
import { lowerRegisterFields } from '../../spec/lower/register-fields.js';
import { pw8 } from './mapped-isa.js';

export const KPDR_CELL = 0x7c;
export const W = 0x40;

const vaddr = bits({ kind: 'var', name: 'vaddr' }, 8);
const reg = <N extends number>(name: string, width: N) => bits({ kind: 'reg', name }, width);
const kernel: Bool = eq(reg('PSW.U', 1), 0);
const beyond: Bool = ugt(vaddr, reg('B', 8));
const kpdr: Bits<8> = load(c(8, KPDR_CELL), 8, 'physical');

const memory = (fault: Bool): AccessRule => ({ fault: fault.node, trap: 'memory' });
/** W set through KPDR's cell (a whole-register write: ED, read-only, keeps its value). */
const written = (when: Bool): MapUpdate => ({ when: and(when, eq(extract(kpdr, 6, 6), 0)).node, cell: c(8, KPDR_CELL).node, value: or(kpdr, W).node, doc: 'W: the page was written' });

function withWalkStores(name: string, summary: string, when: Bool): IsaDescription {
  const map: DescribedMap = {
    kind: 'described',
    fetch: memory(beyond),
    read: memory(beyond),
    write: [memory(beyond), memory(and(kernel, ne(reg('KPDR.ACF', 2), 3)))],
    physical: ite(kernel, add(vaddr, reg('L', 8)), and(vaddr, 0x3f)).node,
    updates: { fetch: [], read: [], write: [written(when)] },
  };
  const source: IsaDescription = {
    ...pw8,
    name,
    summary,
    state: {
      ...pw8.state,
      registers: [
        ...pw8.state.registers,
        {
          name: 'KPDR',
          width: 8,
          kind: 'system',
          reset: '0x6',
          fields: [
            { name: 'ACF', hi: 2, lo: 1, doc: 'access control: 3 read/write' },
            { name: 'ED', hi: 3, lo: 3, readOnly: true, doc: 'a model bit: always zero' },
            { name: 'W', hi: 6, lo: 6, doc: 'written into' },
          ],
        },
      ],
      storage: { ...pw8.state.storage, mapped: [...(pw8.state.storage.mapped ?? []), { register: 'KPDR', cell: KPDR_CELL, doc: 'the kernel page descriptor' }] },
      addressMap: map,
    },
  };
  return assertValidIsa(lowerRegisterFields(source).isa, name);
}

export const pw8w = withWalkStores('pw8w', 'pw8 whose kernel stores set W in a page descriptor register mapped into storage', kernel);
export const pw8wUser = withWalkStores('pw8w-user', 'pw8w whose user stores set W too', c(1, 1));
