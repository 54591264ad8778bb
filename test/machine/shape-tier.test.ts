/**
 * The shape tier (machine/shape-tier.ts) against the reference evaluator: on random states with
 * each instruction of every bundled ISA at the PC, one step of the compiled machine, whose single
 * instructions are the shape handlers bound to the word's fields, agrees with the reference step
 * on the trap (kind and value), halting, and every register and cell afterwards. The reach test
 * requires every instruction that has a handler to run whole through it, and every ISA to both
 * complete and trap. And the shape a handler reports for all its words is each word's own (the
 * per-word block compiler's), which blocks are built from.
 * VMCHECK_LONG=1 runs many more states.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { bundledIsas, withRamSize } from '../../spec/index.js';
import { Machine, MachineError, RefState, referenceFullStep, type MachineSnapshot } from '../../machine/index.js';
import { contextFor } from '../../machine/context.js';
import { BlockCompiler } from '../../machine/compile-block.js';
import { shapeHandler, shapeTier } from '../../machine/shape-tier.js';
import { instructionWordOf } from '../../testing/index.js';
import { oneInstructionState, type OneInstructionState } from '../vmm/one-instruction-states.js';

const long = process.env.VMCHECK_LONG === '1';

/** The bundled ISAs, those with a RAM size parameter with a small RAM (the reference evaluator is slow on a page walk). */
const isas: IsaDescription[] = bundledIsas.map((isa) => withRamSize(isa.name)?.(isa.name.startsWith('mips') ? 4096 : 256) ?? isa);

const cellsOf = (isa: IsaDescription) => isa.state.storage.cells;
const lengthOf = (isa: IsaDescription, insn: InstructionDecl) => insn.encoding.bits / isa.state.storage.cellBits;

interface Observed {
  trap?: { name: string; value: number | bigint };
  halted?: boolean;
  state?: MachineSnapshot;
  error?: boolean;
  /** The instruction run whole, and whether through a shape handler (undefined: not run whole). */
  shaped?: boolean;
}

const machines = new Map<IsaDescription, Machine>();

function compiled(isa: IsaDescription, s: OneInstructionState): Observed {
  let m = machines.get(isa);
  if (!m) machines.set(isa, (m = new Machine(isa, { storageCells: cellsOf(isa) })));
  m.restore(s.snapshot);
  try {
    const res = m.step();
    const single = res.mnemonic === s.insn.mnemonic ? m.internals().ctx.singleAt((k) => res.cells[k]) : undefined;
    return {
      ...(res.trap ? { trap: { name: res.trap.name, value: res.trap.value } } : {}),
      halted: res.halted,
      state: m.snapshot(),
      ...(single ? { shaped: single.shaped === true } : {}),
    };
  } catch (e) {
    if (e instanceof MachineError) return { error: true };
    throw e;
  }
}

function reference(isa: IsaDescription, s: OneInstructionState): Observed {
  try {
    const st = RefState.fromSnapshot(isa, s.snapshot, cellsOf(isa));
    const out = referenceFullStep(isa, st);
    st.apply(out.writes);
    return {
      ...(out.trap ? { trap: { name: out.trap.name, value: isa.traps.valueWidth > 52 ? out.trap.value : Number(out.trap.value) } } : {}),
      halted: out.halted,
      state: st.toSnapshot(out.halted, 1),
    };
  } catch (e) {
    if (e instanceof MachineError) return { error: true };
    throw e;
  }
}

/** Compares one state both ways; the compiled run's observation. */
function compare(isa: IsaDescription, s: OneInstructionState): Observed {
  const got = compiled(isa, s);
  const { shaped, ...rest } = got;
  expect(rest).toEqual(reference(isa, s));
  return got;
}

const runsOf = (isa: IsaDescription) => (long ? 1000 : isa.instructions.length > 100 ? 40 : 80);

describe('the shape tier agrees with the reference evaluator', () => {
  for (const isa of isas)
    test(`on random instructions and states of ${isa.name}`, () => {
      expect(shapeTier.enabled).toBe(true);
      const states = fc.constantFrom(...isa.instructions).chain((insn) => oneInstructionState(isa, insn, cellsOf(isa)));
      fc.assert(fc.property(states, (s) => void compare(isa, s)), { numRuns: runsOf(isa) });
    });
});

