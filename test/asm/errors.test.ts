/** Every assembly error names file:line:column and says what is wrong; a file's errors come together. */
import { describe, expect, it } from 'vitest';
import { pg74 } from '../../spec/isa/index.js';
import { assemble, AsmError, AsmErrors } from '../../asm/index.js';
import { errorsOf } from './helpers.js';

/** `source` with `line` placed at line n (1-based), blank lines before it. */
const atLine = (n: number, line: string) => '\n'.repeat(n - 1) + line;

describe('errors in instructions', () => {
  it('unknown mnemonic', () => {
    expect(errorsOf(pg74, atLine(12, "        lod r1, 0(r2)"))).toEqual(["prog.s:12:9: unknown mnemonic 'lod'"]);
  });

  it('signed immediate out of range', () => {
    expect(errorsOf(pg74, atLine(3, 'addi r1, r2, 70000'))).toEqual([
      "prog.s:3:14: immediate 70000 does not fit in the 16-bit signed field 'imm' (-32768..32767)",
    ]);
  });

  it('unsigned immediate given a negative value', () => {
    expect(errorsOf(pg74, 'ori r1, r2, -1')).toEqual(["prog.s:1:13: immediate -1 does not fit in the 16-bit unsigned field 'imm' (0..65535)"]);
  });

  it('an immediate given by a label says the label and its value', () => {
    expect(errorsOf(pg74, '.equ BIG, 0x10000\nldi r1, BIG+1')).toEqual([
      "prog.s:2:9: immediate 'BIG+1' (= 65537) does not fit in the 16-bit signed field 'imm' (-32768..32767)",
    ]);
  });

  it('absolute target out of range', () => {
    expect(errorsOf(pg74, 'jmp 0x1000000')).toEqual([
      "prog.s:1:5: target 0x1000000 does not fit in the 24-bit unsigned field 'target' (0x0..0xffffff)",
    ]);
  });

  it('pc-relative target out of reach', () => {
    expect(errorsOf(pg74, 'beq r1, r2, far\n.org 0x9000\nfar: halt')).toEqual([
      "prog.s:1:13: target 'far' (= 36864) is 36864 cells away; the 16-bit signed field 'rel' reaches -32768..32767",
    ]);
  });

  it('undefined label', () => {
    expect(errorsOf(pg74, 'loop2: nop\n  jmp loop')).toEqual(["prog.s:2:7: undefined label 'loop'"]);
  });

  it('register out of range', () => {
    expect(errorsOf(pg74, 'add r1, r16, r2')).toEqual(["prog.s:1:9: register 'r16' does not exist (r0..r15)"]);
  });

  it('not a register where one is expected', () => {
    expect(errorsOf(pg74, 'mov r1, 5')).toEqual([
      "prog.s:1:9: expected a register for {rb} after ',', found '5' (syntax: mov {ra}, {rb})",
    ]);
  });

  it('missing punctuation', () => {
    expect(errorsOf(pg74, 'add r1 r2, r3')).toEqual([
      "prog.s:1:8: expected ',' after 'r1', found 'r2' (syntax: add {ra}, {rb}, {rc})",
    ]);
    expect(errorsOf(pg74, 'ld r1, 4(r2')).toEqual(["prog.s:1:12: expected ')' after 'r2' (syntax: ld {ra}, {off}({rb}))"]);
  });

  it('missing operand at the end of the line', () => {
    expect(errorsOf(pg74, 'jmp')).toEqual(["prog.s:1:4: expected a label or address for {target} after 'jmp' (syntax: jmp {target})"]);
  });

  it('extra text after the operands', () => {
    expect(errorsOf(pg74, 'jr r1, r2')).toEqual(["prog.s:1:6: unexpected ',' after 'r1' (syntax: jr {ra})"]);
    expect(errorsOf(pg74, 'halt now')).toEqual(["prog.s:1:6: unexpected 'now' after 'halt' (syntax: halt)"]);
  });

  it('a bad operand does not shift the addresses after it (no cascade of range errors)', () => {
    expect(errorsOf(pg74, 'beq r1, r2, end\nadd r1, r99, r2\nend: halt')).toEqual(["prog.s:2:9: register 'r99' does not exist (r0..r15)"]);
  });
});

