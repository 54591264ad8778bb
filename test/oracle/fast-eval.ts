/**
 * The reference evaluator (machine/reference-eval.ts) compiled to closures, for the oracle's
 * speed: the same tree walk in the same order over the same `bv` operations, without the
 * per-node pattern matching that makes the reference cost tens of microseconds per run.
 *
 * It must read the state in exactly the order the reference does and produce the same outcome;
 * the oracle's `engine: 'both'` runs the two side by side on every path it explores and fails on
 * the first difference (test/oracle/oracle.test.ts runs it over random ISAs).
 */
import type { Block, Expr, Space, Stmt } from '../../spec/ast.js';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { fetchUpdateStatements, readsStorage, stepSemantics, translate } from '../../spec/address-map.js';
import { widthEnv, widthOf } from '../../spec/widths.js';
import * as bv from '../../machine/bv.js';
import { MachineError } from '../../machine/errors.js';
import type { Outcome, RefWrite, StateView } from '../../machine/reference-eval.js';

/** A state as the compiled code reads it: the reference's view, plus the operand fields. */
export interface FastView extends StateView {
  field(name: string): bigint;
}

class TrapSignal {
  constructor(
    readonly trap: string,
    readonly value: bigint,
  ) {}
}

interface Run {
  view: FastView;
  writes: RefWrite[];
  halt: boolean;
  pcWritten: boolean;
  /** How deep in an address map's evaluation: under a composed map its reads see the guest's values. */
  inMap: number;
}

type Vars = Map<string, bigint>;
type Access = 'read' | 'write' | 'modify';
type Fn = (r: Run, vars: Vars) => bigint;
type Scope = Map<string, number>;

// Reads consult the run's writes, latest first (a write sets the real register and the guest's view alike).
function readReg(r: Run, name: string): bigint {
  for (let i = r.writes.length - 1; i >= 0; i--) {
    const w = r.writes[i]!;
    if (w.kind === 'reg' && w.name === name) return w.value;
  }
  if (r.inMap > 0 && r.view.composed) {
    const g = r.view.composed.mapReg(name);
    if (g !== undefined) return g;
  }
  return r.view.reg(name);
}

function readFile(r: Run, name: string, index: number): bigint {
  for (let i = r.writes.length - 1; i >= 0; i--) {
    const w = r.writes[i]!;
    if (w.kind === 'file' && w.name === name && w.index === index) return w.value;
  }
  if (r.inMap > 0 && r.view.composed) {
    const g = r.view.composed.mapFile(name, index);
    if (g !== undefined) return g;
  }
  return r.view.file(name, index);
}

/** The move of a physical access the semantics make (not the map's own), under a composed map. */
function shiftOf(r: Run, space: Space): bigint {
  return space === 'physical' && r.inMap === 0 && r.view.composed ? r.view.composed.shift : 0n;
}

/**
 * What a run's result is looked at for: the final values of these registers and files, the
 * stores, whether it halted — and always whether it completed, trapped (and how) or faulted.
 */
export interface Keep {
  regs: ReadonlySet<string>;
  files: ReadonlySet<string>;
  cells: boolean;
  halt: boolean;
}

/** What the compiler leaves out for a `Keep`: demanded bits of every expression, statements with no effect. */
interface Slice {
  masks: Map<Expr, bigint>;
  /** Stores whose value nobody reads and that cannot fault. */
  skip: Set<Stmt>;
  /** `if`s whose branches have no effect (their condition is evaluated only for its faults). */
  inert: Set<Stmt>;
}

const ones = (w: number): bigint => (1n << BigInt(w)) - 1n;
const prefix = (m: bigint): bigint => (m === 0n ? 0n : ones(m.toString(2).length));

interface Live {
  regs: Map<string, bigint>;
  files: Set<string>;
  vars: Map<string, bigint>;
  cells: boolean;
}
const cloneLive = (l: Live): Live => ({ regs: new Map(l.regs), files: new Set(l.files), vars: new Map(l.vars), cells: l.cells });

