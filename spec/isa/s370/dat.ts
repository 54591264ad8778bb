/**
 * Dynamic address translation and key-controlled protection of the System/370 (GA22-7000-10,
 * chapter 3 "Storage": "Dynamic Address Translation", "Protection"), as expressions of the
 * semantics language, shared by the address map (machine.ts) and LOAD REAL ADDRESS (control.ts),
 * so that the emulator, the checker and the monitor all read the same tables the same way.
 *
 * The translation format: of the 370's four (CR0 bits 8-12: 2K or 4K pages, 64K or 1M
 * segments) this model implements ONE, 4K-byte pages in 64K-byte segments (CR0 bits 8-12 =
 * 10000); any other value of those bits is a translation-specification exception whenever DAT is
 * used. A 24-bit virtual address is then
 *
 *     bits 8-15 segment index SX | bits 16-19 page index PX | bits 20-31 byte index BX
 *
 * - CR1, the segment-table designation: bits 0-7 the segment-table length STL (in units of 16
 *   entries), bits 8-25 the segment-table origin STO (64-byte aligned real address).
 * - The segment-table entry (a word at STO + 4·SX): bits 0-3 the page-table length PTL (in units
 *   of one entry for this format), bits 8-28 the page-table origin PTO (8-byte aligned), bit 31
 *   the segment-invalid bit.
 * - The page-table entry (a halfword at PTO + 2·PX): bits 0-11 the page-frame real address,
 *   bit 12 the page-invalid bit; bits 13-14 must be zero (translation specification).
 * - Exceptions, in the order the POO's priority table gives them: translation specification
 *   (CR0 format); segment translation (SX beyond STL); addressing (the entry outside storage);
 *   segment translation (invalid bit); page translation (PX beyond PTL); addressing; page
 *   translation (invalid bit); translation specification (PTE bits 13-14).
 *
 * Abstracted (none of it bears on the virtualization question):
 * - No translation-lookaside buffer: every access walks the tables (PTLB has nothing to purge,
 *   and a change to a table takes effect at the next access; a TLB may only be less eager).
 * - The common-segment bit and the segment-protection facility are not modelled.
 * - Reference and change bits are not set by accesses (the description language's maps do not
 *   store): the storage keys' R and C bits change only by SSK and RRB.
 * - An unaligned operand that crosses a page or a 2K-byte key block is taken as contiguous from
 *   its first byte (a map may not change within one access); the fault check does look at its
 *   first and its last byte.
 * - Prefixing (the multiprocessing facility) is not modelled: real = absolute.
 */
