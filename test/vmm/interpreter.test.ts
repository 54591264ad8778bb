/**
 * The interpreter routine fetches and decodes with a compiled address map and a decode cache;
 * whatever it reports must be exactly what the reference step reports on the same state — the
 * same cells, the same decoding, the same trap and value (fetch faults, illegal words, two-cell
 * instructions at the bound included), the same writes in the same order.
 */
import { describe, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { pg74Family } from '../../spec/index.js';
import { Machine, referenceStep } from '../../machine/index.js';
import { guestCase } from '../../testing/index.js';
import { interpretInstruction, machineView } from '../../vmm/index.js';
import { runs } from './helpers.js';

const CELLS = 48;

describe('interpretInstruction agrees with referenceStep', () => {
  for (const isa of pg74Family)
    test.prop([guestCase(isa, { cells: CELLS, maxLength: 8 }), fc.option(fc.integer({ min: 0, max: CELLS + 2 }), { nil: undefined })], runs(200))(isa.name, (c, pc) => {
      const a = new Machine(isa, { storageCells: CELLS });
      const b = new Machine(isa, { storageCells: CELLS });
      for (const m of [a, b]) {
        m.restore(c.image);
        if (pc !== undefined) m.setReg(isa.state.pc, pc);
      }
      const expected = referenceStep(isa, machineView(a));
      const got = interpretInstruction(b);
      expect({ ...got, decoded: got.decoded && { m: got.decoded.insn.mnemonic, f: got.decoded.fields, n: got.decoded.cells } }).toEqual({
        ...expected,
        decoded: expected.decoded && { m: expected.decoded.insn.mnemonic, f: expected.decoded.fields, n: expected.decoded.cells },
      });
    });
});
