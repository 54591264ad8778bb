/**
 * Compiles a run of decoded instructions (a basic block), or the trap sequence, to the source of
 * one JavaScript function.
 *
 * Block function `(R, S, p, m, lim)`: R the registers, S storage, p the physical address of the
 * first cell, m the machine's runtime (trap out-parameters, code-cache invalidation), lim the most
 * instructions it may run (a block that branches to itself loops while a whole pass fits). It returns
 * `(done << 2) | status`: `done` instructions completed; status 0 ran to the end, 1 halted, 2 the
 * next instruction trapped (kind and value in m.tk / m.tv; m.tk = -1 is a physical access outside
 * storage), 3 the block's cells are not all fetchable (run one instruction at a time instead).
 *
 * Registers used by the block live in JS locals (`r<slot>`) and are written back on exit. Within
 * one instruction every write is buffered (`x<i>_<slot>` locals, pending stores) and committed at
 * its end, so a trap discards all of the instruction's effects. The PC is implicit: instruction i
 * runs at pc0 + its offset. A block ends at an instruction that may halt, may leave the straight
 * line, writes state the address map reads, or indexes a register file dynamically (which then
 * runs alone, through a copy of the file).
 */
import { match } from 'ts-pattern';
import type { Block, Expr, Space, Stmt } from '../spec/ast.js';
import type { InstructionDecl } from '../spec/description.js';
import type { CompileContext } from './context.js';
import { atom, compileExpr, concatOp, constant, Emitter, extendOp, extractOp, unsignedNum, type ExprEnv, type Val } from './compile-expr.js';
import { factsOf } from './facts.js';

export interface BlockItem {
  insn: InstructionDecl;
  fields: Record<string, number>;
  words: number[];
}

/** What one compiled instruction reveals about the straight line. */
export interface ItemShape {
  /** The next instruction is statically the following cells. */
  fallsThrough: boolean;
  /** It writes state the address map reads (so later fetches must translate again). */
  writesMap: boolean;
  mayHalt: boolean;
  dynamic: boolean;
}

const VADDR = '$vaddr';

interface Pending {
  a: string;
  v: string;
  conditional: boolean;
  /** The address, when known at compile time. */
  ak?: number;
}

/** Per-instruction compilation state. */
interface Insn {
  i: number;
  /** Offset of the instruction from the block's first cell. */
  off: number;
  len: number;
  fields: Record<string, number>;
  fieldWidths: Map<string, number>;
  prologue: string[];
  /** Buffered writes: slot → local. */
  x: Map<number, string>;
  pcLocal?: string;
  pcFlag?: string;
  pcAssigns: { depth: number; val: Val }[];
  haltFlag?: string;
  haltStatic: boolean;
  stores: Pending[];
  shadow: Set<string>;
  depth: number;
}

export type CompileMode = 'block' | 'sequence';

export class BlockCompiler {
  private readonly em = new Emitter();
  private readonly body: string[] = [];
  /** Slots held in block locals, and those written (to write back). */
  private readonly loaded = new Set<number>();
  private readonly written = new Set<number>();
  private hasStores = false;
  private cells = 0;
  private count = 0;
  private readonly shapes: ItemShape[] = [];

  constructor(
    private readonly ctx: CompileContext,
    private readonly mode: CompileMode,
  ) {}

