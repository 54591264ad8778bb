/** extendIsa: ISAs derived from others by adding, replacing and removing instructions. */
import { describe, expect, it } from 'vitest';
import { IsaError, c, extendIsa, sub, pg74, pg74Builder as b, pg74Jrst, pg74Lra, pg74Mode, type InstructionDecl, type IsaDescription } from '../../spec/index.js';

const r = b.file('r');
const mnemonics = (isa: IsaDescription) => isa.instructions.map((i) => i.mnemonic);
const byMnemonic = (isa: IsaDescription, m: string) => isa.instructions.find((i) => i.mnemonic === m)!;

/** An unused pg74 opcode, for added instructions. */
const neg = b.insn('NEG', {
  cite: 'test',
  class: 'innocuous',
  encoding: '01111111 ra:4 rb:4 0000000000000000',
  syntax: 'neg {ra}, {rb}',
  semantics: ({ ra, rb }, $) => $.set(r(ra), sub(c(32, 0), r(rb))),
});

function issuesOf(f: () => unknown): { source: string; issues: IsaError['issues']; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof IsaError) return { source: e.source, issues: e.issues, message: e.message };
    throw e;
  }
  throw new Error('expected an IsaError');
}

describe('extendIsa', () => {
  it('appends added instructions after the base’s, in order, under the new name and summary', () => {
    const isa = extendIsa(pg74, { name: 'pg74-neg', summary: 'pg74 + NEG', add: [neg] });
    expect(mnemonics(isa)).toEqual([...mnemonics(pg74), 'NEG']);
    expect(isa.name).toBe('pg74-neg');
    expect(isa.summary).toBe('pg74 + NEG');
    expect(isa.manual).toBe(pg74.manual);
    expect(isa.state).toBe(pg74.state);
    expect(isa.traps).toBe(pg74.traps);
  });

  it('takes the manual given, in place of the base’s', () => {
    expect(extendIsa(pg74, { name: 'pg74-m', summary: 's', manual: 'another manual', add: [neg] }).manual).toBe('another manual');
  });

  it('puts a replacement where the base’s entry of that mnemonic was', () => {
    const quietHalt = b.insn('HALT', {
      cite: 'test',
      class: 'innocuous',
      encoding: '00000001 000000000000000000000000',
      syntax: 'halt',
      semantics: (_, $) => $.halt(),
    });
    const isa = extendIsa(pg74, { name: 'pg74-halt', summary: 'HALT in any mode', replace: [quietHalt] });
    expect(mnemonics(isa)).toEqual(mnemonics(pg74));
    expect(byMnemonic(isa, 'HALT')).toBe(quietHalt);
    expect(byMnemonic(pg74, 'HALT')).not.toBe(quietHalt);
  });

  it('drops removed instructions and keeps the rest in order', () => {
    const isa = extendIsa(pg74, { name: 'pg74-small', summary: 'no clock, no divide', remove: ['RDCLK', 'DIV', 'REM'] });
    expect(mnemonics(isa)).toEqual(mnemonics(pg74).filter((m) => !['RDCLK', 'DIV', 'REM'].includes(m)));
  });

  it('leaves the base as it was', () => {
    const before = JSON.stringify(pg74);
    extendIsa(pg74, { name: 'pg74-x', summary: 's', add: [neg], remove: ['NOP'] });
    expect(JSON.stringify(pg74)).toBe(before);
  });

  it('rejects removing or replacing an unknown mnemonic with an IsaError naming each one', () => {
    const ghost: InstructionDecl = { ...neg, mnemonic: 'GHOST' };
    const e = issuesOf(() => extendIsa(pg74, { name: 'pg74-bad', summary: 's', replace: [ghost], remove: ['NOP', 'FOO'] }));
    expect(e.source).toBe('pg74-bad');
    expect(e.issues).toEqual([
      { path: ['replace', 0], message: "'GHOST' is not an instruction of pg74" },
      { path: ['remove', 1], message: "'FOO' is not an instruction of pg74" },
    ]);
    expect(e.message).toBe(
      "pg74-bad: 2 problems in the ISA description\n  replace[0]: 'GHOST' is not an instruction of pg74\n  remove[1]: 'FOO' is not an instruction of pg74",
    );
  });

  it('rejects a derived ISA whose added instruction overlaps one of the base', () => {
    const clash = b.insn('CLASH', { cite: 'test', class: 'innocuous', encoding: '00000010 ra:4 00000000000000000000', syntax: 'clash {ra}', semantics: () => {} });
    const e = issuesOf(() => extendIsa(pg74, { name: 'pg74-clash', summary: 's', add: [clash] }));
    expect(e.source).toBe('pg74-clash');
    expect(e.issues).toEqual([{ path: ['instructions', pg74.instructions.length, 'encoding'], message: 'encoding overlaps NOP: some word matches both' }]);
    expect(e.message).toContain(`instructions[${pg74.instructions.length}].encoding (CLASH): encoding overlaps NOP`);
  });

  it('rejects adding an instruction under a mnemonic the base already has', () => {
    const again = { ...neg, mnemonic: 'ADD' };
    const e = issuesOf(() => extendIsa(pg74, { name: 'pg74-dup', summary: 's', add: [again] }));
    expect(e.issues).toEqual([{ path: ['instructions', pg74.instructions.length, 'mnemonic'], message: "duplicate mnemonic 'ADD'" }]);
  });

  it('accepts re-adding an instruction after removing it (a move to the end)', () => {
    const nop = byMnemonic(pg74, 'NOP');
    const isa = extendIsa(pg74, { name: 'pg74-moved', summary: 's', remove: ['NOP'], add: [nop] });
    expect(mnemonics(isa).at(-1)).toBe('NOP');
    expect(isa.instructions).toHaveLength(pg74.instructions.length);
  });
});

describe('the pg74 variants', () => {
  it.each([
    [pg74Jrst, 'JRU'],
    [pg74Lra, 'LRA'],
    [pg74Mode, 'RMODE'],
  ] as const)('%# share the base’s instruction objects and add one: %s', (variant, added) => {
    expect(variant.instructions).toHaveLength(pg74.instructions.length + 1);
    pg74.instructions.forEach((insn, i) => expect(variant.instructions[i]).toBe(insn));
    expect(variant.instructions.at(-1)!.mnemonic).toBe(added);
    expect(variant.state).toBe(pg74.state);
    expect(variant.traps).toBe(pg74.traps);
  });
});

describe('an extension names each base instruction once', () => {
  it('removing and replacing the same mnemonic is rejected rather than silently dropping the replacement', () => {
    const nop = pg74.instructions.find((i) => i.mnemonic === 'NOP')!;
    expect(() => extendIsa(pg74, { name: 'x', summary: 'x', replace: [nop], remove: ['NOP'] })).toThrow(
      "remove[0]: 'NOP' is already replaced or removed by this extension",
    );
  });

  it('replacing one mnemonic twice is rejected', () => {
    const nop = pg74.instructions.find((i) => i.mnemonic === 'NOP')!;
    expect(() => extendIsa(pg74, { name: 'x', summary: 'x', replace: [nop, nop] })).toThrow(
      "replace[1]: 'NOP' is already replaced or removed by this extension",
    );
  });
});
