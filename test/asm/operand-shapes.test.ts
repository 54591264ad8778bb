/**
 * One mnemonic, several instructions told apart by operand shape (issue 11 construct 6), on mr8's
 * four `mov` forms: a register, `[register]`, `[register + register << n]` and `[number]`.
 * Register names are reserved words, so a register operand and an expression at one place are
 * told apart by their first word; validation still refuses shapes an expression could swallow.
 */
import { describe, expect, test } from 'vitest';
import { assemble } from '../../asm/index.js';
import { decode } from '../../spec/encoding.js';
import { validateIsa } from '../../spec/validate/validate.js';
import type { IsaDescription } from '../../spec/description.js';
import { mr8 } from '../spec/excluded-fields-isa.js';

const first = (text: string) => decode(mr8, assemble(mr8, `.org 0\n${text}`).segments[0]!.cells)!.insn.mnemonic;

describe('overloaded mnemonics told apart by operand shape', () => {
  test('each shape of mov assembles as its own instruction', () => {
    expect(first('mov r2, r3')).toBe('MOV.rr');
    expect(first('mov r2, [r3]')).toBe('MOV.ind');
    expect(first('mov r2, [r1 + r6 << 2]')).toBe('MOV.sib');
    expect(first('mov r2, [0x40]')).toBe('MOV.abs');
    expect(first('.equ n, 0x40\nmov r2, [n + 1]')).toBe('MOV.abs');
  });

  test('a label or symbol may not take a register name, so [r3] is never an address', () => {
    expect(() => assemble(mr8, 'r3: halt')).toThrow(/1:1: 'r3' names a register of register file 'r'; a label cannot take it/);
    expect(() => assemble(mr8, '.equ R5, 3')).toThrow(/'R5' names a register of register file 'r'; a symbol cannot take it/);
  });

  test('validation still refuses two shapes that an expression could swallow', () => {
    const clash = (syntaxes: [string, string]): IsaDescription => ({
      ...mr8,
      instructions: mr8.instructions.map((i) =>
        i.mnemonic === 'MOV.abs' ? { ...i, syntax: syntaxes[0] } : i.mnemonic === 'MOV.sib' ? { ...i, syntax: syntaxes[1] } : i,
      ),
    });
    // An immediate followed by '+' in one, ']' in the other: the expression would take the '+'.
    const bad = validateIsa(clash(['mov {reg}, [{disp}]', 'mov {reg}, [{disp} + {base} + {index} << {scale}]']));
    expect(bad.map((i) => i.message)).toContainEqual(expect.stringMatching(/right after an operand, whose expression could take it/));
    // A register followed by '+' in one and ']' in the other is one word, then literal text: fine.
    expect(validateIsa(mr8)).toEqual([]);
  });
});
