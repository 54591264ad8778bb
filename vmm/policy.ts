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
  /** The same, given the guest's mode register's value (the dispatcher reads it by slot, on every trap). */
  interpretsAt(mode: number, guest: MachineLike, roles: StateRoles): boolean;
}

/** Both policies interpret a level the host's user level cannot stand in for (RISC-V's M: see map-levels.ts). */
export const trapAndEmulate: DispatchPolicy = {
  name: 'trap-and-emulate',
  interprets: (guest, roles) => trapAndEmulate.interpretsAt(guest.getReg(roles.mode.register), guest, roles),
  // A level that always runs directly needs no register read (nor a closure to read them).
  interpretsAt: (mode, guest, roles) => !roles.runsDirectly(mode) && !roles.runsDirectly(mode, registersOf(guest, roles)),
};

/** The guest's registers as unsigned values, for a level that runs directly only in some states. */
const registersOf = (guest: MachineLike, roles: StateRoles) => (name: string) => BigInt.asUintN(roles.registers.get(name)!.width, BigInt(guest.getRegWord(name)));

export const hybrid: DispatchPolicy = {
  name: 'hybrid',
  interprets: (guest, roles) => hybrid.interpretsAt(guest.getReg(roles.mode.register), guest, roles),
  interpretsAt: (mode, guest, roles) => roles.isSupervisor(mode) || (!roles.runsDirectly(mode) && !roles.runsDirectly(mode, registersOf(guest, roles))),
};
