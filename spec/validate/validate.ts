/** Validation of an ISA description: the shape (zod), then the meaning, every problem reported. */
import type { IsaDescription } from '../description.js';
import { checkBlock } from './check-semantics.js';
import { checkEncodings } from './check-encoding.js';
import { checkState } from './check-state.js';
import { IsaError, type IsaIssue } from './issues.js';
import { isaSchema } from './schema.js';

/** Every problem of a description whose shape is already right. */
export function checkIsa(isa: IsaDescription): IsaIssue[] {
  const stateIssues = checkState(isa);
  return [
    ...stateIssues,
    ...checkBlock(isa, isa.traps.sequence, { where: 'trap-sequence' }, ['traps', 'sequence']),
    ...checkEncodings(isa),
    ...isa.instructions.flatMap((insn, i) =>
      checkBlock(isa, insn.semantics, { where: 'instruction', fields: insn.encoding.fields }, ['instructions', i, 'semantics']),
    ),
  ];
}

/** Returns the description if it is valid, else throws an IsaError listing every problem. */
export function assertValidIsa(isa: IsaDescription, source = isa.name): IsaDescription {
  const issues = checkIsa(isa);
  if (issues.length > 0) throw new IsaError(source, issues, isa.instructions.map((i) => i.mnemonic));
  return isa;
}

/**
 * Reads a description from parsed JSON. Throws an IsaError naming every problem and its path:
 * unknown or missing fields, widths that disagree, undeclared state, overflowing or overlapping
 * encodings, duplicate mnemonics, assignments to read-only state.
 */
export function loadIsa(json: unknown, source = 'ISA description'): IsaDescription {
  const parsed = isaSchema.safeParse(json);
  if (!parsed.success) {
    const issues: IsaIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}` : i.message,
    }));
    const insns = (json as { instructions?: { mnemonic?: unknown }[] } | null)?.instructions;
    throw new IsaError(source, issues, Array.isArray(insns) ? insns.map((x) => String(x?.mnemonic ?? '?')) : undefined);
  }
  return assertValidIsa(parsed.data, source);
}
