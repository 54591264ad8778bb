/**
 * Dispatch policies. The plain monitor runs every guest instruction on the host and emulates what
 * traps (Theorem 1). The hybrid monitor is the same monitor except that, while the guest is in a
 * virtual supervisor level, it interprets every instruction instead (Theorem 3); only virtual
 * user levels run on the host.
 */
import type { MachineLike } from './machine-like.js';
import type { StateRoles } from './roles.js';

export interface DispatchPolicy {
  readonly name: 'trap-and-emulate' | 'hybrid';
  /** Whether the guest's next instruction is interpreted rather than run on the host. */
  interprets(guest: MachineLike, roles: StateRoles): boolean;
}

/** Both policies interpret a level the host's user level cannot stand in for (RISC-V's M: see map-levels.ts). */
export const trapAndEmulate: DispatchPolicy = {
  name: 'trap-and-emulate',
  interprets: (guest, roles) => !roles.runsDirectly(guest.getReg(roles.mode.register), registersOf(guest, roles)),
};

/** The guest's registers as unsigned values, for a level that runs directly only in some states. */
const registersOf = (guest: MachineLike, roles: StateRoles) => (name: string) => BigInt.asUintN(roles.registers.get(name)!.width, BigInt(guest.getRegWord(name)));

export const hybrid: DispatchPolicy = {
  name: 'hybrid',
  interprets: (guest, roles) => {
    const mode = guest.getReg(roles.mode.register);
    return roles.isSupervisor(mode) || !roles.runsDirectly(mode, registersOf(guest, roles));
  },
};
