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
import { mapRegisters as mapRegistersOf, translate } from '../spec/address-map.js';
import { widthEnv, widthOf } from '../spec/widths.js';
import * as bv from '../machine/bv.js';

const k = (width: number, v: bigint): Expr => ({ kind: 'const', width, value: '0x' + v.toString(16) });
const constOf = (e: Expr) => (e.kind === 'const' ? BigInt(e.value) : undefined);

/** `e` with register `name` fixed at `value`, constants folded (and/or with 0 or all ones short-circuited). */
export function foldWith(isa: IsaDescription, e: Expr, name: string, value: bigint): Expr {
  return foldRegisters(isa, e, new Map([[name, value]]));
}

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
        return a !== undefined && b !== undefined ? k(1, bv.compare(x.op, widthOf(x.left, env), a, b)) : { ...x, left: l, right: r };
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

/**
 * Whether a guest at virtual level `level` runs directly in the state whose map registers
 * `read` gives: the map, with those registers fixed at their values, the same expression at
 * that level as at the user level (RISC-V's S-mode while satp is Bare, say). Answers are kept
 * per level and values, a bounded number of them.
 */
export function directIn(isa: IsaDescription, userValue: number, level: number, read: (register: string) => bigint): boolean {
  if (level === userValue) return true;
  const mode = isa.state.mode.register;
  const registers = [...mapRegistersOf(isa)].filter((r) => r !== mode);
  const values = registers.map(read);
  let byValues = directCache.get(isa);
  if (!byValues) directCache.set(isa, (byValues = new Map()));
  const key = `${level}:${values.join(',')}`;
  let answer = byValues.get(key);
  if (answer === undefined) {
    const fixed = new Map(registers.map((r, i) => [r, values[i]!]));
    const shape = (at: number) =>
      JSON.stringify(
        accesses.map((access) => {
          const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
          const all = new Map(fixed).set(mode, BigInt(at));
          return [t.faults.map((f) => [f.trap, foldRegisters(isa, f.when, all)]), foldRegisters(isa, t.physical, all)];
        }),
      );
    answer = shape(level) === shape(userValue);
    if (byValues.size >= 256) byValues.clear();
    byValues.set(key, answer);
  }
  return answer;
}

const directCache = new WeakMap<IsaDescription, Map<string, boolean>>();
