/**
 * Rewriting a description's expressions and statements, for the lowerings in this folder: a
 * source-level construct (a register's fields, a register banked per mode) becomes core nodes
 * before any consumer sees the description, so every consumer handles it by handling the core.
 */
import { match } from 'ts-pattern';
import type { Block, Expr, Stmt } from '../ast.js';
import type { AddressMap, IsaDescription, MapUpdate } from '../description.js';

/** Rewrites of the nodes that name registers: a read, and an assignment to a register. */
export interface RegisterRewrite {
  /** The expression a read of register `name` becomes, or undefined to keep it. */
  read(name: string): Expr | undefined;
  /** The statement an assignment to register `name` becomes (its value already rewritten), or undefined to keep it. */
  assign(name: string, value: Expr): Stmt | undefined;
  /** The expression a read of element `index` (already rewritten) of file `name` becomes, or undefined to keep it. */
  readFile?(name: string, index: Expr): Expr | undefined;
  /** The statement an assignment to element `index` of file `name` becomes (index and value already rewritten), or undefined to keep it. */
  assignFile?(name: string, index: Expr, value: Expr): Stmt | undefined;
}

export function rewriteExpr(e: Expr, r: RegisterRewrite): Expr {
  const x = (y: Expr) => rewriteExpr(y, r);
  return match(e)
    .with({ kind: 'reg' }, (n) => r.read(n.name) ?? n)
    .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, (n): Expr => n)
    .with({ kind: 'file' }, (n): Expr => {
      const index = x(n.index);
      return r.readFile?.(n.name, index) ?? { ...n, index };
    })
    .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (n): Expr => ({ ...n, arg: x(n.arg) }))
    .with({ kind: 'binary' }, { kind: 'compare' }, (n): Expr => ({ ...n, left: x(n.left), right: x(n.right) }))
    .with({ kind: 'concat' }, (n): Expr => ({ ...n, parts: n.parts.map(x) }))
    .with({ kind: 'ite' }, (n): Expr => ({ ...n, cond: x(n.cond), then: x(n.then), else: x(n.else) }))
    .with({ kind: 'let' }, (n): Expr => ({ ...n, value: x(n.value), body: x(n.body) }))
    .with({ kind: 'load' }, (n): Expr => ({ ...n, addr: x(n.addr) }))
    .exhaustive();
}

/** The block rewritten statement by statement (one statement stays one, so paths into it keep their meaning). */
export function rewriteBlock(b: Block, r: RegisterRewrite): Block {
  return b.map((s) => rewriteStmt(s, r));
}

function rewriteStmt(s: Stmt, r: RegisterRewrite): Stmt {
  const x = (e: Expr) => rewriteExpr(e, r);
  return match(s)
    .with({ kind: 'assign' }, (n): Stmt => {
      const value = x(n.value);
      if (n.target.kind === 'reg') return r.assign(n.target.name, value) ?? { ...n, value };
      const index = x(n.target.index);
      return r.assignFile?.(n.target.name, index, value) ?? { ...n, target: { ...n.target, index }, value };
    })
    .with({ kind: 'store' }, (n): Stmt => ({ ...n, addr: x(n.addr), value: x(n.value) }))
    .with({ kind: 'let' }, (n): Stmt => ({ ...n, value: x(n.value) }))
    .with({ kind: 'if' }, (n): Stmt => ({ ...n, cond: x(n.cond), then: rewriteBlock(n.then, r), else: rewriteBlock(n.else, r) }))
    .with({ kind: 'trap' }, (n): Stmt => (n.value ? { ...n, value: x(n.value) } : n))
    .with({ kind: 'halt' }, (n): Stmt => n)
    .exhaustive();
}

/** The address map with every expression rewritten by `x` (its fault rules, physical addresses and walk stores). */
export function rewriteMap(map: AddressMap, x: (e: Expr) => Expr): AddressMap {
  return match(map)
    .with({ kind: 'relocation-bounds' }, (m): AddressMap => m)
    .with({ kind: 'described' }, (m): AddressMap => {
      const rule = (a: typeof m.read) => (Array.isArray(a) ? a.map((q) => ({ ...q, fault: x(q.fault) })) : { ...a, fault: x(a.fault) });
      const p = m.physical;
      const physical = 'kind' in p ? x(p as Expr) : { fetch: x(p.fetch), read: x(p.read), write: x(p.write) };
      const store = (us: MapUpdate[]) => us.map((u) => ({ ...u, when: x(u.when), cell: x(u.cell), value: x(u.value) }));
      const u = m.updates;
      const updates = u === undefined ? undefined : Array.isArray(u) ? store(u) : { fetch: store(u.fetch), read: store(u.read), write: store(u.write) };
      return { ...m, fetch: rule(m.fetch), read: rule(m.read), write: rule(m.write), physical, ...(updates ? { updates } : {}) };
    })
    .exhaustive();
}

/** Every expression and block of a description rewritten: semantics, the trap sequence, interrupts, the address map. */
export function rewriteDescription(isa: IsaDescription, r: RegisterRewrite): IsaDescription {
  const x = (e: Expr) => rewriteExpr(e, r);
  const map = rewriteMap(isa.state.addressMap, x);
  return {
    ...isa,
    state: { ...isa.state, addressMap: map },
    traps: {
      ...isa.traps,
      sequence: rewriteBlock(isa.traps.sequence, r),
      ...(isa.traps.interrupts ? { interrupts: isa.traps.interrupts.map((i) => ({ ...i, when: x(i.when) })) } : {}),
    },
    instructions: isa.instructions.map((i) => ({ ...i, semantics: rewriteBlock(i.semantics, r) })),
  };
}
