/**
 * Finds an ISA by bundled name, or reads one from a JSON or TypeScript/JavaScript file. A JSON
 * file is a whole description or an extension (`vmcheck-extension/1`) whose base is a bundled
 * ISA or another description file, found relative to the extension's directory; a module gives
 * its description as the default export or as an export named `isa`.
 */
import { existsSync } from 'node:fs';
import { resolve, extname, dirname, relative } from 'node:path';
import type { IsaDescription } from '../spec/description.js';
import { applyExtension, isExtensionFile, parseExtensionFile } from '../spec/extension-file.js';
import { catalogEntry, catalogNames } from '../spec/isa/catalog.js';
import { IsaError } from '../spec/validate/issues.js';
import { loadIsa } from '../spec/validate/validate.js';
import { isStackOverflow, UsageError } from './errors.js';
import { readInputText, unreadable } from './input-file.js';
import { describedByModule } from './isa-module.js';

const moduleExtensions = ['.ts', '.mts', '.js', '.mjs'];
const descriptionKinds = 'an ISA description (.json, .ts, .mts, .js or .mjs)';
const bundledNames = () => catalogNames.join(', ');

/** The bundled ISA `name`, built now (only the one asked for: spec/isa/catalog.ts). */
const bundledIsa = (name: string): Promise<IsaDescription> | undefined => catalogEntry(name)?.load();

export async function resolveIsa(ref: string): Promise<IsaDescription> {
  const bundled = bundledIsa(ref);
  if (bundled) return await bundled;
  const ext = extname(ref).toLowerCase();
  if (!existsSync(ref) && ext === '') throw new UsageError(`unknown ISA '${ref}': not a bundled ISA (${bundledNames()}) nor a file`);
  const problem = unreadable(ref, descriptionKinds);
  if (problem) throw new UsageError(problem);
  try {
    return await loadIsaFile(resolve(ref), ref, []);
  } catch (e) {
    if (isStackOverflow(e)) throw new UsageError(`${ref}: nests too deeply to read (JavaScript's call stack overflowed)`);
    throw e;
  }
}

/**
 * The description in the file at `path` (absolute), shown in messages as `shown`. `chain` holds
 * the extension files whose bases led here, to report a cycle instead of recursing forever.
 */
async function loadIsaFile(path: string, shown: string, chain: readonly string[]): Promise<IsaDescription> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    const text = readInputText(path, descriptionKinds);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${shown}: not valid JSON: ${(e as Error).message}`);
    }
    if (!isExtensionFile(json)) return loadIsa(json, shown);
    const file = parseExtensionFile(json, shown);
    const base = await resolveBase(file.base, path, shown, [...chain, path]);
    return applyExtension(file, base, shown);
  }
  if (moduleExtensions.includes(ext)) return loadIsa(await describedByModule(path, shown), shown);
  throw new UsageError(`${shown}: an ISA file is .json, .ts, .mts, .js or .mjs`);
}

/** Whether an extension's `base` names a file rather than a bundled ISA. */
const isFileBase = (base: string) => /[/\\]/.test(base) || ['.json', ...moduleExtensions].includes(extname(base).toLowerCase());

/** An extension's base: a bundled ISA, or a description file relative to the extension's directory. */
async function resolveBase(base: string, from: string, fromShown: string, chain: readonly string[]): Promise<IsaDescription> {
  const problem = (message: string) => new IsaError(fromShown, [{ path: ['base'], message }]);
  if (!isFileBase(base)) {
    const bundled = bundledIsa(base);
    if (!bundled) throw problem(`unknown base ISA '${base}': not a bundled ISA (${bundledNames()}); a description file's name ends in .json, .ts, .mts, .js or .mjs`);
    return await bundled;
  }
  const path = resolve(dirname(from), base);
  const shown = relative(process.cwd(), path) || path;
  if (chain.includes(path)) {
    const cycle = [...chain.slice(chain.indexOf(path)), path].map((p) => relative(process.cwd(), p) || p);
    throw problem(`the extension's bases form a cycle: ${cycle.join(' → ')}`);
  }
  if (!existsSync(path)) throw problem(`no such base file: ${shown} ('${base}' relative to the directory of ${fromShown})`);
  const unusable = unreadable(shown, descriptionKinds);
  if (unusable) throw problem(`${unusable} ('${base}' relative to the directory of ${fromShown})`);
  return loadIsaFile(path, shown, chain);
}
