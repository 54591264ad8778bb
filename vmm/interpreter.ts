/**
 * The reference interpreter routine. There is one for every instruction and it is the
 * instruction's own semantics: the reference evaluator run on the virtual machine's state (fetched
 * and decoded as the reference step does it, by fetch.ts). What it writes goes to the virtual
 * machine — system registers to the monitor's copy, user registers and storage to the host through
 * the composed map. The monitor runs the same semantics compiled (compiled-routine.ts) wherever it
 * can; this one serves any other host, and is the oracle the compiled routines are held to.
 */
import type { Decoded } from '../spec/encoding.js';
import { advances } from '../spec/timing.js';
import { stepSemantics } from '../spec/address-map.js';
import { evaluateBlock, registersWritten, type ReferenceStep, type RefWrite } from '../machine/index.js';
import { fetchInstruction } from './fetch.js';
import { translatorFor } from './translation.js';
import type { MachineLike } from './machine-like.js';
import { applyWrites, machineView } from './virtual-view.js';

/**
 * Runs the instruction at the guest's PC on its virtual state — fetched through the guest's map,
 * its semantics evaluated by the reference evaluator — and applies its writes unless it traps.
 * The result is what `referenceStep` reports.
 */
export function interpretInstruction(guest: MachineLike): ReferenceStep {
  const { isa } = guest;
  const view = machineView(guest);
  const f = fetchInstruction(isa, view, translatorFor(isa, guest.storageCells));
  if (f.kind === 'trap') return { pc: f.pc, cells: f.cells, fetchFault: f.fetchFault, outcome: { kind: 'trap', trap: f.trap, value: f.value } };
  const { insn, fields } = f.decoded;
  // With the fetch's walk stores first, as the machine's step (spec/address-map.ts stepSemantics).
  const outcome = evaluateBlock(isa, stepSemantics(isa, insn), { fields, insn }, view);
  if (outcome.kind === 'ok') {
    if (!outcome.pcWritten) {
      const width = isa.state.registers.find((r) => r.name === isa.state.pc)!.width;
      outcome.writes.push({ kind: 'reg', name: isa.state.pc, value: (f.pc + BigInt(f.decoded.cells)) & ((1n << BigInt(width)) - 1n) });
    }
    applyWrites(guest, outcome.writes);
  }
  return { pc: f.pc, cells: f.cells, decoded: f.decoded, fetchFault: false, outcome };
}

/** The instruction at the guest's PC, for statistics; undefined on a fetch fault or an undecodable word. */
export function instructionAt(guest: MachineLike): Decoded | undefined {
  const f = fetchInstruction(guest.isa, machineView(guest), translatorFor(guest.isa, guest.storageCells));
  return f.kind === 'insn' ? f.decoded : undefined;
}

/**
 * Advances the timing registers by one step, as the machine does after every step: but for the
 * registers the instruction's `writes` assigned (spec/timing.ts; none after a trap sequence).
 */
export function advanceTiming(guest: MachineLike, writes: readonly RefWrite[] = []): void {
  const { registers } = guest.isa.state;
  const tick = (name: string) => {
    const width = registers.find((r) => r.name === name)!.width;
    const v = (BigInt(guest.getRegWord(name)) + 1n) & ((1n << BigInt(width)) - 1n);
    guest.setReg(name, v);
    return v;
  };
  const wrote = registersWritten(writes);
  for (const { name, high } of advances(guest.isa, (n) => wrote.has(n))) if (tick(name) === 0n && high !== undefined) tick(high);
}

/** The mnemonic for statistics: `(fetch)` when nothing could be fetched or decoded. */
export function mnemonicOf(decoded: Decoded | undefined): string {
  return decoded?.insn.mnemonic ?? '(fetch)';
}