/** Compiles expressions and blocks of one ISA. */
export class FastCompiler {
  private readonly cellBits: number;
  private readonly addressBits: number;
  private readonly translations = new Map<string, { faults: { when: Fn; trap: string }[]; physical: Fn; updates?: (r: Run, vars: Vars) => void }>();
  /** Set while compiling an instruction for a `Keep`. */
  private slice: Slice | undefined;
  private readonly faulting = new WeakMap<Expr, boolean>();

  constructor(readonly isa: IsaDescription) {
    this.cellBits = isa.state.storage.cellBits;
    this.addressBits = isa.state.storage.addressBits;
  }

  private regWidth(name: string): number {
    const r = this.isa.state.registers.find((x) => x.name === name);
    if (!r) throw new MachineError(`no register '${name}' in ${this.isa.name}`);
    return r.width;
  }

  /** An expression of the address map or a state expression: a function of a view. */
  stateExpr(e: Expr, vars: Scope = new Map()): (view: StateView, bound?: Vars) => bigint {
    const { f } = this.expr(e, vars, undefined);
    return (view, bound = new Map()) => {
      const r: Run = { view: view as FastView, writes: [], halt: false, pcWritten: false, inMap: 0 };
      try {
        return f(r, bound);
      } catch (t) {
        if (t instanceof TrapSignal) throw new MachineError(`evaluating an expression took the '${t.trap}' trap`);
        throw t;
      }
    };
  }

  /** The translation of an access of `cells` cells at the address in variable `$a`, with its walk stores (`updates`). */
  private translation(cells: number, access: Access) {
    const key = `${cells}:${access}`;
    let t = this.translations.get(key);
    if (!t) {
      const x = translate(this.isa, { kind: 'var', name: '$a' }, cells, this.isa.state.storage.cells, access);
      const scope: Scope = new Map([['$a', this.addressBits]]);
      // The map's expressions are whole, whatever an instruction's slice keeps.
      const slice = this.slice;
      this.slice = undefined;
      t = {
        faults: x.faults.map((f) => ({ when: this.expr(f.when, scope, undefined).f, trap: f.trap })),
        physical: this.expr(x.physical, scope, undefined).f,
        ...(x.updates.length > 0 ? { updates: this.block(x.updates, scope, undefined) } : {}),
      };
      this.slice = slice;
      this.translations.set(key, t);
    }
    return t;
  }

  /** The physical address of an access, as the reference's `locate`. */
  private locate(r: Run, space: Space, addr: bigint, cells: number, access: Access): bigint {
    const n = BigInt(r.view.storageCells);
    if (space === 'physical') {
      if (addr + BigInt(cells) > n) throw new MachineError(`physical access outside storage: cells ${addr}..${addr + BigInt(cells) - 1n} (storage has ${n} cells)`);
      return addr;
    }
    const t = this.translation(cells, access);
    const vars: Vars = new Map([['$a', addr]]);
    r.inMap++;
    try {
      // Every rule is evaluated, the first that holds is taken (spec/address-map.ts firstFault).
      const held = t.faults.map((f) => f.when(r, vars) === 1n);
      const first = held.indexOf(true);
      if (first >= 0) throw new TrapSignal(t.faults[first]!.trap, bv.wrap(addr, this.isa.traps.valueWidth));
      const p = t.physical(r, vars);
      if (p + BigInt(cells) > n) throw new MachineError(`physical access outside storage: cells ${p}..${p + BigInt(cells) - 1n} (storage has ${n} cells)`);
      // The walk's stores, after the checks and before the access itself, as the reference's.
      t.updates?.(r, vars);
      return p;
    } finally {
      r.inMap--;
    }
  }

