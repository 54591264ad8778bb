/**
 * Sv32 page-based virtual memory (priv. 4.3) as expressions of the semantics language: the
 * two-level walk reads the page tables from physical storage, so the emulator, the checker and
 * the monitor all walk the same tables the same way.
 *
 * Choices the manual leaves open, and this hart's:
 * - A and D are managed by software by default (priv. 4.3.1, the first scheme, "Svade"): an access
 *   to a page whose A bit is clear, or a store to one whose D bit is clear, takes a page fault. The
 *   walk then never stores, and a kernel written for either scheme runs (it sets A and D itself).
 *   With `ad: 'hardware'` (the second scheme, Svadu's behaviour with ADUE set, fixed on): an access
 *   that does not fault sets the leaf's A, and a store its D too, where they are clear — a store the
 *   walk makes (`Sv32Walk.update`; spec/description.ts `DescribedMap.updates`), to the PTE's low
 *   byte, which holds both bits. A PMP that forbids that write is an access fault of the original
 *   access (priv. 4.3.2 step 7). Svadu lets A be set speculatively and wants D exact; here both
 *   are set exactly when the access is made by a step that completes (so not by the fetch of an
 *   instruction that then traps: a difference from hardware that sets A on every fetch).
 * - No translation is cached: every access walks the tables, so SFENCE.VMA has nothing to flush
 *   and a change to a page table takes effect at the next access (a TLB may only be less eager).
 * - ASIDLEN = 0 (priv. 4.1.11): satp's ASID field is read-only zero.
 * - Physical addresses are 34 bits; this platform has nothing above 4 GiB, so a page table or a
 *   page there takes an access fault, as any address outside RAM does (priv. 3.6).
 * Implicit accesses to the page tables are checked by PMP as S-mode reads (priv. 3.7.1).
 */
