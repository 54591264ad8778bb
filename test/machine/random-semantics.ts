/**
 * Random blocks of semantics for sem8's instruction X (sem-isa.ts), and random states to run
 * them on: every statement kind (assignments to scalar registers, the PC and file elements at
 * static and run-time indices, stores through the map and physical, `let` — also of state this
 * block wrote and writes again — nested `if`, traps with and without a value, halt) over every
 * expression kind and operator of spec/ast.ts at widths 1 to 64, loads of 1 to 8 cells included.
 *
 * Blocks come from a seed (a small PRNG, as in test/proofs/expressions.ts), so fast-check replays
 * them; states are fast-check records and shrink. `census` names what a block contains, for the
 * statistics and the coverage assertion of the properties that use it.
 */
import fc from 'fast-check';
import { binaryOps, compareOps, unaryOps, type Block, type Expr, type ExprKind, type LValue, type Stmt } from '../../spec/ast.js';
import type { Endianness } from '../../spec/description.js';
import { withSemantics, xCells, xFields } from './sem-isa.js';
import type { Case } from './three-way.js';
import { prng as basePrng } from '../proofs/expressions.js';

// -------------------------------------------------------------------------------------------------
// sem8's state, as the generator sees it.

const REGS = [
  { name: 'PC', width: 8, writable: true },
  { name: 'M', width: 1, writable: true },
  { name: 'A', width: 32, writable: true },
  { name: 'N', width: 5, writable: true },
  { name: 'H', width: 16, writable: true },
  { name: 'ID', width: 16, writable: false },
  { name: 'OFF', width: 8, writable: true },
  { name: 'LIM', width: 8, writable: true },
  { name: 'T', width: 12, writable: true },
] as const;
/** sem8w's own registers, wider than 32 bits (sem-isa.ts), listed three times: a block on sem8w mostly uses them. */
const W = { name: 'W', width: 36, writable: true } as const;
const D = { name: 'D', width: 64, writable: true } as const;
const WIDE_REGS = [...REGS, W, D, W, D, W, D] as const;
type RegSpec = (typeof WIDE_REGS)[number];
const FILES = [
  { name: 'r', count: 4, width: 32, indexBits: 2, field: 'a' },
  { name: 'h', count: 8, width: 8, indexBits: 3, field: 'b' },
] as const;
const TRAPS = ['ffault', 'rfault', 'wfault', 'illegal', 'priv', 'svc', 'ovf'] as const;
const VALUE_WIDTH = 16;
const ADDRESS_BITS = 8;
const STORAGE_CELLS = 240;

/** Widths of sub-expressions: each representation of the compiler (int32, double, bigint) and its edges. */
const WIDTHS = [1, 2, 3, 4, 5, 8, 12, 16, 24, 31, 32, 33, 40, 48, 52, 53, 56, 63, 64];
const NAMES = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'];

// -------------------------------------------------------------------------------------------------
// The PRNG (mulberry32, as the expression generator's), with a weighted choice.

function prng(seed: number) {
  const { next, int, pick } = basePrng(seed);
  /** One of the thunks, by weight; a thunk returning undefined does not apply and is redrawn. */
  const choose = <T>(options: readonly (readonly [number, () => T | undefined])[]): T => {
    for (;;) {
      const total = options.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, f] of options) {
        x -= w;
        if (x < 0) {
          const v = f();
          if (v !== undefined) return v;
          break;
        }
      }
    }
  };
  return { next, int, pick, choose };
}
type Rng = ReturnType<typeof prng>;

// -------------------------------------------------------------------------------------------------
// Node builders.

const k = (width: number, value: bigint | number): Expr => ({ kind: 'const', width, value: '0x' + BigInt(value).toString(16) });
const regE = (name: string): Expr => ({ kind: 'reg', name });
const fileE = (name: string, index: Expr): Expr => ({ kind: 'file', name, index });
const extract = (arg: Expr, hi: number, lo: number): Expr => ({ kind: 'extract', arg, hi, lo });
const extend = (arg: Expr, width: number, signed: boolean): Expr => ({ kind: 'extend', signed, arg, width });
const add = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: 'add', left, right });

