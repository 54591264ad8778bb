/**
 * fast-check arbitraries for the agreement properties, derived from any ISA description:
 * register values biased toward small addresses and boundary values, a declared mode level, a
 * few storage cells near the bottom of storage, and one instruction (random fields) at the PC.
 */
import fc from 'fast-check';
import type { Expr } from '../../spec/ast.js';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { encode, toCells, uncoveredMask } from '../../spec/encoding.js';
import { translate } from '../../spec/address-map.js';
import { evaluateExpr, RefState } from '../../machine/index.js';

export interface GenState {
  insn: InstructionDecl;
  fields: Record<string, number>;
  registers: Record<string, number>;
  files: Record<string, number[]>;
  /** Non-zero cells, the instruction's included, by physical address. */
  storage: [number, number][];
}

const near = 48;

function value(width: number): fc.Arbitrary<number> {
  const max = 2 ** width - 1;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, near) }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, max, max - 1, 2 ** (width - 1), 2 ** (width - 1) - 1).filter((v) => v >= 0 && v <= max) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max }) },
  );
}

function fieldValues(insn: InstructionDecl): fc.Arbitrary<Record<string, number>> {
  return fc.record(
    Object.fromEntries(insn.encoding.fields.map((f) => [f.name, fc.integer({ min: 0, max: 2 ** f.width - 1 }).map((v) => v & ~uncoveredMask(f))])),
  );
}

/** A state of `isa` with one of its instructions (or `only`) at the PC, when the PC maps inside storage. */
export function stateOf(isa: IsaDescription, only?: InstructionDecl): fc.Arbitrary<GenState> {
  const s = isa.state;
  const mode = fc.constantFrom(...s.mode.levels.map((l) => l.value));
  const regs = fc.record(Object.fromEntries(s.registers.map((r) => [r.name, r.name === s.mode.register ? mode : value(r.width)])));
  const files = fc.record(Object.fromEntries(s.files.map((f) => [f.name, fc.array(value(f.width), { minLength: f.count, maxLength: f.count })])));
  const cells = fc.array(fc.tuple(fc.integer({ min: 0, max: near * 2 }), value(s.storage.cellBits)), { maxLength: 12 });
  return fc
    .constantFrom(...(only ? [only] : isa.instructions))
    .chain((insn) => fc.record({ insn: fc.constant(insn), fields: fieldValues(insn), registers: regs, files, cells }))
    .map(({ insn, fields, registers, files, cells }) => {
      const storage = new Map(cells);
      const words = toCells(encode(insn, fields), insn.encoding, s.storage);
      // Place the cells as far as the fetch gets: the machine reads them one at a time.
      words.forEach((w, k) => {
        const at = fetchAddress(isa, registers, files, k + 1);
        if (at !== undefined) storage.set(at + k, w);
      });
      return { insn, fields, registers, files, storage: [...storage].filter(([a, v]) => v !== 0 && a < s.storage.cells) };
    });
}

/** Where the instruction's first cell is, by the address map's own expressions (undefined on a fetch fault). */
function fetchAddress(isa: IsaDescription, registers: Record<string, number>, files: Record<string, number[]>, n: number): number | undefined {
  const st = new RefState(isa);
  for (const [k, v] of Object.entries(registers)) st.regs.set(k, BigInt(v));
  for (const [k, v] of Object.entries(files)) st.files.set(k, v.map(BigInt));
  const pc: Expr = { kind: 'const', width: s(isa), value: String(registers[isa.state.pc]) };
  const t = translate(isa, pc, n);
  if (evaluateExpr(isa, t.fault, {}, st) === 1n) return undefined;
  return Number(evaluateExpr(isa, t.physical, {}, st));
}

const s = (isa: IsaDescription) => isa.state.storage.addressBits;
