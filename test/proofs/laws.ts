/**
 * Laws every report must satisfy, reused across ISAs: every witness the report shows replays on
 * a fresh reference machine from the report's own data (not the checker's internal copy), and
 * the theorem verdicts are consistent with the instruction table.
 */
import { expect } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { cellAt } from '../../spec/encoding.js';
import { Machine, referenceFullStep, type StateView } from '../../machine/index.js';
import type { Report, Witness, WitnessState } from '../../proofs/index.js';

/** A report's value as the machine takes it (a string of digits above 2^53 - 1: report-types.ts ReportValue). */
const fromReport = (v: number | string) => (typeof v === 'string' ? BigInt(v) : v);
/** A machine's value as the report writes it. */
const toReport = (v: number | bigint) => (BigInt(v) > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(v).toString() : Number(v));

/**
 * A state under a monitor's composed map (its `guest` field, proofs/definitions/README.md): the
 * reference evaluator's whole step on a view whose map reads the guest's values, over the
 * guest's storage by guest address; what it changed, as the emulator lists changes.
 */
function composedStep(isa: IsaDescription, s: WitnessState, shift: number): { trap?: { name: string; code: number; value: number | string }; halted: boolean; changed: Record<string, number | string> } {
  const regs = new Map(Object.entries(s.registers).map(([k, v]) => [k, BigInt(v)]));
  const files = new Map(Object.entries(s.files).map(([k, vs]) => [k, vs.map((v) => BigInt(v))]));
  const cells = new Map(s.storage.map((c) => [BigInt(c.address), BigInt(c.value)]));
  const guest = s.guest!;
  const view: StateView = {
    reg: (n) => regs.get(n)!,
    file: (n, i) => files.get(n)![i]!,
    cell: (a) => (a >= 0n && a < 1n << BigInt(isa.state.storage.addressBits) ? (cells.get(a) ?? 0n) : undefined),
    storageCells: isa.state.storage.cells,
    composed: {
      mapReg: (n) => (guest.registers[n] === undefined ? undefined : BigInt(guest.registers[n]!)),
      mapFile: (n, i) => (guest.files[n]?.[i] === undefined ? undefined : BigInt(guest.files[n]![i]!)),
      shift: BigInt(shift),
    },
  };
  const step = referenceFullStep(isa, view);
  const changed: Record<string, number | string> = {};
  const cellBits = isa.state.storage.cellBits;
  for (const x of step.writes) {
    if (x.kind === 'reg') {
      if (regs.get(x.name) !== x.value) changed[x.name] = toReport(x.value);
      regs.set(x.name, x.value);
    } else if (x.kind === 'file') {
      if (files.get(x.name)![x.index] !== x.value) changed[`${x.name}[${x.index}]`] = toReport(x.value);
      files.get(x.name)![x.index] = x.value;
    } else
      for (let i = 0; i < x.width / cellBits; i++) {
        const a = x.addr + BigInt(i);
        const v = cellAt(x.value, x.width / cellBits, i, isa.state.storage);
        if ((cells.get(a) ?? 0n) !== v) changed[`E[${a}]`] = toReport(v);
        cells.set(a, v);
      }
  }
  return { ...(step.trap ? { trap: { ...step.trap, value: toReport(step.trap.value) } } : {}), halted: step.halted, changed };
}

/** Replays each state of a reported witness and compares with what the report says happened. */
export function expectWitnessReplays(isa: IsaDescription, w: Witness): void {
  expect(w.replayed).toBe(true);
  for (const s of w.states) {
    if (s.guest) {
      const r = composedStep(isa, s, w.shift!);
      expect(r.trap, `${w.query} ${s.label}: trap`).toEqual(s.outcome.trap);
      expect(r.halted).toBe(s.outcome.halted);
      expect(r.changed, `${w.query} ${s.label}: changes`).toEqual(Object.fromEntries(Object.entries(s.outcome.changed).map(([k, c]) => [k, c.after])));
      continue;
    }
    const m = new Machine(isa);
    for (const [k, v] of Object.entries(s.registers)) m.setReg(k, fromReport(v));
    for (const [k, vs] of Object.entries(s.files)) vs.forEach((v, i) => m.setFile(k, i, fromReport(v)));
    for (const c of s.storage) m.writeCell(c.address, BigInt(c.value));
    expect(m.readCellWords(s.instructionAt.physical, w.instruction.cells.length).map(toReport), `${w.query} ${s.label}: instruction cells`).toEqual(w.instruction.cells);
    const r = m.step();
    expect(r.trap ? { ...r.trap, value: toReport(r.trap.value) } : undefined, `${w.query} ${s.label}: trap`).toEqual(s.outcome.trap);
    expect(r.halted).toBe(s.outcome.halted);
    const changed = Object.fromEntries(
      r.writes.map((x) => (x.kind === 'reg' ? [x.name, toReport(x.value)] : x.kind === 'file' ? [`${x.name}[${x.index}]`, toReport(x.value)] : [`E[${x.addr}]`, toReport(x.value)])),
    );
    expect(changed, `${w.query} ${s.label}: changes`).toEqual(Object.fromEntries(Object.entries(s.outcome.changed).map(([k, c]) => [k, c.after])));
  }
}

export function witnesses(report: Report): Witness[] {
  return report.instructions.flatMap((i) => [
    ...Object.values(i.definitions).flatMap((d) => (d.witness ? [d.witness] : [])),
    ...[i.direct.anyLevel, i.direct.userLevel].flatMap((d) => (d.witness ? [d.witness] : [])),
  ]);
}

/** Every witness of the report replays; the verdicts follow from the table. */
export function expectLawfulReport(isa: IsaDescription, report: Report): void {
  for (const w of witnesses(report)) expectWitnessReplays(isa, w);
  for (const i of report.instructions) {
    // A sensitive answer with a witness, a privileged `no` with one; user forms imply general ones.
    for (const d of Object.values(i.definitions)) if (d.answer === 'yes' && d.definition !== 'privileged') expect(d.witness, `${i.mnemonic} ${d.definition}`).toBeDefined();
    if (i.privileged === 'no') expect(i.definitions.privileged.witness).toBeDefined();
    if (i.definitions['user-control-sensitive'].answer === 'yes') expect(i.definitions['control-sensitive'].answer).toBe('yes');
    if (i.definitions['user-location-sensitive'].answer === 'yes') expect(i.definitions['location-sensitive'].answer).toBe('yes');
    if (i.definitions['user-system-sensitive'].answer === 'yes') expect(i.definitions['mode-sensitive'].answer).toBe('yes');
    // An unsafe instruction has its witness; safety from any level implies safety from user levels.
    for (const d of [i.direct.anyLevel, i.direct.userLevel]) if (d.safe === 'no') expect(d.witness, `${i.mnemonic} direct`).toBeDefined();
    if (i.direct.anyLevel.safe === 'yes') expect(i.direct.userLevel.safe, `${i.mnemonic} direct`).toBe('yes');
  }
  // The classification never contradicts the exact per-step condition (DESIGN.md §2 rule 4).
  expect(report.crossCheck.contradictions).toEqual([]);
  const [t1, t2, t3] = report.theorems;
  if (t1.status === 'holds') expect(t3.status).toBe('holds');
  if (t2.status === 'holds') expect(t1.status).toBe('holds');
}

/** Runs for a Z3-backed property: few by default, the campaign count when FC_NUM_RUNS is set. */
export function z3Runs(n: number): number {
  return process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : n;
}
