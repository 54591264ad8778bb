/**
 * Partial evaluation of a privilege guard (issue 10): semantics that begin — after `let`s, which
 * have no effect — with `if C then trap …`, where C reads nothing but the mode register and
 * constants, trap before any effect in every level where C holds. From such a level no run
 * completes: every run traps, or is excluded (a fetch fault, a faulting load in a `let`). So in a
 * user level where C holds the instruction changes no state (not user-control-sensitive), and
 * two runs from one such level both trap or one is excluded (not user-system-sensitive); and the
 * real run of the exact per-step condition, in a user level, never completes (safe): answers
 * the solver need not be asked (checked against the enumerating oracle, whose random ISAs put
 * mode guards first, test/oracle/).
 */
import type { Block, Expr } from '../spec/ast.js';
import type { IsaDescription } from '../spec/description.js';
import { mapWritesStorage } from '../spec/address-map.js';
import { mappedViews } from '../spec/mapped-registers.js';

interface Value {
  v: bigint;
  w: number;
}

const mask = (w: number) => (1n << BigInt(w)) - 1n;

/** The value of `e` with the mode register at `mode`, or undefined when it reads anything else (or an operator not needed here). */
function evaluate(e: Expr, modeReg: string, modeWidth: number, mode: number): Value | undefined {
  const ev = (x: Expr) => evaluate(x, modeReg, modeWidth, mode);
  switch (e.kind) {
    case 'const':
      return { v: BigInt(e.value) & mask(e.width), w: e.width };
    case 'reg':
      return e.name === modeReg ? { v: BigInt(mode), w: modeWidth } : undefined;
    case 'unary': {
      const a = ev(e.arg);
      if (!a) return undefined;
      return { v: (e.op === 'not' ? ~a.v : -a.v) & mask(a.w), w: a.w };
    }
    case 'binary': {
      const a = ev(e.left);
      const b = ev(e.right);
      if (!a || !b) return undefined;
      const m = mask(a.w);
      switch (e.op) {
        case 'and':
          return { v: a.v & b.v, w: a.w };
        case 'or':
          return { v: a.v | b.v, w: a.w };
        case 'xor':
          return { v: a.v ^ b.v, w: a.w };
        case 'add':
          return { v: (a.v + b.v) & m, w: a.w };
        case 'sub':
          return { v: (a.v - b.v) & m, w: a.w };
        default:
          return undefined;
      }
    }
    case 'compare': {
      const a = ev(e.left);
      const b = ev(e.right);
      if (!a || !b) return undefined;
      const r = { eq: a.v === b.v, ne: a.v !== b.v, ult: a.v < b.v, ule: a.v <= b.v, ugt: a.v > b.v, uge: a.v >= b.v }[e.op as 'eq'];
      return r === undefined ? undefined : { v: r ? 1n : 0n, w: 1 };
    }
    case 'extract': {
      const a = ev(e.arg);
      return a && { v: (a.v >> BigInt(e.lo)) & mask(e.hi - e.lo + 1), w: e.hi - e.lo + 1 };
    }
    case 'extend': {
      const a = ev(e.arg);
      if (!a || e.signed) return undefined;
      return { v: a.v, w: e.width };
    }
    case 'ite': {
      const c = ev(e.cond);
      if (!c) return undefined;
      return c.v === 1n ? ev(e.then) : ev(e.else);
    }
    default:
      return undefined;
  }
}

/**
 * The mode levels (by value) in which the semantics trap before any effect, by a first guard on
 * the mode alone (see the header); empty when there is no such guard.
 */
export function guardedLevels(isa: IsaDescription, semantics: Block): number[] {
  // A walk store may write the mode through its mapped cell before the guard reads it (the fetch's
  // come first in the step, a load in a `let` makes its own): the guard then decides nothing.
  if (walkMayWriteMode(isa)) return [];
  const first = semantics.find((s) => s.kind !== 'let');
  if (!first || first.kind !== 'if' || first.then[0]?.kind !== 'trap') return [];
  const modeReg = isa.state.mode.register;
  const width = isa.state.registers.find((r) => r.name === modeReg)?.width;
  if (width === undefined) return [];
  return isa.state.mode.levels.filter((l) => evaluate(first.cond, modeReg, width, l.value)?.v === 1n).map((l) => l.value);
}

/** Whether the map's walk stores (`updates`) may reach the mode register, mapped into storage whole or as a field of a mapped register. */
function walkMayWriteMode(isa: IsaDescription): boolean {
  if (!mapWritesStorage(isa)) return false;
  const mode = isa.state.mode.register;
  const owner = isa.state.registers.find((r) => r.name === mode)?.fieldOf?.register;
  return mappedViews(isa).some((v) => v.register === mode || v.register === owner);
}

/** Whether every user level traps before any effect (see the header). */
export function trapsInEveryUserLevel(isa: IsaDescription, semantics: Block): boolean {
  const guarded = new Set(guardedLevels(isa, semantics));
  const users = isa.state.mode.levels.filter((l) => !l.supervisor);
  return users.length > 0 && users.every((l) => guarded.has(l.value));
}

function mentions(x: unknown, kinds: ReadonlySet<string>): boolean {
  if (Array.isArray(x)) return x.some((e) => mentions(e, kinds));
  if (x === null || typeof x !== 'object') return false;
  const k = (x as { kind?: unknown }).kind;
  if (typeof k === 'string' && kinds.has(k)) return true;
  return Object.values(x).some((v) => mentions(v, kinds));
}

/**
 * Whether, but for the first guard's trap, the semantics can neither trap nor fault: no other
 * `trap` statement and no storage access anywhere (a load or store may fault, or leave storage).
 * Then a run from a level the guard lets through is done unless its fetch faults.
 */
export function onlyTheGuardTraps(semantics: Block): boolean {
  const at = semantics.findIndex((s) => s.kind !== 'let');
  const guard = semantics[at];
  if (!guard || guard.kind !== 'if' || guard.then[0]?.kind !== 'trap') return false;
  const storage = new Set(['load', 'store']);
  if (mentions(semantics, storage)) return false;
  const traps = new Set(['trap']);
  return !mentions(guard.then.slice(1), traps) && !mentions(guard.else, traps) && !mentions(semantics.slice(at + 1), traps);
}
