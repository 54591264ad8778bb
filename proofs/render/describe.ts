/** Shared wording of the renderers: numbers, definitions, violations, witnesses as lines of text. */
import type { DefinitionName, MappedFetchWitness, Report, TheoremVerdict, Witness, WitnessState } from '../report-types.js';

export const hex = (v: number | string): string => '0x' + (typeof v === 'string' ? BigInt(v) : v).toString(16);

export const definitionTitles: Record<DefinitionName, string> = {
  privileged: 'traps in user mode (under the monitor configuration) and not in supervisor mode, on every state pair that differs only in mode',
  'control-sensitive': 'can change system state (mode, address map, other system registers) without trapping',
  'user-control-sensitive': 'can change system state without trapping when run in user mode',
  'mode-sensitive': 'behaves differently (another result, or a trap where the other completes) in states that differ only in mode (or other system state)',
  'location-sensitive': 'behaves differently when the program is moved in storage',
  'user-location-sensitive': 'behaves differently when moved in storage, in user mode',
  'user-system-sensitive': 'behaves differently in user mode when only system state outside the mode and the address map differs',
  'timing-dependent': 'behaves differently in states that differ only in the timing resources',
};

export function theoremLine(t: TheoremVerdict): string {
  const head = `Theorem ${t.theorem} — ${t.title}: ${t.status === 'holds' ? 'holds' : t.status === 'fails' ? 'FAILS' : 'INCONCLUSIVE'}`;
  return head + (t.status === 'holds' ? '' : ` — ${theoremWhy(t)}`);
}

/** Why a theorem fails (its violators, a fetch from a mapped register) or is inconclusive (what is undecided). */
export function theoremWhy(t: TheoremVerdict): string {
  const fetch = t.mappedFetch;
  if (t.status === 'fails') {
    const parts = t.violators.length > 0 ? [`${t.violators.map((v) => `${v.mnemonic} (${v.definitions.join(', ')})`).join('; ')} not privileged`] : [];
    if (fetch?.answer === 'yes') parts.push(mappedFetchSummary(fetch.witness!));
    return parts.join('; and ');
  }
  if (t.status === 'inconclusive')
    return [
      ...(t.undecided.length > 0 ? [`undecided: ${t.undecided.join(', ')}`] : []),
      ...(fetch?.answer === 'unknown' ? [`undecided whether ${fetch.levels === 'user' ? 'a user level' : 'a level'} run directly can fetch from a register mapped into storage`] : []),
    ].join('; ');
  return '';
}

/** A fetch from a mapped register in one phrase. */
export function mappedFetchSummary(w: MappedFetchWitness): string {
  return `${w.mode.level} mode can fetch an instruction from ${w.cell.register}'s cells (mapped into storage), which a guest run directly reads from its own copy`;
}

/** The witness of a fetch from a mapped register, as lines. */
export function mappedFetchLines(w: MappedFetchWitness): string[] {
  const regs = Object.entries(w.registers).map(([k, v]) => `${k}=${hex(v)}`).join(' ');
  const storage = w.storage.map((c) => `E[${hex(c.address)}]=${hex(c.value)}`).join(' ');
  return [
    `witness (query ${w.query}): ${w.claim}`,
    `  state: mode ${w.mode.level} (${w.mode.register}=${w.mode.value}, ${w.mode.supervisor ? 'supervisor' : 'user'}), PC ${hex(w.pc)}, instruction \`${w.instruction.text}\` (cells ${w.instruction.cells.map(hex).join(' ')})`,
    `  registers: ${regs}`,
    ...Object.entries(w.files).map(([name, vs]) => `  ${name}: ${vs.map((v, i) => [i, v] as const).filter(([, v]) => vs.length <= 16 || BigInt(v) !== 0n).map(([i, v]) => `${name}${i}=${hex(v)}`).join(' ')}`),
    `  storage: ${storage || '(every cell fetched is a register)'}`,
  ];
}

/** Each theorem's fetch from a mapped register that fails it, once per witness. */
export function mappedFetchFailures(report: Report): { theorems: number[]; witness: MappedFetchWitness }[] {
  const out = new Map<string, { theorems: number[]; witness: MappedFetchWitness }>();
  for (const t of report.theorems) {
    const w = t.mappedFetch?.answer === 'yes' ? t.mappedFetch.witness : undefined;
    if (!w) continue;
    const e = out.get(w.query) ?? { theorems: [], witness: w };
    e.theorems.push(t.theorem);
    out.set(w.query, e);
  }
  return [...out.values()];
}

/** Each (instruction, definition) that breaks a theorem, once. */
export function violations(report: Report): { mnemonic: string; definition: DefinitionName; theorems: number[] }[] {
  const out = new Map<string, { mnemonic: string; definition: DefinitionName; theorems: number[] }>();
  for (const t of report.theorems)
    for (const v of t.violators)
      for (const d of v.definitions) {
        const key = `${v.mnemonic}/${d}`;
        const e = out.get(key) ?? { mnemonic: v.mnemonic, definition: d, theorems: [] };
        e.theorems.push(t.theorem);
        out.set(key, e);
      }
  return [...out.values()];
}

/** Queries that ended `unknown`, as `insn/definition (reason)`. */
export function undecidedQueries(report: Report): string[] {
  return report.queries.filter((q) => q.status === 'unknown').map((q) => `${q.id} (${q.reason ?? 'unknown'})`);
}

