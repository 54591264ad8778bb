/**
 * A witness in HTML: the instruction disassembled, what it shows, and its states side by side in
 * one table — one column per state, a row per register, storage cell and outcome — with every
 * row whose values differ between the states marked.
 */
import type { Report, Witness, WitnessState } from '../report-types.js';
import { hex } from './describe.js';

/** Text made safe for HTML content and attribute values. */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

type Row = { label: string; values: string[] };

/** The union of the states' keys, in first-seen order. */
const keys = (records: readonly Record<string, unknown>[]) => [...new Set(records.flatMap((r) => Object.keys(r)))];

/** The rows of the states' table; `changed` adds a row per register a state's step changed. */
function rows(states: readonly WitnessState[], changed: boolean): Row[] {
  const cell = (v: number | string | undefined) => (v === undefined ? '—' : hex(v));
  const out: Row[] = [
    { label: 'mode', values: states.map((s) => `${s.mode.level} (${s.mode.register}=${s.mode.value}, ${s.mode.supervisor ? 'supervisor' : 'user'})`) },
    { label: 'instruction at', values: states.map((s) => `${hex(s.instructionAt.virtual)} (physical ${hex(s.instructionAt.physical)})`) },
    ...keys(states.map((s) => s.registers)).map((k) => ({ label: k, values: states.map((s) => cell(s.registers[k])) })),
    // Under a composed map: the guest's values of the map's registers (its map reads these).
    ...keys(states.map((s) => s.guest?.registers ?? {})).map((k) => ({ label: `${k} (guest's, for the map)`, values: states.map((s) => (s.guest ? cell(s.guest.registers[k]) : '—')) })),
  ];
  for (const f of keys(states.map((s) => s.files))) {
    const length = Math.max(...states.map((s) => s.files[f]?.length ?? 0));
    for (let i = 0; i < length; i++) {
      const values = states.map((s) => s.files[f]?.[i]);
      // Long files show only their non-zero elements (as the text report does).
      if (length > 16 && values.every((v) => v === 0 || v === undefined)) continue;
      out.push({ label: `${f}${i}`, values: values.map(cell) });
    }
  }
  const addresses = [...new Set(states.flatMap((s) => s.storage.map((c) => c.address)))].sort((a, b) => a - b);
  for (const a of addresses) out.push({ label: `E[${hex(a)}]`, values: states.map((s) => cell(s.storage.find((c) => c.address === a)?.value)) });
  out.push({
    label: 'step outcome',
    values: states.map((s) => (s.outcome.trap ? `trap ${s.outcome.trap.name} (code ${s.outcome.trap.code}, value ${hex(s.outcome.trap.value)})` : s.outcome.halted ? 'completed, halted' : 'completed')),
  });
  if (changed)
    for (const k of keys(states.map((s) => s.outcome.changed)))
      out.push({ label: `${k} after`, values: states.map((s) => { const c = s.outcome.changed[k]; return c ? hex(c.after) : 'unchanged'; }) });
  return out;
}

/**
 * One state's step as two: the state before and the state after (its changed registers, and no
 * outcome of its own), so that a one-state witness (a control-sensitive run) is also shown side by
 * side with what changed marked.
 */
function beforeAndAfter(s: WitnessState, levels: Report['modeLevels']): WitnessState[] {
  const registers = { ...s.registers };
  const files = Object.fromEntries(Object.entries(s.files).map(([f, vs]) => [f, [...vs]]));
  for (const [k, c] of Object.entries(s.outcome.changed)) {
    const element = /^(.+)\[(\d+)\]$/.exec(k);
    if (k in registers) registers[k] = c.after;
    else if (element && files[element[1]!]) files[element[1]!]![Number(element[2])] = c.after;
  }
  const mode = s.outcome.changed[s.mode.register];
  const level = mode && levels.find((l) => l.value === mode.after);
  const after: WitnessState = {
    ...s,
    label: `${s.label}: after the step`,
    registers,
    files,
    ...(mode ? { mode: { ...s.mode, value: Number(mode.after), level: level?.name ?? '?', supervisor: level?.supervisor ?? s.mode.supervisor } } : {}),
  };
  return [{ ...s, label: `${s.label}: before` }, after];
}

/** The witness as an HTML fragment; `levels` name the mode's values (a step may change the mode). */
export function witnessHtml(w: Witness, title: string, levels: Report['modeLevels']): string {
  const single = w.states.length === 1;
  const states = single ? beforeAndAfter(w.states[0]!, levels) : w.states;
  const body = rows(states, !single)
    .map((r) => {
      const differs = states.length > 1 && new Set(r.values).size > 1;
      return `<tr${differs ? ' class="differs"' : ''}><th scope="row">${esc(r.label)}</th>${r.values.map((v) => `<td class="mono${differs ? ' diff' : ''}">${esc(v)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const fields = Object.entries(w.instruction.fields).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  return [
    `<div class="witness" data-query="${esc(w.query)}">`,
    `<h4>${esc(title)}</h4>`,
    `<p>Instruction: <code class="disassembly">${esc(w.instruction.text)}</code> <span class="muted">(cells <code>${esc(w.instruction.cells.map(hex).join(' '))}</code>; fields ${esc(fields)})</span></p>`,
    `<p>It ${esc(w.claim)}${w.shift !== undefined ? ` <span class="muted">(moved by x = ${esc(hex(w.shift))})</span>` : ''}.</p>`,
    `<table class="states"><thead><tr><th></th>${states.map((s) => `<th scope="col">${esc(s.label)}</th>`).join('')}</tr></thead><tbody>`,
    body,
    '</tbody></table>',
    w.differences.length > 0
      ? `<p>After the step: ${w.differences.map((d) => `<code>${esc(d.what)}</code> ${esc(hex(d.first))} vs ${esc(hex(d.second))}`).join(', ')}.</p>`
      : '',
    `<p class="muted">Replayed on the reference emulator (query <code>${esc(w.query)}</code>).</p>`,
    '</div>',
  ].join('\n');
}
