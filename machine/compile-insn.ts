/**
 * Compiles one instruction's semantics (or the trap sequence) into statements of a block
 * function: reads, buffered writes, storage accesses through the address map, and trap exits.
 *
 * Every write is buffered until the instruction commits (compile-block.ts): registers into
 * `x<i>_<slot>` locals (reads after a write see them), stores into pending address/value pairs
 * (loads after a store check them), so a trap leaves with none of the instruction's effects.
 * A register file written at an index known only at run time goes through a copy of the file.
 */
import type { Block, Expr, Space, Stmt } from '../spec/ast.js';
import type { MemoryAccess } from '../spec/description.js';
import { sliceAt } from '../spec/encoding.js';
import { mappedCellExpr, mappedViews, mappedWithCellExpr, type MappedView } from '../spec/mapped-registers.js';
import type { CompileContext } from './context.js';
import { isBig } from './layout.js';
import { atom, compileExpr, concatOp, constant, Emitter, extendOp, extractOp, unsignedNum, type ExprEnv, type Val } from './compile-expr.js';
import { factsOf } from './facts.js';
import { faultIndexSrc } from './run-loop.js';

/** The name a store to a mapped cell binds to the cell's value while its register's write is compiled (spec/mapped-registers.ts). */
const MAPPED_PART = '$mapped.part';

export type CompileMode = 'block' | 'sequence';

/** What the instruction compiler needs of the block around it. */
export interface Frame {
  readonly ctx: CompileContext;
  readonly mode: CompileMode;
  readonly em: Emitter;
  /** The block local holding a register slot (loaded at block entry). */
  slotLocal(slot: number): string;
  /** The name of the PC of the instruction at cell offset `off` in the block. */
  pcOf(off: number): string;
}

/** A store waiting for the commit. */
export interface Pending {
  a: string;
  v: string;
  /** Made in a branch: `a` stays -1 if the branch did not run. */
  conditional: boolean;
  /** The address, when known at compile time. */
  ak?: number;
}

/** One instruction's compilation state, read by the block compiler when it commits. */
export interface Insn {
  i: number;
  /** Offset of the instruction from the block's first cell. */
  off: number;
  len: number;
  fields: Record<string, number>;
  fieldWidths: Map<string, number>;
  /** Declarations placed before the instruction's code. */
  prologue: string[];
  /** Buffered writes: slot → local. */
  x: Map<number, string>;
  pcLocal?: string;
  /** Set to 1 by a conditional PC write. */
  pcFlag?: string;
  pcAssigns: { depth: number; val: Val }[];
  haltFlag?: string;
  haltStatic: boolean;
  stores: Pending[];
  /** Files accessed through a copy (written at a run-time index). */
  shadow: Set<string>;
  /** Nesting of `if` branches at the statement being compiled. */
  depth: number;
  /**
   * Timing registers the instruction assigns (spec/timing.ts: an explicit write is not advanced):
   * slot → `true` when it always does, or the flag set to 1 by a conditional write.
   */
  timingWrites: Map<number, true | string>;
  /**
   * Fields held at run time, not folded in (the shape tier, shape-tier.ts): field name → the JS
   * name of its canonical value. Undefined: every field is a compile-time constant.
   */
  params: ReadonlyMap<string, string> | undefined;
  /**
   * Writes of a file at an index held at run time (a field in the shape tier): `ix` holds the
   * index (-1: not written, or a hard-wired element), `v` the value; committed into R directly.
   */
  indexed: { file: string; ix: string; v: string }[];
}

const VADDR = '$vaddr';

export function newInsn(
  i: number,
  off: number,
  len: number,
  block: Block,
  fields: Record<string, number> = {},
  fieldWidths = new Map<string, number>(),
  params?: ReadonlyMap<string, string>,
): Insn {
  return {
    params,
    indexed: [],
    i,
    off,
    len,
    fields,
    fieldWidths,
    prologue: [],
    x: new Map(),
    pcAssigns: [],
    haltStatic: false,
    stores: [],
    timingWrites: new Map(),
    shadow: new Set(factsOf(block).dynamicWrites),
    depth: 0,
  };
}

export class InsnCompiler {
  private readonly em: Emitter;
  private readonly ctx: CompileContext;

