/**
 * Symbolic execution of semantics: every expression and statement kind translated to Z3 terms
 * with the meaning the comments of spec/ast.ts give (SMT-LIB QF_ABV), run on a symbolic state.
 *
 * Statements run in order under a guard (the conditions of the enclosing `if`s, and "no trap
 * yet"); a write is an `ite` on its guard, so one pass covers every path. Traps are precise: the
 * first trap taken wins, and its run's effects are discarded by whoever reads the outcome.
 * Faulting storage accesses trap before the statement that makes them takes effect.
 *
 * Registers mapped into storage (spec/mapped-registers.ts) are translated by block, a run of
 * consecutive mapped cells: an access at an address not known while the terms are built tests
 * each block's range once and finds the cell by its offset in the block, and a store writes each
 * register of a block once. With the PDP-11's whole I/O page mapped (53 registers, 9 blocks) the
 * per-cell comparisons of every access and an ite per register per stored cell made a check of
 * one store several times slower (bench/mapped-sample.ts).
 */
import { match } from 'ts-pattern';
import type { BinaryOp, Block, CompareOp, Expr, Stmt, UnaryOp } from '../spec/ast.js';
import { unhandled } from '../spec/unhandled.js';
import { sliceAt } from '../spec/encoding.js';
import type { IsaDescription, MemoryAccess } from '../spec/description.js';
import { fetchUpdateStatements, physicalFault, translate, type Translation } from '../spec/address-map.js';
import type { Ctx } from './z3.js';
import { and, bit, isOne, ite, not, or, resize, termId, val, type BV, type Cond, type Mem, type ZBool } from './terms.js';
import { cellAt, storeCell, type Composed, type SymState } from './state.js';
import { mappedAt, mappedBlocks, mappedViews, type MappedBlock, type MappedView } from '../spec/mapped-registers.js';

/** The variable a write through a mapped cell binds to the register's new value. */
const MAPPED_VALUE = '$vmcheck.mapped';

/** Physical cell `p` of `s` as an access sees it: a mapped register's slice (spec/mapped-registers.ts), or storage. */
export function visibleCell(ctx: Ctx, isa: IsaDescription, s: SymState, p: BV): BV {
  return mappedViews(isa).length === 0 ? cellAt(s, p) : new Executor(ctx, isa, s, { fields: new Map() }, true).visible(p);
}

/** What a trap taken by a run looks like. */
export interface TrapOutcome {
  /** The run trapped. */
  readonly trapped: Cond;
  /** The trap kind taken, by name: mutually exclusive conditions. */
  readonly byKind: ReadonlyMap<string, Cond>;
  /** `trapInfo('value')` for the trap sequence (valueWidth bits). */
  readonly value: BV;
}

export interface BlockResult {
  /** The state after the block's effects (meaningful where it did not trap). */
  readonly after: SymState;
  readonly trap: TrapOutcome;
  /** A `halt` ran and no trap followed. */
  readonly halted: Cond;
  /**
   * A physical access fell outside storage: no trap is defined for that (the emulator stops with
   * an error), so the definitions exclude such runs like trapping ones. Included in `trap.trapped`.
   */
  readonly outside: Cond;
  /** The program counter was assigned and no trap followed. */
  readonly pcWritten: Cond;
  /** For each register the block assigns: when it does, a trap after it aside (the timing advance skips them, spec/timing.ts). */
  readonly assigned: ReadonlyMap<string, Cond>;
  /** Physical cell addresses read or written (for the storage a witness must show). */
  readonly accessed: readonly BV[];
  /** Each access through the address map, in the order of the semantics (see MapView). */
  readonly views: readonly MapView[];
}

/**
 * One access through the address map as a run made it: when it happens, whether the map
 * faulted, and where it landed. Two runs of one instruction make the same accesses in the same
 * order (the semantics are walked alike), so their views pair up.
 */
export interface MapView {
  readonly guard: Cond;
  readonly fault: Cond;
  readonly physical: BV;
  /** The virtual address and the kind of access (for comparing two states' maps there). */
  readonly vaddr: BV;
  readonly access: MemoryAccess;
  readonly cells: number;
  /** Nothing was written before the access: `fault` and `physical` are the map's as it was before the run. */
  readonly asBefore: boolean;
}

