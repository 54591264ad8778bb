/**
 * Extension by composition: an ISA derived from another by adding, replacing or removing
 * instructions. This is how the pg74 variants and users' custom extensions are written.
 */
import type { InstructionDecl, IsaDescription } from './description.js';
import { assertValidIsa } from './validate/validate.js';
import { IsaError } from './validate/issues.js';

export interface Extension {
  name: string;
  summary: string;
  manual?: string;
  /** New instructions, appended in order. */
  add?: InstructionDecl[];
  /** Instructions that take the place of the base's entry with the same mnemonic. */
  replace?: InstructionDecl[];
  /** Mnemonics of base instructions to drop. */
  remove?: string[];
}

export function extendIsa(base: IsaDescription, ext: Extension): IsaDescription {
  const known = new Set(base.instructions.map((i) => i.mnemonic));
  const named = [
    ...(ext.replace ?? []).map((i, k) => ({ m: i.mnemonic, path: ['replace', k] })),
    ...(ext.remove ?? []).map((m, k) => ({ m, path: ['remove', k] })),
  ];
  const problems = named
    .filter((x) => !known.has(x.m))
    .map((x) => ({ path: x.path, message: `'${x.m}' is not an instruction of ${base.name}` }));
  // Each base instruction is replaced or removed at most once: anything else is ambiguous.
  const seen = new Set<string>();
  for (const x of named) {
    if (seen.has(x.m)) problems.push({ path: x.path, message: `'${x.m}' is already replaced or removed by this extension` });
    seen.add(x.m);
  }
  if (problems.length > 0) throw new IsaError(ext.name, problems);
  const removed = new Set(ext.remove ?? []);
  const replacements = new Map((ext.replace ?? []).map((i) => [i.mnemonic, i]));
  const instructions = [
    ...base.instructions.filter((i) => !removed.has(i.mnemonic)).map((i) => replacements.get(i.mnemonic) ?? i),
    ...(ext.add ?? []),
  ];
  const { manual: _m, ...rest } = base;
  return assertValidIsa({
    ...rest,
    name: ext.name,
    summary: ext.summary,
    ...(ext.manual ?? base.manual ? { manual: ext.manual ?? base.manual } : {}),
    instructions,
  });
}
