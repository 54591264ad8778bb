/**
 * Replaying a run under a monitor's composed map (definitions/README.md, location-sensitive):
 * the emulator has one set of registers for its map and its semantics, so the run is the
 * reference evaluator's whole step (as `Machine.step` takes it: an interrupt if one is pending,
 * the trap sequence on a trap, the timing advance) on a view whose map reads the guest's values
 * (machine/reference-eval.ts `ComposedView`), over the guest's storage by guest address.
 */
import type { IsaDescription } from '../spec/description.js';
import { cellAt } from '../spec/encoding.js';
import { MachineError, referenceFullStep, referenceStep, type StateView, type StepResult, type Word } from '../machine/index.js';
import { isBig } from '../machine/layout.js';
import type { ModelRun } from './witness-model.js';

/** What a replay reads of a machine after its step (`Machine` is one). */
export interface ReplayMachine {
  readonly storageCells: number;
  getRegWord(name: string): Word;
  getFileWord(name: string, index: number): Word;
  readCellWord(address: number): Word;
}

class ComposedState implements ReplayMachine {
  readonly regs: Map<string, bigint>;
  readonly files: Map<string, bigint[]>;
  /** The guest's storage by guest address, and the monitor's cells the run reached past it. */
  readonly cells: Map<bigint, bigint>;
  private readonly widths: Map<string, number>;

  constructor(
    private readonly isa: IsaDescription,
    run: ModelRun,
  ) {
    this.regs = new Map(Object.entries(run.start.regs));
    this.files = new Map(Object.entries(run.start.files).map(([k, v]) => [k, [...v]]));
    this.cells = new Map(run.start.cells);
    this.widths = new Map([...isa.state.registers, ...isa.state.files].map((r) => [r.name, r.width]));
  }

  get storageCells(): number {
    return this.isa.state.storage.cells;
  }

  private word(v: bigint, width: number): Word {
    return isBig(width) ? v : Number(v);
  }

  getRegWord(name: string): Word {
    return this.word(this.regs.get(name)!, this.widths.get(name)!);
  }

  getFileWord(name: string, index: number): Word {
    return this.word(this.files.get(name)![index]!, this.widths.get(name)!);
  }

  readCellWord(address: number): Word {
    return this.word(this.cells.get(BigInt(address)) ?? 0n, this.isa.state.storage.cellBits);
  }

  view(guest: NonNullable<ModelRun['start']['guest']>): StateView {
    const span = 1n << BigInt(this.isa.state.storage.addressBits);
    return {
      reg: (n) => this.regs.get(n)!,
      file: (n, i) => this.files.get(n)![i]!,
      // Past the guest's storage, a physical access moved by the shift reaches the monitor's own cells (as the model gave them).
      cell: (a) => (a >= 0n && a < span ? (this.cells.get(a) ?? 0n) : undefined),
      storageCells: this.storageCells,
      composed: { mapReg: (n) => guest.regs[n], mapFile: (n, i) => guest.files[n]?.[i], shift: guest.shift },
    };
  }
}

/** The run's whole step under the composed map, as the replay reads it. */
export function stepComposed(isa: IsaDescription, run: ModelRun): { machine: ReplayMachine; step: StepResult; before: { regs: Record<string, Word>; files: Record<string, Word[]> }; wrote: ReadonlySet<string> } {
  const guest = run.start.guest!;
  const s = new ComposedState(isa, run);
  const before = {
    regs: Object.fromEntries(isa.state.registers.map((r) => [r.name, s.getRegWord(r.name)])),
    files: Object.fromEntries(isa.state.files.map((f) => [f.name, Array.from({ length: f.count }, (_, i) => s.getFileWord(f.name, i))])),
  };
  const view = s.view(guest);
  let full: ReturnType<typeof referenceFullStep>;
  try {
    full = referenceFullStep(isa, view);
  } catch (e) {
    // A trap sequence that leaves storage: the run's outcome is still its trap (as replay.ts's execute).
    if (!(e instanceof MachineError)) throw e;
    const only = referenceStep(isa, view);
    if (only.outcome.kind !== 'trap') throw e;
    const kind = isa.traps.kinds.find((k) => k.name === (only.outcome as { trap: string }).trap)!;
    return { machine: s, before, wrote: new Set(), step: { pc: Number(only.pc), cells: only.cells, ...(only.decoded ? { mnemonic: only.decoded.insn.mnemonic } : {}), trap: { name: kind.name, code: kind.code, value: only.outcome.value }, writes: [], halted: false } };
  }
  const cellBits = isa.state.storage.cellBits;
  const writes: StepResult['writes'] = [];
  for (const w of full.writes) {
    // Only changes are listed, as the emulator lists them.
    if (w.kind === 'reg') {
      if (s.regs.get(w.name) === w.value) continue;
      s.regs.set(w.name, w.value);
      writes.push({ kind: 'reg', name: w.name, value: s.getRegWord(w.name) });
    } else if (w.kind === 'file') {
      if (s.files.get(w.name)![w.index] === w.value) continue;
      s.files.get(w.name)![w.index] = w.value;
      writes.push({ kind: 'file', name: w.name, index: w.index, value: s.getFileWord(w.name, w.index) });
    } else
      for (let i = 0; i < w.width / cellBits; i++) {
        const a = w.addr + BigInt(i);
        const v = cellAt(w.value, w.width / cellBits, i, isa.state.storage);
        if ((s.cells.get(a) ?? 0n) === v) continue;
        s.cells.set(a, v);
        writes.push({ kind: 'store', addr: Number(a), value: s.readCellWord(Number(a)) });
      }
  }
  const o = full.step.outcome;
  const wrote = new Set(o.kind === 'ok' ? o.writes.flatMap((w) => (w.kind === 'reg' ? [w.name] : [])) : []);
  const step: StepResult = {
    pc: Number(full.step.pc),
    cells: full.step.cells,
    ...(full.step.decoded ? { mnemonic: full.step.decoded.insn.mnemonic, fields: full.step.decoded.fields } : {}),
    ...(full.trap ? { trap: full.trap } : {}),
    writes,
    halted: full.halted,
  };
  return { machine: s, before, wrote, step };
}
