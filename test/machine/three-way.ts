/**
 * One step of one instruction on one concrete state, taken three ways — the compiled machine's
 * `step()`, the reference evaluator (`referenceFullStep`) and Z3 (`concreteStep`) — and the
 * outcomes compared: trap taken (name and value) or a physical access outside storage, halted,
 * every register, every register-file element, and storage (every cell for the two emulators;
 * for Z3, every cell the step accessed or either emulator wrote).
 */
import { expect } from 'vitest';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { Machine, MachineError, RefState, referenceFullStep } from '../../machine/index.js';
import { concreteStep } from '../../proofs/concrete.js';

export interface Case {
  isa: IsaDescription;
  insn: InstructionDecl;
  fields: Record<string, number>;
  /** A register wider than 52 bits holds a bigint (machine/layout.ts). */
  registers: Record<string, number | bigint>;
  files: Record<string, (number | bigint)[]>;
  /** Non-zero cells [physical address, value], the instruction's own included (bigints for cells wider than 52 bits). */
  storage: [number, number | bigint][];
}

export interface Observed {
  /** The trap taken, or `outside`: the step made a physical access outside storage (no trap). */
  trap?: { name: string; value: number | bigint } | 'outside';
  halted?: boolean;
  /** Values wider than 52 bits are bigints (machine/layout.ts). */
  registers?: Record<string, number | bigint>;
  files?: Record<string, (number | bigint)[]>;
  /** Storage after the step, cell by cell (Z3: only the cells it was asked about). */
  cells?: Map<number, number | bigint>;
}

/** The compiled machine's step(). */
export function onMachine(c: Case): Observed {
  const m = new Machine(c.isa);
  for (const [k, v] of Object.entries(c.registers)) m.setReg(k, v);
  for (const [k, vs] of Object.entries(c.files)) vs.forEach((v, i) => m.setFile(k, i, v));
  for (const [a, v] of c.storage) m.writeCell(a, v);
  let r;
  try {
    r = m.step();
  } catch (e) {
    if (e instanceof MachineError) return { trap: 'outside' };
    throw e;
  }
  const s = m.snapshot();
  return {
    ...(r.trap ? { trap: { name: r.trap.name, value: r.trap.value } } : {}),
    halted: r.halted,
    registers: s.registers,
    files: s.files,
    cells: new Map(Array.from({ length: m.storageCells }, (_, a) => [a, m.readCellWord(a)])),
  };
}

/** The tree-walking reference evaluator's whole step (trap sequence and timing included). */
export function onReference(c: Case): Observed {
  const st = new RefState(c.isa);
  for (const [k, v] of Object.entries(c.registers)) st.regs.set(k, BigInt(v));
  for (const [k, vs] of Object.entries(c.files)) {
    const wired = new Map((c.isa.state.files.find((f) => f.name === k)!.hardwired ?? []).map((h) => [h.index, BigInt(h.value)]));
    st.files.set(k, vs.map((v, i) => wired.get(i) ?? BigInt(v)));
  }
  for (const [a, v] of c.storage) if (BigInt(v) !== 0n) st.storage.set(BigInt(a), BigInt(v));
  let out;
  try {
    out = referenceFullStep(c.isa, st);
  } catch (e) {
    if (e instanceof MachineError) return { trap: 'outside' };
    throw e;
  }
  st.apply(out.writes);
  const snap = st.toSnapshot(out.halted);
  return {
    ...(out.trap ? { trap: { name: out.trap.name, value: c.isa.traps.valueWidth > 52 ? out.trap.value : Number(out.trap.value) } } : {}),
    halted: out.halted,
    registers: snap.registers,
    files: snap.files,
    cells: new Map(Array.from({ length: st.storageCells }, (_, a) => [a, cellWord(c.isa, st.cell(BigInt(a))!)])),
  };
}

/** A cell as the machine's API gives it: a bigint above 52 bits. */
const cellWord = (isa: IsaDescription, v: bigint): number | bigint => (isa.state.storage.cellBits > 52 ? v : Number(v));

/** Z3's model of the same step, asked about the cells in `probe` as well as those it accessed. */
export async function onZ3(c: Case, probe: readonly number[]): Promise<Observed> {
  const z = await concreteStep(c.isa, c.insn, c.fields, c, probe);
  if (z.trap === 'outside') return { trap: 'outside' };
  return { ...(z.trap ? { trap: z.trap } : {}), halted: z.halted, registers: z.registers, files: z.files, cells: z.cells };
}

/** The cells `o` changed from the case's initial storage. */
function written(c: Case, o: Observed): number[] {
  const before = new Map(c.storage);
  return [...(o.cells ?? [])].filter(([a, v]) => BigInt(before.get(a) ?? 0) !== BigInt(v)).map(([a]) => a);
}

/** A readable summary of an outcome, for failure messages. */
function show(o: Observed): string {
  if (o.trap === 'outside') return 'a physical access outside storage';
  return JSON.stringify({ trap: o.trap, halted: o.halted, registers: o.registers, files: o.files }, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Machine and reference agree; returns both. */
export function expectTwoWay(c: Case, label = ''): { machine: Observed; reference: Observed } {
  const machine = onMachine(c);
  const reference = onReference(c);
  const what = (x: string) => `${label}${label ? ': ' : ''}${x} (machine ${show(machine)}; reference ${show(reference)})`;
  expect(machine.trap, what('trap')).toEqual(reference.trap);
  if (machine.trap === 'outside') return { machine, reference };
  expect(machine.halted, what('halted')).toBe(reference.halted);
  expect(machine.registers, what('registers')).toEqual(reference.registers);
  expect(machine.files, what('files')).toEqual(reference.files);
  expect(written(c, machine), what('cells written')).toEqual(written(c, reference));
  expect(machine.cells, what('storage')).toEqual(reference.cells);
  return { machine, reference };
}

/** Machine, reference and Z3 agree; returns the three outcomes. */
export async function expectThreeWay(c: Case, label = ''): Promise<{ machine: Observed; reference: Observed; z3: Observed }> {
  const { machine, reference } = expectTwoWay(c, label);
  const z3 = await onZ3(c, [...new Set([...written(c, machine), ...written(c, reference)])]);
  const what = (x: string) => `${label}${label ? ': ' : ''}${x} (machine ${show(machine)}; Z3 ${show(z3)})`;
  expect(z3.trap, what('trap')).toEqual(machine.trap);
  if (z3.trap === 'outside') return { machine, reference, z3 };
  expect(z3.halted, what('halted')).toBe(machine.halted);
  expect(z3.registers, what('registers')).toEqual(machine.registers);
  expect(z3.files, what('files')).toEqual(machine.files);
  for (const [a, v] of z3.cells!) if (a < c.isa.state.storage.cells) expect(v, what(`E[${a}]`)).toBe(machine.cells!.get(a));
  return { machine, reference, z3 };
}
