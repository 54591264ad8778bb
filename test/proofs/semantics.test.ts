/**
 * The translation to Z3 means what the emulator does: random instructions on random concrete
 * states, stepped by the reference machine and evaluated by Z3 through the very terms the
 * definitions are built from; and random expressions over every node kind and operator. Plus the
 * regression test for z3-solver's finalization crash (ENGINEERING.md).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { test as prop } from '@fast-check/vitest';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import type { Expr } from '../../spec/ast.js';
import { pg74 } from '../../spec/isa/index.js';
import { extendIsa } from '../../spec/compose.js';
import { Machine, MachineError } from '../../machine/index.js';
import { concreteStep } from '../../proofs/concrete.js';
import { withZ3, z3GateStats } from '../../proofs/z3.js';
import { stateOf, type GenState } from './arbitraries.js';
import { expression32 } from './expressions.js';
import { z3Runs } from './laws.js';
import { toy16 } from './toy16.js';

/** Steps `g` on the emulator and through Z3, and compares everything the step can change. */
async function expectAgreement(isa: IsaDescription, g: GenState): Promise<void> {
  const m = new Machine(isa);
  for (const [k, v] of Object.entries(g.registers)) m.setReg(k, v);
  for (const [k, vs] of Object.entries(g.files)) vs.forEach((v, i) => m.setFile(k, i, v));
  for (const [a, v] of g.storage) m.writeCell(a, v);
  let step;
  try {
    step = m.step();
  } catch (e) {
    if (!(e instanceof MachineError)) throw e;
  }
  const written = step?.writes.flatMap((w) => (w.kind === 'store' ? [w.addr] : [])) ?? [];
  const z = await concreteStep(isa, g.insn, g.fields, g, written);
  if (!step) {
    expect(z.trap, 'the emulator stopped with an error: a physical access outside storage').toBe('outside');
    return;
  }
  expect(z.trap === 'outside' ? 'outside' : z.trap?.name, 'trap').toBe(step.trap?.name);
  if (step.trap) expect(z.trap !== 'outside' && z.trap?.value, 'trap value').toBe(step.trap.value);
  expect(z.halted, 'halted').toBe(step.halted);
  const snap = m.snapshot();
  expect(z.registers, 'registers').toEqual(snap.registers);
  expect(z.files, 'files').toEqual(snap.files);
  for (const [a, v] of z.cells) if (a < m.storageCells) expect(v, `E[${a}]`).toBe(m.readCell(a));
}

// First, while the context holds little garbage: the drain after the check then stays short.
describe('z3-solver finalization workaround', () => {
  test('Z3 objects collected during a check are freed after it, and the answer is right', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const before = z3GateStats().deferred;
    const answer = await withZ3(async ({ ctx }) => {
      // Thousands of throw-away terms whose finalizers will fire while the check below runs.
      for (let i = 0; i < 2000; i++) ctx.BitVec.const(`junk${i}`, 32).add(i).mul(3);
      // Two non-overlapping 3-byte stores commute: a byte-array query of about half a second (unsat).
      const A = ctx.BitVec.sort(32);
      const mem = ctx.Array.const('mem', A, ctx.BitVec.sort(8));
      const [a, b, x, y, j] = ['a', 'b', 'x', 'y', 'j'].map((n) => ctx.BitVec.const(n, 32));
      type Mem = typeof mem;
      type V = NonNullable<typeof a>;
      const store3 = (m: Mem, at: V, v: V): Mem => [0, 1, 2].reduce((acc, k) => acc.store(at.add(k), v.extract(8 * k + 7, 8 * k) as never) as Mem, m);
      const one = store3(store3(mem, a!, x!), b!, y!);
      const other = store3(store3(mem, b!, y!), a!, x!);
      const s = new ctx.Solver();
      s.add(b!.sub(a!).uge(3), a!.sub(b!).uge(3), one.select(j!).neq(other.select(j!)));
      let done = false;
      const pending = s.check().finally(() => (done = true));
      for (let k = 0; k < 5 && !done; k++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      const r = await pending;
      s.release();
      return r;
    });
    expect(answer).toBe('unsat');
    expect(z3GateStats().deferred).toBeGreaterThan(before);
    expect(z3GateStats().busy).toBe(0);
  }, 30_000);
});

describe('the Z3 translation agrees with the emulator', () => {
  prop.prop([stateOf(pg74)], { numRuns: z3Runs(80) })('pg74: random instruction, random state', (g) => expectAgreement(pg74, g));

  prop.prop([stateOf(toy16)], { numRuns: z3Runs(60) })('toy16: byte cells, three levels, hard-wired and system files', (g) => expectAgreement(toy16, g));

  /** pg74 plus one instruction that writes a random expression to r[ra]. */
  const withExpression = (e: Expr): { isa: IsaDescription; insn: InstructionDecl } => {
    const insn: InstructionDecl = {
      mnemonic: 'EXPR',
      cite: 'test',
      class: 'innocuous',
      encoding: {
        bits: 32,
        fixed: [{ hi: 31, lo: 24, value: 0x7f }],
        fields: [
          { name: 'ra', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 20 }], operand: { kind: 'register', file: 'r' } },
          { name: 'rb', width: 4, slices: [{ fieldHi: 3, fieldLo: 0, at: 16 }], operand: { kind: 'register', file: 'r' } },
          { name: 'imm', width: 16, slices: [{ fieldHi: 15, fieldLo: 0, at: 0 }], operand: { kind: 'immediate', signed: false } },
        ],
      },
      syntax: 'expr {ra}, {rb}, {imm}',
      semantics: [{ kind: 'assign', target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'ra' } }, value: e }],
    };
    return { isa: extendIsa(pg74, { name: 'pg74-expr', summary: 'pg74 and one random expression', add: [insn] }), insn };
  };

  const isaAndState = expression32.chain((e) => {
    const { isa, insn } = withExpression(e);
    return stateOf(isa, insn).map((g) => ({ isa, g }));
  });

  prop.prop([isaAndState], { numRuns: z3Runs(60) })('every expression kind and operator, widths 1 to 64', ({ isa, g }) => expectAgreement(isa, g));
});
