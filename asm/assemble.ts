/**
 * The two-pass assembler. The first pass reads every line, matches instructions against the
 * syntax templates and lays out the cells (an instruction's size is its encoding's, whatever its
 * operands), defining labels; the second evaluates operands, now that every label is known, checks
 * them against their fields and encodes with spec/encoding.ts. Nothing here is specific to an ISA.
 */
import type { FieldDecl, IsaDescription } from '../spec/description.js';
import { encode, toCellWords } from '../spec/encoding.js';
import { AsmError, AsmErrors, SourceProblem } from './errors.js';
import { evaluate, evaluateBig, expressionPrefixes, parseExpression, type EvalEnv, type ParsedExpr } from './expression.js';
import { match } from 'ts-pattern';
import { cellsPerValue, dataCells, dataDirectives } from './data.js';
import { bigCellValue, cellValue, operandValue } from './fields.js';
import { Cursor, lexLine, type Token } from './lexer.js';
import type { Program, SourceLine } from './program.js';
import { checkSegments, type SegmentState } from './segments.js';
import { NotYetDefined, Reported, SymbolTable, type Sym } from './symbols.js';
import { compileTemplates, matchTemplates, registerWords, templateCharacters, type OperandValue, type Template } from './syntax-match.js';

interface Placed {
  line: number;
  seg: SegmentState;
  /** Cell offset in the segment. */
  offset: number;
  address: number;
}
type Item =
  | (Placed & { kind: 'insn'; template: Template; operands: Map<string, OperandValue> })
  /** `.word`: one cell per value. */
  | (Placed & { kind: 'word'; values: ParsedExpr[] })
  /** `.byte`, `.data WIDTH`, …: values of `bits` bits, `cells` cells each. */
  | (Placed & { kind: 'data'; bits: number; cells: number; values: ParsedExpr[] })
  /** `.ascii`: cells known in the first pass. */
  | (Placed & { kind: 'fixed'; values: number[] });

/**
 * Assembles `source` for `isa`. Throws `AsmErrors` listing every problem found, each as
 * `file:line:column: message`.
 */
export function assemble(isa: IsaDescription, source: string, fileName = '<input>'): Program {
  return new Assembly(isa, fileName).run(source);
}

class Assembly {
  private readonly templates: Map<string, Template[]>;
  /** `;` and `#` start comments, unless a syntax template uses the character. */
  private readonly comments: string;
  private readonly cellBits: number;
  private readonly errors: AsmError[] = [];
  private readonly symbols: SymbolTable;
  private readonly segments: SegmentState[] = [];
  private seg: SegmentState;
  private readonly items: Item[] = [];
  private readonly lines: SourceLine[] = [];

  constructor(
    private readonly isa: IsaDescription,
    private readonly file: string,
  ) {
    this.templates = compileTemplates(isa);
    this.symbols = new SymbolTable(registerWords(isa));
    const used = templateCharacters(isa);
    this.comments = [';', '#'].filter((c) => !used.has(c)).join('');
    this.cellBits = isa.state.storage.cellBits;
    this.seg = this.newSegment(0, 0, 0, 1, false);
  }

  run(source: string): Program {
    source.split('\n').forEach((text, i) => this.attempt(i + 1, () => this.line(text, i + 1)));
    for (const s of this.symbols.pending()) this.attempt(s.line, () => this.symbols.resolve(s, 'second'));
    for (const { line, problem } of checkSegments(this.segments, this.isa.state.storage.cells)) this.errors.push(this.error(line, problem));
    for (const item of this.items) this.encodeItem(item);
    if (this.errors.length > 0) throw new AsmErrors(this.errors.sort((a, b) => a.line - b.line || a.column - b.column));
    return {
      segments: this.segments.filter((s) => s.length > 0).map((s) => ({ place: s.place, address: s.address, cells: s.cells })),
      symbols: this.symbols.values(),
      lines: this.lines,
    };
  }

  // First pass ----------------------------------------------------------------------------------

  private line(text: string, ln: number): void {
    const tokens = lexLine(text, this.comments);
    const last = tokens[tokens.length - 1];
    if (!last) return;
    const cur = new Cursor(tokens, last.column + last.text.length);
    while (cur.peek()?.kind === 'ident' && tokens[cur.pos + 1]?.kind === 'punct' && tokens[cur.pos + 1]!.text === ':') {
      const name = cur.next()!;
      cur.next();
      const duplicate = this.symbols.define(name, 'label', { value: this.here(), here: this.here(), line: ln });
      if (duplicate) this.errors.push(this.error(ln, duplicate)); // the rest of the line still counts
    }
    const head = cur.next();
    if (!head) return;
    if (head.kind !== 'ident') throw new SourceProblem(head.column, `expected a mnemonic, directive or label, found '${head.text}'`);
    if (head.text.startsWith('.') && head.text !== '.') this.directive(head, cur, ln);
    else this.instruction(head, cur, ln);
  }