  /** The offset of slice `j` (0 least significant) of an `n`-cell value: written out here, apart from spec/encoding.ts. */
  private offsetOf(j: number, n: number): number {
    return this.isa.state.storage.endianness === 'big' ? n - 1 - j : j;
  }

  /** The guest's address of real cell `paddr` under a composed map that moved storage by `shift`. */
  private guestAddress(paddr: bigint, shift: bigint): bigint {
    const span = 1n << BigInt(this.addressBits);
    return (((paddr - shift) % span) + span) % span;
  }

  /** Cell `paddr` (`shift`: the guest's storage moved that far, for a physical access under a composed map). */
  private readCell(r: Run, paddr: bigint, shift = 0n): bigint {
    const cellBits = this.cellBits;
    const at = shift === 0n ? paddr : this.guestAddress(paddr, shift);
    for (let i = r.writes.length - 1; i >= 0; i--) {
      const w = r.writes[i]!;
      if (w.kind !== 'store') continue;
      const k = at - w.addr;
      const n = w.width / cellBits;
      if (k >= 0n && k < BigInt(n)) {
        const j = this.offsetOf(Number(k), n); // the offset ↔ slice map is its own inverse
        return bv.extract(w.value, (j + 1) * cellBits - 1, j * cellBits);
      }
    }
    const v = r.view.cell(at);
    if (v === undefined) throw new MachineError(`physical access outside storage: cell ${paddr} (storage has ${r.view.storageCells} cells)`);
    return v;
  }

  /** Whether evaluating `e` can trap or stop (a virtual access, or a physical one of several cells). */
  private canFault(e: Expr): boolean {
    let f = this.faulting.get(e);
    if (f === undefined) {
      f = e.kind === 'load' && (e.space === 'virtual' || e.width > this.cellBits);
      if (!f)
        for (const v of Object.values(e))
          if (v && typeof v === 'object')
            for (const x of Array.isArray(v) ? v : [v]) if (x && typeof x === 'object' && 'kind' in x && this.canFault(x as Expr)) f = true;
      this.faulting.set(e, f);
    }
    return f;
  }

  /** `e` evaluated only for its faults, in the reference's order; its value is not wanted. */
  private faultOnly(e: Expr, scope: Scope, insn: InstructionDecl | undefined): Fn {
    if (!this.canFault(e)) return () => 0n;
    switch (e.kind) {
      case 'load': {
        const addr = this.expr(e.addr, scope, insn).f;
        const cells = e.width / this.cellBits;
        const space = e.space;
        const access = e.access ?? 'read';
        return (r, vars) => {
          this.locate(r, space, addr(r, vars), cells, access);
          return 0n;
        };
      }
      case 'let': {
        const v = this.expr(e.value, scope, insn).f;
        const body = this.faultOnly(e.body, new Map(scope).set(e.name, widthOf(e.value, widthEnv(this.isa, insn?.encoding.fields ?? 'trap-sequence', scope))), insn);
        const name = e.name;
        return (r, vars) => {
          vars.set(name, v(r, vars));
          return body(r, vars);
        };
      }
      case 'ite': {
        const c = this.expr(e.cond, scope, insn).f;
        const t = this.faultOnly(e.then, scope, insn);
        const el = this.faultOnly(e.else, scope, insn);
        return (r, vars) => (c(r, vars) === 1n ? t(r, vars) : el(r, vars));
      }
      default: {
        const kids: Expr[] =
          e.kind === 'file' ? [e.index] : e.kind === 'unary' || e.kind === 'extract' || e.kind === 'extend' ? [e.arg] : e.kind === 'binary' || e.kind === 'compare' ? [e.left, e.right] : e.kind === 'concat' ? e.parts : [];
        const fs = kids.filter((k) => this.canFault(k)).map((k) => this.faultOnly(k, scope, insn));
        return (r, vars) => {
          for (const f of fs) f(r, vars);
          return 0n;
        };
      }
    }
  }