export interface Env {
  readonly fields: ReadonlyMap<string, BV>;
  /** Inside the trap sequence: the trap's code and value. */
  readonly trapInfo?: { readonly code: BV; readonly value: BV };
  /** Traps taken before the block starts (fetch faults), in order. */
  readonly initialTraps?: readonly { readonly cond: Cond; readonly trap: string; readonly value: BV }[];
}

interface Fault {
  cond: Cond;
  trap: string;
  value: BV;
}

const ADDR = '$vmcheck.address';
/** Pseudo trap name of a physical access outside storage (see `BlockResult.outside`). */
export const OUTSIDE = '$vmcheck.outside';

/** Runs `block` on `s`. Used for instruction semantics and for the trap sequence. */
export function executeBlock(ctx: Ctx, isa: IsaDescription, block: Block, s: SymState, env: Env): BlockResult {
  return new Executor(ctx, isa, s, env).run(block);
}

/** What evaluating an address-map expression touched: its table reads (page tables). */
export interface MapReads {
  /** A table read fell outside storage (the emulator stops with an error). */
  outside: Cond;
  /** The physical cells read. */
  accessed: BV[];
}

/**
 * Evaluates an expression on `s` with names bound in `vars`: a state expression, or the address
 * map's, whose only storage accesses are physical table reads. Those are added to `reads`; an
 * expression that reads storage with no `reads` to tell is an internal error.
 */
export function evalExpr(ctx: Ctx, isa: IsaDescription, e: Expr, s: SymState, vars: ReadonlyMap<string, BV>, reads?: MapReads): BV {
  const faults: Fault[] = [];
  const x = new Executor(ctx, isa, s, { fields: new Map() }, true);
  const v = x.evaluateInMap(e, vars, faults);
  if (faults.length > 0 && !reads) throw new Error('internal: evalExpr on an expression that reads storage');
  if (reads) {
    reads.outside = or(ctx, reads.outside, ...faults.map((f) => f.cond));
    reads.accessed.push(...x.accessedCells());
  }
  return v;
}

export const noReads = (): MapReads => ({ outside: false, accessed: [] });

/**
 * Values of closed expressions (no variable, field, trap information or storage access: they read
 * only registers and files), by expression and by the terms those hold. The address map is
 * evaluated many times on states that differ in a register or two (each fetched cell, each
 * probe, each mode level of a privilege query), and its translations share their closed subtrees
 * (a PMP entry's bounds, say): each is built once per combination of terms it reads. Bounded:
 * emptied when it grows past `maxClosed` values.
 */
const closedValues = new Map<Expr, Map<string, BV>>();
let closedCount = 0;
const maxClosed = 200_000;
const closedness = new WeakMap<Expr, { closed: boolean; regs: readonly string[]; files: readonly string[] }>();

/** Whether `e` is closed, and the registers and files it reads. */
function closure(e: Expr): { closed: boolean; regs: readonly string[]; files: readonly string[] } {
  let c = closedness.get(e);
  if (c === undefined) {
    const of = (...xs: Expr[]) => {
      const parts = xs.map(closure);
      return {
        closed: parts.every((p) => p.closed),
        regs: [...new Set(parts.flatMap((p) => p.regs))],
        files: [...new Set(parts.flatMap((p) => p.files))],
      };
    };
    const open = { closed: false, regs: [], files: [] };
    c = match(e)
      .with({ kind: 'var' }, { kind: 'field' }, { kind: 'trapInfo' }, { kind: 'load' }, { kind: 'let' }, () => open)
      .with({ kind: 'const' }, () => ({ closed: true, regs: [], files: [] }))
      .with({ kind: 'reg' }, (x) => ({ closed: true, regs: [x.name], files: [] }))
      .with({ kind: 'file' }, (x) => {
        const i = closure(x.index);
        return { ...i, files: [...new Set([...i.files, x.name])] };
      })
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => of(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => of(x.left, x.right))
      .with({ kind: 'concat' }, (x) => of(...x.parts))
      .with({ kind: 'ite' }, (x) => of(x.cond, x.then, x.else))
      .exhaustive();
    closedness.set(e, c);
  }
  return c;
}

