/**
 * Random small ISAs, written in the description language itself (DESIGN.md §5 invariant 6), for
 * the brute-force oracle (enumerate.ts) and the checker to be compared on.
 *
 * `smallIsa()` draws a *plan* of plain numbers and recipe trees and maps it to a description; the
 * mapping makes every plan a valid ISA (widths adapted, names resolved, encodings disjoint), so
 * fast-check shrinks plans — fewer instructions, smaller recipes, fewer registers — and every
 * shrunk plan is still a valid ISA.
 *
 * The shape, chosen so that the oracle enumerates an ISA in milliseconds:
 * - storage of 8-bit cells, addressBits 2–3 (relocation-bounds) or 2–4 (described), exactly
 *   2^addressBits cells (so that moving storage by x is a rotation), little- or big-endian;
 * - a 1- or 2-bit mode register M with 2–3 levels (at least one supervisor, one user); the PC;
 * - 1–3 registers R0..R2 of 2–4 bits, each user or system; optionally a 2-element register file
 *   X (user or system, optionally a hard-wired element), a timing register T, a configurable
 *   system register (the last Ri) and sometimes a declared configuration;
 * - a relocation-bounds map (L, B, random bound test) or a described one (fault expressions over
 *   M, R0 and `vaddr`; physical = vaddr or vaddr + L, or — the mode selecting the map — that in
 *   one level and vaddr in the others, or vaddr ^ c in one level);
 * - traps: memory, illegal, privileged, sometimes an exception and a supervisor call; a trap
 *   sequence that saves the PC or the trap's code to a physical cell and enters a supervisor level;
 * - 1–3 one-cell instructions: a distinct 2-bit opcode in the high bits, 0–2 operand fields of
 *   1–2 bits (3 bits at most), the other bits fixed; semantics over every statement and
 *   expression kind, biased toward mode guards, system-register gates, reads and writes of
 *   system registers and the mode, loads and stores through the map, reads of L.
 *
 * The state is held to a cost of `stateBits` (default 18; see `stateCost`: register bits, system
 * bits counted twice) by narrowing and dropping the plan's optional parts; a load reads at most
 * 2 bits of a cell (an extract of its low or high bits), at most two loads per instruction, and no
 * address contains a load, so that the oracle enumerates few cell values (demand.ts). With these
 * limits the oracle decides an ISA in about 30 ms on average (median under 10 ms).
 */
import fc from 'fast-check';
import type { BinaryOp, Block, CompareOp, Expr, Stmt } from '../../spec/ast.js';
import { binaryOps, compareOps, unaryOps } from '../../spec/ast.js';
import type { AccessRule, BankedDecl, ConfigurationDecl, DescribedMap, FieldDecl, InstructionDecl, IsaDescription, MapUpdate, RegisterDecl, RegisterFileDecl, TrapKind } from '../../spec/description.js';
import { partition } from '../../proofs/partition.js';
import { shareClasses } from '../../proofs/share.js';
import { dependencies } from '../../proofs/dependencies.js';
import { mapReadsHidden } from '../../proofs/map-placed-alike.js';
import { mappedViews } from '../../spec/mapped-registers.js';
import { mapReadsStorage, mapWritesStorage } from '../../spec/address-map.js';
import { BANK_MODE, lowerBankedRegisters } from '../../spec/lower/banked-registers.js';
import { widthEnv, widthOf } from '../../spec/widths.js';

// ---------------------------------------------------------------------------------------------
// Recipes: shapes of expressions and statements, typed only when mapped.

export type ExprR =
  | { t: 'leaf'; pick: number }
  | { t: 'const'; v: number }
  | { t: 'un'; op: number; a: ExprR }
  | { t: 'bin'; op: number; a: ExprR; b: ExprR }
  | { t: 'cmp'; op: number; w: number; a: ExprR; b: ExprR }
  | { t: 'extract'; lo: number; extra: number; a: ExprR }
  | { t: 'concat'; split: number; a: ExprR; b: ExprR }
  | { t: 'extend'; signed: boolean; from: number; a: ExprR }
  | { t: 'ite'; c: ExprR; a: ExprR; b: ExprR }
  | { t: 'load'; physical: boolean; wide: boolean; lo: number; addr: ExprR };

export type StmtR =
  | { t: 'assign'; target: number; v: ExprR }
  | { t: 'store'; physical: boolean; wide: boolean; addr: ExprR; v: ExprR }
  | { t: 'let'; w: number; v: ExprR; body: StmtR[] }
  | { t: 'if'; c: ExprR; then: StmtR[]; else: StmtR[] }
  | { t: 'trap'; which: number; v: ExprR | null }
  | { t: 'halt' }
  /** if the mode is (not) a level / some user level: trap */
  | { t: 'guard'; how: number; level: number; which: number }
  /** if a bit of a system register is clear (in user mode): trap */
  | { t: 'gate'; reg: number; bit: number; userOnly: boolean; which: number }
  /** a user register := a system register, the mode, L or T */
  | { t: 'sysread'; src: number; dst: number; v: ExprR }
  /** a system register or the mode := something */
  | { t: 'syswrite'; dst: number; v: ExprR }
  | { t: 'modeset'; level: number }
  /** a load into a user register, or a store, through the map */
  | { t: 'mem'; store: boolean; dst: number; addr: ExprR; v: ExprR };

export interface InsnPlan {
  fields: number[];
  operandKinds: boolean[];
  fixedLow: number;
  /** Per field, a value it excludes (`FieldDecl.excluded`), or negative for none. */
  exclude?: number[];
  body: StmtR[];
}

export interface IsaPlan {
  aw: number;
  map:
    | { kind: 'relocation-bounds'; above: boolean }
    | {
        kind: 'described';
        relocate: boolean;
        readsR0: boolean;
        rules: [FaultR, FaultR, FaultR];
        byMode?: { level: number; xor: number } | null;
        /**
         * A one-entry page table in storage (a map that walks tables, as Sv32's): the physical
         * address is also xored with the low two bits of the cell at physical `at`, and rule `valid`
         * (fetch, read, write; 3: none) also faults while that cell's top bit is clear. No register
         * is then mapped into storage (validation refuses the two together). `indexed`: one entry
         * per half of the address space, at `at` + the virtual address's top bit. `marks` (mod 3):
         * the walk's stores (`updates`, as Svadu's A and D): 0 none; 1 every access that does not
         * fault sets the entry's bit 6 where it is clear; 2 that, and a store also sets bit 5.
         */
        table?: { at: number; valid: number; indexed?: boolean; marks?: number } | null;
        /**
         * Without a table but with a register mapped into storage: the walk's stores there (mod 4),
         * as the PDP-11's KT11 sets W in a descriptor register in the I/O page. 0 none; 1 every
         * access that does not fault sets bit 0 of the mapped register's cell; 2 a store sets it
         * where it is clear; 3 a store writes a constant into the plain cell after it.
         */
        mappedMarks?: number;
      };
  modeWidth: number;
  levelCount: number;
  levelSeed: number;
  supervisorSeed: number;
  regs: { width: number; system: boolean }[];
  file: { width: number; system: boolean; hardwired: number | null } | null;
  timing: number | null;
  bigEndian: boolean;
  /** R0 banked per mode: a copy for the supervisor levels and one for the user levels (as ARM's R13 is). */
  banked: boolean;
  /**
   * With `banked`: R0 banked instead by the low bit of another Ri (`by`, as the PDP-11's register
   * sets are chosen by PSW<RS>): Ri is R[1 + bankBy mod (registers - 1)], and there must be one.
   */
  bankBy?: number | null;
  /** Keep R0 banked (and two registers) when the plan is fitted to the state budget. */
  keepBank?: boolean;
  /**
   * A register mapped into storage (`state.storage.mapped`): the mode, L, B or an Ri, picked by
   * `which`, at cell `cell` (modulo storage); not R0 when it is banked (validation refuses it). One ISA
   * in eight: the oracle runs these on the reference engine, several times slower.
   */
  mapped?: { which: number; cell: number } | null;
  config: { mask: number; declare: { mask: number; value: number } | null } | null;
  exception: boolean;
  svc: boolean;
  sequence: { save: number; at: number; level: number; jump: number | null };
  opStart: number;
  insns: InsnPlan[];
  /**
   * A twin: instruction `of`'s recipe again (instruction `J`, the next opcode) over a register Q
   * declared as register R`reg` is, in R`reg`'s place — an entry alike up to the renaming
   * R`reg`↔Q, which the checker may share (proofs/share.ts) — or, by `near`, a near miss (see
   * `twinKinds`).
   */
  twin?: { of: number; reg: number; near: number; pure?: boolean } | null;
}