/** Where a value can be written, and how to read it back. */
type Place = { kind: 'reg'; name: string; width: number } | { kind: 'file'; name: string; index: Expr; width: number };
const read = (p: Place): Expr => (p.kind === 'reg' ? regE(p.name) : fileE(p.name, p.index));
const target = (p: Place): LValue => (p.kind === 'reg' ? { kind: 'reg', name: p.name } : { kind: 'file', name: p.name, index: p.index });

// -------------------------------------------------------------------------------------------------
// The generator.

class Generator {
  /** Expression depth of the block being generated. */
  private readonly maxDepth: number;

  constructor(
    private readonly r: Rng,
    /** The registers the block may read and write: sem8's, or sem8w's. */
    private readonly regs: readonly RegSpec[] = REGS,
  ) {
    this.maxDepth = 1 + r.int(3);
  }

  constant(w: number): Expr {
    const max = (1n << BigInt(w)) - 1n;
    const special = [0n, 1n, 2n, max, max - 1n, max >> 1n, 1n << BigInt(w - 1), BigInt(w), BigInt(w - 1), BigInt(w + 1)].map((v) => v & max);
    const r = this.r;
    const v = r.next() < 0.5 ? r.pick(special) : (BigInt(r.int(2 ** 30)) * BigInt(r.int(2 ** 30)) + BigInt(r.int(2 ** 30))) & max;
    return k(w, v);
  }

  /** A static index of `f`: a constant or its operand field. */
  staticIndex(f: (typeof FILES)[number]): Expr {
    return this.r.next() < 0.5 ? this.constant(f.indexBits) : { kind: 'field', name: f.field };
  }

  /** An index that reads state but always equals `index` (index + (state & 0)). */
  disguised(index: Expr, bits: number): Expr {
    return add(index, { kind: 'binary', op: 'and', left: this.state(bits, 0), right: k(bits, 0) });
  }

  /** An index of `f` known only at run time (state, a loaded or bound value, or any expression). */
  dynamicIndex(f: (typeof FILES)[number], scope: Map<string, number>, d: number): Expr {
    return this.r.choose<Expr>([
      [2, () => this.state(f.indexBits, d)],
      [2, () => this.expr(f.indexBits, scope, d - 1)],
      [1, () => this.variable(f.indexBits, scope)],
    ]);
  }

  variable(w: number, scope: Map<string, number>): Expr | undefined {
    const names = [...scope].filter(([, x]) => x === w).map(([n]) => n);
    return names.length > 0 ? { kind: 'var', name: this.r.pick(names) } : undefined;
  }

  /** A read of state at width `w`: a register or element as it is, or cut or extended to `w`. */
  state(w: number, d: number): Expr {
    const r = this.r;
    const s = r.choose<{ e: Expr; w: number }>([
      [3, () => ((x = r.pick(this.regs)) => ({ e: regE(x.name), w: x.width }))()],
      [3, () => ((f = r.pick(FILES)) => ({ e: fileE(f.name, d > 0 && r.next() < 0.3 ? this.dynamicIndex(f, new Map(), d - 1) : this.staticIndex(f)), w: f.width }))()],
    ]);
    if (s.w === w) return s.e;
    if (s.w > w) {
      const lo = r.int(s.w - w + 1);
      return extract(s.e, lo + w - 1, lo);
    }
    return extend(s.e, w, r.next() < 0.5);
  }

  leaf(w: number, scope: Map<string, number>): Expr {
    const r = this.r;
    const regs = this.regs.filter((x) => x.width === w);
    const files = FILES.filter((f) => f.width === w);
    const fields = Object.entries(xFields).filter(([, x]) => x === w);
    return r.choose<Expr>([
      [3, () => this.constant(w)],
      [3, () => this.variable(w, scope)],
      [2, () => (regs.length > 0 ? regE(r.pick(regs).name) : undefined)],
      [2, () => ((f = files.length > 0 ? r.pick(files) : undefined) => (f ? fileE(f.name, this.staticIndex(f)) : undefined))()],
      [1, () => (fields.length > 0 ? { kind: 'field', name: r.pick(fields)[0] } : undefined)],
      [2, () => this.state(w, 0)],
      [4, () => (w === 1 ? ((x = r.pick(WIDTHS)) => ({ kind: 'compare', op: r.pick(compareOps), left: this.leaf(x, scope), right: this.leaf(x, scope) }) as Expr)() : undefined)],
    ]);
  }

