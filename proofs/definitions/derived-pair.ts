/**
 * Attribution by example. When a pair with several pieces of system state varied shows a
 * behavior difference, which piece shows it alone is a further existential per piece; most are
 * answered by the witness already in hand: keep one of its states, and run it beside a copy that
 * differs from it in that piece only (the other state's value, or the piece's bits flipped, or
 * another declared level for the mode), on the reference machine. If that pair is not alike (and
 * neither run is excluded), the piece shows it alone — a concrete example is a proof. If not,
 * nothing is concluded and the solver is asked as before, so the answers are the same.
 */
import { replayWitness, WitnessReplayError } from '../replay.js';
import type { ConcreteState, ModelRun, ModelWitness } from '../witness-model.js';
import type { Kit } from './kit.js';

/**
 * Whether some pair made from `w` (two runs sharing one storage) that differs in `piece` alone
 * runs to outcomes that are not alike on the reference machine.
 */
export function showsAlone(kit: Kit, w: ModelWitness, piece: string, isFile: boolean): boolean {
  const [r1, r2] = w.runs;
  if (!r1 || !r2 || w.claim.kind !== 'outcome-differs' || w.shift !== undefined) return false;
  // A piece the physical address reads may move what the second run fetches and sees: ask the solver.
  if (kit.part.physicalRegs.includes(piece)) return false;
  // The pair is symmetric: either state may keep its values and take the other one's piece, or
  // another value when the two agree on it (a register of the piece's width: its bits flipped,
  // its low bit flipped). The mode takes declared levels only.
  const isMode = piece === kit.isa.state.mode.register;
  const levels = isMode ? kit.isa.state.mode.levels.map((l) => BigInt(l.value)) : [];
  const width = BigInt(kit.isa.state.registers.find((r) => r.name === piece)?.width ?? 0);
  const others = (v: bigint) => (isMode || width === 0n ? [] : [v ^ 1n, v ^ ((1n << width) - 1n)]);
  for (const [base, other] of [[r1, r2], [r2, r1]] as const) {
    if (isFile) {
      if (notAlike(kit, w, base, other, piece, undefined)) return true;
      continue;
    }
    const mine = base.start.regs[piece]!;
    const values = [...new Set([other.start.regs[piece]!, ...levels, ...others(mine)])].filter((v) => v !== mine);
    for (const v of values) if (notAlike(kit, w, base, other, piece, v)) return true;
  }
  return false;
}

/**
 * Whether `base`, and `base` with `piece` set to `value` (a register) or taken from `other` (a
 * file), run to outcomes that are not alike.
 */
function notAlike(kit: Kit, w: ModelWitness, base: ModelRun, other: ModelRun, piece: string, value: bigint | undefined): boolean {
  const start: ConcreteState = {
    regs: value === undefined ? base.start.regs : { ...base.start.regs, [piece]: value },
    files: value === undefined ? { ...base.start.files, [piece]: other.start.files[piece]! } : base.start.files,
    // One storage for both states (the pair varies registers only): every cell either run read.
    cells: new Map([...other.start.cells, ...base.start.cells]),
  };
  const first: ModelRun = { ...base, start: { ...base.start, cells: start.cells } };
  const second: ModelRun = { label: other.label, start, fetchAt: base.fetchAt };
  const derived: ModelWitness = {
    ...w,
    query: `${w.query}/${piece} (derived)`,
    runs: [first, second],
    // Storage is not compared: where the probe lands under the derived state's map is not known
    // without the map, and a difference in registers, the PC, halting or trapping suffices.
    claim: { kind: 'outcome-differs', probe: 0n, probeAt: [undefined, undefined] },
  };
  try {
    replayWitness(kit.isa, kit.part, kit.sym.insn.mnemonic, derived);
    return true;
  } catch (e) {
    // The derived pair shows nothing, or a run left storage (the machine stops): not an answer
    // either way.
    if (e instanceof WitnessReplayError || (e instanceof Error && e.name === 'MachineError')) return false;
    throw e;
  }
}

/** Whether a run of `w` (a witness that replays) traps. */
export function someRunTraps(kit: Kit, w: ModelWitness): boolean {
  return replayWitness(kit.isa, kit.part, kit.sym.insn.mnemonic, w).states.some((s) => s.outcome.trap !== undefined);
}