/** A recipe without storage accesses (loads become constants; stores and `mem` statements go). */
function withoutStorage(rs: readonly StmtR[]): StmtR[] {
  const e = (x: ExprR): ExprR => {
    switch (x.t) {
      case 'load':
        return { t: 'const', v: 0 };
      case 'un':
      case 'extract':
      case 'extend':
        return { ...x, a: e(x.a) };
      case 'bin':
      case 'cmp':
      case 'concat':
        return { ...x, a: e(x.a), b: e(x.b) };
      case 'ite':
        return { ...x, c: e(x.c), a: e(x.a), b: e(x.b) };
      default:
        return x;
    }
  };
  return rs.flatMap((r): StmtR[] => {
    switch (r.t) {
      case 'store':
      case 'mem':
        return [];
      case 'assign':
      case 'sysread':
      case 'syswrite':
        return [{ ...r, v: e(r.v) }];
      case 'trap':
        return [{ ...r, v: r.v && e(r.v) }];
      case 'let':
        return [{ ...r, v: e(r.v), body: withoutStorage(r.body) }];
      case 'if':
        return [{ ...r, c: e(r.c), then: withoutStorage(r.then), else: withoutStorage(r.else) }];
      default:
        return [r];
    }
  });
}

/**
 * What makes a twin a near miss: Q's reset value, kind or width differs from R's; the trap
 * sequence writes or reads Q; the address map reads Q; Q is a timing resource; J's operand field
 * excludes a different value. `alike` (six draws in fourteen) is none of them.
 */
export const twinKinds = ['alike', 'alike', 'alike', 'alike', 'alike', 'alike', 'reset', 'kind', 'width', 'sequence-writes', 'sequence-reads', 'map-reads', 'timing', 'field-layout'] as const;
export type TwinKind = (typeof twinKinds)[number];

export type FaultR = { t: 'never' } | { t: 'user-above'; c: number } | { t: 'random'; e: ExprR };

export interface SmallIsaOptions {
  /** Upper bound on `stateCost` of the plan (register bits, system bits twice). Default 18. */
  stateBits?: number;
  /** Default 3. */
  maxInstructions?: number;
  /** Statements per block at most. Default 3. */
  maxStatements?: number;
  /** Depth of expression recipes. Default 2. */
  exprDepth?: number;
  /** Every ISA banks R0: per mode, or by another register's low bit (default: `by` where ORACLE_BANKED=by, else either, or neither). */
  bank?: 'mode' | 'by';
  /** In eighths, how often a register is mapped into storage (default ORACLE_MAPPED_EIGHTHS, else 1). */
  mappedEighths?: number;
  /** Every ISA's map is described and walks a table in storage (default: ORACLE_WALK=1). */
  walk?: boolean;
}

/** The default bound on `stateCost`: deciding an ISA then takes the oracle tens of milliseconds. */
export const defaultStateBits = Number(process.env.ORACLE_STATE_BITS ?? 18);
/** In eighths, how often a random ISA maps a register into storage (ORACLE_MAPPED_EIGHTHS, 1 to 7; default 1). */
const mappedWeightDefault = Number(process.env.ORACLE_MAPPED_EIGHTHS ?? 1);
/**
 * ORACLE_BANKED=by: every random ISA banks R0 by another register's low bit (kept when the plan is
 * fitted to the state budget), for a campaign on that construct; otherwise a plan banks R0 one time
 * in two before fitting, by the mode or (a quarter of those) by a register.
 */
const bankedByDefault = process.env.ORACLE_BANKED === 'by';
/** ORACLE_WALK=1: every random ISA's map is described and walks a table in storage (otherwise one described map in six). */
const walkDefault = process.env.ORACLE_WALK === '1';
/**
 * How often a walk that is not forced (ORACLE_WALK) stores: two in three (the oracle's fast engine
 * makes walk stores, fast-eval.ts), as ORACLE_WALK=1 does.
 */
const marksDefault: fc.Arbitrary<number> = fc.nat(2);

const nat = (max: number) => fc.nat({ max });
/** True one time in ten; shrinks to false. */
const rarely = fc.nat(9).map((n) => n === 9);

function exprRecipe(depth: number): fc.Arbitrary<ExprR> {
  const { e } = fc.letrec<{ e: ExprR }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', maxDepth: depth, withCrossShrink: true },
      { weight: 6, arbitrary: fc.record({ t: fc.constant('leaf' as const), pick: nat(1000) }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('const' as const), v: nat(255) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('un' as const), op: nat(unaryOps.length - 1), a: tie('e') }) },
      { weight: 3, arbitrary: fc.record({ t: fc.constant('bin' as const), op: nat(binaryOps.length - 1), a: tie('e'), b: tie('e') }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('cmp' as const), op: nat(compareOps.length - 1), w: nat(3), a: tie('e'), b: tie('e') }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('extract' as const), lo: nat(3), extra: nat(3), a: tie('e') }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('concat' as const), split: nat(7), a: tie('e'), b: tie('e') }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('extend' as const), signed: fc.boolean(), from: nat(7), a: tie('e') }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('ite' as const), c: tie('e'), a: tie('e'), b: tie('e') }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('load' as const), physical: fc.boolean(), wide: rarely, lo: nat(1), addr: tie('e') }) },
    ),
  }));
  return e;
}

function stmtRecipes(maxStatements: number, depth: number): fc.Arbitrary<StmtR[]> {
  const e = exprRecipe(depth);
  const leafStmt: fc.Arbitrary<StmtR> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('assign' as const), target: nat(1000), v: e }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('store' as const), physical: fc.boolean(), wide: rarely, addr: e, v: e }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('trap' as const), which: nat(10), v: fc.option(e, { nil: null }) }) },
    { weight: 1, arbitrary: fc.constant({ t: 'halt' as const }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('guard' as const), how: nat(3), level: nat(2), which: nat(10) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('gate' as const), reg: nat(10), bit: nat(3), userOnly: fc.boolean(), which: nat(10) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('sysread' as const), src: nat(10), dst: nat(10), v: e }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('syswrite' as const), dst: nat(10), v: e }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('modeset' as const), level: nat(2) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('mem' as const), store: fc.boolean(), dst: nat(10), addr: e, v: e }) },
  );
  const block = (n: number) => fc.array(leafStmt, { minLength: 0, maxLength: n });
  const nested: fc.Arbitrary<StmtR> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ t: fc.constant('if' as const), c: e, then: block(2), else: block(1) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('let' as const), w: nat(3), v: e, body: block(2) }) },
  );
  return fc.array(fc.oneof({ weight: 4, arbitrary: leafStmt }, { weight: 1, arbitrary: nested }), { minLength: 1, maxLength: maxStatements });
}

const faultRecipe = (depth: number): fc.Arbitrary<FaultR> =>
  fc.oneof(
    fc.constant({ t: 'never' as const }),
    fc.record({ t: fc.constant('user-above' as const), c: nat(15) }),
    fc.record({ t: fc.constant('random' as const), e: exprRecipe(depth) }),
  );

