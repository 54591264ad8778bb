/** Encoding helpers: instruction words from field values and back, derived from the encodings. */
import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedFieldValue } from '../../testing/instructions.js';
import { mr8 } from './excluded-fields-isa.js';
import {
  bundledIsas,
  decode,
  encode,
  extractField,
  cellAt,
  cellsMask,
  fromCells,
  insertField,
  matches,
  maxCells,
  parsePicture,
  pg74,
  toCells,
  uncoveredMask,
  type FieldDecl,
  type InstructionDecl,
  type IsaDescription,
} from '../../spec/index.js';

const cellBits = pg74.state.storage.cellBits;
const insn = (m: string) => pg74.instructions.find((i) => i.mnemonic === m)!;

/** A field value within the field's width whose uncovered bits are zero, and not one it excludes. */
const fieldValue = (f: FieldDecl) => fc.bigInt({ min: 0n, max: (1n << BigInt(f.width)) - 1n }).map((v) => allowedFieldValue(f, v));

/** An instruction of the ISA with random values for its fields. */
const encodedInstruction = (isa: IsaDescription) =>
  fc.constantFrom(...isa.instructions).chain((i) =>
    fc.record(Object.fromEntries(i.encoding.fields.map((f) => [f.name, fieldValue(f)])) as Record<string, fc.Arbitrary<number>>).map((fields) => ({ insn: i, fields })),
  );

/** Decodes what `encode` produced, as the machine would read it from storage. */
function roundTrip(isa: IsaDescription, i: InstructionDecl, fields: Record<string, number>) {
  const cells = toCells(encode(i, fields), i.encoding, isa.state.storage);
  // Give decode as many cells as the longest instruction, as a fetch would.
  const padded = [...cells, ...new Array(maxCells(isa) - cells.length).fill(0)];
  return { cells, decoded: decode(isa, padded) };
}

describe('encode and decode', () => {
  it.each(pg74.instructions.map((i) => [i.mnemonic, i] as const))('round-trip %s with its fields set to distinct values', (_, i) => {
    const fields = Object.fromEntries(i.encoding.fields.map((f, k) => [f.name, (k + 5) & ((1 << Math.min(f.width, 30)) - 1)]));
    const { cells, decoded } = roundTrip(pg74, i, fields);
    expect(cells).toHaveLength(i.encoding.bits / cellBits);
    expect(decoded).toBeDefined();
    expect(decoded!.insn).toBe(i);
    expect(decoded!.fields).toEqual(fields);
    expect(decoded!.cells).toBe(cells.length);
  });

  it('encodes ADD r1, r2, r3 as the R-format word 0x20123000', () => {
    expect(toCells(encode(insn('ADD'), { ra: 1, rb: 2, rc: 3 }), insn('ADD').encoding, pg74.state.storage)).toEqual([0x20123000]);
  });

  it('encodes the two-word LIL with the opcode in the first cell and the immediate in the second', () => {
    const lil = insn('LIL');
    expect(lil.encoding.bits).toBe(64);
    const cells = toCells(encode(lil, { ra: 7, uimm: 0xdeadbeef }), lil.encoding, pg74.state.storage);
    expect(cells).toEqual([0x12700000, 0xdeadbeef]);
    expect(decode(pg74, cells)).toEqual({ insn: lil, fields: { ra: 7, uimm: 0xdeadbeef }, cells: 2 });
    expect(maxCells(pg74)).toBe(2);
  });

  it('does not decode LIL from its first cell alone (near the end of storage)', () => {
    expect(decode(pg74, [0x12700000])).toBeUndefined();
  });

  it('decodes a one-cell instruction when given more cells than it needs', () => {
    expect(decode(pg74, [0x20123000, 0x12345678])).toEqual({ insn: insn('ADD'), fields: { ra: 1, rb: 2, rc: 3 }, cells: 1 });
  });

  it('finds no instruction in a word whose fixed bits match none', () => {
    expect(decode(pg74, [0xff000000, 0])).toBeUndefined();
    // NOP's low 24 bits are fixed zero: a stray bit makes the word undecodable.
    expect(decode(pg74, [0x02000001, 0])).toBeUndefined();
  });

  it('matches tests only the fixed bits', () => {
    expect(matches(insn('ADD'), 0x20fff000n)).toBe(true);
    expect(matches(insn('ADD'), 0x20fff001n)).toBe(false);
  });

  it('splits bits into cells lowest first and joins them back', () => {
    const enc = { bits: 64 };
    expect(toCells(0x1122334455667788n, enc, { cellBits: 32 })).toEqual([0x55667788, 0x11223344]);
    expect(fromCells([0x55667788, 0x11223344], { cellBits: 32 })).toBe(0x1122334455667788n);
    expect(toCells(0xabcdn, { bits: 16 }, { cellBits: 8 })).toEqual([0xcd, 0xab]);
  });

  it('splits bits into cells highest first in big-endian storage, and joins them back', () => {
    const big = { cellBits: 8, endianness: 'big' } as const;
    expect(toCells(0x11223344n, { bits: 32 }, big)).toEqual([0x11, 0x22, 0x33, 0x44]);
    expect(fromCells([0x11, 0x22, 0x33, 0x44], big)).toBe(0x11223344n);
    // The first two cells of a 4-cell value are its high half.
    expect(fromCells([0x11, 0x22], big, 4)).toBe(0x11220000n);
    expect(cellsMask(2, 4, big)).toBe(0xffff0000n);
    expect(cellsMask(2, 4, { cellBits: 8 })).toBe(0xffffn);
    expect(cellAt(0x11223344n, 4, 0, big)).toBe(0x11n);
    expect(cellAt(0x11223344n, 4, 0, { cellBits: 8 })).toBe(0x44n);
  });

  // mr8's fields exclude values (the word would be another instruction): the generator must avoid them.
  describe.each([...bundledIsas, mr8].map((isa) => [isa.name, isa] as const))('%s', (_, isa) => {
    propTest.prop([encodedInstruction(isa)])('decode(encode(fields)) gives back the instruction and its fields', ({ insn: i, fields }) => {
      const { decoded } = roundTrip(isa, i, fields);
      expect(decoded?.insn.mnemonic).toBe(i.mnemonic);
      expect(decoded?.fields).toEqual(fields);
    });
  });

  propTest.prop([fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 3 }), fc.constantFrom('little', 'big')])(
    'toCells inverts fromCells in either byte order',
    (cells, endianness) => {
      const order = { cellBits: 32, endianness } as const;
      expect(toCells(fromCells(cells, order), { bits: 32 * cells.length }, order)).toEqual(cells);
    },
  );
});

describe('scattered fields', () => {
  const picture = parsePicture('imm[12|10:5] rs2:5 rs1:5 000 imm[4:1|11] 1100011');
  const imm: FieldDecl = { ...picture.fields[0]!, operand: { kind: 'immediate', signed: true } };

  it('mark the field bits no slice covers', () => {
    expect(uncoveredMask(imm)).toBe(1);
  });

  it('place each slice at its bits (RISC-V BEQ offset −4 is 0xfe000ee3 with rs1 = rs2 = 0)', () => {
    // beq x0, x0, -4: imm = 0x1ffc (13 bits), opcode 1100011.
    const word = insertField(imm, 0b1100011n, 0x1ffc);
    expect(word).toBe(0xfe000ee3n);
    expect(extractField(imm, word)).toBe(0x1ffc);
  });

  propTest.prop([fc.integer({ min: 0, max: 0x1fff })])('read back every covered bit and drop the uncovered one', (v) => {
    expect(extractField(imm, insertField(imm, 0n, v))).toBe(v & ~1);
  });
});
