/**
 * The law that keeps the compiler honest: for every instruction (pg74 and the variants'), on
 * random states, the compiled machine's step() and the reference evaluator agree on whether it
 * traps, which trap and with what value, halting, and every register and storage cell afterwards.
 */
import { describe, expect, test } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { Machine, RefState, referenceFullStep, type MachineSnapshot } from '../../machine/index.js';
import { anyInstructionState, STORAGE, stateWith, subjects, type GenState } from './arbitraries.js';

interface Observed {
  trap?: { name: string; value: number | bigint };
  halted: boolean;
  state: MachineSnapshot;
}

function compiled(g: GenState): Observed {
  const m = new Machine(g.isa, { storageCells: STORAGE });
  m.restore(g.snapshot);
  const res = m.step();
  return { ...(res.trap ? { trap: { name: res.trap.name, value: res.trap.value } } : {}), halted: res.halted, state: m.snapshot() };
}

function reference(g: GenState): Observed {
  const st = RefState.fromSnapshot(g.isa, g.snapshot, STORAGE);
  const out = referenceFullStep(g.isa, st);
  st.apply(out.writes);
  return {
    ...(out.trap ? { trap: { name: out.trap.name, value: g.isa.traps.valueWidth > 52 ? out.trap.value : Number(out.trap.value) } } : {}),
    halted: out.halted,
    state: st.toSnapshot(out.halted, 1),
  };
}

describe('compiled and reference evaluation agree', () => {
  for (const subject of subjects) {
    fcTest.prop([stateWith(subject)])(`on ${subject.insn.mnemonic} (${subject.isa.name})`, (g) => {
      expect(compiled(g)).toEqual(reference(g));
    });
  }
});

describe('the generator', () => {
  test('reaches both modes, traps and non-traps, memory traps, and every instruction', () => {
    const samples = fc.sample(anyInstructionState, { numRuns: 2500, seed: 74 });
    const observed = samples.map((g) => [g, compiled(g)] as const);
    const count = (p: (g: GenState, o: Observed) => boolean) => observed.filter(([g, o]) => p(g, o)).length;
    const modes = new Set(samples.map((g) => g.snapshot.registers.M));
    expect([...modes].sort()).toEqual([0, 1]);
    expect(new Set(samples.map((g) => g.insn.mnemonic)).size).toBe(subjects.length);
    const traps = count((_, o) => o.trap !== undefined);
    expect(traps).toBeGreaterThan(250);
    expect(samples.length - traps).toBeGreaterThan(250);
    expect(count((g, o) => o.trap?.name === 'memory' && g.insn.mnemonic === 'LD')).toBeGreaterThan(10);
    expect(count((g, o) => o.trap === undefined && g.insn.mnemonic === 'LD')).toBeGreaterThan(10);
    expect(count((g, o) => o.trap?.name === 'privileged')).toBeGreaterThan(10);
    expect(count((g, o) => o.trap === undefined && g.insn.class === 'privileged')).toBeGreaterThan(10);
  });
});