/** The plan arbitrary (exported for tests that want to look at plans). */
export function isaPlan(options: SmallIsaOptions = {}): fc.Arbitrary<IsaPlan> {
  const bank = options.bank ?? (bankedByDefault ? 'by' : undefined);
  const bankedBy = bank === 'by';
  const mappedWeight = Math.min(7, Math.max(1, options.mappedEighths ?? mappedWeightDefault));
  const walkAlways = options.walk ?? walkDefault;
  const maxInstructions = options.maxInstructions ?? 3;
  const body = stmtRecipes(options.maxStatements ?? 3, options.exprDepth ?? 2);
  const insn: fc.Arbitrary<InsnPlan> = fc.record({
    fields: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 }),
    operandKinds: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fixedLow: nat(63),
    exclude: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: nat(3) }), { minLength: 2, maxLength: 2 }),
    body,
  });
  const map = fc.oneof(
    ...(walkAlways ? [] : [fc.record({ kind: fc.constant('relocation-bounds' as const), above: fc.boolean() })]),
    fc.record({
      kind: fc.constant('described' as const),
      relocate: fc.boolean(),
      readsR0: fc.boolean(),
      rules: fc.tuple(faultRecipe(1), faultRecipe(1), faultRecipe(1)),
      // The mode selects the map (RISC-V's M-mode does not translate): pairs are placed alike.
      byMode: fc.option(fc.record({ level: nat(2), xor: nat(15) }), { nil: null, freq: 3 }),
      table: walkAlways
        ? fc.record({ at: nat(15), valid: nat(3), indexed: fc.boolean(), marks: nat(2) })
        : fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ at: nat(15), valid: nat(3), indexed: fc.boolean(), marks: marksDefault }) }),
      mappedMarks: nat(3),
    }),
  );
  return fc.record({
    aw: fc.integer({ min: 2, max: 4 }),
    map,
    modeWidth: fc.integer({ min: 1, max: 2 }),
    levelCount: fc.integer({ min: 2, max: 3 }),
    levelSeed: nat(23),
    supervisorSeed: nat(5),
    regs: fc.array(fc.record({ width: fc.integer({ min: 2, max: 4 }), system: fc.boolean() }), { minLength: bankedBy ? 2 : 1, maxLength: 3 }),
    file: fc.option(fc.record({ width: fc.integer({ min: 2, max: 3 }), system: fc.boolean(), hardwired: fc.option(nat(7), { nil: null }) }), { nil: null }),
    timing: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
    bigEndian: fc.boolean(),
    banked: bank ? fc.constant(true) : fc.boolean(),
    bankBy: bank === 'mode' ? fc.constant(null) : bankedBy ? nat(3) : fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nat(3) }),
    keepBank: fc.constant(bank !== undefined),
    mapped: fc.oneof({ weight: 8 - mappedWeight, arbitrary: fc.constant(null) }, { weight: mappedWeight, arbitrary: fc.record({ which: nat(7), cell: nat(15) }) }),
    config: fc.option(
      fc.record({ mask: fc.integer({ min: 1, max: 15 }), declare: fc.option(fc.record({ mask: fc.integer({ min: 1, max: 15 }), value: nat(15) }), { nil: null }) }),
      { nil: null },
    ),
    exception: fc.boolean(),
    svc: fc.boolean(),
    sequence: fc.record({ save: nat(2), at: nat(15), level: nat(2), jump: fc.option(nat(15), { nil: null }) }),
    opStart: nat(3),
    // Each slot may be empty, and an empty slot is what a slot shrinks to: so shrinking can drop
    // any instruction (shrinking an array drops only some of its elements).
    insns: fc
      .array(fc.option(insn, { nil: undefined, freq: 8 }), { minLength: 1, maxLength: maxInstructions })
      .filter((xs) => xs.some((x) => x !== undefined))
      .map((xs) => xs.filter((x): x is InsnPlan => x !== undefined)),
    // Half the twins' originals touch no storage (the checker shares only such entries).
    twin: fc.option(fc.record({ of: nat(2), reg: nat(2), near: nat(twinKinds.length - 1), pure: fc.boolean() }), { nil: null, freq: 2 }),
  });
}

// ---------------------------------------------------------------------------------------------
// Mapping a plan to a description.

const k = (width: number, value: number): Expr => ({ kind: 'const', width, value: String(value % 2 ** width) });
const ones = (w: number) => 2 ** w - 1;

/** `e` (of width `from`) made `to` bits wide: the low bits, or zero-extended. */
function adapt(e: Expr, from: number, to: number): Expr {
  if (from === to) return e;
  if (from > to) return { kind: 'extract', arg: e, hi: to - 1, lo: 0 };
  return { kind: 'extend', signed: false, arg: e, width: to };
}

interface Source {
  expr: Expr;
  width: number;
}

/** What expressions of a block may read. */
interface Env {
  aw: number;
  sources: Source[];
  /** Register-file reads (need an index). */
  files: { name: string; width: number; count: number }[];
  loads: boolean;
  /** Loads may be two cells wide. */
  wide: boolean;
  /** Names bound by `let` so far in the instruction. */
  lets: { n: number };
  /** Loads so far in the instruction (at most two: each multiplies what the oracle enumerates). */
  loadCount: { n: number };
}

function expr(r: ExprR, width: number, env: Env): Expr {
  const leaf = (pick: number): Expr => {
    const n = env.sources.length + env.files.length;
    const i = pick % Math.max(n, 1);
    if (n === 0) return k(width, pick);
    if (i < env.sources.length) {
      const s = env.sources[i]!;
      return adapt(s.expr, s.width, width);
    }
    const f = env.files[i - env.sources.length]!;
    const index = k(Math.log2(f.count), pick >> 3);
    return adapt({ kind: 'file', name: f.name, index }, f.width, width);
  };
  switch (r.t) {
    case 'leaf':
      return leaf(r.pick);
    case 'const':
      return k(width, r.v);
    case 'un':
      return { kind: 'unary', op: unaryOps[r.op % unaryOps.length]!, arg: expr(r.a, width, env) };
    case 'bin':
      return { kind: 'binary', op: binaryOps[r.op % binaryOps.length] as BinaryOp, left: expr(r.a, width, env), right: expr(r.b, width, env) };
    case 'cmp': {
      const w = [1, 2, 3, env.aw][r.w % 4]!;
      const c: Expr = { kind: 'compare', op: compareOps[r.op % compareOps.length] as CompareOp, left: expr(r.a, w, env), right: expr(r.b, w, env) };
      return adapt(c, 1, width);
    }
    case 'extract': {
      const lo = r.lo % 3;
      const inner = Math.min(width + lo + (r.extra % 2), 8);
      const hi = Math.min(lo + width - 1, inner - 1);
      return adapt({ kind: 'extract', arg: expr(r.a, inner, env), hi, lo }, hi - lo + 1, width);
    }
    case 'concat': {
      if (width < 2) return expr(r.a, width, env);
      const hiW = 1 + (r.split % (width - 1));
      return { kind: 'concat', parts: [expr(r.a, hiW, env), expr(r.b, width - hiW, env)] };
    }
    case 'extend': {
      if (width < 2) return expr(r.a, width, env);
      const from = 1 + (r.from % (width - 1));
      return { kind: 'extend', signed: r.signed, arg: expr(r.a, from, env), width };
    }
    case 'ite':
      return { kind: 'ite', cond: expr(r.c, 1, env), then: expr(r.a, width, env), else: expr(r.b, width, env) };
    case 'load': {
      if (!env.loads || env.loadCount.n >= 2) return leaf(r.lo);
      env.loadCount.n++;
      const lw = r.wide && env.wide ? 16 : 8;
      // The low or the high bits of a cell (of the second cell, for a wide load): few bits in all.
      const lo = r.lo % 2 === 0 ? 0 : lw - 2;
      const bits = Math.min(width, 2);
      // No load in an address: a chain of loads multiplies the cells the oracle enumerates.
      const load: Expr = { kind: 'load', space: r.physical ? 'physical' : 'virtual', addr: expr(r.addr, env.aw, { ...env, loads: false }), width: lw };
      return adapt({ kind: 'extract', arg: load, hi: lo + bits - 1, lo }, bits, width);
    }
  }
}

/** Names and widths of the ISA being built, for the statement mapper. */
interface Shape {
  aw: number;
  regs: RegisterDecl[];
  user: RegisterDecl[];
  system: RegisterDecl[];
  file: RegisterFileDecl | null;
  levels: { value: number; supervisor: boolean }[];
  modeWidth: number;
  traps: { privileged: string; others: string[] };
  valueWidth: number;
  relocation: string | null;
  timing: string | null;
}

