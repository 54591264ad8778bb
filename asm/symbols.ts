/**
 * The symbol table: labels (addresses, known when defined) and `.equ` constants (expressions,
 * evaluated as soon as the symbols they name are known, so they may name labels further down).
 */
import { SourceProblem } from './errors.js';
import { evaluate, type EvalEnv, type ParsedExpr } from './expression.js';
import type { Token } from './lexer.js';

/** A first-pass lookup of a symbol that is not defined yet (perhaps further down). */
export class NotYetDefined extends SourceProblem {}
/** A problem already reported (a use of a `.equ` that failed): the caller stays quiet. */
export class Reported extends SourceProblem {}

/** In the first pass a symbol may still be defined further down; in the second, it is missing. */
export type Pass = 'first' | 'second';

export interface Sym {
  /** Address (labels) or value (`.equ`), once known. */
  value?: number;
  expr?: ParsedExpr;
  /** What `.` means in the `.equ`. */
  here: number;
  line: number;
  resolving?: boolean;
  /** Its error is reported already; uses of it stay quiet. */
  failed?: boolean;
}

export class SymbolTable {
  private readonly table = new Map<string, Sym>();

  /** `reserved`: register names (lower case), which no label or symbol may take — a register operand and an expression are then told apart by their first word. */
  constructor(private readonly reserved: ReadonlyMap<string, string> = new Map()) {}

  has(name: string): boolean {
    return this.table.has(name);
  }

  /** Adds a symbol; a duplicate is a problem at the name (and the first definition stays). */
  define(t: Token, what: 'label' | 'symbol', s: Sym): SourceProblem | undefined {
    const file = this.reserved.get(t.text.toLowerCase());
    if (file !== undefined) return new SourceProblem(t.column, `'${t.text}' names a register of ${file}; a ${what} cannot take it`);
    const prev = this.table.get(t.text);
    if (prev) return new SourceProblem(t.column, `duplicate ${what} '${t.text}' (first defined at line ${prev.line})`);
    this.table.set(t.text, s);
    return undefined;
  }

  /** `.equ` symbols not evaluated yet (nor failed). */
  pending(): Sym[] {
    return [...this.table.values()].filter((s) => s.value === undefined && !s.failed);
  }

  /** Every symbol with a value. */
  values(): Record<string, number> {
    return Object.fromEntries([...this.table].flatMap(([n, s]) => (s.value === undefined ? [] : [[n, s.value]])));
  }

  env(here: number, pass: Pass): EvalEnv {
    return { here, symbol: (name, column) => this.value(name, column, pass) };
  }

  private value(name: string, column: number, pass: Pass): number {
    const s = this.table.get(name);
    if (s?.value !== undefined) return s.value;
    if (s?.failed) throw new Reported(column, '');
    if (!s) throw pass === 'first' ? new NotYetDefined(column, `'${name}' must be defined`) : new SourceProblem(column, `undefined label '${name}'`);
    if (s.resolving) throw new SourceProblem(column, `'${name}' is defined in terms of itself`);
    try {
      return this.resolve(s, pass);
    } catch (e) {
      // Report at this use, not at a column of the other line's expression.
      if (e instanceof NotYetDefined) throw new NotYetDefined(column, `'${name}' must be defined`);
      if (e instanceof SourceProblem && !(e instanceof Reported)) throw new SourceProblem(column, `'${name}': ${e.reason}`);
      throw e;
    }
  }

  /** Evaluates a `.equ`. A first-pass attempt that meets a later symbol leaves it pending. */
  resolve(s: Sym, pass: Pass): number {
    s.resolving = true;
    try {
      s.value = evaluate(s.expr!.expr, this.env(s.here, pass));
      return s.value;
    } catch (e) {
      if (!(e instanceof NotYetDefined && pass === 'first')) s.failed = true;
      throw e;
    } finally {
      s.resolving = false;
    }
  }
}
