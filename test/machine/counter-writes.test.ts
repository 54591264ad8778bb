/**
 * An explicit write of a timing register is the value the next instruction reads: the writing
 * step does not advance it, nor carry into it (spec/timing.ts; RISC-V unprivileged spec, Zicsr:
 * "the explicit write is done instead of the update"). On rv32 bare, as a guest (emulated and
 * interpreted), and in the reference step; the three-way property (test/proofs/three-way.test.ts)
 * holds the compiled step, the reference and Z3 to the rule on random writes of sem8's T.
 */
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../asm/index.js';
import { Machine, referenceFullStep } from '../../machine/index.js';
import { rv32 } from '../../spec/isa/index.js';
import { buildStack } from '../../vmm/index.js';

const source = `
        .org 0, 0x80000000
        addi  x1, x0, 5
        csrrw x0, minstret, x1
        csrrs x2, minstret, x0   # 5: the write was not advanced
        addi  x3, x0, -1
        csrrw x0, mcycleh, x0
        csrrw x0, mcycle, x3     # 0xffffffff: no carry into mcycleh from this step
        csrrs x4, mcycleh, x0    # 0
        csrrs x5, minstret, x0   # 5 + the five instructions since the write: 10
        addi  x6, x0, 1
        csrrw x0, minstreth, x6  # the high half written: minstret still counts
        csrrs x7, minstret, x0   # 13
        csrrs x8, minstreth, x0  # 1
        ebreak
`;

const expected = (x: readonly (number | bigint)[]) => {
  expect(x[2]).toBe(5);
  expect(x[4]).toBe(0);
  expect(x[5]).toBe(10);
  expect(x[7]).toBe(13);
  expect(x[8]).toBe(1);
};

describe('an explicit write of a counter is not advanced by the step that writes it', () => {
  const image = assemble(rv32, source, 'counters.s');

  test('rv32 bare (compiled blocks, and one step at a time)', () => {
    for (const mode of ['run', 'step'] as const) {
      const m = new Machine(rv32);
      loadProgram(image, m);
      if (mode === 'run') m.run(13);
      else for (let i = 0; i < 13; i++) m.step();
      expected(m.snapshot().files.x!);
    }
  });

  test('the reference step writes the explicit value and no tick for it', () => {
    const m = new Machine(rv32);
    loadProgram(image, m);
    m.step(); // li x1, 5
    const view = {
      reg: (n: string) => BigInt(m.getReg(n)),
      file: (n: string, i: number) => BigInt(m.getFile(n, i)),
      cell: (p: bigint) => (p < BigInt(m.storageCells) ? BigInt(m.readCell(Number(p))) : undefined),
      storageCells: m.storageCells,
    };
    const s = referenceFullStep(rv32, view);
    const minstret = s.writes.filter((w) => w.kind === 'reg' && w.name === 'minstret');
    expect(minstret.map((w) => (w as { value: bigint }).value)).toEqual([5n]);
    expect(s.writes.some((w) => w.kind === 'reg' && w.name === 'mcycle')).toBe(true);
  });

  for (const [what, options] of [
    ['under the monitor', {}],
    ['under the hybrid monitor', { hybrid: true }],
  ] as const)
    test(`rv32 as a guest ${what} (M-mode code, the writes emulated or interpreted)`, () => {
      const stack = buildStack(rv32, { guestCells: rv32.state.storage.cells, reserve: 0, ...options });
      const guest = stack.guests[0]!;
      loadProgram(image, guest);
      guest.run(13);
      expected(guest.snapshot().files.x!);
    });
});
