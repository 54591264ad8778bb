/**
 * Location-sensitive (DESIGN.md §1; definitions/README.md): the same program and data placed
 * `x ≠ 0` apart, and the outcome differs. For a relocation-bounds map, the second state's storage
 * is the first's shifted by a symbolic `x` (a Z3 lambda, so no quantifier), its relocation moved
 * by `x`, bound, mode and user registers the same; the system state involved is the relocation.
 * For a described map, the monitor composes maps (shadow tables): the second state's map
 * registers hold the monitor's values while its map is the guest's followed by the move, and
 * only what reads those registers directly, or storage past the map, can tell.
 */
import type { BV } from '../terms.js';
import { reg, withRegs, type SymState } from '../state.js';
import type { DefinitionName } from '../report-types.js';
import type { IsaDescription } from '../../spec/description.js';
import type { StatePartition } from '../partition.js';
import { mapFiles } from '../../spec/address-map.js';
import { mappedViews } from '../../spec/mapped-registers.js';
import { dependencies } from '../dependencies.js';
import { constant, fresh, type Kit } from './kit.js';
import { outcomeDiffers, type PairSpec } from './behavior.js';
import { unknownFinding, type Finding } from './finding.js';
import { composedExample } from './examples.js';

/** `s` moved by `x`: r ⊕ x, and E2 = λj. E1[j − x] (applied at each access, see `SymState.memShift`). */
export function shifted(kit: Kit, s: SymState, x: BV): SymState {
  const moved = Object.fromEntries(kit.part.relocationRegs.map((r) => [r, reg(s, r).add(x) as BV]));
  return { ...withRegs(s, moved), memShift: x };
}

/**
 * The registers and files a monitor's composed map gives values of its own: every one the map
 * reads but the mode, the PC and user state (the mode is the pair's, the rest the program's: a
 * monitor does not own it).
 */
export function composedMapState(isa: IsaDescription, part: StatePartition): { regs: string[]; files: string[] } {
  return {
    regs: part.mapRegs.filter((r) => r !== isa.state.mode.register && r !== part.pc && !part.userRegs.includes(r)),
    files: mapFiles(isa).filter((f) => !part.userFiles.includes(f)),
  };
}

/** `s` under a composed map: the composed map registers' real values fresh constants, the guest's storage moved by `x` (state.ts `SymState.composed`). */
export function composed(kit: Kit, s: SymState, x: BV): SymState {
  const { regs, files } = composedMapState(kit.isa, kit.part);
  const width = new Map([...kit.isa.state.registers, ...kit.isa.state.files].map((r) => [r.name, r.width]));
  const real = new Map(regs.map((r) => [r, constant(kit, `S2.${r}`, width.get(r)!)]));
  const realFiles = new Map(
    files.map((f) => {
      const wired = new Set((kit.isa.state.files.find((d) => d.name === f)!.hardwired ?? []).map((h) => h.index));
      return [f, s.files.get(f)!.map((e, i): BV => (wired.has(i) ? e : constant(kit, `S2.${f}.${i}`, width.get(f)!)))] as const;
    }),
  );
  return { ...s, composed: { shift: x, real, realFiles } };
}

/** The pair: the program moved by x ≠ 0. */
export function locationPair(kit: Kit, userOnly: boolean): PairSpec {
  const s1 = fresh(kit, 'S1');
  const x = constant(kit, 'x', kit.isa.state.storage.addressBits);
  const zero = kit.ctx.BitVec.val(0, x.sort.size());
  const s2 = kit.isa.state.addressMap.kind === 'described' ? composed(kit, s1, x) : shifted(kit, s1, x);
  return { definition: userOnly ? 'user-location-sensitive' : 'location-sensitive', s1, s2, mode: userOnly ? 'user' : 'any', related: [x.neq(zero)], shift: x };
}

/**
 * Whether an instruction runs alike under the guest's map and a composed one: its semantics read
 * none of the composed map state — directly, or through a register mapped into storage that a
 * load or store may reach (dependencies.ts) — and make no physical access. Then the two runs are
 * one computation (the map reads the guest's values in both, and every access lands on the same
 * guest cell), so their outcomes are alike.
 */
export function composedAlike(kit: Kit): boolean {
  const { regs, files } = composedMapState(kit.isa, kit.part);
  const deps = dependencies(kit.sym.insn.semantics, mappedViews(kit.isa));
  return !deps.physical && ![...regs, ...files].some((n) => deps.reads.has(n));
}

/** The composed map state the instruction reads itself, or all of it where what shows is a physical access (the placement it defines). */
function readComposed(kit: Kit, all: readonly string[]): string[] {
  const deps = dependencies(kit.sym.insn.semantics, mappedViews(kit.isa));
  const read = all.filter((n) => deps.reads.has(n));
  return read.length > 0 ? read : [...all];
}

export async function locationSensitive(kit: Kit, userOnly = false): Promise<Finding> {
  const definition: DefinitionName = userOnly ? 'user-location-sensitive' : 'location-sensitive';
  const described = kit.isa.state.addressMap.kind === 'described';
  const { regs, files } = composedMapState(kit.isa, kit.part);
  const involved = described ? [...regs, ...files] : [...kit.part.relocationRegs];
  if (described && kit.shortcuts && composedAlike(kit))
    return {
      definition,
      answer: 'no',
      systemState: [],
      note: `structural: it reads none of the map's registers (${involved.join(', ') || 'none'}) and makes no physical access: under a monitor's composed map it runs as under the guest's`,
    };
  if (!described && !kit.relocatable)
    return {
      definition,
      answer: 'unknown',
      systemState: involved,
      note: 'the address map is not a relocation (physical = virtual + registers), so "moved by x" is not defined for it',
    };
  // Most instructions that read a composed map register show it from a plain pair (examples.ts).
  const shown = described ? await composedExample(kit, userOnly, regs, files) : undefined;
  if (shown) return { definition, answer: 'yes', systemState: readComposed(kit, involved), witness: shown };
  const out = await outcomeDiffers(kit, locationPair(kit, userOnly));
  if (out.status === 'unknown') return unknownFinding(definition, out.reason, involved);
  if (out.status === 'unsat') return { definition, answer: 'no', systemState: [] };
  return { definition, answer: 'yes', systemState: described ? readComposed(kit, involved) : involved, witness: out.value };
}
