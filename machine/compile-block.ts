/**
 * Compiles a run of decoded instructions (a block), or the trap sequence, to the source of one
 * JavaScript function; compile-insn.ts compiles each instruction's semantics.
 *
 * Block function `(R, S, p, m, lim)`: R the registers, S storage, p the physical address of the
 * first cell, m the machine's runtime (trap out-parameters, code-cache invalidation), lim the most
 * instructions it may run (a block that branches to its first instruction loops while a whole
 * pass fits). It returns `(done << 2) | status`: `done` instructions completed; status 0 left the
 * block (at its end or at a taken branch), 1 halted, 2 the next instruction trapped (kind and
 * value in m.tk / m.tv; m.tk = -1 is a physical access outside storage), 3 the block's cells are
 * not all fetchable (the run loop then makes it a basic block, or runs one instruction alone).
 * With m.fv = 1 the run loop vouches that its fetch checks passed before in the same state.
 *
 * Registers used by the block live in JS locals (`r<slot>`), loaded on entry and written back on
 * exit; an instruction commits into them. Timing registers advance once per block (`defer`). The
 * PC is implicit: instruction i runs at pc0 plus its offset. A block goes on past a conditional
 * branch (leaving when it is taken) and forward to the target of a jump it follows (code-cache.ts
 * chooses); it ends at an instruction that may halt, writes state the address map or an
 * interrupt condition reads, or indexes a register file at run time (which then runs alone).
 */
import type { Block } from '../spec/ast.js';
import type { InstructionDecl } from '../spec/description.js';
import { stepSemantics } from '../spec/address-map.js';
import type { CompileContext } from './context.js';
import { Emitter, type Val } from './compile-expr.js';
import { InsnCompiler, newInsn, type CompileMode, type Frame, type Insn } from './compile-insn.js';
import { factsOf } from './facts.js';
import { isBig } from './layout.js';
import type { CellWord } from '../spec/encoding.js';

export type { CompileMode } from './compile-insn.js';

export interface BlockItem {
  insn: InstructionDecl;
  fields: Record<string, number>;
  /** Bigints for cells wider than 52 bits. */
  words: CellWord[];
}

/** What one compiled instruction reveals about the straight line. */
export interface ItemShape {
  /** The next instruction is statically the following cells. */
  fallsThrough: boolean;
  /**
   * It does not fall through statically, but every PC write is conditional (a branch): a block
   * may go on past it, leaving at the branch when it is taken (a superblock).
   */
  sideExit: boolean;
  /**
   * An unconditional jump to a target known at compile time: `rel` cells from the instruction,
   * or the absolute PC `abs` (a block may go on at the target: see CodeCache.block).
   */
  jump?: { rel: number } | { abs: number };
  /**
   * For a side exit: where each of its PC assignments goes, in cells from the instruction, when
   * all are known at compile time (a consumer that must not loop on a side exit cuts there).
   */
  branches?: readonly number[];
  /** It writes state the address map reads (so later fetches must translate again). */
  writesMap: boolean;
  /** It writes state an interrupt condition reads (so the run loop must check them again). */
  writesIrq: boolean;
  mayHalt: boolean;
  /** It indexes a register file at run time. */
  dynamic: boolean;
}

export class BlockCompiler implements Frame {
  readonly em = new Emitter();
  private readonly body: string[] = [];
  /** Slots held in block locals, and those written (to write back). */
  private readonly loaded = new Set<number>();
  private readonly written = new Set<number>();
  private hasStores = false;
  private cells = 0;
  private count = 0;
  /** The block's last instruction, or a side exit, may branch to its first: it may loop in place. */
  private loops = false;
  private lastLoops = false;
  /**
   * Timing advanced per block rather than per instruction: the timing locals hold the values
   * after `tm` completed instructions (a run-time local), and are brought up to `done` before an
   * instruction that reads or writes them and at the exit. An instruction that writes one ticks
   * the others itself, as spec/timing.ts says, and moves `tm` past itself.
   */
  private readonly defer: boolean;
  /** Slots read through `slotLocal` while the current instruction compiles. */
  private reads = new Set<number>();

  constructor(
    readonly ctx: CompileContext,
    readonly mode: CompileMode,
  ) {
    const { timing, carries } = ctx.layout;
    const slots = [...timing, ...carries.values()];
    // Not for big (BigInt) counters, nor for counters the address map reads (its checks read R).
    this.defer = mode === 'block' && timing.length > 0 && slots.every((t) => !isBig(t.width) && !ctx.mapSlots.has(t.slot));
  }

