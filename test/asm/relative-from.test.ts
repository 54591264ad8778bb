/**
 * A pc-relative target measured from `from` cells past the instruction (the 68000 counts its
 * branch displacement from the word after the opcode): the assembler stores target − (address +
 * from), and the disassembler adds it back.
 */
import { describe, expect, it } from 'vitest';
import { assemble, disassemble } from '../../asm/index.js';
import { loadIsa, type IsaDescription } from '../../spec/index.js';
import { be8 } from '../spec/big-endian-isa.js';

/** be8 whose JNZ displacement counts from the instruction's second cell. */
function be8From(from: number): IsaDescription {
  const json = JSON.parse(JSON.stringify(be8)) as IsaDescription;
  const jnz = json.instructions.find((i) => i.mnemonic === 'JNZ')!;
  jnz.encoding.fields.find((f) => f.name === 'rel')!.operand = { kind: 'target', relative: true, signed: true, from };
  return loadIsa(json, 'be8-from');
}

describe('a pc-relative target with from', () => {
  it('stores the distance from the instruction plus from cells', () => {
    const source = '.org 0x20\nloop: jnz x1, loop\njnz x1, end\nend: jnz x1, loop';
    const cells = (isa: IsaDescription) => assemble(isa, source).segments[0]!.cells;
    // Without from: 0, +2, -4; measured from the second cell: -1, +1, -5.
    expect(cells(be8)).toEqual([0x74, 0x00, 0x74, 0x02, 0x74, 0xfc]);
    expect(cells(be8From(1))).toEqual([0x74, 0xff, 0x74, 0x01, 0x74, 0xfb]);
  });

  it('disassembles back to the same target', () => {
    const isa = be8From(1);
    const p = assemble(isa, '.org 0x20\nloop: jnz x1, loop\nend: jnz x1, end');
    expect(disassemble(isa, p.segments[0]!.cells, 0x20).map((l) => l.text)).toEqual(['jnz x1, 0x20', 'jnz x1, 0x22']);
  });

  it('a target out of reach counts the distance from there', () => {
    expect(() => assemble(be8From(1), '.org 0x20\njnz x1, 0x20 + 129')).toThrow(/128 cells away/);
  });
});