import { add, all, bit, concat, eq, extract, ite, letIn, load, ne, not, shl, ugt, ule, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';

/** Bytes of real storage (64 KiB), from real address 0. */
export const storageBytes = 0x1_0000;
/** The console's real address (just past storage) and storage cell. */
export const consoleAddress = storageBytes;
/** CR0 bits 8-12 (translation format) for 4K-byte pages, 64K-byte segments. */
export const FORMAT_4K_64K = 0b10000;

/** Reads a register (or a register field, `PSW.KEY`) of the machine by name. */
export type StateRead = (name: string) => Bits<number>;
/** Reads element `index` of a register file. */
export type FileRead = (name: string, index: Bits<number>) => Bits<number>;

/** A real address inside the 64 KiB of storage. */
export const inStorage = (ra: Bits<24>): Bool => ult(ra, storageBytes);

/** What a walk of one virtual address finds (see the file's comment); LRA reads every part. */
export interface Walk {
  /** CR0 bits 8-12 are not the implemented format. */
  formatBad: Bool;
  /** SX beyond the segment-table length. */
  segmentLength: Bool;
  steAddress: Bits<24>;
  /** The segment-table entry is outside storage. */
  steAddressing: Bool;
  segmentInvalid: Bool;
  /** PX beyond the page-table length. */
  pageLength: Bool;
  pteAddress: Bits<24>;
  pteAddressing: Bool;
  pageInvalid: Bool;
  /** PTE bits 13-14 not zero. */
  pteFormatBad: Bool;
  /** The real address, when none of the above holds. */
  real: Bits<24>;
}

/** Which exception a walk ends in: 0 none, else a program-interruption code (the POO's order). */
export function walkException(w: Walk): Bits<8> {
  const order: [Bool, number][] = [
    [w.formatBad, 0x12],
    [w.segmentLength, 0x10],
    [w.steAddressing, 0x05],
    [w.segmentInvalid, 0x10],
    [w.pageLength, 0x11],
    [w.pteAddressing, 0x05],
    [w.pageInvalid, 0x11],
    [w.pteFormatBad, 0x12],
  ];
  return order.reduceRight<Bits<8>>((rest, [cond, k]) => ite(cond, c(8, k), rest), c(8, 0));
}

/**
 * Translates `va` with the tables CR0 and CR1 designate (whatever PSW bit 5 says: LRA
 * translates with DAT off too) and gives `use` what the walk found. `tag` keeps the names the
 * walk binds apart from another walk in the same expression.
 */
export function translate<W extends number>(reg: StateRead, va: Bits<24>, tag: string, use: (w: Walk) => Bits<W>): Bits<W> {
  const steAddress = steAddressOf(reg, va);
  return letIn(`${tag}Ste`, steOf(steAddress), (ste) => {
    const pteAddress = pteAddressOf(ste, va);
    return letIn(`${tag}Pte`, pteOf(pteAddress), (pte) => use(walkOf(reg, va, steAddress, ste, pteAddress, pte)));
  });
}

/** The address of the segment-table entry of `va`: STO + 4 · SX. */
export const steAddressOf = (reg: StateRead, va: Bits<24>): Bits<24> =>
  add(concat(extract(reg('CR1'), 23, 6), c(6, 0)) as Bits<24>, shl(zext(extract(va, 23, 16), 24), 2));
/** The segment-table entry at `a` (0 when outside storage: the walk then ends in an addressing exception). */
export const steOf = (a: Bits<24>): Bits<32> => ite(steAddressingAt(a), c(32, 0), load(a, 32, 'physical'));
const steAddressingAt = (a: Bits<24>): Bool => not(ule(a, storageBytes - 4));
/** The address of the page-table entry of `va` under segment-table entry `ste`: PTO + 2 · PX. */
export const pteAddressOf = (ste: Bits<32>, va: Bits<24>): Bits<24> => add(concat(extract(ste, 23, 3), c(3, 0)) as Bits<24>, shl(zext(extract(va, 15, 12), 24), 1));
/** The page-table entry at `a` (0 when outside storage). */
export const pteOf = (a: Bits<24>): Bits<16> => ite(pteAddressingAt(a), c(16, 0), load(a, 16, 'physical'));
const pteAddressingAt = (a: Bits<24>): Bool => not(ule(a, storageBytes - 2));

/** What the walk of `va` finds, given its table entries and their addresses. */
export function walkOf(reg: StateRead, va: Bits<24>, steAddress: Bits<24>, ste: Bits<32>, pteAddress: Bits<24>, pte: Bits<16>): Walk {
  const sx = extract(va, 23, 16);
  return {
    formatBad: ne(reg('CR0.TF') as Bits<5>, FORMAT_4K_64K),
    segmentLength: ugt(zext(extract(sx, 7, 4), 8), extract(reg('CR1'), 31, 24)),
    steAddress,
    steAddressing: steAddressingAt(steAddress),
    segmentInvalid: bit(ste, 0),
    pageLength: ugt(extract(va, 15, 12), extract(ste, 31, 28)),
    pteAddress,
    pteAddressing: pteAddressingAt(pteAddress),
    pageInvalid: bit(pte, 3),
    pteFormatBad: ne(extract(pte, 2, 1), 0),
    real: concat(extract(pte, 15, 4), extract(va, 11, 0)) as Bits<24>,
  };
}

/** The real address of `va` under the current PSW: translated when PSW bit 5 (T) is one. */
export function realAddress(reg: StateRead, va: Bits<24>, tag: string): Bits<24> {
  return ite(eq(reg('PSW.T') as Bits<1>, 1), translate(reg, va, tag, (w) => w.real), va);
}

/** The DAT exception an access to `va` takes (0: none); always 0 with DAT off. */
export function datException(reg: StateRead, va: Bits<24>, tag: string): Bits<8> {
  return ite(eq(reg('PSW.T') as Bits<1>, 1), translate(reg, va, tag, walkException), c(8, 0));
}

/** The storage key of the 2K-byte block holding real address `ra` (bits: ACC 6:3, F 2, R 1, C 0). */
export const keyOf = (file: FileRead, ra: Bits<24>): Bits<7> => file('KEY', extract(ra, 15, 11)) as Bits<7>;

/**
 * Key-controlled protection (GA22-7000 chapter 3, "Key-Controlled Protection"): a store is
 * permitted when the PSW key is 0 or equals the block's access-control bits; a fetch (of an
 * operand or an instruction) also when the block's fetch-protection bit is zero. Only real
 * addresses inside storage have keys (the console has none).
 */
export function keyProtected(reg: StateRead, file: FileRead, ra: Bits<24>, store: boolean): Bool {
  const k = reg('PSW.KEY') as Bits<4>;
  const key = keyOf(file, ra);
  const mismatch = all(ne(k, 0), ne(extract(key, 6, 3), k));
  return all(inStorage(ra), store ? mismatch : all(mismatch, bit(key, 2)));
}

/**
 * Low-address protection (chapter 3, "Low-Address Protection"): with CR0 bit 3 one, a store to
 * effective addresses 0-511 is a protection exception, whatever the key and DAT.
 */
export const lowAddressProtected = (reg: StateRead, va: Bits<24>): Bool => all(eq(reg('CR0.LA') as Bits<1>, 1), ult(va, 512));

/** Whether a real address is beyond what answers for the access (storage; for a store also the console). */
export const addressingFault = (ra: Bits<24>, store: boolean): Bool => (store ? ugt(ra, consoleAddress) : not(inStorage(ra)));

