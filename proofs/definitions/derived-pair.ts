/**
 * Attribution by example. When a pair with several pieces of system state varied shows a
 * behavior difference, which piece shows it alone is a further existential per piece; most are
 * answered by the witness already in hand: keep one of its states, and run it beside a copy that
 * differs from it in that piece only (the other state's value, or the piece's bits flipped, or
 * another declared level for the mode), on the reference machine. If that pair is not alike (and
 * neither run is excluded), the piece shows it alone — a concrete example is a proof. If not,
 * nothing is concluded and the solver is asked as before, so the answers are the same.
 *
 * A piece often shows itself only where another piece lets it (RISC-V: `mcounteren` decides a
 * user-mode read of `cycle` only where `scounteren` allows it too): the kept state may first
 * give the pair's other pieces (`others`: those the instruction reads) the other state's values,
 * all ones or zeros, all of them or one at a time — any
 * state will do as the one kept, since the pair built from it still differs in the piece alone.
 */
import { replayWitness, WitnessReplayError } from '../replay.js';
import type { ConcreteState, ModelRun, ModelWitness } from '../witness-model.js';
import type { Kit } from './kit.js';

/**
 * Whether some pair made from `w` (two runs sharing one storage) that differs in `piece` alone
 * runs to outcomes that are not alike on the reference machine.
 */
export function showsAlone(kit: Kit, w: ModelWitness, piece: string, isFile: boolean, others: readonly string[] = []): boolean {
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
  const flips = (v: bigint) => (isMode || width === 0n ? [] : [v ^ 1n, v ^ ((1n << width) - 1n)]);
  const tryFrom = (base: ModelRun, other: ModelRun): boolean => {
    if (isFile) return notAlike(kit, w, base, other, piece, undefined);
    const mine = base.start.regs[piece]!;
    const values = [...new Set([other.start.regs[piece]!, ...levels, ...flips(mine)])].filter((v) => v !== mine);
    return values.some((v) => notAlike(kit, w, base, other, piece, v));
  };
  const pairs = [[r1, r2], [r2, r1]] as const;
  if (pairs.some(([base, other]) => tryFrom(base, other))) return true;
  // The kept state with the pair's other pieces set (never the mode, the PC, the map's or the
  // timing registers: the kept state's level, fetch and placement stay the witness's).
  const { isa, part } = kit;
  const fixed = new Set([isa.state.mode.register, isa.state.pc, ...part.mapRegs, ...part.physicalRegs, ...part.timing, piece]);
  const settable = others.filter((r) => !fixed.has(r) && isa.state.registers.some((d) => d.name === r));
  if (settable.length === 0) return false;
  const widthOf = (r: string) => BigInt(isa.state.registers.find((d) => d.name === r)!.width);
  // All of them at once, then each alone (all ones everywhere may, say, make an interrupt pending).
  const groups = [settable, ...(settable.length > 1 ? settable.map((r) => [r]) : [])];
  for (const group of groups)
    for (const [base, other] of pairs)
      for (const fill of ['other', 'ones', 'zeros'] as const) {
        const regs = { ...base.start.regs };
        for (const r of group) regs[r] = fill === 'other' ? other.start.regs[r]! : fill === 'ones' ? (1n << widthOf(r)) - 1n : 0n;
        if (group.every((r) => regs[r] === base.start.regs[r])) continue;
        // (Its own run is no longer the model's: nothing is predicted of it, the emulator decides.)
        const kept: ModelRun = { label: base.label, start: { ...base.start, regs }, fetchAt: base.fetchAt };
        if (tryFrom(kept, other)) return true;
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
