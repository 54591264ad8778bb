/**
 * Splits one line of assembly into tokens: identifiers (which may start with `.` or `$`, so that
 * directives, `.` for "here" and `$t0`-style registers are single tokens), numbers, character
 * literals, string literals and single punctuation characters. Whitespace only separates tokens.
 */
import { Expected, SourceProblem } from './errors.js';

export type Token =
  | { kind: 'ident'; text: string; column: number }
  /** `big`: the exact value, where `value` would round (above 2^53 - 1: only a bigint evaluation takes it). */
  | { kind: 'number'; text: string; column: number; value: number; big?: bigint }
  /** A string literal, for `.ascii`; `value` holds it with escapes applied. */
  | { kind: 'string'; text: string; column: number; value: string }
  | { kind: 'punct'; text: string; column: number };

const identStart = /[A-Za-z_.$]/;
const identPart = /[A-Za-z0-9_.$]/;
const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };

/**
 * Tokens of `line`; text from any of `commentChars` (outside a character literal) to the end of
 * the line is dropped. Columns count from 1.
 */
export function lexLine(line: string, commentChars: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    const column = i + 1;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (commentChars.includes(ch)) {
      break;
    } else if (identStart.test(ch)) {
      let j = i + 1;
      while (j < line.length && identPart.test(line[j]!)) j++;
      tokens.push({ kind: 'ident', text: line.slice(i, j), column });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < line.length && /[0-9A-Za-z_]/.test(line[j]!)) j++;
      const text = line.slice(i, j);
      const big = parseBigNumber(text, column);
      tokens.push(big > MAX_SAFE ? { kind: 'number', text, column, value: Number.NaN, big } : { kind: 'number', text, column, value: Number(big) });
      i = j;
    } else if (ch === '"') {
      const { value, end } = stringLiteral(line, i);
      tokens.push({ kind: 'string', text: line.slice(i, end), column, value });
      i = end;
    } else if (ch === "'") {
      const { value, end } = charLiteral(line, i);
      tokens.push({ kind: 'number', text: line.slice(i, end), column, value });
      i = end;
    } else {
      tokens.push({ kind: 'punct', text: ch, column });
      i++;
    }
  }
  return tokens;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Decimal, 0x hex, 0b binary or 0o octal; `_` may separate digits. */
export function parseNumber(text: string, column: number): number {
  const value = parseBigNumber(text, column);
  if (value > MAX_SAFE) throw new SourceProblem(column, `number ${text} is too large`);
  return Number(value);
}

/** `parseNumber` without its bound: a literal of any size, exactly (values of cells or data wider than 52 bits). */
export function parseBigNumber(text: string, column: number): bigint {
  const t = text.replaceAll('_', '').toLowerCase();
  const digits = /^0x[0-9a-f]+$|^0b[01]+$|^0o[0-7]+$|^[0-9]+$/.test(t) ? t : undefined;
  if (digits === undefined) throw new SourceProblem(column, `'${text}' is not a number (decimal, 0x hex, 0b binary or 0o octal)`);
  return BigInt(digits);
}

function charLiteral(line: string, start: number): { value: number; end: number } {
  const column = start + 1;
  let i = start + 1;
  let value: number | undefined;
  if (line[i] === '\\') {
    value = escapes[line[i + 1] ?? ''];
    if (value === undefined) throw new SourceProblem(column, `unknown escape '\\${line[i + 1] ?? ''}' in a character literal`);
    i += 2;
  } else if (i < line.length && line[i] !== "'") {
    value = line.codePointAt(i)!;
    i += value > 0xffff ? 2 : 1;
  }
  if (value === undefined || line[i] !== "'") throw new SourceProblem(column, `unterminated character literal`);
  return { value, end: i + 1 };
}

function stringLiteral(line: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < line.length && line[i] !== '"') {
    if (line[i] === '\\') {
      const code = escapes[line[i + 1] ?? ''];
      if (code === undefined) throw new SourceProblem(i + 1, `unknown escape '\\${line[i + 1] ?? ''}' in a string`);
      value += String.fromCodePoint(code);
      i += 2;
    } else {
      const cp = line.codePointAt(i)!;
      value += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  if (i >= line.length) throw new SourceProblem(start + 1, 'unterminated string');
  return { value, end: i + 1 };
}

/** A read position in a line's tokens, with what the messages need (the previous token, the end). */
export class Cursor {
  pos = 0;
  constructor(
    readonly tokens: readonly Token[],
    /** Column just past the last character of the line's code, for "expected … at end" messages. */
    readonly endColumn: number,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Whether the next token is the punctuation `text`. */
  isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }

  /** Column of the next token, or the end of the line. */
  column(): number {
    return this.peek()?.column ?? this.endColumn;
  }

  /** "expected X after 'prev'[, found 'y']", at the next token. */
  expected(what: string, hint = ''): Expected {
    const prev = this.tokens[this.pos - 1];
    const found = this.peek();
    const after = prev ? ` after '${prev.text}'` : '';
    return new Expected(this.column(), what, `${after}${found ? `, found '${found.text}'` : ''}`, hint);
  }
}
