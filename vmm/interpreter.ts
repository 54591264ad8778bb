/**
 * The interpreter routine. There is one for every instruction and it is the instruction's own
 * semantics: the reference evaluator run on the virtual machine's state. What it writes goes to
 * the virtual machine — system registers to the monitor's copy, user registers and storage to the
 * host through the composed map.
 */
import type { IsaDescription } from '../spec/description.js';
import { translate } from '../spec/address-map.js';
import { decode, maxCells, type Decoded } from '../spec/encoding.js';
import { evaluateExpr, referenceStep, type ReferenceStep, type StateView } from '../machine/index.js';
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

/** The instruction at the PC, for statistics; undefined on a fetch fault or an undecodable word. */
export function instructionAt(isa: IsaDescription, view: StateView): Decoded | undefined {
  const pc = view.reg(isa.state.pc);
  const cells: number[] = [];
  for (let k = 1; k <= maxCells(isa); k++) {
    const t = translate(isa, { kind: 'const', width: isa.state.storage.addressBits, value: '0x' + pc.toString(16) }, k, view.storageCells);
    if (evaluateExpr(isa, t.fault, {}, view) === 1n) break;
    const cell = view.cell(evaluateExpr(isa, t.physical, {}, view) + BigInt(k - 1));
    if (cell === undefined) break;
    cells.push(Number(cell));
  }
  return cells.length > 0 ? decode(isa, cells) : undefined;
}

/** The mnemonic for statistics: `(fetch)` when nothing could be fetched or decoded. */
export function mnemonicOf(decoded: Decoded | undefined): string {
  return decoded?.insn.mnemonic ?? '(fetch)';
}
