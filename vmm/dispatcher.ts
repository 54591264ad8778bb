/**
 * The dispatcher: the host's trap handler. Every trap the host takes while a guest runs lands
 * here, with the host as it was before the trapping instruction. A trap of the privileged-
 * instruction class goes to the instruction's interpreter routine, which runs it on the virtual
 * state — completing it if the virtual machine would (an emulation), or producing the trap the
 * virtual machine would take, which is reflected. Every other trap is the guest's own and is
 * reflected as it is. Which class a trap is comes from the description.
 */
import type { TrapInfo } from '../machine/index.js';
import { VmmError } from './errors.js';
import { interpretNext, mnemonicAt } from './routines.js';
import type { Monitor } from './monitor.js';
import { pendingInterruptOf, reflectTrap } from './reflection.js';

export function dispatch(monitor: Monitor, trap: TrapInfo): void {
  const guest = monitor.running;
  if (!guest) throw new VmmError(`the host took the '${trap.name}' trap while no guest was running`);
  const host = monitor.host;
  // Instructions the host ran since the last trap ran directly (the trapping one counts on the host).
  if (!monitor.stepping) {
    const direct = host.steps - 1 - monitor.mark;
    guest.counters.direct(direct);
    guest.stepCount += direct;
  }
  monitor.trapTaken = true;
  monitor.exitHost(guest);

  // A privileged instruction is the virtual machine's to complete or refuse; so is any trap the
  // guest took at a virtual level other than the host's (an ECALL's cause names the level).
  const virtualMode = guest.getReg(monitor.roles.mode.register);
  if (monitor.roles.trapClass(trap.name) === 'privileged-instruction' || virtualMode !== monitor.roles.mode.userValue) {
    const step = interpretNext(guest);
    const mnemonic = step.mnemonic ?? '(fetch)';
    if (step.status !== 2) {
      guest.stepCount++;
      if (step.status === 1) guest.isHalted = true;
      guest.counters.handled('emulated', mnemonic);
      monitor.lastGuestTrap = undefined;
    } else {
      const kind = guest.isa.traps.kinds[step.trapKind]!;
      monitor.lastGuestTrap = { name: kind.name, code: kind.code, value: step.trapValue };
      guest.counters.handled(reflectTrap(guest, kind.name, step.trapValue), mnemonic);
    }
  } else {
    const mnemonic = mnemonicAt(guest);
    monitor.lastGuestTrap = trap;
    guest.counters.handled(reflectTrap(guest, trap.name, trap.value), mnemonic);
  }

  // What the monitor changed may make a virtual interrupt pending: the run loop delivers it.
  if (guest.isHalted || guest.stopRequested || monitor.policy.interprets(guest, monitor.roles) || pendingInterruptOf(guest)) host.requestStop();
  monitor.enterHost(guest);
  monitor.mark = host.steps;
}
