/**
 * The round-trip laws, on every bundled ISA, the byte-addressed test ISAs and one with excluded field values: the disassembly of
 * an assembled program is its canonical text, and re-assembling it gives back the same cells.
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { bundledIsas, pg74, pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/index.js';
import { assemble, disassembleProgram } from '../../asm/index.js';
import { arbProgram, mnemonicsOf, render } from './arbitraries.js';
import { byteIsa } from './byte-isa.js';
import { csrIsa } from './csr-isa.js';
import { mr8 } from '../spec/excluded-fields-isa.js';

// mr8: fields with excluded values (a drawn word must stay its instruction).
const isas: IsaDescription[] = [...bundledIsas, byteIsa, csrIsa, mr8];

describe.each(isas.map((isa) => [isa.name, isa] as const))('%s', (_, isa) => {
  test.prop([arbProgram(isa)])('disassembling an assembled program gives its canonical text', (m) => {
    const text = render(m);
    expect(disassembleProgram(isa, assemble(isa, text))).toBe(text);
  });

  test.prop([arbProgram(isa)])('assemble, disassemble, assemble gives the same cells, however the source is spelled', (m) => {
    const program = assemble(isa, render(m, true));
    expect(program.segments).toEqual(assemble(isa, render(m)).segments);
    const again = assemble(isa, disassembleProgram(isa, program));
    expect(again.segments).toEqual(program.segments);
  });
});

it('the generator produces every instruction of pg74 and its variants, and .word data', () => {
  const lines: string[] = [];
  // Only the pg74 family: 400 runs cannot be expected to reach every instruction of a large ISA.
  const family = [pg74, pg74Jrst, pg74Lra, pg74Mode];
  const gen = fc.constantFrom(...family).chain((isa) => arbProgram(isa));
  fc.statistics(gen, mnemonicsOf, { numRuns: 400, logger: (l) => lines.push(l) });
  const seen = new Set(lines.map((l) => /^(\S+?)\.{2,}/.exec(l)?.[1]));
  const all = new Set(family.flatMap((i) => i.instructions.map((x) => x.mnemonic)));
  expect([...all].filter((m) => !seen.has(m))).toEqual([]);
  expect(seen.has('.word')).toBe(true);
});
