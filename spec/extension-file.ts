/**
 * An extension as a JSON file: a base ISA (bundled, or a description file) and the instructions
 * to add, replace or remove (`extendIsa` as data). An architect can describe a custom instruction without TypeScript:
 *
 *   { "format": "vmcheck-extension/1", "base": "rv32", "name": "rv32-xcustom", "summary": "…",
 *     "add": [ { "mnemonic": "RDMSTATUS", "cite": "…", "class": "innocuous", "encoding": {…},
 *                "syntax": "rdmstatus {rd}", "semantics": [ … ] } ] }
 */
import { z } from 'zod';
import { extendIsa } from './compose.js';
import type { InstructionDecl, IsaDescription } from './description.js';
import { IsaError } from './validate/issues.js';
import { schemaErrorMap } from './validate/schema.js';

export const extensionFormat = 'vmcheck-extension/1' as const;

/** The shape of an extension file (zod); also the source of its published JSON Schema. */
export const extensionSchema = z.strictObject({
  /** The JSON Schema an editor checks the file against; ignored here. */
  $schema: z.string().optional(),
  format: z.literal(extensionFormat),
  base: z.string().min(1),
  name: z.string().min(1),
  summary: z.string().min(1),
  manual: z.string().optional(),
  // Each instruction is checked as part of the extended description, with the rest of it.
  add: z.array(z.unknown()).optional(),
  replace: z.array(z.unknown()).optional(),
  remove: z.array(z.string()).optional(),
});

/** Whether parsed JSON claims to be an extension file (rather than a whole description). */
export function isExtensionFile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === extensionFormat;
}

/** An extension file whose shape is right; `base` not yet resolved. */
export type ExtensionFile = z.output<typeof extensionSchema>;

/** Reads the shape of an extension file; problems are an IsaError naming `source`. */
export function parseExtensionFile(json: unknown, source = 'extension'): ExtensionFile {
  const parsed = extensionSchema.safeParse(json, { error: schemaErrorMap });
  if (!parsed.success)
    throw new IsaError(
      source,
      parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    );
  return parsed.data;
}

/** The ISA an extension file describes, on its resolved base. */
export function applyExtension(ext: ExtensionFile, base: IsaDescription, source = 'extension'): IsaDescription {
  try {
    return extendIsa(base, {
      name: ext.name,
      summary: ext.summary,
      ...(ext.manual ? { manual: ext.manual } : {}),
      ...(ext.add ? { add: ext.add as InstructionDecl[] } : {}),
      ...(ext.replace ? { replace: ext.replace as InstructionDecl[] } : {}),
      ...(ext.remove ? { remove: ext.remove } : {}),
    });
  } catch (e) {
    if (e instanceof IsaError) throw new IsaError(source, e.issues, e.mnemonics);
    throw e;
  }
}

/**
 * The ISA an extension file describes. `resolveBase` finds the base by name; problems (an
 * unknown base, a malformed instruction) are an IsaError naming where. (The command line also
 * reads bases that are description files: cli/load-isa.ts.)
 */
export function loadExtension(json: unknown, resolveBase: (name: string) => IsaDescription | undefined, source = 'extension'): IsaDescription {
  const ext = parseExtensionFile(json, source);
  const base = resolveBase(ext.base);
  if (!base) throw new IsaError(source, [{ path: ['base'], message: `unknown base ISA '${ext.base}'` }]);
  return applyExtension(ext, base, source);
}
