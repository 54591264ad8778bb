/**
 * `translate` on a described map: the fault and physical expressions it returns for each access
 * kind, evaluated with the reference evaluator on concrete registers, against the map's rules
 * computed directly in integers (feat16: fetch faults above XL, reads above RL, writes below WB
 * or above RL; physical = vaddr + OFF mod 256). A multi-cell access faults when its first or its
 * last cell does, or when it runs past the top of the address space.
 */
import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessRules, mapRegisters, translate, widthEnv, widthOf, type Access, type Expr, type IsaDescription } from '../../spec/index.js';
import { evaluateExpr, type StateView } from '../../machine/index.js';
import { feat16 } from '../machine/feature-isa.js';
import { rv32 } from '../../spec/isa/index.js';

type Regs = { XL: number; RL: number; WB: number; OFF: number };

function view(isa: IsaDescription, regs: Record<string, number>): StateView {
  return {
    reg: (name) => {
      if (!(name in regs)) throw new Error(`the map read ${name}, which the test did not set`);
      return BigInt(regs[name]!);
    },
    file: () => {
      throw new Error('the map reads no register file');
    },
    cell: () => {
      throw new Error('the map reads no storage');
    },
    storageCells: isa.state.storage.cells,
  };
}

const addr = (a: number): Expr => ({ kind: 'const', width: 8, value: '0x' + a.toString(16) });

/** translate's answer for an access, evaluated. */
function translated(access: Access, a: number, regs: Regs, cells = 1, isa: IsaDescription = feat16) {
  const t = translate(isa, addr(a), cells, isa.state.storage.cells, access);
  const v = view(isa, regs);
  return { fault: evaluateExpr(isa, t.fault, {}, v) === 1n, physical: Number(evaluateExpr(isa, t.physical, {}, v)), trap: t.faults[0]!.trap };
}

/** feat16's rule for one cell, in integers. */
function cellFaults(access: Access, a: number, { XL, RL, WB }: Regs): boolean {
  if (access === 'fetch') return a > XL;
  if (access === 'read') return a > RL;
  return a < WB || a > RL;
}

/** The rule for an access of `cells` cells, computed exactly (no modular arithmetic). */
function expected(access: Access, a: number, regs: Regs, cells: number) {
  const last = a + cells - 1;
  const fault = last > 0xff || cellFaults(access, a, regs) || cellFaults(access, last, regs);
  return { fault, physical: (a + regs.OFF) % 256 };
}

const open: Regs = { XL: 0xff, RL: 0xff, WB: 0, OFF: 0 };
const traps: Record<Access, string> = { fetch: 'fetchFault', read: 'loadFault', write: 'storeFault' };

