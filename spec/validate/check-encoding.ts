/**
 * Checks of instruction encodings and syntax: every bit fixed or in exactly one field, fields that
 * fit, no two instructions matching the same word, a syntax that names each field once.
 */
import type { EncodingDecl, InstructionDecl, IsaDescription } from '../description.js';
import { byName, indexBits } from './lookup.js';
import type { IsaIssue, PathSegment } from './issues.js';

/** Mask and value of the fixed bits, as bigints over the encoding's width. */
export function fixedPattern(enc: EncodingDecl): { mask: bigint; value: bigint } {
  let mask = 0n;
  let value = 0n;
  for (const f of enc.fixed) {
    if (f.hi < f.lo) continue; // reported by the encoding check; it fixes no bit
    const w = BigInt(f.hi - f.lo + 1);
    mask |= ((1n << w) - 1n) << BigInt(f.lo);
    value |= BigInt(f.value) << BigInt(f.lo);
  }
  return { mask, value };
}

/** The `{field}` placeholders of a syntax template, in order. */
export function placeholders(syntax: string): string[] {
  return [...syntax.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}

function checkEncoding(isa: IsaDescription, insn: InstructionDecl, path: PathSegment[]): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const report = (p: PathSegment[], message: string) => issues.push({ path: [...path, ...p], message });
  const enc = insn.encoding;
  const { cellBits } = isa.state.storage;
  const files = byName(isa.state.files);
  if (enc.bits % cellBits !== 0) report(['bits'], `an encoding is a whole number of ${cellBits}-bit cells, not ${enc.bits} bits`);

  const owner: (string | undefined)[] = new Array(enc.bits).fill(undefined);
  const claim = (hi: number, lo: number, who: string, p: PathSegment[]) => {
    if (hi < lo) return report(p, `bit range ${hi}..${lo} runs backwards`);
    if (hi >= enc.bits) return report(p, `bits ${hi}..${lo} are outside the ${enc.bits}-bit encoding`);
    for (let b = lo; b <= hi; b++) {
      const prev = owner[b];
      if (prev !== undefined) return report(p, `bit ${b} belongs both to ${prev} and to ${who}`);
      owner[b] = who;
    }
  };

  enc.fixed.forEach((f, i) => {
    claim(f.hi, f.lo, 'fixed bits', ['fixed', i]);
    if (f.hi >= f.lo && BigInt(f.value) >> BigInt(f.hi - f.lo + 1) !== 0n)
      report(['fixed', i, 'value'], `value ${f.value} does not fit in bits ${f.hi}..${f.lo}`);
  });
  const names = new Set<string>();
  enc.fields.forEach((f, i) => {
    if (names.has(f.name)) report(['fields', i, 'name'], `duplicate field '${f.name}'`);
    names.add(f.name);
    const covered = new Set<number>();
    f.slices.forEach((s, j) => {
      if (s.fieldHi < s.fieldLo) return report(['fields', i, 'slices', j], `slice ${s.fieldHi}..${s.fieldLo} runs backwards`);
      if (s.fieldHi >= f.width) report(['fields', i, 'slices', j], `slice ${s.fieldHi}..${s.fieldLo} overflows the ${f.width}-bit field '${f.name}'`);
      for (let b = s.fieldLo; b <= s.fieldHi; b++) {
        if (covered.has(b)) report(['fields', i, 'slices', j], `bit ${b} of field '${f.name}' is placed twice`);
        covered.add(b);
      }
      claim(s.at + s.fieldHi - s.fieldLo, s.at, `field '${f.name}'`, ['fields', i, 'slices', j]);
    });
    const op = f.operand;
    if (op.kind === 'register') {
      const file = files.get(op.file);
      const need = file && indexBits(file);
      if (!file) report(['fields', i, 'operand', 'file'], `operand names undeclared register file '${op.file}'`);
      else if (need !== undefined && f.width !== need) report(['fields', i, 'width'], `register field '${f.name}' is ${f.width} bits; '${file.name}' needs ${need}`);
    }
    if (op.kind === 'enum')
      for (const [n, v] of Object.entries(op.names))
        if (v >= 2 ** f.width) report(['fields', i, 'operand', 'names', n], `value ${v} of '${n}' does not fit the ${f.width}-bit field`);
  });
  const uncovered: number[] = [];
  owner.forEach((o, b) => {
    if (o === undefined) uncovered.push(b);
  });
  if (uncovered.length > 0 && enc.bits <= 256)
    report([], `bit${uncovered.length > 1 ? 's' : ''} ${ranges(uncovered)} ${uncovered.length > 1 ? 'are' : 'is'} neither fixed nor in a field`);

  // Syntax: the mnemonic first, then each field exactly once.
  const holes = placeholders(insn.syntax);
  const seen = new Set<string>();
  for (const h of holes) {
    if (!names.has(h)) report(['syntax'], `syntax names '{${h}}', which is not a field of the encoding`);
    else if (seen.has(h)) report(['syntax'], `syntax names '{${h}}' twice`);
    seen.add(h);
  }
  for (const n of names) if (!seen.has(n)) report(['syntax'], `field '${n}' does not appear in the syntax, so it cannot be assembled`);
  if (!/^[a-z][a-z0-9_.]*(\s|$)/i.test(insn.syntax)) report(['syntax'], `syntax must begin with the mnemonic`);
  return issues;
}

