/**
 * A counterexample as assembly text: a header saying what differed, the starting registers, the
 * program with the culprit instruction marked, and the other non-zero storage as `.word`s. The
 * text assembles back to the starting storage.
 */
import type { IsaDescription } from '../spec/description.js';
import type { MachineSnapshot } from '../machine/index.js';
import { disassemble } from '../asm/index.js';
import type { Divergence } from './equivalence.js';

export interface ListingInput {
  image: MachineSnapshot;
  /** Physical cell of the program's first instruction, and its length in cells. */
  origin: number;
  length: number;
  /** Where the program's addresses count from (the PC's relocation): `address = place - relocation`. */
  relocation?: number;
  divergence?: Divergence;
  /** First line(s) of the header. */
  title?: string;
  /**
   * Storage the case started from (a `--from` state) and how to name it: cells equal to it are
   * left out of the listing, but for the culprit's.
   */
  baseline?: { storage: MachineSnapshot['storage']; name: string };
}

const hex = (n: number | bigint) => '0x' + n.toString(16);
const MARK = '; <-- culprit';

export function counterexampleListing(isa: IsaDescription, input: ListingInput): string {
  const { image, origin, length, divergence } = input;
  const rel = input.relocation ?? 0;
  const cells = new Map(image.storage);
  const cellAt = (a: number): number | bigint => cells.get(a) ?? 0;
  const out: string[] = [];
  if (input.title) out.push(...input.title.split('\n').map((l) => `; ${l}`));
  const c = divergence?.culprit;
  if (divergence) {
    out.push(`; first difference after step ${divergence.step} (${divergence.phase}):`);
    for (const d of divergence.differences.slice(0, 8)) out.push(`;   ${d.what}: bare ${d.bare}, virtualized ${d.virtual}`);
    if (divergence.differences.length > 8) out.push(`;   … ${divergence.differences.length - 8} more`);
    if (c) {
      const level = isa.state.mode.levels.find((l) => l.value === c.mode);
      out.push(`; culprit: ${c.text ?? '(no instruction: fetch fault)'} at PC ${hex(c.pc)}${c.physical !== undefined ? ` (cell ${hex(c.physical)})` : ''}, mode ${level?.name ?? c.mode}`);
      if (c.fetchedFrom) out.push(`;   fetched from ${c.fetchedFrom}'s cells (mapped into storage): a guest run directly fetched its own copy of them`);
    }
  }
  const regs = Object.entries(image.registers).map(([k, v]) => `${k}=${hex(v)}`);
  out.push(`; registers: ${regs.join(' ')}`);
  for (const f of isa.state.files) {
    const vs = image.files[f.name] ?? [];
    const nz = vs.flatMap((v, i) => (v !== 0 ? [`${f.prefix ?? f.name}${i}=${hex(v)}`] : []));
    out.push(`; ${f.name}: ${nz.length > 0 ? nz.join(' ') : 'all zero'}`);
  }

  const lines: string[] = [];
  const program = Array.from({ length }, (_, i) => cellAt(origin + i));
  lines.push(rel === 0 ? `        .org ${hex(origin)}` : `        .org ${hex(origin)}, ${hex(origin - rel)}`);
  let marked = false;
  for (const l of disassemble(isa, program, origin - rel)) {
    const place = l.address + rel;
    const hit = c?.physical !== undefined && place === c.physical;
    marked ||= hit;
    lines.push(`        ${l.text}`.padEnd(40) + (hit ? MARK : ''));
  }
  // Other storage: the trap vector, data, and a culprit outside the program.
  const base = new Map(input.baseline?.storage ?? []);
  const culpritCell = (a: number) => c?.physical !== undefined && a >= c.physical && a < c.physical + Math.max(1, c.cells.length);
  const rest = [...cells.keys()]
    .filter((a) => (a < origin || a >= origin + length) && (base.get(a) !== cells.get(a) || culpritCell(a)))
    .sort((a, b) => a - b);
  if (input.baseline) lines.push(`; other storage as ${input.baseline.name}, but for:`);
  let next = -1;
  for (const a of rest) {
    if (a !== next) lines.push(`        .org ${hex(a)}`);
    const hit = !marked && c?.physical === a;
    const text = hit ? (disassemble(isa, [cellAt(a), cellAt(a + 1)], a - rel)[0]?.text ?? '') : '';
    lines.push(`        .word ${hex(cellAt(a))}`.padEnd(40) + (hit ? `${MARK}: ${text}` : ''));
    next = a + 1;
  }
  if (c && c.physical !== undefined && !marked && !cells.has(c.physical)) lines.push(`; the culprit's cell ${hex(c.physical)} holds 0`);
  return [...out, ...lines].map((l) => l.trimEnd()).join('\n') + '\n';
}
