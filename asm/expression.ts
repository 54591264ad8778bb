/**
 * Expressions in numeric operands and directives: numbers, character literals, symbols, `.` (the
 * address of the current line), unary minus, `+`, `-` and parentheses. Parsed in the first pass,
 * evaluated once the symbols they name are known.
 */
import { SourceProblem } from './errors.js';
import type { Cursor } from './lexer.js';

export type Expr =
  | { kind: 'number'; value: number; column: number }
  | { kind: 'symbol'; name: string; column: number }
  | { kind: 'here'; column: number }
  | { kind: 'negate'; arg: Expr; column: number }
  | { kind: 'binary'; op: '+' | '-'; left: Expr; right: Expr; column: number };

export interface ParsedExpr {
  expr: Expr;
  /** The tokens it was read from, without spaces, for messages (`loop+4`). */
  text: string;
  column: number;
}

/**
 * Reads an expression at the cursor. `stop` is the template punctuation that follows the operand:
 * a `+` there ends the expression instead of adding (`[{base}+{index}]`).
 */
export function parseExpression(cur: Cursor, stop?: string): ParsedExpr {
  const start = cur.pos;
  const column = cur.column();
  const expr = parseSum(cur, stop);
  const text = cur.tokens
    .slice(start, cur.pos)
    .map((t) => t.text)
    .join('');
  return { expr, text, column };
}

function parseSum(cur: Cursor, stop: string | undefined): Expr {
  let left = parseUnary(cur, stop);
  for (;;) {
    const t = cur.peek();
    if (t?.kind !== 'punct' || (t.text !== '+' && t.text !== '-') || t.text === stop) return left;
    cur.next();
    left = { kind: 'binary', op: t.text, left, right: parseUnary(cur, stop), column: t.column };
  }
}

function parseUnary(cur: Cursor, stop: string | undefined): Expr {
  const t = cur.peek();
  if (t?.kind === 'punct' && (t.text === '-' || t.text === '+')) {
    cur.next();
    const arg = parseUnary(cur, stop);
    return t.text === '-' ? { kind: 'negate', arg, column: t.column } : arg;
  }
  if (t?.kind === 'number') {
    cur.next();
    return { kind: 'number', value: t.value, column: t.column };
  }
  if (t?.kind === 'ident') {
    cur.next();
    return t.text === '.' ? { kind: 'here', column: t.column } : { kind: 'symbol', name: t.text, column: t.column };
  }
  if (t?.kind === 'punct' && t.text === '(') {
    cur.next();
    const inner = parseSum(cur, undefined);
    if (!cur.isPunct(')')) throw cur.expected("')'");
    cur.next();
    return inner;
  }
  throw cur.expected('a number or label');
}

/** What evaluation needs: symbol values (which may throw for an undefined one) and `.`. */
export interface EvalEnv {
  symbol(name: string, column: number): number;
  here: number;
}

export function evaluate(e: Expr, env: EvalEnv): number {
  const v = evalRaw(e, env);
  if (!Number.isSafeInteger(v)) throw new SourceProblem(e.column, `value ${v} is too large`);
  return v;
}

function evalRaw(e: Expr, env: EvalEnv): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'symbol':
      return env.symbol(e.name, e.column);
    case 'here':
      return env.here;
    case 'negate':
      return 0 - evalRaw(e.arg, env); // never -0
    case 'binary': {
      const l = evalRaw(e.left, env);
      const r = evalRaw(e.right, env);
      return e.op === '+' ? l + r : l - r;
    }
  }
}
