/**
 * The compiled interpreter routines do exactly what the reference routine (the reference evaluator
 * over a view of the virtual state, `interpretInstruction`) does: on random states with each
 * instruction of every bundled ISA at the PC (rv32 with a small RAM; the status-register and
 * paged test machines too), the same outcome — completed, halted, or which trap with what value —
 * the same instruction reported, the same virtual state afterwards (registers, counters, storage),
 * the same trap sequence after a trap, and the same pending interrupt. With the guest's user state
 * on the host and off it. A machine error (an access outside storage) is one on both.
 * VMCHECK_LONG=1 runs many more states, and walks rv32-sv32's instructions one by one too.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { pg74Family, rv32Sv32WithRam, rv32WithRam } from '../../spec/index.js';
import { MachineError, pendingInterrupt, referenceTrapSequence } from '../../machine/index.js';
import { advanceTiming, applyWrites, buildStack, interpretInstruction, machineView, type VirtualMachine } from '../../vmm/index.js';
import { compiledStateOf, type CompiledState } from '../../vmm/compiled-state.js';
import { compiledInterrupt, runCompiledSequence, runCompiledStep } from '../../vmm/compiled-routine.js';
import { sr8, sr8010 } from '../machine/status-register-isa.js';
import { paged8 } from '../machine/paged-isa.js';
import { w36 } from '../spec/w36-isa.js';
import { w60, w64 } from '../spec/w64-isa.js';
import { oneInstructionState, type OneInstructionState } from './one-instruction-states.js';

const long = process.env.VMCHECK_LONG === '1';
const isas: IsaDescription[] = [...pg74Family, rv32WithRam(256), rv32Sv32WithRam(256), sr8, sr8010, paged8, w36, w64, w60];

/** Guest storage: all of it for a described map (virtual = real), a small region otherwise. */
const cellsOf = (isa: IsaDescription) => (isa.state.addressMap.kind === 'described' ? isa.state.storage.cells : Math.min(64, 2 ** isa.state.storage.addressBits));

interface Summary {
  status?: 'ok' | 'halt' | 'trap';
  trap?: { kind: number; value: number | bigint };
  mnemonic?: string;
  cells?: readonly (number | bigint)[];
  error?: boolean;
}

/** The outcome, or that it was a machine error. */
function guarded(f: () => Summary): Summary {
  try {
    return f();
  } catch (e) {
    if (e instanceof MachineError) return { error: true };
    throw e;
  }
}

interface Pair {
  ref: VirtualMachine;
  compiled: VirtualMachine;
  st: CompiledState;
}

function pairFor(isa: IsaDescription): Pair {
  const guest = () => buildStack(isa, { guestCells: cellsOf(isa), reserve: 0 }).guests[0]!;
  const ref = guest();
  const compiled = guest();
  return { ref, compiled, st: compiledStateOf(compiled)! };
}

function place(g: VirtualMachine, s: OneInstructionState): void {
  g.restore(s.snapshot);
  if (s.resident) {
    g.monitor.activate(g);
    poisonUserCopy(g);
  } else if (g.monitor.resident) {
    g.monitor.resident.moveOff();
    g.monitor.resident = undefined;
  }
}

/**
 * While the guest is resident its user registers live on the host, and `V`'s copies of them are
 * stale: garbage there, so that a routine that brings in fewer user registers than it reads
 * (vmm/routine-slots.ts) computes with garbage and disagrees.
 */
function poisonUserCopy(g: VirtualMachine): void {
  for (let s = 0; s < g.layout.size; s++) if (!g.isSystemSlot(s)) g.V[s] = g.V instanceof Int32Array ? 0x5eed0000 | s : 3 + s;
}