import { all, and, any, eq, extract, ite, letIn, load, ne, not, or, shl, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { effectiveMode, pmpAllowsAt, type Access, type StateRead } from './pmp.js';

/** satp fields (priv. 4.1.11, figure 4.12). */
export const SATP = { MODE: 1 << 31, PPN: 0x3f_ffff } as const;
/** The bits of satp a write can set: MODE and PPN (ASID is read-only zero). */
export const SATP_WRITABLE = (SATP.MODE | SATP.PPN) >>> 0;

/** Page-table entry bits (priv. 4.3.1, figure 4.16). */
export const PTE = { V: 1, R: 2, W: 4, X: 8, U: 16, G: 32, A: 64, D: 128 } as const;

/** The platform's physical memory attributes: whether a 32-bit physical address is in RAM, and its cell. */
export interface Platform {
  inRam: (pa: Bits<32>) => Bool;
  /** The storage cell of a RAM address. */
  cellOf: (pa: Bits<32>) => Bits<32>;
}

/** What a walk found, as names bound around the expression that uses them (see `sv32`). */
export interface Sv32Walk {
  /** The walk ends in a page fault (priv. 4.3.2 steps 3, 4, 5, 6, 7). */
  pageFault: Bool;
  /** A page-table entry could not be read: not in RAM, above 4 GiB, or PMP denies S-mode reads (step 2). */
  tableAccessFault: Bool;
  /** The physical address (its low 32 bits) when no fault is taken; `va` when not translating. */
  physical: Bits<32>;
  /** The physical address has bits above 31: no memory there. */
  above4G: Bool;
  /** Hardware A/D (`ad: 'hardware'`): the access sets the leaf's A (and for a store D), one of them being clear. */
  update: Bool;
  /** The storage cell of the leaf PTE's low byte (A is its bit 6, D bit 7). */
  leafCell: Bits<32>;
  /** That byte with A, and for a store D, set. */
  leafByte: Bits<8>;
  /** The update is needed and PMP forbids its S-mode write to the PTE: an access fault (step 7). */
  updateDenied: Bool;
}

/** Who manages A and D (priv. 4.3.1): software (a page fault where one is clear) or the walk (it sets them). */
export type AdUpdate = 'software' | 'hardware';

const isSet = (x: Bits<32>, mask: number): Bool => ne(and(x, mask), 0);

/**
 * Translates `va` for `access` (priv. 4.3.2) and gives `use` what the walk found. Translation
 * applies when satp.MODE is Sv32 and the effective privilege (MPRV and MPP for loads and stores,
 * priv. 3.1.6.3) is S or U. Each entry read is a `let`, so the walk appears once in the
 * expression however often `use` mentions it.
 */
export function sv32<W extends number>(reg: StateRead, platform: Platform, va: Bits<32>, access: Access, use: (walk: Sv32Walk) => Bits<W>, ad: AdUpdate = 'software'): Bits<W> {
  const satp = reg('satp');
  const mstatus = reg('mstatus');
  const S = c(2, 1);
  // One level's entry: its 34-bit address is ppn (22 bits) × 4096 + vpn × 4.
  const entryAddress = (ppnLow: Bits<number>, vpn: Bits<number>) => or(shl(zext(ppnLow, 32), 12), shl(zext(vpn, 32), 2)) as Bits<32>;
  const readable = (ppnHigh: Bits<number>, addr: Bits<32>) => all(eq(ppnHigh, 0), platform.inRam(addr), pmpAllowsAt(reg, addr, 'read', S));
  const fetchEntry = (ok: Bool, addr: Bits<32>) => ite(ok, load(platform.cellOf(addr), 32, 'physical') as Bits<32>, c(32, 0));
  const valid = (pte: Bits<32>) => all(isSet(pte, PTE.V), not(all(not(isSet(pte, PTE.R)), isSet(pte, PTE.W))));
  const isLeaf = (pte: Bits<32>) => any(isSet(pte, PTE.R), isSet(pte, PTE.X));

  // Outside translation nothing below is evaluated (only an `ite`'s taken branch is): M-mode and
  // Bare pay for one test, not for a walk.
  const bare: Sv32Walk = { pageFault: c(1, 0), tableAccessFault: c(1, 0), physical: va, above4G: c(1, 0), update: c(1, 0), leafCell: c(32, 0), leafByte: c(8, 0), updateDenied: c(1, 0) };
  return letIn('sv32priv', effectiveMode(reg, access), (privilege) =>
    ite(all(isSet(satp, SATP.MODE), ne(privilege, 3)), walk(privilege), use(bare)),
  );

  function walk(privilege: Bits<2>): Bits<W> {
    // Step 5: the leaf's permissions for this access at this privilege, with SUM and MXR.
    const permits = (pte: Bits<32>): Bool => {
      const kind =
        access === 'fetch'
          ? isSet(pte, PTE.X)
          : access === 'read'
            ? any(isSet(pte, PTE.R), all(isSet(mstatus, 1 << 19), isSet(pte, PTE.X)))
            : isSet(pte, PTE.W);
      const userPage = isSet(pte, PTE.U);
      const level = ite(
        eq(privilege, 0),
        userPage,
        // S-mode: never fetch from a user page; load and store there only with SUM.
        access === 'fetch' ? not(userPage) : any(not(userPage), isSet(mstatus, 1 << 18)),
      );
      // Step 7, software-managed A/D: A must be set, and D too for a store (hardware: the walk sets them).
      if (ad === 'hardware') return all(kind, level);
      return all(kind, level, used(pte));
    };
    const used = (pte: Bits<32>): Bool => (access === 'write' ? all(isSet(pte, PTE.A), isSet(pte, PTE.D)) : isSet(pte, PTE.A));
    const a1 = entryAddress(extract(satp, 19, 0), extract(va, 31, 22));
    return letIn('sv32ok1', readable(extract(satp, 21, 20), a1), (ok1) =>
      letIn('sv32pte1', fetchEntry(ok1, a1), (pte1) => {
        const pointer = all(valid(pte1), not(isLeaf(pte1)));
        const a0 = entryAddress(extract(pte1, 29, 10), extract(va, 21, 12));
        return letIn('sv32ok0', all(ok1, pointer, readable(extract(pte1, 31, 30), a0)), (ok0) =>
          letIn('sv32pte0', fetchEntry(ok0, a0), (pte0) => {
            // A level-1 leaf is a 4 MiB megapage: its PPN[0] must be zero (step 6).
            const megapageOk = all(permits(pte1), eq(extract(pte1, 19, 10), 0));
            const leafOk = all(valid(pte0), isLeaf(pte0), permits(pte0));
            // Step 8: the physical address, megapage or page.
            const mega = or(shl(zext(extract(pte1, 29, 20), 32), 22), zext(extract(va, 21, 0), 32)) as Bits<32>;
            const page = or(shl(zext(extract(pte0, 29, 10), 32), 12), zext(extract(va, 11, 0), 32)) as Bits<32>;
            // Step 7, hardware-managed A/D: the leaf's low byte (A, D) rewritten where one is clear.
            const leaf = ite(pointer, pte0, pte1);
            const leafAddr = ite(pointer, a0, a1);
            const update = ad === 'hardware' ? not(used(leaf)) : c(1, 0);
            return use({
              tableAccessFault: any(not(ok1), all(valid(pte1), pointer, not(ok0))),
              pageFault: all(ok1, any(not(valid(pte1)), all(isLeaf(pte1), not(megapageOk)), all(ok0, not(leafOk)))),
              physical: ite(pointer, page, mega),
              above4G: ne(ite(pointer, extract(pte0, 31, 30), extract(pte1, 31, 30)), 0),
              update,
              leafCell: platform.cellOf(leafAddr),
              leafByte: or(extract(leaf, 7, 0), access === 'write' ? PTE.A | PTE.D : PTE.A) as Bits<8>,
              updateDenied: ad === 'hardware' ? all(update, not(pmpAllowsAt(reg, leafAddr, 'write', S))) : c(1, 0),
            });
          }),
        );
      }),
    );
  }
}

/** satp's value after a CSR write of `v` (WARL: MODE and PPN kept, ASID zero). */
export const satpWrite = (v: Bits<32>): Bits<32> => and(v, SATP_WRITABLE) as Bits<32>;
