/**
 * A virtual machine: the guest's view of a machine, offering the same interface as the bare
 * `Machine`. Its system state (mode, address map, clocks, …) is the monitor's copy; its user
 * state lives on the host while the guest is resident there and in this object otherwise; its
 * storage is its region of host storage. `run` and `step` go through the monitor.
 */
import { checkCells, checkUnsigned, checkWord, fitsUnsigned, isCount, type Word } from '../machine/index.js';
import { isBig, layoutOf, newRegArray, readSlot, unsignedOf, writeSlot, type Layout, type RegArray } from '../machine/layout.js';
import type { Access, IsaDescription } from '../spec/description.js';
import { locateIn } from '../machine/index.js';
import { machineView } from './virtual-view.js';
import { MachineError, type MachineSnapshot, type RunResult, type StepResult } from '../machine/index.js';
import type { Allocation } from './allocator.js';
import { VmmError } from './errors.js';
import type { MachineLike, TrapHandler } from './machine-like.js';
import type { Monitor } from './monitor.js';
import type { CompiledState } from './compiled-state.js';
import type { StateRoles } from './roles.js';
import { copyStatistics, Counters, type Statistics } from './statistics.js';

export interface GuestOptions {
  /** Storage of the guest, in cells. */
  size: number;
  /** Where its storage starts in host storage. @defaultValue the lowest free place */
  base?: number;
  /**
   * Called instead of the guest's trap sequence, as `MachineOptions.onTrap` is for a bare machine:
   * a monitor running inside the guest gets its traps this way.
   */
  onTrap?: TrapHandler;
  name?: string;
  /** The step budget of `run()` when it is called without one. @defaultValue 10_000_000 */
  maxSteps?: number;
}


export class VirtualMachine implements MachineLike {
  readonly isa: IsaDescription;
  readonly storageCells: number;
  readonly name: string;
  readonly onTrap: TrapHandler | undefined;
  readonly maxSteps: number;
  /** @internal the monitor's counters for this guest */
  readonly counters = new Counters();
  /** @internal set by the monitor */
  isHalted = false;
  /** @internal */
  stepCount = 0;
  /** @internal set by `requestStop()`, cleared when `run()` returns */
  stopRequested = false;
  /** @internal while `step()` runs: guest cell → its value before the step */
  storeLog: Map<number, Word> | undefined;
  /**
   * @internal The virtual registers in the emulator's layout (canonical int32 form, as a
   * `Machine` holds them), so that compiled code can run on them: system state always, user
   * state while the guest is not resident on the host (the host holds it then, at the same slots).
   */
  readonly V: RegArray;
  /** @internal the layout of `V` */
  readonly layout: Layout;
  /** @internal the guest's state as compiled code sees it (compiled-state.ts); null where there is none */
  compiled: CompiledState | null | undefined;
  private readonly roles: StateRoles;
  private readonly watchers = new Map<number, (paddr: number, machine: VirtualMachine) => void>();
  /** Whether a slot of `V` holds system state (always the guest's own), by slot. */
  private readonly systemSlot: Uint8Array;
  /** Each register's slot, width and kind: one lookup per access (the monitor's are many). */
  private readonly slots: ReadonlyMap<string, RegisterSlot>;

  constructor(
    readonly monitor: Monitor,
    /** Its region of host storage. */
    readonly region: Allocation,
    options: GuestOptions,
  ) {
    this.isa = monitor.isa;
    this.roles = monitor.roles;
    this.storageCells = region.size;
    this.name = options.name ?? `guest ${monitor.guests.length}`;
    this.onTrap = options.onTrap;
    const maxSteps = options.maxSteps ?? 10_000_000;
    if (!isCount(maxSteps)) throw new VmmError(`maxSteps must be a whole number, not ${maxSteps}`);
    this.maxSteps = maxSteps;
    this.layout = layoutFor(this.isa);
    this.V = newRegArray(this.layout);
    this.systemSlot = new Uint8Array(this.layout.size);
    this.slots = slotsFor(this.isa, this.layout);
    for (const r of this.isa.state.registers) if (r.kind === 'system') this.systemSlot[this.layout.regs.get(r.name)!.slot] = 1;
    for (const f of this.isa.state.files) if (f.kind === 'system') this.systemSlot.fill(1, this.layout.files.get(f.name)!.base, this.layout.files.get(f.name)!.base + f.count);
    this.resetRegisters();
  }

  get halted(): boolean {
    return this.isHalted;
  }

  get steps(): number {
    return this.stepCount;
  }

