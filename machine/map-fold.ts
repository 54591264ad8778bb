/**
 * Constant folding of address-map expressions with some registers fixed: what decides whether two
 * states (two modes, say) translate every address alike, without enumerating addresses. The
 * monitor asks it which levels run directly (vmm/map-levels.ts); the checker, whether an example
 * pair sees the same storage (proofs/definitions/examples.ts).
 */
import type { Expr } from '../spec/ast.js';
import { accesses, updatesOf, type IsaDescription } from '../spec/description.js';
import { substitute, translate } from '../spec/address-map.js';
import { widthEnv, widthOf } from '../spec/widths.js';
import * as bv from './bv.js';

const k = (width: number, v: bigint): Expr => ({ kind: 'const', width, value: '0x' + v.toString(16) });
const constOf = (e: Expr) => (e.kind === 'const' ? BigInt(e.value) : undefined);

/**
 * `e` with the registers in `values` fixed, constants folded (and/or with 0 or all ones
 * short-circuited), and a `let` of a constant value replaced by its body with the value in place.
 */
export function foldRegisters(isa: IsaDescription, e: Expr, values: ReadonlyMap<string, bigint>): Expr {
  const top = widthEnv(isa, [], new Map([['$a', isa.state.storage.addressBits]]));
  const go = (x: Expr, env = top, consts: ReadonlyMap<string, Expr> = new Map()): Expr => {
    switch (x.kind) {
      case 'reg': {
        const v = values.get(x.name);
        return v === undefined ? x : k(widthOf(x, env), v);
      }
      case 'var':
        return consts.get(x.name) ?? x;
      case 'const':
      case 'field':
      case 'trapInfo':
        return x;
      case 'file':
        return { ...x, index: go(x.index, env, consts) };
      case 'load':
        return { ...x, addr: go(x.addr, env, consts) };
      case 'let': {
        const w = widthOf(x.value, env);
        const value = go(x.value, env, consts);
        const inner = { ...env, var: (n: string) => (n === x.name ? w : env.var(n)) };
        if (value.kind === 'const') return go(x.body, inner, new Map(consts).set(x.name, value));
        const hidden = new Map(consts);
        hidden.delete(x.name);
        return { ...x, value, body: go(x.body, inner, hidden) };
      }
      case 'unary': {
        const a = go(x.arg, env, consts);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(widthOf(x, env), bv.unary(x.op, widthOf(x.arg, env), c));
      }
      case 'extract': {
        const a = go(x.arg, env, consts);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(x.hi - x.lo + 1, bv.extract(c, x.hi, x.lo));
      }
      case 'extend': {
        const a = go(x.arg, env, consts);
        const c = constOf(a);
        return c === undefined ? { ...x, arg: a } : k(x.width, bv.extend(c, widthOf(x.arg, env), x.width, x.signed));
      }
      case 'concat': {
        const parts = x.parts.map((p) => go(p, env, consts));
        const cs = parts.map(constOf);
        if (cs.some((c) => c === undefined)) return { ...x, parts };
        return k(widthOf(x, env), bv.concat(parts.map((p, i) => [cs[i]!, widthOf(p, env)] as const)));
      }
      case 'compare': {
        const l = go(x.left, env, consts);
        const r = go(x.right, env, consts);
        const [a, b] = [constOf(l), constOf(r)];
        if (a !== undefined && b !== undefined) return k(1, bv.compare(x.op, widthOf(x.left, env), a, b));
        // An unsigned bound at the end of the range decides the comparison whatever the other side.
        const top = (1n << BigInt(widthOf(x.left, env))) - 1n;
        if ((x.op === 'ule' && b === top) || (x.op === 'uge' && (a === top || b === 0n)) || (x.op === 'ule' && a === 0n)) return k(1, 1n);
        if ((x.op === 'ugt' && b === top) || (x.op === 'ult' && (a === top || b === 0n)) || (x.op === 'ugt' && a === 0n)) return k(1, 0n);
        return { ...x, left: l, right: r };
      }
      case 'binary': {
        const l = go(x.left, env, consts);
        const r = go(x.right, env, consts);
        const w = widthOf(x.left, env);
        const [a, b] = [constOf(l), constOf(r)];
        if (a !== undefined && b !== undefined) return k(w, bv.binary(x.op, w, a, b));
        const ones = (1n << BigInt(w)) - 1n;
        if (x.op === 'and') {
          if (a === 0n || b === 0n) return k(w, 0n);
          if (a === ones) return r;
          if (b === ones) return l;
        }
        if ((x.op === 'add' || x.op === 'sub' || x.op === 'xor') && b === 0n) return l;
        if ((x.op === 'add' || x.op === 'xor') && a === 0n) return r;
        if (x.op === 'or') {
          if (a === ones || b === ones) return k(w, ones);
          if (a === 0n) return r;
          if (b === 0n) return l;
        }
        return { ...x, left: l, right: r };
      }
      case 'ite': {
        const c = go(x.cond, env, consts);
        const cv = constOf(c);
        if (cv !== undefined) return go(cv === 1n ? x.then : x.else, env, consts);
        return { ...x, cond: c, then: go(x.then, env, consts), else: go(x.else, env, consts) };
      }
    }
  };
  return go(e);
}

/**
 * The address map, every access kind's fault rules, physical address and walk stores (`updates`),
 * folded with the registers in `values` fixed: two register assignments with the same shape
 * translate every address alike, and store alike, whatever storage holds (a walk's table reads
 * stay as they are). The stores count: a level whose walk marks no entry run directly where the
 * real level's marks them would leave storage otherwise than the bare machine.
 */
export function mapShape(isa: IsaDescription, values: ReadonlyMap<string, bigint>): string {
  const m = isa.state.addressMap;
  return JSON.stringify(
    accesses.map((access) => {
      const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
      const fold = (e: Expr) => foldRegisters(isa, e, values);
      const stores = m.kind === 'described' ? updatesOf(m, access).map((u) => [u.when, u.cell, u.value].map((e) => fold(substitute(e, 'vaddr', { kind: 'var', name: '$a' })))) : [];
      return [t.faults.map((f) => [f.trap, fold(f.when)]), fold(t.physical), ...(stores.length > 0 ? [stores] : [])];
    }),
  );
}
