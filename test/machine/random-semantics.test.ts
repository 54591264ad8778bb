/**
 * The compiled machine and the reference evaluator agree on random semantics (random-semantics.ts)
 * — the Z3-free half of test/proofs/three-way.test.ts, cheap enough to run through blocks too:
 * X after a NOP or two inside one compiled block, run() for a few steps (X may jump back to
 * itself, and the block loop in place), against as many reference steps and against step().
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import fc from 'fast-check';
import type { IsaDescription } from '../../spec/description.js';
import { Machine, MachineError, RefState, referenceFullStep, type MachineSnapshot } from '../../machine/index.js';
import { caseOf, semanticsCase, type SemState } from './random-semantics.js';

type SemanticsCase = { block: Parameters<typeof caseOf>[0]; state: SemState; endianness: Parameters<typeof caseOf>[2]; wide: boolean };
import { expectTwoWay } from './three-way.js';

prop.prop([semanticsCase])('one step of a random block: machine and reference, little- and big-endian, with registers wider than 32 bits a quarter of the time', ({ block, state, endianness, wide }) => {
  expectTwoWay(caseOf(block, state, endianness, wide));
});

/** The state with `lead` NOPs (zero cells) before X, and the PC at the first of them. */
function withLead(state: SemState, lead: number): MachineSnapshot | undefined {
  const PC = Number(state.registers.PC);
  const OFF = Number(state.registers.OFF);
  const at = (PC + OFF) % 256;
  if (at < 2 * lead || PC < 2 * lead) return undefined;
  const storage = state.storage.filter(([a]) => a < at - 2 * lead || a >= at);
  return { registers: { ...state.registers, PC: PC - 2 * lead }, files: state.files, storage, halted: false, steps: 0 };
}

interface Outcome {
  error: boolean;
  state?: MachineSnapshot;
}

function reference(isa: IsaDescription, snap: MachineSnapshot, steps: number): Outcome {
  const st = RefState.fromSnapshot(isa, snap);
  let halted = false;
  let n = 0;
  for (; n < steps && !halted; n++) {
    let out;
    try {
      out = referenceFullStep(isa, st);
    } catch (e) {
      if (e instanceof MachineError) return { error: true };
      throw e;
    }
    st.apply(out.writes);
    halted = out.halted;
  }
  return { error: false, state: st.toSnapshot(halted, n) };
}

function machine(isa: IsaDescription, snap: MachineSnapshot, steps: number, how: 'run' | 'step'): Outcome {
  const m = new Machine(isa);
  m.restore(snap);
  try {
    if (how === 'run') m.run(steps);
    else for (let i = 0; i < steps && !m.halted; i++) m.step();
  } catch (e) {
    if (e instanceof MachineError) return { error: true };
    throw e;
  }
  return { error: false, state: m.snapshot() };
}

/** Runs a case through compiled blocks and one step at a time, against the reference. */
function expectBlocksAgree({ block, state, endianness, wide }: SemanticsCase, lead: number, steps: number): void {
  const { isa, storage } = caseOf(block, state, endianness, wide);
  const snap = withLead({ ...state, storage }, lead);
  fc.pre(snap !== undefined);
  const ref = reference(isa, snap!, steps);
  expect(machine(isa, snap!, steps, 'step'), 'step()').toEqual(ref);
  expect(machine(isa, snap!, steps, 'run'), 'run()').toEqual(ref);
}

prop.prop([semanticsCase, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 6 })])('runs through compiled blocks: run(), step() and the reference', expectBlocksAgree);

test('run() fetches anew after an instruction changes the map it was fetched through and jumps to its own PC', () => {
  // Found by the property above (seed 2019988742): X writes the relocation register OFF and
  // jumps to its own PC; the run loop's fetch memo kept the map registers as they were after the
  // block, so the next fetch reused X's translation instead of the NOP now at that PC.
  const [c, lead, steps] = JSON.parse(readFileSync(new URL('./fixtures/fetch-memo-map-write.json', import.meta.url), 'utf8')) as [SemanticsCase, number, number];
  expectBlocksAgree(c, lead, steps);
  const { isa, storage } = caseOf(c.block, c.state, c.endianness, c.wide);
  const snap = withLead({ ...c.state, storage }, lead)!;
  // The second step is the NOP's: the PC moves on.
  expect(machine(isa, snap, steps, 'run').state?.registers.PC).toBe(Number(c.state.registers.PC) + 2);
});
