/**
 * How the definitions see an ISA's state (DESIGN.md §2): user state (the guest's), system state
 * (the VMM's), and within system state the mode, the address-map registers and the timing
 * resources. The address-map registers are found from the expressions `translate` gives, never
 * from the map's kind.
 */
import type { Expr } from '../spec/ast.js';
import { accesses, type IsaDescription } from '../spec/description.js';
import { mapRegisters, registersIn, translate } from '../spec/address-map.js';

export interface StatePartition {
  readonly pc: string;
  /** User registers other than the PC, and user register files. */
  readonly userRegs: readonly string[];
  readonly userFiles: readonly string[];
  /** System registers other than the PC, and system register files. */
  readonly systemRegs: readonly string[];
  readonly systemFiles: readonly string[];
  readonly mode: string;
  /** Registers the address map reads (for relocation-bounds: base and bound). */
  readonly mapRegs: readonly string[];
  /** Registers the physical address depends on: shifted by `x` to move a program (r ⊕ x). */
  readonly relocationRegs: readonly string[];
  /** Every register the physical address reads (a map may also select by the mode, say). */
  readonly physicalRegs: readonly string[];
  readonly timing: readonly string[];
  /**
   * Whether the mode selects the address map (a described map whose physical address reads the
   * mode register; RISC-V: M-mode does not translate, S and U do). Pairs are then held to be
   * placed alike (definitions/README.md) instead of sharing the map's registers.
   */
  readonly modeSelectsMap: boolean;
  /**
   * System state a mode-sensitivity pair may differ in: everything but the address map (held
   * equal, x = 0) and timing (Theorem 2's business, not sensitivity).
   */
  readonly modeLike: { readonly regs: readonly string[]; readonly files: readonly string[] };
}

export function partition(isa: IsaDescription): StatePartition {
  const s = isa.state;
  const a: Expr = { kind: 'var', name: '$a' };
  // Every access kind's translation: a map may select its physical address per access (MPRV).
  const physicalReads = new Set<string>();
  for (const access of accesses) registersIn(translate(isa, a, 1, s.storage.cells, access).physical, physicalReads);
  // Only registers of the address width can move an address: a 1-bit register a map reads
  // (the mode, say) selects, and varies with the system state it belongs to.
  const width = new Map(s.registers.map((r) => [r.name, r.width]));
  // A map that selects its translation by the mode (RISC-V: M-mode does not translate) is held
  // alike where the runs look instead (behavior.ts mapsAgree): none of its registers is held
  // equal, so the others a pair may vary (mstatus, satp) still vary.
  const modeSelectsMap = s.addressMap.kind === 'described' && physicalReads.has(s.mode.register);
  const relocationRegs = modeSelectsMap ? [] : [...physicalReads].filter((r) => width.get(r) === s.storage.addressBits);
  const mapRegs = [...new Set([...physicalReads, ...mapRegisters(isa)])];
  // The mode and the address map are system state by definition (P&G's PSW), whatever their kind.
  const isSystem = (name: string, kind: string) => kind === 'system' || name === s.mode.register || mapRegs.includes(name);
  const systemRegs = s.registers.filter((r) => isSystem(r.name, r.kind) && r.name !== s.pc).map((r) => r.name);
  const systemFiles = s.files.filter((f) => f.kind === 'system').map((f) => f.name);
  return {
    pc: s.pc,
    userRegs: s.registers.filter((r) => !isSystem(r.name, r.kind) && r.name !== s.pc).map((r) => r.name),
    userFiles: s.files.filter((f) => f.kind === 'user').map((f) => f.name),
    systemRegs,
    systemFiles,
    mode: s.mode.register,
    mapRegs,
    relocationRegs,
    physicalRegs: [...physicalReads],
    timing: s.timing,
    modeSelectsMap,
    modeLike: {
      // A relocation-bounds map's registers are the location's business. A described map's
      // translation (every register its physical address reads, of any width: a 1-bit enable such
      // as the VAX's MAPEN too) is the guest's own under a virtual = real monitor, so a pair holds
      // it equal, unless the mode selects the map (then pairs are placed alike instead); the
      // registers that only decide which accesses trap (PMP) vary like the mode.
      regs: systemRegs.filter(
        (r) => !(s.addressMap.kind === 'described' ? (modeSelectsMap ? [] : [...physicalReads]) : mapRegs).includes(r) && !s.timing.includes(r),
      ),
      files: systemFiles,
    },
  };
}