  /** A 1-bit condition: usually a comparison. */
  cond(scope: Map<string, number>, d: number): Expr {
    const r = this.r;
    if (d <= 0 || r.next() < 0.2) return this.expr(1, scope, d);
    const w = r.pick(WIDTHS);
    return { kind: 'compare', op: r.pick(compareOps), left: this.expr(w, scope, d - 1), right: this.expr(w, scope, d - 1) };
  }

  /** An address: near the operand field, state, a bound value, a constant, or anything. */
  address(scope: Map<string, number>, d: number): Expr {
    return this.r.choose<Expr>([
      [3, () => add({ kind: 'field', name: 'imm' }, this.constant(ADDRESS_BITS))],
      [2, () => this.state(ADDRESS_BITS, d)],
      [1, () => this.variable(ADDRESS_BITS, scope)],
      [1, () => this.constant(ADDRESS_BITS)],
      [2, () => this.expr(ADDRESS_BITS, scope, d - 1)],
    ]);
  }

  expr(w: number, scope: Map<string, number>, d: number): Expr {
    const r = this.r;
    if (d <= 0 || r.next() < 0.2) return this.leaf(w, scope);
    const sub = (x: number) => this.expr(x, scope, d - 1);
    return r.choose<Expr>([
      [2, () => ({ kind: 'unary', op: r.pick(unaryOps), arg: sub(w) })],
      [8, () => ({ kind: 'binary', op: r.pick(binaryOps), left: sub(w), right: sub(w) })],
      [10, () => (w === 1 ? ((x = r.pick(WIDTHS)) => ({ kind: 'compare', op: r.pick(compareOps), left: sub(x), right: sub(x) }) as Expr)() : undefined)],
      [
        2,
        () => {
          const from = r.pick(WIDTHS.filter((x) => x >= w));
          const lo = r.int(from - w + 1);
          return extract(sub(from), lo + w - 1, lo);
        },
      ],
      [
        2,
        () => {
          if (w < 2) return undefined;
          const a = 1 + r.int(w - 1);
          if (w >= 3 && r.next() < 0.3) {
            const b = 1 + r.int(w - a - 1 || 1);
            if (a + b < w) return { kind: 'concat', parts: [sub(a), sub(b), sub(w - a - b)] };
          }
          return { kind: 'concat', parts: [sub(a), sub(w - a)] };
        },
      ],
      [2, () => extend(sub(r.pick(WIDTHS.filter((x) => x <= w))), w, r.next() < 0.5)],
      [2, () => ({ kind: 'ite', cond: this.cond(scope, d - 1), then: sub(w), else: sub(w) })],
      // A value named within an expression, the body free to use it (or not) among the other names.
      [
        1,
        () => {
          let name = `e${r.int(1000)}`;
          while (scope.has(name)) name += '_';
          const vw = r.pick(WIDTHS);
          const value = this.expr(vw, scope, d - 1);
          return { kind: 'let', name, value, body: this.expr(w, new Map(scope).set(name, vw), d - 1) };
        },
      ],
      // A load only one branch evaluates: the other branch's path must not take its fault.
      [
        1,
        () => {
          if (w % 8 !== 0) return undefined;
          const l: Expr = { kind: 'load', space: r.next() < 0.7 ? 'virtual' : 'physical', addr: this.address(scope, d - 1), width: w };
          const [then, els] = r.next() < 0.5 ? [l, sub(w)] : [sub(w), l];
          return { kind: 'ite', cond: this.cond(scope, d - 1), then, else: els };
        },
      ],
      [2, () => (w % 8 === 0 ? { kind: 'load', space: r.next() < 0.55 ? 'virtual' : 'physical', addr: this.address(scope, d - 1), width: w } : undefined)],
      [2, () => ((f = FILES.find((x) => x.width === w)) => (f ? fileE(f.name, this.dynamicIndex(f, scope, d - 1)) : undefined))()],
    ]);
  }