/** Runs the state both ways and compares everything; returns the compiled run's summary. */
function compare(isa: IsaDescription, p: Pair, s: OneInstructionState): Summary {
  place(p.ref, s);
  place(p.compiled, s);
  expect(compiledInterrupt(p.st), 'pending interrupt').toBe(
    ((t) => (t === undefined ? -1 : isa.traps.kinds.findIndex((k) => k.name === t)))(isa.traps.interrupts ? pendingInterrupt(isa, machineView(p.ref)) : undefined),
  );
  const ref = guarded(() => {
    const step = interpretInstruction(p.ref);
    const o = step.outcome;
    const named = step.decoded ? { mnemonic: step.decoded.insn.mnemonic } : {};
    if (o.kind === 'ok') {
      advanceTiming(p.ref, o.writes);
      return { status: o.halt ? 'halt' : 'ok', cells: step.cells, ...named };
    }
    return { status: 'trap', trap: { kind: isa.traps.kinds.findIndex((k) => k.name === o.trap), value: isa.traps.valueWidth > 52 ? o.value : Number(o.value) }, cells: step.cells, ...named };
  });
  const got = guarded(() => {
    const r = runCompiledStep(p.st);
    const named = r.mnemonic !== undefined ? { mnemonic: r.mnemonic } : {};
    if (r.status !== 2) return { status: r.status === 1 ? 'halt' : 'ok', cells: [...r.cells], ...named };
    return { status: 'trap', trap: { kind: r.trapKind, value: r.trapValue }, cells: [...r.cells], ...named };
  });
  expect(got).toEqual(ref);
  expect(p.compiled.snapshot()).toEqual(p.ref.snapshot());
  if (got.trap) {
    const { kind, value } = got.trap;
    const refSeq = guarded(() => {
      applyWrites(p.ref, referenceTrapSequence(isa, isa.traps.kinds[kind]!.name, BigInt(value), machineView(p.ref)));
      advanceTiming(p.ref);
      return {};
    });
    const seq = guarded(() => {
      runCompiledSequence(p.st, kind, value);
      return {};
    });
    expect(seq, 'trap sequence').toEqual(refSeq);
    expect(p.compiled.snapshot()).toEqual(p.ref.snapshot());
  }
  return got;
}

/** Random states of random instructions per ISA (rv32's run the slow reference page walk: fewer); many more under VMCHECK_LONG. */
const runsOf = (isa: IsaDescription) => (long ? 2000 : isa.instructions.length > 100 ? 25 : 100);

describe('compiled interpreter routines agree with the reference routine', () => {
  for (const isa of isas)
    test(`on random instructions and states of ${isa.name}`, () => {
      const p = pairFor(isa);
      const states = fc.constantFrom(...isa.instructions).chain((insn) => oneInstructionState(isa, insn, cellsOf(isa)));
      fc.assert(
        fc.property(states, (s) => {
          compare(isa, p, s);
        }),
        { numRuns: runsOf(isa) },
      );
    });
});

describe('the states reach', () => {
  /**
   * Each instruction's own states, with a fixed seed, compared as above, until one runs the
   * instruction whole (fetched, decoded, executed: not a fetch fault): every instruction of every
   * ISA must get there within a few states, and each ISA must both complete and trap.
   */
  // rv32-sv32 declares rv32's instructions (one builder) with another map, which the random
  // states above exercise; its own walk through every instruction (3 s) is a long-campaign one.
  for (const isa of isas.filter((i) => long || i.name !== 'rv32-sv32'))
    test(`every instruction of ${isa.name}, run whole and compared, completing and trapping`, () => {
      const p = pairFor(isa);
      const unreached: string[] = [];
      const outcomes = new Set<string>();
      isa.instructions.forEach((insn: InstructionDecl, i) => {
        const samples = fc.sample(oneInstructionState(isa, insn, cellsOf(isa)), { numRuns: 12, seed: 14 + i });
        const reached = samples.some((s) => {
          const r = compare(isa, p, s);
          outcomes.add(r.status ?? 'error');
          return r.mnemonic === insn.mnemonic;
        });
        if (!reached) unreached.push(insn.mnemonic);
      });
      expect(unreached, `${isa.name}: instructions never fetched whole and run`).toEqual([]);
      expect([...outcomes], isa.name).toEqual(expect.arrayContaining(['ok', 'trap']));
    });
});