  slotLocal(slot: number): string {
    this.loaded.add(slot);
    this.reads.add(slot);
    return `r${slot}`;
  }

  pcOf(off: number): string {
    return off === 0 ? 'pc0' : `pc_${off}`;
  }

  /** Each instruction's offset and length in cells, for the fetch check. */
  private readonly spans: { off: number; len: number }[] = [];

  /** The exit of the previous instruction when its branch is taken, if it had a side exit. */
  private sideExit: string | undefined;

  /** Cells from the block's first to the end of its furthest instruction. */
  private extent = 0;
  /** The last instruction added does not go on to the next cell (a block goes on only after a jump it follows). */
  private afterJump = false;

  /**
   * Compiles the next instruction of the block and returns its shape. `off`, the instruction's
   * cell offset, is where the previous one ends unless that one was a jump the block follows
   * (forward only): then the block goes on there while the jump went there.
   */
  add(item: BlockItem, off = this.cells, params?: ReadonlyMap<string, string>): ItemShape {
    // A write at a run-time index goes to R at its commit, behind later instructions' locals.
    if (params && this.count > 0) throw new Error('machine: an instruction with run-time fields runs alone');
    if (this.sideExit) this.body.push(this.sideExit);
    this.sideExit = undefined;
    if (off < this.cells) throw new Error('machine: a block goes forward only');
    this.spans.push({ off, len: item.words.length });
    const widths = new Map(item.insn.encoding.fields.map((f) => [f.name, f.width]));
    // The fetch's walk stores first, then the semantics (spec/address-map.ts stepSemantics).
    const sem = stepSemantics(this.ctx.isa, item.insn);
    const ins = newInsn(this.count, off, item.words.length, sem, item.fields, widths, params);
    if (ins.off !== 0) this.body.push(`const ${this.pcOf(ins.off)} = ${this.ctx.normPc(`pc0 + ${ins.off}`)};`);
    // After a followed jump: an absolute target is here only for the PC the block was built at
    // (even where it is the next cell).
    if (this.afterJump) this.body.push(`if (npc !== ${this.pcOf(off)}) break exit;`);
    this.reads = new Set();
    const lines = new InsnCompiler(this, ins).compile(sem);
    const shape = this.shape(ins, sem);
    this.afterJump = !shape.fallsThrough && !shape.sideExit;
    const touchesTiming = ins.timingWrites.size > 0 || [...this.reads].some((s) => this.ctx.timingSlots.has(s));
    if (this.defer && touchesTiming) this.body.push(...this.catchUp());
    this.commit(ins, lines, shape);
    return shape;
  }

  /** Compiles the trap sequence (mode 'sequence'): it leaves the PC alone unless it assigns it. */
  addSequence(block: Block): void {
    const ins = newInsn(0, 0, 0, block);
    this.commit(ins, new InsnCompiler(this, ins).compile(block), undefined);
  }

  private shape(ins: Insn, block: Block): ItemShape {
    const facts = factsOf(block);
    const only = ins.pcAssigns.length === 1 ? ins.pcAssigns[0]! : undefined;
    const fallsThrough =
      ins.pcAssigns.length === 0 || (only !== undefined && only.depth === 0 && only.val.pcOff === (ins.off + ins.len) % 2 ** this.ctx.layout.pc.width);
    const writes = (slots: Set<number>, files: Set<string>) =>
      [...ins.x.keys()].some((s) => slots.has(s)) || [...ins.shadow].some((f) => files.has(f)) || ins.indexed.some((w) => files.has(w.file));
    const pw = this.ctx.layout.pc.width;
    const jump =
      fallsThrough || only === undefined || only.depth !== 0
        ? undefined
        : only.val.pcOff !== undefined
          ? { rel: (((only.val.pcOff - ins.off) % 2 ** pw) + 2 ** pw) % 2 ** pw }
          : only.val.k !== undefined
            ? { abs: Number(only.val.k) }
            : undefined;
    const sideExit = !fallsThrough && ins.pcFlag !== undefined && ins.pcAssigns.every((a) => a.depth > 0);
    const branches = sideExit && ins.pcAssigns.every((a) => a.val.pcOff !== undefined) ? ins.pcAssigns.map((a) => (((a.val.pcOff! - ins.off) % 2 ** pw) + 2 ** pw) % 2 ** pw) : undefined;
    return {
      fallsThrough,
      sideExit,
      ...(jump ? { jump } : {}),
      ...(branches ? { branches } : {}),
      writesMap: writes(this.ctx.mapSlots, this.ctx.mapFiles),
      // A condition on a timing resource can change at every step.
      writesIrq: this.ctx.irqEveryStep || writes(this.ctx.irqSlots, this.ctx.irqFiles),
      mayHalt: facts.mayHalt,
      dynamic: facts.dynamicAccess,
    };
  }