  private instruction(head: Token, cur: Cursor, ln: number): void {
    const templates = this.templates.get(head.text.toLowerCase());
    if (!templates) throw new SourceProblem(head.column, `unknown mnemonic '${head.text}'`);
    const match = matchTemplates(this.isa, templates, cur);
    const placed = this.placed(ln);
    // Lay out even when the operands do not match (as the template that came nearest): a bad
    // operand must not shift every address after it.
    this.emit(match.template.insn.encoding.bits / this.cellBits, ln);
    if ('problem' in match) throw match.problem;
    this.items.push({ kind: 'insn', ...placed, template: match.template, operands: match.operands });
  }

  private directive(head: Token, cur: Cursor, ln: number): void {
    const name = head.text.toLowerCase();
    switch (name) {
      case '.org': {
        const place = this.layoutValue(cur, name, 'a physical place');
        let address = place;
        if (cur.isPunct(',')) {
          cur.next();
          address = this.layoutValue(cur, name, 'an address');
        }
        this.end(cur);
        if (place < 0) throw new SourceProblem(head.column, `.org place ${place} is negative`);
        this.seg = this.newSegment(place, address, ln, head.column, true);
        return;
      }
      case '.word': {
        const values = this.values(cur);
        this.end(cur);
        this.items.push({ kind: 'word', ...this.placed(ln), values });
        this.emit(values.length, ln);
        return;
      }
      case '.byte':
      case '.half':
      case '.long':
      case '.dword':
        return this.data(name, dataDirectives[name]!, head.column, cur, ln);
      case '.data': {
        const column = cur.column();
        const bits = this.layoutValue(cur, name, 'a width in bits');
        if (!cur.isPunct(',')) throw cur.expected("','");
        cur.next();
        return this.data(name, bits, column, cur, ln);
      }
      case '.ascii':
      case '.asciz': {
        const values = this.strings(cur, name === '.asciz');
        this.end(cur);
        this.items.push({ kind: 'fixed', ...this.placed(ln), values });
        this.emit(values.length, ln);
        return;
      }
      case '.zero':
      case '.space': {
        const n = this.layoutValue(cur, name, 'a number of cells');
        this.end(cur);
        if (n < 0) throw new SourceProblem(head.column, `${name} needs a count of cells of 0 or more, not ${n}`);
        this.emit(n, ln);
        return;
      }
      case '.align': {
        const n = this.layoutValue(cur, name, 'a number of cells');
        this.end(cur);
        if (n < 1) throw new SourceProblem(head.column, `.align needs a positive count of cells, not ${n}`);
        this.emit((((-this.here()) % n) + n) % n, ln);
        return;
      }
      case '.equ': {
        const sym = cur.peek();
        if (sym?.kind !== 'ident') throw cur.expected('a symbol name');
        cur.next();
        if (!cur.isPunct(',')) throw cur.expected("','");
        cur.next();
        const expr = this.expression(cur, 'a value');
        this.end(cur);
        const s: Sym = { expr, here: this.here(), line: ln };
        const duplicate = this.symbols.define(sym, 'symbol', s);
        if (duplicate) throw duplicate;
        try {
          this.symbols.resolve(s, 'first');
        } catch (e) {
          if (!(e instanceof NotYetDefined)) throw e; // a forward reference: resolved after the first pass
        }
        return;
      }
      default:
        throw new SourceProblem(head.column, `unknown directive '${head.text}'`);
    }
  }

  /** One or more comma-separated values. */
  private values(cur: Cursor): ParsedExpr[] {
    const values = [this.expression(cur, 'a value')];
    while (cur.isPunct(',')) {
      cur.next();
      values.push(this.expression(cur, 'a value'));
    }
    return values;
  }

  /** A data directive of `bits`-bit values (the width's problems are reported at `column`). */
  private data(directive: string, bits: number, column: number, cur: Cursor, ln: number): void {
    const cells = cellsPerValue(bits, this.cellBits, directive, column);
    const values = this.values(cur);
    this.end(cur);
    this.items.push({ kind: 'data', ...this.placed(ln), bits, cells, values });
    this.emit(values.length * cells, ln);
  }

  /** Comma-separated strings as UTF-8 bytes, one per cell; `terminate` adds a zero after each. */
  private strings(cur: Cursor, terminate: boolean): number[] {
    const out: number[] = [];
    for (;;) {
      const t = cur.peek();
      if (t?.kind !== 'string') throw cur.expected('a string in double quotes');
      cur.next();
      out.push(...new TextEncoder().encode(t.value), ...(terminate ? [0] : []));
      if (!cur.isPunct(',')) return out;
      cur.next();
    }
  }