  /** Somewhere to write: a writable register (the PC too) or a file element, at a static or run-time index. */
  place(scope: Map<string, number>): Place {
    const r = this.r;
    return r.choose<Place>([
      [3, () => ((x = r.pick(this.regs.filter((y) => y.writable))) => ({ kind: 'reg', name: x.name, width: x.width }) as Place)()],
      [0.5, () => ({ kind: 'reg', name: 'PC', width: 8 })],
      [3, () => ((f = r.pick(FILES)) => ({ kind: 'file', name: f.name, index: this.staticIndex(f), width: f.width }) as Place)()],
      [2, () => ((f = r.pick(FILES)) => ({ kind: 'file', name: f.name, index: this.dynamicIndex(f, scope, 1), width: f.width }) as Place)()],
    ]);
  }

  /** A fresh name for a `let` (names repeat across sibling blocks, never within one scope). */
  name(scope: Map<string, number>): string | undefined {
    const free = NAMES.filter((n) => !scope.has(n));
    return free.length > 0 ? this.r.pick(free) : undefined;
  }

  assign(p: Place, value: Expr): Stmt {
    return { kind: 'assign', target: target(p), value };
  }

  /** Appends one statement (or a few, for a let of state written before and after it) to `out`. */
  stmt(out: Stmt[], scope: Map<string, number>, nest: number): void {
    const r = this.r;
    const d = this.maxDepth;
    const e = (w: number) => this.expr(w, scope, d);
    r.choose<boolean>([
      [5, () => ((p = this.place(scope)) => out.push(this.assign(p, e(p.width))) > 0)()],
      // A jump relative to the instruction: to itself, to the next instruction (2 cells on), or near.
      [1, () => out.push(this.assign({ kind: 'reg', name: 'PC', width: 8 }, add(regE('PC'), k(8, r.pick([0, 2, 2, 4, 0xfe]))))) > 0],
      [1.5, () => this.loadAfterStore(out, scope)],
      [1, () => this.accessAfterMapWrite(out, scope)],
      [
        2,
        () => {
          const w = r.pick([8, 16, 24, 32, 40, 64]);
          out.push({ kind: 'store', space: r.next() < 0.65 ? 'virtual' : 'physical', addr: this.address(scope, d), value: e(w) });
          return true;
        },
      ],
      [
        3,
        () => {
          const name = this.name(scope);
          if (!name) return undefined;
          const w = r.pick(WIDTHS);
          out.push({ kind: 'let', name, value: e(w) });
          scope.set(name, w);
          return true;
        },
      ],
      [3, () => this.letAfterWrite(out, scope)],
      [
        [3, 5, 2, 0][nest]!,
        () => {
          const cond = this.cond(scope, d);
          const then = this.block(scope, nest + 1, r.int(4));
          const els = r.next() < 0.5 ? [] : this.block(scope, nest + 1, r.int(3));
          out.push({ kind: 'if', cond, then, else: els });
          return true;
        },
      ],
      [nest > 0 ? 4 : 1, () => out.push({ kind: 'trap', trap: r.pick(TRAPS), ...(r.next() < 0.5 ? { value: e(VALUE_WIDTH) } : {}) }) > 0],
      [nest > 0 ? 2 : 1, () => out.push({ kind: 'halt' }) > 0],
    ]);
  }

