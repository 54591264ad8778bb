/**
 * One step of the reference machine, built only from the description: fetch through the address
 * map (`translate`), decode with spec/encoding.ts, run the semantics with the tree-walking
 * evaluator, advance the PC, and take traps as the trap sequence says.
 *
 * Fetch is progressive: cells are fetched one more at a time (each fetch translating the whole
 * instruction so far) while the cells so far are a proper prefix of some longer encoding. A fetch
 * fault is a memory trap whose value is the PC; a word that is no instruction is the illegal
 * trap whose value is the first cell.
 */
import type { Expr } from '../spec/ast.js';
import type { Access, InstructionDecl, IsaDescription } from '../spec/description.js';
import { firstFault, stepSemantics, translate } from '../spec/address-map.js';
import { advances } from '../spec/timing.js';
import { cellsMask, decode, fromCells, type CellOrder, type CellWord, type Decoded } from '../spec/encoding.js';
import { fixedPattern } from '../spec/validate/check-encoding.js';
import * as bv from './bv.js';
import { MachineError } from './errors.js';
import { evaluateBlock, evaluateExpr, evaluateMapExpr, physicalCell, registersWritten, type Outcome, type RefWrite, type StateView } from './reference-eval.js';

export { evaluateBlock, evaluateExpr, evaluateMapExpr, registersWritten, type ComposedView, type EvalEnv, type Outcome, type RefWrite, type StateView } from './reference-eval.js';
export { RefState } from './reference-state.js';

export interface ReferenceStep {
  /** The PC before the step. */
  pc: bigint;
  /** The cells fetched (empty on a fetch fault; bigints for cells wider than 52 bits). */
  cells: CellWord[];
  decoded?: Decoded;
  /** True when the trap is a fault of the instruction fetch itself. */
  fetchFault: boolean;
  /** The instruction's outcome; an `ok` outcome includes the PC's default advance as a write. */
  outcome: Outcome;
}

const constant = (width: number, v: bigint): Expr => ({ kind: 'const', width, value: '0x' + v.toString(16) });

/** Whether the fixed bits of `insn` that lie in the first `cells.length` cells match them. */
function prefixMatches(insn: InstructionDecl, cells: readonly CellWord[], order: CellOrder): boolean {
  const { mask, value } = fixedPattern(insn.encoding);
  const n = insn.encoding.bits / order.cellBits;
  const within = cellsMask(cells.length, n, order);
  return (fromCells(cells, order, n) & mask & within) === (value & within);
}

/** Runs the instruction at the PC (without the trap sequence or the timing advance). */
export function referenceStep(isa: IsaDescription, view: StateView): ReferenceStep {
  const { cellBits, addressBits } = isa.state.storage;
  const pcWidth = isa.state.registers.find((r) => r.name === isa.state.pc)!.width;
  const pc = view.reg(isa.state.pc);
  const cells: CellWord[] = [];
  const trap = (trapName: string, value: bigint, fetchFault: boolean): ReferenceStep => ({
    pc,
    cells: fetchFault ? [] : cells,
    fetchFault,
    outcome: { kind: 'trap', trap: trapName, value: bv.wrap(value, isa.traps.valueWidth) },
  });

  let decoded: Decoded | undefined;
  for (let k = 1; decoded === undefined; k++) {
    const t = translate(isa, constant(addressBits, pc), k, view.storageCells, 'fetch');
    const fetchTrap = firstFault(t, (when) => evaluateMapExpr(isa, when, view) === 1n);
    if (fetchTrap !== undefined) return trap(fetchTrap, pc, true);
    const p = evaluateMapExpr(isa, t.physical, view) + BigInt(k - 1);
    const cell = physicalCell(isa, view, p);
    if (cell === undefined) throw new MachineError(`instruction fetch outside storage: physical cell ${p}`);
    cells.push(cellBits > 52 ? cell : Number(cell));
    decoded = decode(isa, cells);
    const longer = isa.instructions.some((i) => i.encoding.bits > k * cellBits && prefixMatches(i, cells, isa.state.storage));
    if (decoded === undefined && !longer) {
      const illegal = isa.traps.kinds.find((x) => x.class === 'illegal-instruction');
      if (!illegal) throw new MachineError(`${isa.name} declares no illegal-instruction trap`);
      return trap(illegal.name, BigInt(cells[0]!), false);
    }
  }

  // With the fetch's walk stores first (spec/address-map.ts stepSemantics).
  const outcome = evaluateBlock(isa, stepSemantics(isa, decoded.insn), { fields: decoded.fields, insn: decoded.insn }, view);
  if (outcome.kind === 'ok' && !outcome.pcWritten)
    outcome.writes.push({ kind: 'reg', name: isa.state.pc, value: bv.wrap(pc + BigInt(decoded.cells), pcWidth) });
  return { pc, cells, decoded, fetchFault: false, outcome };
}

