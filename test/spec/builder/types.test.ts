/**
 * Type-level tests, in the ts-pattern style: `Expect<Equal<…>>` on inferred widths, and
 * `@ts-expect-error` on lines that must not compile. `npx tsc -p tsconfig.test.json` checks them
 * (an expected error that does not happen is itself an error); the runtime expectations beside
 * them check that the values carry the widths the types claim.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  c,
  concat,
  eq,
  extract,
  load,
  pg74Builder,
  sext,
  zext,
  type Bits,
  type Bool,
  type FieldsOf,
  type Loc,
} from '../../../spec/index.js';

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const b = pg74Builder;
const r = b.file('r');
const PC = b.reg('PC');
const M = b.reg('M');
const x32 = c(32, 5);
const x16 = c(16, 5);
const ra = c(4, 1);

describe('inferred widths', () => {
  it('extract hi..lo is hi − lo + 1 bits', () => {
    const byte = extract(x32, 7, 0);
    const bit = extract(x32, 31, 31);
    const mid = extract(x32, 20, 5);
    type _ = [Expect<Equal<typeof byte, Bits<8>>>, Expect<Equal<typeof bit, Bits<1>>>, Expect<Equal<typeof mid, Bits<16>>>];
    expect([byte.width, bit.width, mid.width]).toEqual([8, 1, 16]);
  });

  it('concat is the sum of its parts', () => {
    const word = concat(x16, c(16, 0));
    const odd = concat(c(3, 0), M, x16);
    type _ = [Expect<Equal<typeof word, Bits<32>>>, Expect<Equal<typeof odd, Bits<20>>>];
    expect([word.width, odd.width]).toEqual([32, 20]);
  });

  it('zext and sext give the width asked for', () => {
    const z = zext(x16, 32);
    const s = sext(M, 64);
    type _ = [Expect<Equal<typeof z, Bits<32>>>, Expect<Equal<typeof s, Bits<64>>>];
    expect([z.width, s.width]).toEqual([32, 64]);
  });

  it('comparisons are 1 bit, arithmetic keeps its operands’ width, constants take theirs', () => {
    const cond = eq(x32, 3);
    const sum = add(x32, 1);
    const k = c(12, 7);
    type _ = [Expect<Equal<typeof cond, Bool>>, Expect<Equal<typeof sum, Bits<32>>>, Expect<Equal<typeof k, Bits<12>>>];
    expect([cond.width, sum.width, k.width]).toEqual([1, 32, 12]);
  });

  it('registers and file elements have their declared widths', () => {
    const elem = r(ra);
    type _ = [Expect<Equal<typeof PC, Loc<32>>>, Expect<Equal<typeof M, Loc<1>>>, Expect<Equal<typeof elem, Loc<32>>>];
    expect([PC.width, M.width, elem.width]).toEqual([32, 1, 32]);
  });

  it('a bit picture’s whole fields have their stated widths; scattered fields are numbers', () => {
    type R = FieldsOf<'00100000 ra:4 rb:4 rc:4 000000000000'>;
    type B = FieldsOf<'imm[12|10:5] rs2:5 rs1:5 000 imm[4:1|11] 1100011'>;
    type L = FieldsOf<'uimm:32 | 00010010 ra:4 00000000000000000000'>;
    type _ = [
      Expect<Equal<R, { ra: Bits<4>; rb: Bits<4>; rc: Bits<4> }>>,
      Expect<Equal<B, { imm: Bits<number>; rs2: Bits<5>; rs1: Bits<5> }>>,
      Expect<Equal<L, { uimm: Bits<32>; ra: Bits<4> }>>,
    ];
    const insn = b.insn('T', {
      cite: 'test',
      class: 'innocuous',
      encoding: '11111111 ra:4 rb:4 off:16',
      syntax: 't {ra}, {rb}, {off}',
      semantics: (fields, $) => {
        type _ = Expect<Equal<typeof fields, { ra: Bits<4>; rb: Bits<4>; off: Bits<16> }>>;
        expect([fields.ra.width, fields.rb.width, fields.off.width]).toEqual([4, 4, 16]);
        $.set(r(fields.ra), add(r(fields.rb), sext(fields.off, 32)));
      },
    });
    expect(insn.encoding.fields.map((f) => [f.name, f.width])).toEqual([
      ['ra', 4],
      ['rb', 4],
      ['off', 16],
    ]);
  });
});

/** Never run: each marked line must fail to compile, which tsc checks. */
function mustNotCompile(): void {
  b.insn('BAD', {
    cite: 'test',
    class: 'innocuous',
    encoding: '11111111 ra:4 rb:4 imm:16',
    syntax: 'bad {ra}, {rb}, {imm}',
    semantics: ({ ra, rb, imm }, $) => {
      // @ts-expect-error adding a 4-bit field to a 32-bit register
      add(r(rb), ra);
      // @ts-expect-error assigning a 1-bit value to a 32-bit register
      $.set(r(ra), eq(r(rb), 0));
      // @ts-expect-error assigning a 16-bit field to a 32-bit register without extending it
      $.set(PC, imm);
      // @ts-expect-error an unknown register name
      b.reg('ACC');
      // @ts-expect-error an unknown register file
      b.file('f');
      // @ts-expect-error a register-file index of the wrong width (r has 16 elements: 4 bits)
      r(imm);
      // @ts-expect-error an unknown trap name
      $.trap('segv');
      // @ts-expect-error an unknown trap name in trapIf
      $.trapIf(eq(r(ra), 0), 'overflow');
      // @ts-expect-error a load is compared with a value of another width
      eq(load(r(rb), 32), imm);
    },
  });
  b.insn('BAD2', {
    cite: 'test',
    class: 'innocuous',
    encoding: '11111110 ra:4 rb:4 imm:16',
    syntax: 'bad2 {ra}',
    // @ts-expect-error a field that is not in the picture
    semantics: ({ ra, rz }, $) => $.set(r(ra), r(rz)),
  });
  b.insn('BAD3', {
    cite: 'test',
    class: 'innocuous',
    encoding: '11111101 ra:4 0000 imm:16',
    syntax: 'bad3 {ra}, {imm}',
    // @ts-expect-error an operand override for a field that is not in the picture
    operands: { rz: { kind: 'immediate', signed: true } },
    semantics: () => {},
  });
}

describe('lines that must not compile', () => {
  it('are checked by tsc, not run', () => {
    expect(typeof mustNotCompile).toBe('function');
  });
});
