/**
 * An instruction with symbolic operand fields: the fields are free bit-vectors (only the bits no
 * slice covers are forced to zero), so one query covers every encoding of the instruction. The
 * instruction word is assembled from the fixed bits and the fields; its cells are what a fetch
 * finds in storage.
 */
import type { FieldDecl, InstructionDecl, IsaDescription } from '../spec/description.js';
import { sliceAt, uncoveredMask } from '../spec/encoding.js';
import { fixedPattern } from '../spec/validate/check-encoding.js';
import type { Ctx } from './z3.js';
import { and, or, val, type BV, type Cond } from './terms.js';

export interface SymInsn {
  readonly insn: InstructionDecl;
  readonly fields: ReadonlyMap<string, BV>;
  /**
   * The cells decode as this instruction: field bits no slice covers are zero, and no shorter
   * instruction matches its first cells (the emulator's progressive fetch would stop there).
   */
  readonly wellFormed: Cond;
  /** The instruction's cells, lowest address first. */
  readonly cells: readonly BV[];
}

/** The instruction with symbolic fields, or with the field values given (a concrete instruction). */
export function symbolicInsn(ctx: Ctx, isa: IsaDescription, insn: InstructionDecl, tag: string, values?: Readonly<Record<string, number>>): SymInsn {
  const enc = insn.encoding;
  const fields = new Map(
    enc.fields.map((f) => [f.name, values ? val(ctx, values[f.name] ?? 0, f.width) : (ctx.BitVec.const(`${tag}.${f.name}`, f.width) as BV)]),
  );
  const wellFormed = and(
    ctx,
    ...enc.fields.flatMap((f) => {
      const mask = uncoveredMask(f);
      return mask === 0 ? [] : [fields.get(f.name)!.and(val(ctx, mask, f.width)).eq(val(ctx, 0, f.width))];
    }),
    // A word whose field holds an excluded value is another instruction, or none.
    ...enc.fields.flatMap((f) => (f.excluded ?? []).map((v) => fields.get(f.name)!.neq(val(ctx, v, f.width)))),
  );
  // Every bit of the word is fixed or in exactly one field slice (validated): place the pieces.
  const pieces: { lo: number; term: BV }[] = [
    ...enc.fixed.map((f) => ({ lo: f.lo, term: val(ctx, f.value, f.hi - f.lo + 1) })),
    ...enc.fields.flatMap((f) => f.slices.map((s) => ({ lo: s.at, term: fields.get(f.name)!.extract(s.fieldHi, s.fieldLo) as BV }))),
  ].sort((a, b) => b.lo - a.lo);
  const word = pieces.length === 1 ? pieces[0]!.term : (ctx.Concat(...pieces.map((p) => p.term)) as BV);
  const cellBits = isa.state.storage.cellBits;
  const n = enc.bits / cellBits;
  const cells =
    n === 1
      ? [word]
      : Array.from({ length: n }, (_, k) => {
          const s = sliceAt(k, n, isa.state.storage);
          return word.extract((s + 1) * cellBits - 1, s * cellBits) as BV;
        });
  const mine = fixedPattern(enc);
  const noShorter = isa.instructions
    .filter((j) => j.encoding.bits < enc.bits)
    .flatMap((j) => {
      const theirs = fixedPattern(j.encoding);
      const w = j.encoding.bits;
      // Fixed bits that disagree mean `j` can never match a prefix of this instruction (in
      // big-endian storage the prefix is this word's high bits).
      const at = BigInt(isa.state.storage.endianness === 'big' ? enc.bits - w : 0);
      if (((theirs.mask << at) & mine.mask & ((theirs.value << at) ^ mine.value)) !== 0n) return [];
      // The cells a shorter instruction occupies: the low bits little-endian, the high ones big-endian.
      const prefix = (isa.state.storage.endianness === 'big' ? word.extract(enc.bits - 1, enc.bits - w) : word.extract(w - 1, 0)) as BV;
      // The shorter one is not there when its fixed bits differ, or one of its fields holds a value it excludes.
      const excluded = j.encoding.fields.flatMap((f) => (f.excluded ?? []).map((v) => fieldOf(ctx, f, prefix).eq(val(ctx, v, f.width))));
      return [or(ctx, prefix.and(val(ctx, theirs.mask, w)).neq(val(ctx, theirs.value, w)), ...excluded)];
    });
  return { insn, fields, wellFormed: and(ctx, wellFormed, ...noShorter), cells };
}

/** A field's value read from the bits of its instruction word (uncovered bits zero). */
function fieldOf(ctx: Ctx, f: FieldDecl, word: BV): BV {
  const parts = [...f.slices].sort((a, b) => b.fieldHi - a.fieldHi);
  const pieces: BV[] = [];
  let next = f.width - 1;
  for (const s of parts) {
    if (s.fieldHi < next) pieces.push(val(ctx, 0, next - s.fieldHi));
    pieces.push(word.extract(s.at + s.fieldHi - s.fieldLo, s.at) as BV);
    next = s.fieldLo - 1;
  }
  if (next >= 0) pieces.push(val(ctx, 0, next + 1));
  return pieces.length === 1 ? pieces[0]! : (ctx.Concat(...pieces) as BV);
}