  private expression(cur: Cursor, what: string): ParsedExpr {
    const t = cur.peek();
    if (!t || (t.kind === 'punct' && !expressionPrefixes.includes(t.text))) throw cur.expected(what);
    return parseExpression(cur);
  }

  /** A value the layout depends on, so it must be known in the first pass. */
  private layoutValue(cur: Cursor, directive: string, what: string): number {
    const p = this.expression(cur, what);
    try {
      return evaluate(p.expr, this.symbols.env(this.here(), 'first'));
    } catch (e) {
      if (e instanceof NotYetDefined) throw new SourceProblem(e.column, `${e.reason} before it is used in ${directive}`);
      throw e;
    }
  }

  private end(cur: Cursor): void {
    if (!cur.atEnd()) throw new SourceProblem(cur.column(), `unexpected '${cur.peek()!.text}' after '${cur.tokens[cur.pos - 1]!.text}'`);
  }

  private newSegment(place: number, address: number, line: number, column: number, explicit: boolean): SegmentState {
    const seg: SegmentState = { place, address, length: 0, line, column, explicit, cells: [] };
    this.segments.push(seg);
    return seg;
  }

  private here(): number {
    return this.seg.address + this.seg.length;
  }

  private placed(line: number): Placed {
    return { line, seg: this.seg, offset: this.seg.length, address: this.here() };
  }

  private emit(cells: number, line: number): void {
    if (cells === 0) return;
    if (!this.seg.explicit && this.seg.length === 0) this.seg.line = line;
    this.lines.push({ place: this.seg.place + this.seg.length, address: this.here(), line, cells });
    this.seg.length += cells;
  }

  // Second pass ---------------------------------------------------------------------------------

  private encodeItem(item: Item): void {
    const env = this.symbols.env(item.address, 'second');
    match(item)
      .with({ kind: 'insn' }, (i) => this.encodeInsn(i, env))
      .with({ kind: 'word' }, (w) =>
        w.values.forEach((p, i) =>
          this.attempt(w.line, () => {
            // Wider than 52 bits, exactly in bigints (a JavaScript number would round).
            w.seg.cells[w.offset + i] = this.cellBits > 52 ? bigCellValue(p, evaluateBig(p.expr, env), this.cellBits) : cellValue(p, evaluate(p.expr, env), this.cellBits);
          }),
        ),
      )
      .with({ kind: 'data' }, (d) =>
        d.values.forEach((p, i) =>
          this.attempt(d.line, () => {
            const cells = dataCells(p, d.bits > 52 ? evaluateBig(p.expr, env) : evaluate(p.expr, env), d.bits, this.isa.state.storage);
            cells.forEach((c, k) => (d.seg.cells[d.offset + i * d.cells + k] = c));
          }),
        ),
      )
      .with({ kind: 'fixed' }, (f) => f.values.forEach((c, i) => (f.seg.cells[f.offset + i] = c)))
      .exhaustive();
  }

  private encodeInsn(item: Extract<Item, { kind: 'insn' }>, env: EvalEnv): void {
    const { insn } = item.template;
    const fields: Record<string, number> = {};
    const ok = insn.encoding.fields.map((f) =>
      this.attempt(item.line, () => {
        const op = item.operands.get(f.name)!;
        const v = this.fieldValue(f, op, item.address, env);
        if (f.excluded?.includes(v))
          throw new SourceProblem(op.kind === 'expr' ? op.parsed.column : op.column, `${insn.mnemonic} cannot encode {${f.name}} = ${v}: its field '${f.name}' excludes ${f.excluded.join(', ')} (such words are another instruction, or none)`);
        fields[f.name] = v;
      }),
    );
    if (!ok.every(Boolean)) return;
    toCellWords(encode(insn, fields), insn.encoding, this.isa.state.storage).forEach((c, i) => (item.seg.cells[item.offset + i] = c));
  }

  private fieldValue(field: FieldDecl, op: OperandValue, address: number, env: EvalEnv): number {
    if (op.kind === 'value') return op.value;
    const { expr, column } = op.parsed;
    const operand = field.operand;
    if (operand.kind === 'enum' && expr.kind === 'symbol' && !this.symbols.has(expr.name))
      throw new SourceProblem(column, `'${expr.name}' is not a name for {${field.name}} (${Object.keys(operand.names).join(', ')}) or a defined symbol`);
    return operandValue(field, op.parsed, evaluate(expr, env), address);
  }

  // Errors --------------------------------------------------------------------------------------

  private error(line: number, p: SourceProblem): AsmError {
    return new AsmError(this.file, line, p.column, p.reason);
  }

  /** Runs `fn`, recording a problem it throws against `line`; false when it threw. */
  private attempt(line: number, fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      if (e instanceof Reported) return false;
      if (!(e instanceof SourceProblem)) throw e;
      this.errors.push(this.error(line, e));
      return false;
    }
  }
}
