/**
 * A check cache on disk: the findings of earlier checks (Z3's answers and their models), so that
 * checking an ISA again, or a variant that shares most of its instructions, asks Z3 only about
 * what changed (DESIGN.md §5 invariant 7: a cached verdict has a fresh one's guarantees).
 *
 * What is trusted, and why: each entry is keyed by a hash of everything its answers depend on
 * (check.ts `cacheKey`) and carries a checksum of its own content, so an entry that was edited,
 * truncated or mixed up with another is dropped and proved again; an entry of the wrong shape, or
 * a `yes` without the witness it needs, is proved again; every witness is replayed on the
 * reference machine each time a report is made, and one that does not replay sends the entry back
 * to Z3. What remains trusted is a well-formed `no` whose checksum matches: the answer Z3 gave for
 * exactly this instruction, state and configuration. Concurrent checks merge their entries: a
 * save takes a lock, re-reads the file and writes the union atomically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CheckCache, findingsFormat } from './check-cache.js';
import type { Finding } from './definitions/finding.js';

interface CacheFile {
  format: string;
  entries: Record<string, { sum: string; findings: unknown }>;
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

/** The checksum of an entry: its key and its findings as written. */
function checksum(hash: string, findings: unknown): string {
  return createHash('sha256').update(hash).update(JSON.stringify(findings, replacer)).digest('hex');
}

/** The entries of the file at `path` whose checksums match (none when it is missing, unreadable or of another format). */
function readEntries(path: string): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  try {
    const file = JSON.parse(text, reviver) as CacheFile;
    if (file.format !== findingsFormat || typeof file.entries !== 'object' || file.entries === null) return out;
    for (const [hash, entry] of Object.entries(file.entries)) {
      if (entry === null || typeof entry !== 'object' || !Array.isArray(entry.findings) || typeof entry.sum !== 'string') continue;
      if (checksum(hash, entry.findings) !== entry.sum) continue;
      if (!witnessesWellFormed(entry.findings)) continue;
      out.set(hash, entry.findings as Finding[]);
    }
  } catch {
    // A damaged cache is no cache: everything is proved again.
  }
  return out;
}

/** The cache stored at `path`; an empty one when there is none, or it is unreadable or of another format. */
export function loadCheckCache(path: string): CheckCache {
  const cache = new CheckCache();
  for (const [hash, findings] of readEntries(path)) cache.setHashed(hash, findings);
  cache.added = 0;
  return cache;
}

/** Holds a lock directory beside `path` while `fn` runs (a stale lock, over 30 s old, is broken). */
function withLock<T>(path: string, fn: () => T): T {
  const lock = `${path}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // it went away meanwhile
      }
      // Waiting for another check to finish its save: a few milliseconds.
      if (Date.now() > deadline) throw new Error(`the check cache ${path} stayed locked for 10 s (${lock}): remove it if no check is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Writes the cache to `path`, merged with what other checks saved there meanwhile (under a lock;
 * atomically: a crash leaves the old file or the new one). The merged entries join `cache`.
 */
export function saveCheckCache(cache: CheckCache, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  withLock(path, () => {
    for (const [hash, findings] of readEntries(path)) if (!cache.hasHashed(hash)) cache.setHashed(hash, findings);
    const entries: CacheFile['entries'] = {};
    for (const [hash, findings] of cache.entries()) entries[hash] = { sum: checksum(hash, findings), findings };
    const dir = mkdtempSync(join(dirname(path), '.save-'));
    const tmp = join(dir, 'findings.json');
    writeFileSync(tmp, JSON.stringify({ format: findingsFormat, entries } satisfies CacheFile, replacer));
    renameSync(tmp, path);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Witness runs as `saveCheckCache` writes them (cells a Map, registers an object). */
function witnessesWellFormed(findings: unknown[]): boolean {
  return findings.every((f: unknown) => {
    if (f === null || typeof f !== 'object') return false;
    const { witness } = f as { witness?: { runs?: unknown } };
    if (witness === undefined) return true;
    const runs = witness.runs;
    return Array.isArray(runs) && runs.every((r: { start?: { cells?: unknown; regs?: unknown } }) => r?.start?.cells instanceof Map && typeof r.start.regs === 'object');
  });
}