function block(rs: StmtR[], s: Shape, env: Env): Block {
  const writable = [...s.regs.map((r) => ({ kind: 'reg' as const, name: r.name, width: r.width })), ...(s.file ? [0, 1].map((i) => ({ kind: 'file' as const, name: s.file!.name, index: i, width: s.file!.width })) : [])];
  const trapName = (which: number) => (which % 3 === 0 || s.traps.others.length === 0 ? s.traps.privileged : s.traps.others[which % s.traps.others.length]!);
  const M: Expr = { kind: 'reg', name: 'M' };
  const level = (i: number) => s.levels[i % s.levels.length]!.value;
  const users = s.levels.filter((l) => !l.supervisor);
  const isUser: Expr = users.map((l) => ({ kind: 'compare', op: 'eq', left: M, right: k(s.modeWidth, l.value) }) as Expr).reduce((a, b) => ({ kind: 'binary', op: 'or', left: a, right: b }));
  const out: Stmt[] = [];
  for (const r of rs) {
    switch (r.t) {
      case 'assign': {
        const t = writable[r.target % writable.length]!;
        if (t.kind === 'reg') out.push({ kind: 'assign', target: { kind: 'reg', name: t.name }, value: expr(r.v, t.width, env) });
        else {
          // Some writes pick the element by a computed index (as x[rd] does), so that two runs'
          // files can differ in more than one element (the checker compares them at one index).
          const index = r.target % 2 === 1 ? expr(r.v, 1, env) : k(1, t.index);
          out.push({ kind: 'assign', target: { kind: 'file', name: t.name, index }, value: expr(r.v, t.width, env) });
        }
        break;
      }
      case 'store': {
        const w = r.wide && env.wide ? 16 : 8;
        out.push({ kind: 'store', space: r.physical ? 'physical' : 'virtual', addr: expr(r.addr, s.aw, { ...env, loads: false }), value: expr(r.v, w, env) });
        break;
      }
      case 'let': {
        const name = `v${env.lets.n++}`;
        const w = [1, 2, 3, 4][r.w % 4]!;
        out.push({ kind: 'let', name, value: expr(r.v, w, env) });
        out.push(...block(r.body, s, { ...env, sources: [...env.sources, { expr: { kind: 'var', name }, width: w }] }));
        break;
      }
      case 'if':
        out.push({ kind: 'if', cond: expr(r.c, 1, env), then: block(r.then, s, env), else: block(r.else, s, env) });
        break;
      case 'trap':
        out.push(r.v ? { kind: 'trap', trap: trapName(r.which), value: expr(r.v, s.valueWidth, env) } : { kind: 'trap', trap: trapName(r.which) });
        break;
      case 'halt':
        out.push({ kind: 'halt' });
        break;
      case 'guard': {
        const cond: Expr =
          r.how === 0
            ? isUser
            : r.how === 1
              ? { kind: 'compare', op: 'eq', left: M, right: k(s.modeWidth, level(r.level)) }
              : r.how === 2
                ? { kind: 'compare', op: 'ne', left: M, right: k(s.modeWidth, level(r.level)) }
                : { kind: 'compare', op: 'ult', left: M, right: k(s.modeWidth, level(r.level)) };
        out.push({ kind: 'if', cond, then: [{ kind: 'trap', trap: trapName(r.which) }], else: [] });
        break;
      }
      case 'gate': {
        if (s.system.length === 0) break;
        const g = s.system[r.reg % s.system.length]!;
        const bit = r.bit % g.width;
        let cond: Expr = { kind: 'compare', op: 'eq', left: { kind: 'extract', arg: { kind: 'reg', name: g.name }, hi: bit, lo: bit }, right: k(1, 0) };
        if (r.userOnly) cond = { kind: 'binary', op: 'and', left: isUser, right: cond };
        out.push({ kind: 'if', cond, then: [{ kind: 'trap', trap: trapName(r.which) }], else: [] });
        break;
      }
      case 'sysread': {
        const srcs = [...s.system, ...s.regs.filter((x) => x.name === s.relocation || x.name === s.timing)];
        const src = srcs[r.src % srcs.length]!;
        const dsts = s.user.length > 0 ? s.user : s.regs.filter((x) => x.name !== 'M');
        const dst = dsts[r.dst % dsts.length]!;
        const from: Expr = { kind: 'reg', name: src.name };
        const value: Expr = r.v.t === 'const' && r.v.v % 2 === 0 ? adapt(from, src.width, dst.width) : { kind: 'binary', op: 'xor', left: adapt(from, src.width, dst.width), right: expr(r.v, dst.width, env) };
        out.push({ kind: 'assign', target: { kind: 'reg', name: dst.name }, value });
        break;
      }
      case 'syswrite': {
        const dsts = s.system;
        const dst = dsts[r.dst % dsts.length]!;
        out.push({ kind: 'assign', target: { kind: 'reg', name: dst.name }, value: expr(r.v, dst.width, env) });
        break;
      }
      case 'modeset':
        out.push({ kind: 'assign', target: { kind: 'reg', name: 'M' }, value: k(s.modeWidth, level(r.level)) });
        break;
      case 'mem': {
        const addr = expr(r.addr, s.aw, { ...env, loads: false });
        if (r.store || env.loadCount.n >= 2) out.push({ kind: 'store', space: 'virtual', addr, value: expr(r.v, 8, env) });
        else {
          const dsts = s.user.length > 0 ? s.user : s.regs.filter((x) => x.name !== 'M');
          const dst = dsts[r.dst % dsts.length]!;
          env.loadCount.n++;
          const lo = 0;
          const bits = Math.min(2, dst.width);
          const load: Expr = { kind: 'extract', arg: { kind: 'load', space: 'virtual', addr, width: 8 }, hi: lo + bits - 1, lo };
          out.push({ kind: 'assign', target: { kind: 'reg', name: dst.name }, value: adapt(load, bits, dst.width) });
        }
        break;
      }
    }
  }
  return out;
}

/** Level values and supervisor flags from the plan's seeds: distinct values, at least one of each kind. */
function levelsOf(plan: IsaPlan): { name: string; value: number; supervisor: boolean }[] {
  const count = plan.modeWidth === 1 ? 2 : plan.levelCount;
  const values = [...Array(2 ** plan.modeWidth).keys()];
  // A rotation of the values by the seed, then the first `count`.
  const rot = plan.levelSeed % values.length;
  const chosen = [...values.slice(rot), ...values.slice(0, rot)].slice(0, count);
  // supervisorSeed picks which are supervisor: never all, never none.
  const sup = chosen.map((_, i) => (i === 0 ? true : i === 1 ? false : plan.supervisorSeed % 2 === 0));
  return chosen.map((value, i) => ({ name: sup[i] ? `s${i}` : `u${i}`, value, supervisor: sup[i]! }));
}

/**
 * What the oracle pays for a plan's state, in bits: every register bit once, and the bits of
 * system state twice (a pair of states varies them on both sides; so does a state and its
 * monitor's real state).
 */
export function stateCost(q: IsaPlan): number {
  const configIndex = q.config ? q.regs.length - 1 : -1;
  return (
    q.aw +
    2 * q.modeWidth +
    q.regs.reduce((s, r, i) => s + (r.system || i === configIndex ? 2 : 1) * r.width, 0) +
    (q.file ? (q.file.system ? 2 : 1) * 2 * q.file.width : 0) +
    2 * (q.timing ?? 0) +
    (banksR0(q) ? 2 * 2 * q.regs[0]!.width : 0) +
    (q.map.kind === 'relocation-bounds' ? 2 * q.aw : q.map.relocate ? q.aw : 0) +
    (q.twin ? 2 * twinWidth(q) : 0)
  );
}

/** The twin register's width (counted as system state: a near miss may make it so). */
function twinWidth(q: IsaPlan): number {
  const r = q.regs[q.twin!.reg % q.regs.length]!;
  return twinKinds[q.twin!.near % twinKinds.length] === 'width' ? (r.width === 2 ? 3 : r.width - 1) : r.width;
}

/** The Ri whose low bit chooses R0's bank, when R0 is banked by a register rather than by the mode (not the configurable one). */
function bankSelector(q: IsaPlan): number | undefined {
  if (!banksR0(q) || q.bankBy == null) return undefined;
  const configIndex = q.config ? q.regs.length - 1 : -1;
  const candidates = q.regs.map((_, i) => i).filter((i) => i > 0 && i !== configIndex);
  return candidates.length > 0 ? candidates[q.bankBy % candidates.length] : undefined;
}

/** Whether R0 is banked: asked for, and R0 is not the configurable register (a configuration cannot hold banked state). */
function banksR0(q: IsaPlan): boolean {
  return q.banked && !(q.config && q.regs.length === 1);
}

/** The plan with optional parts dropped until its state costs at most `stateBits` (see stateCost). */
export function fitPlan(plan: IsaPlan, stateBits: number): IsaPlan {
  const p: IsaPlan = structuredClone(plan);
  if (p.map.kind === 'relocation-bounds') p.aw = Math.min(p.aw, 3);
  const bits = (q: IsaPlan) => stateCost(q);
  const steps: ((q: IsaPlan) => boolean)[] = [
    (q) => q.aw > 2 && !!(q.aw--, true),
    (q) => q.timing !== null && q.timing > 1 && !!(q.timing--, true),
    (q) => q.regs.some((r) => r.width > 2) && !!(q.regs.find((r) => r.width > 2)!.width--, true),
    (q) => q.file !== null && q.file.width > 2 && !!(q.file.width--, true),
    (q) => q.file !== null && !!((q.file = null), true),
    (q) => q.timing !== null && !!((q.timing = null), true),
    (q) => q.regs.length > (q.keepBank ? 2 : 1) && !!(q.regs.pop(), true),
    (q) => !q.keepBank && q.banked && !!((q.banked = false), true),
    (q) => !!q.twin && !!((q.twin = null), true),
    (q) => q.modeWidth > 1 && !!(q.modeWidth--, true),
  ];
  while (bits(p) > stateBits) {
    if (!steps.some((s) => s(p))) break;
  }
  return p;
}

