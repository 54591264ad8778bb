/** vmcheck's own version, read from its package.json (the sources' or the installed package's). */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  // proofs/render/ in the sources, dist/proofs/render/ once built: the package root is two or three up.
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'vmcheck' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not there, or not ours: try the next.
    }
  }
  return 'unknown';
}

/** The `version` field of vmcheck's package.json (`unknown` if it cannot be found). */
export const vmcheckVersion: string = readVersion();
