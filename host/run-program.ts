/**
 * Runs an executable on a machine as a test harness does: place it, watch its console devices
 * and its `tohost` word, and run until the program writes `tohost`, halts, or uses up its budget.
 */
import { watchConsoles, type RunResult, type StepResult } from '../machine/index.js';
import type { ProgramMachine } from './program-machine.js';
import { placeProgram, type Placeable } from './place.js';
import { verdictOf, type Verdict } from './tohost.js';

export interface ProgramOptions {
  /** The step budget. @defaultValue 100_000_000 */
  maxSteps?: number;
  /** Receives console output as it is written, a character at a time. */
  onOutput?: (text: string) => void;
  /** Where the program came from, for messages. */
  source?: string;
  /** Run one instruction at a time and report each (slow: for traces). */
  onStep?: (step: StepResult, index: number) => void;
}

export interface ProgramResult {
  /** `tohost`: the program wrote its verdict; otherwise why the run ended. */
  reason: 'tohost' | RunResult['reason'];
  /** Present when the program wrote `tohost`. */
  verdict?: Verdict;
  /** The word written to `tohost`. */
  tohost?: number;
  steps: number;
  /** Everything the program printed. */
  output: string;
}

export interface RunnableProgram extends Placeable {
  symbols: Record<string, number>;
}

/** Reads a little-endian 32-bit word from four cells (byte storage) or one cell (word storage). */
function readWord(machine: ProgramMachine, p: number): number {
  const bits = machine.isa.state.storage.cellBits;
  const n = Math.ceil(32 / bits);
  return machine.readCells(p, n).reduce((acc, v, i) => acc + v * 2 ** (bits * i), 0) % 2 ** 32;
}

/** Places the program, watches `tohost` and the consoles, runs. */
export function runProgram(machine: ProgramMachine, program: RunnableProgram, options: ProgramOptions = {}): ProgramResult {
  placeProgram(machine, program, options.source);
  let output = '';
  watchConsoles(machine, (ch) => {
    output += ch;
    options.onOutput?.(ch);
  });
  const tohostAddress = program.symbols['tohost'];
  const tohost = tohostAddress === undefined ? undefined : machine.locate(tohostAddress, 'write');
  let written = false;
  if (tohost !== undefined)
    machine.watchStores(tohost, 1, (_cell, m) => {
      written = true;
      m.requestStop();
    });
  const start = machine.steps;
  const budget = options.maxSteps ?? 100_000_000;
  let reason: RunResult['reason'];
  if (options.onStep) {
    while (!machine.halted && !written && machine.steps - start < budget) options.onStep(machine.step(), machine.steps - 1);
    reason = machine.halted ? 'halted' : written ? 'stopped' : 'step-limit';
  } else reason = machine.run(budget).reason;
  const steps = machine.steps - start;
  if (written && tohost !== undefined) {
    const value = readWord(machine, tohost);
    return { reason: 'tohost', verdict: verdictOf(value), tohost: value, steps, output };
  }
  return { reason, steps, output };
}

