/**
 * Several guests on one monitor, run in turn: each gets a slice of at most `slice` steps, round
 * robin, until every guest has halted or the total budget is spent.
 */
import type { RunResult } from '../machine/index.js';
import { VmmError } from './errors.js';
import type { VirtualMachine } from './virtual-machine.js';

export interface ScheduleOptions {
  /** Steps per turn. @defaultValue 1000 */
  slice?: number;
  /** Steps for all guests together. @defaultValue 10_000_000 */
  maxSteps?: number;
  /** Steps any one guest may run in all. @defaultValue no limit but `maxSteps` */
  guestMaxSteps?: number;
}

export interface ScheduleResult {
  reason: 'all-halted' | 'step-limit';
  /** Steps run, all guests together. */
  steps: number;
  /** Turns taken. */
  turns: number;
  /** Each guest's last run result. */
  guests: { name: string; reason: RunResult['reason'] | 'not-run'; steps: number }[];
}

export function roundRobin(guests: readonly VirtualMachine[], options: ScheduleOptions = {}): ScheduleResult {
  const slice = options.slice ?? 1000;
  const budget = options.maxSteps ?? 10_000_000;
  if (!Number.isInteger(slice) || slice < 1) throw new VmmError(`a slice is a whole number of steps from 1, not ${slice}`);
  const results: ScheduleResult['guests'] = guests.map((g) => ({ name: g.name, reason: g.halted ? 'halted' : 'not-run', steps: 0 }));
  let steps = 0;
  let turns = 0;
  const own = options.guestMaxSteps ?? Infinity;
  const runnable = (i: number) => !guests[i]!.halted && results[i]!.steps < own;
  while (steps < budget && guests.some((_, i) => runnable(i))) {
    const before = steps;
    guests.forEach((g, i) => {
      if (!runnable(i) || steps >= budget) return;
      const r = g.run(Math.min(slice, budget - steps, own - results[i]!.steps));
      steps += r.steps;
      turns++;
      const out = results[i]!;
      out.reason = r.reason;
      out.steps += r.steps;
    });
    // A turn that runs nothing cannot happen (a run of one step or more either steps or halts),
    // but a scheduler must not spin if it does.
    if (steps === before) break;
  }
  return { reason: guests.every((g) => g.halted) ? 'all-halted' : 'step-limit', steps, turns, guests: results };
}
