/**
 * Basic blocks: random short programs (loops, loads and stores into their own code, traps,
 * mode changes) run the same with run() — compiled blocks — as with step() and as on the
 * reference machine. With blocks compiled at the first entry, and after one or two entries in the
 * cold tier (machine/code-cache.ts `tiering`), so that short loops cross the tier boundary.
 */
import { describe, expect } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { encode, toCells } from '../../spec/encoding.js';
import { pg74Family } from '../../spec/isa/index.js';
import { Machine, RefState, referenceFullStep, type MachineSnapshot } from '../../machine/index.js';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';
import { pg74State, snapshotOf, STORAGE } from './arbitraries.js';

const STEPS = 40;

/** Field values that keep control and data near the program. */
function nearField(insn: InstructionDecl, name: string, width: number): fc.Arbitrary<number> {
  const mask = (v: number) => Number(BigInt.asUintN(width, BigInt(v)));
  if (width <= 4) return fc.integer({ min: 0, max: 5 }); // a few registers, so instructions depend on each other
  if (name === 'rel') return fc.integer({ min: -6, max: 6 }).map(mask);
  if (name === 'target') return fc.integer({ min: 0, max: 48 });
  if (insn.mnemonic === 'SVC' || insn.mnemonic === 'HALT') return fc.constant(0);
  return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -4, max: 40 }).map(mask) }, { weight: 1, arbitrary: fc.nat().map(mask) });
}

function programIn(isa: IsaDescription) {
  // HALT rarely, so programs run for a while.
  const insns = isa.instructions.filter((i) => i.mnemonic !== 'HALT');
  const one = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...insns) },
    { weight: 1, arbitrary: fc.constant(isa.instructions.find((i) => i.mnemonic === 'HALT')!) },
  ).chain((insn) =>
    fc.record(Object.fromEntries(insn.encoding.fields.map((f) => [f.name, nearField(insn, f.name, f.width)]))).map((fields) =>
      toCells(encode(insn, fields), insn.encoding, { cellBits: 32 }),
    ),
  );
  return fc.array(one, { minLength: 1, maxLength: 16 }).map((xs) => xs.flat());
}

const isaNamed = (name: string) => pg74Family.find((i) => i.name === name)!;

/** An ISA (by name, to keep counterexamples short), a state, and a program at its PC. */
const scenario = fc.constantFrom(...pg74Family.map((i) => i.name)).chain((name) =>
  fc.record({ state: pg74State, program: programIn(isaNamed(name)) }).map(({ state, program }) => {
    // Traps return to the program's start (physical, as the new PSW has L = 0).
    const s = { ...state, PC: state.PC % 32 };
    s.storage = [...s.storage];
    s.storage[9] = (s.L + s.PC) >>> 0;
    return { name, snapshot: snapshotOf(s, program) };
  }),
);

function reference(isa: IsaDescription, snap: MachineSnapshot): MachineSnapshot {
  const st = RefState.fromSnapshot(isa, snap, STORAGE);
  let steps = 0;
  let halted = false;
  while (steps < STEPS && !halted) {
    const out = referenceFullStep(isa, st);
    st.apply(out.writes);
    halted = out.halted;
    steps++;
  }
  return st.toSnapshot(halted, steps);
}

/** Runs of an address in the cold tier before its block is compiled (1: at the first entry). */
const tier = fc.constantFrom(1, 2, 3);

/**
 * A machine whose code cache tiers after `runs` entries (it reads the setting when it is made),
 * with no hint from earlier machines that an address is hot (CompileContext.hot).
 */
function tiered(isa: IsaDescription, runs: number): Machine {
  const saved = tiering.runs;
  tiering.runs = runs;
  contextFor(isa, STORAGE).hot.clear();
  try {
    return new Machine(isa, { storageCells: STORAGE });
  } finally {
    tiering.runs = saved;
  }
}

describe('compiled blocks', () => {
  fcTest.prop([scenario, tier])('run() agrees with step() and with the reference machine', ({ name, snapshot }, runs) => {
    const isa = isaNamed(name);
    const byRun = tiered(isa, runs);
    byRun.restore(snapshot);
    byRun.run(STEPS);
    const byStep = new Machine(isa, { storageCells: STORAGE });
    byStep.restore(snapshot);
    for (let i = 0; i < STEPS && !byStep.halted; i++) byStep.step();
    const expected = reference(isa, snapshot);
    expect(byStep.snapshot()).toEqual(expected);
    expect(byRun.snapshot()).toEqual(expected);
  });
  fcTest.prop([scenario, fc.integer({ min: 1, max: STEPS }), tier])('a run split in two pieces ends where one run does', ({ name, snapshot }, k, runs) => {
    const isa = isaNamed(name);
    const whole = tiered(isa, runs);
    whole.restore(snapshot);
    whole.run(STEPS);
    const split = tiered(isa, runs);
    split.restore(snapshot);
    const first = split.run(k).steps;
    split.run(STEPS - first);
    expect(split.snapshot()).toEqual(whole.snapshot());
  });
});