  private expr(e: Expr, scope: Scope, insn: InstructionDecl | undefined): { w: number; f: Fn } {
    const isa = this.isa;
    if (this.slice && (this.slice.masks.get(e) ?? 0n) === 0n)
      return { w: widthOf(e, widthEnv(isa, insn?.encoding.fields ?? 'trap-sequence', scope)), f: this.faultOnly(e, scope, insn) };
    switch (e.kind) {
      case 'const': {
        const v = BigInt(e.value);
        return { w: e.width, f: () => v };
      }
      case 'reg': {
        const name = e.name;
        return { w: this.regWidth(name), f: (r) => readReg(r, name) };
      }
      case 'file': {
        const decl = isa.state.files.find((x) => x.name === e.name);
        if (!decl) throw new MachineError(`no register file '${e.name}' in ${isa.name}`);
        const index = this.expr(e.index, scope, insn).f;
        const name = e.name;
        const hard = new Map((decl.hardwired ?? []).map((h) => [h.index, BigInt(h.value)]));
        return {
          w: decl.width,
          f: (r, vars) => {
            const i = Number(index(r, vars));
            const h = hard.get(i);
            return h !== undefined ? h : readFile(r, name, i);
          },
        };
      }
      case 'field': {
        const f = insn?.encoding.fields.find((g) => g.name === e.name);
        if (!f) throw new MachineError(`field '${e.name}' has no value here`);
        const name = e.name;
        return { w: f.width, f: (r) => r.view.field(name) };
      }
      case 'let': {
        const v = this.expr(e.value, scope, insn);
        const body = this.expr(e.body, new Map(scope).set(e.name, v.w), insn);
        const name = e.name;
        return {
          w: body.w,
          f: (r, vars) => {
            vars.set(name, v.f(r, vars));
            return body.f(r, vars);
          },
        };
      }
      case 'var': {
        const w = scope.get(e.name);
        if (w === undefined) throw new MachineError(`'${e.name}' is not bound`);
        const name = e.name;
        return {
          w,
          f: (_, vars) => {
            const v = vars.get(name);
            if (v === undefined) throw new MachineError(`'${name}' is not bound`);
            return v;
          },
        };
      }
      case 'trapInfo':
        throw new MachineError(`trapInfo('${e.which}') outside the trap sequence`);
      case 'unary': {
        const a = this.expr(e.arg, scope, insn);
        const op = e.op;
        const w = a.w;
        return { w, f: (r, vars) => bv.unary(op, w, a.f(r, vars)) };
      }
      case 'binary': {
        const a = this.expr(e.left, scope, insn);
        const b = this.expr(e.right, scope, insn);
        const op = e.op;
        const w = a.w;
        return {
          w,
          f: (r, vars) => {
            const x = a.f(r, vars);
            return bv.binary(op, w, x, b.f(r, vars));
          },
        };
      }
      case 'compare': {
        const a = this.expr(e.left, scope, insn);
        const b = this.expr(e.right, scope, insn);
        const op = e.op;
        const w = a.w;
        return {
          w: 1,
          f: (r, vars) => {
            const x = a.f(r, vars);
            return bv.compare(op, w, x, b.f(r, vars));
          },
        };
      }
      case 'extract': {
        const a = this.expr(e.arg, scope, insn);
        const { hi, lo } = e;
        return { w: hi - lo + 1, f: (r, vars) => bv.extract(a.f(r, vars), hi, lo) };
      }
      case 'concat': {
        const parts = e.parts.map((p) => this.expr(p, scope, insn));
        return {
          w: parts.reduce((s, p) => s + p.w, 0),
          f: (r, vars) => bv.concat(parts.map((p) => [p.f(r, vars), p.w] as const)),
        };
      }
      case 'extend': {
        const a = this.expr(e.arg, scope, insn);
        const { width, signed } = e;
        return { w: width, f: (r, vars) => bv.extend(a.f(r, vars), a.w, width, signed) };
      }
      case 'ite': {
        const c = this.expr(e.cond, scope, insn);
        const t = this.expr(e.then, scope, insn);
        const el = this.expr(e.else, scope, insn);
        return { w: t.w, f: (r, vars) => (c.f(r, vars) === 1n ? t.f(r, vars) : el.f(r, vars)) };
      }
      case 'load': {
        const addr = this.expr(e.addr, scope, insn);
        const cells = e.width / this.cellBits;
        const space = e.space;
        const access = e.access ?? 'read';
        const cellBits = this.cellBits;
        return {
          w: e.width,
          f: (r, vars) => {
            const a = addr.f(r, vars);
            const p = this.locate(r, space, a, cells, access);
            const shift = shiftOf(r, space);
            const parts: (readonly [bigint, number])[] = [];
            for (let j = cells - 1; j >= 0; j--) parts.push([this.readCell(r, p + BigInt(this.offsetOf(j, cells)), shift), cellBits]);
            return bv.concat(parts);
          },
        };
      }
    }
  }