  /** Whether the guest's user state is on the host now. */
  get resident(): boolean {
    return this.monitor.resident === this;
  }

  /** What the monitor has done for this guest so far. */
  statistics(): Statistics {
    return copyStatistics(this.counters.s);
  }

  // ---------------------------------------------------------------------------------------------
  // State access, as on the bare machine.

  getReg(name: string): number {
    const r = this.reg(name);
    if (!r.system && this.resident) return this.monitor.host.getReg(name);
    if (r.width <= 32) return this.V[r.slot]! >>> 0;
    return numberOf(readSlot(this.layout, this.V, r.slot), `register ${name}`, 'getRegWord');
  }

  getRegWord(name: string): Word {
    const r = this.reg(name);
    if (!r.system && this.resident) return this.monitor.host.getRegWord(name);
    return readSlot(this.layout, this.V, r.slot);
  }

  setReg(name: string, value: Word): void {
    const r = this.reg(name);
    const v = r.width <= 32 && typeof value === 'number' && fitsUnsigned(value, r.width) ? value : checkWord(value, r.width, `register ${name}`);
    if (!r.system && this.resident) this.monitor.host.setReg(name, v);
    else if (r.width < 32) this.V[r.slot] = v as number;
    else writeSlot(this.layout, this.V, r.slot, v);
  }

  getFile(name: string, index: number): number {
    const f = this.file(name, index);
    if (f.kind !== 'system' && this.resident) return this.monitor.host.getFile(name, index);
    const slot = this.layout.files.get(name)!.base + index;
    if (f.width <= 32) return this.V[slot]! >>> 0;
    return numberOf(readSlot(this.layout, this.V, slot), `${name}[${index}]`, 'getFileWord');
  }

  getFileWord(name: string, index: number): Word {
    const f = this.file(name, index);
    if (f.kind !== 'system' && this.resident) return this.monitor.host.getFileWord(name, index);
    return readSlot(this.layout, this.V, this.layout.files.get(name)!.base + index);
  }

  /** A hard-wired element ignores the write. */
  setFile(name: string, index: number, value: Word): void {
    const f = this.file(name, index);
    const v = f.width <= 32 && typeof value === 'number' && fitsUnsigned(value, f.width) ? value : checkWord(value, f.width, `${name}[${index}]`);
    if (f.hardwired?.some((h) => h.index === index)) return;
    if (f.kind !== 'system' && this.resident) this.monitor.host.setFile(name, index, v);
    else writeSlot(this.layout, this.V, this.layout.files.get(name)!.base + index, v);
  }

  /** @internal whether slot `slot` of `V` is system state (the guest's own wherever it runs) */
  isSystemSlot(slot: number): boolean {
    return this.systemSlot[slot] === 1;
  }

  readCell(paddr: number): number {
    checkCells(paddr, 1, this.storageCells);
    return this.monitor.host.readCell(this.region.base + paddr);
  }

  readCellWord(paddr: number): Word {
    checkCells(paddr, 1, this.storageCells);
    return this.monitor.host.readCellWord(this.region.base + paddr);
  }

  writeCell(paddr: number, value: Word): void {
    checkCells(paddr, 1, this.storageCells);
    const log = this.storeLog;
    if (log && !log.has(paddr)) log.set(paddr, this.monitor.host.readCellWord(this.region.base + paddr));
    this.monitor.host.writeCell(this.region.base + paddr, value);
  }

  /** @internal a store made by a guest instruction the monitor ran: written, and told to its watcher */
  guestStore(paddr: number, value: Word): void {
    this.writeCell(paddr, value);
    this.watchers.get(paddr)?.(paddr, this);
  }

  /** Where an access at `vaddr` lands under the guest's own (virtual) map, or undefined if it would trap. */
  locate(vaddr: number, access: Access = 'read', cells = 1): number | undefined {
    const { addressBits } = this.isa.state.storage;
    checkUnsigned(vaddr, addressBits, 'a virtual address');
    // The compiled translation on the virtual registers where there is one (placing a program asks for every segment).
    const p = isCount(cells) && cells >= 1 ? this.monitor.locateCompiled(this, vaddr, access, cells) : null;
    if (p !== null) return p;
    return locateIn(this.isa, machineView(this), vaddr, access, cells);
  }

