/**
 * Which virtual levels a guest can run in directly on the host's user level. With a described
 * map (RISC-V's PMP) the host's map registers are the guest's own (virtual = real) and only the
 * mode differs, so a virtual level runs directly exactly when the map, with the mode fixed at
 * that level, is the same expression as with the mode fixed at the host's user level: RISC-V's S
 * (PMP treats S and U alike), not M. The other levels are interpreted. Decided once per ISA by
 * folding the map's expressions, never by a level's name.
 */
import type { Expr } from '../spec/ast.js';
import { accesses, type IsaDescription } from '../spec/description.js';
import { translate } from '../spec/address-map.js';
import { widthEnv, widthOf } from '../spec/widths.js';
import * as bv from '../machine/bv.js';

const k = (width: number, v: bigint): Expr => ({ kind: 'const', width, value: '0x' + v.toString(16) });
const constOf = (e: Expr) => (e.kind === 'const' ? BigInt(e.value) : undefined);

/** `e` with register `name` fixed at `value`, constants folded (and/or with 0 or all ones short-circuited). */
export function foldWith(isa: IsaDescription, e: Expr, name: string, value: bigint): Expr {
  const top = widthEnv(isa, [], new Map([['$a', isa.state.storage.addressBits]]));
  const go = (x: Expr, env = top): Expr => {
    switch (x.kind) {
      case 'reg':
        return x.name === name ? k(widthOf(x, env), value) : x;
      case 'const':
      case 'var':
      case 'field':
      case 'trapInfo':
        return x;
      case 'file':
        return { ...x, index: go(x.index, env) };
      case 'load':
        return { ...x, addr: go(x.addr, env) };
      case 'let': {
        const w = widthOf(x.value, env);
        return { ...x, value: go(x.value, env), body: go(x.body, { ...env, var: (n) => (n === x.name ? w : env.var(n)) }) };
      }
      case 'unary': {
        const a = go(x.arg, env);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(widthOf(x, env), bv.unary(x.op, widthOf(x.arg, env), c));
      }
      case 'extract': {
        const a = go(x.arg, env);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(x.hi - x.lo + 1, bv.extract(c, x.hi, x.lo));
      }
      case 'extend': {
        const a = go(x.arg, env);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(x.width, bv.extend(c, widthOf(x.arg, env), x.width, x.signed));
      }
      case 'concat': {
        const parts = x.parts.map((p) => go(p, env));
        const cs = parts.map(constOf);
        if (cs.some((c) => c === undefined)) return { ...x, parts };
        return k(widthOf(x, env), bv.concat(parts.map((p, i) => [cs[i]!, widthOf(p, env)] as const)));
      }
      case 'compare': {
        const l = go(x.left, env);
        const r = go(x.right, env);
        const [a, b] = [constOf(l), constOf(r)];
        return a !== undefined && b !== undefined ? k(1, bv.compare(x.op, widthOf(x.left, env), a, b)) : { ...x, left: l, right: r };
      }
      case 'binary': {
        const l = go(x.left, env);
        const r = go(x.right, env);
        const w = widthOf(x.left, env);
        const [a, b] = [constOf(l), constOf(r)];
        if (a !== undefined && b !== undefined) return k(w, bv.binary(x.op, w, a, b));
        const ones = (1n << BigInt(w)) - 1n;
        if (x.op === 'and') {
          if (a === 0n || b === 0n) return k(w, 0n);
          if (a === ones) return r;
          if (b === ones) return l;
        }
        if (x.op === 'or') {
          if (a === ones || b === ones) return k(w, ones);
          if (a === 0n) return r;
          if (b === 0n) return l;
        }
        return { ...x, left: l, right: r };
      }
      case 'ite': {
        const c = go(x.cond, env);
        const cv = constOf(c);
        if (cv !== undefined) return go(cv === 1n ? x.then : x.else, env);
        return { ...x, cond: c, then: go(x.then, env), else: go(x.else, env) };
      }
    }
  };
  return go(e);
}

/**
 * The mode values a guest may run in directly: every level for a relocation-bounds map (it
 * reads no mode), and for a described map the levels the map cannot tell from the user level.
 */
export function directLevels(isa: IsaDescription, userValue: number): Set<number> {
  const levels = isa.state.mode.levels.map((l) => l.value);
  if (isa.state.addressMap.kind !== 'described') return new Set(levels);
  const mode = isa.state.mode.register;
  const shape = (level: number) =>
    JSON.stringify(
      accesses.map((access) => {
        const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
        return [foldWith(isa, t.fault, mode, BigInt(level)), foldWith(isa, t.physical, mode, BigInt(level))];
      }),
    );
  const user = shape(userValue);
  return new Set(levels.filter((l) => l === userValue || shape(l) === user));
}
