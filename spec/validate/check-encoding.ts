/**
 * Checks of instruction encodings and syntax: every bit fixed or in exactly one field, fields that
 * fit, no two instructions matching the same word, a syntax that names each field once, and no two
 * syntaxes the assembler could not tell apart.
 */
import type { EncodingDecl, FieldDecl, InstructionDecl, IsaDescription } from '../description.js';
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

/** A `{field}` placeholder among the tokens of `syntaxTokens` (no literal token reads so). */
const OPERAND = '{}';
/** The placeholder of a register operand of file `file`, which the assembler reads as one of that file's register names. */
const registerToken = (file: string) => `{r:${file}}`;
/** The placeholder of an operand the assembler reads as an expression (an immediate or a target); an enum operand is OPERAND. */
const EXPRESSION = '{expr}';
const isOperand = (t: string | undefined): t is string => t !== undefined && t.startsWith('{');
const fileOf = (t: string | undefined): string | undefined => (t?.startsWith('{r:') ? t.slice(3, -1) : undefined);

/**
 * The tokens of a syntax template after its mnemonic, as the assembler reads literal text:
 * words, numbers and single punctuation characters, in lower case (assembly ignores case), with
 * a register token for each register operand's `{field}` and `OPERAND` for any other.
 */
function syntaxTokens(insn: InstructionDecl): string[] {
  const rest = insn.syntax.trim().replace(/^\S+/, '');
  const tokens = rest.match(/\{[^}]*\}|[a-z_.$][a-z0-9_.$]*|[0-9][0-9a-z_]*|\S/gi) ?? [];
  const operand = (t: string) => {
    const op = insn.encoding.fields.find((f) => f.name === t.slice(1, -1))?.operand;
    return op?.kind === 'register' ? registerToken(op.file) : op?.kind === 'immediate' || op?.kind === 'target' ? EXPRESSION : OPERAND;
  };
  return tokens.map((t) => (t.startsWith('{') && t.endsWith('}') ? operand(t) : t.toLowerCase()));
}

/** Every name the assembler reads as a register of each file (`prefix` + index, and aliases), in lower case. */
export function registerNames(isa: IsaDescription): Map<string, Set<string>> {
  return new Map(
    isa.state.files.map((f) => [
      f.name,
      new Set([...Array.from({ length: f.count }, (_, i) => `${f.prefix ?? f.name}${i}`), ...Object.keys(f.aliases ?? {})].map((n) => n.toLowerCase())),
    ]),
  );
}

