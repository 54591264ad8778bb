/**
 * A fresh project using the packed package, made without the network: the tarball unpacked
 * into its node_modules as npm lays it out, and vmcheck's dependencies (and the test tools the
 * README's example needs) linked from this repository's node_modules, which `npm ci` filled from
 * the same lockfile versions a user's install resolves to today.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
const repoModules = join(repoRoot, 'node_modules');

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
export const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Where Node would find `name` from a package installed at `from` in this repository. */
function resolveFrom(from: string, name: string): string | undefined {
  for (let d = from; d.startsWith(repoModules); d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  const top = join(repoModules, name);
  return existsSync(join(top, 'package.json')) ? top : undefined;
}

/** Bytes in a directory, as `du` counts file contents (symlinks not followed). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

/** The packages a user's install of `pkg` brings in (dependencies and peers, transitively), by directory. */
export function installedClosure(pkg: Manifest): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (m: Manifest, from: string) => {
    for (const name of Object.keys({ ...m.dependencies, ...m.peerDependencies })) {
      const dir = resolveFrom(from, name);
      if (!dir || found.has(dir)) continue;
      found.set(dir, name);
      visit(manifest(dir), dir);
    }
  };
  visit(pkg, repoModules);
  return found;
}

/** Unpacks `tarball` as `<project>/node_modules/vmcheck` and links `links` from this repository. */
export function makeConsumer(project: string, tarball: string, links: readonly string[]): string {
  const modules = join(project, 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', modules]);
  const installed = join(modules, 'vmcheck');
  renameSync(join(modules, 'package'), installed);
  for (const name of links) {
    const target = join(repoModules, name);
    const link = join(modules, name);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(target, link, 'dir');
  }
  return installed;
}
