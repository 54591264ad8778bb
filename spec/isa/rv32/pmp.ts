/**
 * Physical memory protection (priv. 3.7) as a condition of the semantics language: the address
 * map's fault rules are built from it, so the emulator, the checker and the VMM all read the
 * same PMP.
 */
import { add, all, and, any, bit, eq, extract, ite, ne, not, or, uge, ult, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';

/** Reads a 32-bit register of the hart by name (and `mode`, 2 bits, through `modeOf`). */
export type StateRead = (name: string) => Bits<32>;

const modeOf = (reg: StateRead) => reg('mode') as unknown as Bits<2>;

export type Access = 'fetch' | 'read' | 'write';

/** PMP entries this hart implements (pmpcfg0's four bytes, pmpaddr0-3). */
export const pmpEntries = 4;

/** Address-matching modes of pmpcfg.A (priv. 3.7.1, table 3.10). */
export const A = { OFF: 0, TOR: 1, NA4: 2, NAPOT: 3 } as const;

/** Privilege used for an access: loads and stores in M-mode with MPRV use MPP's (priv. 3.1.6.3). */
export function effectiveMode(reg: StateRead, access: Access): Bits<2> {
  const mode = modeOf(reg);
  if (access === 'fetch') return mode;
  const mstatus = reg('mstatus');
  const mprv = ne(and(mstatus, 1 << 17), 0);
  return ite(all(eq(mode, 3), mprv), extract(mstatus, 12, 11) as Bits<2>, mode);
}

/** The entry's configuration byte. */
export const cfgOf = (reg: StateRead, i: number): Bits<number> => extract(reg(`pmpcfg${i >> 2}`), 8 * (i % 4) + 7, 8 * (i % 4));

/** Whether PMP lets `access` reach address `a` (priv. 3.7.1: the lowest-numbered matching entry decides). */
export function pmpAllows(reg: StateRead, a: Bits<number>, access: Access): Bool {
  return pmpAllowsAt(reg, a, access, effectiveMode(reg, access));
}

/** Whether PMP lets `access` at privilege `privilege` reach `a` (page-table reads are S-mode's, priv. 3.7.1). */
export function pmpAllowsAt(reg: StateRead, a: Bits<number>, access: Access, privilege: Bits<2>): Bool {
  const machine = eq(privilege, 3);
  const word = zext(extract(a, 31, 2), 32); // pmpaddr holds address bits 33:2
  const entries = Array.from({ length: pmpEntries }, (_, i) => {
    const cfg = cfgOf(reg, i);
    const mode = extract(cfg, 4, 3);
    const addr = reg(`pmpaddr${i}`);
    const below = i === 0 ? c(32, 0) : reg(`pmpaddr${i - 1}`);
    // NAPOT: the trailing ones of pmpaddr, and one bit more, are the offset within the region.
    const offset = xor(addr, add(addr, 1));
    const matches = any(
      all(eq(mode, A.TOR), uge(word, below), ult(word, addr)),
      all(eq(mode, A.NA4), eq(word, addr)),
      all(eq(mode, A.NAPOT), eq(or(word, offset), or(addr, offset))),
    );
    const permitted = bit(cfg, access === 'read' ? 0 : access === 'write' ? 1 : 2);
    // A locked entry binds M-mode too; otherwise M-mode passes whatever the permissions.
    const allowed = any(all(machine, not(bit(cfg, 7))), permitted);
    return { matches, allowed };
  });
  // No entry matches: M-mode succeeds, S and U fail (some entry is implemented).
  const decided = entries.reduceRight<Bool>((rest, e) => ite(e.matches, e.allowed, rest), machine);
  // M-mode with no locked entry needs no search; the emulator evaluates only this test then.
  const anyLocked = ne(and(reg('pmpcfg0'), 0x8080_8080), 0);
  return ite(all(machine, not(anyLocked)), c(1, 1), decided);
}