/**
 * The described map's physical address: `vaddr`, or `vaddr + L` when it relocates; where the mode
 * selects the map, that only in one level (`vaddr + L`, or `vaddr ^ c` without L) and `vaddr` in
 * the others.
 */
function physicalOfPlan(m: Extract<IsaPlan['map'], { kind: 'described' }>, aw: number, modeWidth: number, levels: readonly { value: number }[]): Expr {
  const direct = directPhysicalOfPlan(m, aw, modeWidth, levels);
  if (!m.table) return direct;
  // The entry's low two bits only: each bit the walk reads multiplies the states the oracle visits.
  const bits: Expr = { kind: 'extract', arg: tableEntry(m.table, aw), hi: 1, lo: 0 };
  return { kind: 'binary', op: 'xor', left: direct, right: aw === 2 ? bits : { kind: 'extend', signed: false, arg: bits, width: aw } };
}

/**
 * The page-table entry a walking map reads: the cell at physical `at` (modulo storage), or with
 * `indexed` the entry of the virtual address's half (its top bit added to `at`), as a page table
 * has one entry per page.
 */
function tableEntry(t: { at: number; indexed?: boolean }, aw: number): Expr {
  return { kind: 'load', space: 'physical', addr: entryCell(t, aw), width: 8 };
}

/** The physical cell of the entry `tableEntry` reads. */
function entryCell(t: { at: number; indexed?: boolean }, aw: number): Expr {
  const at = k(aw, t.at % 2 ** aw);
  const page: Expr = { kind: 'extend', signed: false, arg: { kind: 'extract', arg: { kind: 'var', name: 'vaddr' }, hi: aw - 1, lo: aw - 1 }, width: aw };
  return t.indexed ? { kind: 'binary', op: 'add', left: at, right: page } : at;
}

/**
 * The walk's stores of a table plan (`marks`): every access that does not fault marks the entry
 * with bit 6 (A); with marks 2 the entry keeps bit 5 (D), and a store whose entry has D clear then
 * sets it (with A). The entry is rewritten keeping only the bits the walk reads (valid, the low
 * two) and D: the oracle enumerates a cell over the bits anything demands of it, and a store of
 * the whole entry would demand every bit of every cell (minutes per ISA instead of seconds).
 */
function marksOfTable(t: { at: number; indexed?: boolean; marks?: number }, aw: number): DescribedMap['updates'] {
  const marks = (t.marks ?? 0) % 3;
  if (marks === 0) return undefined;
  const entry = tableEntry(t, aw);
  const rewrite = (kept: number, bits: number): Expr => ({ kind: 'binary', op: 'or', left: { kind: 'binary', op: 'and', left: entry, right: k(8, kept) }, right: k(8, bits) });
  const a = (kept: number): MapUpdate => ({ when: k(1, 1), cell: entryCell(t, aw), value: rewrite(kept, 0x40) });
  if (marks === 1) return [a(0x83)];
  const d: MapUpdate = { when: { kind: 'compare', op: 'eq', left: { kind: 'extract', arg: entry, hi: 5, lo: 5 }, right: k(1, 0) }, cell: entryCell(t, aw), value: rewrite(0x83, 0x60) };
  return { fetch: [a(0xa3)], read: [a(0xa3)], write: [a(0xa3), d] };
}

/**
 * The walk's stores of a plan without a table onto its mapped register's cell `cell` (or the
 * plain cell after it), by `mappedMarks` (see `IsaPlan`). They read the register by name, not
 * through its cell: a walk that loads makes every instruction demand every bit of a cell
 * (demand.ts), and a mapped ISA runs on the oracle's reference engine (seed 11: 88 s for one).
 */
function marksOfMapped(marks: number, register: { name: string; width: number }, cell: number, aw: number): DescribedMap['updates'] {
  const at = k(aw, cell % 2 ** aw);
  const reg: Expr = { kind: 'reg', name: register.name };
  const now: Expr = register.width < 8 ? { kind: 'extend', signed: false, arg: reg, width: 8 } : reg;
  const set: Expr = { kind: 'binary', op: 'or', left: now, right: k(8, 1) };
  const clear: Expr = { kind: 'compare', op: 'eq', left: { kind: 'extract', arg: now, hi: 0, lo: 0 }, right: k(1, 0) };
  switch (marks % 4) {
    case 1:
      return [{ when: k(1, 1), cell: at, value: set }];
    case 2:
      return { fetch: [], read: [], write: [{ when: clear, cell: at, value: set }] };
    case 3:
      return { fetch: [], read: [], write: [{ when: k(1, 1), cell: k(aw, (cell + 1) % 2 ** aw), value: k(8, 0x40) }] };
    default:
      return undefined;
  }
}

function directPhysicalOfPlan(m: Extract<IsaPlan['map'], { kind: 'described' }>, aw: number, modeWidth: number, levels: readonly { value: number }[]): Expr {
  const vaddr: Expr = { kind: 'var', name: 'vaddr' };
  const relocated: Expr = { kind: 'binary', op: 'add', left: vaddr, right: { kind: 'reg', name: 'L' } };
  if (!m.byMode) return m.relocate ? relocated : vaddr;
  const level = levels[m.byMode.level % levels.length]!.value;
  return {
    kind: 'ite',
    cond: { kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'M' }, right: k(modeWidth, level) },
    then: m.relocate ? relocated : { kind: 'binary', op: 'xor', left: vaddr, right: k(aw, m.byMode.xor % 2 ** aw) },
    else: vaddr,
  };
}

