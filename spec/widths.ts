/** Widths of expressions, derived from the description (for consumers of a validated ISA). */
import { match } from 'ts-pattern';
import type { Expr } from './ast.js';
import type { FieldDecl, IsaDescription } from './description.js';

/** Resolves the names an expression may mention to their widths. */
export interface WidthEnv {
  reg(name: string): number | undefined;
  file(name: string): { count: number; width: number } | undefined;
  field(name: string): number | undefined;
  var(name: string): number | undefined;
  trapInfo(which: 'code' | 'value'): number | undefined;
}

/** The width environment of an instruction (with its fields) or of the trap sequence (no fields). */
export function widthEnv(isa: IsaDescription, fields: readonly FieldDecl[] | 'trap-sequence', vars: ReadonlyMap<string, number> = new Map()): WidthEnv {
  return {
    reg: (name) => isa.state.registers.find((r) => r.name === name)?.width,
    file: (name) => isa.state.files.find((f) => f.name === name),
    field: (name) => (fields === 'trap-sequence' ? undefined : fields.find((f) => f.name === name)?.width),
    var: (name) => vars.get(name),
    trapInfo: (which) => (fields !== 'trap-sequence' ? undefined : which === 'code' ? isa.traps.codeWidth : isa.traps.valueWidth),
  };
}

/** The width of a well-formed expression; 0 where a name does not resolve. */
export function widthOf(e: Expr, env: WidthEnv): number {
  return match(e)
    .with({ kind: 'const' }, (x) => x.width)
    .with({ kind: 'reg' }, (x) => env.reg(x.name) ?? 0)
    .with({ kind: 'file' }, (x) => env.file(x.name)?.width ?? 0)
    .with({ kind: 'field' }, (x) => env.field(x.name) ?? 0)
    .with({ kind: 'var' }, (x) => env.var(x.name) ?? 0)
    .with({ kind: 'trapInfo' }, (x) => env.trapInfo(x.which) ?? 0)
    .with({ kind: 'unary' }, (x) => widthOf(x.arg, env))
    .with({ kind: 'binary' }, (x) => widthOf(x.left, env))
    .with({ kind: 'compare' }, () => 1)
    .with({ kind: 'extract' }, (x) => x.hi - x.lo + 1)
    .with({ kind: 'concat' }, (x) => x.parts.reduce((s, p) => s + widthOf(p, env), 0))
    .with({ kind: 'extend' }, (x) => x.width)
    .with({ kind: 'ite' }, (x) => widthOf(x.then, env))
    .with({ kind: 'load' }, (x) => x.width)
    .with({ kind: 'let' }, (x) => {
      const w = widthOf(x.value, env);
      return widthOf(x.body, { ...env, var: (name) => (name === x.name ? w : env.var(name)) });
    })
    .exhaustive();
}

/** log2 of a power of two. */
export function log2(n: number): number {
  return Math.round(Math.log2(n));
}
