/**
 * S-expressions as the solvers print them. Answers arrive on a pipe in arbitrary chunks, so the
 * reader only hands out an item once it is complete: a balanced list, or an atom followed by a
 * delimiter. Two dialect quirks are tolerated: Z3 escapes quotes in strings with a backslash
 * (SMT-LIB 2.5), SMT-LIB 2.6 and cvc5 double them; and cvc5's parse errors print the offending
 * input raw inside the message (unescaped quotes, newlines), so an `(error "` item runs to the
 * first `")` at the end of a line.
 */

/** An atom keeps its printed text (`sat`, `#b01`, `|a b|`, `"timeout"`); a list is an array. */
export type Sexp = string | readonly Sexp[];

const delimiter = (c: string | undefined) => c === undefined || c === '(' || c === ')' || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '"' || c === ';';

/** Scans a string literal starting at `i` (the opening quote); the index after it, or -1. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') {
      if (text[j + 1] === '"') j++;
      else return j + 1;
    }
  }
  return -1;
}

/** Scans a `|quoted symbol|` starting at `i`; the index after it, or -1. */
function endOfQuotedSymbol(text: string, i: number): number {
  const j = text.indexOf('|', i + 1);
  return j < 0 ? -1 : j + 1;
}

function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === ';') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
    } else break;
  }
  return i;
}

/**
 * Reads one item at `i` (after blanks). Returns it with the index after it, or undefined when
 * the text ends first. With `final`, an atom may end at the end of the text.
 */
function readItem(text: string, start: number, final: boolean): { item: Sexp; end: number } | undefined {
  let i = skipBlank(text, start);
  if (i >= text.length) return undefined;
  if (text.startsWith('(error "', i)) {
    // cvc5 prints parse errors with the raw input inside the string; end at `")` + newline.
    const close = text.indexOf('")\n', i);
    const end = close >= 0 ? close + 2 : final && text.trimEnd().endsWith('")') ? text.trimEnd().length : -1;
    if (end < 0) return undefined;
    return { item: ['error', text.slice(i + 7, end - 1)], end };
  }
  const stack: Sexp[][] = [];
  for (;;) {
    i = skipBlank(text, i);
    if (i >= text.length) return undefined;
    const c = text[i]!;
    let atom: string | undefined;
    if (c === '(') {
      stack.push([]);
      i++;
      continue;
    }
    if (c === ')') {
      const done = stack.pop();
      // A stray `)` at top level: report it as an atom, so the caller sees something unexpected.
      const item: Sexp = done ?? ')';
      i++;
      if (stack.length === 0) return { item, end: i };
      stack[stack.length - 1]!.push(item);
      continue;
    }
    if (c === '"' || c === '|') {
      const end = c === '"' ? endOfString(text, i) : endOfQuotedSymbol(text, i);
      if (end < 0) return undefined;
      atom = text.slice(i, end);
      i = end;
    } else {
      let j = i;
      while (!delimiter(text[j])) j++;
      if (j >= text.length && !final) return undefined; // the atom may continue in the next chunk
      atom = text.slice(i, j);
      i = j;
    }
    if (stack.length === 0) return { item: atom, end: i };
    stack[stack.length - 1]!.push(atom);
  }
}

/** Parses every complete item of `text` (the whole text is there: atoms may end at its end). */
export function parseAll(text: string): Sexp[] {
  const out: Sexp[] = [];
  let i = 0;
  for (;;) {
    const r = readItem(text, i, true);
    if (!r) break;
    out.push(r.item);
    i = r.end;
  }
  const rest = text.slice(skipBlank(text, i));
  if (rest) throw new SyntaxError(`unbalanced s-expression: ${rest.slice(0, 80)}`);
  return out;
}

/** Incremental reader: feed chunks, receive the items they complete. */
export class SexpReader {
  private buffer = '';

  push(chunk: string): Sexp[] {
    this.buffer += chunk;
    const out: Sexp[] = [];
    let i = 0;
    for (;;) {
      const r = readItem(this.buffer, i, false);
      if (!r) break;
      out.push(r.item);
      i = r.end;
    }
    this.buffer = this.buffer.slice(i);
    return out;
  }

  /** What was received and not yet read as an item (at exit: the garbled tail). */
  rest(): string {
    return this.buffer.trim();
  }
}

/** A symbol as SMT-LIB text: simple symbols as they are, others in `|…|`. */
export function symbol(name: string): string {
  if (/^[A-Za-z~!@$%^&*_+=<>.?/-][0-9A-Za-z~!@$%^&*_+=<>.?/-]*$/.test(name)) return name;
  if (name.includes('|') || name.includes('\\')) throw new RangeError(`the name ${JSON.stringify(name)} cannot be written as an SMT-LIB symbol`);
  return `|${name}|`;
}

/** A symbol's name (without `|…|`), or a string literal's contents. */
export function atomText(atom: string): string {
  if (atom.startsWith('|') && atom.endsWith('|') && atom.length >= 2) return atom.slice(1, -1);
  if (atom.startsWith('"') && atom.endsWith('"') && atom.length >= 2)
    return atom.slice(1, -1).replace(/""/g, '"').replace(/\\(.)/g, '$1');
  return atom;
}

/** A bit-vector value (`#b…`, `#x…`, `(_ bvN w)`) with its width, or undefined. */
export function bitVectorValue(s: Sexp): { value: bigint; width: number } | undefined {
  if (typeof s === 'string') {
    if (/^#b[01]+$/.test(s)) return { value: BigInt('0b' + s.slice(2)), width: s.length - 2 };
    if (/^#x[0-9a-fA-F]+$/.test(s)) return { value: BigInt('0x' + s.slice(2)), width: 4 * (s.length - 2) };
    return undefined;
  }
  const [u, bv, w] = s;
  if (s.length === 3 && u === '_' && typeof bv === 'string' && /^bv[0-9]+$/.test(bv) && typeof w === 'string' && /^[0-9]+$/.test(w))
    return { value: BigInt(bv.slice(2)), width: Number(w) };
  return undefined;
}

/** Prints an item back (for messages). */
export function show(s: Sexp): string {
  return typeof s === 'string' ? s : `(${s.map(show).join(' ')})`;
}
