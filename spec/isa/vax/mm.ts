/**
 * VAX memory management (VAX ARM, "Memory Management": virtual address space, page table
 * entries, protection codes) as expressions of the semantics language, shared by the address map,
 * PROBER/PROBEW and the trap sequence, so that the emulator, the checker and the monitor all read
 * the same tables the same way.
 *
 * What is modelled:
 * - MAPEN = 0: virtual = physical, and no protection check at all (as on the VAX).
 * - MAPEN = 1: a virtual address is region (bits 31:30: P0, P1, S0, S1), virtual page number
 *   (bits 29:9) and byte in a 512-byte page (bits 8:0). P0 and S0 grow up (the page must be
 *   below P0LR / SLR), P1 grows down (at or above P1LR); S1 is reserved (a length violation).
 *   The PTE is the longword at base + 4 × VPN; PTE bit 31 is V, bits 30:27 PROT, bits 20:0 the
 *   page frame number.
 * - PROT is the access-mode protection code: which modes may read and which may write
 *   (`readMax` and `writeMax` below, the ARM's table of the sixteen codes; code 1 is reserved
 *   and here grants nothing). An access faults with access-control violation when the page is
 *   beyond the region's length or its mode may not make it; then with translation-not-valid when
 *   V is clear (protection is checked first, as the ARM orders them).
 *
 * Abstracted (say so wherever it matters):
 * - ONE-LEVEL walk: P0BR and P1BR hold PHYSICAL addresses here, as SBR does. On the VAX they are
 *   S0 virtual addresses, so a process page table is itself mapped through the system table (a
 *   two-level walk, with its own "PTE reference" faults); none of the virtualization questions
 *   turns on that second level.
 * - No translation buffer: every access walks the table, so TBIA and TBIS have nothing to flush.
 * - The modify bit (PTE bit 26) is not set by writes (software may keep it).
 * - A page-table entry outside memory reads as 0 (no access); a frame outside memory is a
 *   nonexistent-memory machine check.
 * - An unaligned access that crosses a page boundary is taken as physically contiguous from its
 *   first byte (the description language maps one access to consecutive cells); the fault check
 *   does look at its first and its last byte, as the VAX does.
 */
import { add, all, and, bit, concat, eq, extract, ite, letIn, load, lshr, shl, uge, ule, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';

/** Bytes in a page. */
export const pageBytes = 512;

/** Reads a register of the machine by name (the map, the trap sequence and the instructions each pass theirs). */
export type StateRead = (name: string) => Bits<number>;

/** The sixteen protection codes: the least privileged mode (0 K, 1 E, 2 S, 3 U) that may read / write; -1: none. */
const readMax = [-1, -1, 0, 0, 3, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3];
const writeMax = [-1, -1, 0, -1, 3, 1, 0, -1, 2, 1, 0, -1, 2, 1, 0, -1];
/** Bit (4 × PROT + mode) of a 64-bit table, as two 32-bit halves (no 64-bit arithmetic on the emulator's hot path). */
const table = (max: number[]) => {
  let lo = 0;
  let hi = 0;
  max.forEach((m, prot) => {
    for (let mode = 0; mode <= m; mode++) {
      const i = 4 * prot + mode;
      if (i < 32) lo |= 1 << i;
      else hi |= 1 << (i - 32);
    }
  });
  return { lo: lo >>> 0, hi: hi >>> 0 };
};
export const protection = { read: table(readMax), write: table(writeMax) };

/** Whether `mode` may make the access under protection code `prot` (4 bits). */
export function allows(prot: Bits<4>, mode: Bits<2>, write: boolean): Bool {
  const t = write ? protection.write : protection.read;
  const index = concat(prot, mode) as Bits<6>;
  const half = ite(bit(index, 5), c(32, t.hi), c(32, t.lo));
  return bit(lshr(half, zext(extract(index, 4, 0), 32)), 0);
}

/** What the walk of one virtual address finds. */
export interface Walk {
  /** The page lies inside its region (below P0LR / SLR, at or above P1LR; never in S1). */
  lengthOk: Bool;
  /** The page-table entry (0 when beyond the region or outside memory). */
  pte: Bits<32>;
}

/**
 * The one-level walk of `va` (see the file's comment). `ram` is the memory size in bytes: a
 * PTE address outside it reads as 0.
 */
export function walk(reg: StateRead, ram: number, va: Bits<32>): Walk {
  const region = extract(va, 31, 30);
  const vpn = zext(extract(va, 29, 9), 32);
  const lr = (name: string) => zext(reg(name), 32);
  const lengthOk = ite(eq(region, 0), ult(vpn, lr('P0LR')), ite(eq(region, 1), uge(vpn, lr('P1LR')), ite(eq(region, 2), ult(vpn, lr('SLR')), c(1, 0))));
  const base = ite(eq(region, 0), reg('P0BR') as Bits<32>, ite(eq(region, 1), reg('P1BR') as Bits<32>, reg('SBR') as Bits<32>));
  const pteAddr = add(and(base, ~3), shl(vpn, 2));
  const pte = ite(all(lengthOk, ule(pteAddr, ram - 4)), load(pteAddr, 32, 'physical'), c(32, 0));
  return { lengthOk, pte };
}

/** The page frame number and byte offset of `va` under `pte`, as a 32-bit physical address. */
export const frameAddress = (pte: Bits<32>, va: Bits<32>): Bits<32> => zext(concat(extract(pte, 20, 0), extract(va, 8, 0)), 32);

/**
 * Whether `mode` may access `va` (read, or write when `write`): always with MAPEN = 0; with
 * MAPEN = 1 the page must be inside its region and PROT must grant the access. The V bit does
 * not enter (PROBE answers protection alone; a reference to an invalid page faults afterwards).
 */
export function accessible(reg: StateRead, ram: number, va: Bits<32>, mode: Bits<2>, write: boolean, name: string): Bool {
  const mapen = bit(reg('MAPEN'), 0);
  return ite(
    mapen,
    letIn(name, walk(reg, ram, va).pte, (pte) => all(walk(reg, ram, va).lengthOk, allows(extract(pte, 30, 27) as Bits<4>, mode, write))),
    c(1, 1),
  );
}

/**
 * Where `va` lands in physical memory with no check (the trap sequence's stack pushes, which may
 * not fault): the frame the PTE names with MAPEN = 1, `va` itself with MAPEN = 0; the result
 * wraps at the memory size. On a VAX a bad kernel stack here is a kernel-stack-not-valid abort or
 * a machine check; this model does not take one.
 */
export function physicalNoCheck(reg: StateRead, ram: number, va: Bits<32>, name: string): Bits<32> {
  const pa = ite(bit(reg('MAPEN'), 0), letIn(name, walk(reg, ram, va).pte, (pte) => frameAddress(pte, va)), va);
  return and(pa, ram - 1);
}

