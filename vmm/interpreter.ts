/**
 * The interpreter routine. There is one for every instruction and it is the instruction's own
 * semantics: the reference evaluator run on the virtual machine's state. What it writes goes to
 * the virtual machine — system registers to the monitor's copy, user registers and storage to the
 * host through the composed map.
 */
import type { Decoded } from '../spec/encoding.js';
import { referenceStep, type ReferenceStep } from '../machine/index.js';
import type { MachineLike } from './machine-like.js';
import { applyWrites, machineView } from './virtual-view.js';

/** Runs the instruction at the guest's PC on its virtual state; applies its writes unless it traps. */
export function interpretInstruction(guest: MachineLike): ReferenceStep {
  const step = referenceStep(guest.isa, machineView(guest));
  if (step.outcome.kind === 'ok') applyWrites(guest, step.outcome.writes);
  return step;
}

/** Advances the timing registers by one step, as the machine does after every step. */
export function advanceTiming(guest: MachineLike): void {
  for (const t of guest.isa.state.timing) {
    const width = guest.isa.state.registers.find((r) => r.name === t)!.width;
    guest.setReg(t, Number((BigInt(guest.getReg(t)) + 1n) & ((1n << BigInt(width)) - 1n)));
  }
}

/** The mnemonic for statistics: `(fetch)` when nothing could be fetched or decoded. */
export function mnemonicOf(decoded: Decoded | undefined): string {
  return decoded?.insn.mnemonic ?? '(fetch)';
}
