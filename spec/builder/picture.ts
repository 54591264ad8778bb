/**
 * Bit pictures: an encoding written the way manuals draw it, most significant bit first.
 *
 *   '00000001 ra:4 rb:4 rc:4 000000000000'         fixed bits and whole fields
 *   'imm[12|10:5] rs2:5 rs1:5 000 imm[4:1|11] 1100011'  RISC-V style scattered slices
 *
 * Tokens are separated by spaces; `_` inside fixed bits and lone `|` tokens are for the eye.
 * A field's width is its `:N`, or one more than the highest bit any slice names (bits no slice
 * covers are zero, as in RISC-V branch offsets).
 */
import type { Bits } from './bits.js';
import type { FieldSlice, FixedBits } from '../description.js';

export interface PictureField {
  name: string;
  width: number;
  slices: FieldSlice[];
}

export interface Picture {
  bits: number;
  fixed: FixedBits[];
  fields: PictureField[];
}

type Words<S extends string> = S extends `${infer H} ${infer T}` ? [H, ...Words<T>] : [S];
type FieldEntry<T extends string> = string extends T
  ? never
  : T extends `${infer N}:${infer W extends number}`
  ? [N, W]
  : T extends `${infer N}[${string}]`
    ? [N, number]
    : never;

type Entries<T extends string[]> = T extends [infer H extends string, ...infer R extends string[]]
  ? FieldEntry<H> | Entries<R>
  : never;

/** The operand fields a bit picture declares, with their widths where the picture states them. */
export type FieldsOf<P extends string> = {
  [E in Entries<Words<P>> as E[0]]: Bits<E[1]>;
};

type Token =
  | { kind: 'fixed'; text: string; width: number }
  | { kind: 'field'; name: string; parts: { hi: number; lo: number }[]; whole?: number; width: number };

function tokenize(picture: string): Token[] {
  const out: Token[] = [];
  for (const word of picture.trim().split(/\s+/)) {
    if (word === '|' || word === '') continue;
    if (/^[01_]+$/.test(word)) {
      const text = word.replaceAll('_', '');
      out.push({ kind: 'fixed', text, width: text.length });
      continue;
    }
    const whole = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(word);
    if (whole) {
      const width = Number(whole[2]);
      if (width < 1) throw new Error(`bit picture: field '${whole[1]}' has zero width`);
      out.push({ kind: 'field', name: whole[1]!, parts: [{ hi: width - 1, lo: 0 }], whole: width, width });
      continue;
    }
    const sliced = /^([A-Za-z_][A-Za-z0-9_]*)\[([0-9:|]+)\]$/.exec(word);
    if (sliced) {
      const parts = sliced[2]!.split('|').map((p) => {
        const m = /^(\d+)(?::(\d+))?$/.exec(p);
        if (!m) throw new Error(`bit picture: cannot read slice '${p}' of '${sliced[1]}' (expected a bit like 11 or a range like 10:5)`);
        const hi = Number(m[1]);
        const lo = m[2] === undefined ? hi : Number(m[2]);
        if (!(hi >= lo)) throw new Error(`bit picture: slice '${p}' of '${sliced[1]}' runs backwards`);
        return { hi, lo };
      });
      const width = parts.reduce((s, p) => s + p.hi - p.lo + 1, 0);
      out.push({ kind: 'field', name: sliced[1]!, parts, width });
      continue;
    }
    throw new Error(`bit picture: cannot read '${word}' (expected bits like 0110, a field like rd:5, or slices like imm[11:5])`);
  }
  return out;
}

export function parsePicture(picture: string): Picture {
  const tokens = tokenize(picture);
  if (tokens.length === 0) throw new Error('bit picture: empty (an encoding has at least one bit)');
  const bits = tokens.reduce((s, t) => s + t.width, 0);
  const fixed: FixedBits[] = [];
  const fields = new Map<string, PictureField & { declared?: number }>();
  let next = bits; // one above the most significant bit not yet placed
  for (const t of tokens) {
    if (t.kind === 'fixed') {
      next -= t.width;
      fixed.push({ hi: next + t.width - 1, lo: next, value: parseInt(t.text, 2) });
      continue;
    }
    let field = fields.get(t.name);
    if (!field) {
      field = { name: t.name, width: 0, slices: [] };
      fields.set(t.name, field);
    }
    if (t.whole !== undefined) field.declared = t.whole;
    for (const part of t.parts) {
      next -= part.hi - part.lo + 1;
      field.slices.push({ fieldHi: part.hi, fieldLo: part.lo, at: next });
    }
  }
  return {
    bits,
    fixed,
    fields: [...fields.values()].map(({ name, slices, declared }) => ({
      name,
      slices,
      width: declared ?? Math.max(...slices.map((s) => s.fieldHi)) + 1,
    })),
  };
}
