/** The report's statement of how the definitions were read for this ISA, where a choice was made. */
import type { IsaDescription } from '../spec/description.js';
import type { StatePartition } from './partition.js';
import { composedMapState } from './definitions/location-sensitive.js';

const list = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.join(', '));

export function readings(isa: IsaDescription, part: StatePartition, relocatable: boolean, shortcuts: boolean, configuration: string): string[] {
  const levels = isa.state.mode.levels;
  const excluded = isa.traps.kinds.filter((k) => k.class === 'memory' || k.class === 'exception').map((k) => k.name);
  return [
    `mode ${part.mode}: supervisor ${list(levels.filter((l) => l.supervisor).map((l) => `${l.name}=${l.value}`))}; user ${list(levels.filter((l) => !l.supervisor).map((l) => `${l.name}=${l.value}`))}`,
    `system state: ${list([...part.systemRegs, ...part.systemFiles])} (address map: ${list(part.mapRegs)}; timing: ${list(part.timing)}); user state: ${list([part.pc, ...part.userRegs, ...part.userFiles])} and the storage the address map makes visible`,
    `excluded traps (a run taking one is set aside by every definition): ${list(excluded)}; a physical access outside storage has no trap and is excluded the same way`,
    'a trap is an outcome: two runs are alike when both trap (whatever the trap) or both complete with the same user-visible result; a run that traps and one that completes are not alike (DESIGN §2 rule 1)',
    `privileged is relative to the monitor configuration C = ${configuration}: the user-mode run is on a state holding C (DESIGN §2 rule 3)`,
    'control-sensitive excludes every trapping run, where the paper literally excludes only memory traps: a trap changes the PSW by design and is the VMM’s business; the timing registers’ own tick is not counted as a change',
    `mode-sensitive: two states with the same storage, user state, address map and timing that differ in ${list([...part.modeLike.regs, ...part.modeLike.files])}`,
    isa.state.addressMap.kind === 'described'
      ? `location-sensitive: against a monitor’s composed map (shadow tables) — the guest’s storage moved by x ≠ 0, the map’s registers (${list(Object.values(composedMapState(isa, part)).flat())}) holding the monitor’s values while the map reads the guest’s, everything else equal (vmcheck’s own monitor runs such a guest virtual = real, which needs less)`
      : relocatable
        ? `location-sensitive: the program moved by x ≠ 0 — storage shifted by x, ${list(part.relocationRegs)} + x, everything else equal`
        : 'location-sensitive: not decided — the address map is not a relocation, so "moved by x" is undefined for it',
    'behavior is compared on the user registers, the PC, halting, and the storage each run’s program sees through its own address map',
    `user-system-sensitive: two states in the same user level that differ in ${list([...part.modeLike.regs.filter((r) => r !== part.mode && !part.mapRegs.includes(r)), ...part.modeLike.files])} (DESIGN §2 rule 2); Theorem 3 counts it as user-sensitive`,
    `timing-dependent: two states that differ only in ${list(part.timing)}; Theorem 2 asks that no unprivileged instruction be timing-dependent`,
    'cross-checked by the exact per-step condition (DESIGN §2 rule 4): each instruction run on Real_C(S) — user level, C, any values in the system state the monitor owns, the guest placed anywhere (relocation) or at its own addresses (described map) — against S; a theorem that holds while an instruction is unsafe is reported as a checker error',
    'every state considered holds the instruction’s own cells at its physical fetch address, so one query covers every encoding and every placement',
    ...((isa.state.storage.mapped ?? []).length > 0
      ? [
          `registers mapped into storage (${list((isa.state.storage.mapped ?? []).map((m) => m.register))}): a level a theorem’s monitor runs directly (every level for Theorems 1 and 2, the user levels for Theorem 3) must not be able to fetch an instruction from their cells, which a guest run directly reads from its own copy; the checker asks it once per theorem (conservative: a user register counts too)`,
        ]
      : []),
    shortcuts
      ? 'answered without a query: control-, mode-sensitivity and timing dependence where the semantics cannot assign or read the state involved, and location-sensitivity where they neither read nor write the relocation and reach storage only through a relocation-bounds map, or read none of a described map’s registers and make no physical access (noted “structural”), and a user variant whose general form is ruled out (noted “implied”); every other answer is a Z3 query'
      : 'every answer is a Z3 query (no shortcuts)',
  ];
}