  private stmt(s: Stmt, scope: Scope, insn: InstructionDecl | undefined): (r: Run, vars: Vars) => void {
    const isa = this.isa;
    switch (s.kind) {
      case 'assign': {
        const t = s.target;
        if (t.kind === 'reg') {
          const v = this.expr(s.value, scope, insn).f;
          const name = t.name;
          const isPc = name === isa.state.pc;
          return (r, vars) => {
            const value = v(r, vars);
            r.writes.push({ kind: 'reg', name, value });
            if (isPc) r.pcWritten = true;
          };
        }
        const decl = isa.state.files.find((x) => x.name === t.name);
        if (!decl) throw new MachineError(`no register file '${t.name}' in ${isa.name}`);
        const index = this.expr(t.index, scope, insn).f;
        const v = this.expr(s.value, scope, insn).f;
        const hard = new Set((decl.hardwired ?? []).map((h) => h.index));
        const name = t.name;
        return (r, vars) => {
          const i = Number(index(r, vars));
          const value = v(r, vars);
          if (!hard.has(i)) r.writes.push({ kind: 'file', name, index: i, value });
        };
      }
      case 'store': {
        if (this.slice?.skip.has(s)) return () => {};
        const addr = this.expr(s.addr, scope, insn).f;
        const v = this.expr(s.value, scope, insn);
        const space = s.space;
        const cells = v.w / this.cellBits;
        const cellBits = this.cellBits;
        return (r, vars) => {
          const a = addr(r, vars);
          const value = v.f(r, vars);
          const p = this.locate(r, space, a, cells, 'write');
          const shift = shiftOf(r, space);
          if (shift === 0n) {
            r.writes.push({ kind: 'store', addr: p, width: v.w, value });
            return;
          }
          // Under a composed map, cell by cell at the guest's address (each wrapping alone), as the reference.
          for (let i = 0; i < cells; i++) {
            const j = this.offsetOf(i, cells);
            r.writes.push({ kind: 'store', addr: this.guestAddress(p + BigInt(i), shift), width: cellBits, value: bv.extract(value, (j + 1) * cellBits - 1, j * cellBits) });
          }
        };
      }
      case 'let': {
        const v = this.expr(s.value, scope, insn);
        scope.set(s.name, v.w);
        const name = s.name;
        return (r, vars) => {
          vars.set(name, v.f(r, vars));
        };
      }
      case 'if': {
        if (this.slice?.inert.has(s)) return this.faultOnly(s.cond, scope, insn);
        const c = this.expr(s.cond, scope, insn).f;
        const t = this.block(s.then, scope, insn);
        const e = this.block(s.else, scope, insn);
        return (r, vars) => (c(r, vars) === 1n ? t(r, vars) : e(r, vars));
      }
      case 'trap': {
        const v = s.value ? this.expr(s.value, scope, insn).f : undefined;
        const trap = s.trap;
        return (r, vars) => {
          throw new TrapSignal(trap, v ? v(r, vars) : 0n);
        };
      }
      case 'halt':
        return (r) => {
          r.halt = true;
        };
    }
  }

