/**
 * The address map as expressions: `translate` and `physicalFault` evaluated on concrete values with
 * a small BigInt evaluator of their own (independent of the machine's), against the rule stated in
 * plain arithmetic: a virtual access of n cells at a traps when its last cell a + n − 1 is beyond
 * the bound, or when l + a + n − 1 is beyond storage — computed exactly, never modulo 2^32.
 */
import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { physicalFault, pg74, translate, widthEnv, widthOf, type BoundTest, type Expr, type IsaDescription, type RelocationBoundsMap } from '../../spec/index.js';

/** Evaluates the expression kinds the address map uses, at their widths. */
function evaluate(e: Expr, regs: Record<string, bigint>): bigint {
  const mask = (w: number) => (1n << BigInt(w)) - 1n;
  const width = (x: Expr) => widthOf(x, widthEnv(pg74, []));
  const ev = (x: Expr) => evaluate(x, regs);
  switch (e.kind) {
    case 'const':
      return BigInt(e.value);
    case 'reg':
      return regs[e.name]! & mask(width(e));
    case 'extend':
      if (e.signed) throw new Error('the address map zero-extends');
      return ev(e.arg);
    case 'binary': {
      const [a, b] = [ev(e.left), ev(e.right)];
      const w = width(e);
      if (e.op === 'add') return (a + b) & mask(w);
      if (e.op === 'or') return a | b;
      throw new Error(`unexpected ${e.op}`);
    }
    case 'compare': {
      const [a, b] = [ev(e.left), ev(e.right)];
      const ops: Record<string, boolean> = { uge: a >= b, ugt: a > b, ult: a < b, ule: a <= b, eq: a === b };
      if (!(e.op in ops)) throw new Error(`unexpected ${e.op}`);
      return ops[e.op] ? 1n : 0n;
    }
    default:
      throw new Error(`unexpected ${e.kind}`);
  }
}

/** pg74 with the other bound convention (translate reads only the state). */
const withBoundTest = (boundTest: BoundTest): IsaDescription => ({ ...pg74, state: { ...pg74.state, addressMap: { ...(pg74.state.addressMap as RelocationBoundsMap), boundTest } } });
const atOrAbove = withBoundTest('at-or-above');
const above = withBoundTest('above');
const q = BigInt(pg74.state.storage.cells);

/** The fault and physical address for a virtual access of `cells` cells at `a` under R = (l, b). */
function run(isa: IsaDescription, a: bigint, l: bigint, b: bigint, cells = 1, storage?: number) {
  const t = translate(isa, { kind: 'const', width: 32, value: '0x' + a.toString(16) }, cells, storage);
  const regs = { L: l, B: b };
  return { fault: evaluate(t.fault, regs) === 1n, physical: evaluate(t.physical, regs), trap: t.faults[0]!.trap };
}

/** The rule in exact integers. */
function expectedFault(boundTest: BoundTest, a: bigint, l: bigint, b: bigint, cells: number, storage = q): boolean {
  const last = a + BigInt(cells) - 1n;
  const beyondBound = boundTest === 'above' ? last > b : last >= b;
  return beyondBound || l + last >= storage;
}

