/** Segment placement checks: every segment within storage, no two sharing a cell. */
import type { CellWord } from '../spec/encoding.js';
import { SourceProblem } from './errors.js';

export interface SegmentState {
  place: number;
  /** Address of the first cell as the program sees it. */
  address: number;
  length: number;
  /** Where the segment starts in the source: its `.org`, or its first line of content. */
  line: number;
  column: number;
  /** Made by `.org` (the implicit first segment is not). */
  explicit: boolean;
  cells: CellWord[];
}

const span = (s: SegmentState) => `0x${s.place.toString(16)}..0x${(s.place + s.length - 1).toString(16)}`;

/**
 * Problems with the placement of the non-empty segments, reported at the later segment of an
 * overlapping pair; sizes the cell arrays of those that fit.
 */
export function checkSegments(segments: readonly SegmentState[], storageCells: number): { line: number; problem: SourceProblem }[] {
  const out: { line: number; problem: SourceProblem }[] = [];
  const used = segments.filter((s) => s.length > 0);
  used.forEach((s, i) => {
    if (s.place + s.length > storageCells)
      out.push({ line: s.line, problem: new SourceProblem(s.column, `segment at ${span(s)} does not fit in storage (${storageCells} cells)`) });
    // Sized only when it fits, so that `.space 1e12` reports instead of exhausting memory.
    else s.cells = new Array<number>(s.length).fill(0);
    for (const earlier of used.slice(0, i))
      if (s.place < earlier.place + earlier.length && earlier.place < s.place + s.length)
        out.push({
          line: s.line,
          problem: new SourceProblem(s.column, `segment at ${span(s)} overlaps the segment at ${span(earlier)} (line ${earlier.line})`),
        });
  });
  return out;
}
