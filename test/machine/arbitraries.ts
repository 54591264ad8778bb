/**
 * fast-check arbitraries of pg74-family states: registers biased toward small addresses and
 * boundary values, relocation-bounds that put the bound and the end of storage within reach,
 * both modes, and one instruction (random field values) at the PC.
 */
import fc from 'fast-check';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { encode, toCells } from '../../spec/encoding.js';
import { pg74 } from '../../spec/isa/pg74.js';
import { pg74Jrst, pg74Lra, pg74Mode } from '../../spec/isa/pg74-variants.js';
import type { MachineSnapshot } from '../../machine/index.js';

/** Small storage, so that the end of storage is as reachable as the bound. */
export const STORAGE = 96;

/** Every pg74 instruction with pg74, and each variant's own instruction with its variant. */
export const subjects: { isa: IsaDescription; insn: InstructionDecl }[] = [
  ...pg74.instructions.map((insn) => ({ isa: pg74, insn })),
  ...[pg74Jrst, pg74Lra, pg74Mode].flatMap((isa) =>
    isa.instructions.filter((i) => !pg74.instructions.some((p) => p.mnemonic === i.mnemonic)).map((insn) => ({ isa, insn })),
  ),
];

const u32 = fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((x) => x >>> 0);

/** A 32-bit value: often a small address or a boundary value. */
export const word = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: STORAGE / 2 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 31, 32, 33, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff) },
  { weight: 3, arbitrary: u32 },
);

/** A field value: small (as an offset, possibly negative) or anything in the field's width. */
function fieldValue(width: number): fc.Arbitrary<number> {
  const mask = (v: number) => Number(BigInt.asUintN(width, BigInt(v)));
  if (width <= 4) return fc.integer({ min: 0, max: 2 ** width - 1 });
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -8, max: STORAGE / 4 }).map(mask) }, { weight: 1, arbitrary: u32.map(mask) });
}

export interface GenState {
  isa: IsaDescription;
  insn: InstructionDecl;
  fields: Record<string, number>;
  snapshot: MachineSnapshot;
}

/** Registers and storage of a pg74-family machine, before it becomes a snapshot. */
export interface RawState {
  M: number;
  PC: number;
  L: number;
  B: number;
  CLK: number;
  r: number[];
  storage: number[];
}

export const pg74State: fc.Arbitrary<RawState> = fc
  .record({
    M: fc.constantFrom(0, 1),
    // Mostly a fetchable PC, so that the instruction itself runs; sometimes anything.
    PC: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: STORAGE / 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: STORAGE }) }, { weight: 1, arbitrary: u32 }),
    L: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: STORAGE / 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: STORAGE }) }, { weight: 1, arbitrary: u32 }),
    B: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0xffffffff) },
      { weight: 3, arbitrary: fc.integer({ min: STORAGE / 4, max: STORAGE + 4 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: STORAGE + 4 }) },
      { weight: 1, arbitrary: u32 },
    ),
    CLK: u32,
    r: fc.array(word, { minLength: 16, maxLength: 16 }),
    storage: fc.array(word, { minLength: STORAGE, maxLength: STORAGE }),
  })
  .map((s) => {
    // A trap vector that stays within storage keeps the trap sequence legal.
    const storage = [...s.storage];
    storage.splice(8, 4, 1, 16, 0, 0xffffffff);
    return { ...s, storage };
  });

/** The snapshot of a state, with `code` placed at the PC's physical address (as far as storage goes). */
export function snapshotOf(s: RawState, code: number[]): MachineSnapshot {
  const storage = [...s.storage];
  code.forEach((c, i) => {
    const at = s.L + s.PC + i;
    if (at < STORAGE) storage[at] = c;
  });
  return {
    registers: { PC: s.PC, M: s.M, L: s.L, B: s.B, CLK: s.CLK },
    files: { r: s.r },
    storage: storage.flatMap((v, a) => (v === 0 ? [] : [[a, v] as [number, number]])),
    halted: false,
    steps: 0,
  };
}
/** A state with one instruction of `subject` at the PC. */
export function stateWith(subject: { isa: IsaDescription; insn: InstructionDecl }): fc.Arbitrary<GenState> {
  const fieldArbs = Object.fromEntries(subject.insn.encoding.fields.map((f) => [f.name, fieldValue(f.width)]));
  return fc.record({ s: pg74State, fields: fc.record(fieldArbs) }).map(({ s, fields }) => {
    const code = toCells(encode(subject.insn, fields), subject.insn.encoding, { cellBits: 32 });
    return { isa: subject.isa, insn: subject.insn, fields, snapshot: snapshotOf(s, code) };
  });
}

/** Any subject's instruction in any state. */
export const anyInstructionState: fc.Arbitrary<GenState> = fc.constantFrom(...subjects).chain(stateWith);