describe('the shape tier reaches', () => {
  /**
   * Each instruction's own states, with a fixed seed, until one runs it whole: every instruction
   * with a handler must run whole through it within a few states, every other one (no handler:
   * shape-tier.ts `eligible`) whole on its per-word function; each ISA must both complete and trap,
   * and most of its instructions have a handler (none where registers are mapped into storage).
   */
  // rv32-sv32 declares rv32's instructions with another map, which the random states above
  // exercise; its own walk through every instruction is a long-campaign one (as in
  // test/vmm/compiled-routine.test.ts).
  for (const isa of isas.filter((i) => long || i.name !== 'rv32-sv32'))
    test(`every instruction of ${isa.name}, run whole and compared, completing and trapping`, () => {
      const ctx = contextFor(isa, cellsOf(isa));
      const unreached: string[] = [];
      const wrongTier: string[] = [];
      const outcomes = new Set<string>();
      let handlers = 0;
      isa.instructions.forEach((insn, i) => {
        const eligible = shapeHandler(ctx, insn, lengthOf(isa, insn)) !== undefined;
        if (eligible) handlers++;
        const samples = fc.sample(oneInstructionState(isa, insn, cellsOf(isa)), { numRuns: 16, seed: 14 + i });
        const ran = samples.find((s) => {
          const o = compare(isa, s);
          outcomes.add(o.error ? 'error' : o.trap ? 'trap' : 'ok');
          return o.shaped !== undefined;
        });
        const o = ran && compiled(isa, ran);
        if (!o) unreached.push(insn.mnemonic);
        else if (o.shaped !== eligible) wrongTier.push(insn.mnemonic);
      });
      expect(unreached, `${isa.name}: instructions never run whole`).toEqual([]);
      expect(wrongTier, `${isa.name}: instructions run on the other tier than their eligibility says`).toEqual([]);
      // Registers mapped into storage (pdp11's PSW) keep an ISA on per-word functions.
      if (ctx.mapped.length > 0) expect(handlers, isa.name).toBe(0);
      else expect(handlers, `${isa.name}: instructions with a handler`).toBeGreaterThan(isa.instructions.length / 2);
      expect([...outcomes], isa.name).toEqual(expect.arrayContaining(['ok', 'trap']));
    });
});

describe("a handler's shape", () => {
  test("is every word's own where it claims so, on random words of every instruction of every bundled ISA", () => {
    let claimed = 0;
    for (const isa of isas) {
      const ctx = contextFor(isa, cellsOf(isa));
      for (const insn of isa.instructions) {
        const h = shapeHandler(ctx, insn, lengthOf(isa, insn));
        if (!h?.shape) continue;
        claimed++;
        for (const w of fc.sample(instructionWordOf(isa, insn, { addressRange: cellsOf(isa) }), { numRuns: long ? 40 : 6, seed: claimed })) {
          const d = ctx.decoder.decode((k) => w.cells[k]);
          if (d.kind !== 'insn' || d.insn !== insn) continue;
          expect(new BlockCompiler(ctx, 'block').add(d), `${isa.name} ${insn.mnemonic} ${JSON.stringify(w.fields)}`).toEqual(h.shape);
        }
      }
    }
    expect(claimed).toBeGreaterThan(1000);
  });

  test('is left to each word where a field decides a jump or a branch', () => {
    const rv32 = isas.find((i) => i.name === 'rv32')!;
    const ctx = contextFor(rv32, cellsOf(rv32));
    const of = (m: string) => shapeHandler(ctx, rv32.instructions.find((i) => i.mnemonic === m)!, 4)!;
    for (const m of ['JAL', 'JALR', 'BEQ', 'BLTU']) expect(of(m).shape, m).toBeUndefined();
    for (const m of ['ADDI', 'LW', 'SW', 'LUI']) expect(of(m).shape, m).toBeDefined();
  });
});
