/** Bit pictures: encodings written the way manuals draw them, most significant bit first. */
import { describe, expect, it } from 'vitest';
import { parsePicture } from '../../../spec/index.js';

describe('parsePicture', () => {
  it('reads fixed bits and whole fields, placing them from the most significant bit down', () => {
    expect(parsePicture('00100000 ra:4 rb:4 rc:4 000000000000')).toEqual({
      bits: 32,
      fixed: [
        { hi: 31, lo: 24, value: 0x20 },
        { hi: 11, lo: 0, value: 0 },
      ],
      fields: [
        { name: 'ra', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 20 }] },
        { name: 'rb', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 16 }] },
        { name: 'rc', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 12 }] },
      ],
    });
  });

  it('reads RISC-V scattered slices into one 13-bit field whose bit 0 no slice covers', () => {
    const p = parsePicture('imm[12|10:5] rs2:5 rs1:5 000 imm[4:1|11] 1100011');
    expect(p.bits).toBe(32);
    expect(p.fixed).toEqual([
      { hi: 14, lo: 12, value: 0 },
      { hi: 6, lo: 0, value: 0b1100011 },
    ]);
    expect(p.fields).toEqual([
      {
        name: 'imm',
        width: 13,
        slices: [
          { fieldHi: 12, fieldLo: 12, at: 31 },
          { fieldHi: 10, fieldLo: 5, at: 25 },
          { fieldHi: 4, fieldLo: 1, at: 8 },
          { fieldHi: 11, fieldLo: 11, at: 7 },
        ],
      },
      { name: 'rs2', width: 5, slices: [{ fieldHi: 4, fieldLo: 0, at: 20 }] },
      { name: 'rs1', width: 5, slices: [{ fieldHi: 4, fieldLo: 0, at: 15 }] },
    ]);
    const covered = p.fields[0]!.slices.flatMap((s) => Array.from({ length: s.fieldHi - s.fieldLo + 1 }, (_, i) => s.fieldLo + i));
    expect(covered.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('ignores _ inside fixed bits and lone | tokens, which are only for the eye', () => {
    expect(parsePicture('0110_1001 | 1')).toEqual(parsePicture('01101001 1'));
    expect(parsePicture('0110_1001 | 1')).toEqual({
      bits: 9,
      fixed: [
        { hi: 8, lo: 1, value: 0x69 },
        { hi: 0, lo: 0, value: 1 },
      ],
      fields: [],
    });
  });

  it('reads a two-word picture, the second word above the first (pg74 LIL)', () => {
    expect(parsePicture('uimm:32 | 00010010 ra:4 00000000000000000000')).toEqual({
      bits: 64,
      fixed: [
        { hi: 31, lo: 24, value: 0x12 },
        { hi: 19, lo: 0, value: 0 },
      ],
      fields: [
        { name: 'uimm', width: 32, slices: [{ fieldHi: 31, fieldLo: 0, at: 32 }] },
        { name: 'ra', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 20 }] },
      ],
    });
  });

  it('gives a field with a stated width that width, even where slices cover less', () => {
    const p = parsePicture('off:8 0000 off[3:0]');
    expect(p.fields).toEqual([
      {
        name: 'off',
        width: 8,
        slices: [
          { fieldHi: 7, fieldLo: 0, at: 8 },
          { fieldHi: 3, fieldLo: 0, at: 0 },
        ],
      },
    ]);
  });

  it('tolerates extra spaces between tokens', () => {
    expect(parsePicture('  0001   ra:2  00 ')).toEqual(parsePicture('0001 ra:2 00'));
  });

  it.each([
    ['abc!', "bit picture: cannot read 'abc!' (expected bits like 0110, a field like rd:5, or slices like imm[11:5])"],
    ['0012', "bit picture: cannot read '0012' (expected bits like 0110, a field like rd:5, or slices like imm[11:5])"],
    ['ra:', "bit picture: cannot read 'ra:' (expected bits like 0110, a field like rd:5, or slices like imm[11:5])"],
    ['imm[]', "bit picture: cannot read 'imm[]' (expected bits like 0110, a field like rd:5, or slices like imm[11:5])"],
    ['ra:0', "bit picture: field 'ra' has zero width"],
    ['imm[1:3]', "bit picture: slice '1:3' of 'imm' runs backwards"],
    ['imm[4:]', "bit picture: cannot read slice '4:' of 'imm' (expected a bit like 11 or a range like 10:5)"],
    ['imm[4:1|]', "bit picture: cannot read slice '' of 'imm' (expected a bit like 11 or a range like 10:5)"],
    ['imm[3:2:1]', "bit picture: cannot read slice '3:2:1' of 'imm' (expected a bit like 11 or a range like 10:5)"],
    ['', 'bit picture: empty (an encoding has at least one bit)'],
    [' | ', 'bit picture: empty (an encoding has at least one bit)'],
  ])('rejects %j: %s', (picture, message) => {
    expect(() => parsePicture(picture)).toThrow(new Error(message));
  });
});