  /**
   * Writes a place, binds a `let` to what it holds (as it is, or through an operation the
   * compiler may fold to its operand), writes it again, and uses the bound value.
   */
  letAfterWrite(out: Stmt[], scope: Map<string, number>): true | undefined {
    const r = this.r;
    const name = this.name(scope);
    if (!name) return undefined;
    const p = this.place(scope);
    const d = this.maxDepth;
    const w = p.width;
    const before = this.assign(p, this.expr(w, scope, d - 1));
    const again: Place = p.kind === 'file' && r.next() < 0.3 ? { ...p, index: this.disguised(p.index, FILES.find((f) => f.name === p.name)!.indexBits) } : p;
    const wrapped = r.choose<Expr>([
      [3, () => read(again)],
      [1, () => extend(read(again), w, r.next() < 0.5)],
      [1, () => extract(read(again), w - 1, 0)],
      [1, () => add(read(again), k(w, 0))],
    ]);
    const bind: Stmt = { kind: 'let', name, value: wrapped };
    const after = this.assign(p, this.expr(w, scope, d - 1));
    // In a branch sometimes, so that the first write of the place may be a conditional one.
    if (r.next() < 0.3) out.push({ kind: 'if', cond: this.cond(scope, 1), then: [before], else: [] });
    else out.push(before);
    out.push(bind, after);
    scope.set(name, w);
    const use = r.choose<Stmt>([
      [3, () => ((q = this.place(scope)) => this.assign(q, this.fit({ kind: 'var', name }, w, q.width)))()],
      [1, () => ({ kind: 'store', space: 'physical', addr: this.constant(ADDRESS_BITS), value: this.fit({ kind: 'var', name }, w, 8 * (1 + r.int(2))) })],
      [1, () => ({ kind: 'trap', trap: r.pick(TRAPS), value: this.fit({ kind: 'var', name }, w, VALUE_WIDTH) })],
    ]);
    out.push(use);
    return true;
  }

  /** A store, then a load of the same address or one cell on (of another width, maybe), through either space. */
  loadAfterStore(out: Stmt[], scope: Map<string, number>): true | undefined {
    const r = this.r;
    const name = this.name(scope);
    if (!name) return undefined;
    const addr = this.address(scope, 1);
    const space = () => (r.next() < 0.6 ? 'virtual' : 'physical') as 'virtual' | 'physical';
    out.push({ kind: 'store', space: space(), addr, value: this.expr(r.pick([8, 16, 32]), scope, this.maxDepth - 1) });
    const w = r.pick([8, 16, 24, 32]);
    out.push({ kind: 'let', name, value: { kind: 'load', space: space(), addr: r.next() < 0.6 ? addr : add(addr, k(ADDRESS_BITS, 1)), width: w } });
    scope.set(name, w);
    return true;
  }

  /** A write of a register the address map reads (M, OFF, LIM), then an access through the map. */
  accessAfterMapWrite(out: Stmt[], scope: Map<string, number>): true {
    const r = this.r;
    const reg = r.pick(['M', 'OFF', 'LIM']);
    const w = reg === 'M' ? 1 : 8;
    out.push(this.assign({ kind: 'reg', name: reg, width: w }, r.next() < 0.5 ? this.constant(w) : this.expr(w, scope, 1)));
    const addr = this.address(scope, 1);
    const value = this.expr(r.pick([8, 16]), scope, 1);
    out.push(
      r.next() < 0.5
        ? { kind: 'store', space: 'virtual', addr, value }
        : { kind: 'assign', target: { kind: 'file', name: 'r', index: { kind: 'field', name: 'a' } }, value: { kind: 'load', space: 'virtual', addr, width: 32 } },
    );
    return true;
  }

  /** `e` (of width `from`) cut or extended to `to` bits. */
  fit(e: Expr, from: number, to: number): Expr {
    return from === to ? e : from > to ? extract(e, to - 1, 0) : extend(e, to, false);
  }

  block(outer: Map<string, number>, nest: number, length: number): Block {
    const scope = new Map(outer);
    const out: Stmt[] = [];
    while (out.length < length) this.stmt(out, scope, nest);
    return out;
  }
}

/** A block of `length` statements (or a few more: some patterns are several) from `seed`. */
export function randomBlock(seed: number, length: number, wide = false): Block {
  return new Generator(prng(seed), wide ? WIDE_REGS : REGS).block(new Map(), 0, length);
}

// -------------------------------------------------------------------------------------------------
// States.

function value(width: number): fc.Arbitrary<number> {
  const max = 2 ** width - 1;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, 0x40) }) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, max, max - 1, 2 ** (width - 1), 2 ** (width - 1) - 1).filter((v) => v >= 0 && v <= max) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max }) },
  );
}