  constructor(
    private readonly frame: Frame,
    readonly ins: Insn,
  ) {
    this.em = frame.em;
    this.ctx = frame.ctx;
    for (const name of ins.shadow) {
      const f = this.ctx.layout.files.get(name)!;
      ins.prologue.push(`const sh_${name} = ${this.ctx.slotArray(f.base)}.slice(${f.base}, ${f.base + f.count});`);
    }
  }

  /** The instruction's code (the prologue is in `ins`). */
  compile(block: Block): string[] {
    return this.em.capture(() => this.stmts(block, new Map()))[0];
  }

  /**
   * The translation fault of a `cells`-cell access of kind `access` at `vaddr`: the trap kind's
   * index plus one, or 0 (see faultIndexSrc).
   */
  faultOf(vaddr: Val, cells: number, access: MemoryAccess, scope = new Map<string, Val>()): Val {
    const fn = this.ctx.faultFunction(cells, access);
    // Out of line when it can read the map's state from R and S: earlier instructions of a block
    // never write it (that ends the block), and this one has not yet.
    if (fn !== undefined && !this.writesMapSoFar()) return { src: `m.tf[${fn}](R, S, ${vaddr.src}, m)`, width: 32 };
    const env = this.env(new Map(scope).set(VADDR, vaddr));
    const faults = this.ctx.translation(cells, access).faults.map((f) => ({ ...atom(this.em, compileExpr(f.when, env, this.em)), trap: f.trap }));
    const src = faultIndexSrc(this.ctx, faults);
    return /^\d+$/.test(src) ? constant(32, BigInt(src)) : { src, width: 32 };
  }

  /** Whether this instruction has written state the address map reads (R and S do not hold it yet). */
  private writesMapSoFar(): boolean {
    return (
      [...this.ins.x.keys()].some((s) => this.ctx.mapSlots.has(s)) ||
      [...this.ins.shadow].some((f) => this.ctx.mapFiles.has(f)) ||
      this.ins.indexed.some((w) => this.ctx.mapFiles.has(w.file)) ||
      (this.ctx.mapReadsStorage && this.ins.stores.length > 0)
    );
  }

