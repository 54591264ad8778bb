/** The guard on the mode read off without a solver (proofs/mode-guard.ts): only a first guard on the mode alone counts. */
import { describe, expect, test } from 'vitest';
import { guardedLevels, onlyTheGuardTraps, trapsInEveryUserLevel } from '../../proofs/mode-guard.js';
import { handIsa, inUser, inSupervisor, reg, set, trap, when, k, eq, and, type HandInsn } from '../oracle/hand-isas.js';

const isaWith = (...insns: HandInsn[]) => handIsa('guards', insns, { registers: [{ name: 'P', width: 2, kind: 'system' }] });
const semanticsOf = (h: HandInsn) => isaWith(h).instructions[0]!.semantics;

describe('a guard on the mode before any effect', () => {
  test('a first guard that traps in user mode: every user level traps', () => {
    const h: HandInsn = { mnemonic: 'WRP', semantics: [when(inUser, [trap('priv')], [set('P', reg('A'))])] };
    expect(guardedLevels(isaWith(h), semanticsOf(h))).toEqual([0]);
    expect(trapsInEveryUserLevel(isaWith(h), semanticsOf(h))).toBe(true);
  });
  test('after a let (no effect) it still counts', () => {
    const h: HandInsn = { mnemonic: 'WRP', semantics: [{ kind: 'let', name: 'v', value: reg('A') }, when(inUser, [trap('priv')]), set('P', { kind: 'var', name: 'v' })] };
    expect(trapsInEveryUserLevel(isaWith(h), semanticsOf(h))).toBe(true);
  });
  const misses: [string, HandInsn][] = [
    ['an effect comes first', { mnemonic: 'X', semantics: [set('A', k(2, 1)), when(inUser, [trap('priv')])] }],
    ['the guard reads a register besides the mode', { mnemonic: 'X', semantics: [when(and(inUser, eq(reg('P'), k(2, 0))), [trap('priv')]), set('A', reg('P'))] }],
    ['the guard traps in supervisor mode only', { mnemonic: 'X', semantics: [when(inSupervisor, [trap('priv')]), set('A', reg('P'))] }],
    ['the guarded branch does not trap first', { mnemonic: 'X', semantics: [when(inUser, [set('A', k(2, 0)), trap('priv')])] }],
  ];
  test.each(misses)('not when %s', (_, h) => {
    expect(trapsInEveryUserLevel(isaWith(h), semanticsOf(h))).toBe(false);
  });

  test('only the guard traps: no other trap, no storage access (which may fault)', () => {
    const ok: HandInsn = { mnemonic: 'WRP', semantics: [when(inUser, [trap('priv')], [set('P', reg('A'))]), set('A', k(2, 0))] };
    const later: HandInsn = { mnemonic: 'X', semantics: [when(inUser, [trap('priv')]), when(eq(reg('P'), k(2, 0)), [trap('ill')])] };
    const load: HandInsn = { mnemonic: 'X', semantics: [when(inUser, [trap('priv')]), set('A', { kind: 'extract', arg: { kind: 'load', space: 'virtual', addr: reg('A'), width: 8 }, hi: 1, lo: 0 })] };
    expect(onlyTheGuardTraps(semanticsOf(ok))).toBe(true);
    expect(onlyTheGuardTraps(semanticsOf(later))).toBe(false);
    expect(onlyTheGuardTraps(semanticsOf(load))).toBe(false);
  });
});
