/**
 * Syntactic facts about a block of semantics that the compiler needs before it generates code:
 * which register files are written at an index known only at run time, whether it can halt, and
 * which registers it assigns.
 */
import { match } from 'ts-pattern';
import type { Block, Expr } from '../spec/ast.js';

export interface Facts {
  /** Files assigned at an index that is not a compile-time constant (fields are constants). */
  dynamicWrites: Set<string>;
  /** Any file accessed at such an index: the instruction then runs alone, not inside a block. */
  dynamicAccess: boolean;
  mayHalt: boolean;
  /** Scalar registers the block may assign (a monitor ends its blocks after one that writes what its policy reads). */
  registersAssigned: Set<string>;
}

const cache = new WeakMap<Block, Facts>();

export function factsOf(block: Block): Facts {
  let f = cache.get(block);
  if (!f) {
    f = analyse(block);
    cache.set(block, f);
  }
  return f;
}

function analyse(block: Block): Facts {
  const facts: Facts = { dynamicWrites: new Set(), dynamicAccess: false, mayHalt: false, registersAssigned: new Set() };
  // Names bound to values not known at compile time (conservatively, over every binding of a name).
  const dynamicVars = new Set<string>();

  const isStatic = (e: Expr): boolean =>
    match(e)
      .with({ kind: 'const' }, { kind: 'field' }, () => true)
      .with({ kind: 'var' }, (x) => !dynamicVars.has(x.name))
      .with({ kind: 'reg' }, { kind: 'file' }, { kind: 'trapInfo' }, { kind: 'load' }, () => false)
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => isStatic(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => isStatic(x.left) && isStatic(x.right))
      .with({ kind: 'concat' }, (x) => x.parts.every(isStatic))
      .with({ kind: 'ite' }, (x) => isStatic(x.cond) && isStatic(x.then) && isStatic(x.else))
      .with({ kind: 'let' }, (x) => {
        if (!isStatic(x.value)) dynamicVars.add(x.name);
        return isStatic(x.body);
      })
      .exhaustive();

  /** Notes dynamic file reads anywhere inside `e`. */
  const visit = (e: Expr): void =>
    match(e)
      .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'reg' }, { kind: 'trapInfo' }, () => {})
      .with({ kind: 'file' }, (x) => {
        if (!isStatic(x.index)) facts.dynamicAccess = true;
        visit(x.index);
      })
      .with({ kind: 'load' }, (x) => visit(x.addr))
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => visit(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => {
        visit(x.left);
        visit(x.right);
      })
      .with({ kind: 'concat' }, (x) => x.parts.forEach(visit))
      .with({ kind: 'ite' }, (x) => {
        visit(x.cond);
        visit(x.then);
        visit(x.else);
      })
      .with({ kind: 'let' }, (x) => {
        if (!isStatic(x.value)) dynamicVars.add(x.name);
        visit(x.value);
        visit(x.body);
      })
      .exhaustive();

  const walk = (b: Block): void => {
    for (const s of b)
      match(s)
        .with({ kind: 'assign' }, (x) => {
          if (x.target.kind === 'reg') facts.registersAssigned.add(x.target.name);
          if (x.target.kind === 'file') {
            visit(x.target.index);
            if (!isStatic(x.target.index)) {
              facts.dynamicAccess = true;
              facts.dynamicWrites.add(x.target.name);
            }
          }
          visit(x.value);
        })
        .with({ kind: 'store' }, (x) => {
          visit(x.addr);
          visit(x.value);
        })
        .with({ kind: 'let' }, (x) => {
          visit(x.value);
          if (!isStatic(x.value)) dynamicVars.add(x.name);
        })
        .with({ kind: 'if' }, (x) => {
          visit(x.cond);
          walk(x.then);
          walk(x.else);
        })
        .with({ kind: 'trap' }, (x) => {
          if (x.value) visit(x.value);
        })
        .with({ kind: 'halt' }, () => {
          facts.mayHalt = true;
        })
        .exhaustive();
  };
  walk(block);
  return facts;
}
