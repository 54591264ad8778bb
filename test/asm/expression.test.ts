/** Expressions: label arithmetic with C's operators and precedence, and their errors. */
import { describe, expect, it } from 'vitest';
import { pg74 } from '../../spec/isa/index.js';
import { assemble } from '../../asm/index.js';
import { byteIsa } from './byte-isa.js';
import { errorsOf, words } from './helpers.js';

/** The value of `text` as a .word on pg74, after `a` at 4 and `b` at 12 (symbols, not cells). */
function value(text: string): number {
  const cells = words(pg74, `.equ a, 4\n.equ b, 12\n.word ${text}`);
  const v = cells[0]!;
  return v >= 2 ** 31 ? v - 2 ** 32 : v;
}

describe('operators', () => {
  it.each([
    ['b - a', 8],
    ['(b - a) / 4', 2],
    ['b - a / 4', 11],
    ['a + b * 2', 28],
    ['(a + b) * 2', 32],
    ['b % 5', 2],
    ['-7 / 2', -3],
    ['-7 % 2', -1],
    ['1 << 4 + 1', 32],
    ['0x100 >> 4', 16],
    ['-16 >> 2', -4],
    ['0xf0 & 0x3c', 0x30],
    ['0xf0 | 0x0f ^ 0xff', 0xf0 | (0x0f ^ 0xff)],
    ['6 & 3 | 8', 10],
    ['~0', -1],
    ['~a + 1', -4],
    ['1 << 40 >> 38', 4],
  ])('%s = %d', (text, v) => {
    expect(value(text)).toBe(v);
  });
});

describe('label arithmetic', () => {
  it('the size of a table is end - start, usable before the table', () => {
    const p = assemble(byteIsa, '.equ size, end - start\n.long size, (end - start) / 4\nstart: .long 1, 2, 3\nend:');
    expect(p.symbols.size).toBe(12);
    expect(p.segments[0]!.cells.slice(0, 8)).toEqual([12, 0, 0, 0, 3, 0, 0, 0]);
  });

  it('. is the address of the line (every value on it sees the same): . - start, . + 8', () => {
    expect(words(byteIsa, 'start: .byte 0, 0\n.byte . - start, . + 8')).toEqual([0, 0, 2, 10]);
  });

  it('an operand may be label arithmetic: jump to a label plus an offset', () => {
    expect(words(pg74, 'jmp end + 1\nnop\nend: halt\nhalt')).toEqual(words(pg74, 'jmp 3\nnop\nend: halt\nhalt'));
  });

  it('a layout directive may use arithmetic on labels defined before it', () => {
    expect(words(byteIsa, 'a: .byte 1, 2\n.space (. - a) * 2\n.byte 9')).toEqual([1, 2, 0, 0, 0, 0, 9]);
  });

  it('a forward reference where the layout depends on it is an error naming the label', () => {
    expect(errorsOf(byteIsa, '.space (end - start) * 2\nstart: .byte 1\nend:')).toEqual(["prog.s:1:9: 'end' must be defined before it is used in .space"]);
  });
});

describe('expression errors', () => {
  it.each([
    ['.word 1 / 0', "prog.s:1:9: division by zero in '/'"],
    ['.word 1 % (a - a)\n.equ a, 1', "prog.s:1:9: division by zero in '%'"],
    ['.word 1 << 64', 'prog.s:1:9: shift by 64: a shift is by 0..63'],
    ['.word 1 >> -1', 'prog.s:1:9: shift by -1: a shift is by 0..63'],
    ['.word 0x10000000000000 * 0x10000000000000', 'prog.s:1:24: value 2.028240960365167e+31 is too large'],
    ['.word 2 *', "prog.s:1:10: expected a number or label after '*'"],
    ['.word (2 + 3', "prog.s:1:13: expected ')' after '3'"],
    ['.word ~', "prog.s:1:8: expected a number or label after '~'"],
  ])('%s', (source, message) => {
    expect(errorsOf(pg74, source)).toEqual([message]);
  });

  it('a lone < is not a shift: it is reported where it stands', () => {
    expect(errorsOf(pg74, '.word 1 < 2')).toEqual(["prog.s:1:9: unexpected '<' after '1'"]);
  });
});