/** A state of sem8 for X: registers, files, fields, and storage with X's cells at the PC's physical address. */
export type SemState = Omit<Case, 'isa' | 'insn'>;

/** A value of a register wider than 52 bits (a bigint): small, at 2^53 (where a double rounds), at its ends, or anything. */
function bigValue(width: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(width)) - 1n;
  return fc.oneof(
    { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 0x40n }) },
    { weight: 2, arbitrary: fc.constantFrom(0n, 1n, max, max - 1n, 1n << BigInt(width - 1), 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n) },
    { weight: 3, arbitrary: fc.bigInt({ min: 0n, max }) },
  );
}

/** The extra registers of sem8w. */
const wideRegisters = fc.record({ W: value(36), D: bigValue(64) });

export const semState: fc.Arbitrary<SemState> = fc
  .record({
    fields: fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.integer({ min: 0, max: 7 }), imm: fc.oneof(fc.integer({ min: 0, max: 0x60 }), value(8)) }),
    PC: fc.integer({ min: 0x08, max: 0x30 }),
    M: fc.integer({ min: 0, max: 1 }),
    A: value(32),
    N: value(5),
    H: value(16),
    ID: fc.constantFrom(0x1234, 0xffff),
    OFF: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x20 }) }, { weight: 1, arbitrary: fc.integer({ min: 0xf8, max: 0xff }) }),
    LIM: fc.oneof(fc.constant(0xff), fc.integer({ min: 0x20, max: 0xf0 }), value(8)),
    T: value(12),
    r: fc.array(value(32), { minLength: 4, maxLength: 4 }),
    h: fc.array(value(8), { minLength: 8, maxLength: 8 }),
    data: fc.array(fc.tuple(fc.integer({ min: 0, max: STORAGE_CELLS - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
  })
  .map(({ fields, r, h, data, ...registers }) => {
    const storage = new Map<number, number>(data);
    storage.set(5, 0x80);
    const at = (registers.PC + registers.OFF) % 256;
    xCells(fields).forEach((c, i) => storage.set(at + i, c));
    // h[5] is hard-wired: a state holds its value there (as Machine.restore would make it).
    return { fields, registers, files: { r, h: h.map((x, i) => (i === 5 ? 0xa5 : x)) }, storage: [...storage].filter(([, v]) => v !== 0).sort((x, y) => x[0] - y[0]) };
  });

/** The seed and length of a random block. */
export const blockSeed = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }));

/**
 * A random block (printed as data in a counterexample) and a state to run it on; a quarter of the
 * cases (`wide`) on sem8w, whose blocks also read and write its 36- and 64-bit registers.
 */
export const semanticsCase: fc.Arbitrary<{ block: Block; state: SemState; endianness: Endianness; wide: boolean }> = fc
  .oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })
  .chain((wide) =>
    fc.record({
      block: blockSeed.map(([seed, length]) => randomBlock(seed, length, wide)),
      state: wide ? fc.tuple(semState, wideRegisters).map(([s, w]) => ({ ...s, registers: { ...s.registers, ...w } })) : semState,
      endianness: fc.constantFrom<Endianness>('little', 'big'),
      wide: fc.constant(wide),
    }),
  );

/** The case of X running `block` on `state`, in sem8 (sem8w: `wide`) of the given byte order (X's cells placed in it). */
export function caseOf(block: Block, state: SemState, endianness: Endianness = 'little', wide = false): Case {
  if (endianness === 'little') return { ...withSemantics(block, 'sem8-x', 'little', wide), ...state };
  const at = (Number(state.registers.PC!) + Number(state.registers.OFF!)) % 256;
  const storage = new Map(state.storage);
  xCells(state.fields, endianness).forEach((c, i) => storage.set(at + i, c));
  return { ...withSemantics(block, 'sem8-x', endianness, wide), ...state, storage: [...storage].filter(([, v]) => v !== 0).sort((x, y) => x[0] - y[0]) };
}

// -------------------------------------------------------------------------------------------------
// What a block contains.

