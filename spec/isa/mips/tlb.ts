/**
 * The R3000 TLB as expressions of the semantics language: a fully associative table of `n`
 * entries, each an EntryHi image (VPN, ASID) and an EntryLo image (PFN, N, D, V, G), held in
 * system registers `tlbHi<i>` and `tlbLo<i>` (K&H "Memory Management System"; IDT SRM "Memory
 * Management and the TLB").
 *
 * Registers rather than a register file: the address map reads them, the monitor owns the map's
 * registers (vmm/roles.ts collects scalar registers), and Z3 handles a fixed set of bit-vector
 * constants far better than an array (ENGINEERING.md).
 *
 * An entry matches a virtual address when its VPN is the address's bits 31:12 and it is global
 * (G) or its ASID is EntryHi's. Software must never load two entries that match one address: the
 * R3000 then sets Status.TS and shuts the TLB down. This model takes the lowest-numbered match
 * instead and never sets TS (stated in machine.ts).
 */
import { all, and, any, bit, eq, extract, ite, or } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';

/** Reads a 32-bit register by name. */
export type Reg32 = (name: string) => Bits<32>;

/** EntryHi fields (K&H fig. "EntryHi and EntryLo registers"). */
export const HI = { VPN: 0xffff_f000, ASID: 0x0000_0fc0 } as const;
/** EntryLo fields. */
export const LO = { PFN: 0xffff_f000, N: 1 << 11, D: 1 << 10, V: 1 << 9, G: 1 << 8 } as const;
/** Bits of EntryLo the hardware keeps (bits 7:0 read as zero). */
export const LO_WRITABLE = (LO.PFN | LO.N | LO.D | LO.V | LO.G) >>> 0;
/** Bits of EntryHi the hardware keeps (bits 5:0 read as zero). */
export const HI_WRITABLE = (HI.VPN | HI.ASID) >>> 0;

export const tlbHi = (i: number) => `tlbHi${i}`;
export const tlbLo = (i: number) => `tlbLo${i}`;

/** Whether entry `i` translates `vpn` (20 bits) for address-space `asid` (6 bits). */
export function entryMatches(reg: Reg32, i: number, vpn: Bits<20>, asid: Bits<6>): Bool {
  const hi = reg(tlbHi(i));
  const lo = reg(tlbLo(i));
  return all(eq(extract(hi, 31, 12), vpn), any(bit(lo, 8), eq(extract(hi, 11, 6), asid)));
}

/**
 * The EntryLo image of the lowest-numbered entry that matches `va` under EntryHi's ASID, with
 * bit 0 set to mark the hit; 0 when no entry matches (a TLB miss). Bits 7:0 of an EntryLo image
 * are always zero, so bit 0 is free for the mark.
 */
export function lookup(reg: Reg32, n: number, va: Bits<32>): Bits<32> {
  const vpn = extract(va, 31, 12);
  const asid = extract(reg('EntryHi'), 11, 6);
  let chosen: Bits<32> = c(32, 0);
  for (let i = n - 1; i >= 0; i--) chosen = ite(entryMatches(reg, i, vpn, asid), or(reg(tlbLo(i)), 1), chosen);
  return chosen;
}

/** What a lookup's result says. */
export const hit = (sel: Bits<32>): Bool => bit(sel, 0);
export const valid = (sel: Bits<32>): Bool => bit(sel, 9);
export const dirty = (sel: Bits<32>): Bool => bit(sel, 10);
/** The physical address: the entry's PFN and the page offset. */
export const physicalOf = (sel: Bits<32>, va: Bits<32>): Bits<32> => or(and(sel, LO.PFN), and(va, 0xfff));
