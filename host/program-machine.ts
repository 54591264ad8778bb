/**
 * What running a program needs of a machine: the bare `Machine` has it, and so does a monitor's
 * `VirtualMachine`, so the same harness runs a program bare and as a guest.
 */
import type { Access, IsaDescription } from '../spec/description.js';
import type { RunResult, StepResult, Word } from '../machine/index.js';

export interface ProgramMachine {
  readonly isa: IsaDescription;
  readonly storageCells: number;
  readonly steps: number;
  readonly halted: boolean;
  locate(vaddr: number, access?: Access, cells?: number): number | undefined;
  watchStores(paddr: number, count: number, handler: ((paddr: number, machine: ProgramMachine) => void) | undefined): void;
  loadCells(paddr: number, cells: readonly Word[]): void;
  readCell(paddr: number): number;
  readCellWord(paddr: number): Word;
  readCells(paddr: number, count: number): number[];
  setReg(name: string, value: number): void;
  run(maxSteps?: number): RunResult;
  step(): StepResult;
  requestStop(): void;
}