  /** Appends the instruction's code and its commit: stores in program order, then registers. */
  private commit(ins: Insn, lines: string[], shape: ItemShape | undefined): void {
    const out = this.body;
    const flags = [ins.pcFlag, ins.haltFlag].filter((x): x is string => x !== undefined).map((f) => `let ${f} = 0;`);
    out.push(`// ${ins.i}`, ...flags, ...ins.prologue, ...lines);
    // Every cell first, then invalidation and watchers: a watcher sees the whole store.
    for (const s of ins.stores) {
      this.hasStores = true;
      const commit = `if (rec) m.log.push(${s.a}, S[${s.a}]); S[${s.a}] = ${s.v};`;
      out.push(s.conditional ? `if (${s.a} >= 0) { ${commit} }` : commit);
    }
    for (const s of ins.stores) {
      const inval = this.mode === 'block' ? `{ m.inval(${s.a}); iv = 1; }` : `m.inval(${s.a});`;
      const check = `if (C[${s.a}] !== 0) ${inval}`;
      out.push(s.conditional ? `if (${s.a} >= 0) { ${check} }` : check);
    }
    for (const [slot, local] of ins.x) {
      out.push(`${this.slotLocal(slot)} = ${local};`);
      this.written.add(slot);
    }
    for (const name of ins.shadow) {
      const base = this.ctx.layout.files.get(name)!.base;
      out.push(`${this.ctx.slotArray(base)}.set(sh_${name}, ${base});`);
    }
    for (const w of ins.indexed) {
      const base = this.ctx.layout.files.get(w.file)!.base;
      out.push(`if (${w.ix} >= 0) ${this.ctx.slotArray(base)}[${base} + ${w.ix}] = ${w.v};`);
    }
    this.count++;
    if (!shape) {
      // The trap sequence: the PC local starts at the old PC when its first assignment is conditional.
      out.push(`npc = ${ins.pcLocal ?? 'pc0'};`);
      return;
    }
    // The timing advance, but for what the instruction wrote itself (spec/timing.ts); deferred
    // (see `defer`) unless the instruction writes timing itself.
    const eager = !this.defer || ins.timingWrites.size > 0;
    for (const t of eager ? this.ctx.layout.timing : []) {
      const wrote = ins.timingWrites.get(t.slot);
      if (wrote === true) continue;
      const local = this.slotLocal(t.slot);
      const lines = [`${local} = ${this.ctx.incSrc(t.width, local)};`];
      this.written.add(t.slot);
      const high = this.ctx.layout.carries.get(t.slot);
      const highWrote = high && ins.timingWrites.get(high.slot);
      if (high && highWrote !== true) {
        const h = this.slotLocal(high.slot);
        lines.push(`if (${local} === ${this.ctx.zeroSrc(t.width)}${highWrote ? ` && ${highWrote} === 0` : ''}) ${h} = ${this.ctx.incSrc(high.width, h)};`);
        this.written.add(high.slot);
      }
      out.push(...(wrote ? [`if (${wrote} === 0) {`, ...lines, '}'] : lines));
    }
    if (shape.writesIrq) out.push('m.ic = 1;');
    const next = this.ctx.normPc(`pc0 + ${ins.off + ins.len}`);
    let pcAfter = next;
    if (!shape.fallsThrough && ins.pcLocal !== undefined)
      pcAfter = ins.pcAssigns.some((a) => a.depth === 0) || !ins.pcFlag ? ins.pcLocal : `(${ins.pcFlag} !== 0 ? ${ins.pcLocal} : ${next})`;
    this.cells = ins.off + ins.len;
    this.extent = Math.max(this.extent, this.cells);
    out.push(`done = d0 + ${this.count};`, `npc = ${pcAfter};`);
    if (this.defer && eager) out.push('tm = done;');
    // An instruction that may jump back to the block's entry lets the block loop in place: the
    // last one at the end of the pass, a side exit by another pass from the top (`lp`: while a
    // whole pass fits the budget).
    const back = !shape.fallsThrough && !shape.writesMap && !shape.writesIrq && ins.pcAssigns.some((a) => a.val.pcOff === 0);
    this.lastLoops = back;
    // A taken branch in the middle of a superblock leaves it (npc is its target), or loops.
    if (shape.sideExit)
      this.sideExit =
        back && this.mode === 'block'
          ? `if (${ins.pcFlag} !== 0) { if (npc !== pc0 || done > lp) break exit; d0 = done; continue exit; }`
          : `if (${ins.pcFlag} !== 0) break exit;`;
    if (shape.sideExit && back) this.loops = true;
    if (ins.haltStatic) out.push('st = 1;');
    else if (ins.haltFlag) out.push(`st = ${ins.haltFlag};`);
    // A store into compiled code ends the block here: later instructions may have changed.
    if (ins.stores.length > 0) out.push('if (iv !== 0) break exit;');
    // A store may rewrite the page tables this block's fetches were translated through (m.ml:
    // the map read storage since the block was entered): later instructions are fetched anew.
    if (ins.stores.length > 0 && this.ctx.mapReadsStorage && this.mode === 'block') out.push('if (m.ml !== 0) break exit;');
  }