export function isaOfPlan(plan0: IsaPlan, stateBits = defaultStateBits): IsaDescription {
  const plan = fitPlan(plan0, stateBits);
  const aw = plan.aw;
  const levels = levelsOf(plan);
  const rb = plan.map.kind === 'relocation-bounds';
  const described = plan.map.kind === 'described' ? plan.map : null;
  // The configurable register is the last Ri, forced to system state; the map reads only R0.
  const configIndex = plan.config ? plan.regs.length - 1 : -1;
  const mapReadsR0 = !!described?.readsR0 && configIndex !== 0;
  const regs: RegisterDecl[] = [
    { name: 'PC', width: aw, kind: 'user' },
    { name: 'M', width: plan.modeWidth, kind: 'system', reset: String(levels.find((l) => l.supervisor)!.value) },
    ...(rb || described?.relocate ? [{ name: 'L', width: aw, kind: 'system' as const }] : []),
    ...(rb ? [{ name: 'B', width: aw, kind: 'system' as const, reset: String(ones(aw)) }] : []),
  ];
  let configuration: ConfigurationDecl[] | undefined;
  plan.regs.forEach((r, i) => {
    const decl: RegisterDecl = { name: `R${i}`, width: r.width, kind: r.system || i === configIndex ? 'system' : 'user' };
    if (i === configIndex) {
      const mask = plan.config!.mask & ones(r.width) || 1;
      decl.configurable = String(mask);
      if (plan.config!.declare) {
        const m = plan.config!.declare.mask & mask || mask;
        configuration = [{ register: decl.name, mask: String(m), value: String(plan.config!.declare.value & m) }];
      }
    }
    regs.push(decl);
  });
  if (plan.timing) regs.push({ name: 'T', width: plan.timing, kind: 'system' });
  // The twin register Q: R's declaration again (or a near miss), declared last and read only by J
  // (and, for some near misses, the trap sequence or the map).
  const twinOf = plan.twin ? plan.insns[plan.twin.of % plan.insns.length]! : undefined;
  const twinR = plan.twin ? `R${plan.twin.reg % plan.regs.length}` : undefined;
  let twinKind: TwinKind = plan.twin ? twinKinds[plan.twin.near % twinKinds.length]! : 'alike';
  if (twinKind === 'map-reads' && plan.map.kind !== 'described') twinKind = 'sequence-reads';
  if (twinKind === 'field-layout' && !(twinOf && twinOf.fields.length > 0)) twinKind = 'alike';
  const twinDecl: RegisterDecl | undefined = plan.twin
    ? (() => {
        const r = regs.find((x) => x.name === twinR)!;
        const q: RegisterDecl = { ...r, name: 'Q' };
        if (twinKind === 'reset') q.reset = String((Number(r.reset ?? '0') + 1) % 2 ** r.width);
        if (twinKind === 'kind') {
          q.kind = r.kind === 'user' ? 'system' : 'user';
          delete q.configurable;
        }
        // A timing resource or a register the map reads is never configurable.
        if (twinKind === 'timing' || twinKind === 'map-reads') delete q.configurable;
        if (twinKind === 'width') {
          q.width = twinWidth(plan);
          if (q.configurable) q.configurable = String(Number(q.configurable) & ones(q.width) || 1);
        }
        return q;
      })()
    : undefined;
  const selector = bankSelector(plan);
  const selectorValues = (odd: number) => Array.from({ length: 2 ** plan.regs[selector ?? 0]!.width }, (_, v) => v).filter((v) => v % 2 === odd);
  const banked: BankedDecl | undefined = !banksR0(plan)
    ? undefined
    : selector !== undefined
      ? {
          state: { register: 'R0' },
          by: `R${selector}`,
          banks: [
            { copy: 'R0_e', values: selectorValues(0) },
            { copy: 'R0_o', values: selectorValues(1) },
          ],
        }
      : {
          state: { register: 'R0' },
          banks: [
            { copy: 'R0_s', levels: levels.filter((l) => l.supervisor).map((l) => l.name) },
            { copy: 'R0_u', levels: levels.filter((l) => !l.supervisor).map((l) => l.name) },
          ],
        };
  const file: RegisterFileDecl | null = plan.file
    ? {
        name: 'X',
        count: 2,
        width: plan.file.width,
        kind: plan.file.system ? 'system' : 'user',
        ...(plan.file.hardwired !== null ? { hardwired: [{ index: plan.file.hardwired % 2, value: String((plan.file.hardwired >> 1) % 2 ** plan.file.width) }] } : {}),
      }
    : null;

  const kinds: TrapKind[] = [
    { name: 'mem', class: 'memory', code: 0 },
    { name: 'ill', class: 'illegal-instruction', code: 1 },
    { name: 'priv', class: 'privileged-instruction', code: 2 },
    ...(plan.exception ? [{ name: 'exc', class: 'exception' as const, code: 3 }] : []),
    ...(plan.svc ? [{ name: 'svc', class: 'supervisor-call' as const, code: 4 }] : []),
  ];
  const valueWidth = 8;

  // The described map's rules: expressions over M, R0 (when it may) and vaddr.
  const mapEnv: Env = {
    aw,
    sources: [
      { expr: { kind: 'reg', name: 'M' }, width: plan.modeWidth },
      { expr: { kind: 'var', name: 'vaddr' }, width: aw },
      ...(mapReadsR0 ? [{ expr: { kind: 'reg', name: 'R0' } as Expr, width: plan.regs[0]!.width }] : []),
    ],
    files: [],
    loads: false,
    wide: false,
    lets: { n: 0 },
    loadCount: { n: 0 },
  };
  const userLevel = levels.find((l) => !l.supervisor)!.value;
  const rule = (f: FaultR): AccessRule => ({
    trap: 'mem',
    fault:
      f.t === 'never'
        ? k(1, 0)
        : f.t === 'user-above'
          ? {
              kind: 'binary',
              op: 'and',
              left: { kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'M' }, right: k(plan.modeWidth, userLevel) },
              right: { kind: 'compare', op: 'ugt', left: { kind: 'var', name: 'vaddr' }, right: k(aw, f.c) },
            }
          : expr(f.e, 1, mapEnv),
  });
  const vaddr: Expr = { kind: 'var', name: 'vaddr' };
  // A walking map's entry must be valid (top bit set) for the access kind its plan names.
  const walked = (r: AccessRule, kind: number): AccessRule => {
    if (!described?.table || described.table.valid !== kind) return r;
    const invalid: Expr = { kind: 'compare', op: 'eq', left: { kind: 'extract', arg: tableEntry(described.table, aw), hi: 7, lo: 7 }, right: k(1, 0) };
    return { ...r, fault: { kind: 'binary', op: 'or', left: r.fault, right: invalid } };
  };
  // The mapped register: the mode or any register but the PC and the timing one.
  const mappable = regs.filter((r) => r.name !== 'PC' && r.name !== 'T' && !(banked && r.name === 'R0'));
  const mapped = plan.mapped && !described?.table ? [{ register: mappable[plan.mapped.which % mappable.length]!.name, cell: plan.mapped.cell % 2 ** aw }] : undefined;
  // Walk stores onto it (a bank selector too: a walk store there switches banks).
  const mappedReg = mapped && regs.find((r) => r.name === mapped[0]!.register);
  const mappedUpdates = described && mapped && mappedReg ? marksOfMapped(described.mappedMarks ?? 0, mappedReg, mapped[0]!.cell, aw) : undefined;
  const addressMap: IsaDescription['state']['addressMap'] = described
    ? {
        kind: 'described',
        fetch: walked(rule(described.rules[0]), 0),
        read: walked(rule(described.rules[1]), 1),
        write: walked(rule(described.rules[2]), 2),
        physical: physicalOfPlan(described, aw, plan.modeWidth, levels),
        ...(described.table && marksOfTable(described.table, aw) ? { updates: marksOfTable(described.table, aw)! } : {}),
        ...(mappedUpdates ? { updates: mappedUpdates } : {}),
      }
    : { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: plan.map.kind === 'relocation-bounds' && plan.map.above ? 'above' : 'at-or-above', trap: 'mem' };

  const sup = levels.filter((l) => l.supervisor);
  const PC: Expr = { kind: 'reg', name: 'PC' };
  const saved: Expr =
    plan.sequence.save === 0 ? adapt(PC, aw, 8) : plan.sequence.save === 1 ? adapt({ kind: 'trapInfo', which: 'code' }, 3, 8) : { kind: 'trapInfo', which: 'value' };
  const sequence: Block = [
    { kind: 'store', space: 'physical', addr: k(aw, plan.sequence.at), value: saved },
    { kind: 'assign', target: { kind: 'reg', name: 'M' }, value: k(plan.modeWidth, sup[plan.sequence.level % sup.length]!.value) },
    ...(plan.sequence.jump !== null ? [{ kind: 'assign' as const, target: { kind: 'reg' as const, name: 'PC' }, value: k(aw, plan.sequence.jump) }] : []),
    ...(twinDecl && twinKind === 'sequence-writes' ? [{ kind: 'assign' as const, target: { kind: 'reg' as const, name: 'Q' }, value: k(twinDecl.width, 1) }] : []),
    ...(twinDecl && twinKind === 'sequence-reads'
      ? [{ kind: 'store' as const, space: 'physical' as const, addr: k(aw, plan.sequence.at + 1), value: adapt({ kind: 'reg', name: 'Q' }, twinDecl.width, 8) }]
      : []),
  ];
  if (twinDecl && twinKind === 'map-reads' && addressMap.kind === 'described') {
    const r = addressMap.read as AccessRule;
    addressMap.read = { ...r, fault: { kind: 'binary', op: 'or', left: r.fault, right: { kind: 'compare', op: 'eq', left: { kind: 'reg', name: 'Q' }, right: k(twinDecl.width, 0) } } };
  }

  const shape: Shape = {
    aw,
    regs,
    user: regs.filter((r) => r.kind === 'user' && r.name !== 'PC'),
    system: regs.filter((r) => r.kind === 'system'),
    file,
    levels,
    modeWidth: plan.modeWidth,
    traps: { privileged: 'priv', others: kinds.filter((t) => t.class !== 'memory').map((t) => t.name) },
    valueWidth,
    relocation: regs.some((r) => r.name === 'L') ? 'L' : null,
    timing: plan.timing ? 'T' : null,
  };

  const instructionOf = (ip: InsnPlan, n: number, shape: Shape, mnemonic: string, near: TwinKind = 'alike'): InstructionDecl => {
    // Fields of 1-2 bits, 3 bits in all, below the 2-bit opcode; the other bits fixed.
    const fields: FieldDecl[] = [];
    let at = 6;
    let used = 0;
    ip.fields.forEach((w, j) => {
      if (used + w > 3) return;
      at -= w;
      used += w;
      const register = file !== null && w === 1 && ip.operandKinds[j];
      const ex = ip.exclude?.[j] ?? -1;
      fields.push({
        name: `f${j}`,
        width: w,
        slices: [{ fieldHi: w - 1, fieldLo: 0, at }],
        operand: register ? { kind: 'register', file: 'X' } : { kind: 'immediate', signed: false },
        // Some words of the instruction are none: the checker's word must never be one of them.
        ...(ex >= 0 ? { excluded: [ex % 2 ** w] } : {}),
      });
    });
    // A near miss in the operand fields: the first one excludes another value (or none).
    if (near === 'field-layout' && fields.length > 0) {
      const f = fields[0]!;
      if (f.excluded) delete f.excluded;
      else f.excluded = [0];
    }
    const fixed = [{ hi: 7, lo: 6, value: (plan.opStart + n) % 4 }, ...(at > 0 ? [{ hi: at - 1, lo: 0, value: ip.fixedLow % 2 ** at }] : [])];
    const env: Env = {
      aw,
      sources: [
        ...shape.regs.map((r) => ({ expr: { kind: 'reg', name: r.name } as Expr, width: r.width })),
        ...fields.map((f) => ({ expr: { kind: 'field', name: f.name } as Expr, width: f.width })),
        // A bank's copy by name, whatever the mode (R13_svc).
        ...(banked ? banked.banks.map((b) => ({ expr: { kind: 'reg', name: b.copy } as Expr, width: regs[regs.findIndex((r) => r.name === 'R0')]!.width })) : []),
      ],
      files: file ? [{ name: file.name, width: file.width, count: file.count }] : [],
      loads: true,
      wide: true,
      lets: { n: 0 },
      loadCount: { n: 0 },
    };
    return {
      mnemonic,
      cite: 'random',
      class: 'innocuous',
      encoding: { bits: 8, fixed, fields },
      syntax: [mnemonic.toLowerCase(), fields.map((f) => `{${f.name}}`).join(', ')].filter((x) => x).join(' '),
      semantics: block(ip.body, shape, env),
    };
  };
  const twinIndex = plan.twin ? plan.twin.of % plan.insns.length : -1;
  const pure = (ip: InsnPlan): InsnPlan => (plan.twin?.pure ? { ...ip, body: withoutStorage(ip.body) } : ip);
  const instructions: InstructionDecl[] = plan.insns.map((ip, n) => instructionOf(n === twinIndex ? pure(ip) : ip, n, shape, `I${n}`));
  if (twinOf && twinDecl) {
    // J: the recipe of I`of` over Q in R's place (the same picks, so the same semantics renamed).
    const swap = (rs: readonly RegisterDecl[]) => rs.map((r) => (r.name === twinR ? twinDecl : r));
    instructions.push(instructionOf(pure(twinOf), plan.insns.length, { ...shape, regs: swap(shape.regs), user: swap(shape.user), system: swap(shape.system) }, 'J', twinKind));
  }

  const source: IsaDescription = {
    format: 'vmcheck-isa/1',
    name: 'random',
    summary: `a random small ISA${plan.twin && twinOf ? `; twin J of I${plan.twin.of % plan.insns.length} over Q for ${twinR}: ${twinKind}` : ''}`,
    state: {
      ...(banked ? { banked: [banked] } : {}),
      registers: twinDecl ? [...regs, twinDecl] : regs,
      files: file ? [file] : [],
      pc: 'PC',
      mode: { register: 'M', levels },
      storage: { cellBits: 8, addressBits: aw, cells: 2 ** aw, ...(plan.bigEndian ? { endianness: 'big' as const } : {}), ...(mapped ? { mapped } : {}) },
      addressMap,
      timing: [...(plan.timing ? ['T'] : []), ...(twinDecl && twinKind === 'timing' ? ['Q'] : [])],
      ...(configuration ? { configuration } : {}),
    },
    traps: { codeWidth: 3, valueWidth, kinds, sequence },
    instructions,
  };
  // Consumers see descriptions lowered (spec/lower/), as loading would make them.
  return banked ? lowerBankedRegisters(source).isa : source;
}

