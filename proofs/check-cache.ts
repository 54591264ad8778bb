/**
 * The check cache in memory: findings keyed by a hash of everything they depend on, used only
 * when well formed (see cache-file.ts for what is trusted on disk, and why).
 */
import { createHash } from 'node:crypto';
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { needsWitness, type Finding, type FindingKind } from './definitions/finding.js';
import { partKinds, type FindingPart } from './findings.js';
import type { ViolationFinding } from './definitions/violation.js';
import type { Configuration } from './configuration.js';
import type { MappedFetchResult } from './report-types.js';

/**
 * Findings reused across checks of ISAs that share instructions (the pg74 family, a variant of
 * rv32 with one more instruction): keyed by a hash of everything a finding depends on — the state
 * and trap declarations, the instruction, the configuration (for the privilege part), the
 * definitions' version. An entry is used only if it is well formed (every answer it must have,
 * every witness a `yes` needs); witnesses are replayed on each ISA's own machine, and an entry
 * whose witness does not replay is proved again. `saveCheckCache`/`loadCheckCache` keep it on
 * disk.
 */
export class CheckCache {
  private readonly findings = new Map<string, Finding[]>();
  /** Entries added since the cache was made or loaded. */
  added = 0;
  /** @internal A well-formed entry of `part`, or undefined. */
  get(key: string, part: FindingPart): Finding[] | undefined {
    const f = this.findings.get(hashKey(key));
    return f && wellFormedPart(f, part) ? f : undefined;
  }
  /** @internal A well-formed violation entry for `defs`, or undefined. */
  getViolations(key: string, defs: readonly string[]): ViolationFinding[] | undefined {
    const f = this.findings.get(hashKey(key)) as unknown as ViolationFinding[] | undefined;
    return f && wellFormedViolations(f, defs) ? f : undefined;
  }
  /** @internal A well-formed answer to the mapped-fetch question of `levels` (proofs/mapped-fetch.ts), or undefined. */
  getMappedFetch(key: string, levels: 'any' | 'user'): MappedFetchResult | undefined {
    const f = this.findings.get(hashKey(key)) as unknown as readonly { mappedFetch?: MappedFetchResult }[] | undefined;
    const r = Array.isArray(f) && f.length === 1 ? f[0]?.mappedFetch : undefined;
    return r !== undefined && wellFormedMappedFetch(r, levels) ? r : undefined;
  }
  /** @internal Kept as one element holding the answer: not a finding, so the file's witness check leaves it alone. */
  setMappedFetch(key: string, r: MappedFetchResult): void {
    this.set(key, [{ mappedFetch: r }] as unknown as Finding[]);
  }
  /** @internal */
  set(key: string, f: Finding[] | ViolationFinding[]): void {
    this.findings.set(hashKey(key), f as Finding[]);
    this.added++;
  }
  /** @internal */
  delete(key: string): void {
    this.findings.delete(hashKey(key));
  }
  /** @internal Entries by hashed key. */
  entries(): IterableIterator<[string, Finding[]]> {
    return this.findings.entries();
  }
  /** @internal */
  setHashed(hash: string, f: Finding[]): void {
    this.findings.set(hash, f);
  }
  /** @internal */
  hasHashed(hash: string): boolean {
    return this.findings.has(hash);
  }
  get size(): number {
    return this.findings.size;
  }
}

/** Bump when a definition's query or a finding's shape changes: old cached findings then miss. */
export const findingsFormat = 'vmcheck-findings/7';

function hashKey(key: string): string {
  return createHash('sha256').update(findingsFormat).update(key).digest('hex');
}

/** Every kind of the part, once, with a definite answer, and a witness exactly where that answer needs one. */
export function wellFormedPart(findings: readonly Finding[], part: FindingPart): boolean {
  const kinds: readonly FindingKind[] = partKinds[part];
  if (!Array.isArray(findings) || findings.length !== kinds.length) return false;
  return findings.every(
    (f, i) =>
      f !== null &&
      typeof f === 'object' &&
      f.definition === kinds[i] &&
      (f.answer === 'yes' || f.answer === 'no') &&
      Array.isArray(f.systemState) &&
      // A witness exactly where the answer needs one: an answer flipped either way fails this.
      (needsWitness(f) ? typeof f.witness === 'object' && f.witness !== null && Array.isArray(f.witness.runs) : f.witness === undefined),
  );
}