  /**
   * Reports the guest's stores to the cells, whether its instruction ran on the host (the host
   * watches the real cell) or was interpreted by the monitor; a handler's `requestStop()` ends the
   * guest's run after that instruction.
   */
  watchStores(paddr: number, count: number, handler: ((paddr: number, machine: this) => void) | undefined): void {
    checkCells(paddr, count, this.storageCells);
    for (let a = paddr; a < paddr + count; a++) {
      if (handler) this.watchers.set(a, handler as (paddr: number, machine: VirtualMachine) => void);
      else this.watchers.delete(a);
      this.monitor.host.watchStores(
        this.region.base + a,
        1,
        handler
          ? (_real, host) => {
              handler(a, this);
              if (this.stopRequested) host.requestStop();
            }
          : undefined,
      );
    }
  }

  readCells(paddr: number, count: number): number[] {
    checkCells(paddr, count, this.storageCells);
    return this.monitor.host.readCells(this.region.base + paddr, count);
  }

  readCellWords(paddr: number, count: number): Word[] {
    checkCells(paddr, count, this.storageCells);
    return this.monitor.host.readCellWords(this.region.base + paddr, count);
  }

  loadCells(paddr: number, cells: readonly Word[]): void {
    checkCells(paddr, cells.length, this.storageCells);
    if (this.storeLog) cells.forEach((_, i) => this.writeCell(paddr + i, cells[i]!));
    else this.monitor.host.loadCells(this.region.base + paddr, cells);
  }

  fillCells(paddr: number, count: number, value: Word): void {
    checkCells(paddr, count, this.storageCells);
    if (this.storeLog) for (let i = 0; i < count; i++) this.writeCell(paddr + i, value);
    else this.monitor.host.fillCells(this.region.base + paddr, count, value);
  }

  // ---------------------------------------------------------------------------------------------
  // Execution, through the monitor.

  /** Runs one guest instruction and reports it as the bare machine would. */
  step(): StepResult {
    return this.monitor.stepGuest(this);
  }

  /** Runs until a halt, the budget (default `maxSteps`), or `requestStop()` from `onTrap`. */
  run(maxSteps: number = this.maxSteps): RunResult {
    if (!isCount(maxSteps)) throw new MachineError(`a step budget is a whole number, not ${maxSteps}`);
    return this.monitor.runGuest(this, maxSteps);
  }

