/**
 * Several instructions sharing one assembly mnemonic (test/asm/csr-isa.ts), told apart by the
 * literal words and punctuation of their syntax templates: each line is matched against the
 * mnemonic's templates in turn, and the first that matches wins.
 */
import { describe, expect, it } from 'vitest';
import { assemble, disassemble, disassembleProgram } from '../../asm/index.js';
import { csrIsa } from './csr-isa.js';
import { cellsOf, errorsOf, words } from './helpers.js';

/** The four cells of a 32-bit instruction word, lowest byte first. */
const le = (word: number) => [0, 8, 16, 24].map((s) => (word >>> s) & 0xff);

describe('instructions sharing a mnemonic', () => {
  // Expected words are the RISC-V encodings (Zicsr): csr[31:20] rs1 funct3 rd 1110011.
  it.each([
    ['csrrw x1, mstatus, x2', 0x300110f3],
    ['csrrw x1, mscratch, x2', 0x340110f3],
    ['csrrw x1, mepc, x2', 0x341110f3],
    ['csrrs x1, mstatus, x2', 0x300120f3],
  ])('instructions sharing a mnemonic are told apart by a literal word: %s', (source, word) => {
    expect(words(csrIsa, source)).toEqual(le(word));
  });

  it('the literal word is matched ignoring case, as mnemonics are', () => {
    expect(words(csrIsa, 'CSRRW x1, MScratch, x2')).toEqual(words(csrIsa, 'csrrw x1, mscratch, x2'));
  });

  it('a literal word is matched as text: a symbol or label of that name changes nothing', () => {
    const p = assemble(csrIsa, '.equ mstatus, 0x341\nmscratch: csrrw x1, mstatus, x2\ncsrrw x1, mscratch, x2');
    expect(cellsOf(p)).toEqual([...le(0x300110f3), ...le(0x340110f3)]);
    expect(p.symbols).toEqual({ mstatus: 0x341, mscratch: 0 });
  });

  it('templates of one mnemonic may differ in size; each line takes the size of the one it matched', () => {
    const p = assemble(csrIsa, 'li x1, 5\nli x1, =0x12345678\nend: li x2, 6');
    expect(p.symbols).toEqual({ end: 12 });
    expect(cellsOf(p)).toEqual([...le(0x000050b7), ...le(0x0000008b), ...le(0x12345678), ...le(0x00006137)]);
  });

  it('disassembly prints each instruction by its own template, and assembles back to the same cells', () => {
    const source = 'csrrw x1, mstatus, x2\ncsrrw x3, mscratch, x4\ncsrrw x5, mepc, x6\ncsrrs x7, mstatus, x8\nli x9, 7\nli x10, =0xdeadbeef\n';
    const program = assemble(csrIsa, source);
    expect(disassemble(csrIsa, cellsOf(program), 0).map((l) => [l.mnemonic, l.text])).toEqual([
      ['CSRRW.mstatus', 'csrrw ra, mstatus, sp'],
      ['CSRRW.mscratch', 'csrrw x3, mscratch, x4'],
      ['CSRRW.mepc', 'csrrw x5, mepc, x6'],
      ['CSRRS.mstatus', 'csrrs x7, mstatus, x8'],
      ['LI', 'li x9, 7'],
      ['LI.LONG', 'li x10, =0xdeadbeef'],
    ]);
    expect(assemble(csrIsa, disassembleProgram(csrIsa, program)).segments).toEqual(program.segments);
  });
});

describe('errors when no template of a mnemonic matches', () => {
  it('where every template wants its own word, the message lists them all', () => {
    expect(errorsOf(csrIsa, 'csrrw x1, mtvec, x2')).toEqual([
      "prog.s:1:11: expected 'mstatus', 'mscratch' or 'mepc' after ',', found 'mtvec' (syntax: csrrw {rd}, mstatus, {rs1}; csrrw {rd}, mscratch, {rs1}; csrrw {rd}, mepc, {rs1})",
    ]);
  });

  it('the template that read furthest along the line gives the message', () => {
    expect(errorsOf(csrIsa, 'csrrw x1, mscratch, 5')).toEqual([
      "prog.s:1:21: expected a register for {rs1} after ',', found '5' (syntax: csrrw {rd}, mscratch, {rs1})",
    ]);
    expect(errorsOf(csrIsa, 'csrrw x1, mstatus, x2, x3')).toEqual(["prog.s:1:22: unexpected ',' after 'x2' (syntax: csrrw {rd}, mstatus, {rs1})"]);
    expect(errorsOf(csrIsa, 'csrrw x1, mepc, x32')).toEqual(["prog.s:1:17: register 'x32' does not exist (x0..x31)"]);
    expect(errorsOf(csrIsa, 'li x1, =')).toEqual(["prog.s:1:9: expected a number for {imm} after '=' (syntax: li {rd}, ={imm})"]);
  });

  it('a literal word is not a register', () => {
    expect(errorsOf(csrIsa, 'csrrw mstatus, mstatus, x2')).toEqual([
      "prog.s:1:7: expected a register for {rd} after 'csrrw', found 'mstatus' (syntax: csrrw {rd}, mstatus, {rs1}; csrrw {rd}, mscratch, {rs1}; csrrw {rd}, mepc, {rs1})",
    ]);
  });

  it('a line no template matches is laid out as the one that came nearest, so later addresses do not shift', () => {
    // Laid out as the eight-cell long form: here is 8 after it, so the .space is of 0 cells.
    expect(errorsOf(csrIsa, 'li x1, =\n.space . - 8')).toEqual([
      "prog.s:1:9: expected a number for {imm} after '=' (syntax: li {rd}, ={imm})",
    ]);
  });
});
