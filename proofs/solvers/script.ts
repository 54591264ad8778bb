/**
 * From Z3's `solver.toSmtlib2()` text to the body of one isolated query. The script is split
 * into its top-level commands first, for three reasons: an unbalanced script would leave the
 * solver waiting for the rest forever, so it is rejected before anything is sent; commands that
 * would break the isolation between queries (`push`, `reset`, a second `check-sat`) are refused;
 * and the declarations give the bit-vector constants a caller can ask the values of.
 */
import { atomText, parseAll, type Sexp } from './sexp.js';

export interface Command {
  /** `declare-fun`, `assert`, … */
  readonly head: string;
  readonly text: string;
}

/** Splits a script into its top-level commands (comments and blanks dropped). */
export function splitCommands(script: string): Command[] {
  const commands: Command[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === ';' ) {
      const nl = script.indexOf('\n', i);
      i = nl < 0 ? script.length : nl;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < script.length; j++) {
        if (script[j] === '"') {
          if (script[j + 1] === '"') j++;
          else break;
        }
      }
      if (j >= script.length) throw new SyntaxError('unterminated string literal in the SMT-LIB script');
      i = j;
    } else if (c === '|') {
      const j = script.indexOf('|', i + 1);
      if (j < 0) throw new SyntaxError('unterminated |quoted symbol| in the SMT-LIB script');
      i = j;
    } else if (c === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ')') {
      if (depth === 0) throw new SyntaxError(`unbalanced ')' at offset ${i} of the SMT-LIB script`);
      depth--;
      if (depth === 0) {
        const text = script.slice(start, i + 1);
        const head = /^\(\s*([^\s()]+)/.exec(text)?.[1] ?? '';
        commands.push({ head, text });
      }
    } else if (depth === 0 && c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      throw new SyntaxError(`text outside any command at offset ${i} of the SMT-LIB script: ${JSON.stringify(script.slice(i, i + 40))}`);
    }
  }
  if (depth !== 0) throw new SyntaxError(`the SMT-LIB script ends inside a command (${depth} unclosed '(')`);
  return commands;
}

/** Commands that declare, define or assert: what a query body may hold. */
const bodyCommands = new Set([
  'declare-fun',
  'declare-const',
  'define-fun',
  'define-fun-rec',
  'define-funs-rec',
  'declare-sort',
  'define-sort',
  'declare-datatype',
  'declare-datatypes',
  'assert',
  'set-info',
]);

/**
 * The declarations and assertions of a script, without its trailing `(check-sat)`, its
 * `(set-logic …)` (the solver's logic is set once, by us) and `(set-info :status …)`.
 */
export function queryBody(script: string): string {
  const commands = splitCommands(script);
  const last = commands.length - 1;
  const kept: string[] = [];
  commands.forEach((c, i) => {
    if (c.head === 'check-sat' && i === last) return;
    if (c.head === 'set-logic') return;
    if (c.head === 'set-info' && /^\(\s*set-info\s+:status\b/.test(c.text)) return;
    if (!bodyCommands.has(c.head))
      throw new SyntaxError(`the SMT-LIB script holds (${c.head} …)${c.head === 'check-sat' ? ' before its end' : ''}: a query is declarations and assertions with one trailing (check-sat)`);
    kept.push(c.text);
  });
  return kept.join('\n');
}

/** A bit-vector constant: its name (unquoted, as Z3's `name()` gives it) and width. */
export interface BitVectorConstant {
  readonly name: string;
  readonly width: number;
}

function bitVectorWidth(sort: Sexp | undefined): number | undefined {
  if (!Array.isArray(sort) || sort.length !== 3) return undefined;
  const [u, b, w] = sort as Sexp[];
  return u === '_' && b === 'BitVec' && typeof w === 'string' && /^[0-9]+$/.test(w) ? Number(w) : undefined;
}

/**
 * The bit-vector constants a script declares, in order: `(declare-fun x () (_ BitVec w))` and
 * `(declare-const x (_ BitVec w))`. Arrays, functions and Booleans are left out.
 */
export function declaredBitVectors(script: string): BitVectorConstant[] {
  const out: BitVectorConstant[] = [];
  for (const c of splitCommands(script)) {
    if (c.head !== 'declare-fun' && c.head !== 'declare-const') continue;
    const [form] = parseAll(c.text);
    if (!Array.isArray(form)) continue;
    const parts = form as Sexp[];
    const name = parts[1];
    if (typeof name !== 'string') continue;
    let width: number | undefined;
    if (c.head === 'declare-fun' && parts.length === 4 && Array.isArray(parts[2]) && parts[2].length === 0) width = bitVectorWidth(parts[3]);
    if (c.head === 'declare-const' && parts.length === 3) width = bitVectorWidth(parts[2]);
    if (width !== undefined) out.push({ name: atomText(name), width });
  }
  return out;
}

/**
 * The line that names a query in messages: the first comment with text (vmcheck's exported
 * files begin `; vmcheck query pg74: ADD/mode-sensitive`), else the first declaration or
 * assertion; at most 120 characters.
 */
export function queryLabel(script: string): string {
  let first: string | undefined;
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith(';')) {
      const text = line.replace(/^;+\s*/, '');
      if (text) return clip(text);
      continue;
    }
    if (/^\(\s*(set-info|set-logic|set-option)\b/.test(line)) continue;
    first ??= line;
    break;
  }
  return clip(first ?? '(empty script)');
}

const clip = (s: string) => (s.length > 120 ? s.slice(0, 117) + '...' : s);