/** Literal text an operand may begin with: a word or number, a sign, `~`, a parenthesis, a character literal. */
const operandStart = /^[a-z0-9_.$+\-~('"]/i;

/** Punctuation that continues an operand's expression (the assembler's binary operators, asm/expression.ts). */
const continuesExpression: readonly (string | undefined)[] = ['+', '-', '*', '/', '%', '<', '>', '&', '^', '|'];

/**
 * Why the assembler could not tell two syntaxes of one mnemonic apart, or undefined when it can.
 * It matches a line against each template in turn and tells them apart by literal text, so,
 * read token by token, they must first differ in literal text: two different words or
 * punctuation, or text in one where the other has ended (an operand is never empty). Not where
 * one has an operand and the other text the operand could begin with (`mstatus` reads as a
 * symbol), nor at an operator (`+`, `*`, `<`…) right after an operand (which its expression
 * could take). A register operand is one name of its file: it is told apart from punctuation,
 * from a word that names none of its registers, from a register operand of another file whose
 * names it does not share (the 68000's `move.l d0, …` and `move.l a0, …`), from an immediate
 * or target (register names are reserved words), and an operator after it is literal text.
 */
function syntaxClash(a: string[], b: string[], names: Map<string, Set<string>>): string | undefined {
  const disjointFiles = (x: string | undefined, y: string | undefined) => {
    const [fx, fy] = [fileOf(x), fileOf(y)];
    if (fx === undefined || fy === undefined || fx === fy) return false;
    const [nx, ny] = [names.get(fx) ?? new Set<string>(), names.get(fy) ?? new Set<string>()];
    return ![...nx].some((n) => ny.has(n));
  };
  // A register and an expression at one place are told apart by the first word: register names
  // are reserved (no label takes one, and no expression operand begins with one, asm/syntax-match.ts).
  const registerVersusExpression = (x: string | undefined, y: string | undefined) =>
    (fileOf(x) !== undefined && y === EXPRESSION) || (fileOf(y) !== undefined && x === EXPRESSION);
  let d = 0;
  while (d < a.length && d < b.length && (a[d] === b[d] || (isOperand(a[d]) && isOperand(b[d]) && !disjointFiles(a[d], b[d]) && !registerVersusExpression(a[d], b[d])))) d++;
  const [x, y] = [a[d], b[d]];
  if (x === undefined && y === undefined) return 'they have the same words and punctuation, with operands in the same places';
  if (disjointFiles(x, y) || registerVersusExpression(x, y)) return undefined;
  if (isOperand(x) || isOperand(y)) {
    const [operand, text] = isOperand(x) ? [x, y] : [y, x];
    const file = fileOf(operand);
    const couldBegin = text !== undefined && (file === undefined ? operandStart.test(text) : (names.get(file)?.has(text) ?? false));
    if (couldBegin) return `they first differ where one has an operand and the other '${text}', which could begin an operand`;
  } else if (d > 0 && [a[d - 1], b[d - 1]].some((t) => isOperand(t) && fileOf(t) === undefined) && (continuesExpression.includes(x) || continuesExpression.includes(y)))
    return `they first differ at '${continuesExpression.includes(x) ? x : y}' right after an operand, whose expression could take it`;
  return undefined;
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
    checkExcluded(f, (j, message) => report(['fields', i, 'excluded', ...(j === undefined ? [] : [j])], message));
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

/** A field's excluded values: each one it can hold, once, and not all of them. */
function checkExcluded(f: FieldDecl, report: (j: number | undefined, message: string) => void): void {
  if (!f.excluded) return;
  let uncovered = (1n << BigInt(f.width)) - 1n;
  for (const s of f.slices) uncovered &= ~(((1n << BigInt(s.fieldHi - s.fieldLo + 1)) - 1n) << BigInt(s.fieldLo));
  const seen = new Set<number>();
  f.excluded.forEach((v, j) => {
    if (BigInt(v) >> BigInt(f.width) !== 0n) report(j, `excluded value ${v} does not fit the ${f.width}-bit field '${f.name}'`);
    else if ((BigInt(v) & uncovered) !== 0n) report(j, `excluded value ${v} sets bits of field '${f.name}' that no slice holds: no word has it`);
    if (seen.has(v)) report(j, `excluded value ${v} is listed twice`);
    seen.add(v);
  });
  // The values a field can hold: 2^(covered bits).
  let covered = 0;
  for (let b = 0; b < f.width; b++) if (((uncovered >> BigInt(b)) & 1n) === 0n) covered++;
  if (covered <= 20 && seen.size >= 2 ** covered && [...seen].every((v) => (BigInt(v) & uncovered) === 0n && v < 2 ** f.width))
    report(undefined, `field '${f.name}' excludes every value it can hold: no word is this instruction`);
}

/**
 * Two instructions overlap when one word (over their common prefix of bits) matches both.
 * Instructions in `unsure` have fixed bits already reported as malformed: their pattern is not
 * known, so they are not compared (a fixed value too wide for its bits would otherwise be blamed
 * again as an overlap).
 */
function checkOverlaps(isa: IsaDescription, unsure: ReadonlySet<number>): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const pats = isa.instructions.map((i) => {
    const p = fixedPattern(i.encoding);
    const first = lowestCellFirst(isa, i.encoding.bits);
    return { mask: first(p.mask), value: first(p.value), bits: i.encoding.bits };
  });
  // The low 32 bits in typed arrays: most pairs differ there, and BigInt work on every pair of a
  // large ISA takes seconds.
  const n = pats.length;
  const maskLow = Int32Array.from(pats, (p) => Number(p.mask & 0xffffffffn) | 0);
  const valueLow = Int32Array.from(pats, (p) => Number(p.value & 0xffffffffn) | 0);
  const bits = Int32Array.from(pats, (p) => p.bits);
  const skip = Uint8Array.from({ length: n }, (_, i) => (unsure.has(i) ? 1 : 0));
  const seen = new Set<string>();
  /** Earlier instructions by lower-case assembly mnemonic, with their syntax tokens. */
  const syntaxHeads = new Map<string, { index: number; tokens: string[] }[]>();
  const names = registerNames(isa);
  isa.instructions.forEach((insn, i) => {
    if (seen.has(insn.mnemonic)) issues.push({ path: ['instructions', i, 'mnemonic'], message: `duplicate mnemonic '${insn.mnemonic}'` });
    seen.add(insn.mnemonic);
    // One mnemonic may serve several instructions whose syntaxes the assembler tells apart.
    const head = insn.syntax.trim().split(/\s+/)[0]!.toLowerCase();
    const tokens = syntaxTokens(insn);
    const sharing = syntaxHeads.get(head) ?? [];
    for (const other of sharing) {
      const why = syntaxClash(other.tokens, tokens, names);
      if (why === undefined) continue;
      const o = isa.instructions[other.index]!;
      issues.push({
        path: ['instructions', i, 'syntax'],
        message: `assembly mnemonic '${head}' is also used by ${o.mnemonic} ('${o.syntax.trim()}'), and the assembler could not tell the two apart: ${why}`,
      });
      break;
    }
    sharing.push({ index: i, tokens });
    syntaxHeads.set(head, sharing);
    if (unsure.has(i)) return;
    // One issue per instruction, naming a few of the earlier ones it overlaps and counting the
    // rest: n copies of one encoding overlap in n²/2 pairs, too many to list (or to hold).
    const overlapped: string[] = [];
    let count = 0;
    for (let k = 0; k < i; k++) {
      if (skip[k] === 1) continue;
      const common = Math.min(bits[i]!, bits[k]!);
      const low = maskLow[i]! & maskLow[k]! & (common >= 32 ? -1 : 2 ** common - 1);
      if (((valueLow[i]! ^ valueLow[k]!) & low) !== 0) continue;
      if (common > 32) {
        const [a, b] = [pats[i]!, pats[k]!];
        const both = a.mask & b.mask & ((1n << BigInt(common)) - 1n);
        if ((a.value & both) !== (b.value & both)) continue;
      }
      if (!someWordIsBoth(isa, isa.instructions[i]!, isa.instructions[k]!)) continue;
      if (++count <= NAMED_OVERLAPS) overlapped.push(isa.instructions[k]!.mnemonic);
    }
    if (count === 1) issues.push({ path: ['instructions', i, 'encoding'], message: `encoding overlaps ${overlapped[0]}: some word matches both` });
    else if (count > 1)
      issues.push({
        path: ['instructions', i, 'encoding'],
        message: `encoding overlaps ${count} earlier instructions (${overlapped.join(', ')}${count > NAMED_OVERLAPS ? ', …' : ''}): for each, some word matches both`,
      });
  });
  return issues;
}

/**
 * Encoding bits rearranged so that the cell at the lowest address holds the lowest bits: then the
 * cells two encodings of different lengths share are the low bits of both. Big-endian storage
 * puts an encoding's high bits first, so its cells are reversed (the bits within a cell kept).
 */
function lowestCellFirst(isa: IsaDescription, bits: number): (x: bigint) => bigint {
  const { cellBits, endianness } = isa.state.storage;
  if (endianness !== 'big' || !(cellBits > 0) || bits % cellBits !== 0) return (x) => x;
  const n = bits / cellBits;
  const one = (1n << BigInt(cellBits)) - 1n;
  return (x) => {
    let out = 0n;
    for (let k = 0; k < n; k++) out |= ((x >> BigInt((n - 1 - k) * cellBits)) & one) << BigInt(k * cellBits);
    return out;
  };
}

/** Free bits of excluded fields enumerated before a pair is taken to overlap without proof. */
const EXCLUSION_SEARCH_BITS = 16;

/**
 * Whether some word is both instructions (the shorter one a prefix of the longer), given that
 * their fixed bits agree: their excluded field values may still keep every such word apart —
 * x86's `[reg]` form excludes rm = 4, which its SIB form fixes. The free bits of the excluded
 * fields are enumerated; past EXCLUSION_SEARCH_BITS the pair is taken to overlap.
 */
function someWordIsBoth(isa: IsaDescription, a: InstructionDecl, b: InstructionDecl): boolean {
  const excluding = (x: InstructionDecl) => x.encoding.fields.some((f) => f.excluded && f.excluded.length > 0);
  if (!excluding(a) && !excluding(b)) return true;
  const [long, short] = a.encoding.bits >= b.encoding.bits ? [a, b] : [b, a];
  // The shorter encoding's bit i is the longer's bit i + at (its cells come first: the low bits
  // in little-endian storage, the high bits in big-endian).
  const at = isa.state.storage.endianness === 'big' ? long.encoding.bits - short.encoding.bits : 0;
  const pl = fixedPattern(long.encoding);
  const ps = fixedPattern(short.encoding);
  const mask = pl.mask | (ps.mask << BigInt(at));
  const value = pl.value | (ps.value << BigInt(at));
  const placed = [
    ...long.encoding.fields.map((f) => ({ f, at: 0 })),
    ...short.encoding.fields.map((f) => ({ f, at })),
  ].filter(({ f }) => f.excluded && f.excluded.length > 0);
  const free: number[] = [];
  for (const { f, at: o } of placed)
    for (const s of f.slices)
      for (let bit = s.at + o; bit <= s.at + o + s.fieldHi - s.fieldLo; bit++) if (((mask >> BigInt(bit)) & 1n) === 0n && !free.includes(bit)) free.push(bit);
  if (free.length > EXCLUSION_SEARCH_BITS) return true;
  for (let n = 0; n < 2 ** free.length; n++) {
    let word = value;
    free.forEach((bit, i) => (word |= BigInt((n >> i) & 1) << BigInt(bit)));
    if (placed.every(({ f, at: o }) => !f.excluded!.includes(fieldValueAt(f, word >> BigInt(o))))) return true;
  }
  return false;
}

/** A field's value in encoding bits. */
function fieldValueAt(f: FieldDecl, bits: bigint): number {
  let v = 0n;
  for (const s of f.slices) v |= ((bits >> BigInt(s.at)) & ((1n << BigInt(s.fieldHi - s.fieldLo + 1)) - 1n)) << BigInt(s.fieldLo);
  return Number(v);
}

/** How many of the instructions one encoding overlaps its issue names. */
const NAMED_OVERLAPS = 3;

export function checkEncodings(isa: IsaDescription): IsaIssue[] {
  const own = isa.instructions.flatMap((insn, i) => checkEncoding(isa, insn, ['instructions', i, 'encoding']));
  const unsure = new Set(own.filter((issue) => issue.path[3] === 'fixed').map((issue) => issue.path[1] as number));
  return [...own, ...checkOverlaps(isa, unsure)].map((issue) =>
    // Syntax problems are reported at the instruction's syntax, not inside its encoding.
    issue.path[3] === 'syntax' ? { ...issue, path: ['instructions', issue.path[1]!, 'syntax'] } : issue,
  );
}