  /**
   * A block: `let` binds for the rest of it and the blocks nested there (each block gets a copy).
   * `mapOwn`: statements that are the map's own (a fetch's walk stores), run inside its evaluation.
   */
  private block(b: Block, outer: Scope, insn: InstructionDecl | undefined, mapOwn?: ReadonlySet<Stmt>): (r: Run, vars: Vars) => void {
    const scope = new Map(outer);
    const stmts = b.map((s) => {
      const f = this.stmt(s, scope, insn);
      if (!mapOwn?.has(s)) return f;
      return (r: Run, vars: Vars) => {
        r.inMap++;
        try {
          f(r, vars);
        } finally {
          r.inMap--;
        }
      };
    });
    return (r, outerVars) => {
      const vars = new Map(outerVars);
      for (const s of stmts) s(r, vars);
    };
  }

  /** The backward liveness analysis behind `instruction(insn, keep)`. */
  private analyze(insn: InstructionDecl, keep: Keep): Slice {
    const isa = this.isa;
    const slice: Slice = { masks: new Map(), skip: new Set(), inert: new Set() };
    const aw = this.addressBits;
    const regW = (n: string) => this.regWidth(n);
    const fileW = (n: string) => isa.state.files.find((f) => f.name === n)!.width;

    // A virtual access translates its address with the map's registers as written so far.
    const mapRegs = new Set<string>();
    const mapFiles = new Set<string>();
    const collect = (e: Expr): void => {
      if (e.kind === 'reg') mapRegs.add(e.name);
      if (e.kind === 'file') mapFiles.add(e.name);
      for (const v of Object.values(e))
        if (v && typeof v === 'object') for (const x of Array.isArray(v) ? v : [v]) if (x && typeof x === 'object' && 'kind' in x) collect(x as Expr);
    };
    // Its walk stores (updates) read what their conditions, cells and values read, storage too.
    let walkReads = false;
    const collectStores = (b: Block): void => {
      for (const st of b)
        if (st.kind === 'if') {
          collect(st.cond);
          walkReads ||= readsStorage(st.cond);
          collectStores(st.then);
          collectStores(st.else);
        } else if (st.kind === 'store') {
          for (const e of [st.addr, st.value]) {
            collect(e);
            walkReads ||= readsStorage(e);
          }
        }
    };
    for (const access of ['read', 'write', 'modify'] as const)
      for (const cells of [1, 2, 4, 8]) {
        const t = translate(isa, { kind: 'var', name: '$a' }, cells, isa.state.storage.cells, access);
        collect(t.fault);
        collect(t.physical);
        collectStores(t.updates);
      }
    const mapLive = (live: Live) => {
      for (const r of mapRegs) live.regs.set(r, ones(regW(r)));
      for (const f of mapFiles) live.files.add(f);
      if (walkReads) live.cells = true;
    };

    const dem = (e: Expr, m: bigint, live: Live, scope: Scope): void => {
      slice.masks.set(e, (slice.masks.get(e) ?? 0n) | m);
      const w = (x: Expr) => widthOf(x, widthEnv(isa, insn.encoding.fields, scope));
      const full = (x: Expr) => (m === 0n ? 0n : ones(w(x)));
      switch (e.kind) {
        case 'const':
        case 'field':
        case 'trapInfo':
          return;
        case 'reg':
          if (m !== 0n) live.regs.set(e.name, (live.regs.get(e.name) ?? 0n) | m);
          return;
        case 'var':
          if (m !== 0n) live.vars.set(e.name, (live.vars.get(e.name) ?? 0n) | m);
          return;
        case 'file':
          if (m !== 0n) live.files.add(e.name);
          return dem(e.index, m === 0n ? 0n : ones(w(e.index)), live, scope);
        case 'unary':
          return dem(e.arg, e.op === 'not' ? m : prefix(m), live, scope);
        case 'binary': {
          const mm = e.op === 'add' || e.op === 'sub' || e.op === 'mul' ? prefix(m) : e.op === 'and' || e.op === 'or' || e.op === 'xor' ? m : full(e.left);
          dem(e.left, mm, live, scope);
          return dem(e.right, mm, live, scope);
        }
        case 'compare':
          dem(e.left, full(e.left), live, scope);
          return dem(e.right, full(e.right), live, scope);
        case 'extract':
          return dem(e.arg, (m << BigInt(e.lo)) & ones(w(e.arg)), live, scope);
        case 'concat': {
          let shift = 0n;
          for (let j = e.parts.length - 1; j >= 0; j--) {
            const p = e.parts[j]!;
            const pw = w(p);
            dem(p, (m >> shift) & ones(pw), live, scope);
            shift += BigInt(pw);
          }
          return;
        }
        case 'extend': {
          const argW = w(e.arg);
          let mm = m & ones(argW);
          if (e.signed && m >> BigInt(argW) !== 0n) mm |= 1n << BigInt(argW - 1);
          return dem(e.arg, mm, live, scope);
        }
        case 'ite':
          dem(e.cond, m !== 0n || this.canFault(e.then) || this.canFault(e.else) ? 1n : 0n, live, scope);
          dem(e.then, m, live, scope);
          return dem(e.else, m, live, scope);
        case 'load': {
          const faults = e.space === 'virtual' || e.width > this.cellBits;
          if (e.space === 'virtual') mapLive(live);
          dem(e.addr, m !== 0n || faults ? ones(aw) : 0n, live, scope);
          if (m !== 0n) live.cells = true;
          return;
        }
        case 'let': {
          // As a `let` statement: the bound value is demanded in full, the body as the whole is.
          dem(e.body, m, live, new Map(scope).set(e.name, w(e.value)));
          return dem(e.value, ones(w(e.value)), live, scope);
        }
      }
    };

    // The scope (let widths) before each statement, from a forward walk.
    const scopes = new Map<Stmt, Scope>();
    const forward = (b: Block, outer: Scope) => {
      const scope = new Map(outer);
      for (const st of b) {
        scopes.set(st, new Map(scope));
        if (st.kind === 'let') scope.set(st.name, widthOf(st.value, widthEnv(isa, insn.encoding.fields, scope)));
        if (st.kind === 'if') {
          forward(st.then, scope);
          forward(st.else, scope);
        }
      }
    };
    forward(insn.semantics, new Map());

    /** Live state before `b`, from the live state after it; and whether `b` has any effect that matters. */
    const block = (b: Block, liveOut: Live): { live: Live; effect: boolean } => {
      let live = liveOut;
      let effect = false;
      for (let i = b.length - 1; i >= 0; i--) {
        const st = b[i]!;
        const scope = scopes.get(st)!;
        switch (st.kind) {
          case 'assign': {
            const t = st.target;
            if (t.kind === 'reg') {
              const m = live.regs.get(t.name) ?? 0n;
              live.regs.delete(t.name);
              if (m !== 0n || this.canFault(st.value)) effect = true;
              dem(st.value, m & ones(regW(t.name)), live, scope);
            } else {
              const m = live.files.has(t.name) ? ones(fileW(t.name)) : 0n;
              if (m !== 0n || this.canFault(st.value) || this.canFault(t.index)) effect = true;
              dem(t.index, m === 0n ? 0n : ones(widthOf(t.index, widthEnv(isa, insn.encoding.fields, scope))), live, scope);
              dem(st.value, m, live, scope);
            }
            break;
          }
          case 'store': {
            const vw = widthOf(st.value, widthEnv(isa, insn.encoding.fields, scope));
            const valueM = live.cells ? ones(vw) : 0n;
            const faults = st.space === 'virtual' || vw > this.cellBits;
            if (valueM === 0n && !faults && !this.canFault(st.addr) && !this.canFault(st.value)) {
              slice.skip.add(st);
              break;
            }
            effect = true;
            if (st.space === 'virtual') mapLive(live);
            dem(st.addr, valueM !== 0n || faults ? ones(aw) : 0n, live, scope);
            dem(st.value, valueM, live, scope);
            break;
          }
          case 'let': {
            const m = live.vars.get(st.name) ?? 0n;
            live.vars.delete(st.name);
            if (this.canFault(st.value)) effect = true;
            dem(st.value, m, live, scope);
            break;
          }
          case 'if': {
            const t = block(st.then, cloneLive(live));
            const e = block(st.else, cloneLive(live));
            if (!t.effect && !e.effect) {
              slice.inert.add(st);
              if (this.canFault(st.cond)) effect = true;
              dem(st.cond, 0n, live, scope);
            } else {
              effect = true;
              live = t.live;
              for (const [n, m] of e.live.regs) live.regs.set(n, (live.regs.get(n) ?? 0n) | m);
              for (const n of e.live.files) live.files.add(n);
              for (const [n, m] of e.live.vars) live.vars.set(n, (live.vars.get(n) ?? 0n) | m);
              live.cells ||= e.live.cells;
              dem(st.cond, 1n, live, scope);
            }
            break;
          }
          case 'trap':
            // Nothing after a trap runs, and what ran before it is discarded.
            effect = true;
            live = { regs: new Map(), files: new Set(), vars: new Map(), cells: false };
            if (st.value) dem(st.value, 0n, live, scope);
            break;
          case 'halt':
            if (keep.halt) effect = true;
            break;
        }
      }
      return { live, effect };
    };
    const out: Live = {
      regs: new Map([...keep.regs].map((n) => [n, ones(regW(n))])),
      files: new Set(keep.files),
      vars: new Map(),
      cells: keep.cells,
    };
    block(insn.semantics, out);
    return slice;
  }

