/**
 * Finds an ISA by bundled name, or reads one from a JSON or TypeScript/JavaScript file. A JSON
 * file is a whole description or an extension of a bundled ISA (`vmcheck-extension/1`); a module
 * gives its description as the default export or as an export named `isa`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundledIsa, bundledIsas, isExtensionFile, loadExtension, loadIsa, type IsaDescription } from '../spec/index.js';
import { UsageError } from './errors.js';

export async function resolveIsa(ref: string): Promise<IsaDescription> {
  const bundled = bundledIsa(ref);
  if (bundled) return bundled;
  const ext = extname(ref).toLowerCase();
  if (!existsSync(ref)) {
    const names = bundledIsas.map((i) => i.name).join(', ');
    throw new UsageError(
      ext === '' ? `unknown ISA '${ref}': not a bundled ISA (${names}) nor a file` : `${ref}: no such file`,
    );
  }
  const path = resolve(ref);
  if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new UsageError(`${ref}: not valid JSON: ${(e as Error).message}`);
    }
    return isExtensionFile(json) ? loadExtension(json, bundledIsa, ref) : loadIsa(json, ref);
  }
  if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    let mod: Record<string, unknown>;
    try {
      if (ext === '.ts' || ext === '.mts') {
        const { tsImport } = await import('tsx/esm/api');
        mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
      } else mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (e) {
      if ((e as Error).name === 'IsaError') throw e;
      throw new UsageError(`${ref}: cannot load: ${(e as Error).message.split('\n')[0]}`);
    }
    const candidate = mod.default ?? mod.isa;
    if (candidate === undefined) throw new UsageError(`${ref}: exports no ISA (give it as the default export or as 'isa')`);
    // Whatever the module built, check it as data, exactly as a JSON file would be.
    return loadIsa(JSON.parse(JSON.stringify(candidate)), ref);
  }
  throw new UsageError(`${ref}: an ISA file is .json, .ts, .mts, .js or .mjs`);
}
