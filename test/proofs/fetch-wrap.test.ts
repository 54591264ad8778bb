/**
 * A fetch that runs off the end of storage (proofs/run.ts): where storage fills every address
 * (the PDP-11/45's 18-bit physical space), the cell after the last is outside storage, as the
 * machine counts it, not cell 0. The checker counted wrapped addresses, so a two-word fetch at the
 * top of storage read cell 0 and gave a witness the machine refused (a whole pdp11 check stopped).
 */
import { expect, test } from 'vitest';
import { pdp11 } from '../../spec/isa/pdp11/index.js';
import { Machine, MachineError } from '../../machine/index.js';
import { withZ3 } from '../../proofs/z3.js';
import { val } from '../../proofs/terms.js';
import { fetchAt } from '../../proofs/run.js';

test('a two-cell fetch at the last cell of a storage that fills the address space is outside storage, for the checker as for the machine', async () => {
  const { addressBits, cellBits, cells } = pdp11.state.storage;
  expect(cells).toBe(2 ** addressBits);
  const at = async (pc: number) =>
    withZ3(async ({ ctx }) => {
      const mem = ctx.Array.K(ctx.BitVec.sort(addressBits), val(ctx, 0, cellBits));
      // Kernel mode, memory management off: virtual 0177777 is physical 0777777, the last cell.
      const regs = new Map(pdp11.state.registers.map((r) => [r.name, val(ctx, r.name === 'PC' ? pc : 0, r.width)]));
      const files = new Map(pdp11.state.files.map((f) => [f.name, Array.from({ length: f.count }, () => val(ctx, 0, f.width))]));
      const f = fetchAt(ctx, pdp11, { regs, files, mem }, 2);
      if (typeof f.outside === 'boolean') return f.outside;
      const s = new ctx.Solver();
      s.add(f.outside);
      const r = await s.check();
      s.release();
      return r === 'sat';
    });
  expect(await at(0o177777)).toBe(true);
  expect(await at(0o177774)).toBe(false);
  const m = new Machine(pdp11);
  m.setReg('PC', 0o177777);
  expect(() => m.step()).toThrow(MachineError);
}, 60_000);