describe('translate (described)', () => {
  it.each(['fetch', 'read', 'write'] as const)('a %s gives a 1-bit fault, an address-wide physical address and that access’s trap', (access) => {
    const t = translate(feat16, { kind: 'reg', name: 'PC' }, 1, undefined, access);
    const env = widthEnv(feat16, 'trap-sequence');
    expect(widthOf(t.fault, env)).toBe(1);
    expect(widthOf(t.physical, env)).toBe(8);
    expect(t.faults[0]!.trap).toBe(traps[access]);
  });

  it('reads the access’s own rule: a region readable but not writable, and not executable', () => {
    const regs: Regs = { XL: 0x3f, RL: 0x7f, WB: 0x60, OFF: 0 };
    // 0x50: readable, not writable (below WB), not executable (above XL).
    expect(translated('read', 0x50, regs).fault).toBe(false);
    expect(translated('write', 0x50, regs).fault).toBe(true);
    expect(translated('fetch', 0x50, regs).fault).toBe(true);
    // 0x20: executable and readable, not writable.
    expect([translated('fetch', 0x20, regs).fault, translated('read', 0x20, regs).fault, translated('write', 0x20, regs).fault]).toEqual([false, false, true]);
    // 0x70: readable and writable.
    expect([translated('read', 0x70, regs).fault, translated('write', 0x70, regs).fault]).toEqual([false, false]);
  });

  it('a read is the default access', () => {
    const regs: Regs = { XL: 0, RL: 0x7f, WB: 0xff, OFF: 0 };
    const t = translate(feat16, addr(0x10));
    expect(evaluateExpr(feat16, t.fault, {}, view(feat16, regs))).toBe(0n);
    expect(t.faults[0]!.trap).toBe('loadFault');
  });

  it('substitutes the address into the physical expression, for every access kind alike', () => {
    const regs: Regs = { ...open, OFF: 0x30 };
    for (const access of ['fetch', 'read', 'write'] as const) {
      expect(translated(access, 0x05, regs).physical).toBe(0x35);
      expect(translated(access, 0xf0, regs).physical).toBe(0x20); // wraps modulo 2^8, as the expression says
    }
  });

  it('a translation of a named address is built once per description and shared; other addresses are built anew', () => {
    const a = translate(feat16, { kind: 'var', name: '$a' }, 2, undefined, 'read');
    expect(translate(feat16, { kind: 'var', name: '$a' }, 2, undefined, 'read')).toBe(a);
    expect(translate(feat16, { kind: 'var', name: '$a' }, 2, undefined, 'write')).not.toBe(a);
    expect(translate(feat16, { kind: 'var', name: '$b' }, 2, undefined, 'read')).not.toBe(a);
    expect(translate(feat16, { kind: 'reg', name: 'PC' }, 2, undefined, 'read')).not.toBe(translate(feat16, { kind: 'reg', name: 'PC' }, 2, undefined, 'read'));
  });

  it('substitution keeps the subtrees without the address itself: the first and last cells share them', () => {
    // rv32's PMP rule has many subtrees without the address (an entry's configuration bits, its bounds).
    const map = rv32.state.addressMap;
    if (map.kind !== 'described') throw new Error('rv32 has a described map');
    const t = translate(rv32, { kind: 'reg', name: 'pc' }, 4, undefined, 'fetch');
    const nodes = (e: unknown, out: object[] = []): object[] => {
      if (e && typeof e === 'object') {
        if ('kind' in e) out.push(e);
        for (const v of Object.values(e)) nodes(v, out);
      }
      return out;
    };
    const mentions = (e: object, what: (n: { kind: string; name?: string }) => boolean) => nodes(e).some((n) => what(n as { kind: string; name?: string }));
    const closed = (e: object) => !mentions(e, (n) => n.kind === 'var' || (n.kind === 'reg' && n.name === 'pc'));
    const inRule = new Set(accessRules(map, 'fetch').flatMap((r) => nodes(r.fault)));
    const shared = nodes(t.fault).filter((n) => (n as { kind: string }).kind === 'binary' && closed(n));
    expect(shared.length).toBeGreaterThan(10);
    for (const n of shared) expect(inRule.has(n)).toBe(true);
  });

  it('substitutes an address expression, not just a constant (the PC for a fetch)', () => {
    const t = translate(feat16, { kind: 'reg', name: 'PC' }, 1, undefined, 'fetch');
    const at = (PC: number) => evaluateExpr(feat16, t.fault, {}, view(feat16, { ...open, XL: 0x20, PC }));
    expect([at(0x20), at(0x21)]).toEqual([0n, 1n]);
  });

  it('a multi-cell access faults when its last cell faults, and takes its physical address from the first', () => {
    const regs: Regs = { ...open, RL: 0x41, OFF: 7 };
    expect(translated('read', 0x40, regs, 2)).toEqual({ fault: false, physical: 0x47, trap: 'loadFault' }); // cells 0x40, 0x41
    expect(translated('read', 0x41, regs, 2).fault).toBe(true); // cells 0x41, 0x42
    expect(translated('read', 0x3f, regs, 3).fault).toBe(false);
    expect(translated('read', 0x40, regs, 3).fault).toBe(true);
  });

  it('a multi-cell access faults when its first cell faults', () => {
    const regs: Regs = { ...open, WB: 0x41 };
    expect(translated('write', 0x40, regs, 2).fault).toBe(true); // cell 0x40 is below WB, 0x41 is not
    expect(translated('write', 0x41, regs, 2).fault).toBe(false);
  });

  it('only the first and the last cells are checked: a hole in the middle is the map’s to avoid', () => {
    // A map that faults at exactly one address H: a 3-cell access over it does not see it.
    const holed: IsaDescription = JSON.parse(JSON.stringify(feat16));
    holed.state.addressMap = {
      ...(holed.state.addressMap as Extract<IsaDescription['state']['addressMap'], { kind: 'described' }>),
      read: { fault: { kind: 'compare', op: 'eq', left: { kind: 'var', name: 'vaddr' }, right: { kind: 'reg', name: 'XL' } }, trap: 'loadFault' },
    };
    const regs: Regs = { ...open, XL: 0x41 };
    expect(translated('read', 0x41, regs, 1, holed).fault).toBe(true);
    expect(translated('read', 0x40, regs, 3, holed).fault).toBe(false);
    expect(translated('read', 0x41, regs, 3, holed).fault).toBe(true);
    expect(translated('read', 0x3f, regs, 3, holed).fault).toBe(true);
  });

  it('a multi-cell access that wraps past the top of the address space faults, though every cell is mapped', () => {
    expect(translated('read', 0xff, open, 1).fault).toBe(false);
    expect(translated('read', 0xfe, open, 2).fault).toBe(false);
    expect(translated('read', 0xff, open, 2).fault).toBe(true);
    expect(translated('fetch', 0xff, open, 2).fault).toBe(true);
    expect(translated('write', 0xfd, open, 4).fault).toBe(true);
  });

  it('a single-cell translation is the rule itself, with vaddr replaced', () => {
    const map = feat16.state.addressMap;
    if (map.kind !== 'described') throw new Error('feat16 has a described map');
    const t = translate(feat16, addr(0x12), 1, undefined, 'write');
    expect(JSON.stringify(t.fault)).toBe(JSON.stringify(accessRules(map, 'write')[0]!.fault).replaceAll('{"kind":"var","name":"vaddr"}', JSON.stringify(addr(0x12))));
  });

  it('mapRegisters lists the registers any rule or the physical address reads', () => {
    expect([...mapRegisters(feat16)].sort()).toEqual(['OFF', 'RL', 'WB', 'XL']);
  });

  const byte = fc.oneof(fc.integer({ min: 0, max: 0xff }), fc.constantFrom(0, 1, 0x7f, 0x80, 0xfe, 0xff));
  const scenario = fc
    .record({
      access: fc.constantFrom<Access>('fetch', 'read', 'write'),
      regs: fc.record({ XL: byte, RL: byte, WB: byte, OFF: byte }),
      cells: fc.integer({ min: 1, max: 4 }),
    })
    .chain((s) =>
      fc
        .oneof(
          byte,
          // Near the limits, where the first and last cells fall on different sides.
          ...[s.regs.XL, s.regs.RL, s.regs.WB].map((x) => fc.integer({ min: Math.max(0, x - 4), max: Math.min(0xff, x + 1) })),
        )
        .map((a) => ({ ...s, a })),
    );

  propTest.prop([scenario])('faults exactly when the first or last cell faults or the access wraps; else lands at vaddr + OFF', ({ access, regs, cells, a }) => {
    const got = translated(access, a, regs, cells);
    const want = expected(access, a, regs, cells);
    expect(got.fault).toBe(want.fault);
    if (!want.fault) expect(got.physical).toBe(want.physical);
    expect(got.trap).toBe(traps[access]);
  });
});
