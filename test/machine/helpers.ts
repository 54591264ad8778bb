/** Shared helpers for the machine tests: encoding words with the description, pg74 set-ups. */
import type { IsaDescription } from '../../spec/description.js';
import { encode, toCells } from '../../spec/encoding.js';
import { pg74 } from '../../spec/isa/pg74.js';
import { Machine, type MachineOptions, type StepResult } from '../../machine/index.js';

/** The cells of `mnemonic` with the given field values (unsigned; negative numbers wrap to the field). */
export function cells(isa: IsaDescription, mnemonic: string, fields: Record<string, number> = {}): number[] {
  const insn = isa.instructions.find((i) => i.mnemonic === mnemonic);
  if (!insn) throw new Error(`${isa.name} has no ${mnemonic}`);
  const wrapped = Object.fromEntries(
    insn.encoding.fields.map((f) => [f.name, Number(BigInt.asUintN(f.width, BigInt(fields[f.name] ?? 0)))]),
  );
  return toCells(encode(insn, wrapped), insn.encoding, isa.state.storage);
}

/** pg74's reset PC. */
export const ORIGIN = 16;
/** Where the tests' trap handler lives. */
export const HANDLER = 0x200;

/** A pg74-family machine whose new PSW (E[8..11]) is supervisor, PC = HANDLER, R = (0, all ones). */
export function machine(isa: IsaDescription = pg74, options: MachineOptions = {}): Machine {
  const m = new Machine(isa, options);
  m.loadCells(8, [1, HANDLER, 0, 0xffffffff]);
  return m;
}

/** Loads one instruction at ORIGIN (after `setup`) and steps it. */
export function exec(
  mnemonic: string,
  fields: Record<string, number> = {},
  setup: (m: Machine) => void = () => {},
  isa: IsaDescription = pg74,
): { m: Machine; r: StepResult } {
  const m = machine(isa);
  setup(m);
  m.loadCells(m.getReg('L') + m.getReg('PC'), cells(isa, mnemonic, fields));
  return { m, r: m.step() };
}

/** Sets general registers r[i] = values[i] for the given indices. */
export function regs(m: Machine, values: Record<number, number>): void {
  for (const [i, v] of Object.entries(values)) m.setFile('r', Number(i), v >>> 0);
}

export const r = (m: Machine, i: number) => m.getFile('r', i);

/** Puts the machine in user mode. */
export const user = (m: Machine) => m.setReg('M', 0);
