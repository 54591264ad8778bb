/**
 * The reference emulator's public face. State lives in typed arrays (registers in one Uint32Array,
 * storage in an array of the cell's width); instructions run as JavaScript compiled from the
 * description (context.ts), a basic block at a time in `run()`, one at a time in `step()`.
 */
import { checkCells, checkUnsigned, checkWord, fitsUnsigned, isCount } from './arguments.js';
import type { Access, IsaDescription } from '../spec/description.js';
import type { StateView } from './reference-eval.js';
import { locateIn } from './reference.js';
import { isKnownValid, validateIsa } from '../spec/validate/validate.js';
import { lowerRegisterFields } from '../spec/lower/register-fields.js';
import { formatIssue, type IsaIssue } from '../spec/validate/issues.js';
import { CODE, CodeCache, WATCHED } from './code-cache.js';
import { contextFor, newStorage, type CompileContext, type StorageArray } from './context.js';
import { MachineError } from './errors.js';
import { Runtime, type TrapInfo } from './runtime.js';
import { isBig, newRegArray, readSlot, sameSlot, unsignedWord, writeSlot, type RegArray, type Word } from './layout.js';

export type { Word } from './layout.js';

export type { TrapInfo } from './runtime.js';

export interface MachineOptions {
  /** Storage size q in cells. @defaultValue the description's `state.storage.cells` (at most 2^26). */
  storageCells?: number;
  /** The step budget of `run()` when it is called without one. @defaultValue 10_000_000 */
  maxSteps?: number;
  /**
   * Called instead of the trap sequence: the machine is left exactly as before the trapping
   * instruction (PC at it, timing not advanced; the step still counts in `steps`), and the
   * handler (a VMM's dispatcher) may change the state. `run()` continues unless it calls
   * `requestStop()`.
   */
  onTrap?: (trap: TrapInfo, machine: Machine) => void;
}

/** One changed piece of state, with its new value (unsigned). */
export type Write =
  | { kind: 'reg'; name: string; value: Word }
  | { kind: 'file'; name: string; index: number; value: Word }
  | { kind: 'store'; addr: number; value: Word };

export interface StepResult {
  /** The PC before the step. */
  pc: number;
  /** The cells fetched: the instruction's, or as many as showed a word to be illegal; [] on a fetch fault (bigints for cells above 52 bits). */
  cells: Word[];
  mnemonic?: string;
  /** Field values of the decoded instruction, unsigned. */
  fields?: Record<string, number>;
  trap?: TrapInfo;
  /**
   * Everything the step changed, with new values: registers and register-file elements in
   * declaration order (timing registers included), then storage cells by address. Writes of a
   * value equal to the old one are not changes and are not listed.
   */
  writes: Write[];
  halted: boolean;
}

export interface RunResult {
  reason: 'halted' | 'step-limit' | 'stopped';
  /** Steps run by this call. */
  steps: number;
}

export interface MachineSnapshot {
  /** Values of registers wider than 52 bits are bigints; the others numbers. */
  registers: Record<string, Word>;
  files: Record<string, Word[]>;
  /** Non-zero cells, [paddr, value], ascending (a bigint value for cells above 52 bits). */
  storage: [number, Word][];
  halted: boolean;
  steps: number;
}

/** The largest storage this emulator allocates. */
export const MAX_STORAGE_CELLS = 2 ** 26;
export const DEFAULT_MAX_STEPS = 10_000_000;
const RUN_CHUNK = 2 ** 30;

const validated = new WeakMap<IsaDescription, IsaIssue[]>();

