/**
 * Expressions in numeric operands and directives: numbers, character literals, symbols, `.` (the
 * address of the current line), parentheses, unary `-`, `+`, `~`, and the binary operators of
 * C with C's precedence: `* / %`, then `+ -`, then `<< >>`, then `&`, `^`, `|`. Parsed in the
 * first pass, evaluated once the symbols they name are known. Values are integers (JavaScript
 * safe integers: up to 2^53 in magnitude); `/` truncates toward zero, as in C.
 */
import { match } from 'ts-pattern';
import { SourceProblem } from './errors.js';
import type { Cursor } from './lexer.js';

export type BinaryOp = '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|';

export type Expr =
  | { kind: 'number'; value: number; column: number; big?: bigint; text?: string }
  | { kind: 'symbol'; name: string; column: number }
  | { kind: 'here'; column: number }
  | { kind: 'negate'; arg: Expr; column: number }
  | { kind: 'not'; arg: Expr; column: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; column: number };

export interface ParsedExpr {
  expr: Expr;
  /** The tokens it was read from, without spaces, for messages (`loop+4`). */
  text: string;
  column: number;
}

/** Binary operators by precedence level, loosest first (C's order). */
const levels: readonly (readonly BinaryOp[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/**
 * Reads an expression at the cursor. `stop` is the template punctuation that follows the operand:
 * an operator starting with it ends the expression instead (`[{base}+{index}]`).
 */
export function parseExpression(cur: Cursor, stop?: string): ParsedExpr {
  const start = cur.pos;
  const column = cur.column();
  const expr = parseLevel(cur, stop, 0);
  const text = cur.tokens
    .slice(start, cur.pos)
    .map((t) => t.text)
    .join('');
  return { expr, text, column };
}

/** The operator of `level` at the cursor (`<<` is two `<` tokens side by side), if any. */
function operatorAt(cur: Cursor, level: readonly BinaryOp[], stop: string | undefined): BinaryOp | undefined {
  const t = cur.peek();
  if (t?.kind !== 'punct' || t.text === stop) return undefined;
  for (const op of level) {
    if (op.length === 1 && t.text === op) return op;
    const second = cur.tokens[cur.pos + 1];
    if (op.length === 2 && t.text === op[0] && second?.kind === 'punct' && second.text === op[1] && second.column === t.column + 1) return op;
  }
  return undefined;
}

function parseLevel(cur: Cursor, stop: string | undefined, level: number): Expr {
  const ops = levels[level];
  if (!ops) return parseUnary(cur, stop);
  let left = parseLevel(cur, stop, level + 1);
  for (;;) {
    const op = operatorAt(cur, ops, stop);
    if (!op) return left;
    const column = cur.column();
    for (let i = 0; i < op.length; i++) cur.next();
    left = { kind: 'binary', op, left, right: parseLevel(cur, stop, level + 1), column };
  }
}

function parseUnary(cur: Cursor, stop: string | undefined): Expr {
  const t = cur.peek();
  if (t?.kind === 'punct' && (t.text === '-' || t.text === '+' || t.text === '~')) {
    cur.next();
    const arg = parseUnary(cur, stop);
    return t.text === '-' ? { kind: 'negate', arg, column: t.column } : t.text === '~' ? { kind: 'not', arg, column: t.column } : arg;
  }
  if (t?.kind === 'number') {
    cur.next();
    return t.big === undefined ? { kind: 'number', value: t.value, column: t.column } : { kind: 'number', value: t.value, column: t.column, big: t.big, text: t.text };
  }
  if (t?.kind === 'ident') {
    cur.next();
    return t.text === '.' ? { kind: 'here', column: t.column } : { kind: 'symbol', name: t.text, column: t.column };
  }
  if (t?.kind === 'punct' && t.text === '(') {
    cur.next();
    const inner = parseLevel(cur, undefined, 0);
    if (!cur.isPunct(')')) throw cur.expected("')'");
    cur.next();
    return inner;
  }
  throw cur.expected('a number or label');
}

/** Characters an expression may begin with, besides words, numbers and character literals. */
export const expressionPrefixes: readonly string[] = ['-', '+', '~', '('];

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

/** An intermediate result must stay exact: beyond 2^53 a JavaScript number rounds. */
function exact(v: number, column: number): number {
  if (!Number.isSafeInteger(v)) throw new SourceProblem(column, `value ${v} is too large`);
  return v;
}

/** Bitwise operations on whole safe integers (JavaScript's own work on 32 bits only). */
const bitwise = (l: number, r: number, f: (a: bigint, b: bigint) => bigint) => Number(f(BigInt(l), BigInt(r)));

function evalRaw(e: Expr, env: EvalEnv): number {
  return match(e)
    .with({ kind: 'number' }, (n) => {
      if (n.big !== undefined) throw new SourceProblem(n.column, `number ${n.text} is too large`);
      return n.value;
    })
    .with({ kind: 'symbol' }, (s) => env.symbol(s.name, s.column))
    .with({ kind: 'here' }, () => env.here)
    .with({ kind: 'negate' }, (n) => 0 - evalRaw(n.arg, env)) // never -0
    .with({ kind: 'not' }, (n) => -1 - evalRaw(n.arg, env)) // ~x = -x - 1 on unbounded two's complement
    .with({ kind: 'binary' }, (b) => {
      const l = exact(evalRaw(b.left, env), b.left.column);
      const r = exact(evalRaw(b.right, env), b.right.column);
      const divisor = () => {
        if (r === 0) throw new SourceProblem(b.column, `division by zero in '${b.op}'`);
        return r;
      };
      const shift = () => {
        if (r < 0 || r > 63) throw new SourceProblem(b.column, `shift by ${r}: a shift is by 0..63`);
        return r;
      };
      const v = match(b.op)
        .with('+', () => l + r)
        .with('-', () => l - r)
        .with('*', () => l * r)
        .with('/', () => Math.trunc(l / divisor()) + 0) // + 0: never -0
        .with('%', () => (l % divisor()) + 0)
        .with('<<', () => l * 2 ** shift())
        .with('>>', () => Math.floor(l / 2 ** shift()))
        .with('&', () => bitwise(l, r, (x, y) => x & y))
        .with('^', () => bitwise(l, r, (x, y) => x ^ y))
        .with('|', () => bitwise(l, r, (x, y) => x | y))
        .exhaustive();
      return exact(v, b.column);
    })
    .exhaustive();
}

/**
 * `evaluate` in bigints, exactly at any size: the value of a cell or a datum wider than 52 bits
 * (a 64-bit `.word` on a Cray-like machine, a `.dword`). The same operators with the same
 * meaning: `/` truncates toward zero and `>>` rounds toward minus infinity, as BigInt's do.
 */
export function evaluateBig(e: Expr, env: EvalEnv): bigint {
  return match(e)
    .with({ kind: 'number' }, (n) => n.big ?? BigInt(n.value))
    .with({ kind: 'symbol' }, (s) => BigInt(env.symbol(s.name, s.column)))
    .with({ kind: 'here' }, () => BigInt(env.here))
    .with({ kind: 'negate' }, (n) => -evaluateBig(n.arg, env))
    .with({ kind: 'not' }, (n) => ~evaluateBig(n.arg, env))
    .with({ kind: 'binary' }, (b) => {
      const l = evaluateBig(b.left, env);
      const r = evaluateBig(b.right, env);
      const divisor = () => {
        if (r === 0n) throw new SourceProblem(b.column, `division by zero in '${b.op}'`);
        return r;
      };
      const shift = () => {
        if (r < 0n || r > 63n) throw new SourceProblem(b.column, `shift by ${r}: a shift is by 0..63`);
        return r;
      };
      return match(b.op)
        .with('+', () => l + r)
        .with('-', () => l - r)
        .with('*', () => l * r)
        .with('/', () => l / divisor())
        .with('%', () => l % divisor())
        .with('<<', () => l << shift())
        .with('>>', () => l >> shift())
        .with('&', () => l & r)
        .with('^', () => l ^ r)
        .with('|', () => l | r)
        .exhaustive();
    })
    .exhaustive();
}
