/** Validation of an ISA description: the shape (zod), then the meaning, every problem reported. */
import type { IsaDescription } from '../description.js';
import { checkBlock } from './check-semantics.js';
import { checkEncodings } from './check-encoding.js';
import { checkState } from './check-state.js';
import { IsaError, type IsaIssue, type PathSegment } from './issues.js';
import { isaSchema, schemaErrorMap } from './schema.js';
import { withoutSchemaKey } from './schema-key.js';
import { lowerRegisterFields, registerFieldIssues, sourceView } from '../lower/register-fields.js';
import { bankedIssues, bankedSourceView, hasBankedState, lowerBankedRegisters } from '../lower/banked-registers.js';

/** Every problem of the meaning of a description whose shape is right. */
function meaningIssues(isa: IsaDescription): IsaIssue[] {
  return [
    ...checkState(isa),
    ...checkBlock(isa, isa.traps.sequence, { where: 'trap-sequence' }, ['traps', 'sequence']),
    ...checkEncodings(isa),
    ...isa.instructions.flatMap((insn, i) =>
      checkBlock(isa, insn.semantics, { where: 'instruction', fields: insn.encoding.fields }, ['instructions', i, 'semantics']),
    ),
  ];
}

/**
 * Every problem of a description: its shape first (what `loadIsa` would reject in its JSON), and
 * when the shape is right, its meaning. Descriptions made in TypeScript (the builder, `defineIsa`,
 * `extendIsa`) are held to the same rules as JSON files, so whatever passes here also loads.
 */
export function validateIsa(isa: IsaDescription): IsaIssue[] {
  const shape = parseShape(isa);
  return shape.success ? lowered(shape.data).issues : shape.issues;
}

/** The source-level problems, else the description lowered to core state and the problems of its meaning. */
function lowered(source: IsaDescription): { isa: IsaDescription; issues: IsaIssue[]; changed: boolean } {
  const sourceIssues = [...registerFieldIssues(source), ...bankedIssues(source)];
  if (sourceIssues.length > 0) return { isa: source, issues: sourceIssues, changed: false };
  const view = bankedSourceView(sourceView(source));
  if (view === source && !hasBankedState(source)) return { isa: source, issues: meaningIssues(source), changed: false };
  // Checked where it was written (whole registers and fields side by side, banks' copies by
  // name), then lowered; what lowering makes of a valid source is valid, and checked again all
  // the same.
  const viewIssues = meaningIssues(view);
  if (viewIssues.length > 0) return { isa: source, issues: viewIssues, changed: false };
  const fields = lowerRegisterFields(source);
  const banks = lowerBankedRegisters(fields.isa);
  const changed = fields.changed || banks.changed;
  return { isa: banks.isa, changed, issues: changed ? meaningIssues(banks.isa).map((i) => ({ ...i, message: `internal error in lowering: ${i.message}` })) : [] };
}

/**
 * Returns the description if it is valid, else throws an IsaError listing every problem. A
 * description in source form (registers with fields) comes back lowered, as consumers need it
 * (spec/lower/); any other comes back as it was given.
 */
export function assertValidIsa(isa: IsaDescription, source = isa.name): IsaDescription {
  const shape = parseShape(isa);
  const { isa: out, issues, changed } = shape.success ? lowered(shape.data) : { isa, issues: shape.issues, changed: false };
  if (issues.length > 0) throw new IsaError(source, issues, mnemonicsOf(isa));
  const result = changed ? out : isa;
  valid.add(result);
  return result;
}

/**
 * The descriptions `assertValidIsa` returned, valid and in core form. Descriptions are values:
 * every consumer caches by identity (translations, mapped views, compiled code), so one is not
 * changed in place once validated.
 */
const valid = new WeakSet<IsaDescription>();

/** Whether `isa` is one `assertValidIsa` returned (so a consumer need not validate it again). */
export function isKnownValid(isa: IsaDescription): boolean {
  return valid.has(isa);
}

/**
 * How deeply a description's JSON may nest. pg74 nests about 15 levels; the limit keeps every
 * recursive consumer (the schema, the checks, compilers, the Z3 translation) off the end of the
 * call stack, which a few thousand levels of nested expressions would otherwise reach.
 */
export const maxNesting = 256;

/** The path to the first value nested deeper than `limit` levels, if any (iterative: no recursion). */
function tooDeep(json: unknown, limit: number): PathSegment[] | undefined {
  const seen = new WeakSet<object>();
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: json, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    if (path.length >= limit) return path;
    seen.add(value);
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: [...path, i] });
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return undefined;
}

/** The mnemonics of whatever instructions `json` has, for naming them in messages. */
function mnemonicsOf(json: unknown): string[] | undefined {
  const insns = (json as { instructions?: unknown } | null)?.instructions;
  const mnemonic = (x: unknown) => {
    const m = (x as { mnemonic?: unknown } | null)?.mnemonic;
    return typeof m === 'string' ? m : '?';
  };
  return Array.isArray(insns) ? insns.map(mnemonic) : undefined;
}

/** The description with canonical constants, or the problems with its shape. */
function parseShape(file: unknown): { success: true; data: IsaDescription } | { success: false; issues: IsaIssue[] } {
  const { json, issues: keyIssues } = withoutSchemaKey(file);
  if (keyIssues) return { success: false, issues: keyIssues };
  const deep = tooDeep(json, maxNesting);
  if (deep) return { success: false, issues: [{ path: deep, message: `nested more than ${maxNesting} levels deep` }] };
  const parsed = isaSchema.safeParse(json, { error: schemaErrorMap });
  if (parsed.success) return { success: true, data: parsed.data };
  // One problem per place: a value that fails several checks (1e300 as a width is neither a safe
  // integer nor at most 64) is reported once, by the first.
  const seen = new Set<string>();
  const issues: IsaIssue[] = [];
  for (const i of parsed.error.issues) {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message: i.message });
  }
  return { success: false, issues };
}

/**
 * Reads a description from parsed JSON. Throws an IsaError naming every problem and its path:
 * unknown or missing fields, widths that disagree, undeclared state, overflowing or overlapping
 * encodings, duplicate mnemonics, assignments to read-only state. Constants come out as 0x-hex.
 */
export function loadIsa(json: unknown, source = 'ISA description'): IsaDescription {
  const shape = parseShape(json);
  if (!shape.success) throw new IsaError(source, shape.issues, mnemonicsOf(json));
  const { isa, issues } = lowered(shape.data);
  if (issues.length > 0) throw new IsaError(source, issues, mnemonicsOf(shape.data));
  return isa;
}
