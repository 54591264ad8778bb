/**
 * States of any description with a chosen instruction at the PC, for holding the compiled
 * interpreter routines to the reference routine: every register and cell random (small addresses
 * and boundary values weighted up), the address map's registers mostly at their reset values (so
 * that the fetch usually succeeds and the instruction itself runs), and the instruction's cells
 * placed where the PC's fetch lands. A state whose fetch faults keeps its random cells there.
 */
import fc from 'fast-check';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { mapRegisters } from '../../spec/address-map.js';
import { Machine, type MachineSnapshot } from '../../machine/index.js';
import { instructionWordOf, wideWord, word } from '../../testing/index.js';

export interface OneInstructionState {
  insn: InstructionDecl;
  snapshot: MachineSnapshot;
  /** Whether the guest's user state is on the host (the monitor's `activate`) when the routine runs. */
  resident: boolean;
}

/** States of `isa` (storage of `cells` cells) with `insn` at the PC. */
export function oneInstructionState(isa: IsaDescription, insn: InstructionDecl, cells: number): fc.Arbitrary<OneInstructionState> {
  const map = new Set([...mapRegisters(isa)].filter((r) => r !== isa.state.mode.register));
  const reset = (name: string) => Number(BigInt(isa.state.registers.find((r) => r.name === name)!.reset ?? 0));
  const pcReset = reset(isa.state.pc);
  const length = insn.encoding.bits / isa.state.storage.cellBits;
  const register = (name: string, width: number, mapAtReset: boolean): fc.Arbitrary<number | bigint> => {
    // Mostly the reset PC or a few instructions on, so that the fetch usually lands.
    if (name === isa.state.pc) return fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 8 }).map((k) => (pcReset + k * length) % 2 ** width) }, { weight: 1, arbitrary: word(width, cells) });
    if (map.has(name) && mapAtReset) return fc.constant(reset(name));
    // The mode mostly at reset (a level whose map lets the fetch through).
    if (name === isa.state.mode.register) return fc.oneof({ weight: 2, arbitrary: fc.constant(reset(name)) }, { weight: 1, arbitrary: word(width, cells) });
    return wideWord(width, cells);
  };
  // The map's registers all at reset (the usual case) or all random: one coin for the whole map.
  const registers = fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }).chain((random) => fc.record(Object.fromEntries(isa.state.registers.map((r) => [r.name, register(r.name, r.width, !random)]))));
  const cellBits = isa.state.storage.cellBits;
  return fc
    .record({
      registers,
      files: fc.record(Object.fromEntries(isa.state.files.map((f) => [f.name, fc.array(wideWord(f.width, cells), { minLength: f.count, maxLength: f.count })]))),
      storage: fc.array(fc.tuple(fc.nat(cells - 1), wideWord(cellBits, cells)), { maxLength: 24 }),
      word: instructionWordOf(isa, insn, { addressRange: cells }),
      resident: fc.boolean(),
    })
    .map(({ registers, files, storage, word: w, resident }) => {
      const m = machineFor(isa, cells);
      m.restore({ registers, files, storage: [...new Map(storage)].sort((a, b) => a[0] - b[0]), halted: false, steps: 0 });
      // The compiled fetch translation of the PC's first cell (the reference's is slow on a page walk).
      const { ctx, R, S, rt } = m.internals();
      const at = ctx.fetch(R, S, rt);
      if (at >= 0 && at + w.cells.length <= cells) m.loadCells(at, w.cells);
      return { insn, snapshot: m.snapshot(), resident };
    });
}

const machines = new Map<string, Machine>();

/** One scratch machine per description and size, to place the instruction through the map. */
function machineFor(isa: IsaDescription, cells: number): Machine {
  const key = `${isa.name}:${cells}`;
  let m = machines.get(key);
  if (!m || m.isa !== isa) machines.set(key, (m = new Machine(isa, { storageCells: cells })));
  return m;
}
