/**
 * Type-checks a block of semantics against the description: every name declared, every width
 * consistent, nothing assigned that is read-only, traps that exist, storage accessed in whole
 * cells with addresses of the address width.
 */
import { match } from 'ts-pattern';
import type { Block, Expr, Stmt } from '../ast.js';
import type { FieldDecl, IsaDescription } from '../description.js';
import { byName, indexBits } from './lookup.js';
import { widthEnv, widthOf } from '../widths.js';
import type { IsaIssue, PathSegment } from './issues.js';

export type SemanticsContext =
  | { where: 'instruction'; fields: readonly FieldDecl[] }
  | { where: 'trap-sequence' }
  /** An expression of the address map (`vaddr` bound) or an interrupt condition: state only. */
  | { where: 'address-map' | 'interrupt' };

/**
 * Checks one expression of the address map or an interrupt condition: it must be `width` bits,
 * read only state (and `vaddr` in the address map), and load nothing (the address map: only from
 * physical storage).
 */
export function checkStateExpr(isa: IsaDescription, e: Expr, where: 'address-map' | 'interrupt', path: PathSegment[], width: number): IsaIssue[] {
  const bound = new Map(where === 'address-map' ? [['vaddr', isa.state.storage.addressBits]] : []);
  const probe: Block = [{ kind: 'let', name: '$value', value: e }];
  const issues = checkBlock(isa, probe, { where }, [], bound).map((i) => ({ ...i, path: [...path, ...i.path.slice(2)] }));
  if (issues.length === 0) {
    const w = widthOf(e, widthEnv(isa, 'trap-sequence', bound));
    if (w !== width) issues.push({ path, message: `must be ${width} bit${width === 1 ? '' : 's'} wide, not ${w}` });
  }
  return issues;
}

