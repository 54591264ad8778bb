/**
 * Where an instruction is defined, for reports that tools place in code (SARIF): the line and
 * column of its mnemonic's string literal in the ISA's source file — a JSON description or
 * extension (`"mnemonic": "LRA"`) or a TypeScript one (`b.insn('LRA', …)`). A bundled ISA is
 * looked up in vmcheck's own ISA files. An instruction a file takes from its base (an extension
 * of rv32, say) is placed at the top of that file: it is the user's file that asked for it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from '../report-types.js';

/** A place in a text: 1-based line and columns (UTF-16 code units, SARIF's default), `endColumn` exclusive. */
export interface TextRegion {
  startLine: number;
  startColumn: number;
  endColumn: number;
}

/** A place in a file: its path (absolute) and region (the first line, when the definition is not there), and whether it was found. */
export interface DefinitionSite {
  file: string;
  region: TextRegion | { startLine: 1 };
  found: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function regionAt(text: string, index: number, length: number): TextRegion {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - (before.lastIndexOf('\n') + 1) + 1;
  return { startLine: line, startColumn: column, endColumn: column + length };
}

/**
 * The string literal naming `mnemonic` as a definition in `text`: a `mnemonic` key's value first,
 * then the first argument of an `insn(` call, then any literal equal to it (undefined if none).
 */
export function findDefinition(text: string, mnemonic: string): TextRegion | undefined {
  const m = escape(mnemonic);
  const literal = `(["'\`])${m}\\1`;
  for (const pattern of [`["']?mnemonic["']?\\s*:\\s*${literal}`, `insn\\(\\s*${literal}`, literal]) {
    const match = new RegExp(pattern).exec(text);
    if (!match) continue;
    const quoted = match[0].length - (mnemonic.length + 2);
    return regionAt(text, match.index + quoted, mnemonic.length + 2);
  }
  return undefined;
}

/** vmcheck's own ISA files (spec/isa in the sources, dist/spec/isa once built). */
function bundledFiles(): string[] {
  const dir = fileURLToPath(new URL('../../spec/isa/', import.meta.url));
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const p = join(d, name);
      return statSync(p).isDirectory() ? walk(p) : /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
    });
  // The index files only gather the others: a literal there is a re-use, not a definition.
  const isIndex = (p: string) => /[\\/]index\.(ts|js)$/.test(p);
  return existsSync(dir) ? walk(dir).sort((a, b) => Number(isIndex(a)) - Number(isIndex(b))) : [];
}

/** Finds each instruction of one report's ISA in its source; files are read once. */
export class DefinitionLocator {
  private readonly texts = new Map<string, string>();

  constructor(private readonly cwd: string) {}

  private text(file: string): string {
    let t = this.texts.get(file);
    if (t === undefined) this.texts.set(file, (t = readFileSync(file, 'utf8')));
    return t;
  }

  /** The ISA's source file, when the report names one that exists. */
  private sourceFile(report: Report): string | undefined {
    const source = report.isa.source;
    if (source === undefined) return undefined;
    const path = resolve(this.cwd, source);
    return existsSync(path) && statSync(path).isFile() ? path : undefined;
  }

  /** Where `mnemonic` of `report`'s ISA is defined, or undefined when there is no file to point at. */
  site(report: Report, mnemonic: string): DefinitionSite | undefined {
    const own = this.sourceFile(report);
    const files = own ? [own] : bundledFiles();
    // rv32's CSR entries (`CSRRW.mstatus`) are made by a helper: its operation's name is the literal.
    const names = [mnemonic, ...(mnemonic.includes('.') ? [mnemonic.slice(0, mnemonic.indexOf('.'))] : []), report.isa.name];
    for (const name of names)
      for (const file of files) {
        const region = findDefinition(this.text(file), name);
        if (region) return { file, region, found: name === mnemonic };
      }
    const first = files[0];
    return first ? { file: first, region: { startLine: 1 }, found: false } : undefined;
  }

  /** A file's URI as SARIF wants it: relative to the working directory when inside it, else absolute. */
  uri(file: string): { uri: string; uriBaseId?: string } {
    const rel = relative(this.cwd, file);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: srcRoot };
    return { uri: pathToFileURL(file).href };
  }

  /** The base the relative URIs are relative to. */
  baseIds(): Record<string, { uri: string }> {
    return { [srcRoot]: { uri: pathToFileURL(this.cwd + sep).href } };
  }
}

/** SARIF's conventional name for the root of the sources. */
const srcRoot = '%SRCROOT%';
