/** The disassembler: decoded instructions printed by their syntax templates, unknown cells as .word. */
import { describe, expect, it } from 'vitest';
import { decode } from '../../spec/encoding.js';
import { pg74, pg74Jrst } from '../../spec/isa/index.js';
import { assemble, disassemble, disassembleProgram, formatInstruction } from '../../asm/index.js';
import { byteIsa } from './byte-isa.js';
import { cellsOf } from './helpers.js';

const texts = (isa = pg74, cells: number[], address = 0, symbols?: Record<string, number>) =>
  disassemble(isa, cells, address, symbols ? { symbols } : {}).map((l) => l.text);

describe('disassemble', () => {
  it('prints each instruction by its syntax template', () => {
    expect(texts(pg74, [0x20123000, 0x1432fffc, 0x01000000])).toEqual(['add r1, r2, r3', 'ld r3, -4(r2)', 'halt']);
  });

  it('gives each line its address, cells, mnemonic and decoded fields', () => {
    const [line] = disassemble(pg74, [0x3012ffff], 0x40);
    expect(line).toMatchObject({ address: 0x40, cells: [0x3012ffff], text: 'addi r1, r2, -1', mnemonic: 'ADDI', labels: [] });
    expect(line!.decoded?.fields).toEqual({ ra: 1, rb: 2, imm: 0xffff });
  });

  it('prints a word that is no instruction as .word in hex, as wide as the cell', () => {
    const lines = disassemble(pg74, [0xff000000, 0x5], 0);
    expect(lines.map((l) => [l.text, l.mnemonic])).toEqual([
      ['.word 0xff000000', '.word'],
      ['.word 0x00000005', '.word'],
    ]);
    expect(texts(byteIsa, [0xff, 0x2])).toEqual(['.word 0xff', '.word 0x02']);
  });

  it('a two-cell instruction consumes both cells; cut short at the end it is a .word', () => {
    expect(disassemble(pg74, [0x12200000, 0xdeadbeef, 0x02000000], 0).map((l) => [l.address, l.text])).toEqual([
      [0, 'lil r2, 0xdeadbeef'],
      [2, 'nop'],
    ]);
    expect(texts(pg74, [0x12200000])).toEqual(['.word 0x12200000']);
  });

  it('prints signed immediates signed, and numbers above 9999 in hex', () => {
    expect(texts(pg74, [0x30128000, 0x10102710, 0x1010270f, 0x1110beef])).toEqual([
      'addi r1, r2, -32768',
      'ldi r1, 0x2710',
      'ldi r1, 9999',
      'lui r1, 0xbeef',
    ]);
  });

  it('prints pc-relative targets as absolute addresses from the given address', () => {
    expect(texts(pg74, [0x4012fffe], 0x10)).toEqual(['beq r1, r2, 0xe']);
    expect(texts(pg74, [0x4012fffe], 0)).toEqual(['beq r1, r2, -0x2']);
  });

  it('prints a target as the symbol at that address, and labels the lines', () => {
    const lines = disassemble(pg74, [0x02000000, 0x48000000, 0x4000ffff], 0, { symbols: { top: 0, N: 7 } });
    expect(lines.map((l) => [l.labels, l.text])).toEqual([
      [['top'], 'nop'],
      [[], 'jmp top'],
      [[], 'beq r0, r0, 0x1'],
    ]);
  });

  it('prints register aliases and enum names; an enum value without a name as a number', () => {
    const cells = cellsOf(assemble(byteIsa, 'addi ra, sp, 1\ncsrr x3, time\ncsrr x3, 5'));
    expect(texts(byteIsa, cells)).toEqual(['addi ra, sp, 1', 'csrr x3, time', 'csrr x3, 5']);
  });

  it('formatInstruction prints one decoded instruction at an address', () => {
    const d = decode(pg74Jrst, [0x58000040])!;
    expect(formatInstruction(pg74Jrst, d, 0)).toBe('jru 0x40');
    expect(formatInstruction(pg74Jrst, d, 0, { symbols: { user: 0x40 } })).toBe('jru user');
    expect(formatInstruction(pg74, decode(pg74, [0x4000ffff])!, 0x20)).toBe('beq r0, r0, 0x1f');
  });
});

describe('disassembleProgram', () => {
  const source = '.equ LIMIT, 99\nstart: ldi r1, LIMIT\nloop: addi r1, r1, -1\nbne r1, r0, loop\nhalt\n.org 0x1000, 0\nuser: jmp user\n';

  it('writes .org for segments, labels on their own lines, .equ for other symbols', () => {
    expect(disassembleProgram(pg74, assemble(pg74, source))).toBe(
      [
        '.equ LIMIT, 99',
        'start:',
        'user:',
        '    ldi r1, 99',
        'loop:',
        '    addi r1, r1, -1',
        '    bne r1, r0, loop',
        '    halt',
        '.org 0x1000, 0x0',
        '    jmp start',
        '',
      ].join('\n'),
    );
  });

  it('re-assembles to the same segments and symbols', () => {
    const p = assemble(pg74, source);
    const again = assemble(pg74, disassembleProgram(pg74, p));
    expect(again.segments).toEqual(p.segments);
    expect(again.symbols).toEqual(p.symbols);
  });
});
