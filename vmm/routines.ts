/**
 * The monitor's interpreter routines, as the dispatcher and the run loop call them: the compiled
 * routines (compiled-routine.ts) wherever the guest's stack ends in a real `Machine`, the
 * reference routine (interpreter.ts: the reference evaluator over a view of the virtual state)
 * on any other host. Both do the same thing; a property test holds them to it.
 */
import { referenceTrapSequence } from '../machine/index.js';
import { compiledStateOf } from './compiled-state.js';
import { compiledInterrupt, compiledMnemonicAt, runCompiledSequence, runCompiledStep, type RoutineStep } from './compiled-routine.js';
import { advanceTiming, instructionAt, interpretInstruction } from './interpreter.js';
import type { VirtualMachine } from './virtual-machine.js';
import { applyWrites, machineView } from './virtual-view.js';
import { pendingInterrupt, type Word } from '../machine/index.js';

export type { RoutineStep } from './compiled-routine.js';

/** Runs the guest's next instruction on its virtual state: completed (timing advanced) or the trap it takes, with nothing changed. */
export function interpretNext(guest: VirtualMachine): RoutineStep {
  const st = compiledStateOf(guest);
  if (st) return runCompiledStep(st);
  const step = interpretInstruction(guest);
  const o = step.outcome;
  const named = step.decoded ? { mnemonic: step.decoded.insn.mnemonic, fields: step.decoded.fields } : {};
  if (o.kind === 'ok') {
    advanceTiming(guest, o.writes);
    return { status: o.halt ? 1 : 0, trapKind: 0, trapValue: 0, cells: step.cells, ...named };
  }
  return { status: 2, trapKind: trapIndex(guest, o.trap), trapValue: guest.isa.traps.valueWidth > 52 ? o.value : Number(o.value), cells: step.cells, ...named };
}

/** The mnemonic of the instruction at the guest's PC, for statistics: `(fetch)` when nothing could be fetched or decoded. */
export function mnemonicAt(guest: VirtualMachine): string {
  const st = compiledStateOf(guest);
  return (st ? compiledMnemonicAt(st) : instructionAt(guest)?.insn.mnemonic) ?? '(fetch)';
}

/** Runs the description's trap sequence for `trap` on the virtual state, and the timing advance. */
export function runTrapSequence(guest: VirtualMachine, trap: string, value: Word): void {
  const st = compiledStateOf(guest);
  if (st) return runCompiledSequence(st, trapIndex(guest, trap), value);
  applyWrites(guest, referenceTrapSequence(guest.isa, trap, BigInt(value), machineView(guest)));
  advanceTiming(guest);
}

/** The trap of the first interrupt whose condition holds on the virtual state, if any. */
export function pendingInterruptTrap(guest: VirtualMachine): string | undefined {
  const kinds = guest.isa.traps;
  if (!kinds.interrupts) return undefined;
  const st = compiledStateOf(guest);
  if (!st) return pendingInterrupt(guest.isa, machineView(guest));
  const k = compiledInterrupt(st);
  return k < 0 ? undefined : kinds.kinds[k]!.name;
}

/** The index of a trap kind in the description. */
function trapIndex(guest: VirtualMachine, trap: string): number {
  return guest.layout.traps.get(trap)!.index;
}
