/** What the compiler emits for the pg74 family: plain int32 JavaScript, no BigInt anywhere. */
import { describe, expect, test } from 'vitest';
import { pg74Family, rv32 } from '../../spec/isa/index.js';
import { encode, toCells } from '../../spec/encoding.js';
import { contextFor } from '../../machine/context.js';

describe.each(pg74Family.map((isa) => [isa.name, isa] as const))('%s', (_, isa) => {
  const ctx = contextFor(isa, isa.state.storage.cells);
  test('no instruction compiles to code that uses BigInt', () => {
    for (const insn of isa.instructions) {
      const fields = Object.fromEntries(insn.encoding.fields.map((f) => [f.name, 2 ** f.width - 1]));
      const words = toCells(encode(insn, fields), insn.encoding, isa.state.storage);
      const { f } = ctx.single({ kind: 'insn', insn, fields, words });
      expect(f.toString(), insn.mnemonic).not.toMatch(/BigInt|\d+n\b/);
    }
  });
  test('neither do the trap sequence and the run loop', () => {
    for (const f of [ctx.sequence, ctx.run, ctx.fetch]) expect(f.toString()).not.toMatch(/BigInt|\d+n\b/);
  });
});

describe('rv32', () => {
  const ctx = contextFor(rv32, rv32.state.storage.cells);
  test('only the high products (MULH, MULHSU, MULHU) compile to code that uses BigInt', () => {
    const big: string[] = [];
    for (const insn of rv32.instructions) {
      const fields = Object.fromEntries(insn.encoding.fields.map((f) => [f.name, 2 ** f.width - 1]));
      const words = toCells(encode(insn, fields), insn.encoding, rv32.state.storage);
      if (/BigInt|\d+n\b/.test(ctx.single({ kind: 'insn', insn, fields, words }).f.toString())) big.push(insn.mnemonic);
    }
    expect(big.sort()).toEqual(['MULH', 'MULHSU', 'MULHU']);
  });
  test('neither do the trap sequence, the run loop and the interrupt check', () => {
    for (const f of [ctx.sequence, ctx.run, ctx.fetch, ctx.interrupt!]) expect(f.toString()).not.toMatch(/BigInt|\d+n\b/);
  });
});