class Executor {
  private readonly regs: Map<string, BV>;
  private readonly files: Map<string, BV[]>;
  private mem: Mem;
  private readonly memShift: BV | undefined;
  private trapped: Cond = false;
  private readonly byKind = new Map<string, Cond>();
  private trapValue: BV;
  private halted: Cond = false;
  private outside: Cond = false;
  private pcWritten: Cond = false;
  private readonly assigned = new Map<string, Cond>();
  private readonly accessed: BV[] = [];
  private readonly views: MapView[] = [];
  private readonly translations = new Map<string, Translation>();
  private readonly hardwired: Map<string, Set<number>>;
  private readonly initial: SymState;
  private readonly mappedReads = new Map<MappedView, { regs: BV[]; value: BV }>();
  /** Under a composed map (state.ts `SymState.composed`): the real values of the composed map registers, and the move. */
  private readonly real: Map<string, BV> | undefined;
  private readonly realFiles: Map<string, BV[]> | undefined;
  private readonly physShift: BV | undefined;
  /** How deep in an address map's evaluation: its reads see the guest's values (`regs`, `files`). */
  private mapDepth = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly isa: IsaDescription,
    s: SymState,
    private readonly env: Env,
    /** Whether closed expressions may be looked up (an executor that only evaluates, on the state it was given). */
    private readonly memo = false,
  ) {
    this.initial = s;
    this.regs = new Map(s.regs);
    this.files = new Map([...s.files].map(([k, v]) => [k, [...v]]));
    this.mem = s.mem;
    this.memShift = s.memShift;
    this.real = s.composed ? new Map(s.composed.real) : undefined;
    this.realFiles = s.composed ? new Map([...s.composed.realFiles].map(([k, v]) => [k, [...v]])) : undefined;
    this.physShift = s.composed?.shift;
    this.trapValue = val(ctx, 0, isa.traps.valueWidth);
    this.hardwired = new Map(isa.state.files.map((f) => [f.name, new Set((f.hardwired ?? []).map((h) => h.index))]));
    for (const k of isa.traps.kinds) this.byKind.set(k.name, false);
    for (const t of env.initialTraps ?? []) this.takeTrap(t.cond, t.trap, t.value);
  }

  run(block: Block): BlockResult {
    this.block(block, new Map(), true);
    const ctx = this.ctx;
    return {
      after: { regs: this.regs, files: this.files, mem: this.mem, ...(this.memShift ? { memShift: this.memShift } : {}), ...this.composedNow() },
      trap: { trapped: this.trapped, byKind: this.byKind, value: this.trapValue },
      halted: and(ctx, this.halted, not(ctx, this.trapped)),
      outside: this.outside,
      pcWritten: and(ctx, this.pcWritten, not(ctx, this.trapped)),
      assigned: this.assigned,
      accessed: this.accessed,
      views: this.views,
    };
  }

  /** Whether no register, file element or cell has been written yet (the terms are the initial state's own). */
  private unchanged(): boolean {
    if (this.mem !== this.initial.mem) return false;
    for (const [k, v] of this.regs) if (this.initial.regs.get(k) !== v) return false;
    for (const [k, v] of this.files) {
      const first = this.initial.files.get(k)!;
      if (v.some((e, i) => e !== first[i])) return false;
    }
    return true;
  }

  accessedCells(): readonly BV[] {
    return this.accessed;
  }

  /** The address map's expression `e`: under a composed map, on the guest's values. */
  evaluateInMap(e: Expr, vars: ReadonlyMap<string, BV>, faults: Fault[]): BV {
    this.mapDepth++;
    try {
      return this.expr(e, vars, true, faults);
    } finally {
      this.mapDepth--;
    }
  }

  private composedNow(): { composed?: Composed } {
    return this.physShift ? { composed: { shift: this.physShift, real: this.real!, realFiles: this.realFiles! } } : {};
  }

  /** Whether a read sees the real values of the composed map registers (outside the map's evaluation). */
  private readsReal(): boolean {
    return this.real !== undefined && this.mapDepth === 0;
  }

  private takeTrap(cond: Cond, trap: string, value: BV): void {
    const ctx = this.ctx;
    const now = and(ctx, cond, not(ctx, this.trapped));
    if (now === false) return;
    if (trap === OUTSIDE) this.outside = or(ctx, this.outside, now);
    else this.byKind.set(trap, or(ctx, this.byKind.get(trap) ?? false, now));
    if (trap !== OUTSIDE) this.trapValue = ite(ctx, now, resize(ctx, value, this.isa.traps.valueWidth), this.trapValue);
    this.trapped = or(ctx, this.trapped, now);
  }

  /** Takes the faults an expression's accesses raised, in evaluation order; returns the write guard. */
  private settle(faults: Fault[], guard: Cond): Cond {
    for (const f of faults) this.takeTrap(f.cond, f.trap, f.value);
    return and(this.ctx, guard, not(this.ctx, this.trapped));
  }

  private block(stmts: Block, outer: ReadonlyMap<string, BV>, guard: Cond): void {
    const vars = new Map(outer);
    // Under a composed map the fetch's walk stores, placed in the step's block, are the map's own.
    const fetchStores = this.real !== undefined ? fetchUpdateStatements(this.isa) : undefined;
    for (const s of stmts) {
      if (fetchStores?.has(s)) {
        this.mapDepth++;
        try {
          this.stmt(s, vars, guard);
        } finally {
          this.mapDepth--;
        }
      } else this.stmt(s, vars, guard);
    }
  }

  private stmt(s: Stmt, vars: Map<string, BV>, guard: Cond): void {
    const ctx = this.ctx;
    const g = and(ctx, guard, not(ctx, this.trapped));
    if (g === false) return;
    const faults: Fault[] = [];
    const ev = (e: Expr) => this.expr(e, vars, g, faults);
    switch (s.kind) {
      case 'assign': {
        const index = s.target.kind === 'file' ? ev(s.target.index) : undefined;
        const value = ev(s.value);
        const w = this.settle(faults, g);
        if (s.target.kind === 'reg') this.writeReg(s.target.name, value, w);
        else this.writeFile(s.target.name, index!, value, w);
        return;
      }
      case 'store': {
        const addr = ev(s.addr);
        const value = ev(s.value);
        const cells = value.sort.size() / this.isa.state.storage.cellBits;
        const phys = this.access(s.space, addr, cells, g, faults, 'write');
        const w = this.settle(faults, g);
        this.writeCells(phys, value, cells, w, this.shiftOf(s.space));
        return;
      }
      case 'let': {
        const value = ev(s.value);
        this.settle(faults, g);
        vars.set(s.name, value);
        return;
      }
      case 'if': {
        const c = isOne(ctx, ev(s.cond));
        const w = this.settle(faults, g);
        this.block(s.then, vars, and(ctx, w, c));
        this.block(s.else, vars, and(ctx, w, not(ctx, c)));
        return;
      }
      case 'trap': {
        const value = s.value ? ev(s.value) : val(ctx, 0, this.isa.traps.valueWidth);
        const w = this.settle(faults, g);
        this.takeTrap(w, s.trap, value);
        return;
      }
      case 'halt':
        this.halted = or(ctx, this.halted, g);
        return;
      default:
        unhandled(s);
    }
  }

  private writeReg(name: string, value: BV, guard: Cond): void {
    this.regs.set(name, ite(this.ctx, guard, value, this.regs.get(name)!));
    // A write sets the real register and the guest's view alike.
    const real = this.real?.get(name);
    if (real !== undefined) this.real!.set(name, ite(this.ctx, guard, value, real));
    this.assigned.set(name, or(this.ctx, this.assigned.get(name) ?? false, guard));
    if (name === this.isa.state.pc) this.pcWritten = or(this.ctx, this.pcWritten, guard);
  }

  private writeFile(name: string, index: BV, value: BV, guard: Cond): void {
    const ctx = this.ctx;
    const wired = this.hardwired.get(name)!;
    for (const elems of [this.files.get(name)!, this.realFiles?.get(name)]) {
      if (!elems) continue;
      elems.forEach((e, i) => {
        if (wired.has(i)) return; // hardwired elements ignore writes
        const hit = and(ctx, guard, this.indexIs(index, i));
        elems[i] = ite(ctx, hit, value, e);
      });
    }
  }

  private indexIs(index: BV, i: number): Cond {
    if (this.ctx.isBitVecVal(index)) return index.value() === BigInt(i);
    return index.eq(val(this.ctx, i, index.sort.size()));
  }

  private readFile(name: string, index: BV): BV {
    const elems = (this.readsReal() ? this.realFiles!.get(name) : undefined) ?? this.files.get(name)!;
    if (this.ctx.isBitVecVal(index)) return elems[Number(index.value())]!;
    return elems.reduce((acc, e, i) => (i === 0 ? e : ite(this.ctx, this.indexIs(index, i), e, acc)));
  }

  /** `shift`: a physical store under a composed map, whose storage cells are the guest's `shift` lower. */
  private writeCells(phys: BV, value: BV, cells: number, guard: Cond, shift?: BV): void {
    const ctx = this.ctx;
    const cb = this.isa.state.storage.cellBits;
    const blocks = mappedBlocks(this.isa);
    const known = ctx.isBitVecVal(phys);
    const addrs = Array.from({ length: cells }, (_, k) => this.cellAddr(phys, k, shift));
    const parts = addrs.map((_, k) => {
      const s = sliceAt(k, cells, this.isa.state.storage);
      return cells === 1 ? value : (value.extract((s + 1) * cb - 1, s * cb) as BV);
    });
    // Per cell and block: whether the cell is in the block (one range test; folded for a known address).
    const inBlock = addrs.map((a) => blocks.map((b) => this.inBlock(a, b)));
    addrs.forEach((a, k) => {
      // store(mem, a, ite(g, v, mem[a])) keeps arrays out of ite terms; a mapped cell's storage is untouched.
      const stored = and(ctx, guard, not(ctx, or(ctx, ...inBlock[k]!)));
      const at = shift ? (a.sub(shift) as BV) : a;
      if (stored !== false) this.mem = storeCell(this.storage(), at, stored === true ? parts[k]! : ite(ctx, stored, parts[k]!, cellAt(this.storage(), at)));
    });
    if (known) {
      // A known address: the register cells it writes, each as its own write (their order is the store's).
      const base = Number(phys.value());
      const span = 2 ** phys.sort.size();
      for (let k = 0; k < cells; k++) {
        const h = mappedAt(mappedViews(this.isa), (base + k) % span);
        if (h === undefined || guard === false) continue;
        this.writeMapped(h.view, this.withSlice(this.readMapped(h.view), h.view, h.offset, parts[k]!), guard);
      }
      return;
    }
    // A symbolic address, per block it may reach: each register of the block written once, with
    // each of its cells the store's part that lands there (the cells' index in the block on as few
    // bits as the block needs), under "some cell of the store lands on one of the register's".
    // Lowest address first, each register read after the writes below it: the store's own cell
    // order, which matters where two mapped registers share state (a field and its register).
    blocks.forEach((b, j) => {
      const reach = addrs.map((_, k) => inBlock[k]![j]!);
      if (and(ctx, guard, or(ctx, ...reach)) === false) return;
      const offsets = addrs.map((a) => this.offsetIn(a, b));
      const isCell = (k: number, i: number): Cond => (offsets[k] === undefined ? reach[k]! : and(ctx, reach[k]!, offsets[k]!.eq(val(ctx, i, offsets[k]!.sort.size())) as Cond));
      for (const view of b.views) {
        const old = this.readMapped(view);
        const at = view.cell - b.lo;
        const hits: Cond[] = [];
        const slices = Array.from({ length: view.cells }, (_, o) => {
          let slice = this.sliceOf(old, view, o);
          for (let k = 0; k < cells; k++) {
            const c = isCell(k, at + o);
            hits.push(c);
            slice = ite(ctx, c, parts[k]!, slice);
          }
          return slice;
        });
        const g = and(ctx, guard, or(ctx, ...hits));
        if (g === false) continue;
        this.writeMapped(view, this.withSlices(view, slices), g);
      }
    });
  }

  /** Writes a mapped register whole under `guard`, as a store through its cells does (every writable field). */
  private writeMapped(view: MappedView, next: BV, guard: Cond): void {
    this.block([view.write({ kind: 'var', name: MAPPED_VALUE }, `${MAPPED_VALUE}.${view.register}`)], new Map([[MAPPED_VALUE, next]]), guard);
  }

  /** Whether physical address `p` is in block `b`: one range test (an equality for a one-cell block), folded for a known address. */
  private inBlock(p: BV, b: MappedBlock): Cond {
    const ctx = this.ctx;
    const w = p.sort.size();
    if (ctx.isBitVecVal(p)) {
      const x = Number(p.value());
      return x >= b.lo && x <= b.hi;
    }
    if (b.lo === b.hi) return p.eq(val(ctx, b.lo, w)) as Cond;
    // The bounds inclusive: a block at the top of the address space ends where addresses wrap.
    return and(ctx, b.lo > 0 ? (p.uge(val(ctx, b.lo, w)) as Cond) : true, b.hi < 2 ** w - 1 ? (p.ule(val(ctx, b.hi, w)) as Cond) : true);
  }

  /** `p - lo` on the bits that tell the cells of block `b` apart, where `p` is in it (undefined for a one-cell block). */
  private offsetIn(p: BV, b: MappedBlock): BV | undefined {
    const n = b.hi - b.lo + 1;
    if (n === 1) return undefined;
    const bits = Math.ceil(Math.log2(n));
    const d = b.lo === 0 ? p : (p.sub(val(this.ctx, b.lo, p.sort.size())) as BV);
    return bits >= p.sort.size() ? d : (d.extract(bits - 1, 0) as BV);
  }

  private storage(): SymState {
    return { regs: this.regs, files: this.files, mem: this.mem, ...(this.memShift ? { memShift: this.memShift } : {}) };
  }

  /** The cell an access at `p` sees: a mapped register's slice, else storage (`shift`: see writeCells). */
  private cell(p: BV, shift?: BV): BV {
    return this.visible(p, shift);
  }

  /** The move of an access the semantics make in `space` under a composed map (not the map's own table reads). */
  private shiftOf(space: 'virtual' | 'physical'): BV | undefined {
    return space === 'physical' && this.mapDepth === 0 ? this.physShift : undefined;
  }

  visible(p: BV, shift?: BV): BV {
    const ctx = this.ctx;
    const raw = cellAt(this.storage(), shift ? (p.sub(shift) as BV) : p);
    const blocks = mappedBlocks(this.isa);
    if (blocks.length === 0) return raw;
    if (ctx.isBitVecVal(p)) {
      const h = mappedAt(mappedViews(this.isa), Number(p.value()));
      return h === undefined ? raw : this.sliceOf(this.readMapped(h.view), h.view, h.offset);
    }
    // One range test per block, then the cell within it by its offset.
    let out = raw;
    for (let j = blocks.length - 1; j >= 0; j--) {
      const b = blocks[j]!;
      const cell = (i: number) => this.sliceOf(this.readMapped(b.at[i]!.view), b.at[i]!.view, b.at[i]!.offset);
      const off = this.offsetIn(p, b);
      let inside = cell(b.at.length - 1);
      for (let i = b.at.length - 2; i >= 0; i--) inside = ite(ctx, off!.eq(val(ctx, i, off!.sort.size())) as Cond, cell(i), inside);
      out = ite(ctx, this.inBlock(p, b), inside, out);
    }
    return out;
  }

  /** A mapped register's value now (kept while the registers it reads hold the same terms). */
  private readMapped(view: MappedView): BV {
    if (this.real !== undefined) return this.expr(view.read, new Map(), true, []);
    const regs = closure(view.read).regs.map((r) => this.regs.get(r)!);
    const last = this.mappedReads.get(view);
    if (last && last.regs.length === regs.length && last.regs.every((r, i) => r === regs[i])) return last.value;
    const value = this.expr(view.read, new Map(), true, []);
    this.mappedReads.set(view, { regs, value });
    return value;
  }

  /** A mapped register's value from its cells' values, in cell order (the storage's byte order). */
  private withSlices(view: MappedView, slices: readonly BV[]): BV {
    if (view.cells === 1) return slices[0]!;
    const parts: BV[] = [];
    for (let k = view.cells - 1; k >= 0; k--) parts.push(slices[sliceAt(k, view.cells, this.isa.state.storage)]!);
    return this.ctx.Concat(...parts) as BV;
  }

  /** The cell at `offset` of a mapped register's value (the storage's byte order). */
  private sliceOf(value: BV, view: MappedView, offset: number): BV {
    const cb = this.isa.state.storage.cellBits;
    if (view.cells === 1) return value;
    const s = sliceAt(offset, view.cells, this.isa.state.storage);
    return value.extract((s + 1) * cb - 1, s * cb) as BV;
  }

  /** A mapped register's value with its cell at `offset` replaced by `part`. */
  private withSlice(value: BV, view: MappedView, offset: number, part: BV): BV {
    if (view.cells === 1) return part;
    const cb = this.isa.state.storage.cellBits;
    const s = sliceAt(offset, view.cells, this.isa.state.storage);
    const parts: BV[] = [];
    for (let k = view.cells - 1; k >= 0; k--) parts.push(k === s ? part : (value.extract((k + 1) * cb - 1, k * cb) as BV));
    return this.ctx.Concat(...parts) as BV;
  }

  /** Physical address `phys + k`, recorded as accessed (by the guest's address, under a composed map's `shift`). */
  private cellAddr(phys: BV, k: number, shift?: BV): BV {
    const w = phys.sort.size();
    // A known address stays a value (wrapping as bvadd does), so that what it reaches folds.
    const a = k === 0 ? phys : this.ctx.isBitVecVal(phys) ? val(this.ctx, (phys.value() + BigInt(k)) % (1n << BigInt(w)), w) : (phys.add(val(this.ctx, k, w)) as BV);
    this.accessed.push(shift ? (a.sub(shift) as BV) : a);
    return a;
  }

  /** The physical address of an access, recording its fault (if any) in `faults`. */
  private access(space: 'virtual' | 'physical', addr: BV, cells: number, guard: Cond, faults: Fault[], kind: 'read' | 'write' | 'modify'): BV {
    if (space === 'physical') return this.translated(space, addr, cells, guard, faults, kind);
    // Under a composed map, the translation (and its walk stores) reads the guest's values.
    this.mapDepth++;
    try {
      return this.translated(space, addr, cells, guard, faults, kind);
    } finally {
      this.mapDepth--;
    }
  }

  private translated(space: 'virtual' | 'physical', addr: BV, cells: number, guard: Cond, faults: Fault[], kind: 'read' | 'write' | 'modify'): BV {
    const t = this.translation(space, cells, kind);
    const sub = new Map([[ADDR, addr]]);
    // Every rule is evaluated, its table reads (one outside storage is a machine error, OUTSIDE)
    // before any of its faults is taken, as in the emulator; the first rule that holds wins.
    const whens = t.faults.map((f) => isOne(this.ctx, this.expr(f.when, sub, guard, faults)));
    whens.forEach((w, i) => faults.push({ cond: and(this.ctx, guard, w), trap: t.faults[i]!.trap, value: addr }));
    const phys = this.expr(t.physical, sub, and(this.ctx, guard, not(this.ctx, or(this.ctx, ...whens))), faults);
    if (space === 'virtual') this.views.push({ guard, fault: or(this.ctx, ...whens), physical: phys, vaddr: addr, access: kind, cells, asBefore: this.unchanged() });
    if (space === 'virtual') {
      // The emulator checks the physical cells against storage whatever the map said.
      const outside = isOne(this.ctx, this.expr(this.translation('physical', cells).fault, new Map([[ADDR, phys]]), guard, []));
      if (outside !== false) faults.push({ cond: and(this.ctx, guard, outside), trap: OUTSIDE, value: phys });
      if (t.updates.length > 0) {
        // The walk's stores (spec/description.ts DescribedMap.updates): after the access's faults,
        // before the access. The faults so far are taken first, in order, so that the stores run
        // only where nothing trapped (a later store outside storage is a later OUTSIDE).
        this.settle(faults, guard);
        faults.length = 0;
        this.block(t.updates, sub, guard);
      }
    }
    return phys;
  }

  /** The address map (or the physical bounds check) as expressions over the address `ADDR`. */
  private translation(space: 'virtual' | 'physical', cells: number, kind: 'read' | 'write' | 'modify' = 'read'): Translation {
    const key = `${space}:${cells}:${kind}`;
    let t = this.translations.get(key);
    if (!t) {
      const a: Expr = { kind: 'var', name: ADDR };
      const v = translate(this.isa, a, cells, this.isa.state.storage.cells, kind);
      const outside = physicalFault(this.isa, a, cells);
      t = space === 'virtual' ? v : { faults: [{ when: outside, trap: OUTSIDE }], fault: outside, physical: a, updates: [] };
      this.translations.set(key, t);
    }
    return t;
  }

  private expr(e: Expr, vars: ReadonlyMap<string, BV>, guard: Cond, faults: Fault[]): BV {
    if (!this.memo || this.readsReal()) return this.compute(e, vars, guard, faults);
    const c = closure(e);
    if (!c.closed) return this.compute(e, vars, guard, faults);
    const key = [termId(this.ctx), ...c.regs.map((r) => termId(this.regs.get(r)!)), '/', ...c.files.flatMap((f) => this.files.get(f)!.map(termId))].join(',');
    let byTerms = closedValues.get(e);
    if (!byTerms) closedValues.set(e, (byTerms = new Map()));
    let v = byTerms.get(key);
    if (!v) {
      v = this.compute(e, vars, guard, faults);
      if (closedCount >= maxClosed) {
        closedValues.clear();
        closedCount = 0;
      }
      if (!closedValues.has(e)) closedValues.set(e, byTerms);
      byTerms.set(key, v);
      closedCount++;
    }
    return v;
  }

  // A switch, not ts-pattern: this runs once per node of every expression of every query, and the
  // matching cost a fifth of the check's own (not Z3's) time on rv32 (default: `unhandled` keeps
  // it exhaustive).
  private compute(e: Expr, vars: ReadonlyMap<string, BV>, guard: Cond, faults: Fault[]): BV {
    const ctx = this.ctx;
    const ev = (x: Expr, g: Cond = guard) => this.expr(x, vars, g, faults);
    switch (e.kind) {
      case 'const':
        return val(ctx, BigInt(e.value), e.width);
      case 'reg':
        return (this.readsReal() ? this.real!.get(e.name) : undefined) ?? this.regs.get(e.name)!;
      case 'file':
        return this.readFile(e.name, ev(e.index));
      case 'field':
        return this.env.fields.get(e.name)!;
      case 'var':
        return vars.get(e.name)!;
      case 'trapInfo':
        if (!this.env.trapInfo) throw new Error('internal: trapInfo outside the trap sequence');
        return e.which === 'code' ? this.env.trapInfo.code : this.env.trapInfo.value;
      case 'unary':
        return unary(e.op, ev(e.arg));
      case 'binary':
        return binary(e.op, ev(e.left), ev(e.right));
      case 'compare':
        return bit(ctx, compare(e.op, ev(e.left), ev(e.right)));
      case 'extract':
        return ev(e.arg).extract(e.hi, e.lo) as BV;
      case 'concat': {
        const parts = e.parts.map((p) => ev(p));
        return parts.length === 1 ? parts[0]! : (ctx.Concat(...parts) as BV);
      }
      case 'extend': {
        const a = ev(e.arg);
        const by = e.width - a.sort.size();
        return by === 0 ? a : ((e.signed ? a.signExt(by) : a.zeroExt(by)) as BV);
      }
      case 'ite': {
        // Only the branch taken is evaluated: a load in the other one does not fault.
        const c = isOne(ctx, ev(e.cond));
        const t = ev(e.then, and(ctx, guard, c));
        const f = ev(e.else, and(ctx, guard, not(ctx, c)));
        return ite(ctx, c, t, f);
      }
      case 'let': {
        const v = ev(e.value);
        return this.expr(e.body, new Map(vars).set(e.name, v), guard, faults);
      }
      case 'load': {
        const addr = ev(e.addr);
        const cells = e.width / this.isa.state.storage.cellBits;
        const phys = this.access(e.space, addr, cells, guard, faults, e.access ?? 'read');
        const shift = this.shiftOf(e.space);
        // Most significant slice first; slice s sits at offset sliceAt(s) (its own inverse).
        const parts = Array.from({ length: cells }, (_, k) => this.cell(this.cellAddr(phys, sliceAt(cells - 1 - k, cells, this.isa.state.storage), shift), shift));
        return parts.length === 1 ? parts[0]! : (ctx.Concat(...parts) as BV);
      }
      default:
        return unhandled(e);
    }
  }
}

