/**
 * Scattered fields on a byte-addressed ISA (test/asm/byte-isa.ts): instructions span four 8-bit
 * cells, lowest byte first; branch offsets have no bit 0, so they must be even.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../asm/index.js';
import { byteIsa } from './byte-isa.js';
import { errorsOf, words } from './helpers.js';

/** The four cells of a 32-bit instruction word, lowest byte first. */
const le = (word: number) => [0, 8, 16, 24].map((s) => (word >>> s) & 0xff);

describe('encoding on a byte-addressed ISA', () => {
  // Expected words are the RISC-V encodings of the same instructions (RV32I, ch. 2).
  it.each([
    ['addi with a negative immediate', 'addi sp, zero, -5', 0xffb00113],
    ['lui, whose field holds bits 31..12', 'lui x5, 0x12345000', 0x123452b7],
    ['lw offset(base)', 'lw x1, 8(sp)', 0x00812083],
  ])('%s: %s', (_, source, word) => {
    expect(words(byteIsa, source)).toEqual(le(word));
  });

  it('a branch offset is scattered over imm[12|10:5] and imm[4:1|11]', () => {
    // beq at 8 to 32: offset 24.
    expect(words(byteIsa, 'addi x0, x0, 0\naddi x0, x0, 0\nbeq x1, x2, end\n.space 20\nend: ebreak').slice(8, 12)).toEqual(le(0x00208c63));
    // Offsets exercising bits 12 and 11: -4096 and +2048.
    expect(words(byteIsa, '.org 4096\nbeq x0, x0, 0')).toEqual(le(0x80000063));
    expect(words(byteIsa, 'beq x0, x0, 2048')).toEqual(le(0x00000063 | (1 << 7)));
  });

  it('a jump offset is scattered over imm[20|10:1|11|19:12]', () => {
    expect(words(byteIsa, 'back: ebreak\njal ra, back').slice(4)).toEqual(le(0xffdff0ef));
  });

  it('an instruction is four cells; labels count cells', () => {
    const p = assemble(byteIsa, 'ebreak\nx: ebreak\n.word 1\ny: ebreak');
    expect(p.symbols).toEqual({ x: 4, y: 9 });
    expect(p.segments[0]!.cells).toHaveLength(13);
  });

  it('register aliases are accepted', () => {
    expect(words(byteIsa, 'addi ra, sp, 1')).toEqual(words(byteIsa, 'addi x1, x2, 1'));
  });

  it('an enum operand takes a name (any case) or a number', () => {
    expect(words(byteIsa, 'csrr x3, time')).toEqual(le(0xc01021f3));
    expect(words(byteIsa, 'csrr x3, TIME')).toEqual(le(0xc01021f3));
    expect(words(byteIsa, 'csrr x3, 0xc01')).toEqual(le(0xc01021f3));
  });

  it('.word values fill one 8-bit cell each', () => {
    expect(words(byteIsa, ".word 0xff, -128, 'a'")).toEqual([0xff, 0x80, 0x61]);
  });
});

describe('range and alignment on scattered fields', () => {
  it('a branch to an odd distance is rejected: bit 0 of the offset is not encoded', () => {
    expect(errorsOf(byteIsa, 'beq x1, x2, odd\n.word 1\nodd: ebreak')).toEqual([
      "prog.s:1:13: target 'odd' (= 5) is 5 cells away, which must be a multiple of 2 to fit field 'imm'",
    ]);
  });

  it('branch range is the 13-bit signed offset, -4096..4095', () => {
    expect(words(byteIsa, '.org 4096\nbeq x0, x0, 0')).toHaveLength(4);
    expect(errorsOf(byteIsa, '.org 4098\nbeq x0, x0, 0')).toEqual([
      "prog.s:2:13: target 0 is -4098 cells away; the 13-bit signed field 'imm' reaches -4096..4095",
    ]);
    expect(errorsOf(byteIsa, 'beq x0, x0, 4096')).toEqual([
      "prog.s:1:13: target 4096 is 4096 cells away; the 13-bit signed field 'imm' reaches -4096..4095",
    ]);
  });

  it('an immediate whose low bits are not encoded must be a multiple of their span', () => {
    expect(errorsOf(byteIsa, 'lui x1, 0x1001')).toEqual(["prog.s:1:9: immediate 0x1001 must be a multiple of 4096 to fit field 'imm'"]);
  });

  it('an immediate with a hole in the middle must be zero there', () => {
    expect(words(byteIsa, 'mask x4, [0xf3]')).toEqual(le(0xfc00020b));
    expect(errorsOf(byteIsa, 'mask x1, [4]')).toEqual(["prog.s:1:11: immediate 4 must be zero in bits 3, 2 to fit field 'm'"]);
  });

  it('an unknown enum name', () => {
    expect(errorsOf(byteIsa, 'csrr x1, foo')).toEqual(["prog.s:1:10: 'foo' is not a name for {csr} (cycle, time, mstatus) or a defined symbol"]);
  });

  it('an enum number beyond the field', () => {
    expect(errorsOf(byteIsa, 'csrr x1, 0x1000')).toEqual(["prog.s:1:10: value 0x1000 does not fit in the 12-bit unsigned field 'csr' (0..4095)"]);
  });

  it('register range follows the file (x0..x31)', () => {
    expect(errorsOf(byteIsa, 'addi x32, x1, 1')).toEqual(["prog.s:1:6: register 'x32' does not exist (x0..x31)"]);
  });

  it('a .word that does not fit an 8-bit cell', () => {
    expect(errorsOf(byteIsa, '.word 256')).toEqual(['prog.s:1:7: value 256 does not fit in an 8-bit cell (-128..255)']);
  });
});
