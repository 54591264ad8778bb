/**
 * PDP-11/45 memory management (KT11-C class): the relocation of a 16-bit virtual address to an
 * 18-bit physical one, and the aborts, as expressions of the semantics language. One function,
 * `relocate`, is the address map (current mode), MFPx/MTPx's access to the previous mode's space
 * and the trap sequence's vector reads and pushes — so the emulator, the checker and the monitor
 * read the same registers the same way.
 *
 * Sources: PDP-11/45 Processor Handbook (DEC, 1973; "45HB"), chapter 6 "Memory Management":
 * 6.3 (virtual addressing), 6.4 (PAR/PDR), 6.5 (the fault checks), 6.6 (MMR0-MMR2); and simh
 * PDP11/pdp11_cpu.c `relocR`/`relocW` (github.com/simh/simh @ 8a4b375), which implements them.
 *
 * Modelled:
 * - MMR0 bit 0 (enable) clear: the 16-bit virtual address is the physical one, except the top
 *   8 KB (virtual 160000-177777 octal), which go to the I/O page (physical 760000-777777), as the
 *   11/45 does with memory management off (45HB 6.3).
 * - MMR0 bit 0 set: the active page field (virtual bits 15:13) selects one of the current mode's
 *   8 page address registers (PAR, 12-bit page address field in 64-byte blocks) and page
 *   descriptor registers (PDR); physical = PAR × 64 + (virtual bits 12:0), modulo 2^18.
 * - The PDR's access control field (ACF, bits 2:0): 0, 3 and 7 non-resident (abort on any
 *   access), 1 and 2 read-only (abort on a write), 4, 5, 6 read/write. The page length field
 *   (PLF, bits 14:8) with the expansion direction (ED, bit 3): the block number (virtual bits
 *   12:6) may not exceed PLF on an upward page (ED 0), nor be below it on a downward one (ED 1).
 *   Aborts in that order: non-resident, page length, read-only (45HB 6.5; simh sets all the flags
 *   at once and so does not order them: the first is the trap taken here).
 * - Mode 10 (binary) has no page registers on the 11/45 (none in the I/O page): every access in
 *   that mode aborts as non-resident while memory management is on (simh: its APRFILE entries are
 *   never written, so ACF reads 0).
 *
 * Abstracted (none bears on who can reach which state):
 * - D space: MMR3 reads 0 (no D space enabled) and only the I-space registers exist; the 11/45's
 *   D-space PARs/PDRs are left out, so every access of a mode goes through its I-space page.
 * - The memory-management traps of ACF 1, 4 and 5 (traps after the access, enabled by MMR0 bit
 *   9): ACF 1 is read-only, 4 and 5 read/write, without the trap. The PDR's W bit (written) and
 *   A bit (attention) are not set by accesses: software keeps them.
 */
import { add, all, any, bit, eq, extract, ite, or, shl, ugt, ult, uge, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';

/** Reads a register of the machine by name (the map, the trap sequence and the instructions each pass theirs). */
export type StateRead = (name: string) => Bits<number>;

/** The processor modes, as PSW<15:14> and PSW<13:12> hold them. */
export const KERNEL = 0;
export const SUPERVISOR = 1;
export const MODE10 = 2;
export const USER = 3;

/** The mode letter of the page registers' names (KIPAR0, SIPDR3, UIPAR7). */
export const modePrefix = { [KERNEL]: 'K', [SUPERVISOR]: 'S', [USER]: 'U' } as const;

/** Where the I/O page begins: physical 760000 (octal); virtual 160000 with memory management off. */
export const ioPagePhysical = 0o760000;
export const ioPageVirtual = 0o160000;

/** The I/O page addresses of the page registers (45HB table 6-1): PDRi at pdr + 2i, PARi at par + 2i. */
export const pageRegisterAddresses = {
  [SUPERVISOR]: { pdr: 0o772200, par: 0o772240 },
  [KERNEL]: { pdr: 0o772300, par: 0o772340 },
  [USER]: { pdr: 0o777600, par: 0o777640 },
} as const;

export const parName = (mode: 0 | 1 | 3, page: number) => `${modePrefix[mode]}IPAR${page}`;
export const pdrName = (mode: 0 | 1 | 3, page: number) => `${modePrefix[mode]}IPDR${page}`;

/** The page register of `mode` (2 bits) and page (3 bits), by a chain of tests: 0 for mode 10. */
function pageRegister(read: StateRead, kind: 'PAR' | 'PDR', mode: Bits<2>, page: Bits<3>, width: number): Bits<number> {
  const ofMode = (m: 0 | 1 | 3): Bits<number> => {
    let v: Bits<number> = read(kind === 'PAR' ? parName(m, 7) : pdrName(m, 7));
    for (let p = 6; p >= 0; p--) v = ite(eq(page, p), read(kind === 'PAR' ? parName(m, p) : pdrName(m, p)), v);
    return v;
  };
  return ite(eq(mode, KERNEL), ofMode(KERNEL), ite(eq(mode, SUPERVISOR), ofMode(SUPERVISOR), ite(eq(mode, USER), ofMode(USER), c(width, 0))));
}

/** What relocating one virtual address in one mode gives: the physical address and each abort's condition. */
export interface Relocation {
  physical: Bits<18>;
  nonResident: Bool;
  length: Bool;
  readOnly: Bool;
}

/** Relocates the 16-bit virtual address `va` in `mode` (45HB 6.3-6.5). */
export function relocate(read: StateRead, mode: Bits<2>, va: Bits<16>): Relocation {
  const on = bit(read('MMR0'), 0);
  const page = extract(va, 15, 13) as Bits<3>;
  const par = pageRegister(read, 'PAR', mode, page, 12) as Bits<12>;
  const pdr = pageRegister(read, 'PDR', mode, page, 16) as Bits<16>;
  const acf = extract(pdr, 2, 0);
  const block = extract(va, 12, 6);
  const plf = extract(pdr, 14, 8);
  const relocated = add(shl(zext(par, 18), 6), zext(extract(va, 12, 0), 18));
  const unmapped = ite(uge(va, ioPageVirtual), or(zext(va, 18), c(18, 0o600000)), zext(va, 18));
  return {
    physical: ite(on, relocated, unmapped),
    nonResident: all(on, any(eq(acf, 0), eq(acf, 3), eq(acf, 7))),
    length: all(on, ite(bit(pdr, 3), ult(block, plf), ugt(block, plf))),
    readOnly: all(on, any(eq(acf, 1), eq(acf, 2))),
  };
}

/** The 16-bit virtual address an 18-bit address holds (PC and `vaddr` are 18 bits wide; bits 17:16 are not part of a PDP-11 virtual address). */
export const virtual16 = (a: Bits<number>): Bits<16> => extract(a, 15, 0) as Bits<16>;
