/**
 * The trace format: one JSON object per step, on one line, keys always in this order:
 *
 *   step      number   the step's index since reset (0 for the first)
 *   pc        number   the PC before the step
 *   cells     number[] the cells fetched ([] on a fetch fault)
 *   mnemonic  string   the instruction (absent on a fetch fault or an illegal word)
 *   fields    object   its field values, unsigned (absent with mnemonic)
 *   trap      object   { name, code, value } of the trap taken (absent if none)
 *   writes    object[] what changed: { kind: 'reg', name, value } | { kind: 'file', name, index, value }
 *                      | { kind: 'store', addr, value } (addr a physical cell)
 *   halted    boolean  whether the machine is halted after the step
 *
 * Numbers are unsigned decimals; a value above 2^53 − 1 (a 64-bit register's, which a JSON
 * number would round) is a string of its decimal digits. The format is `vmcheck-trace/1`; new keys
 * may be added at the end.
 */
import type { IsaDescription } from '../spec/description.js';
import type { StepResult } from './machine.js';

export const traceFormat = 'vmcheck-trace/1' as const;

/**
 * A `JSON.stringify` replacer for machine values (machine/layout.ts `Word`): a bigint as a number
 * up to 2^53 − 1, above as a string of its decimal digits (as reports write it).
 */
export const jsonWords = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? (v > BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : Number(v)) : v);

/** One trace line for `result`, the `step`-th step of a machine running `isa`. */
export function traceLine(isa: IsaDescription, result: StepResult, step: number): string {
  // Rebuilt key by key so the order is the documented one whatever built `result`.
  const line: Record<string, unknown> = { step, pc: result.pc, cells: result.cells };
  if (result.mnemonic !== undefined) line.mnemonic = result.mnemonic;
  if (result.fields !== undefined) {
    const order = isa.instructions.find((i) => i.mnemonic === result.mnemonic)?.encoding.fields.map((f) => f.name) ?? Object.keys(result.fields);
    line.fields = Object.fromEntries(order.filter((k) => k in result.fields!).map((k) => [k, result.fields![k]]));
  }
  if (result.trap) line.trap = { name: result.trap.name, code: result.trap.code, value: result.trap.value };
  line.writes = result.writes.map((w) =>
    w.kind === 'reg'
      ? { kind: w.kind, name: w.name, value: w.value }
      : w.kind === 'file'
        ? { kind: w.kind, name: w.name, index: w.index, value: w.value }
        : { kind: w.kind, addr: w.addr, value: w.value },
  );
  line.halted = result.halted;
  return JSON.stringify(line, jsonWords);
}
