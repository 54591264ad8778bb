/** An assembled program: placed cells, the symbol table and a source map. */
import type { CellWord } from '../spec/encoding.js';

export interface Segment {
  /** Physical cell of the first cell. */
  place: number;
  /**
   * Address of the first cell as the program sees it (what its labels count from); differs from
   * `place` for code assembled to run relocated (`.org 0x1000, 0`). Absent means `place`.
   */
  address?: number;
  /** Cell values, unsigned. */
  cells: CellWord[];
}

export interface SourceLine {
  /** Physical cell of the line's first cell. */
  place: number;
  /** The same cell as an address the program sees. */
  address: number;
  /** Source line, from 1. */
  line: number;
  /** How many cells the line produced. */
  cells: number;
}

export interface Program {
  segments: Segment[];
  /** Labels and `.equ` constants. */
  symbols: Record<string, number>;
  /** Which source line produced which cells, in source order. */
  lines: SourceLine[];
}

/** Anything that storage can be written into: a machine, a test double, an array wrapper. */
export interface CellWriter {
  writeCell(paddr: number, value: CellWord): void;
}

/** Writes every segment of the program into `target` at its physical place. */
export function loadProgram(program: Program, target: CellWriter): void {
  for (const seg of program.segments) seg.cells.forEach((v, i) => target.writeCell(seg.place + i, v));
}