  // ---------------------------------------------------------------------------------------------
  // The function.

  /** The body of the block function `(R, S, p, m, lim)`. */
  finishBlock(): string {
    const check = this.fetchCheck(this.extent, this.count === 1 ? 'fault' : 'fallback');
    // Skipped when the run loop remembers them passing (m.fv, CompileContext.fetchMemo). Not a
    // sixth parameter: a call with fewer arguments than parameters (the monitor's) costs a third
    // of a short block's time.
    return this.assemble(this.ctx.fetchMemo && check.length > 0 ? ['if (m.fv !== 1) {', ...check.map((l) => '  ' + l), '}'] : check);
  }

  /** The body of the trap-sequence function `(R, S, m, tcode, tval)`. */
  finishSequence(): string {
    return this.assemble([]);
  }

  /**
   * A single entry for a word that is no instruction (`illegal`), or that begins an instruction
   * running past the end of storage (`beyond`): fetch checks, then the trap or the machine error.
   */
  finishUndecodable(kind: 'illegal' | 'beyond', words: CellWord[]): string {
    const check = this.fetchCheck(kind === 'illegal' ? words.length : words.length + 1, 'fault');
    const ic = new InsnCompiler(this, newInsn(0, 0, 0, []));
    const w0 = words[0] ?? 0;
    const first = { src: typeof w0 === 'bigint' ? `${w0}n` : String(w0), width: this.ctx.isa.state.storage.cellBits, k: BigInt(w0) };
    const exit = kind === 'illegal' ? `m.tk = ${this.ctx.layout.illegalTrap}; m.tv = ${ic.trapValue(first)}; return 2;` : `m.tk = -1; m.tv = p + ${words.length}; return 2;`;
    return [`const pc0 = R[${this.ctx.layout.pc.slot}];`, ...this.loads(), ...check, exit].join('\n');
  }

  /**
   * The check that all `cells` of the block can be fetched (the run loop checked the first). A
   * described map may change within a block, so there each instruction is checked on its own.
   */
  private fetchCheck(cells: number, onFault: 'fault' | 'fallback'): string[] {
    if (cells <= 1) return [];
    const spans = this.ctx.isa.state.addressMap.kind === 'described' && this.spans.length > 1 ? this.spans : [{ off: 0, len: cells }];
    const ic = new InsnCompiler(this, newInsn(-1, 0, 0, []));
    const out: string[] = [];
    for (const { off, len } of spans) {
      const pc: Val = off === 0 ? { src: 'pc0', width: this.ctx.layout.pc.width } : { src: this.ctx.normPc(`pc0 + ${off}`), width: this.ctx.layout.pc.width };
      if (off > 0 && spans.length > 1) {
        // Past the first instruction, the ones before it run first: fall back to single steps
        // when this one faults or does not follow the first in storage.
        out.push(`if (m.tp[${this.ctx.spanFunction(len)}](R, S, ${pc.src}, m) !== p + ${off}) return 3;`);
        continue;
      }
      const [lines, [fault, value]] = this.em.capture(() => [ic.faultOf(pc, len, 'fetch'), ic.trapValue(pc)] as const);
      if (fault.k === 0n) {
        out.push(...lines);
        continue;
      }
      const exit = onFault === 'fault' ? `{ m.tk = f - 1; m.tv = ${value}; m.ff = 1; return 2; }` : 'return 3;';
      out.push('{', ...lines.map((l) => '  ' + l), `  const f = ${fault.src};`, `  if (f !== 0) ${exit}`, '}');
    }
    return out;
  }

