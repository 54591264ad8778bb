/**
 * One machine step on a concrete state, computed by Z3: the state becomes constants, the step
 * the same terms the definitions are built from, and a model evaluates them. This is the
 * translation's side of the semantics↔emulator agreement property (issue 3 §1).
 */
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { withZ3 } from './z3.js';
import { val, type BV, type Mem } from './terms.js';
import { symbolicInsn } from './instruction.js';
import { stepInsn } from './run.js';
import { evalBV, evalCond } from './witness-model.js';
import type { SymState } from './state.js';

/** Values wider than 52 bits are bigints, as the machine gives them (machine/layout.ts); any value may be one. */
export interface ConcreteInput {
  registers: Readonly<Record<string, number | bigint>>;
  files: Readonly<Record<string, readonly (number | bigint)[]>>;
  /** Non-zero storage cells, [physical address, value]; every other cell is 0 (a cell wider than 52 bits may be a bigint). */
  storage: readonly (readonly [number, number | bigint])[];
}

export interface ConcreteStep {
  /** The trap taken, if any; `outside` when a physical access fell outside storage (no trap defined). */
  trap?: { name: string; value: number | bigint } | 'outside';
  halted: boolean;
  registers: Record<string, number | bigint>;
  files: Record<string, (number | bigint)[]>;
  /** Storage after the step at every address the step accessed and at `probe` addresses (bigints for cells wider than 52 bits). */
  cells: Map<number, number | bigint>;
}

/** Steps `insn` (with field values `fields`, its cells assumed at the fetch address) on `input`. */
export function concreteStep(
  isa: IsaDescription,
  insn: InstructionDecl,
  fields: Readonly<Record<string, number>>,
  input: ConcreteInput,
  probe: readonly number[] = [],
): Promise<ConcreteStep> {
  return withZ3(async ({ ctx }) => {
    const { addressBits, cellBits } = isa.state.storage;
    let mem = ctx.Array.K(ctx.BitVec.sort(addressBits), val(ctx, 0, cellBits)) as unknown as Mem;
    for (const [a, v] of input.storage) mem = mem.store(val(ctx, a, addressBits), val(ctx, v, cellBits)) as Mem;
    const s: SymState = {
      regs: new Map(isa.state.registers.map((r) => [r.name, val(ctx, input.registers[r.name] ?? 0, r.width)])),
      files: new Map(
        isa.state.files.map((f) => {
          const wired = new Map((f.hardwired ?? []).map((h) => [h.index, BigInt(h.value)]));
          return [f.name, Array.from({ length: f.count }, (_, i) => val(ctx, wired.get(i) ?? input.files[f.name]?.[i] ?? 0, f.width))];
        }),
      ),
      mem,
    };
    const step = stepInsn(ctx, isa, symbolicInsn(ctx, isa, insn, 'C', fields), s);
    const solver = new ctx.Solver();
    try {
      if ((await solver.check()) !== 'sat') throw new Error('internal: an empty query is not sat');
      const m = solver.model();
      try {
        const n = (t: BV) => Number(evalBV(m, t));
        // Exact: a value wider than 52 bits stays a bigint.
        const word = (t: BV) => (t.sort.size() > 52 ? evalBV(m, t) : Number(evalBV(m, t)));
        const trapName = [...step.run.trap.byKind].find(([, c]) => evalCond(ctx, m, c))?.[0];
        const outside = !trapName && evalCond(ctx, m, step.run.trap.trapped);
        const cells = new Map<number, number | bigint>();
        for (const a of [...step.accessed.map(n), ...probe]) cells.set(a, word(step.next.mem.select(val(ctx, a, addressBits)) as BV));
        return {
          ...(trapName ? { trap: { name: trapName, value: word(step.run.trap.value) } } : outside ? { trap: 'outside' as const } : {}),
          halted: evalCond(ctx, m, step.run.halted),
          registers: Object.fromEntries([...step.next.regs].map(([k, v]) => [k, word(v)])),
          files: Object.fromEntries([...step.next.files].map(([k, v]) => [k, v.map(word)])),
          cells,
        };
      } finally {
        m.release();
      }
    } finally {
      solver.release();
    }
  });
}
