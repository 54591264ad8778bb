/** Data directives: values of any width into byte cells and wider cells, strings, and their errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pg74, rv32 } from '../../spec/isa/index.js';
import type { IsaDescription } from '../../spec/description.js';
import { assemble } from '../../asm/index.js';
import { byteIsa } from './byte-isa.js';
import { errorsOf, words } from './helpers.js';

/** The byte ISA with another cell width (data directives only look at the storage). */
const withCells = (cellBits: number): IsaDescription => ({ ...byteIsa, state: { ...byteIsa.state, storage: { ...byteIsa.state.storage, cellBits } } });

describe('data directives on byte cells', () => {
  it.each([
    ['.byte 0x12, -1, 255', [0x12, 0xff, 0xff]],
    ['.half 0x1234, -2', [0x34, 0x12, 0xfe, 0xff]],
    ['.long 0x12345678', [0x78, 0x56, 0x34, 0x12]],
    ['.long -1', [0xff, 0xff, 0xff, 0xff]],
    ['.dword 0x0123456789abcd', [0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01, 0x00]],
    ['.dword -2', [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['.data 24, 0xabcdef', [0xef, 0xcd, 0xab]],
    ['.data 4, 15, -8', [0x0f, 0x08]],
  ])('%s lays the value out lowest cell first, as loads read it', (source, cells) => {
    expect(words(byteIsa, source)).toEqual(cells);
  });

  it('labels after data count its cells', () => {
    const p = assemble(byteIsa, '.byte 1\n.half 2\n.long 3\n.dword 4\nend:');
    expect(p.symbols.end).toBe(1 + 2 + 4 + 8);
  });

  it('the source map gives each data line its size in cells', () => {
    expect(assemble(byteIsa, '.long 1, 2\n.byte 3').lines).toEqual([
      { place: 0, address: 0, line: 1, cells: 8 },
      { place: 8, address: 8, line: 2, cells: 1 },
    ]);
  });

  it('a value may be a label defined later (data does not change the layout)', () => {
    expect(words(byteIsa, '.long end\n.half end - start\nstart: .byte 0\nend:')).toEqual([7, 0, 0, 0, 1, 0, 0]);
  });
});

describe('data directives on wider cells', () => {
  it('on 32-bit cells a value narrower than a cell takes one whole cell', () => {
    expect(words(pg74, '.byte 0xff, -1\n.half -1\n.long -1')).toEqual([0xff, 0xff, 0xffff, 0xffffffff]);
  });

  it('on 32-bit cells a .dword takes two cells, low word first', () => {
    expect(words(pg74, '.dword 0x123456789a')).toEqual([0x3456789a, 0x12]);
  });

  it('on 16-bit cells a .long takes two cells and a .byte one', () => {
    expect(words(withCells(16), '.long 0x12345678\n.byte 7')).toEqual([0x5678, 0x1234, 7]);
  });

  it('a datum wider than 52 bits is exact above 2^53: on 32-bit cells, on bytes, and in arithmetic', () => {
    expect(words(pg74, '.dword 0xffff_ffff_ffff_fffe, 0x8000_0000_0000_0001')).toEqual([0xfffffffe, 0xffffffff, 1, 0x80000000]);
    expect(words(byteIsa, '.dword (1 << 63) + 3')).toEqual([3, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(errorsOf(pg74, '.dword 1 << 64')).toEqual(['prog.s:1:10: shift by 64: a shift is by 0..63']);
    expect(errorsOf(pg74, '.dword (1 << 63) * 2')).toEqual(["prog.s:1:8: value '(1<<63)*2' (= 18446744073709551616) does not fit in 64 bits (-9223372036854775808..18446744073709551615)"]);
  });

  it('a width that is neither within a cell nor whole cells is an error at the directive', () => {
    expect(errorsOf(withCells(24), '  .long 1')).toEqual(['prog.s:1:3: .long: a 32-bit value is neither within one 24-bit cell nor a whole number of them']);
  });
});

describe('strings and zeros', () => {
  it('.ascii lays out UTF-8 bytes, one per cell, with escapes', () => {
    expect(words(byteIsa, '.ascii "Hi\\n", "é"')).toEqual([0x48, 0x69, 0x0a, 0xc3, 0xa9]);
  });

  it('.asciz ends each string with a zero', () => {
    expect(words(byteIsa, '.asciz "ab", ""')).toEqual([0x61, 0x62, 0, 0]);
  });

  it('a ; inside a string is text, not a comment', () => {
    expect(words(byteIsa, '.ascii "a;b" ; comment')).toEqual([0x61, 0x3b, 0x62]);
  });

  it('.zero is .space: that many zero cells', () => {
    expect(words(byteIsa, '.byte 1\n.zero 3\n.byte 2')).toEqual([1, 0, 0, 0, 2]);
  });
});

describe('data directive errors', () => {
  it.each([
    ['.byte 256', 'prog.s:1:7: value 256 does not fit in 8 bits (-128..255)'],
    ['.byte -129', 'prog.s:1:7: value -129 does not fit in 8 bits (-128..255)'],
    ['.half 0x10000', 'prog.s:1:7: value 0x10000 does not fit in 16 bits (-32768..65535)'],
    ['.byte 1, 2, 200 + 100', "prog.s:1:13: value '200+100' (= 300) does not fit in 8 bits (-128..255)"],
    ['.data 0, 1', 'prog.s:1:7: .data needs a width of 1..64 bits, not 0'],
    ['.data 65, 1', 'prog.s:1:7: .data needs a width of 1..64 bits, not 65'],
    ['.data 12, 1', 'prog.s:1:7: .data: a 12-bit value is neither within one 8-bit cell nor a whole number of them'],
    ['.data w, 1\n.equ w, 8', "prog.s:1:7: 'w' must be defined before it is used in .data"],
    ['.data 8 1', "prog.s:1:9: expected ',' after '8', found '1'"],
    ['.byte', "prog.s:1:6: expected a value after '.byte'"],
    ['.byte 1,', "prog.s:1:9: expected a value after ','"],
    ['.ascii 5', "prog.s:1:8: expected a string in double quotes after '.ascii', found '5'"],
    ['.ascii "abc', 'prog.s:1:8: unterminated string'],
    ['.ascii "a\\q"', "prog.s:1:10: unknown escape '\\q' in a string"],
    ['.asciz "a" "b"', "prog.s:1:12: unexpected '\"b\"' after '\"a\"'"],
    ['.zero -1', 'prog.s:1:1: .zero needs a count of cells of 0 or more, not -1'],
    ['.long nowhere', "prog.s:1:7: undefined label 'nowhere'"],
  ])('%s', (source, message) => {
    expect(errorsOf(byteIsa, source)).toEqual([message]);
  });

  it('every bad value of a line is reported, each at its column', () => {
    expect(errorsOf(byteIsa, '.byte 300, 1, 400')).toEqual([
      'prog.s:1:7: value 300 does not fit in 8 bits (-128..255)',
      'prog.s:1:15: value 400 does not fit in 8 bits (-128..255)',
    ]);
  });
});

describe('docs/assembler.md', () => {
  it('its example assembles on rv32 as the page says: COUNT is 3', () => {
    const doc = readFileSync(new URL('../../docs/assembler.md', import.meta.url), 'utf8');
    const example = /```asm\n([\s\S]*?)```/.exec(doc)![1]!;
    const p = assemble(rv32, example);
    expect(p.symbols.COUNT).toBe(3);
    expect(p.segments[0]!.cells.slice(8, 12)).toEqual([1, 0, 0, 0]);
  });
});
