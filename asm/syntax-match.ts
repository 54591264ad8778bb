/**
 * Syntax templates (`ld {ra}, {off}({rb})`) compiled once per ISA, and the matching of a line's
 * operands against them. The first word of a template is the assembly mnemonic; the rest is
 * punctuation, literal words and `{field}` operands. Several instructions may share a mnemonic
 * when their templates differ in a literal word or punctuation (`csrrw {rd}, mstatus, {rs1}` and
 * `csrrw {rd}, mscratch, {rs1}`), which validation checks: a line is matched against each of
 * them in turn.
 */
import type { FieldDecl, InstructionDecl, IsaDescription, RegisterFileDecl } from '../spec/description.js';
import { Expected, SourceProblem } from './errors.js';
import { expressionPrefixes, parseExpression, type ParsedExpr } from './expression.js';
import { lexLine, type Cursor, type Token } from './lexer.js';
import { registerNames } from '../spec/validate/check-encoding.js';

export type TemplatePart = { kind: 'literal'; text: string } | { kind: 'field'; field: FieldDecl };

export interface Template {
  insn: InstructionDecl;
  /** The assembly mnemonic, as the template spells it. */
  head: string;
  parts: TemplatePart[];
}

const compiled = new WeakMap<IsaDescription, Map<string, Template[]>>();

/**
 * Templates by lower-case assembly mnemonic, each mnemonic's in the order of the instructions
 * (compiled once per ISA object).
 */
export function compileTemplates(isa: IsaDescription): Map<string, Template[]> {
  const known = compiled.get(isa);
  if (known) return known;
  const out = new Map<string, Template[]>();
  for (const insn of isa.instructions) {
    const syntax = insn.syntax.trim();
    const head = syntax.split(/\s+/)[0]!;
    const parts: TemplatePart[] = [];
    // Alternate literal text and placeholders; literals are tokenized like source (no comments).
    syntax.slice(head.length).split(/\{([^}]*)\}/).forEach((piece, i) => {
      if (i % 2 === 1) {
        const field = insn.encoding.fields.find((f) => f.name === piece);
        if (field) parts.push({ kind: 'field', field });
      } else for (const t of lexLine(piece, '')) parts.push({ kind: 'literal', text: t.text });
    });
    const key = head.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), { insn, head, parts }]);
  }
  compiled.set(isa, out);
  return out;
}

/** Syntax characters used by some template, which therefore cannot start a comment. */
export function templateCharacters(isa: IsaDescription): Set<string> {
  return new Set(isa.instructions.flatMap((i) => [...i.syntax.replace(/\{[^}]*\}/g, '')]));
}

/** An operand as read in the first pass: a known field value, or an expression for later. */
export type OperandValue = { kind: 'value'; value: number; column: number } | { kind: 'expr'; parsed: ParsedExpr };

/** The template a line's operands matched, or the one that came nearest and why it failed. */
export type TemplateMatch = { template: Template; operands: Map<string, OperandValue> } | { template: Template; problem: SourceProblem };

/**
 * Matches the operands after the mnemonic against each of the mnemonic's templates in turn: the
 * first that matches wins. When none does, the problem is that of the template that read
 * furthest along the line; where several failed at that same token, each wanting something
 * there, the problem lists all they wanted.
 */
export function matchTemplates(isa: IsaDescription, templates: readonly Template[], cur: Cursor): TemplateMatch {
  const start = cur.pos;
  const failures: { template: Template; problem: SourceProblem }[] = [];
  for (const template of templates) {
    cur.pos = start;
    try {
      return { template, operands: matchOperands(isa, template, cur) };
    } catch (e) {
      if (!(e instanceof SourceProblem)) throw e;
      failures.push({ template, problem: e });
    }
  }
  const column = Math.max(...failures.map((f) => f.problem.column));
  const tied = failures.filter((f) => f.problem.column === column);
  const first = tied[0]!;
  if (tied.length === 1 || !tied.every((f) => f.problem instanceof Expected)) return first;
  const wanted = [...new Set(tied.map((f) => (f.problem as Expected).what))];
  const what = wanted.length === 1 ? wanted[0]! : `${wanted.slice(0, -1).join(', ')} or ${wanted[wanted.length - 1]}`;
  const syntaxes = tied.map((f) => f.template.insn.syntax.trim()).join('; ');
  return { template: first.template, problem: new Expected(column, what, (first.problem as Expected).where, ` (syntax: ${syntaxes})`) };
}

