/**
 * The blocks of an interpreted level are shared by every guest of one compile context
 * (vmm/virtual-code.ts) and an entry seen unchanged is not compared again while no marked cell has
 * been written since (the real machine's code-cache generation). So code rewritten between runs —
 * by any way storage can be written from outside, on the same guest, or a new guest with other code
 * at the same addresses — must run as written, as on a bare machine.
 */
import { describe, expect, test } from 'vitest';
import { pg74 } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { assemble, loadProgram, type Program } from '../../asm/index.js';
import { buildStack, type VirtualMachine } from '../../vmm/index.js';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';

const CELLS = 64;

/** A supervisor loop (interpreted by the hybrid monitor) long enough to compile its blocks; r1 = 100 k. */
const program = (k: number): Program =>
  assemble(
    pg74,
    `
        .org 16
        ldi r0, 0
        ldi r1, 0
        lil r3, 100
loop:   addi r1, r1, ${k}
        addi r3, r3, -1
        bne r3, r0, loop
        halt
`,
    `add-${k}.s`,
  );

function cellsOf(p: Program): Map<number, number> {
  const m = new Machine(pg74, { storageCells: CELLS });
  loadProgram(p, m);
  const out = new Map<number, number>();
  for (const [a, v] of m.snapshot().storage) out.set(a, Number(v));
  return out;
}

function bareR1(p: Program): number {
  const m = new Machine(pg74, { storageCells: CELLS });
  loadProgram(p, m);
  m.run(10_000);
  return m.getFile('r', 1);
}

function guest(): VirtualMachine {
  return buildStack(pg74, { guestCells: CELLS, hybrid: true }).guests[0]!;
}

/** Runs again from the top (the storage as it is now). */
function rerun(g: VirtualMachine): number {
  g.isHalted = false;
  g.setReg('PC', 16);
  g.setReg('M', 1);
  const r = g.run(10_000);
  expect(r.reason).toBe('halted');
  expect(g.statistics().interpreted).toBeGreaterThan(300);
  return g.getFile('r', 1);
}

const changed = (() => {
  const a = cellsOf(program(1));
  const b = cellsOf(program(2));
  return [...b].filter(([addr, v]) => a.get(addr) !== v);
})();

const rewrites: [string, (g: VirtualMachine) => void][] = [
  ['writeCell', (g) => changed.forEach(([a, v]) => g.writeCell(a, v))],
  ['loadCells', (g) => changed.forEach(([a, v]) => g.loadCells(a, [v]))],
  ['fillCells', (g) => changed.forEach(([a, v]) => g.fillCells(a, 1, v))],
  ['restore', (g) => g.restore({ ...g.snapshot(), storage: [...cellsOf(program(2))].sort((x, y) => x[0] - y[0]) })],
];

describe('shared interpreted blocks follow the code in storage', () => {
  test('the rewrite changes one instruction word', () => {
    expect(changed.length).toBe(1);
    expect([bareR1(program(1)), bareR1(program(2))]).toEqual([100, 200]);
  });

  test.each(rewrites)('code rewritten with %s between two runs of one guest', (_, rewrite) => {
    const g = guest();
    loadProgram(program(1), g);
    // Twice: the first run compiles the loop's block, the second sees it unchanged.
    expect(rerun(g)).toBe(100);
    expect(rerun(g)).toBe(100);
    rewrite(g);
    expect(rerun(g)).toBe(200);
  });

  test('a new guest with other code at the same addresses', () => {
    const a = guest();
    loadProgram(program(1), a);
    expect(rerun(a)).toBe(100);
    expect(rerun(a)).toBe(100);
    const b = guest();
    loadProgram(program(2), b);
    expect(rerun(b)).toBe(200);
    expect(rerun(a)).toBe(100);
  });
});

describe('tiering per guest', () => {
  /** The supervisor loop of `passes` passes. */
  const short = (passes: number): Program =>
    assemble(pg74, `\n        .org 16\n        ldi r0, 0\n        ldi r1, 0\n        lil r3, ${passes}\nloop:   addi r1, r1, 1\n        addi r3, r3, -1\n        bne r3, r0, loop\n        halt\n`, `short-${passes}.s`);

  test("a cold address counts its runs in each guest, as in each bare machine: a new guest does not finish an earlier one's count", () => {
    const saved = { ...tiering };
    tiering.runs = 4;
    tiering.guestRuns = 4;
    const hot = contextFor(pg74, CELLS).hot;
    const LOOP = short(3).symbols['loop']!;
    try {
      hot.clear();
      const run = (g: VirtualMachine) => {
        g.isHalted = false;
        g.setReg('PC', 16);
        g.setReg('M', 1);
        expect(g.run(1000).reason).toBe('halted');
        expect(g.getFile('r', 1)).toBe(3);
      };
      const a = guest();
      loadProgram(short(3), a);
      run(a);
      expect(hot.has(LOOP), 'after 3 passes in one guest').toBe(false);
      const b = guest();
      loadProgram(short(3), b);
      run(b);
      // Counts summed over guests would have reached 4 here.
      expect(hot.has(LOOP), 'after 3 passes in each of two guests').toBe(false);
      run(a);
      expect(hot.has(LOOP), 'after 6 passes in one guest').toBe(true);
    } finally {
      Object.assign(tiering, saved);
      hot.clear();
    }
  });
});
