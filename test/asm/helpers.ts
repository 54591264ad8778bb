/** Shared helpers for the assembler tests. */
import { expect } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { assemble, AsmErrors, type Program } from '../../asm/index.js';

/** All cells of a program, segment by segment. */
export const cellsOf = (p: Program): number[] => p.segments.flatMap((s) => s.cells.map(Number)); // no test ISA here has cells above 52 bits

/** The cells of a one-segment program at place 0. */
export function words(isa: IsaDescription, source: string): number[] {
  const p = assemble(isa, source);
  return cellsOf(p);
}

/** The messages of the AsmErrors that assembling `source` throws. */
export function errorsOf(isa: IsaDescription, source: string, file = 'prog.s'): string[] {
  try {
    assemble(isa, source, file);
  } catch (e) {
    expect(e).toBeInstanceOf(AsmErrors);
    return (e as AsmErrors).errors.map((x) => x.message);
  }
  throw new Error('expected assembly to fail');
}