function wellFormedViolations(findings: readonly ViolationFinding[], defs: readonly string[]): boolean {
  if (!Array.isArray(findings) || findings.length !== defs.length) return false;
  const witnessed = (w: unknown) => typeof w === 'object' && w !== null && Array.isArray((w as { runs?: unknown }).runs);
  return findings.every(
    (f, i) =>
      f !== null &&
      typeof f === 'object' &&
      f.definition === defs[i] &&
      (f.answer === 'yes' ? witnessed(f.witness) && witnessed(f.privilegedWitness) : f.answer === 'no' && f.witness === undefined && f.privilegedWitness === undefined),
  );
}

/** A definite answer for `levels`, with a witness exactly where it is `yes` (the witness itself is replayed by the caller). */
function wellFormedMappedFetch(r: MappedFetchResult, levels: 'any' | 'user'): boolean {
  if (r === null || typeof r !== 'object' || r.levels !== levels) return false;
  const witnessed = typeof r.witness === 'object' && r.witness !== null;
  return r.answer === 'yes' ? witnessed : r.answer === 'no' && r.witness === undefined;
}

/** What the cache key of a part covers: the whole state and trap declarations (docs aside), the instruction, and C for the privilege part. */
export function cacheKey(isa: IsaDescription, insn: InstructionDecl, shortcuts: boolean, part: FindingPart, config: Configuration): string {
  // The text of `JSON.stringify([part, state, traps, encoding, semantics, shorter, shortcuts, C])`
  // (docs dropped), pieced together: the state, the traps and the shorter encodings are the same
  // for every entry of a description and were most of the cost (rv32: 2.5 ms a key, a few keys an
  // instruction), so their text is made once per description.
  let byIsa = keyTexts.get(isa);
  if (!byIsa) {
    const { configuration: _declared, ...state } = isa.state;
    keyTexts.set(isa, (byIsa = { stateAndTraps: `${keyJson(state)},${keyJson(isa.traps)}`, shorter: new Map() }));
  }
  const bits = insn.encoding.bits;
  let shorter = byIsa.shorter.get(bits);
  if (shorter === undefined) byIsa.shorter.set(bits, (shorter = keyJson(isa.instructions.filter((i) => i.encoding.bits < bits).map((i) => i.encoding))));
  return `[${keyJson(part)},${byIsa.stateAndTraps},${keyJson(insn.encoding)},${keyJson(insn.semantics)},${shorter},${keyJson(shortcuts)},${keyJson(part === 'privilege' ? config : null)}]`;
}

const keyTexts = new WeakMap<IsaDescription, { stateAndTraps: string; shorter: Map<number, string> }>();

/** One element of a key as `JSON.stringify` writes it inside an array, docs dropped. */
const keyJson = (x: unknown): string => JSON.stringify(x, (k, v: unknown) => (k === 'doc' ? undefined : v)) ?? 'null';

/**
 * What the mapped-fetch answer of `levels` covers: the whole state (its map, mode levels and mapped
 * registers; not the declared configuration, which the question does not read), the traps, and
 * every instruction's name, encoding and syntax (the encodings decide what a fetch decodes, the
 * others the witness's text); not the semantics, which a fetch does not run.
 */
export function mappedFetchKey(isa: IsaDescription, levels: 'any' | 'user'): string {
  const { configuration: _declared, ...state } = isa.state;
  const instructions = isa.instructions.map((i) => [i.mnemonic, i.encoding, i.syntax]);
  return JSON.stringify(['mapped-fetch', levels, state, isa.traps, instructions], (k, v) => (k === 'doc' ? undefined : v));
}