/** Random small ISAs (valid by construction; shrinking shrinks the plan). */
export function smallIsa(options: SmallIsaOptions = {}): fc.Arbitrary<IsaDescription> {
  return isaPlan(options).map((p) => isaOfPlan(p, options.stateBits ?? defaultStateBits));
}

// ---------------------------------------------------------------------------------------------
// What the generator reaches.

/** Whether `e` loads from an address that is not a constant (a table indexed by the address). */
function loadsAtComputedAddress(e: Expr): boolean {
  switch (e.kind) {
    case 'load':
      return e.addr.kind !== 'const' || loadsAtComputedAddress(e.addr);
    case 'const':
    case 'reg':
    case 'field':
    case 'var':
    case 'trapInfo':
      return false;
    case 'file':
      return loadsAtComputedAddress(e.index);
    case 'unary':
    case 'extract':
    case 'extend':
      return loadsAtComputedAddress(e.arg);
    case 'binary':
    case 'compare':
      return loadsAtComputedAddress(e.left) || loadsAtComputedAddress(e.right);
    case 'concat':
      return e.parts.some(loadsAtComputedAddress);
    case 'ite':
      return [e.cond, e.then, e.else].some(loadsAtComputedAddress);
    case 'let':
      return loadsAtComputedAddress(e.value) || loadsAtComputedAddress(e.body);
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The features of an ISA, for fast-check statistics and the reach test. */
export function isaFeatures(isa: IsaDescription): string[] {
  const out = new Set<string>();
  const s = isa.state;
  out.add(`map:${s.addressMap.kind}`);
  if (s.addressMap.kind === 'described') {
    out.add(`map:described:${s.registers.some((r) => r.name === 'L') ? 'relocating' : 'identity'}`);
    if (mapReadsStorage(isa)) out.add('map:described:walks');
    const mappedCells = new Set((s.storage.mapped ?? []).map((m) => m.cell));
    const updates = Object.values(s.addressMap.updates ?? {}).flat() as MapUpdate[];
    if (mapWritesStorage(isa) && mappedCells.size === 0) out.add(Array.isArray(s.addressMap.updates) ? 'map:described:walks:stores' : 'map:described:walks:stores:dirty');
    // Walk stores with registers mapped into storage: onto a mapped register's cell, or beside it.
    else if (mapWritesStorage(isa))
      out.add(updates.some((u) => u.cell.kind === 'const' && mappedCells.has(Number(BigInt(u.cell.value)))) ? 'map:described:stores:mapped' : 'map:described:stores:beside-mapped');
    const m = s.addressMap;
    const physical = typeof m.physical === 'object' && 'kind' in m.physical ? [m.physical as Expr] : Object.values(m.physical as Record<string, Expr>);
    if (physical.some(loadsAtComputedAddress)) out.add('map:described:walks:indexed');
    if (partition(isa).modeSelectsMap) out.add('map:described:mode-selected');
    // Some instruction whose mode-sensitivity the checker answers without the map's reads (proofs/map-placed-alike.ts).
    const part = partition(isa);
    const hides = (insn: InstructionDecl) => {
      const deps = dependencies(insn.semantics, mappedViews(isa));
      return mapReadsHidden(isa, part, deps) && part.physicalRegs.some((r) => part.modeLike.regs.includes(r) && !deps.reads.has(r));
    };
    if (isa.instructions.some(hides)) out.add('map:described:mode-selected:reads-hidden');
    // Some instruction the exact per-step condition calls safe by data flow while it loads or stores (proofs/findings.ts runsAlikeInPlace).
    const user = new Set([part.pc, ...part.userRegs, ...part.userFiles]);
    const alikeWithStorage = (insn: InstructionDecl) => {
      const deps = dependencies(insn.semantics, mappedViews(isa));
      return deps.storage && mapReadsHidden(isa, part, deps) && [...deps.reads, ...deps.writes].every((n) => user.has(n));
    };
    if (isa.instructions.some(alikeWithStorage)) out.add('map:described:mode-selected:direct-alike-with-storage');
    // Location-sensitivity against the monitor's composed map (proofs/definitions/README.md): an
    // instruction that reads a composed map register (the map's, but the mode and the PC), one
    // that makes a physical access.
    const composed = part.mapRegs.filter((r) => r !== s.mode.register && r !== s.pc);
    const text = (insn: InstructionDecl) => JSON.stringify(insn.semantics);
    if (isa.instructions.some((i) => composed.some((r) => text(i).includes(`"kind":"reg","name":"${r}"`)))) out.add('location:composed:reads-map-register');
    if (isa.instructions.some((i) => text(i).includes('"space":"physical"'))) out.add('location:composed:physical-access');
  } else out.add(`bound:${s.addressMap.boundTest}`);
  out.add(`levels:${s.mode.levels.length}`);
  out.add(`mode-width:${s.registers.find((r) => r.name === s.mode.register)!.width}`);
  out.add(`address-bits:${s.storage.addressBits}`);
  out.add(`endianness:${s.storage.endianness ?? 'little'}`);
  if (s.registers.some((r) => r.bankOf)) {
    out.add('banked');
    const by = s.registers.find((r) => r.bankOf && 'by' in r.bankOf)?.bankOf;
    if (by && 'by' in by) {
      out.add(`banked:by:${s.registers.find((r) => r.name === by.by)!.kind}`);
      if (s.storage.mapped?.some((m) => m.register === by.by)) out.add(mapWritesStorage(isa) ? 'banked:by:mapped:walk-stores' : 'banked:by:mapped');
    }
    // A step the lowering rewrote: it switches banks (a mode write) or names a copy.
    if (isa.instructions.some((i) => i.semantics[0]?.kind === 'let' && i.semantics[0].name === BANK_MODE)) out.add('banked:rewritten');
  }
  out.add(`instructions:${isa.instructions.length}`);
  for (const m of s.storage.mapped ?? []) {
    out.add('mapped');
    if (s.registers.some((r) => r.bankOf) && m.register === s.mode.register) out.add('mapped:mode:banked');
    out.add(m.register === s.mode.register ? 'mapped:mode' : `mapped:${s.registers.find((r) => r.name === m.register)!.kind}`);
  }
  if (s.files.length) out.add(`file:${s.files[0]!.kind}`);
  if (s.files.some((f) => f.hardwired?.length)) out.add('file:hardwired');
  if (s.timing.length) out.add('timing');
  if (s.registers.some((r) => r.configurable)) out.add('configurable');
  if (s.configuration) out.add('configuration:declared');
  for (const t of isa.traps.kinds) out.add(`trap-kind:${t.class}`);
  const systemRegs = new Set(s.registers.filter((r) => r.kind === 'system').map((r) => r.name));
  const userRegs = new Set(s.registers.filter((r) => r.kind === 'user').map((r) => r.name));
  const readsReg = (e: Expr, names: Set<string>): boolean => JSON.stringify(e).match(/"kind":"reg","name":"([^"]+)"/g)?.some((m) => names.has(m.split('"')[7]!)) ?? false;
  const visitE = (e: Expr): void => {
    out.add(`expr:${e.kind}`);
    if (e.kind === 'unary' || e.kind === 'binary' || e.kind === 'compare') out.add(`op:${e.op}`);
    if (e.kind === 'load') out.add(`load:${e.space}${e.width > 8 ? ':wide' : ''}`);
    if (e.kind === 'load' && e.width > 8) out.add(`load:wide:${s.storage.endianness ?? 'little'}`);
    if (e.kind === 'extend') out.add(`extend:${e.signed ? 'signed' : 'zero'}`);
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object') {
        if (Array.isArray(v)) v.forEach((x) => typeof x === 'object' && visitE(x as Expr));
        else if ('kind' in v) visitE(v as Expr);
      }
    }
  };
  const visitB = (b: Block, inIf: boolean, fields: readonly FieldDecl[], outer: ReadonlyMap<string, number>): void => {
    const vars = new Map(outer);
    for (const st of b) {
      switch (st.kind) {
        case 'assign':
          out.add(`stmt:assign-${st.target.kind}`);
          if (st.target.kind === 'reg' && st.target.name === s.mode.register) out.add('shape:writes-mode');
          else if (st.target.kind === 'reg' && systemRegs.has(st.target.name)) out.add('shape:writes-system');
          if (st.target.kind === 'reg' && userRegs.has(st.target.name) && readsReg(st.value, systemRegs)) out.add('shape:system-into-user');
          if (st.target.kind === 'reg' && userRegs.has(st.target.name) && readsReg(st.value, new Set(['L']))) out.add('shape:reads-relocation');
          if (st.target.kind === 'file') {
            if (st.target.index.kind !== 'const') out.add(`file:${s.files.find((f) => f.name === (st.target as { name: string }).name)!.kind}:computed-index-write`);
            visitE(st.target.index);
          }
          visitE(st.value);
          break;
        case 'store':
          out.add(`stmt:store-${st.space}`);
          if (widthOf(st.value, widthEnv(isa, fields, vars)) > 8) out.add(`store:wide:${s.storage.endianness ?? 'little'}`);
          visitE(st.addr);
          visitE(st.value);
          break;
        case 'let':
          out.add('stmt:let');
          visitE(st.value);
          vars.set(st.name, widthOf(st.value, widthEnv(isa, fields, vars)));
          break;
        case 'if':
          out.add('stmt:if');
          if (st.then.length === 1 && st.then[0]!.kind === 'trap') {
            if (readsReg(st.cond, new Set([s.mode.register]))) out.add('shape:mode-guard');
            if (readsReg(st.cond, new Set([...systemRegs].filter((r) => r !== s.mode.register)))) out.add('shape:system-gate');
          }
          visitE(st.cond);
          visitB(st.then, true, fields, vars);
          visitB(st.else, true, fields, vars);
          break;
        case 'trap':
          out.add(st.value ? 'stmt:trap-value' : 'stmt:trap');
          if (st.value) visitE(st.value);
          break;
        case 'halt':
          out.add('stmt:halt');
          break;
      }
    }
    void inIf;
  };
  for (const insn of isa.instructions) {
    visitB(insn.semantics, false, insn.encoding.fields, new Map());
    if (insn.encoding.fields.length) out.add(`fields:${insn.encoding.fields.length}`);
    if (insn.encoding.fields.some((f) => f.operand.kind === 'register')) out.add('field:register');
    if (insn.encoding.fields.some((f) => f.excluded)) out.add('field:excluded');
  }
  for (const f of twinFeatures(isa)) out.add(f);
  return [...out];
}