  requestStop(): void {
    this.stopRequested = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshots: the guest's state as a bare machine of `storageCells` cells would show it.

  snapshot(): MachineSnapshot {
    const storage: [number, Word][] = [];
    // In place where the guest's storage is a view of real storage (a megabyte guest: no copy).
    const view = this.compiled ? this.compiled.S : undefined;
    const cells = view ?? this.readCellWords(0, this.storageCells);
    const w = this.isa.state.storage.cellBits;
    // (`!= 0`: a big cell's 0n too.)
    for (let a = 0; a < this.storageCells; a++) if (cells[a] != 0) storage.push([a, unsignedOf(w, cells[a]!)]);
    return {
      registers: Object.fromEntries(this.isa.state.registers.map((r) => [r.name, this.getRegWord(r.name)])),
      files: Object.fromEntries(this.isa.state.files.map((f) => [f.name, Array.from({ length: f.count }, (_, i) => this.getFileWord(f.name, i))])),
      storage,
      halted: this.isHalted,
      steps: this.stepCount,
    };
  }

  /** Restores a snapshot (checked first: nothing changes if it does not fit this guest). */
  restore(s: MachineSnapshot): void {
    for (const r of this.isa.state.registers) {
      const v = s.registers?.[r.name];
      if (v === undefined) throw new MachineError(`snapshot: register ${r.name} is missing`);
      checkWord(v, r.width, `snapshot: register ${r.name}`);
    }
    for (const name of Object.keys(s.registers ?? {})) this.reg(name);
    for (const f of this.isa.state.files) {
      const vs = s.files?.[f.name];
      if (!Array.isArray(vs) || vs.length !== f.count) throw new MachineError(`snapshot: register file ${f.name} needs ${f.count} values`);
      vs.forEach((v, i) => checkWord(v, f.width, `snapshot: ${f.name}[${i}]`));
    }
    // Checked before anything is written; storage is zeroed in place, not through an array of it.
    for (const [a, v] of s.storage ?? []) {
      checkCells(a, 1, this.storageCells);
      checkWord(v, this.isa.state.storage.cellBits, `snapshot: cell ${a}`);
    }
    if (!isCount(s.steps)) throw new MachineError(`snapshot: steps must be a whole number, not ${s.steps}`);
    for (const r of this.isa.state.registers) this.setReg(r.name, s.registers[r.name]!);
    for (const f of this.isa.state.files) s.files[f.name]!.forEach((v, i) => this.setFile(f.name, i, v));
    this.monitor.host.fillCells(this.region.base, this.storageCells, 0);
    for (const [a, v] of s.storage ?? []) this.monitor.host.writeCell(this.region.base + a, v);
    this.isHalted = !!s.halted;
    this.stepCount = s.steps;
  }

  /** Registers to their reset values, storage zeroed, not halted, no steps. */
  reset(): void {
    this.resetRegisters();
    this.monitor.host.fillCells(this.region.base, this.storageCells, 0);
    this.isHalted = false;
    this.stepCount = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Residency: the monitor moves the user state on and off the host.

  /** @internal copies the user state from the host into this object */
  moveOff(): void {
    const host = this.monitor.host;
    const { regs, files } = this.layout;
    const { layout, V } = this;
    if (!layout.wide) {
      for (const name of this.roles.userRegisters) V[regs.get(name)!.slot] = host.getReg(name);
      for (const name of this.roles.userFiles) {
        const f = files.get(name)!;
        for (let i = 0; i < f.count; i++) V[f.base + i] = host.getFile(name, i);
      }
      return;
    }
    for (const name of this.roles.userRegisters) writeSlot(layout, V, regs.get(name)!.slot, host.getRegWord(name));
    for (const name of this.roles.userFiles) {
      const f = files.get(name)!;
      for (let i = 0; i < f.count; i++) writeSlot(layout, V, f.base + i, host.getFileWord(name, i));
    }
  }

  /** @internal copies the user state from this object onto the host */
  moveOn(): void {
    const host = this.monitor.host;
    const { regs, files } = this.layout;
    const { layout, V } = this;
    for (const name of this.roles.userRegisters) host.setReg(name, readSlot(layout, V, regs.get(name)!.slot));
    for (const name of this.roles.userFiles) {
      const f = files.get(name)!;
      for (let i = 0; i < f.count; i++) host.setFile(name, i, readSlot(layout, V, f.base + i));
    }
  }

  private resetRegisters(): void {
    for (const r of this.isa.state.registers) {
      const slot = this.layout.regs.get(r.name)!;
      if (r.kind !== 'system' && this.resident) this.monitor.host.setReg(r.name, slot.reset);
      else writeSlot(this.layout, this.V, slot.slot, slot.reset);
    }
    for (const f of this.isa.state.files) {
      const fs = this.layout.files.get(f.name)!;
      const values = Array.from({ length: f.count }, (_, i): Word => fs.hardwired.get(i) ?? (isBig(f.width) ? 0n : 0));
      if (f.kind !== 'system' && this.resident) values.forEach((v, i) => this.monitor.host.setFile(f.name, i, v));
      else values.forEach((v, i) => writeSlot(this.layout, this.V, fs.base + i, v));
    }
  }

  private reg(name: string): RegisterSlot {
    const r = this.slots.get(name);
    if (!r) throw new MachineError(`${this.isa.name} has no register '${name}' (registers: ${[...this.roles.registers.keys()].join(', ')})`);
    return r;
  }

  private file(name: string, index: number) {
    const f = this.roles.files.get(name);
    if (!f) throw new MachineError(`${this.isa.name} has no register file '${name}'`);
    if (!isCount(index) || index >= f.count) throw new MachineError(`${name}[${index}]: the index must be 0..${f.count - 1}`);
    return f;
  }


}

const layouts = new WeakMap<IsaDescription, Layout>();

/** The emulator's layout of an ISA's registers, made once per description. */
export function layoutFor(isa: IsaDescription): Layout {
  let l = layouts.get(isa);
  if (!l) layouts.set(isa, (l = layoutOf(isa)));
  return l;
}

interface RegisterSlot {
  slot: number;
  width: number;
  system: boolean;
}

const slotMaps = new WeakMap<IsaDescription, ReadonlyMap<string, RegisterSlot>>();

function slotsFor(isa: IsaDescription, layout: Layout): ReadonlyMap<string, RegisterSlot> {
  let m = slotMaps.get(isa);
  if (!m) slotMaps.set(isa, (m = new Map(isa.state.registers.map((r) => [r.name, { slot: layout.regs.get(r.name)!.slot, width: r.width, system: r.kind === 'system' }]))));
  return m;
}

/** A value read through the number API: wider than 52 bits is an error naming the method to use. */
function numberOf(v: Word, what: string, method: string): number {
  if (typeof v === 'bigint') throw new MachineError(`${what} is wider than 52 bits: read it with ${method}`);
  return v;
}