/** Every expression kind an instruction's semantics may use (trapInfo belongs to the trap sequence). */
const exprKinds: Record<Exclude<ExprKind, 'trapInfo'>, readonly string[]> = {
  const: ['const'],
  reg: ['reg'],
  file: ['file, static index', 'file, dynamic index'],
  field: ['field'],
  var: ['var'],
  unary: [],
  binary: [],
  compare: [],
  extract: ['extract'],
  concat: ['concat'],
  extend: ['extend signed', 'extend unsigned'],
  ite: ['ite'],
  load: ['load virtual', 'load physical'],
  let: ['let expression'],
};

/** Every name `census` can report: the coverage a property over random blocks must reach. */
export const censusNames: readonly string[] = [
  ...Object.values(exprKinds).flat(),
  ...unaryOps.map((o) => `unary ${o}`),
  ...binaryOps.map((o) => `binary ${o}`),
  ...compareOps.map((o) => `compare ${o}`),
  'widths 1-32',
  'widths 33-52',
  'widths 53-64',
  'assign register',
  'assign PC',
  'assign PC relative',
  'assign file, static index',
  'assign file, dynamic index',
  'store virtual',
  'store physical',
  'load after store',
  'virtual access after a map register write',
  'load in an ite branch',
  'let',
  'let after write',
  'if',
  'nested if',
  'trap with value',
  'trap without value',
  'halt',
];

/** Whether `e` has a value known before the instruction runs (constants and fields only). */
const isStatic = (e: Expr): boolean => {
  switch (e.kind) {
    case 'const':
    case 'field':
      return true;
    case 'unary':
    case 'extract':
    case 'extend':
      return isStatic(e.arg);
    case 'binary':
    case 'compare':
      return isStatic(e.left) && isStatic(e.right);
    case 'concat':
      return e.parts.every(isStatic);
    case 'ite':
      return isStatic(e.cond) && isStatic(e.then) && isStatic(e.else);
    default:
      return false;
  }
};

/** Names of state an expression reads (registers, files by name). */
function reads(e: Expr, out = new Set<string>()): Set<string> {
  if (e.kind === 'reg') out.add(e.name);
  if (e.kind === 'file') out.add(e.name);
  for (const v of Object.values(e)) if (v && typeof v === 'object') (Array.isArray(v) ? v : [v]).forEach((x) => x && typeof x === 'object' && 'kind' in x && reads(x as Expr, out));
  return out;
}