describe('translate (relocation-bounds)', () => {
  it('names the map’s trap and gives a 1-bit fault and an address-wide physical address', () => {
    const t = translate(pg74, { kind: 'reg', name: 'PC' });
    expect(t.faults[0]!.trap).toBe((pg74.state.addressMap as RelocationBoundsMap).trap);
    const env = widthEnv(pg74, []);
    expect(widthOf(t.fault, env)).toBe(1);
    expect(widthOf(t.physical, env)).toBe(32);
  });

  it('relocates a legal address by l', () => {
    expect(run(atOrAbove, 5n, 100n, 10n)).toEqual({ fault: false, physical: 105n, trap: 'memory' });
  });

  it('at the bound: at-or-above traps on a = b, above does not', () => {
    expect(run(atOrAbove, 10n, 0n, 10n).fault).toBe(true);
    expect(run(above, 10n, 0n, 10n)).toMatchObject({ fault: false, physical: 10n });
    expect(run(atOrAbove, 9n, 0n, 10n).fault).toBe(false);
    expect(run(above, 11n, 0n, 10n).fault).toBe(true);
  });

  it('a bound of 0 admits nothing under at-or-above and only address 0 under above', () => {
    expect(run(atOrAbove, 0n, 0n, 0n).fault).toBe(true);
    expect(run(above, 0n, 0n, 0n).fault).toBe(false);
    expect(run(above, 1n, 0n, 0n).fault).toBe(true);
  });

  it('a multi-cell access traps when its last cell is beyond the bound', () => {
    expect(run(atOrAbove, 6n, 0n, 10n, 4).fault).toBe(false); // cells 6..9
    expect(run(atOrAbove, 7n, 0n, 10n, 4).fault).toBe(true); // cells 7..10
    expect(run(above, 7n, 0n, 10n, 4).fault).toBe(false);
    expect(run(above, 8n, 0n, 10n, 4).fault).toBe(true);
  });

  it('traps at the end of storage: l + a = q − 1 is the last legal cell', () => {
    const b = 0xffffffffn;
    expect(run(atOrAbove, 5n, q - 6n, b)).toMatchObject({ fault: false, physical: q - 1n });
    expect(run(atOrAbove, 6n, q - 6n, b).fault).toBe(true);
    expect(run(atOrAbove, 0n, 0n, b, 1, 16).fault).toBe(false);
    expect(run(atOrAbove, 16n, 0n, b, 1, 16).fault).toBe(true);
  });

  it('traps where l + a wraps past 2^32 instead of reaching a small physical address', () => {
    const l = 0xfffffff0n;
    const a = 0x20n; // l + a = 2^32 + 0x10: modulo 2^32 it would be cell 0x10, inside storage
    expect(run(above, a, l, 0xffffffffn)).toMatchObject({ fault: true, physical: 0x10n });
    expect(expectedFault('above', a, l, 0xffffffffn, 1)).toBe(true);
  });

  it('traps where a + cells − 1 wraps past 2^32 instead of passing the bound check', () => {
    // a = 2^32 − 1 with two cells: the last cell is 2^32, beyond any 32-bit bound.
    expect(run(above, 0xffffffffn, 0n, 0xffffffffn, 2, 2 ** 32).fault).toBe(true);
    expect(run(above, 0xfffffffen, 0n, 0xffffffffn, 2, 2 ** 32).fault).toBe(false);
  });

  const u32 = fc.bigInt({ min: 0n, max: 0xffffffffn });
  const near = (n: bigint) => fc.bigInt({ min: n > 8n ? n - 8n : 0n, max: n + 8n > 0xffffffffn ? 0xffffffffn : n + 8n });
  const access = fc
    .record({ b: fc.oneof(u32, fc.constantFrom(0n, 1n, q - 1n, q, 0xffffffffn)), l: fc.oneof(u32, fc.bigInt({ min: 0n, max: q }), fc.constantFrom(0n, 0xfffffff0n)), cells: fc.integer({ min: 1, max: 4 }) })
    .chain((r) => fc.record({ a: fc.oneof(u32, near(r.b), near(q - r.l > 0n ? q - r.l : 0n)) }).map((x) => ({ ...r, ...x })));

  propTest.prop([fc.constantFrom<BoundTest>('above', 'at-or-above'), access])(
    'faults exactly when the access leaves the bound or storage, and otherwise maps a to l + a',
    (boundTest, { a, l, b, cells }) => {
      const got = run(withBoundTest(boundTest), a, l, b, cells);
      const fault = expectedFault(boundTest, a, l, b, cells);
      expect(got.fault).toBe(fault);
      if (!fault) expect(got.physical).toBe(l + a);
    },
  );
});

describe('physicalFault', () => {
  const fault = (paddr: bigint, cells = 1, storage?: number) =>
    evaluate(physicalFault(pg74, { kind: 'const', width: 32, value: '0x' + paddr.toString(16) }, cells, storage), {}) === 1n;

  it('admits the last cell of storage and traps one past it', () => {
    expect(fault(q - 1n)).toBe(false);
    expect(fault(q)).toBe(true);
    expect(fault(0n)).toBe(false);
  });

  it('traps a multi-cell access whose last cell is past storage', () => {
    expect(fault(q - 4n, 4)).toBe(false);
    expect(fault(q - 3n, 4)).toBe(true);
  });

  it('traps where paddr + cells − 1 wraps past 2^32', () => {
    expect(fault(0xffffffffn, 2, 2 ** 32)).toBe(true);
    expect(fault(0xfffffffen, 2, 2 ** 32)).toBe(false);
  });

  propTest.prop([fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.integer({ min: 1, max: 4 })])('faults exactly when paddr + cells − 1 ≥ q', (paddr, cells) => {
    expect(fault(paddr, cells)).toBe(paddr + BigInt(cells) - 1n >= q);
  });
});
