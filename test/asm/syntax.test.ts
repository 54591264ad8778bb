/** Each pg74 syntax form assembles to the word its bit picture says (spec/isa/pg74.ts formats). */
import { describe, expect, it } from 'vitest';
import { pg74, pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/index.js';
import { assemble } from '../../asm/index.js';
import { byteIsa } from './byte-isa.js';
import { words } from './helpers.js';

describe('pg74 syntax forms', () => {
  it.each([
    ['R format', 'add r1, r2, r3', [0x20123000]],
    ['R format, last opcode', 'sltu r15, r14, r13', [0x2cfed000]],
    ['I format, negative immediate', 'addi r1, r2, -1', [0x3012ffff]],
    ['I format, unsigned immediate', 'ori r1, r2, 0xffff', [0x3212ffff]],
    ['ldi', 'ldi r5, 100', [0x10500064]],
    ['lui', 'lui r1, 0xbeef', [0x1110beef]],
    ['lil, two words: the immediate in the second', 'lil r2, 0xdeadbeef', [0x12200000, 0xdeadbeef]],
    ['mov', 'mov r1, r2', [0x13120000]],
    ['ld with offset(base)', 'ld r3, -4(r2)', [0x1432fffc]],
    ['st with offset(base)', 'st r3, 8(r4)', [0x15340008]],
    ['branch, pc-relative forward', 'beq r1, r2, 3', [0x40120003]],
    ['branch, pc-relative backward', 'nop\nnop\nbge r1, r2, 0', [0x02000000, 0x02000000, 0x4312fffe]],
    ['jmp, absolute', 'jmp 0x123456', [0x48123456]],
    ['jal', 'jal r15, 0x12345', [0x49f12345]],
    ['jr', 'jr r15', [0x4af00000]],
    ['nop', 'nop', [0x02000000]],
    ['svc', 'svc 7', [0x50000007]],
    ['lpsw offset(base)', 'lpsw 4(r1)', [0x51010004]],
    ['srb', 'srb r1, r2', [0x52120000]],
    ['rrb', 'rrb r3, r4', [0x53340000]],
    ['rdclk', 'rdclk r9', [0x54900000]],
    ['halt', 'halt', [0x01000000]],
  ])('%s: %s', (_, source, expected) => {
    expect(words(pg74, source)).toEqual(expected);
  });

  it.each([
    [pg74Jrst, 'jru 0x40', [0x58000040]],
    [pg74Lra, 'lra r1, 2(r3)', [0x59130002]],
    [pg74Mode, 'rmode r7', [0x5a700000]],
  ])('variant %#: %s', (isa, source, expected) => {
    expect(words(isa, source)).toEqual(expected);
  });

  it('a variant instruction is unknown to the base ISA', () => {
    expect(() => assemble(pg74, 'jru 0x40')).toThrow("unknown mnemonic 'jru'");
  });

  it('mnemonics and registers are case-insensitive', () => {
    expect(words(pg74, 'ADD R1, r2, R3\nLd r3, -4(R2)')).toEqual(words(pg74, 'add r1, r2, r3\nld r3, -4(r2)'));
  });

  it('whitespace around punctuation does not matter', () => {
    const expected = words(pg74, 'ld r3, -4(r2)');
    for (const form of ['ld r3,-4(r2)', 'ld   r3 ,  -4 ( r2 )', '\tld\tr3,\t- 4(r2)  ']) expect(words(pg74, form)).toEqual(expected);
  });

  it('; and # start comments, since no pg74 syntax uses them', () => {
    expect(words(pg74, 'nop ; a comment\n# a whole-line comment\nhalt # another')).toEqual([0x02000000, 0x01000000]);
  });

  it('a character literal may contain a comment character', () => {
    expect(words(pg74, "ldi r1, ';'  ; semicolon")).toEqual([0x1010003b]);
  });
});

describe('templates of other shapes', () => {
  it('a syntax that uses # keeps it as punctuation; only ; starts a comment then', () => {
    const hashIsa = {
      ...byteIsa,
      instructions: byteIsa.instructions.map((i) => (i.mnemonic === 'ADDI' ? { ...i, syntax: 'addi {rd}, {rs1}, #{imm}' } : i)),
    };
    expect(words(hashIsa, 'addi x1, x2, #5 ; five')).toEqual(words(byteIsa, 'addi x1, x2, 5'));
    expect(() => assemble(hashIsa, 'addi x1, x2, 5')).toThrow("expected '#' after ','");
  });

  it('an operand followed by + in the template stops there instead of adding', () => {
    const plusIsa = {
      ...byteIsa,
      instructions: byteIsa.instructions.map((i) => (i.mnemonic === 'LW' ? { ...i, syntax: 'lw {rd}, [{imm}+{rs1}]' } : i)),
    };
    expect(words(plusIsa, 'lw x1, [8+sp]')).toEqual(words(byteIsa, 'lw x1, 8(sp)'));
    expect(words(plusIsa, 'lw x1, [(4+4)+sp]')).toEqual(words(byteIsa, 'lw x1, 8(sp)'));
  });
});