/** How many of each kind, operator and statement (census names) `block` contains. */
export function census(block: Block): Map<string, number> {
  const n = new Map<string, number>();
  const count = (name: string) => n.set(name, (n.get(name) ?? 0) + 1);
  const widthClass = (w: number) => count(w <= 32 ? 'widths 1-32' : w <= 52 ? 'widths 33-52' : 'widths 53-64');
  // Program order facts, for the patterns: addresses stored to, and whether a map register was written.
  const stored = new Set<string>();
  let mapWritten = false;
  const virtualAccess = () => mapWritten && count('virtual access after a map register write');
  const expr = (e: Expr, inIte = false): void => {
    const sub = (x: Expr) => expr(x, inIte);
    switch (e.kind) {
      case 'unary':
        count(`unary ${e.op}`);
        return sub(e.arg);
      case 'binary':
        count(`binary ${e.op}`);
        sub(e.left);
        return sub(e.right);
      case 'compare':
        count(`compare ${e.op}`);
        sub(e.left);
        return sub(e.right);
      case 'file':
        count(isStatic(e.index) ? 'file, static index' : 'file, dynamic index');
        return sub(e.index);
      case 'extend':
        count(e.signed ? 'extend signed' : 'extend unsigned');
        widthClass(e.width);
        return sub(e.arg);
      case 'load': {
        count(`load ${e.space}`);
        widthClass(e.width);
        if (inIte) count('load in an ite branch');
        if (e.space === 'virtual') virtualAccess();
        const a = e.addr;
        if (stored.has(JSON.stringify(a)) || (a.kind === 'binary' && a.op === 'add' && a.right.kind === 'const' && stored.has(JSON.stringify(a.left)))) count('load after store');
        return sub(e.addr);
      }
      case 'extract':
        count('extract');
        return sub(e.arg);
      case 'concat':
        count('concat');
        return e.parts.forEach(sub);
      case 'ite':
        count('ite');
        sub(e.cond);
        expr(e.then, true);
        return expr(e.else, true);
      case 'let':
        count('let expression');
        sub(e.value);
        return sub(e.body);
      case 'const':
        widthClass(e.width);
        return void count(e.kind);
      default:
        count(e.kind);
    }
  };
  const flat: { s: Stmt; nested: number }[] = [];
  const walk = (b: Block, nested: number): void => {
    for (const s of b) {
      flat.push({ s, nested });
      if (s.kind === 'if') {
        walk(s.then, nested + 1);
        walk(s.else, nested + 1);
      }
    }
  };
  walk(block, 0);
  const writes = (s: Stmt) => (s.kind === 'assign' ? s.target.name : undefined);
  flat.forEach(({ s, nested }, i) => {
    switch (s.kind) {
      case 'assign': {
        const t = s.target;
        if (t.kind === 'file') {
          count(isStatic(t.index) ? 'assign file, static index' : 'assign file, dynamic index');
          expr(t.index);
        }
        expr(s.value);
        if (t.kind === 'reg') {
          count(t.name === 'PC' ? 'assign PC' : 'assign register');
          const v = s.value;
          if (t.name === 'PC' && v.kind === 'binary' && v.op === 'add' && v.left.kind === 'reg' && v.left.name === 'PC' && v.right.kind === 'const') count('assign PC relative');
          if (['M', 'OFF', 'LIM'].includes(t.name)) mapWritten = true;
        }
        return;
      }
      case 'store':
        count(`store ${s.space}`);
        expr(s.addr);
        expr(s.value);
        if (s.space === 'virtual') virtualAccess();
        stored.add(JSON.stringify(s.addr));
        return;
      case 'let': {
        count('let');
        // A let of state written before it and written again after it.
        const r = reads(s.value);
        const wroteBefore = flat.slice(0, i).some((x) => r.has(writes(x.s) ?? ''));
        const writesAfter = flat.slice(i + 1).some((x) => r.has(writes(x.s) ?? ''));
        if (wroteBefore && writesAfter) count('let after write');
        return expr(s.value);
      }
      case 'if':
        count(nested > 0 ? 'nested if' : 'if');
        return expr(s.cond);
      case 'trap':
        count(s.value ? 'trap with value' : 'trap without value');
        if (s.value) expr(s.value);
        return;
      case 'halt':
        count('halt');
    }
  });
  return n;
}

/** Census of many blocks: in how many blocks each name occurs, and how often in all. */
export class Tally {
  readonly blocks = new Map<string, number>();
  readonly total = new Map<string, number>();
  readonly outcomes = new Map<string, number>();
  runs = 0;

  add(block: Block): void {
    this.runs++;
    for (const [name, x] of census(block)) {
      this.blocks.set(name, (this.blocks.get(name) ?? 0) + 1);
      this.total.set(name, (this.total.get(name) ?? 0) + x);
    }
  }

  outcome(name: string): void {
    this.outcomes.set(name, (this.outcomes.get(name) ?? 0) + 1);
  }

  /** Census names no block contained. */
  missing(): string[] {
    return censusNames.filter((n) => !this.blocks.has(n));
  }

  table(title: string): string {
    const rows = censusNames.map((name) => [name, String(this.blocks.get(name) ?? 0), String(this.total.get(name) ?? 0)]);
    const outcomes = [...this.outcomes].sort((a, b) => b[1] - a[1]).map(([o, x]) => `${o} ${x}`).join(', ');
    const w0 = Math.max(...rows.map((r) => r[0]!.length));
    const lines = rows.map(([a, b, c]) => `  ${a!.padEnd(w0)}  ${b!.padStart(6)}  ${c!.padStart(7)}`);
    return [`${title}: ${this.runs} blocks; outcomes: ${outcomes}`, `  ${'node'.padEnd(w0)}  ${'blocks'.padStart(6)}  ${'nodes'.padStart(7)}`, ...lines].join('\n');
  }
}
