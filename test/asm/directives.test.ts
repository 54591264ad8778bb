/** Directives, labels, expressions, the source map and loading. */
import { describe, expect, it } from 'vitest';
import { pg74 } from '../../spec/isa/index.js';
import { assemble, loadProgram } from '../../asm/index.js';
import { cellsOf, words } from './helpers.js';

const NOP = 0x02000000;
const HALT = 0x01000000;

describe('labels', () => {
  it('a backward reference is the address of the label', () => {
    expect(words(pg74, 'nop\nloop: nop\njmp loop')).toEqual([NOP, NOP, 0x48000001]);
  });

  it('a forward reference resolves in the second pass', () => {
    expect(words(pg74, 'jmp end\nnop\nend: halt')).toEqual([0x48000002, NOP, HALT]);
  });

  it('a label may stand alone on its line, and several may share one', () => {
    const p = assemble(pg74, 'nop\na:\nb: c: halt');
    expect(p.symbols).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('a pc-relative branch to a label encodes the distance', () => {
    expect(words(pg74, 'top: nop\nnop\nbne r1, r0, top\nbeq r1, r0, end\nend: halt')).toEqual([NOP, NOP, 0x4110fffe, 0x40100001, HALT]);
  });
});

describe('expressions', () => {
  it.each([
    ['decimal', '10', 10],
    ['hex', '0x1F', 31],
    ['binary', '0b101', 5],
    ['octal', '0o17', 15],
    ['digit separators', '1_000', 1000],
    ['negative', '-7', -7],
    ['character', "'A'", 65],
    ['escaped character', "'\\n'", 10],
    ['label plus', 'here+4', 6],
    ['label minus', 'here-1', 1],
    ['parentheses', '-(here+1)', -3],
    ['current address', '.', 2],
    ['equ constant', 'N+1', 4],
  ])('%s: %s', (_, text, value) => {
    const source = `.equ N, 3\nnop\nnop\nhere: .word ${text}`;
    const cells = words(pg74, source);
    expect(cells[2]).toBe(value < 0 ? value + 2 ** 32 : value);
  });

  it('an equ may name a label defined later', () => {
    const p = assemble(pg74, '.equ after, end+1\njmp after\nend: halt');
    expect(p.symbols.after).toBe(2);
    expect(cellsOf(p)[0]).toBe(0x48000002);
  });

  it('an equ constant is usable as an immediate', () => {
    expect(words(pg74, '.equ LIMIT, 0x7fff\naddi r1, r2, LIMIT')).toEqual([0x30127fff]);
  });
});

describe('directives', () => {
  it('.word emits one cell per value, negatives as two\u2019s complement, labels as addresses', () => {
    expect(words(pg74, 'a: .word 1, -1, a, 0xffffffff, -0x80000000')).toEqual([1, 0xffffffff, 0, 0xffffffff, 0x80000000]);
  });

  it('.space emits zero cells', () => {
    expect(words(pg74, '.word 5\n.space 3\nx: .word x')).toEqual([5, 0, 0, 0, 4]);
  });

  it('.align pads with zero cells to a multiple of the count', () => {
    expect(words(pg74, '.word 1\n.align 4\nx: .word x\n.align 4\n.align 2\n.word 9')).toEqual([1, 0, 0, 0, 4, 0, 0, 0, 9]);
  });

  it('.org places what follows at a physical cell, labels counting from it', () => {
    const p = assemble(pg74, '.org 16\nstart: jmp start');
    expect(p.segments).toEqual([{ place: 16, address: 16, cells: [0x48000010] }]);
    expect(p.symbols.start).toBe(16);
  });

  it('.org PLACE, ADDRESS assembles code to run relocated: labels count from ADDRESS', () => {
    const p = assemble(pg74, '.org 0x1000, 0\nloop: nop\njmp loop\nbeq r0, r0, loop');
    expect(p.segments).toEqual([{ place: 0x1000, address: 0, cells: [NOP, 0x48000000, 0x4000fffe] }]);
    expect(p.symbols.loop).toBe(0);
  });

  it('several .org make several segments; an empty one is left out', () => {
    const p = assemble(pg74, 'nop\n.org 8\n.org 16\nhalt\n.org 4, 0\n.word 7');
    expect(p.segments.map((s) => [s.place, s.address, s.cells])).toEqual([
      [0, 0, [NOP]],
      [16, 16, [HALT]],
      [4, 0, [7]],
    ]);
  });

  it('directives are case-insensitive', () => {
    expect(words(pg74, '.WORD 1\n.Space 1')).toEqual([1, 0]);
  });
});

describe('program output', () => {
  it('the source map gives each line that emits cells its place, address, line and size', () => {
    const p = assemble(pg74, '; header\n.org 0x100, 0\nnop\n\nlil r1, 5\n.word 1, 2\n.space 0\n.space 2');
    expect(p.lines).toEqual([
      { place: 0x100, address: 0, line: 3, cells: 1 },
      { place: 0x101, address: 1, line: 5, cells: 2 },
      { place: 0x103, address: 3, line: 6, cells: 2 },
      { place: 0x105, address: 5, line: 8, cells: 2 },
    ]);
  });

  it('symbols hold labels and .equ constants', () => {
    expect(assemble(pg74, '.equ N, 5\nx: nop').symbols).toEqual({ N: 5, x: 0 });
  });

  it('loadProgram writes every segment at its physical place', () => {
    const written = new Map<number, number>();
    loadProgram(assemble(pg74, 'nop\n.org 0x20, 0\n.word 1, 2'), { writeCell: (a, v) => written.set(a, Number(v)) });
    expect([...written]).toEqual([
      [0, NOP],
      [0x20, 1],
      [0x21, 2],
    ]);
  });

  it('an empty source is an empty program', () => {
    expect(assemble(pg74, '\n; nothing\n')).toEqual({ segments: [], symbols: {}, lines: [] });
  });
});