  /** A value fitted to the trap value's width. */
  trapValue(v: Val): string {
    const w = this.ctx.isa.traps.valueWidth;
    return (v.width > w ? extractOp(this.em, v, w - 1, 0) : extendOp(this.em, v, w, false)).src;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads.

  private readSlot(slot: number, width: number): Val {
    return { src: this.ins.x.get(slot) ?? this.frame.slotLocal(slot), width };
  }

  private env(scope: Map<string, Val>): ExprEnv {
    const { layout } = this.ctx;
    const ins = this.ins;
    return {
      reg: (name) => {
        const r = layout.regs.get(name)!;
        if (r === layout.pc) return ins.pcLocal ? { src: ins.pcLocal, width: r.width } : { src: this.frame.pcOf(ins.off), width: r.width, pcOff: ins.off };
        return this.readSlot(r.slot, r.width);
      },
      file: (name, index) => {
        const f = layout.files.get(name)!;
        if (ins.shadow.has(name)) return { src: `sh_${name}[${index.src}]`, width: f.width };
        if (index.k !== undefined) {
          const k = Number(index.k);
          const hw = f.hardwired.get(k);
          if (hw !== undefined) return constant(f.width, BigInt(hw));
          const v = this.readSlot(f.base + k, f.width);
          // This instruction's own write at a run-time index (the shape tier) may be the one read.
          const mine = ins.indexed.filter((w) => w.file === name);
          return mine.length === 0 ? v : { src: mine.reduce((src, w) => `(${w.ix} === ${k} ? ${w.v} : ${src})`, v.src), width: f.width };
        }
        // A dynamic read: this instruction runs alone, so R is current but for its own buffered writes.
        const ix = atom(this.em, index).src;
        let src = `${this.ctx.slotArray(f.base)}[${f.base} + ${ix}]`;
        // In the shape tier, a hard-wired element reads its value whatever R holds there.
        if (ins.params) for (const [h, hv] of f.hardwired) src = `(${ix} === ${h} ? ${hv} : ${src})`;
        for (const [slot, local] of ins.x) if (slot >= f.base && slot < f.base + f.count) src = `(${ix} === ${slot - f.base} ? ${local} : ${src})`;
        for (const w of ins.indexed) if (w.file === name) src = `(${ix} === ${w.ix} ? ${w.v} : ${src})`;
        return { src, width: f.width };
      },
      field: (name) => {
        const w = ins.fieldWidths.get(name);
        const param = ins.params?.get(name);
        if (param !== undefined && w !== undefined) return { src: param, width: w };
        const v = ins.fields[name];
        if (v === undefined || w === undefined) throw new Error(`field '${name}' has no value`);
        return constant(w, BigInt(v));
      },
      var: (name) => {
        const v = scope.get(name);
        if (!v) throw new Error(`'${name}' is not bound`);
        return v;
      },
      trapInfo: (which) => {
        if (this.frame.mode !== 'sequence') throw new Error(`trapInfo('${which}') outside the trap sequence`);
        const { codeWidth, valueWidth } = this.ctx.isa.traps;
        return { src: which === 'code' ? 'tcode' : 'tval', width: which === 'code' ? codeWidth : valueWidth };
      },
      load: (space, addr, width, access) => this.load(scope, space, addr, width, access),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Exits.

  /** Leaves the function taking the trap whose kind index `kindSrc` computes, with value `value`. */
  private trapExitDynamic(kindSrc: string, value: string): string {
    if (this.frame.mode === 'sequence') return `throw m.fatal('the trap sequence took a memory trap');`;
    return `{ m.tk = ${kindSrc}; m.tv = ${value}; npc = ${this.frame.pcOf(this.ins.off)}; st = 2; break exit; }`;
  }

  /** Leaves the function taking trap `kind` (an index; -1: outside storage) with value `value`. */
  private trapExit(kind: number, value: string, what: string): string {
    if (this.frame.mode === 'sequence')
      return kind < 0
        ? `throw m.fatal('the trap sequence accessed storage outside its ' + ${this.ctx.storageCells} + ' cells at cell ' + ${value});`
        : `throw m.fatal(${JSON.stringify(`the trap sequence took the '${what}' trap`)});`;
    return `{ m.tk = ${kind}; m.tv = ${value}; npc = ${this.frame.pcOf(this.ins.off)}; st = 2; break exit; }`;
  }

  // ---------------------------------------------------------------------------------------------
  // Storage.

  /** Emits the translation and checks of an access; returns the physical address (an atom). */
  private locate(scope: Map<string, Val>, space: Space, addr: Val, cells: number, access: 'read' | 'write' | 'modify'): Val {
    const a = atom(this.em, addr);
    let phys = a;
    if (space === 'virtual') {
      const t = this.ctx.translation(cells, access);
      const fault = this.faultOf(a, cells, access, scope);
      if (fault.k !== undefined && fault.k !== 0n) {
        const trap = this.ctx.isa.traps.kinds[Number(fault.k) - 1]!.name;
        this.em.line(this.trapExit(Number(fault.k) - 1, this.trapValue(a), trap));
      } else if (fault.k === undefined) {
        const f = atom(this.em, fault);
        this.em.line(`if (${f.src} !== 0) ${this.trapExitDynamic(`${f.src} - 1`, this.trapValue(a))}`);
      }
      const pf = this.ctx.physicalFunction(cells, access);
      phys =
        pf !== undefined && !this.writesMapSoFar()
          ? atom(this.em, { src: `m.tf[${pf}](R, S, ${a.src}, m)`, width: this.ctx.isa.state.storage.addressBits })
          : atom(this.em, compileExpr(t.physical, this.env(new Map(scope).set(VADDR, a)), this.em));
    }
    // Outside storage is a machine error, whatever the address map said. (`>>> 0`: a 32-bit
    // address is held as a signed int32.)
    const exit = this.trapExit(-1, unsignedNum(phys), '');
    if (phys.k === undefined) this.em.line(`if (${unsignedNum(phys)} > ${this.ctx.storageCells - cells}) ${exit}`);
    else if (Number(phys.k) + cells > this.ctx.storageCells) this.em.line(exit);
    if (space === 'virtual') {
      // The walk's stores (accessed/dirty bits), buffered like the instruction's own: after the
      // checks, before the access (a load after them sees them through the pending stores).
      // Compiled as conditional stores (declared in the prologue): the access may stand in a
      // branch of an expression, which is a block of its own in the generated code.
      const updates = this.ctx.translation(cells, access).updates;
      if (updates.length > 0) {
        this.ins.depth++;
        this.stmts(updates, new Map(scope).set(VADDR, a));
        this.ins.depth--;
      }
    }
    return phys;
  }

  /** Cell `c` of the access at `p`, as an expression and, if known, its address. */
  private cellAt(p: Val, c: number): { src: string; k?: number } {
    if (p.k !== undefined) return { src: String(Number(p.k) + c), k: Number(p.k) + c };
    return { src: c === 0 ? p.src : `${p.src} + ${c}` };
  }

  private load(scope: Map<string, Val>, space: Space, addr: Val, width: number, access: 'read' | 'modify'): Val {
    const cellBits = this.ctx.isa.state.storage.cellBits;
    const cells = width / cellBits;
    const p = this.locate(scope, space, addr, cells, access);
    const parts: Val[] = [];
    // Most significant slice first; slice c sits at offset sliceAt(c) (its own inverse).
    for (let c = cells - 1; c >= 0; c--) {
      const at = this.cellAt(p, sliceAt(c, cells, this.ctx.isa.state.storage));
      let src = `S[${at.src}]`;
      // Reads see this instruction's earlier stores; later stores win. Known addresses resolve now.
      for (const s of this.ins.stores) {
        if (at.k !== undefined && s.ak !== undefined) {
          if (at.k === s.ak) src = s.conditional ? `(${s.a} >= 0 ? ${s.v} : ${src})` : s.v;
        } else src = `(${at.src} === ${s.a} ? ${s.v} : ${src})`;
      }
      parts.push(this.mappedRead(scope, at, { src, width: cellBits }));
    }
    return atom(this.em, cells === 1 ? parts[0]! : concatOp(this.em, parts));
  }

  /** The mapped cells an access at `at` may be (spec/mapped-registers.ts): all of them, or the one a known address is. */
  private mappedHits(at: { src: string; k?: number }): { view: MappedView; offset: number }[] {
    const out: { view: MappedView; offset: number }[] = [];
    for (const view of this.ctx.mapped)
      for (let offset = 0; offset < view.cells; offset++)
        if (at.k === undefined || at.k === view.cell + offset) out.push({ view, offset });
    return out;
  }

  /** A cell read at `at`: its register's slice where it is a mapped cell (as this instruction has left the register), else `raw`. */
  private mappedRead(scope: Map<string, Val>, at: { src: string; k?: number }, raw: Val): Val {
    const hits = this.mappedHits(at);
    if (hits.length === 0) return raw;
    const order = this.ctx.isa.state.storage;
    const slice = (h: { view: MappedView; offset: number }) => atom(this.em, compileExpr(mappedCellExpr(h.view, h.offset, order), this.env(scope), this.em));
    if (at.k !== undefined) return slice(hits[0]!);
    // (`>>> 0`: a 32-bit address is held as a signed int32.)
    const src = hits.reduceRight((acc, h) => `((${at.src}) >>> 0 === ${h.view.cell + h.offset} ? ${slice(h).src} : ${acc})`, raw.src);
    return { src, width: raw.width };
  }

  private store(scope: Map<string, Val>, space: Space, addr: Val, value: Val): void {
    const ins = this.ins;
    const cellBits = this.ctx.isa.state.storage.cellBits;
    const cells = value.width / cellBits;
    let p = this.locate(scope, space, addr, cells, 'write');
    // A write through a mapped cell assigns a register: the address and value, which may read it,
    // are the ones this store began with (fixed before any cell is written).
    if (this.ctx.mapped.length > 0) {
      p = this.snapshot(p);
      value = this.snapshot(value);
    }
    for (let c = 0; c < cells; c++) {
      const part = atom(this.em, cells === 1 ? value : extractOp(this.em, value, (c + 1) * cellBits - 1, c * cellBits));
      const at = this.cellAt(p, sliceAt(c, cells, this.ctx.isa.state.storage));
      const hits = this.mappedHits(at);
      if (hits.length === 0) {
        this.storeCell(at, part);
        continue;
      }
      // A mapped cell writes its slice of the register (every writable field); storage beneath is untouched.
      const order = this.ctx.isa.state.storage;
      const inner = new Map(scope).set(MAPPED_PART, part);
      const write = (h: { view: MappedView; offset: number }): Block => [h.view.write(mappedWithCellExpr(h.view, h.offset, { kind: 'var', name: MAPPED_PART }, order), `${MAPPED_PART}.${h.view.register}`)];
      if (at.k !== undefined) {
        this.stmts(write(hits[0]!), inner);
        continue;
      }
      const bodies = hits.map((h) => ({ cond: `(${at.src}) >>> 0 === ${h.view.cell + h.offset}`, lines: this.branch(write(h), inner) }));
      ins.depth++;
      const [plain] = this.em.capture(() => this.storeCell(at, part));
      ins.depth--;
      bodies.forEach((b, i) => {
        this.em.line(`${i === 0 ? 'if' : '} else if'} (${b.cond}) {`);
        b.lines.forEach((l) => this.em.line('  ' + l));
      });
      this.em.line('} else {');
      plain.forEach((l) => this.em.line('  ' + l));
      this.em.line('}');
    }
  }

  /** One cell's store, deferred to the commit (where it is logged, invalidates code and is watched). */
  private storeCell(at: { src: string; k?: number }, part: Val): void {
    const ins = this.ins;
    const a = this.em.fresh(`sa${ins.i}_`);
    const v = this.em.fresh(`sv${ins.i}_`);
    if (ins.depth === 0) this.em.line(`const ${a} = ${at.src}, ${v} = ${part.src};`);
    else {
      ins.prologue.push(`let ${a} = -1, ${v} = 0;`);
      this.em.line(`${a} = ${at.src}; ${v} = ${part.src};`);
    }
    ins.stores.push({ a, v, conditional: ins.depth > 0, ...(at.k !== undefined ? { ak: at.k } : {}) });
  }

  // ---------------------------------------------------------------------------------------------
  // Statements.

  private stmts(b: Block, outer: Map<string, Val>): void {
    const scope = new Map(outer);
    for (const s of b) this.stmt(s, scope);
  }

  private branch(b: Block, scope: Map<string, Val>): string[] {
    this.ins.depth++;
    const [lines] = this.em.capture(() => this.stmts(b, scope));
    this.ins.depth--;
    return lines;
  }

  private stmt(s: Stmt, scope: Map<string, Val>): void {
    const expr = (e: Expr) => compileExpr(e, this.env(scope), this.em);
    const { layout } = this.ctx;
    const ins = this.ins;
    // A switch, not a ts-pattern match: this runs for every statement of every instruction compiled.
    switch (s.kind) {
      case 'assign': {
        const x = s;
        const t = x.target;
        if (t.kind === 'reg') {
          const r = layout.regs.get(t.name)!;
          const v = expr(x.value);
          if (r === layout.pc) this.assignPc(v);
          else this.assignSlot(r.slot, v);
          return;
        }
        const f = layout.files.get(t.name)!;
        const index = atom(this.em, expr(t.index));
        const v = atom(this.em, expr(x.value));
        if (ins.shadow.has(t.name)) {
          const guard = [...f.hardwired.keys()].map((h) => `${index.src} !== ${h}`).join(' && ');
          this.em.line(`${guard ? `if (${guard}) ` : ''}sh_${t.name}[${index.src}] = ${v.src};`);
        } else if (index.k === undefined) {
          // An index that is a field held at run time (the shape tier): buffered with its index,
          // -1 for a hard-wired element (which ignores writes), committed into R.
          if (!ins.params) throw new Error(`machine: file '${t.name}' written at an index not known at compile time`);
          const guard = [...f.hardwired.keys()].map((h) => `${index.src} !== ${h}`).join(' && ');
          const ix = guard ? `(${guard} ? ${index.src} : -1)` : index.src;
          const xi = this.em.fresh(`xi${ins.i}_`);
          const xv = this.em.fresh(`xv${ins.i}_`);
          if (ins.depth === 0) this.em.line(`const ${xi} = ${ix}, ${xv} = ${v.src};`);
          else {
            ins.prologue.push(`let ${xi} = -1, ${xv} = 0;`);
            this.em.line(`${xi} = ${ix}; ${xv} = ${v.src};`);
          }
          ins.indexed.push({ file: t.name, ix: xi, v: xv });
        } else {
          const i = Number(index.k!);
          // A hard-wired element ignores writes (its value was still evaluated, for any fault).
          if (!f.hardwired.has(i)) this.assignSlot(f.base + i, v);
        }
        return;
      }
      case 'store': {
        const x = s;
        const addr = expr(x.addr);
        this.store(scope, x.space, addr, atom(this.em, expr(x.value)));
        return;
      }
      case 'let':
        scope.set(s.name, this.snapshot(expr(s.value)));
        return;
      case 'if': {
        const x = s;
        const c = expr(x.cond);
        if (c.k !== undefined) {
          this.stmts(c.k === 1n ? x.then : x.else, scope);
          return;
        }
        const t = this.branch(x.then, scope);
        const e = this.branch(x.else, scope);
        this.em.line(`if (${c.src} !== 0) {`);
        t.forEach((l) => this.em.line('  ' + l));
        if (e.length > 0) {
          this.em.line('} else {');
          e.forEach((l) => this.em.line('  ' + l));
        }
        this.em.line('}');
        return;
      }
      case 'trap': {
        const x = s;
        // No value: 0 in the trap value's canonical form (a bigint above 52 bits).
        const value = x.value ? this.trapValue(expr(x.value)) : isBig(this.ctx.isa.traps.valueWidth) ? '0n' : '0';
        const kind = layout.traps.get(x.trap);
        if (!kind) throw new Error(`unknown trap '${x.trap}'`);
        this.em.line(this.trapExit(kind.index, value, x.trap));
        return;
      }
      case 'halt':
        if (this.frame.mode === 'sequence') this.em.line(`throw m.fatal('the trap sequence halted');`);
        else if (ins.depth === 0) ins.haltStatic = true;
        else {
          ins.haltFlag ??= `h${ins.i}`;
          this.em.line(`${ins.haltFlag} = 1;`);
        }
        return;
      default:
        throw new Error(`compile: unknown statement ${JSON.stringify(s satisfies never)}`);
    }
  }

  /**
   * The value `v` has now, in a fresh constant: a `let` binds a value (ast.ts), and the source of
   * `v` may name state this instruction writes later — a buffered write `x<i>_<slot>`, the PC
   * local, or an operation folded to its operand's name (`atom` would keep such a name as it is).
   * Compile-time constants stay constants.
   */
  private snapshot(v: Val): Val {
    if (v.k !== undefined) return v;
    const t = this.em.fresh();
    this.em.line(`const ${t} = ${v.src};`);
    return { ...v, src: t };
  }

  private assignSlot(slot: number, v: Val): void {
    const ins = this.ins;
    if (this.ctx.timingSlots.has(slot)) this.noteTimingWrite(slot);
    let local = ins.x.get(slot);
    if (local === undefined) {
      local = `x${ins.i}_${slot}`;
      // A first write in a branch needs the old value for the other path.
      if (ins.depth > 0) ins.prologue.push(`let ${local} = ${this.frame.slotLocal(slot)};`);
      else {
        this.em.line(`let ${local} = ${v.src};`);
        ins.x.set(slot, local);
        return;
      }
      ins.x.set(slot, local);
    }
    this.em.line(`${local} = ${v.src};`);
  }

  /** Records that a timing register is written here, unconditionally or under a flag. */
  private noteTimingWrite(slot: number): void {
    const ins = this.ins;
    const seen = ins.timingWrites.get(slot);
    if (seen === true) return;
    if (ins.depth === 0) {
      ins.timingWrites.set(slot, true);
      return;
    }
    const flag = seen ?? `tw${ins.i}_${slot}`;
    if (seen === undefined) {
      ins.prologue.push(`let ${flag} = 0;`);
      ins.timingWrites.set(slot, flag);
    }
    this.em.line(`${flag} = 1;`);
  }

  private assignPc(v: Val): void {
    const ins = this.ins;
    ins.pcAssigns.push({ depth: ins.depth, val: v });
    if (ins.pcLocal === undefined) {
      ins.pcLocal = `xpc${ins.i}`;
      if (ins.depth === 0) {
        this.em.line(`let ${ins.pcLocal} = ${v.src};`);
        return;
      }
      ins.prologue.push(`let ${ins.pcLocal} = ${this.frame.pcOf(ins.off)};`);
    }
    this.em.line(`${ins.pcLocal} = ${v.src};`);
    if (ins.depth > 0) {
      ins.pcFlag ??= `pcw${ins.i}`;
      this.em.line(`${ins.pcFlag} = 1;`);
    }
  }
}