  /** The shape of each instruction added so far. */
  get itemShapes(): readonly ItemShape[] {
    return this.shapes;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads and writes of registers.

  private slotLocal(slot: number): string {
    this.loaded.add(slot);
    return `r${slot}`;
  }

  private pcOf(off: number): string {
    return off === 0 ? 'pc0' : `pc_${off}`;
  }

  private readSlot(ins: Insn, slot: number, width: number): Val {
    const x = ins.x.get(slot);
    return { src: x ?? this.slotLocal(slot), width };
  }

  private env(ins: Insn, scope: Map<string, Val>): ExprEnv {
    const { layout } = this.ctx;
    return {
      reg: (name) => {
        const r = layout.regs.get(name)!;
        if (r === layout.pc) return ins.pcLocal ? { src: ins.pcLocal, width: r.width } : { src: this.pcOf(ins.off), width: r.width, pcOff: ins.off };
        return this.readSlot(ins, r.slot, r.width);
      },
      file: (name, index) => {
        const f = layout.files.get(name)!;
        const w = f.width;
        if (ins.shadow.has(name)) return { src: `sh_${name}[${index.src}]`, width: w };
        if (index.k !== undefined) {
          const i = Number(index.k);
          const hw = f.hardwired.get(i);
          return hw !== undefined ? constant(w, BigInt(hw)) : this.readSlot(ins, f.base + i, w);
        }
        // A dynamic read: this instruction runs alone, so R is current but for its own buffered writes.
        const ix = atom(this.em, index).src;
        let src = `R[${f.base} + ${ix}]`;
        for (const [slot, local] of ins.x) if (slot >= f.base && slot < f.base + f.count) src = `(${ix} === ${slot - f.base} ? ${local} : ${src})`;
        return { src, width: w };
      },
      field: (name) => {
        const v = ins.fields[name];
        const decl = ins.fieldWidths.get(name);
        if (v === undefined || decl === undefined) throw new Error(`field '${name}' has no value`);
        return constant(decl, BigInt(v));
      },
      var: (name) => {
        const v = scope.get(name);
        if (!v) throw new Error(`'${name}' is not bound`);
        return v;
      },
      trapInfo: (which) => {
        if (this.mode !== 'sequence') throw new Error(`trapInfo('${which}') outside the trap sequence`);
        return { src: which === 'code' ? 'tcode' : 'tval', width: which === 'code' ? this.ctx.isa.traps.codeWidth : this.ctx.isa.traps.valueWidth };
      },
      load: (space, addr, width) => this.load(ins, scope, space, addr, width),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Exits.

  /** Leaves the function taking trap `kind` (an index; -1: outside storage) with value `value`. */
  private trapExit(ins: Insn, kind: number, value: string, what: string): string {
    if (this.mode === 'sequence')
      return kind < 0
        ? `throw m.fatal('the trap sequence accessed storage outside its ' + ${this.ctx.storageCells} + ' cells at cell ' + ${value});`
        : `throw m.fatal(${JSON.stringify(`the trap sequence took the '${what}' trap`)});`;
    return `{ m.tk = ${kind}; m.tv = ${value}; npc = ${this.pcOf(ins.off)}; st = 2; break exit; }`;
  }

  /** A value fitted to the trap value's width. */
  private trapValue(v: Val): string {
    const w = this.ctx.isa.traps.valueWidth;
    return (v.width > w ? extractOp(this.em, v, w - 1, 0) : extendOp(this.em, v, w, false)).src;
  }

  // ---------------------------------------------------------------------------------------------
  // Storage.

  /** Emits the translation and checks of an access; returns the physical address (an atom). */
  private locate(ins: Insn, scope: Map<string, Val>, space: Space, addr: Val, cells: number): Val {
    const a = atom(this.em, addr);
    let phys = a;
    if (space === 'virtual') {
      const t = this.ctx.translation(cells);
      const inner = new Map(scope).set(VADDR, a);
      const fault = compileExpr(t.fault, this.env(ins, inner), this.em);
      const trap = this.ctx.layout.traps.get(t.trap)!.index;
      if (fault.k === 1n) this.em.line(this.trapExit(ins, trap, this.trapValue(a), t.trap));
      else if (fault.k === undefined) this.em.line(`if (${fault.src} !== 0) ${this.trapExit(ins, trap, this.trapValue(a), t.trap)}`);
      phys = atom(this.em, compileExpr(t.physical, this.env(ins, inner), this.em));
    }
    // Outside storage is a machine error, whatever the address map said. (`>>> 0`: a 32-bit
    // address is held as a signed int32.)
    const exit = this.trapExit(ins, -1, unsignedNum(phys), '');
    if (phys.k === undefined) this.em.line(`if (${unsignedNum(phys)} > ${this.ctx.storageCells - cells}) ${exit}`);
    else if (Number(phys.k) + cells > this.ctx.storageCells) this.em.line(exit);
    return phys;
  }

  /** Cell `c` of the access at `p`, as an expression and, if known, its address. */
  private cellAt(p: Val, c: number): { src: string; k?: number } {
    if (p.k !== undefined) return { src: String(Number(p.k) + c), k: Number(p.k) + c };
    return { src: c === 0 ? p.src : `${p.src} + ${c}` };
  }

  private load(ins: Insn, scope: Map<string, Val>, space: Space, addr: Val, width: number): Val {
    const cellBits = this.ctx.isa.state.storage.cellBits;
    const cells = width / cellBits;
    const p = this.locate(ins, scope, space, addr, cells);
    const parts: Val[] = [];
    for (let c = cells - 1; c >= 0; c--) {
      const at = this.cellAt(p, c);
      let src = `S[${at.src}]`;
      // Reads see this instruction's earlier stores; later stores win. Known addresses resolve now.
      for (const s of ins.stores) {
        if (at.k !== undefined && s.ak !== undefined) {
          if (at.k === s.ak) src = s.conditional ? `(${s.a} >= 0 ? ${s.v} : ${src})` : s.v;
        } else src = `(${at.src} === ${s.a} ? ${s.v} : ${src})`;
      }
      parts.push({ src, width: cellBits });
    }
    return atom(this.em, cells === 1 ? parts[0]! : concatOp(this.em, parts));
  }

  // ---------------------------------------------------------------------------------------------
  // Statements.

  private stmts(ins: Insn, b: Block, outer: Map<string, Val>): void {
    const scope = new Map(outer);
    for (const s of b) this.stmt(ins, s, scope);
  }

  private branch(ins: Insn, b: Block, scope: Map<string, Val>): string[] {
    ins.depth++;
    const [lines] = this.em.capture(() => this.stmts(ins, b, scope));
    ins.depth--;
    return lines;
  }

  private stmt(ins: Insn, s: Stmt, scope: Map<string, Val>): void {
    const expr = (e: Expr) => compileExpr(e, this.env(ins, scope), this.em);
    const { layout, isa } = this.ctx;
    match(s)
      .with({ kind: 'assign' }, (x) => {
        const t = x.target;
        if (t.kind === 'reg') {
          const r = layout.regs.get(t.name)!;
          const v = expr(x.value);
          if (r === layout.pc) this.assignPc(ins, v);
          else this.assignSlot(ins, r.slot, v);
          return;
        }
        const f = layout.files.get(t.name)!;
        const index = atom(this.em, expr(t.index));
        const v = atom(this.em, expr(x.value));
        if (ins.shadow.has(t.name)) {
          const guard = [...f.hardwired.keys()].map((h) => `${index.src} !== ${h}`).join(' && ');
          this.em.line(`${guard ? `if (${guard}) ` : ''}sh_${t.name}[${index.src}] = ${v.src};`);
        } else {
          const i = Number(index.k!);
          // A hard-wired element ignores writes (its value was still evaluated, for any fault).
          if (!f.hardwired.has(i)) this.assignSlot(ins, f.base + i, v);
        }
      })
      .with({ kind: 'store' }, (x) => {
        const addr = expr(x.addr);
        const v = atom(this.em, expr(x.value));
        const cellBits = isa.state.storage.cellBits;
        const cells = v.width / cellBits;
        const p = this.locate(ins, scope, x.space, addr, cells);
        for (let c = 0; c < cells; c++) {
          const part = atom(this.em, cells === 1 ? v : extractOp(this.em, v, (c + 1) * cellBits - 1, c * cellBits));
          const at = this.cellAt(p, c);
          const a = this.em.fresh(`sa${ins.i}_`);
          const val = this.em.fresh(`sv${ins.i}_`);
          if (ins.depth === 0) this.em.line(`const ${a} = ${at.src}, ${val} = ${part.src};`);
          else {
            ins.prologue.push(`let ${a} = -1, ${val} = 0;`);
            this.em.line(`${a} = ${at.src}; ${val} = ${part.src};`);
          }
          ins.stores.push({ a, v: val, conditional: ins.depth > 0, ...(at.k !== undefined ? { ak: at.k } : {}) });
        }
      })
      .with({ kind: 'let' }, (x) => {
        scope.set(x.name, atom(this.em, expr(x.value)));
      })
      .with({ kind: 'if' }, (x) => {
        const c = expr(x.cond);
        if (c.k !== undefined) {
          this.stmts(ins, c.k === 1n ? x.then : x.else, scope);
          return;
        }
        const t = this.branch(ins, x.then, scope);
        const e = this.branch(ins, x.else, scope);
        this.em.line(`if (${c.src} !== 0) {`);
        t.forEach((l) => this.em.line('  ' + l));
        if (e.length > 0) {
          this.em.line('} else {');
          e.forEach((l) => this.em.line('  ' + l));
        }
        this.em.line('}');
      })
      .with({ kind: 'trap' }, (x) => {
        const value = x.value ? this.trapValue(expr(x.value)) : '0';
        const kind = layout.traps.get(x.trap);
        if (!kind) throw new Error(`unknown trap '${x.trap}'`);
        this.em.line(this.trapExit(ins, kind.index, value, x.trap));
      })
      .with({ kind: 'halt' }, () => {
        if (this.mode === 'sequence') this.em.line(`throw m.fatal('the trap sequence halted');`);
        else if (ins.depth === 0) ins.haltStatic = true;
        else {
          ins.haltFlag ??= `h${ins.i}`;
          this.em.line(`${ins.haltFlag} = 1;`);
        }
      })
      .exhaustive();
  }

  private assignSlot(ins: Insn, slot: number, v: Val): void {
    let local = ins.x.get(slot);
    if (local === undefined) {
      local = `x${ins.i}_${slot}`;
      if (ins.depth === 0) {
        this.em.line(`let ${local} = ${v.src};`);
        ins.x.set(slot, local);
        return;
      }
      ins.prologue.push(`let ${local} = ${this.slotLocal(slot)};`);
      ins.x.set(slot, local);
    }
    this.em.line(`${local} = ${v.src};`);
  }

  private assignPc(ins: Insn, v: Val): void {
    ins.pcAssigns.push({ depth: ins.depth, val: v });
    if (ins.pcLocal === undefined) {
      ins.pcLocal = `xpc${ins.i}`;
      if (ins.depth === 0) {
        this.em.line(`let ${ins.pcLocal} = ${v.src};`);
        return;
      }
      ins.prologue.push(`let ${ins.pcLocal} = ${this.pcOf(ins.off)};`);
    }
    this.em.line(`${ins.pcLocal} = ${v.src};`);
    if (ins.depth > 0) {
      ins.pcFlag ??= `pcw${ins.i}`;
      this.em.line(`${ins.pcFlag} = 1;`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Instructions.

  /** Compiles the next instruction of the block and returns its shape. */
  add(item: BlockItem): ItemShape {
    const ins = this.begin(item.insn.semantics, item.fields, item.words.length);
    for (const f of item.insn.encoding.fields) ins.fieldWidths.set(f.name, f.width);
    const [lines] = this.em.capture(() => this.stmts(ins, item.insn.semantics, new Map()));
    const shape = this.shape(ins, item.insn.semantics);
    this.finishInsn(ins, lines, shape);
    return shape;
  }

  /** Compiles the trap sequence (mode 'sequence'): it writes R itself and leaves the PC alone unless assigned. */
  addSequence(block: Block): void {
    const ins = this.begin(block, {}, 0);
    const [lines] = this.em.capture(() => this.stmts(ins, block, new Map()));
    this.finishInsn(ins, lines, { fallsThrough: false, writesMap: false, mayHalt: false, dynamic: false });
  }

  private begin(block: Block, fields: Record<string, number>, len: number): Insn {
    const facts = factsOf(block);
    const ins: Insn = {
      i: this.count,
      off: this.cells,
      len,
      fields,
      fieldWidths: new Map(),
      prologue: [],
      x: new Map(),
      pcAssigns: [],
      haltStatic: false,
      stores: [],
      shadow: new Set(facts.dynamicWrites),
      depth: 0,
    };
    if (ins.off !== 0) this.body.push(`const ${this.pcOf(ins.off)} = ${this.ctx.normPc(`pc0 + ${ins.off}`)};`);
    for (const name of ins.shadow) {
      const f = this.ctx.layout.files.get(name)!;
      ins.prologue.push(`const sh_${name} = R.slice(${f.base}, ${f.base + f.count});`);
    }
    return ins;
  }

  private shape(ins: Insn, block: Block): ItemShape {
    const facts = factsOf(block);
    const pcWidth = this.ctx.layout.pc.width;
    const only = ins.pcAssigns.length === 1 ? ins.pcAssigns[0]! : undefined;
    const fallsThrough =
      ins.pcAssigns.length === 0 || (only !== undefined && only.depth === 0 && only.val.pcOff === (ins.off + ins.len) % 2 ** pcWidth);
    const writesMap = [...ins.x.keys()].some((s) => this.ctx.mapSlots.has(s)) || [...ins.shadow].some((f) => this.ctx.mapFiles.has(f));
    return { fallsThrough, writesMap, mayHalt: facts.mayHalt, dynamic: facts.dynamicAccess };
  }

  private finishInsn(ins: Insn, lines: string[], shape: ItemShape): void {
    const out = this.body;
    const flags = [ins.pcFlag, ins.haltFlag].filter((x): x is string => x !== undefined).map((f) => `let ${f} = 0;`);
    out.push(`// ${ins.i}`, ...flags, ...ins.prologue, ...lines);
    // Commit: stores in program order, then registers.
    for (const s of ins.stores) {
      this.hasStores = true;
      const inval = this.mode === 'block' ? `{ m.inval(${s.a}); iv = 1; }` : `m.inval(${s.a});`;
      const commit = `if (rec) m.log.push(${s.a}, S[${s.a}]); S[${s.a}] = ${s.v}; if (C[${s.a}] !== 0) ${inval}`;
      out.push(s.conditional ? `if (${s.a} >= 0) { ${commit} }` : commit);
    }
    for (const [slot, local] of ins.x) {
      out.push(`${this.slotLocal(slot)} = ${local};`);
      this.written.add(slot);
    }
    for (const name of ins.shadow) out.push(`R.set(sh_${name}, ${this.ctx.layout.files.get(name)!.base});`);
    this.count++;
    // The PC local starts at the old PC when its first assignment is conditional.
    if (this.mode === 'sequence') {
      out.push(`npc = ${ins.pcLocal ?? 'pc0'};`);
      return;
    }
    for (const t of this.ctx.layout.timing) {
      const local = this.slotLocal(t.slot);
      out.push(`${local} = ${this.ctx.norm(t.width, `${local} + 1`)};`);
      this.written.add(t.slot);
    }
    const next = this.ctx.normPc(`pc0 + ${ins.off + ins.len}`);
    let pcAfter = next;
    if (!shape.fallsThrough && ins.pcLocal !== undefined)
      pcAfter = ins.pcAssigns.some((a) => a.depth === 0) || !ins.pcFlag ? ins.pcLocal : `(${ins.pcFlag} !== 0 ? ${ins.pcLocal} : ${next})`;
    this.cells += ins.len;
    out.push(`done = d0 + ${this.count};`, `npc = ${pcAfter};`);
    // A last instruction that may jump back to the block's entry lets the block loop in place.
    this.loops = !shape.fallsThrough && ins.pcAssigns.some((a) => a.val.pcOff === 0);
    if (ins.haltStatic) out.push('st = 1;');
    else if (ins.haltFlag) out.push(`st = ${ins.haltFlag};`);
    // A store into compiled code ends the block here: later instructions may have changed.
    if (ins.stores.length > 0) out.push('if (iv !== 0) break exit;');
    if (!shape.fallsThrough || shape.writesMap || shape.mayHalt || shape.dynamic) this.closed = true;
    this.shapes.push(shape);
  }

  /** True once an instruction that ends a block was added. */
  closed = false;
  /** The block's last instruction may branch to its first. */
  private loops = false;

  /** Cells covered so far. */
  get length(): number {
    return this.cells;
  }

  get instructions(): number {
    return this.count;
  }

  // ---------------------------------------------------------------------------------------------
  // The function.

  /** The body of the block function `(R, S, p, m, lim)`. */
  finishBlock(): string {
    const head: string[] = ['const pc0 = R[' + this.ctx.layout.pc.slot + '];'];
    const check = this.fetchCheck(this.cells, this.count === 1 ? 'fault' : 'fallback');
    return this.assemble(head, check);
  }

  /** The body of the trap-sequence function `(R, S, m, tcode, tval)`. */
  finishSequence(): string {
    return this.assemble(['const pc0 = R[' + this.ctx.layout.pc.slot + '];'], []);
  }

  /**
   * A single entry for a word that is no instruction (`illegal`), or that begins an instruction
   * running past the end of storage (`beyond`): fetch checks, then the trap or the machine error.
   */
  finishUndecodable(kind: 'illegal' | 'beyond', words: number[]): string {
    const head = ['const pc0 = R[' + this.ctx.layout.pc.slot + '];'];
    const fetched = kind === 'illegal' ? words.length : words.length + 1;
    const check = this.fetchCheck(fetched, 'fault');
    const first = { src: String(words[0] ?? 0), width: this.ctx.isa.state.storage.cellBits, k: BigInt(words[0] ?? 0) };
    const exit =
      kind === 'illegal'
        ? `m.tk = ${this.ctx.layout.illegalTrap}; m.tv = ${this.trapValue(first)}; return 2;`
        : `m.tk = -1; m.tv = p + ${words.length}; return 2;`;
    const lines = [...head, ...[...this.loaded].map((s) => `let r${s} = R[${s}];`), ...check, exit];
    return lines.join('\n');
  }

  /** The check that all `cells` of the block can be fetched (the run loop checked the first). */
  private fetchCheck(cells: number, onFault: 'fault' | 'fallback'): string[] {
    if (cells <= 1) return [];
    const [lines, fault] = this.em.capture(() => {
      const pcEnv = new Map<string, Val>([[VADDR, { src: 'pc0', width: this.ctx.layout.pc.width }]]);
      const fake: Insn = { i: -1, off: 0, len: 0, fields: {}, fieldWidths: new Map(), prologue: [], x: new Map(), pcAssigns: [], haltStatic: false, stores: [], shadow: new Set(), depth: 0 };
      return compileExpr(this.ctx.translation(cells).fault, this.env(fake, pcEnv), this.em);
    });
    if (fault.k === 0n) return lines;
    const mem = this.ctx.layout.traps.get(this.ctx.translation(cells).trap)!.index;
    const pcVal = { src: 'pc0', width: this.ctx.layout.pc.width };
    const exit = onFault === 'fault' ? `{ m.tk = ${mem}; m.tv = ${this.trapValue(pcVal)}; m.ff = 1; return 2; }` : 'return 3;';
    return [...lines, `if (${fault.src} !== 0) ${exit}`];
  }

  private assemble(head: string[], check: string[]): string {
    const loads = [...this.loaded].map((s) => `let r${s} = R[${s}];`);
    const stores = this.hasStores ? ['const C = m.C, rec = m.rec;', 'let iv = 0;'] : [];
    const writeBack = [...this.written].map((s) => `R[${s}] = r${s};`);
    return [
      ...head,
      ...loads,
      ...check,
      ...stores,
      'let st = 0, done = 0, npc = pc0, d0 = 0;',
      ...(this.loops && this.mode === 'block'
        ? [
            // Another pass while the block branches to itself and the budget holds a whole pass.
            'exit: for (;;) {',
            ...this.body.map((l) => '  ' + l),
            `  if (npc !== pc0 || st !== 0 || done + ${this.count} > lim) break;`,
            '  d0 = done;',
            '}',
          ]
        : ['exit: {', ...this.body.map((l) => '  ' + l), '}']),
      ...writeBack,
      `R[${this.ctx.layout.pc.slot}] = npc;`,
      this.mode === 'sequence' ? '' : 'return (done << 2) | st;',
    ].join('\n');
  }
}