describe('errors in labels, numbers and directives', () => {
  it('duplicate label', () => {
    expect(errorsOf(pg74, 'x: nop\n\nx: halt')).toEqual(["prog.s:3:1: duplicate label 'x' (first defined at line 1)"]);
  });

  it('duplicate symbol from .equ', () => {
    expect(errorsOf(pg74, 'x: nop\n.equ x, 4')).toEqual(["prog.s:2:6: duplicate symbol 'x' (first defined at line 1)"]);
  });

  it('malformed number', () => {
    expect(errorsOf(pg74, 'ldi r1, 12ab')).toEqual(["prog.s:1:9: '12ab' is not a number (decimal, 0x hex, 0b binary or 0o octal)"]);
  });

  it('value that does not fit a cell', () => {
    expect(errorsOf(pg74, '.word 1, 0x100000000')).toEqual([
      'prog.s:1:10: value 0x100000000 does not fit in a 32-bit cell (-2147483648..4294967295)',
    ]);
  });

  it('unknown directive', () => {
    expect(errorsOf(pg74, '  .bogus 1')).toEqual(["prog.s:1:3: unknown directive '.bogus'"]);
  });

  it('a layout directive needs values known in the first pass', () => {
    expect(errorsOf(pg74, '.space n\n.equ n, 2')).toEqual(["prog.s:1:8: 'n' must be defined before it is used in .space"]);
  });

  it('an .equ defined in terms of itself', () => {
    expect(errorsOf(pg74, '.equ a, a+1')).toEqual(["prog.s:1:9: 'a' is defined in terms of itself"]);
  });

  it.each([
    ['.org -1', "prog.s:1:1: .org place -1 is negative"],
    ['.space -1', 'prog.s:1:1: .space needs a count of cells of 0 or more, not -1'],
    ['.align 0', 'prog.s:1:1: .align needs a positive count of cells, not 0'],
    ['.equ N 5', "prog.s:1:8: expected ',' after 'N', found '5'"],
    ['.equ 5, 5', "prog.s:1:6: expected a symbol name after '.equ', found '5'"],
    ['.word 1,', "prog.s:1:9: expected a value after ','"],
    ['.word 1 2', "prog.s:1:9: unexpected '2' after '1'"],
    ['.word (1', "prog.s:1:9: expected ')' after '1'"],
    ['.word 1+', "prog.s:1:9: expected a number or label after '+'"],
    [".word 'ab'", 'prog.s:1:7: unterminated character literal'],
    ['.org', "prog.s:1:5: expected a physical place after '.org'"],
  ])('malformed directive: %s', (source, message) => {
    expect(errorsOf(pg74, source)).toEqual([message]);
  });

  it('overlapping segments', () => {
    expect(errorsOf(pg74, 'nop\nnop\nnop\n  .org 2\nhalt')).toEqual([
      'prog.s:4:3: segment at 0x2..0x2 overlaps the segment at 0x0..0x2 (line 1)',
    ]);
  });

  it('a segment beyond storage', () => {
    expect(errorsOf(pg74, '.org 0xffff\nnop\nnop')).toEqual(['prog.s:1:1: segment at 0xffff..0x10000 does not fit in storage (65536 cells)']);
  });

  it('a stray token where a statement should start', () => {
    expect(errorsOf(pg74, '5: nop')).toEqual(["prog.s:1:1: expected a mnemonic, directive or label, found '5'"]);
  });
});

describe('error reporting', () => {
  it('collects every error of a file, in source order, as AsmErrors', () => {
    let thrown: unknown;
    try {
      assemble(pg74, 'lod r1\njmp nowhere\nadd r1, r2, r77\n.word 0x1_0000_0000', 'multi.s');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AsmErrors);
    const { errors, message, name } = thrown as AsmErrors;
    expect(name).toBe('AsmErrors');
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 1],
      [2, 5],
      [3, 13],
      [4, 7],
    ]);
    expect(errors[0]).toBeInstanceOf(AsmError);
    expect(errors[0]).toMatchObject({ name: 'AsmError', file: 'multi.s', line: 1, column: 1, reason: "unknown mnemonic 'lod'" });
    expect(message.split('\n')).toEqual(errors.map((e) => e.message));
  });

  it('the file name defaults to <input>', () => {
    expect(() => assemble(pg74, 'lod')).toThrow("<input>:1:1: unknown mnemonic 'lod'");
  });
});