  /** Lines advancing the timing locals by `done - tm` (the instructions completed since), with carries. */
  private catchUp(): string[] {
    const out = ['if (done !== tm) {', '  const k = done - tm;', '  tm = done;'];
    for (const t of this.ctx.layout.timing) {
      const r = this.slotLocal(t.slot);
      this.written.add(t.slot);
      const high = this.ctx.layout.carries.get(t.slot);
      const h = high ? this.slotLocal(high.slot) : undefined;
      if (high) this.written.add(high.slot);
      const carry = (n: string) => (high && h ? ` ${h} = ${n === '1' ? this.ctx.incSrc(high.width, h) : this.normAny(high.width, `${high.width === 32 ? `(${h} >>> 0)` : h} + ${n}`)};` : '');
      const max = 2 ** t.width - 1;
      // k is below 2^28 (a run's budget is capped there): at most one wrap from 28 bits up.
      if (t.width === 32) out.push(`  { const o = ${r} >>> 0; ${r} = (${r} + k) | 0;${high ? ` if ((${r} >>> 0) < o)${carry('1')}` : ''} }`);
      else if (t.width >= 28) out.push(`  { const s = ${r} + k; if (s > ${max}) { ${r} = s - ${max + 1};${carry('1')} } else ${r} = s; }`);
      else out.push(`  { const s = ${r} + k; ${r} = ${this.normAny(t.width, 's')};${high ? ` if (s > ${max})${carry(`Math.floor(s / ${max + 1})`)}` : ''} }`);
    }
    out.push('}');
    return out;
  }

  /** `src` (a non-negative number below 2^53) reduced to the canonical w-bit form (w <= 52). */
  private normAny(w: number, src: string): string {
    return w <= 32 ? this.ctx.norm(w, src) : `((${src}) % ${2 ** w})`;
  }

  private loads(): string[] {
    return [...this.loaded].map((s) => `let r${s} = ${this.ctx.slotArray(s)}[${s}];`);
  }

  /**
   * The body of `(R, S, a, m) => 0` that advances the timing registers in R by `a` instructions,
   * as a block's exit does (CompileContext.advanceFunction).
   */
  finishAdvance(): string {
    const up = this.catchUp();
    return [...this.loads(), 'const done = a;', 'let tm = 0;', ...up, ...[...this.written].map((s) => `${this.ctx.slotArray(s)}[${s}] = r${s};`), 'return 0;'].join('\n');
  }

  private assemble(check: string[]): string {
    const stores = this.hasStores ? ['const C = m.C, rec = m.rec;', 'let iv = 0;'] : [];
    const body = this.body.map((l) => '  ' + l);
    // Where no instruction read or wrote a timing register (none is in a local), the exit's advance
    // is one shared function called on R after the write-back: the same lines written once per
    // context instead of in every block (most of a single instruction's source, which a fresh or
    // cold run parses once per instruction word).
    const shared = this.defer && this.count > 0 && !this.ctx.layout.timing.some((t) => this.loaded.has(t.slot)) && ![...this.ctx.layout.carries.values()].some((h) => this.loaded.has(h.slot));
    // Before the loads: it may add timing locals.
    const catchUp = this.defer && this.count > 0 && !shared ? this.catchUp() : [];
    return [
      `const pc0 = R[${this.ctx.layout.pc.slot}];`,
      ...this.loads(),
      ...check,
      ...stores,
      `let st = 0, done = 0, npc = pc0, d0 = 0${this.defer ? ', tm = 0' : ''};`,
      ...((this.loops || this.lastLoops) && this.mode === 'block'
        ? // Another pass while the block branches to itself and the budget holds a whole pass.
          [`const lp = lim - ${this.count};`, 'exit: for (;;) {', ...body, '  if (npc !== pc0 || st !== 0 || done > lp) break;', '  d0 = done;', '}']
        : ['exit: {', ...body, '}']),
      ...catchUp,
      ...[...this.written].map((s) => `${this.ctx.slotArray(s)}[${s}] = r${s};`),
      ...(shared ? [`if (done !== 0) m.tf[${this.ctx.advanceFunction()}](R, S, done, m);`] : []),
      `R[${this.ctx.layout.pc.slot}] = npc;`,
      this.mode === 'sequence' ? '' : 'return (done << 2) | st;',
    ].join('\n');
  }
}
