/** The final state of a machine, for people. */
import type { IsaDescription } from '../spec/index.js';
import type { MachineSnapshot } from '../machine/index.js';

const hex = (v: number | bigint, width: number) => '0x' + (typeof v === 'bigint' || width > 32 ? v : v >>> 0).toString(16).padStart(Math.ceil(width / 4), '0');

export function formatState(isa: IsaDescription, snap: MachineSnapshot): string[] {
  const lines: string[] = [];
  const { mode, pc } = isa.state;
  const m = snap.registers[mode.register] ?? 0;
  const level = mode.levels.find((l) => l.value === m);
  lines.push(`mode ${level ? `${level.name} (${level.supervisor ? 'supervisor' : 'user'})` : `? (${m})`}  ${pc} ${hex(snap.registers[pc] ?? 0, isa.state.storage.addressBits)}`);
  const others = isa.state.registers.filter((r) => r.name !== pc && r.name !== mode.register);
  lines.push(others.map((r) => `${r.name} ${hex(snap.registers[r.name] ?? 0, r.width)}`).join('  '));
  for (const f of isa.state.files) {
    const values = snap.files[f.name] ?? [];
    const prefix = f.prefix ?? f.name;
    const cells = values.map((v, i) => `${(prefix + i).padStart(prefix.length + String(f.count - 1).length)} ${hex(v, f.width)}`);
    for (let i = 0; i < cells.length; i += 4) lines.push(cells.slice(i, i + 4).join('  '));
  }
  return lines;
}

/** `count` cells from `start`, four to a line. */
export function formatCells(read: (a: number) => number | bigint, start: number, count: number, cellBits: number): string[] {
  const lines: string[] = [];
  for (let a = start; a < start + count; a += 4) {
    const row: string[] = [];
    for (let k = a; k < Math.min(a + 4, start + count); k++) row.push(hex(read(k), cellBits));
    lines.push(`${hex(a, 32)}: ${row.join(' ')}`);
  }
  return lines;
}