/** The writes of the trap sequence for a trap taken on the state `view`. */
export function referenceTrapSequence(isa: IsaDescription, trap: string, value: bigint, view: StateView): RefWrite[] {
  const kind = isa.traps.kinds.find((k) => k.name === trap);
  if (!kind) throw new MachineError(`unknown trap '${trap}'`);
  const out = evaluateBlock(isa, isa.traps.sequence, { trap: { code: BigInt(kind.code), value } }, view);
  if (out.kind === 'trap') throw new MachineError(`the trap sequence took the '${out.trap}' trap while handling '${trap}'`);
  if (out.halt) throw new MachineError('the trap sequence halted');
  return out.writes;
}

export interface ReferenceFullStep {
  step: ReferenceStep;
  trap?: { name: string; code: number; value: bigint };
  /** Everything the step changes, in order: the instruction's or the trap sequence's writes, then the timing advance. */
  writes: RefWrite[];
  halted: boolean;
}

/** The trap of the first interrupt whose condition holds in `view`, if any. */
export function pendingInterrupt(isa: IsaDescription, view: StateView): string | undefined {
  return (isa.traps.interrupts ?? []).find((irq) => evaluateExpr(isa, irq.when, {}, view) === 1n)?.trap;
}

/**
 * A whole machine step: an interrupt if one is pending, else the instruction; the trap sequence
 * if it trapped; and the timing advance.
 */
export function referenceFullStep(isa: IsaDescription, view: StateView): ReferenceFullStep {
  const irq = pendingInterrupt(isa, view);
  const step: ReferenceStep = irq
    ? { pc: view.reg(isa.state.pc), cells: [], fetchFault: false, outcome: { kind: 'trap', trap: irq, value: 0n } }
    : referenceStep(isa, view);
  const o = step.outcome;
  const writes = o.kind === 'ok' ? [...o.writes] : referenceTrapSequence(isa, o.trap, o.value, view);
  const current = (name: string) => {
    let v = view.reg(name);
    for (const w of writes) if (w.kind === 'reg' && w.name === name) v = w.value;
    return v;
  };
  const width = (name: string) => isa.state.registers.find((r) => r.name === name)!.width;
  // What the instruction wrote itself is not advanced (spec/timing.ts).
  const wrote = registersWritten(o.kind === 'ok' ? o.writes : []);
  for (const { name: t, high } of advances(isa, (n) => wrote.has(n))) {
    const next = bv.wrap(current(t) + 1n, width(t));
    writes.push({ kind: 'reg', name: t, value: next });
    if (high !== undefined && next === 0n) writes.push({ kind: 'reg', name: high, value: bv.wrap(current(high) + 1n, width(high)) });
  }
  const trap = o.kind === 'trap' ? { name: o.trap, code: isa.traps.kinds.find((k) => k.name === o.trap)!.code, value: o.value } : undefined;
  return { step, writes, halted: o.kind === 'ok' && o.halt, ...(trap ? { trap } : {}) };
}

/**
 * The physical cell an access of kind `access` and `cells` cells at virtual address `vaddr`
 * reaches in the state `view`, or undefined when the map faults or the cells lie outside storage.
 */
export function locateIn(isa: IsaDescription, view: StateView, vaddr: number, access: Access, cells: number): number | undefined {
  const t = translate(isa, constant(isa.state.storage.addressBits, BigInt(vaddr)), cells, view.storageCells, access);
  if (evaluateMapExpr(isa, t.fault, view) !== 0n) return undefined;
  const p = Number(evaluateMapExpr(isa, t.physical, view));
  return p + cells <= view.storageCells ? p : undefined;
}
