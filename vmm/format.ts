/**
 * Statistics as text, for the command line and for logs: one line per nesting level, then the
 * instructions the monitor handled, most frequent first.
 */
import type { LevelReport } from './run.js';
import type { Statistics } from './statistics.js';

const n = (x: number) => x.toLocaleString('en');

/** One line: `steps 190: direct 177, emulated 7, reflected 6`. */
export function formatCounts(s: Statistics): string {
  const parts = (['direct', 'emulated', 'reflected', 'forwarded', 'interpreted'] as const).filter((k) => k === 'direct' || s[k] > 0).map((k) => `${k} ${n(s[k])}`);
  return `steps ${n(s.steps)}: ${parts.join(', ')}`;
}

/** The levels of a run (level 0 first) and, for the top one, what it did per instruction and trap. */
export function formatStatistics(levels: readonly LevelReport[]): string {
  const out: string[] = [];
  for (const l of levels) out.push(`level ${l.level} (${l.policy}, on ${l.level === 0 ? 'the real machine' : `a virtual machine`} of ${n(l.hostCells)} cells): ${formatCounts(l.statistics)}`);
  const top = levels.at(-1);
  if (top) {
    const rows = Object.entries(top.statistics.byInstruction)
      .map(([m, c]) => [m, c.emulated + c.reflected + c.forwarded + c.interpreted, c] as const)
      .sort((a, b) => b[1] - a[1]);
    if (rows.length > 0) out.push('handled by the top monitor, per instruction:');
    for (const [m, , c] of rows) {
      const what = (['emulated', 'reflected', 'forwarded', 'interpreted'] as const).filter((k) => c[k] > 0).map((k) => `${k} ${n(c[k])}`);
      out.push(`  ${m.padEnd(8)} ${what.join(', ')}`);
    }
    const traps = Object.entries(top.statistics.guestTraps);
    if (traps.length > 0) out.push(`traps the guest saw: ${traps.map(([t, k]) => `${t} ${n(k)}`).join(', ')}`);
  }
  return out.join('\n');
}
