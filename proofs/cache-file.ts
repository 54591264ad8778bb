/**
 * A check cache on disk: the findings of earlier checks (Z3's answers and their models), so that
 * checking an ISA again, or a variant that shares most of its instructions, asks Z3 only about
 * what changed. Witnesses are replayed on the machine whenever a report is made from them; the
 * `no` answers are taken as cached, so delete the file (or check without a cache) to prove
 * everything afresh.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CheckCache, findingsFormat } from './check.js';
import type { Finding } from './definitions/finding.js';

interface CacheFile {
  format: string;
  entries: Record<string, unknown>;
}

// Findings hold bigints (model values) and Maps (cells by address): tagged in JSON.
const replacer = (_: string, v: unknown) =>
  typeof v === 'bigint' ? { $bigint: v.toString() } : v instanceof Map ? { $map: [...v.entries()] } : v instanceof Set ? { $set: [...v] } : v;
const reviver = (_: string, v: unknown) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$bigint === 'string' && Object.keys(o).length === 1) return BigInt(o.$bigint);
  if (Array.isArray(o.$map) && Object.keys(o).length === 1) return new Map(o.$map as [unknown, unknown][]);
  if (Array.isArray(o.$set) && Object.keys(o).length === 1) return new Set(o.$set);
  return v;
};

/** The cache stored at `path`; an empty one when there is none, or it is unreadable or of another format. */
export function loadCheckCache(path: string): CheckCache {
  const cache = new CheckCache();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return cache;
  }
  try {
    const file = JSON.parse(text, reviver) as CacheFile;
    if (file.format !== findingsFormat || typeof file.entries !== 'object' || file.entries === null) return cache;
    for (const [hash, findings] of Object.entries(file.entries)) if (wellFormed(findings)) cache.setHashed(hash, findings as Finding[]);
  } catch {
    // A damaged cache is no cache: everything is proved again.
  }
  cache.added = 0;
  return cache;
}

/** Writes the cache to `path` (atomically: a crash leaves the old file or the new one). */
export function saveCheckCache(cache: CheckCache, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const file: CacheFile = { format: findingsFormat, entries: Object.fromEntries(cache.entries()) };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, replacer));
  renameSync(tmp, path);
}

/** Findings as `saveCheckCache` writes them: an entry of another shape is proved again, not trusted. */
function wellFormed(findings: unknown): boolean {
  if (!Array.isArray(findings)) return false;
  return findings.every((f: unknown) => {
    if (f === null || typeof f !== 'object') return false;
    const { definition, answer, systemState, witness } = f as Partial<Finding> & { witness?: { runs?: unknown } };
    if (typeof definition !== 'string' || !['yes', 'no', 'unknown'].includes(answer as string) || !Array.isArray(systemState)) return false;
    if (witness === undefined) return true;
    const runs = witness.runs;
    return Array.isArray(runs) && runs.every((r: { start?: { cells?: unknown; regs?: unknown } }) => r?.start?.cells instanceof Map && typeof r.start.regs === 'object');
  });
}
