/**
 * The dispatcher: the host's trap handler. Every trap the host takes while a guest runs lands
 * here, with the host as it was before the trapping instruction. The trapping instruction goes
 * to its interpreter routine, which runs it on the virtual state — completing it if the virtual
 * machine would (an emulation), or producing the trap the virtual machine would take, which is
 * reflected. An interrupt is reflected as it is. Which class a trap is comes from the description.
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

  // Every trap an instruction takes is re-derived on the virtual state (DESIGN §2 rule 1: a trap
  // and a trap are alike because the monitor decides the guest's on the guest's state): the
  // routine completes the instruction where the virtual machine would (an emulation) or takes the
  // virtual machine's own trap, which is reflected — not the one the real state chose, whose
  // system state (a descriptor table, a level, the configuration C) is the monitor's. Only an
  // interrupt, which no instruction took, is reflected as it is.
  if (!monitor.roles.isInterrupt(trap.name)) {
    const step = interpretNext(guest);
    monitor.rederived = step;
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
  if (guest.isHalted || guest.stopRequested || monitor.policy.interpretsAt(monitor.modeOf(guest), guest, monitor.roles) || pendingInterruptOf(guest)) host.requestStop();
  monitor.enterHost(guest);
  monitor.mark = host.steps;
}