function validate(isa: IsaDescription): void {
  // A description assertValidIsa returned (the builder's, loadIsa's) is valid and lowered already:
  // validating it again was most of a fresh process's first Machine (150-250 ms on rv32).
  if (isKnownValid(isa)) return;
  let issues = validated.get(isa);
  if (!issues) {
    try {
      issues = validateIsa(isa);
      if (issues.length === 0 && lowerRegisterFields(isa).changed)
        issues = [{ path: ['state', 'registers'], message: 'the description is in source form (registers with fields): run the one assertValidIsa, loadIsa or the builder returns, lowered to core state' }];
    } catch (e) {
      throw new MachineError(`not a usable ISA description: ${(e as Error).message}`);
    }
    validated.set(isa, issues);
  }
  if (issues.length > 0)
    throw new MachineError(
      `${isa.name}: the description has ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
        issues.map((i) => '  ' + formatIssue(i, isa.instructions.map((x) => x.mnemonic))).join('\n'),
    );
}


/**
 * A bare machine running an ISA description. Registers and storage hold unsigned values at the
 * API; bad input (unknown names, values that do not fit, addresses outside storage, a description
 * this emulator cannot run) is a `MachineError`.
 * @public
 */
export class Machine {
  readonly isa: IsaDescription;
  /** Storage size q in cells. */
  readonly storageCells: number;
  private readonly ctx: CompileContext;
  /** Registers and 32-bit cells hold their canonical form (a 32-bit value as a signed int32): see layout.ts. */
  private readonly R: RegArray;
  private readonly S: StorageArray;
  private readonly cache: CodeCache;
  private readonly rt: Runtime;
  private readonly maxSteps: number;

  constructor(isa: IsaDescription, options: MachineOptions = {}) {
    validate(isa);
    this.isa = isa;
    const { cellBits, addressBits, cells } = isa.state.storage;
    const q = options.storageCells ?? cells;
    if (!isCount(q) || q < 1) throw new MachineError(`storageCells must be a positive whole number, not ${q}`);
    if (q > MAX_STORAGE_CELLS) throw new MachineError(`storageCells ${q} is more than this emulator allocates (2^26 = ${MAX_STORAGE_CELLS} cells)`);
    if (q > 2 ** addressBits) throw new MachineError(`storageCells ${q} cannot all be addressed with ${addressBits}-bit addresses`);
    const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!isCount(maxSteps)) throw new MachineError(`maxSteps must be a whole number, not ${maxSteps}`);
    this.storageCells = q;
    this.maxSteps = maxSteps;
    this.ctx = contextFor(isa, q);
    this.R = newRegArray(this.ctx.layout);
    this.S = newStorage(cellBits, q);
    this.cache = new CodeCache(this.ctx, this.S, this.R);
    const onTrap = options.onTrap;
    this.rt = new Runtime(this.ctx, this.R, this.S, this.cache, onTrap ? (t) => onTrap(t, this) : undefined);
    // New arrays are zero and the new cache empty: what reset() would do to storage is done.
    this.resetRegisters();
    this.zeroed = true;
  }

  /**
   * Storage is all zeros and nothing has run or been compiled since it was made or reset: zeroing
   * it again (a monitor's new guest region, `fillCells(…, 0)`) has nothing to do. A new machine's
   * megabyte of storage was filled twice before its first instruction.
   */
  private zeroed = false;

  /** Registers to their reset values, storage zeroed, not halted, no steps. */
  reset(): void {
    fillStorage(this.S, this.isa.state.storage.cellBits, 0, 0, this.S.length);
    this.cache.clear();
    this.resetRegisters();
    this.zeroed = true;
  }

  /**
   * Registers to their reset values, not halted, no steps; storage (and code decoded from it)
   * kept. For a caller that reuses one machine for many one-step runs and zeroes the cells it
   * wrote itself: zeroing all of a large storage is most of what `reset` costs.
   */
  resetRegisters(): void {
    const { layout } = this.ctx;
    this.R.fill(0);
    for (const r of layout.regs.values()) writeSlot(layout, this.R, r.slot, r.reset);
    this.applyHardwired();
    this.rt.halted = false;
    this.rt.steps = 0;
    this.rt.ic = 1;
  }

  get halted(): boolean {
    return this.rt.halted;
  }

  /** Steps executed since reset (a trap delivered to `onTrap` counts). */
  get steps(): number {
    return this.rt.steps;
  }

  // ---------------------------------------------------------------------------------------------
  // State access (unsigned values; out-of-range input is a MachineError).

  /** A scalar register's value (a register wider than 52 bits: `getRegWord`). */
  getReg(name: string): number {
    const r = this.reg(name);
    if (r.width > 32) return numberOf(readSlot(this.ctx.layout, this.R, r.slot), `register ${name}`, 'getRegWord');
    return this.R[r.slot]! >>> 0;
  }

  /** A scalar register's value, of any width: a bigint above 52 bits. */
  getRegWord(name: string): Word {
    return readSlot(this.ctx.layout, this.R, this.reg(name).slot);
  }

  /** Sets a scalar register (an unsigned value of its width; a bigint for any width). */
  setReg(name: string, value: Word): void {
    const r = this.reg(name);
    if (r.width <= 32 && typeof value === 'number' && fitsUnsigned(value, r.width)) this.R[r.slot] = r.width === 32 ? value | 0 : value;
    else writeSlot(this.ctx.layout, this.R, r.slot, checkWord(value, r.width, `register ${name}`));
    this.rt.ic = 1;
  }

  /** An element of a register file (hard-wired elements read as their value; wider than 52 bits: `getFileWord`). */
  getFile(name: string, index: number): number {
    const slot = this.fileSlot(name, index);
    if (this.ctx.layout.widths[slot]! > 32) return numberOf(readSlot(this.ctx.layout, this.R, slot), `${name}[${index}]`, 'getFileWord');
    return this.R[slot]! >>> 0;
  }

  /** An element of a register file, of any width: a bigint above 52 bits. */
  getFileWord(name: string, index: number): Word {
    return readSlot(this.ctx.layout, this.R, this.fileSlot(name, index));
  }

  /** Sets an element of a register file; a hard-wired element ignores the write. */
  setFile(name: string, index: number, value: Word): void {
    const slot = this.fileSlot(name, index);
    const f = this.ctx.layout.files.get(name)!;
    const v = f.width <= 32 && typeof value === 'number' && fitsUnsigned(value, f.width) ? value : checkWord(value, f.width, `${name}[${index}]`);
    if (!f.hardwired.has(index)) writeSlot(this.ctx.layout, this.R, slot, v);
    this.rt.ic = 1;
  }

  /** The physical cell `paddr` (cells wider than 52 bits: `readCellWord`). */
  readCell(paddr: number): number {
    return numberOf(this.readCellWord(paddr), `cell ${paddr}`, 'readCellWord');
  }

  /** The physical cell `paddr`, of any width: a bigint above 52 bits. */
  readCellWord(paddr: number): Word {
    checkCells(paddr, 1, this.storageCells);
    return cellOut(this.isa.state.storage.cellBits, this.S[paddr]!);
  }

  /** Writes the physical cell `paddr` (code compiled from it is dropped; a bigint for any width). */
  writeCell(paddr: number, value: Word): void {
    checkCells(paddr, 1, this.storageCells);
    setCell(this.S, paddr, this.isa.state.storage.cellBits, checkWord(value, this.isa.state.storage.cellBits, `cell ${paddr}`));
    this.zeroed = false;
    if ((this.cache.C[paddr]! & CODE) !== 0) this.cache.inval(paddr);
  }

  /** Writes `cells` from physical address `paddr` up; all are checked before any is written. */
  loadCells(paddr: number, cells: readonly Word[]): void {
    checkCells(paddr, cells.length, this.storageCells);
    const w = this.isa.state.storage.cellBits;
    // The message only for a cell that fails (a program's image is many cells).
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (typeof c !== 'number' || !fitsUnsigned(c, w)) checkWord(c, w, `cell ${paddr + i}`);
    }
    const { S } = this;
    const C = this.cache.C;
    if (cells.length > 0) this.zeroed = false;
    for (let i = 0; i < cells.length; i++) {
      setCell(S, paddr + i, w, cells[i]!);
      if ((C[paddr + i]! & CODE) !== 0) this.cache.inval(paddr + i);
    }
  }

  /** Sets `count` physical cells from `paddr` to `value` (code compiled from them is dropped), without an array of them. */
  fillCells(paddr: number, count: number, value: Word): void {
    checkCells(paddr, count, this.storageCells);
    checkWord(value, this.isa.state.storage.cellBits, 'the fill value');
    if (Number(value) === 0 && this.zeroed) return;
    if (count > 0) this.zeroed = false;
    fillStorage(this.S, this.isa.state.storage.cellBits, value, paddr, paddr + count);
    this.cache.invalRange(paddr, paddr + count);
  }

  /** `count` physical cells from `paddr` (cells wider than 52 bits: `readCellWords`). */
  readCells(paddr: number, count: number): number[] {
    const w = this.isa.state.storage.cellBits;
    if (isBig(w)) throw new MachineError(`cells of ${this.isa.name} are ${w} bits wide, wider than 52 bits: read them with readCellWords`);
    return this.readCellWords(paddr, count) as number[];
  }

  /** `count` physical cells from `paddr`, of any width: bigints above 52 bits. */
  readCellWords(paddr: number, count: number): Word[] {
    checkCells(paddr, count, this.storageCells);
    const w = this.isa.state.storage.cellBits;
    const out = new Array<Word>(count);
    for (let i = 0; i < count; i++) out[i] = cellOut(w, this.S[paddr + i]!);
    return out;
  }

  /**
   * The physical cell where an access of kind `access` and `cells` cells at virtual address
   * `vaddr` would go in the current state, or undefined when the address map would fault.
   */
  locate(vaddr: number, access: Access = 'read', cells = 1): number | undefined {
    const { addressBits } = this.isa.state.storage;
    checkUnsigned(vaddr, addressBits, 'a virtual address');
    const compiled = isCount(cells) && cells >= 1 ? this.ctx.locate(this.R, vaddr, access, cells) : null;
    if (compiled !== null) return compiled;
    const view: StateView = {
      reg: (name) => BigInt(this.getRegWord(name)),
      file: (name, index) => BigInt(this.getFileWord(name, index)),
      cell: (p) => (p < BigInt(this.storageCells) ? BigInt(this.readCellWord(Number(p))) : undefined),
      storageCells: this.storageCells,
    };
    return locateIn(this.isa, view, vaddr, access, cells);
  }

  /**
   * @internal The state arrays, the shared compiled code and the runtime, for a monitor that runs
   * compiled interpreter routines over a guest's region of this storage (vmm/compiled-state.ts).
   * Whoever writes `R` directly sets `rt.ic = 1`; stores into `S` go through `rt.inval` where `C` is set.
   */
  internals(): { R: RegArray; S: StorageArray; rt: Runtime; ctx: CompileContext } {
    this.zeroed = false;
    return (this.exposed ??= { R: this.R, S: this.S, rt: this.rt, ctx: this.ctx });
  }

  private exposed: { R: RegArray; S: StorageArray; rt: Runtime; ctx: CompileContext } | undefined;

  /**
   * @internal The registers, the runtime and the context, for a monitor that enters and leaves
   * the host by writing registers (vmm/host-entry.ts; it sets `rt.ic = 1`) and never storage: the
   * machine still knows its storage is zero (`zeroed`), which `internals` forgets.
   */
  registerInternals(): { R: RegArray; rt: Runtime; ctx: CompileContext } {
    return { R: this.R, rt: this.rt, ctx: this.ctx };
  }

  // ---------------------------------------------------------------------------------------------
  // Execution.

  /** Runs one instruction and reports what it did. After a halt, reports that without running. */
  step(): StepResult {
    const { layout, isa } = this.ctx;
    const pc = this.R[layout.pc.slot]!;
    if (this.rt.halted) return { pc: unsignedWord(layout.pc.width, pc), cells: [], writes: [], halted: true };
    this.zeroed = false;
    const before = this.R.slice();
    const rt = this.rt;
    rt.rec = true;
    rt.log.length = 0;
    rt.ff = 0;
    // A store watcher may step the machine in the middle of run()'s block: check fetches here.
    rt.fv = 0;
    try {
      const result: StepResult = { pc: unsignedWord(layout.pc.width, pc), cells: [], writes: [], halted: false };
      let status: number;
      const irq = rt.ic !== 0 && this.ctx.interrupt ? this.ctx.interrupt(this.R) : -1;
      rt.ic = 0;
      rt.ml = 0;
      const p = irq >= 0 ? -1 : this.ctx.fetch(this.R, this.S, rt);
      if (irq >= 0) {
        rt.tk = irq;
        rt.tv = isBig(this.isa.traps.valueWidth) ? 0n : 0;
        status = 2;
      } else if (p < 0) {
        rt.tk = -p - 1;
        rt.tv = this.ctx.pcTrapValue(pc);
        status = 2;
      } else {
        if (p >= this.storageCells) throw new MachineError(`instruction fetch outside storage: physical cell ${p}`);
        const entry = this.cache.single(p);
        status = entry.f(this.R, this.S, p, rt, 1) & 3;
        const d = entry.single!.decoded;
        if (rt.ff === 0 || status !== 2) result.cells = d.words.slice();
        if (d.kind === 'insn' && !(status === 2 && rt.ff !== 0)) {
          result.mnemonic = d.insn.mnemonic;
          result.fields = { ...d.fields };
        }
      }
      if (status === 2) result.trap = rt.takeTrap();
      rt.steps++;
      if (status === 1) rt.halted = true;
      result.halted = rt.halted;
      result.writes = this.changes(before);
      return result;
    } finally {
      rt.rec = false;
    }
  }

  /** Runs until a halt, the budget (default `maxSteps`), or `requestStop()` from `onTrap`. */
  run(maxSteps: number = this.maxSteps): RunResult {
    if (!isCount(maxSteps)) throw new MachineError(`a step budget is a whole number, not ${maxSteps}`);
    if (this.rt.halted) return { reason: 'halted', steps: 0 };
    this.zeroed = false;
    this.rt.stop = false;
    let steps = 0;
    // The run loop counts in small integers (V8 Smis): feed it the budget in chunks.
    while (steps < maxSteps) {
      const chunk = Math.min(maxSteps - steps, RUN_CHUNK);
      this.rt.runBase = this.rt.steps;
      const ran = this.ctx.run(this.rt, chunk);
      steps += ran;
      if (ran < chunk || this.rt.halted || this.rt.stop) break;
    }
    const reason = this.rt.halted ? 'halted' : this.rt.stop ? 'stopped' : 'step-limit';
    this.rt.stop = false;
    return { reason, steps };
  }

  /**
   * Makes the current `run()` return (reason 'stopped'): from `onTrap`, once it returns; from a
   * store watcher, once the storing instruction completes.
   */
  requestStop(): void {
    this.rt.stop = true;
  }

  /**
   * Calls `handler` with the cell's physical address after each instruction's store to one of
   * the `count` cells from `paddr` is committed (a device register, a `tohost` word). A handler
   * may read storage and call `requestStop()`; during `run()` the registers it would see are
   * those of the block's start (they are written back when the block ends), so it should read
   * storage only. `handler` undefined stops watching.
   */
  watchStores(paddr: number, count: number, handler: ((paddr: number, machine: this) => void) | undefined): void {
    checkCells(paddr, count, this.storageCells);
    const C = this.cache.C;
    for (let a = paddr; a < paddr + count; a++) {
      if (handler) {
        this.rt.watched.set(a, (x) => handler(x, this));
        C[a]! |= WATCHED;
      } else {
        this.rt.watched.delete(a);
        C[a]! &= ~WATCHED;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshots.

  /** The whole state as plain data (storage sparse). */
  snapshot(): MachineSnapshot {
    const { layout } = this.ctx;
    const storage: [number, Word][] = [];
    const w = this.isa.state.storage.cellBits;
    const S = this.S;
    // (`!= 0`: a big cell's 0n too.)
    for (let a = 0; a < S.length; a++) if (S[a] != 0) storage.push([a, cellOut(w, S[a]!)]);
    return {
      registers: Object.fromEntries([...layout.regs.values()].map((r) => [r.name, readSlot(layout, this.R, r.slot)])),
      files: Object.fromEntries([...layout.files.values()].map((f) => [f.name, Array.from({ length: f.count }, (_, i) => readSlot(layout, this.R, f.base + i))])),
      storage,
      halted: this.rt.halted,
      steps: this.rt.steps,
    };
  }

  /** Restores a snapshot (checked first: nothing changes if it does not fit this machine). */
  restore(s: MachineSnapshot): void {
    const { layout } = this.ctx;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.storage)) throw new MachineError('snapshot: not a machine snapshot (registers, files, storage, halted, steps)');
    const R = newRegArray(layout);
    for (const r of layout.regs.values()) {
      const v = s.registers?.[r.name];
      if (v === undefined) throw new MachineError(`snapshot: register ${r.name} is missing`);
      writeSlot(layout, R, r.slot, checkWord(v, r.width, `snapshot: register ${r.name}`));
    }
    for (const name of Object.keys(s.registers ?? {})) this.reg(name);
    for (const f of layout.files.values()) {
      const vs = s.files?.[f.name];
      if (!Array.isArray(vs) || vs.length !== f.count) throw new MachineError(`snapshot: register file ${f.name} needs ${f.count} values`);
      vs.forEach((v, i) => writeSlot(layout, R, f.base + i, checkWord(v, f.width, `snapshot: ${f.name}[${i}]`)));
    }
    for (const cell of s.storage) {
      if (!Array.isArray(cell) || cell.length !== 2) throw new MachineError('snapshot: storage holds [address, value] pairs');
      const [a, v] = cell;
      checkCells(a, 1, this.storageCells);
      checkWord(v, this.isa.state.storage.cellBits, `snapshot: cell ${a}`);
    }
    if (!isCount(s.steps)) throw new MachineError(`snapshot: steps must be a whole number, not ${s.steps}`);
    this.R.set(R);
    this.applyHardwired();
    this.zeroed = false;
    fillStorage(this.S, this.isa.state.storage.cellBits, 0, 0, this.S.length);
    for (const [a, v] of s.storage) setCell(this.S, a, this.isa.state.storage.cellBits, v);
    this.cache.clear();
    this.rt.halted = !!s.halted;
    this.rt.steps = s.steps;
    this.rt.ic = 1;
  }

  // ---------------------------------------------------------------------------------------------

  private changes(before: RegArray): Write[] {
    const { layout } = this.ctx;
    const out: Write[] = [];
    for (const r of layout.regs.values()) if (!sameSlot(layout, this.R, before, r.slot)) out.push({ kind: 'reg', name: r.name, value: readSlot(layout, this.R, r.slot) });
    for (const f of layout.files.values())
      for (let i = 0; i < f.count; i++)
        if (!sameSlot(layout, this.R, before, f.base + i)) out.push({ kind: 'file', name: f.name, index: i, value: readSlot(layout, this.R, f.base + i) });
    // The log holds [address, old value] per committed store; the first old value is the original.
    const original = new Map<number, Word>();
    const log = this.rt.log;
    for (let i = 0; i < log.length; i += 2) if (!original.has(log[i] as number)) original.set(log[i] as number, log[i + 1]!);
    const w = this.isa.state.storage.cellBits;
    for (const [a, old] of [...original].sort((x, y) => x[0] - y[0])) if (this.S[a] !== old) out.push({ kind: 'store', addr: a, value: cellOut(w, this.S[a]!) });
    return out;
  }

  private applyHardwired(): void {
    const { layout } = this.ctx;
    for (const f of layout.files.values()) for (const [i, v] of f.hardwired) writeSlot(layout, this.R, f.base + i, v);
  }

  private reg(name: string) {
    const r = this.ctx.layout.regs.get(name);
    if (!r) throw new MachineError(`${this.isa.name} has no register '${name}' (registers: ${[...this.ctx.layout.regs.keys()].join(', ')})`);
    return r;
  }

  private fileSlot(name: string, index: number): number {
    const f = this.ctx.layout.files.get(name);
    if (!f) throw new MachineError(`${this.isa.name} has no register file '${name}'`);
    if (!isCount(index) || index >= f.count) throw new MachineError(`${name}[${index}]: the index must be 0..${f.count - 1}`);
    return f.base + index;
  }


}

/** A cell's value at the API from its storage form (unsigned; a bigint above 52 bits). */
const cellOut = (cellBits: number, v: number | bigint): Word => (typeof v === 'bigint' ? v : unsignedWord(cellBits, v));

/** Stores a checked cell value in the storage array's form (a 32-bit cell as an int32, a big one as a bigint). */
function setCell(S: StorageArray, a: number, cellBits: number, v: Word): void {
  if (S instanceof BigUint64Array) S[a] = BigInt(v);
  else S[a] = cellBits === 32 ? Number(v) | 0 : Number(v);
}

/** Fills cells [from, to) with a checked value in the storage array's form. */
function fillStorage(S: StorageArray, cellBits: number, v: Word, from: number, to: number): void {
  if (S instanceof BigUint64Array) S.fill(BigInt(v), from, to);
  else S.fill(cellBits === 32 ? Number(v) | 0 : Number(v), from, to);
}

/** A value read through the number API: wider than 52 bits is an error naming the method to use. */
function numberOf(v: Word, what: string, method: string): number {
  if (typeof v === 'bigint') throw new MachineError(`${what} is wider than 52 bits: read it with ${method}`);
  return v;
}
