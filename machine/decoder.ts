/**
 * The machine's decoder: the encodings' fixed bits split into per-cell masks, matched one cell
 * at a time (see reference.ts for the progressive fetch rule it implements). Used only when the
 * code cache misses, so it favours clarity over speed.
 */
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { excludedField, extractField, fromCells, sliceAt, toCellWords, type CellWord } from '../spec/encoding.js';
import { fixedPattern } from '../spec/validate/check-encoding.js';

interface Pattern {
  insn: InstructionDecl;
  cells: number;
  masks: CellWord[];
  values: CellWord[];
}

export type DecodeResult =
  /** `words` are all the instruction's cells (bigints for cells wider than 52 bits). */
  | { kind: 'insn'; insn: InstructionDecl; fields: Record<string, number>; words: CellWord[] }
  /** No instruction: `words` are the cells read before that was certain. */
  | { kind: 'illegal'; words: CellWord[] }
  /** The cells read so far begin a longer instruction, but the next cell is outside storage. */
  | { kind: 'beyond'; words: CellWord[] };

export class Decoder {
  private readonly patterns: Pattern[];

  constructor(private readonly isa: IsaDescription) {
    const storage = isa.state.storage;
    this.patterns = isa.instructions.map((insn) => {
      const { mask, value } = fixedPattern(insn.encoding);
      return {
        insn,
        cells: insn.encoding.bits / storage.cellBits,
        masks: toCellWords(mask, insn.encoding, storage),
        values: toCellWords(value, insn.encoding, storage),
      };
    });
  }

  /** Decodes the instruction whose k-th cell is `read(k)` (undefined: outside storage). */
  decode(read: (k: number) => CellWord | undefined): DecodeResult {
    const words: CellWord[] = [];
    const first = read(0);
    if (first === undefined) return { kind: 'beyond', words };
    words.push(first);
    // The patterns whose fixed bits the cells read so far match, narrowed cell by cell (in
    // declaration order: the first whole match wins, as before).
    let matching: readonly Pattern[] = this.patterns;
    for (;;) {
      const k = words.length;
      const w = words[k - 1]!;
      matching = matching.filter((p) => p.cells >= k && this.and(w, p.masks[k - 1]!) === p.values[k - 1]);
      const whole = matching.find((p) => p.cells === k && this.allowed(p.insn, words));
      if (whole) return { kind: 'insn', insn: whole.insn, fields: this.fields(whole.insn, words), words };
      if (!matching.some((p) => p.cells > k)) return { kind: 'illegal', words };
      const next = read(k);
      if (next === undefined) return { kind: 'beyond', words };
      words.push(next);
    }
  }

  /** No field of `insn` holds a value it excludes (only encodings that exclude any pay for the check). */
  private allowed(insn: InstructionDecl, words: CellWord[]): boolean {
    return !insn.encoding.fields.some((f) => f.excluded) || excludedField(insn, fromCells(words, this.isa.state.storage)) === undefined;
  }

  /** A cell AND a mask, unsigned (cells wider than 32 bits through bigints; a bigint above 52). */
  private and(w: CellWord, m: CellWord): CellWord {
    const cellBits = this.isa.state.storage.cellBits;
    if (cellBits <= 32) return ((w as number) & (m as number)) >>> 0;
    const v = BigInt(w) & BigInt(m);
    return cellBits > 52 ? v : Number(v);
  }

  private fields(insn: InstructionDecl, words: CellWord[]): Record<string, number> {
    const storage = this.isa.state.storage;
    if (words.length * storage.cellBits <= 32) {
      // Without bigints where the word fits a number exactly (every instruction of most ISAs).
      let bits = 0;
      for (let i = 0; i < words.length; i++) bits += ((words[i] as number) >>> 0) * 2 ** (sliceAt(i, words.length, storage) * storage.cellBits);
      const out: Record<string, number> = {};
      for (const f of insn.encoding.fields) {
        let v = 0;
        for (const sl of f.slices) v += (Math.floor(bits / 2 ** sl.at) % 2 ** (sl.fieldHi - sl.fieldLo + 1)) * 2 ** sl.fieldLo;
        out[f.name] = v;
      }
      return out;
    }
    const bits = fromCells(words, storage);
    return Object.fromEntries(insn.encoding.fields.map((f) => [f.name, extractField(f, bits)]));
  }
}
