/** The benchmark's hand-written baseline computes what the machine computes (not a timing test). */
import { expect, test } from 'vitest';
import { pg74 } from '../../spec/isa/pg74.js';
import { Machine } from '../../machine/index.js';
import { BaselinePg74 } from '../../bench/baseline-pg74.js';
import { benchProgram, ORIGIN } from '../../bench/program.js';

test('the baseline interpreter and the machine agree on the benchmark program', () => {
  const program = benchProgram(3, 50);
  const m = new Machine(pg74);
  m.loadCells(ORIGIN, program);
  const run = m.run();
  const b = new BaselinePg74(pg74.state.storage.cells);
  b.E.set(program, ORIGIN);
  const steps = b.run(1e7);
  expect(run).toEqual({ reason: 'halted', steps });
  expect(b.halted).toBe(true);
  expect(Array.from(b.r, (v) => v >>> 0)).toEqual(m.snapshot().files.r);
  expect([b.pc, b.clk]).toEqual([m.getReg('PC'), m.getReg('CLK')]);
  expect(Array.from(b.E.subarray(0x4000, 0x4000 + 50), (v) => v >>> 0)).toEqual(m.readCells(0x4000, 50));
});

test('the baseline interpreter and the machine agree on the example OS (traps, LPSW, relocation)', async () => {
  const { readFileSync } = await import('node:fs');
  const { assemble } = await import('../../asm/index.js');
  const { segments } = assemble(pg74, readFileSync('examples/pg74/os.s', 'utf8'), 'os.s');
  const m = new Machine(pg74);
  const b = new BaselinePg74(pg74.state.storage.cells);
  for (const s of segments) {
    m.loadCells(s.place, s.cells);
    b.E.set(s.cells as number[], s.place);
  }
  const run = m.run(10_000);
  const steps = b.run(10_000);
  expect(run).toEqual({ reason: 'halted', steps });
  expect(Array.from(b.r, (v) => v >>> 0)).toEqual(m.snapshot().files.r);
  expect([b.m, b.pc, b.l, b.b, b.clk]).toEqual(['M', 'PC', 'L', 'B', 'CLK'].map((n) => m.getReg(n)));
  expect(Array.from(b.E.subarray(0, 0x1100), (v) => v >>> 0)).toEqual(m.readCells(0, 0x1100));
});