/** "3..0, 7" from a sorted list of bit numbers. */
function ranges(bitsList: number[]): string {
  const out: string[] = [];
  let start = bitsList[0]!;
  let prev = start;
  for (const b of [...bitsList.slice(1), Number.NaN]) {
    if (b === prev + 1) {
      prev = b;
      continue;
    }
    out.push(start === prev ? `${start}` : `${prev}..${start}`);
    start = prev = b;
  }
  return out.reverse().join(', ');
}

/**
 * Two instructions overlap when one word (over their common prefix of bits) matches both.
 * Instructions in `unsure` have fixed bits already reported as malformed: their pattern is not
 * known, so they are not compared (a fixed value too wide for its bits would otherwise be blamed
 * again as an overlap).
 */
function checkOverlaps(isa: IsaDescription, unsure: ReadonlySet<number>): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const pats = isa.instructions.map((i) => ({ ...fixedPattern(i.encoding), bits: i.encoding.bits }));
  const seen = new Set<string>();
  const syntaxHeads = new Map<string, number>();
  isa.instructions.forEach((insn, i) => {
    if (seen.has(insn.mnemonic)) issues.push({ path: ['instructions', i, 'mnemonic'], message: `duplicate mnemonic '${insn.mnemonic}'` });
    seen.add(insn.mnemonic);
    const head = insn.syntax.trim().split(/\s+/)[0]!.toLowerCase();
    const j = syntaxHeads.get(head);
    if (j !== undefined)
      issues.push({ path: ['instructions', i, 'syntax'], message: `assembly mnemonic '${head}' is already used by ${isa.instructions[j]!.mnemonic}` });
    else syntaxHeads.set(head, i);
    if (unsure.has(i)) return;
    for (let k = 0; k < i; k++) {
      if (unsure.has(k)) continue;
      const a = pats[i]!;
      const b = pats[k]!;
      const common = BigInt(Math.min(a.bits, b.bits));
      const within = (1n << common) - 1n;
      const both = a.mask & b.mask & within;
      if ((a.value & both) === (b.value & both))
        issues.push({
          path: ['instructions', i, 'encoding'],
          message: `encoding overlaps ${isa.instructions[k]!.mnemonic}: some word matches both`,
        });
    }
  });
  return issues;
}

export function checkEncodings(isa: IsaDescription): IsaIssue[] {
  const own = isa.instructions.flatMap((insn, i) => checkEncoding(isa, insn, ['instructions', i, 'encoding']));
  const unsure = new Set(own.filter((issue) => issue.path[3] === 'fixed').map((issue) => issue.path[1] as number));
  return [...own, ...checkOverlaps(isa, unsure)].map((issue) =>
    // Syntax problems are reported at the instruction's syntax, not inside its encoding.
    issue.path[3] === 'syntax' ? { ...issue, path: ['instructions', issue.path[1]!, 'syntax'] } : issue,
  );
}
