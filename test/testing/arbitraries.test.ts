/**
 * Laws of the vmcheck/testing arbitraries, over every bundled ISA: generated words decode to the
 * instruction they claim with the fields they claim; guest states fit the machine (a bare machine
 * restores them) and put the program where the PC points; layouts never overlap and fit the host.
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { bundledIsas, decode, pg74Family } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { guestCase, guestLayout, instructionWord, trapVectorOf } from '../../testing/index.js';
import { translatorFor, machineView } from '../../vmm/index.js';

describe('instruction words', () => {
  for (const isa of bundledIsas)
    test.prop([instructionWord(isa)])(`decode to what they claim (${isa.name})`, (w) => {
      const d = decode(isa, w.cells);
      expect(d?.insn.mnemonic).toBe(w.mnemonic);
      expect(d?.fields).toEqual(w.fields);
      expect(d?.cells).toBe(w.cells.length);
    });
});

describe('guest cases', () => {
  // Guest cases place a small program in a small storage: the relocation-bounds ISAs.
  for (const isa of pg74Family)
    test.prop([guestCase(isa, { cells: 48, maxLength: 10 })])(`restore on a bare machine, the PC at the program (${isa.name})`, (c) => {
      const m = new Machine(isa, { storageCells: c.cells });
      m.restore(c.image);
      expect(m.snapshot()).toEqual(c.image);
      const p = translatorFor(isa, c.cells).physical(machineView(m), BigInt(m.getReg(isa.state.pc)));
      // Where the map lets the PC be fetched at all, it is fetched from the program's first cell.
      if (p !== undefined) expect(p).toBe(BigInt(c.origin));
      const placed = c.program.flatMap((w) => w.cells);
      expect(m.readCells(c.origin, placed.length)).toEqual(placed);
      // The program stays clear of the cells the trap sequence uses.
      for (const cell of trapVectorOf(isa).cells) expect(cell).toBeLessThan(c.origin);
    });
});

describe('guest layouts', () => {
  test.prop([guestLayout({ guestCells: { min: 1, max: 40 }, maxGuests: 5 })])('regions lie above the reserve, inside the host, apart', (l) => {
    const sorted = [...l.regions].sort((a, b) => a.base - b.base);
    sorted.forEach((r, i) => {
      expect(r.base).toBeGreaterThanOrEqual(l.reserve);
      expect(r.base + r.size).toBeLessThanOrEqual(l.hostCells);
      if (i > 0) expect(r.base).toBeGreaterThanOrEqual(sorted[i - 1]!.base + sorted[i - 1]!.size);
    });
  });
});
