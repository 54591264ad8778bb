/**
 * Places an executable's segments in a machine's storage: each segment's address goes through
 * the ISA's address map as a store would in the machine's current (reset) state, so a program
 * linked at RAM's bus address (RISC-V's 0x80000000) lands in the cells the map sends it to.
 */
import type { ProgramMachine } from './program-machine.js';
import { HostError } from './errors.js';
import type { CellWord } from '../spec/encoding.js';

export interface Placeable {
  segments: { place: number; address?: number; cells: CellWord[] }[];
  /** Where execution starts, if the program says. */
  entry?: number;
}

const hex = (n: number) => '0x' + n.toString(16);

/** Writes every segment where the address map puts it, then points the PC at the entry, if any. */
export function placeProgram(machine: ProgramMachine, program: Placeable, source = 'program'): void {
  for (const seg of program.segments) {
    if (seg.cells.length === 0) continue;
    machine.loadCells(placement(machine, seg.place, seg.cells.length, source), seg.cells);
  }
  if (program.entry !== undefined) machine.setReg(machine.isa.state.pc, program.entry);
}

/**
 * The storage cell where `length` cells at address `place` start, which the map must send to
 * consecutive cells of storage. Callers check before they allocate a large segment.
 * @throws HostError naming `source` and the segment
 */
export function placement(machine: ProgramMachine, place: number, length: number, source = 'program'): number {
  const first = machine.locate(place, 'write');
  const last = machine.locate(place + length - 1, 'write');
  if (first === undefined || last !== first + length - 1)
    throw new HostError(
      `${source}: the segment at ${hex(place)} (${length} cells) does not lie in ${machine.isa.name}'s storage ` + `(${machine.isa.name} maps ${describeMap(machine)})`,
    );
  return first;
}

/** The contiguous runs of addresses that reach storage, found by probing the map at coarse steps. */
function describeMap(machine: ProgramMachine): string {
  const runs: string[] = [];
  const bits = machine.isa.state.storage.addressBits;
  // 256 probes: each goes through the map (about a millisecond on rv32), and this is only a hint.
  const step = 2 ** Math.max(0, bits - 8);
  for (let a = 0; a < 2 ** bits && runs.length < 4; a += step) {
    const p = machine.locate(a, 'write');
    if (p !== undefined) runs.push(`${hex(a)} to cell ${p}`);
  }
  return runs.length > 0 ? runs.join(', ') : 'no address to storage';
}
