/**
 * Reflection: a trap the guest itself must see. The description's trap sequence runs on the
 * virtual state (saving the virtual PSW into guest storage, loading the guest's new PSW), exactly
 * as the bare machine would run it. A guest with its own monitor inside (`onTrap`) gets the trap
 * passed to that monitor instead — the fault goes to the monitor of the right level.
 */
import type { TrapInfo, Word } from '../machine/index.js';
import { pendingInterruptTrap, runTrapSequence } from './routines.js';
import type { VirtualMachine } from './virtual-machine.js';

/** Delivers `trap` to the guest as one guest step; says whether it went to the guest's own monitor. */
export function reflectTrap(guest: VirtualMachine, trap: string, value: Word): 'reflected' | 'forwarded' {
  const roles = guest.monitor.roles;
  guest.counters.guestTrap(trap);
  if (guest.onTrap) {
    const info: TrapInfo = { name: trap, code: roles.trapCode(trap), value };
    guest.stepCount++;
    guest.onTrap(info, guest);
    return 'forwarded';
  }
  runTrapSequence(guest, trap, value);
  guest.stepCount++;
  return 'reflected';
}

/**
 * The interrupt the virtual machine would take before its next instruction, if any: the
 * description's conditions on the virtual state. They read system state only, which changes only
 * through the monitor, so checking after each of its actions is checking before every step.
 */
export function pendingInterruptOf(guest: VirtualMachine): string | undefined {
  return pendingInterruptTrap(guest);
}

/** Delivers a pending virtual interrupt as one guest step; says whether there was one. */
export function deliverInterrupt(guest: VirtualMachine): boolean {
  const trap = pendingInterruptOf(guest);
  if (trap === undefined) return false;
  guest.monitor.lastGuestTrap = { name: trap, code: guest.monitor.roles.trapCode(trap), value: 0 };
  guest.counters.handled(reflectTrap(guest, trap, 0), '(interrupt)');
  return true;
}