function unary(op: UnaryOp, a: BV): BV {
  switch (op) {
    case 'not':
      return a.not() as BV;
    case 'neg':
      return a.neg() as BV;
    default:
      return unhandled(op);
  }
}

function binary(op: BinaryOp, a: BV, b: BV): BV {
  switch (op) {
    case 'add':
      return a.add(b) as BV;
    case 'sub':
      return a.sub(b) as BV;
    case 'mul':
      return a.mul(b) as BV;
    case 'udiv':
      return a.udiv(b) as BV;
    case 'urem':
      return a.urem(b) as BV;
    case 'sdiv':
      return a.sdiv(b) as BV;
    case 'srem':
      return a.srem(b) as BV;
    case 'and':
      return a.and(b) as BV;
    case 'or':
      return a.or(b) as BV;
    case 'xor':
      return a.xor(b) as BV;
    case 'shl':
      return a.shl(b) as BV;
    case 'lshr':
      return a.lshr(b) as BV;
    case 'ashr':
      return a.shr(b) as BV;
    default:
      return unhandled(op);
  }
}

function compare(op: CompareOp, a: BV, b: BV): ZBool {
  switch (op) {
    case 'eq':
      return a.eq(b);
    case 'ne':
      return a.neq(b);
    case 'ult':
      return a.ult(b);
    case 'ule':
      return a.ule(b);
    case 'ugt':
      return a.ugt(b);
    case 'uge':
      return a.uge(b);
    case 'slt':
      return a.slt(b);
    case 'sle':
      return a.sle(b);
    case 'sgt':
      return a.sgt(b);
    case 'sge':
      return a.sge(b);
    default:
      return unhandled(op);
  }
}