/**
 * Reads the operands after the mnemonic according to the template; throws a `SourceProblem` at
 * the first token that does not fit.
 */
export function matchOperands(isa: IsaDescription, template: Template, cur: Cursor): Map<string, OperandValue> {
  const hint = ` (syntax: ${template.insn.syntax})`;
  const operands = new Map<string, OperandValue>();
  template.parts.forEach((part, k) => {
    if (part.kind === 'literal') {
      const t = cur.peek();
      if (!t || t.text.toLowerCase() !== part.text.toLowerCase()) throw cur.expected(`'${part.text}'`, hint);
      cur.next();
      return;
    }
    const next = template.parts[k + 1];
    const stop = next?.kind === 'literal' ? next.text : undefined;
    operands.set(part.field.name, readOperand(isa, part.field, cur, stop, hint));
  });
  if (!cur.atEnd()) {
    const prev = cur.tokens[cur.pos - 1]!;
    throw new SourceProblem(cur.column(), `unexpected '${cur.peek()!.text}' after '${prev.text}'${hint}`);
  }
  return operands;
}

function readOperand(isa: IsaDescription, field: FieldDecl, cur: Cursor, stop: string | undefined, hint: string): OperandValue {
  const op = field.operand;
  const t = cur.peek();
  switch (op.kind) {
    case 'register': {
      const file = isa.state.files.find((f) => f.name === op.file)!;
      if (!t || t.kind === 'punct') throw cur.expected(`a register for {${field.name}}`, hint);
      const index = registerIndex(file, t);
      if (index === undefined) throw cur.expected(`a register for {${field.name}}`, hint);
      const column = cur.column();
      cur.next();
      return { kind: 'value', value: index, column };
    }
    case 'enum': {
      const name = t?.kind === 'ident' ? enumValue(op.names, t.text) : undefined;
      if (name !== undefined) {
        const column = cur.column();
        cur.next();
        return { kind: 'value', value: name, column };
      }
      return numeric(isa, cur, stop, `one of ${Object.keys(op.names).join(', ')} for {${field.name}}`, hint);
    }
    case 'immediate':
      return numeric(isa, cur, stop, `a number for {${field.name}}`, hint);
    case 'target':
      return numeric(isa, cur, stop, `a label or address for {${field.name}}`, hint);
  }
}

function numeric(isa: IsaDescription, cur: Cursor, stop: string | undefined, what: string, hint: string): OperandValue {
  const t = cur.peek();
  const canStart = t !== undefined && (t.kind !== 'punct' || expressionPrefixes.includes(t.text)) && !(t.kind === 'ident' && registerWords(isa).has(t.text.toLowerCase()));
  if (!canStart) throw cur.expected(what, hint);
  return { kind: 'expr', parsed: parseExpression(cur, stop) };
}

const words = new WeakMap<IsaDescription, Map<string, string>>();

/**
 * Every name the assembler reads as a register, in lower case, with its file's name: reserved,
 * so that no label or symbol takes one, and an expression operand never begins with one — a
 * register operand and an expression at the same place are then told apart (x86's `[ebx]` and
 * `[0x40]`; spec/validate's syntax-clash rule relies on it).
 */
export function registerWords(isa: IsaDescription): ReadonlyMap<string, string> {
  let w = words.get(isa);
  if (!w) {
    w = new Map();
    for (const [file, names] of registerNames(isa)) for (const n of names) if (!w.has(n)) w.set(n, `register file '${file}'`);
    words.set(isa, w);
  }
  return w;
}

/** The register's index, `undefined` when the token is no register of the file; throws when out of range. */
export function registerIndex(file: RegisterFileDecl, t: Token): number | undefined {
  const text = t.text.toLowerCase();
  for (const [alias, index] of Object.entries(file.aliases ?? {})) if (alias.toLowerCase() === text) return index;
  const prefix = file.prefix ?? file.name;
  if (!text.startsWith(prefix.toLowerCase())) return undefined;
  const digits = text.slice(prefix.length);
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const index = Number(digits);
  if (index >= file.count)
    throw new SourceProblem(t.column, `register '${t.text}' does not exist (${prefix}0..${prefix}${file.count - 1})`);
  return index;
}

/** An enum name's value: exact spelling first, then ignoring case. */
function enumValue(names: Record<string, number>, text: string): number | undefined {
  if (Object.hasOwn(names, text)) return names[text];
  const key = Object.keys(names).find((n) => n.toLowerCase() === text.toLowerCase());
  return key === undefined ? undefined : names[key];
}