function guestText(g: NonNullable<WitnessState['guest']>): string {
  const files = Object.entries(g.files).flatMap(([name, vs]) => vs.map((v, i) => `${name}${i}=${hex(v)}`).filter((_, i) => vs.length <= 16 || vs[i] !== 0));
  return [...Object.entries(g.registers).map(([k, v]) => `${k}=${hex(v)}`), ...files].join(' ') || 'none';
}

function stateLines(s: WitnessState): string[] {
  const regs = Object.entries(s.registers).map(([k, v]) => `${k}=${hex(v)}`).join(' ');
  const files = Object.entries(s.files).map(([name, vs]) => {
    const shown = vs.map((v, i) => [i, v] as const).filter(([, v]) => vs.length <= 16 || v !== 0);
    return `${name}: ${shown.map(([i, v]) => `${name}${i}=${hex(v)}`).join(' ')}${shown.length < vs.length ? ' (others 0)' : ''}`;
  });
  const storage = s.storage.map((c) => `E[${hex(c.address)}]=${hex(c.value)}`).join(' ');
  const trap = s.outcome.trap ? `trap '${s.outcome.trap.name}' (code ${s.outcome.trap.code}, value ${hex(s.outcome.trap.value)})` : 'no trap';
  const changed = Object.entries(s.outcome.changed).map(([k, c]) => `${k} ${hex(c.before)}→${hex(c.after)}`).join(', ');
  return [
    `${s.label}: mode ${s.mode.level} (${s.mode.register}=${s.mode.value}, ${s.mode.supervisor ? 'supervisor' : 'user'}), instruction at ${hex(s.instructionAt.virtual)} (physical ${hex(s.instructionAt.physical)})`,
    `  registers: ${regs}`,
    ...files.map((f) => `  ${f}`),
    ...(s.guest ? [`  the guest's map registers (its map reads these; the real ones above are the monitor's): ${guestText(s.guest)}`] : []),
    `  storage${s.guest ? ' (the guest’s, by guest address)' : ''}: ${storage || '(none read)'}`,
    `  emulator: ${trap}${s.outcome.halted ? ', halted' : ''}${changed ? `; changed ${changed}` : ''}`,
  ];
}

/** A witness as indented lines: the instruction, the claim, each state, the differences. */
export function witnessLines(w: Witness): string[] {
  return [
    `instruction: ${w.instruction.text}   (cells ${w.instruction.cells.map(hex).join(' ')}; fields ${Object.entries(w.instruction.fields).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'})`,
    `shows: it ${w.claim}`,
    ...(w.shift !== undefined ? [`shift x = ${hex(w.shift)}`] : []),
    ...w.states.flatMap(stateLines),
    ...(w.differences.length > 0 ? [`differences: ${w.differences.map((d) => `${d.what} ${hex(d.first)} vs ${hex(d.second)}`).join(', ')}`] : []),
    `replayed on the reference emulator (query ${w.query})`,
  ];
}

/**
 * Entries whose findings were derived by renaming another's (proofs/share.ts), by representative:
 * `CSRRW.menvcfg: CSRRW.mstatush, CSRRW.pmpcfg2 (no renaming); …`. Read off the notes.
 */
export function sharedLines(report: Report): string[] {
  const byRep = new Map<string, string[]>();
  for (const i of report.instructions) {
    const note = Object.values(i.definitions).map((d) => d.note ?? '').find((n) => n.startsWith('shared: '));
    const m = note && /^shared: as (\S+), alike up to renaming ([^;]*)/.exec(note);
    if (!m) continue;
    const list = byRep.get(m[1]!) ?? [];
    list.push(`${i.mnemonic}${m[2] ? ` (${m[2]})` : ''}`);
    byRep.set(m[1]!, list);
  }
  return [...byRep].map(([rep, members]) => `${rep}: ${members.join(', ')}`);
}

/** C in one line. */
export function configurationLine(report: Report): string {
  const c = report.configuration.entries;
  return c.length === 0 ? 'none' : c.map((p) => `${p.register}[${p.mask}] = ${p.value}`).join(', ');
}

/** The exact per-step condition against the classification: contradictions loudly, safe violators as a note. */
export function crossCheckLines(report: Report): string[] {
  const { contradictions, safeViolators } = report.crossCheck;
  const out: string[] = [];
  if (contradictions.length > 0) {
    out.push('CHECKER ERROR: the classification and the exact per-step condition disagree (no verdict is given):');
    for (const c of contradictions) {
      const i = report.instructions.find((x) => x.mnemonic === c.mnemonic)!;
      const d = c.theorem === 1 ? i.direct.anyLevel : i.direct.userLevel;
      out.push(`  Theorem ${c.theorem} holds by classification, but ${c.mnemonic} is unsafe for direct execution`);
      if (d.witness) out.push(...witnessLines(d.witness).map((l) => `    ${l}`));
    }
    out.push('');
  }
  if (safeViolators.length > 0)
    out.push(
      `Safe for direct execution although the classification counts them (P&G's condition is sufficient, not necessary): ${safeViolators.map((v) => `${v.mnemonic} (Theorem ${v.theorem})`).join(', ')}`,
      '',
    );
  return out;
}