export function checkBlock(isa: IsaDescription, block: Block, ctx: SemanticsContext, path: PathSegment[], bound: ReadonlyMap<string, number> = new Map()): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const report = (p: PathSegment[], message: string) => issues.push({ path: p, message });
  const regs = byName(isa.state.registers);
  const files = byName(isa.state.files);
  const traps = new Set(isa.traps.kinds.map((t) => t.name));
  const { cellBits, addressBits } = isa.state.storage;

  /**
   * Names bound by `let`, with their widths; a name bound to a broken value maps to undefined, so
   * that its uses are not reported again.
   */
  type Scope = Map<string, number | undefined>;

  /** Returns the width, or undefined when the expression is already reported as broken. */
  function expr(e: Expr, p: PathSegment[], scope: Scope): number | undefined {
    return match(e)
      .with({ kind: 'const' }, (x) => {
        if (BigInt(x.value) >> BigInt(x.width) !== 0n) {
          report([...p, 'value'], `constant ${x.value} does not fit in ${x.width} bits`);
          return undefined;
        }
        return x.width;
      })
      .with({ kind: 'reg' }, (x) => {
        const r = regs.get(x.name);
        if (!r) {
          report(p, files.has(x.name) ? `'${x.name}' is a register file: read an element with { kind: 'file', index }` : `read of undeclared register '${x.name}'`);
          return undefined;
        }
        return r.width;
      })
      .with({ kind: 'file' }, (x) => {
        const f = files.get(x.name);
        const iw = expr(x.index, [...p, 'index'], scope);
        if (!f) {
          report(p, `read of undeclared register file '${x.name}'`);
          return undefined;
        }
        const ib = indexBits(f);
        if (iw !== undefined && ib !== undefined && iw !== ib) report([...p, 'index'], `index of '${x.name}' must be ${ib} bits (it has ${f.count} elements), not ${iw}`);
        return f.width;
      })
      .with({ kind: 'field' }, (x) => {
        if (ctx.where !== 'instruction') {
          report(p, `the ${ctx.where === 'trap-sequence' ? 'trap sequence' : ctx.where === 'address-map' ? 'address map' : 'interrupt condition'} has no operand fields (read of field '${x.name}')`);
          return undefined;
        }
        const f = ctx.fields.find((g) => g.name === x.name);
        if (!f) {
          report(p, `read of field '${x.name}', which the encoding does not declare`);
          return undefined;
        }
        return f.width;
      })
      .with({ kind: 'var' }, (x) => {
        if (!scope.has(x.name)) report(p, `'${x.name}' is not bound by an earlier let`);
        return scope.get(x.name);
      })
      .with({ kind: 'trapInfo' }, (x) => {
        if (ctx.where !== 'trap-sequence') {
          report(p, `trapInfo('${x.which}') can only be read in the trap sequence`);
          return undefined;
        }
        return x.which === 'code' ? isa.traps.codeWidth : isa.traps.valueWidth;
      })
      .with({ kind: 'unary' }, (x) => expr(x.arg, [...p, 'arg'], scope))
      .with({ kind: 'binary' }, (x) => same(x.op, x.left, x.right, p, scope))
      .with({ kind: 'compare' }, (x) => (same(x.op, x.left, x.right, p, scope) === undefined ? undefined : 1))
      .with({ kind: 'extract' }, (x) => {
        const w = expr(x.arg, [...p, 'arg'], scope);
        if (w === undefined) return undefined;
        if (x.hi < x.lo) {
          report(p, `extract ${x.hi}..${x.lo} runs backwards (hi is the upper bit)`);
          return undefined;
        }
        if (x.hi >= w) {
          report(p, `extract ${x.hi}..${x.lo} is outside the ${w}-bit value`);
          return undefined;
        }
        return x.hi - x.lo + 1;
      })
      .with({ kind: 'concat' }, (x) => {
        const ws = x.parts.map((q, i) => expr(q, [...p, 'parts', i], scope));
        if (ws.some((w) => w === undefined)) return undefined;
        const total = (ws as number[]).reduce((s, w) => s + w, 0);
        if (total > 64) {
          report(p, `concat is ${total} bits wide; values are at most 64 bits`);
          return undefined;
        }
        return total;
      })
      .with({ kind: 'extend' }, (x) => {
        const w = expr(x.arg, [...p, 'arg'], scope);
        if (w !== undefined && w > x.width) report(p, `${x.signed ? 'sign' : 'zero'} extension from ${w} to ${x.width} bits narrows (use extract)`);
        return x.width;
      })
      .with({ kind: 'ite' }, (x) => {
        cond(x.cond, [...p, 'cond'], scope);
        return same('ite', x.then, x.else, p, scope, ['then', 'else']);
      })
      .with({ kind: 'load' }, (x) => {
        if (ctx.where === 'interrupt') report(p, 'the interrupt condition may not read storage');
        // A map walks its tables in physical storage; through itself it would never end.
        if (ctx.where === 'address-map' && x.space !== 'physical') report([...p, 'space'], "the address map reads storage only with space 'physical'");
        address(x.addr, [...p, 'addr'], scope);
        if (x.access === 'modify' && x.space === 'physical') report([...p, 'access'], "a read-modify-write's read goes through the address map: 'modify' needs space 'virtual'");
        if (x.width % cellBits !== 0) report([...p, 'width'], `loads are whole storage cells: ${x.width} is not a multiple of ${cellBits}`);
        return x.width;
      })
      .with({ kind: 'let' }, (x) => {
        const w = expr(x.value, [...p, 'value'], scope);
        // As for the statement: one name, one meaning, within its scope.
        if (scope.has(x.name)) report(p, `'${x.name}' is already bound`);
        return expr(x.body, [...p, 'body'], new Map(scope).set(x.name, w));
      })
      .exhaustive();
  }

  function same(op: string, a: Expr, b: Expr, p: PathSegment[], scope: Scope, keys: [string, string] = ['left', 'right']) {
    const wa = expr(a, [...p, keys[0]], scope);
    const wb = expr(b, [...p, keys[1]], scope);
    if (wa === undefined || wb === undefined) return undefined;
    if (wa !== wb) {
      report(p, `width mismatch in ${op}: ${keys[0]} is ${wa} bits, ${keys[1]} is ${wb}`);
      return undefined;
    }
    return wa;
  }

  function cond(e: Expr, p: PathSegment[], scope: Scope) {
    const w = expr(e, p, scope);
    if (w !== undefined && w !== 1) report(p, `a condition must be 1 bit wide, not ${w}`);
  }

  function address(e: Expr, p: PathSegment[], scope: Scope) {
    const w = expr(e, p, scope);
    if (w !== undefined && w !== addressBits) report(p, `an address must be ${addressBits} bits wide (the storage's address width), not ${w}`);
  }

  function stmts(b: Block, p: PathSegment[], outer: Scope) {
    const scope: Scope = new Map(outer);
    b.forEach((s, i) => stmt(s, [...p, i], scope));
  }

  function stmt(s: Stmt, p: PathSegment[], scope: Scope) {
    match(s)
      .with({ kind: 'assign' }, (x) => {
        const t = x.target;
        const target = t.kind === 'reg' ? regs.get(t.name) : files.get(t.name);
        const vw = expr(x.value, [...p, 'value'], scope);
        if (t.kind === 'file') {
          const iw = expr(t.index, [...p, 'target', 'index'], scope);
          const f = files.get(t.name);
          const ib = f && indexBits(f);
          if (iw !== undefined && ib !== undefined && iw !== ib) report([...p, 'target', 'index'], `index of '${t.name}' must be ${ib} bits, not ${iw}`);
        }
        if (!target) {
          report([...p, 'target'], `assignment to undeclared ${t.kind === 'reg' ? 'register' : 'register file'} '${t.name}'`);
          return;
        }
        if ('readOnly' in target && target.readOnly) report([...p, 'target'], `assignment to read-only register '${t.name}'`);
        if (vw !== undefined && vw !== target.width) report(p, `width mismatch in assignment to '${t.name}': it is ${target.width} bits, the value ${vw}`);
      })
      .with({ kind: 'store' }, (x) => {
        if (ctx.where === 'trap-sequence' && x.space === 'virtual') report(p, 'the trap sequence may not trap: store to physical storage, not through the address map');
        address(x.addr, [...p, 'addr'], scope);
        const w = expr(x.value, [...p, 'value'], scope);
        if (w !== undefined && w % cellBits !== 0) report([...p, 'value'], `stores are whole storage cells: ${w} bits is not a multiple of ${cellBits}`);
      })
      .with({ kind: 'let' }, (x) => {
        const w = expr(x.value, [...p, 'value'], scope);
        if (scope.has(x.name)) report(p, `'${x.name}' is already bound`);
        scope.set(x.name, w);
      })
      .with({ kind: 'if' }, (x) => {
        cond(x.cond, [...p, 'cond'], scope);
        stmts(x.then, [...p, 'then'], scope);
        stmts(x.else, [...p, 'else'], scope);
      })
      .with({ kind: 'trap' }, (x) => {
        if (ctx.where === 'trap-sequence') report(p, 'the trap sequence may not trap');
        if (!traps.has(x.trap)) report([...p, 'trap'], `unknown trap '${x.trap}' (declared: ${[...traps].join(', ')})`);
        if (x.value) {
          const w = expr(x.value, [...p, 'value'], scope);
          if (w !== undefined && w !== isa.traps.valueWidth) report([...p, 'value'], `a trap value is ${isa.traps.valueWidth} bits, not ${w}`);
        }
      })
      .with({ kind: 'halt' }, () => {
        if (ctx.where === 'trap-sequence') report(p, 'the trap sequence may not halt');
      })
      .exhaustive();
  }

  // Loads in the trap sequence go through expressions; a virtual one could trap.
  if (ctx.where === 'trap-sequence') {
    const visit = (v: unknown, p: PathSegment[]): void => {
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...p, i]));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.kind === 'load' && o.space === 'virtual') report(p, 'the trap sequence may not trap: load from physical storage, not through the address map');
        for (const [k, x] of Object.entries(o)) visit(x, [...p, k]);
      }
    };
    visit(block, path);
  }
  stmts(block, path, new Map(bound));
  return issues;
}