/**
 * A twin's kind (`twin:alike`, `twin:reset`, …) and whether the checker shares J's findings with
 * I`of`'s (`twin:<kind>:shared` or `:apart`), under the declared configuration or none.
 */
export function twinFeatures(isa: IsaDescription): string[] {
  const m = /; twin J of (I\d) over Q for R\d: ([a-z-]+)$/.exec(isa.summary);
  if (!m) return [];
  // J does not name Q when I`of` does not name R: then J is I`of` again, alike under no renaming.
  if (!JSON.stringify(isa.instructions.find((i) => i.mnemonic === 'J')!.semantics).includes('"name":"Q"')) m[2] = 'copy';
  const shared = shareClasses(isa, isa.state.configuration ?? []).get('J')?.representative === m[1];
  return [`twin:${m[2]}`, `twin:${m[2]}:${shared ? 'shared' : 'apart'}`];
}

/** Every feature the reach test requires the generator to produce (test/oracle/random-isa.test.ts). */
export const requiredFeatures: readonly string[] = [
  'map:relocation-bounds',
  'map:described',
  'map:described:relocating',
  'map:described:identity',
  'map:described:mode-selected',
  'map:described:mode-selected:reads-hidden',
  'map:described:mode-selected:direct-alike-with-storage',
  'map:described:walks',
  'map:described:walks:stores',
  'map:described:walks:stores:dirty',
  'map:described:stores:mapped',
  'map:described:stores:beside-mapped',
  'location:composed:reads-map-register',
  'location:composed:physical-access',
  'bound:above',
  'bound:at-or-above',
  'levels:2',
  'levels:3',
  'mode-width:1',
  'mode-width:2',
  'address-bits:2',
  'address-bits:3',
  'address-bits:4',
  'endianness:little',
  'endianness:big',
  'banked',
  'banked:rewritten',
  'mapped',
  'mapped:mode',
  'mapped:system',
  'mapped:user',
  'instructions:1',
  'instructions:2',
  'instructions:3',
  'file:user',
  'file:user:computed-index-write',
  'file:system',
  'file:hardwired',
  'timing',
  'configurable',
  'configuration:declared',
  'trap-kind:exception',
  'trap-kind:supervisor-call',
  'fields:1',
  'fields:2',
  'field:register',
  'field:excluded',
  ...['assign-reg', 'assign-file', 'store-virtual', 'store-physical', 'let', 'if', 'trap', 'trap-value', 'halt'].map((x) => `stmt:${x}`),
  ...['const', 'reg', 'file', 'field', 'var', 'unary', 'binary', 'compare', 'extract', 'concat', 'extend', 'ite', 'load'].map((x) => `expr:${x}`),
  ...[...unaryOps, ...binaryOps, ...compareOps].map((x) => `op:${x}`),
  'load:virtual',
  'load:physical',
  'load:virtual:wide',
  'load:wide:little',
  'load:wide:big',
  'store:wide:little',
  'store:wide:big',
  'extend:signed',
  'extend:zero',
  'shape:mode-guard',
  'shape:system-gate',
  'shape:system-into-user',
  'shape:writes-system',
  'shape:writes-mode',
  'shape:reads-relocation',
  // Entries alike up to a renaming, which the checker shares, and near misses, which it must not.
  'twin:alike:shared',
  'twin:copy:shared',
  ...['reset', 'kind', 'width', 'sequence-writes', 'sequence-reads', 'map-reads', 'timing', 'field-layout'].map((x) => `twin:${x}:apart`),
];
