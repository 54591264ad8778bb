/**
 * What a monitor runs on. The bare `Machine` and a monitor's `VirtualMachine` offer the same
 * interface, so a monitor can run on a virtual machine as well as on the real one (recursion,
 * Theorem 2): the monitor never knows which it has.
 */
import type { Access, IsaDescription } from '../spec/description.js';
import { Machine, type MachineSnapshot, type RunResult, type StepResult, type TrapInfo, type Word } from '../machine/index.js';

/** The machine interface: state access, one step, a run with a budget, snapshots. */
export interface MachineLike {
  readonly isa: IsaDescription;
  /** Storage size in cells. */
  readonly storageCells: number;
  readonly halted: boolean;
  /** Steps since reset; a trap delivered to `onTrap` counts. */
  readonly steps: number;
  /** A register of at most 52 bits (wider: `getRegWord`). */
  getReg(name: string): number;
  /** A register of any width: a bigint above 52 bits. */
  getRegWord(name: string): Word;
  setReg(name: string, value: Word): void;
  getFile(name: string, index: number): number;
  getFileWord(name: string, index: number): Word;
  setFile(name: string, index: number, value: Word): void;
  /** A cell of at most 52 bits (wider: `readCellWord`). */
  readCell(paddr: number): number;
  /** A cell of any width: a bigint above 52 bits. */
  readCellWord(paddr: number): Word;
  writeCell(paddr: number, value: Word): void;
  readCells(paddr: number, count: number): number[];
  readCellWords(paddr: number, count: number): Word[];
  loadCells(paddr: number, cells: readonly Word[]): void;
  /** Sets `count` cells from `paddr` to `value` (a guest region zeroed without an array the size of it). */
  fillCells(paddr: number, count: number, value: Word): void;
  step(): StepResult;
  run(maxSteps?: number): RunResult;
  /** From inside `onTrap`: makes the current `run()` return 'stopped' once the handler returns. */
  requestStop(): void;
  snapshot(): MachineSnapshot;
  restore(snapshot: MachineSnapshot): void;
  /** The physical cell an access at `vaddr` reaches in the current state, or undefined if it would trap. */
  locate(vaddr: number, access?: Access, cells?: number): number | undefined;
  /** Reports every store the machine's own instructions make to the cells (see `Machine.watchStores`). */
  watchStores(paddr: number, count: number, handler: ((paddr: number, machine: MachineLike) => void) | undefined): void;
}

/**
 * Called instead of the trap sequence: the machine is as before the trapping instruction (the
 * step counts, timing has not advanced) and the handler may change it.
 */
export type TrapHandler = (trap: TrapInfo, machine: MachineLike) => void;

/** Makes the machine a monitor runs on, wired to the monitor's dispatcher. */
export type HostFactory = (onTrap: TrapHandler) => MachineLike;

/** A real machine of `storageCells` cells as a monitor's host. */
export function realHost(isa: IsaDescription, storageCells: number): HostFactory {
  return (onTrap) => new Machine(isa, { storageCells, onTrap });
}

/**
 * Clears the halted flag of a machine that a guest halted with an unprivileged halt. The
 * interface has no such operation, so it goes through a snapshot (costly, and rare).
 */
export function clearHalt(m: MachineLike): void {
  if (!m.halted) return;
  m.restore({ ...m.snapshot(), halted: false });
}