  /**
   * An instruction's semantics: runs on a view, returns the reference's Outcome. With `keep`, the
   * run reads only what the kept part of the outcome depends on (a backward liveness analysis):
   * the outcome's kind (completed, which trap, excluded) and the kept values are exact, the rest
   * (other registers' values, trap values) is not.
   */
  instruction(insn0: InstructionDecl, keep?: Keep): (view: FastView) => Outcome {
    // The step's block: the fetch's walk stores, then the semantics (spec/address-map.ts stepSemantics).
    const step = stepSemantics(this.isa, insn0);
    // Every node its own object, so that a node's demanded bits are those of its one place.
    const insn: InstructionDecl = keep ? { ...insn0, semantics: structuredClone(step) } : step === insn0.semantics ? insn0 : { ...insn0, semantics: step };
    this.slice = keep ? this.analyze(insn, keep) : undefined;
    // The fetch's walk stores (placed in the step's block; by position, the block may be a copy)
    // are the map's own: under a composed map they run as the map's evaluation, as the reference's.
    const fetchStores = fetchUpdateStatements(this.isa);
    const mapOwn = new Set(step.flatMap((st, i) => (fetchStores.has(st) ? [insn.semantics[i]!] : [])));
    const run = this.block(insn.semantics, new Map(), insn, mapOwn);
    this.slice = undefined;
    return (view) => {
      const r: Run = { view, writes: [], halt: false, pcWritten: false, inMap: 0 };
      try {
        run(r, new Map());
      } catch (e) {
        if (e instanceof TrapSignal) return { kind: 'trap', trap: e.trap, value: e.value };
        throw e;
      }
      return { kind: 'ok', writes: r.writes, halt: r.halt, pcWritten: r.pcWritten };
    };
  }
}
