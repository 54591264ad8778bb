/**
 * Everything compiled for one ISA and one storage size, shared by every machine made with them:
 * the layout, the address map's translations, the trap sequence, the run loop, and compiled
 * instructions and blocks keyed by the words they were compiled from (so a word compiles once
 * however many machines or addresses run it).
 */
import { match } from 'ts-pattern';
import { mappedViews, type MappedView } from '../spec/mapped-registers.js';
import type { Expr } from '../spec/ast.js';
import { accesses, type InstructionDecl, type IsaDescription, type MemoryAccess } from '../spec/description.js';
import { translate, type Translation } from '../spec/address-map.js';
import { cellAt, maxCells, type CellWord } from '../spec/encoding.js';
import { BlockCompiler, type BlockItem, type ItemShape } from './compile-block.js';
import { Decoder, type DecodeResult } from './decoder.js';
import { isBig, layoutOf, type Layout, type RegArray, type Word } from './layout.js';
import { faultIndexSrc, fetchSource, firstHeldSrc, interruptSource, runLoopSource, stateEnv } from './run-loop.js';
import { atom, compileExpr, Emitter } from './compile-expr.js';
import type { CodeRuntime, Runtime } from './runtime.js';
import { shapeHandler, shapeTier, type ShapeHandler } from './shape-tier.js';

/** A compiled block: see compile-block.ts for the calling convention. */
export type BlockFn = (R: RegArray, S: StorageArray, p: number, m: CodeRuntime, lim: number) => number;
export type SequenceFn = (R: RegArray, S: StorageArray, m: CodeRuntime, code: number, value: Word) => void;
export type RunFn = (m: Runtime, limit: number) => number;
/** The physical cell of the PC's first cell, or -(the fetch trap kind's index + 1). */
export type FetchFn = (R: RegArray, S: StorageArray, m: CodeRuntime) => number;
/** A translation's fault check: the trap kind's index plus one, or 0. */
export type FaultFn = (R: RegArray, S: StorageArray, a: number, m: CodeRuntime) => number;
/**
 * Cells of up to 16 bits unsigned; up to 32 in an Int32Array (a 32-bit cell is held as a signed
 * int32); up to 52 bits as exact doubles in a Float64Array; wider ones (up to 64) in a
 * BigUint64Array, as bigints: each the canonical form compiled code holds a value of the cell's
 * width in (compile-expr.ts), so generated code reads and writes `S[a]` alike for every width.
 */
export type StorageArray = Uint8Array | Uint16Array | Int32Array | Float64Array | BigUint64Array;

/** A zeroed storage array for cells of `cellBits` bits. */
export function newStorage(cellBits: number, cells: number): StorageArray {
  if (cellBits <= 8) return new Uint8Array(cells);
  if (cellBits <= 16) return new Uint16Array(cells);
  if (cellBits <= 32) return new Int32Array(cells);
  return isBig(cellBits) ? new BigUint64Array(cells) : new Float64Array(cells);
}

/** A compiled instruction (or undecodable word) and what the decoder found there. */
export interface Single {
  f: BlockFn;
  decoded: DecodeResult;
  shape?: ItemShape;
  /** `f` is the shape tier's handler of the instruction, bound to this word's fields (shape-tier.ts). */
  shaped?: boolean;
}

type TrieLevel = Map<CellWord, Single | TrieLevel>;

/** Calls of `locate` per kind answered by the reference evaluator before the translation is compiled. */
const LOCATE_TIER = 4;

/** Bound on the shared caches of compiled code; past it they start afresh. */
const CACHE_LIMIT = 50_000;

export class CompileContext {
  readonly layout: Layout;
  readonly decoder: Decoder;
  readonly maxCells: number;
  /** Register slots and files the address map reads: writing one ends a block. */
  readonly mapSlots = new Set<number>();
  readonly mapFiles = new Set<string>();
  /** Register slots and files the interrupt conditions read: writing one ends a block and rechecks them. */
  readonly irqSlots = new Set<number>();
  readonly irqFiles = new Set<string>();
  /** An interrupt condition reads a timing resource, which changes every step: check after every instruction. */
  readonly irqEveryStep: boolean;
  /** Slots of the timing registers that advance, and of the high halves they carry into. */
  readonly timingSlots: ReadonlySet<number>;
  /** The index of the first interrupt whose condition holds, or -1 (null: the ISA has none). */
  readonly interrupt: ((R: RegArray) => number) | null;
  readonly sequence: SequenceFn;
  readonly run: RunFn;
  /** The physical address of the PC's first cell, or -1 on a fetch fault. */
  readonly fetch: FetchFn;
  private readonly translations = new Map<string, Translation>();
  /**
   * A described map's fault conditions as functions `(R, vaddr) => 0 | 1`, called by generated
   * code instead of inlining a large condition (PMP) at every access; by `faultFunction` index.
   * Also the map's walks and the timing advance (`advanceFunction`): functions of `(R, S, a, m)`
   * written once and called by generated code.
   */
  readonly faultFns: FaultFn[] = [];
  /** Fetch-span functions: the physical cell of a fetch, or -1 when it faults (spanFunction). */
  readonly spanFns: FaultFn[] = [];
  private readonly spanIndex = new Map<number, number>();
  /** Whether the address map reads storage (page tables): then a store may change it. */
  readonly mapReadsStorage: boolean;
  /**
   * The map's register slots, when the run loop may remember that an entry's fetch checks passed
   * (code-cache.ts Entry.vp/ms): a described map (per-instruction checks, out of line) of at most
   * 32 registers, none of them big. A map reading storage can change without a register write.
   * A map's walk stores (`updates`) need no exception: the fetch's are the first statements of
   * each compiled instruction (spec/address-map.ts stepSemantics), not part of the checks remembered.
   */
  readonly fetchMemo: readonly number[] | undefined;
  /** Registers at physical cells (spec/mapped-registers.ts) inside this machine's storage. */
  readonly mapped: readonly MappedView[];
  private readonly faultIndex = new Map<string, number>();
  private readonly singles = new Map<string, Single>();
  private readonly blocks = new Map<string, BlockFn>();
  /** The shape tier's handlers by instruction and length in cells (null: it does not qualify). */
  private readonly shapes = new Map<InstructionDecl, Map<number, ShapeHandler | null>>();
  /**
   * Singles by the cells they were decoded from, one level per cell read (`singleAt`): the decoder
   * reads a word's cells one by one and stops as soon as they decide, so a prefix that decided
   * once decides the same way again (a leaf), and one that did not is an inner level.
   */
  private trie: TrieLevel = new Map();
  private trieLeaves = 0;
  /**
   * Cells where some machine's code cache compiled a block after the cold tier's runs (tiering in
   * code-cache.ts): a machine made later builds its block there at the first entry, as the block
   * is most likely compiled already. A hint only: what runs is decided by the words in storage.
   */
  readonly hot = new Set<number>();
  /** Counts `forgetCode` calls: code built from this context's (vmm/virtual-code.ts) is forgotten with it. */
  generation = 0;

  constructor(
    readonly isa: IsaDescription,
    readonly storageCells: number,
  ) {
    this.layout = layoutOf(isa);
    this.decoder = new Decoder(isa);
    this.maxCells = maxCells(isa);
    this.mapped = mappedViews(isa).filter((v) => v.cell + v.cells <= storageCells);
    let loads = false;
    for (const access of accesses) {
      const t = this.translation(1, access);
      for (const e of [t.fault, t.physical]) loads = this.collectState(e, this.mapSlots, this.mapFiles) || loads;
    }
    this.mapReadsStorage = loads;
    // Not for a map of many registers (a 64-entry TLB): comparing them all at every block would cost more than it saves.
    this.fetchMemo =
      isa.state.addressMap.kind === 'described' && !loads && this.mapSlots.size <= 32 && ![...this.mapSlots].some((s) => this.layout.bigSlots.has(s))
        ? [...this.mapSlots].sort((a, b) => a - b)
        : undefined;
    const irqs = isa.traps.interrupts ?? [];
    for (const irq of irqs) this.collectState(irq.when, this.irqSlots, this.irqFiles);
    this.timingSlots = new Set([...this.layout.timing.map((t) => t.slot), ...[...this.layout.carries.values()].map((h) => h.slot)]);
    this.irqEveryStep = this.layout.timing.some((t) => this.irqSlots.has(t.slot)) || [...this.layout.carries.values()].some((h) => this.irqSlots.has(h.slot));
    this.interrupt = irqs.length === 0 ? null : (new Function('R', this.withRb(named(interruptSource(this), `${isa.name}/interrupts`))) as (R: RegArray) => number);
    const seq = new BlockCompiler(this, 'sequence');
    seq.addSequence(isa.traps.sequence);
    this.sequence = new Function('R', 'S', 'm', 'tcode', 'tval', this.withRb(named(seq.finishSequence(), `${isa.name}/trap-sequence`))) as SequenceFn;
    this.run = new Function('m', 'limit', named(runLoopSource(this), `${isa.name}/run-loop`)) as RunFn;
    this.fetch = new Function('R', 'S', 'm', this.withRb(named(fetchSource(this), `${isa.name}/fetch`))) as FetchFn;
    this.mappedReaders = this.mapped.map((view) => {
      const em = new Emitter();
      const v = atom(em, compileExpr(view.read, stateEnv(this), em));
      const value = view.width > 32 ? `BigInt(${v.src})` : view.width === 32 ? `BigInt(${v.src} >>> 0)` : `BigInt(${v.src})`;
      return new Function('R', this.withRb(named([...em.lines, `return ${value};`].join('\n'), `${isa.name}/mapped/${view.register}`))) as (R: RegArray) => bigint;
    });
  }

  private readonly mappedReaders: ((R: RegArray) => bigint)[];

  /** The word a fetch reads at mapped cell `p` (its register's slice, spec/mapped-registers.ts), or undefined where `p` is storage. */
  mappedCell(R: RegArray, p: number): CellWord | undefined {
    for (let i = 0; i < this.mapped.length; i++) {
      const v = this.mapped[i]!;
      if (p >= v.cell && p < v.cell + v.cells) {
        const c = cellAt(this.mappedReaders[i]!(R), v.cells, p - v.cell, this.isa.state.storage);
        return isBig(this.isa.state.storage.cellBits) ? c : Number(c);
      }
    }
    return undefined;
  }

  /** The translation of a `cells`-cell access of kind `access` at the virtual address held in `$vaddr`. */
  translation(cells: number, access: MemoryAccess): Translation {
    const key = `${cells}:${access}`;
    let t = this.translations.get(key);
    if (!t) {
      t = translate(this.isa, { kind: 'var', name: '$vaddr' }, cells, this.storageCells, access);
      this.translations.set(key, t);
    }
    return t;
  }

  /**
   * The index in `faultFns` of the fault check of a `cells`-cell access of kind `access`, for a
   * described map (undefined for a relocation-bounds one, whose check is small enough to inline).
   * The function returns the trap kind's index plus one, or 0 (faultIndexSrc).
   */
  faultFunction(cells: number, access: MemoryAccess): number | undefined {
    if (this.isa.state.addressMap.kind !== 'described') return undefined;
    const key = `${cells}:${access}`;
    let i = this.faultIndex.get(key);
    if (i === undefined) {
      const traps = this.translation(1, access).faults.map((f) => this.layout.traps.get(f.trap)!.index + 1);
      const body =
        cells === 1
          ? `const r = m.tf[${this.ruleFunction(access)}](R, S, a, m);
return r === 0 ? 0 : ${JSON.stringify(traps)}[r - 1];`
          : [...this.multiCellRule(cells, access), `return r === 0 ? 0 : ${JSON.stringify(traps)}[r - 1];`].join('\n');
      i = this.faultFns.length;
      this.faultFns.push(new Function('R', 'S', 'a', 'm', this.withRb(named(body, `${this.isa.name}/${access}-fault-${cells}`))) as FaultFn);
      this.faultIndex.set(key, i);
    }
    return i;
  }

  /**
   * A one-cell translation's fault as the position of the first rule that holds, plus one, or 0:
   * the function every compiled check of a described map calls (its walk written once).
   */
  private ruleFunction(access: MemoryAccess): number {
    const key = `rule:${access}`;
    let i = this.faultIndex.get(key);
    if (i === undefined) {
      const em = new Emitter();
      const env = stateEnv(this, 'a', em);
      const held = this.translation(1, access).faults.map((f) => atom(em, compileExpr(f.when, env, em)));
      const src = firstHeldSrc(held, (_, r) => r + 1);
      i = this.faultFns.length;
      this.faultFns.push(new Function('R', 'S', 'a', 'm', this.withRb(named([...em.lines, `return ${src};`].join('\n'), `${this.isa.name}/${access}-rules`))) as FaultFn);
      this.faultIndex.set(key, i);
    }
    return i;
  }

  /**
   * Lines leaving in `r` the rule position (plus one, or 0) of a `cells`-cell access at `a`, as
   * spec/address-map.ts defines it: rule by rule, the first or the last cell faulting, the first
   * rule's also when the access wraps round the address space. The one-cell function is called
   * for each end, so its walk is compiled once.
   */
  private multiCellRule(cells: number, access: MemoryAccess): string[] {
    const w = this.isa.state.storage.addressBits;
    const f = this.ruleFunction(access);
    const ua = w === 32 ? '(a >>> 0)' : 'a';
    return [
      `const last = ${ua} + ${cells - 1};`,
      `const wraps = last > ${2 ** w - 1};`,
      `const fa = m.tf[${f}](R, S, a, m);`,
      `const fl = m.tf[${f}](R, S, ${this.norm(w, `last % ${2 ** w}`)}, m);`,
      'let r = fa;',
      'if (fl !== 0 && (r === 0 || fl < r)) r = fl;',
      'if (wraps) r = 1;',
    ];
  }

  /**
   * The index in `faultFns` of `(R, S, a, m) => 0` advancing the timing registers in R by `a`
   * instructions, with their carries: the exit of a block that deferred its timing advance and
   * never touched a timing register (BlockCompiler.finishAdvance).
   */
  advanceFunction(): number {
    let i = this.faultIndex.get('advance');
    if (i === undefined) {
      i = this.faultFns.length;
      this.faultFns.push(new Function('R', 'S', 'a', 'm', this.withRb(named(new BlockCompiler(this, 'block').finishAdvance(), `${this.isa.name}/timing-advance`))) as FaultFn);
      this.faultIndex.set('advance', i);
    }
    return i;
  }

  /**
   * The index in `faultFns` of a function giving the physical cell of a `cells`-cell access of
   * kind `access` that does not fault, for a map that reads storage: its walk is compiled once,
   * not into every block that makes such an access.
   */
  physicalFunction(cells: number, access: MemoryAccess): number | undefined {
    if (!this.mapReadsStorage) return undefined;
    const key = `physical:${cells}:${access}`;
    let i = this.faultIndex.get(key);
    if (i === undefined) {
      const em = new Emitter();
      const phys = compileExpr(this.translation(cells, access).physical, stateEnv(this, 'a', em), em);
      i = this.faultFns.length;
      this.faultFns.push(new Function('R', 'S', 'a', 'm', this.withRb(named([...em.lines, `return ${phys.src};`].join('\n'), `${this.isa.name}/${access}-physical-${cells}`))) as FaultFn);
      this.faultIndex.set(key, i);
    }
    return i;
  }

  /**
   * The index in `spanFns` of a function giving the physical cell of a `cells`-cell fetch at `a`,
   * or -1 when it faults: a block checks that each later instruction's cells follow the first's
   * in storage (a map may send the next virtual page anywhere).
   */
  spanFunction(cells: number): number {
    let i = this.spanIndex.get(cells);
    if (i === undefined) {
      const em = new Emitter();
      const env = stateEnv(this, 'a', em);
      const t = this.translation(cells, 'fetch');
      let check: string[];
      if (this.mapReadsStorage) check = cells === 1 ? [`const r = m.tf[${this.ruleFunction('fetch')}](R, S, a, m);`] : this.multiCellRule(cells, 'fetch');
      else {
        // A map of registers only is small: its whole check inline, one call per span.
        const fault = compileExpr(t.fault, env, em);
        check = [`const r = ${fault.src};`];
      }
      const [physLines, phys] = em.capture(() => compileExpr(t.physical, env, em));
      const body = [...em.lines, ...check, 'if (r !== 0) return -1;', ...physLines, `return (${phys.src}) >>> 0;`].join('\n');
      i = this.spanFns.length;
      this.spanFns.push(new Function('R', 'S', 'a', 'm', this.withRb(named(body, `${this.isa.name}/fetch-span-${cells}`))) as FaultFn);
      this.spanIndex.set(cells, i);
    }
    return i;
  }

  private readonly locators = new Map<string, ((R: RegArray, a: number) => number) | null>();
  private readonly locateAsked = new Map<string, number>();

  /**
   * Where a `cells`-cell access of kind `access` at virtual address `vaddr` lands in the registers
   * `R` — `locateIn` (reference.ts) compiled once per kind and size — or undefined where it faults or
   * runs past storage; null when this map has no compiled locator (it reads storage, or its
   * physical addresses are wider than 32 bits): then ask the reference evaluator.
   */
  locate(R: RegArray, vaddr: number, access: MemoryAccess, cells: number): number | undefined | null {
    const key = `${cells}:${access}`;
    let f = this.locators.get(key);
    if (f === undefined) {
      // Compiling costs a few reference evaluations (a fresh process placing one program asks twice).
      const asked = (this.locateAsked.get(key) ?? 0) + 1;
      this.locateAsked.set(key, asked);
      if (asked <= LOCATE_TIER) return null;
      this.locators.set(key, (f = this.locator(cells, access)));
    }
    if (f === null) return null;
    const p = f(R, this.isa.state.storage.addressBits === 32 ? vaddr | 0 : vaddr);
    return p < 0 ? undefined : p;
  }

  private locator(cells: number, access: MemoryAccess): ((R: RegArray, a: number) => number) | null {
    if (this.mapReadsStorage) return null;
    const em = new Emitter();
    const env = stateEnv(this, 'a', em);
    const t = this.translation(cells, access);
    const fault = compileExpr(t.fault, env, em);
    const [physLines, phys] = em.capture(() => compileExpr(t.physical, env, em));
    if (phys.width > 32) return null;
    const body = [...em.lines, `if (${fault.src} !== 0) return -1;`, ...physLines, `const p = (${phys.src}) >>> 0;`, `return p + ${cells} <= ${this.storageCells} ? p : -1;`].join('\n');
    return new Function('R', 'a', this.withRb(named(body, `${this.isa.name}/locate-${access}-${cells}`))) as (R: RegArray, a: number) => number;
  }

  /** A JS expression reducing `src` to the canonical w-bit form (w <= 32; int32 at 32). */
  norm(w: number, src: string): string {
    return w === 32 ? `((${src}) | 0)` : `((${src}) & ${2 ** w - 1})`;
  }

  /** `src` (a canonical w-bit value, any width) plus one, wrapped, in the same form. */
  incSrc(w: number, src: string): string {
    if (w <= 32) return this.norm(w, `${src} + 1`);
    return isBig(w) ? `BigInt.asUintN(${w}, ${src} + 1n)` : `((${src} + 1) % ${2 ** w})`;
  }

  /** The literal zero of a w-bit value. */
  zeroSrc(w: number): string {
    return isBig(w) ? '0n' : '0';
  }

  /** The array a slot's value is read and written in: `RB` (the BigUint64Array alias) for a big slot. */
  slotArray(slot: number): 'R' | 'RB' {
    return this.layout.bigSlots.has(slot) ? 'RB' : 'R';
  }

  /**
   * The body prefixed with the alias `RB` over `R`'s buffer when the ISA has slots wider than
   * 52 bits (layout.ts); unchanged for every other ISA.
   */
  withRb(body: string): string {
    return this.layout.bigSlots.size === 0 ? body : `const RB = new BigUint64Array(R.buffer, R.byteOffset, R.length);\n${body}`;
  }

  /** The trap value of a fetch fault at `pc` (canonical PC form): the PC fitted to the trap value's width, canonical. */
  pcTrapValue(pc: number): Word {
    const vw = this.isa.traps.valueWidth;
    const u = this.layout.pc.width === 32 ? pc >>> 0 : pc;
    if (vw < this.layout.pc.width) return u % 2 ** vw;
    return vw === 32 ? u | 0 : isBig(vw) ? BigInt(u) : u;
  }

  /** The source of `pcTrapValue` of the canonical PC in `pc`. */
  pcTrapValueSrc(pc: string): string {
    const vw = this.isa.traps.valueWidth;
    const pw = this.layout.pc.width;
    const u = pw === 32 ? `(${pc} >>> 0)` : pc;
    if (vw < pw) return this.norm(vw, pc);
    return vw === pw ? pc : vw === 32 ? `(${pc} | 0)` : isBig(vw) ? `BigInt(${u})` : u;
  }

  normPc(src: string): string {
    return this.norm(this.layout.pc.width, src);
  }

  /**
   * The compiled single instruction whose k-th cell is `read(k)` (undefined: outside storage),
   * as `single(decoder.decode(read))` gives it, without decoding again cells decoded before (the
   * decoder scans every encoding, and every new machine meets the same words again).
   */
  singleAt(read: (k: number) => CellWord | undefined): Single {
    let level = this.trie;
    for (let k = 0; ; k++) {
      const w = read(k);
      const next = w === undefined ? undefined : level.get(w);
      if (next === undefined) break;
      if (!(next instanceof Map)) return next;
      level = next;
    }
    const s = this.single(this.decoder.decode(read));
    const words = s.decoded.words;
    // 'beyond' depends on where storage ends, not only on the words: decoded afresh each time.
    if (s.decoded.kind === 'beyond' || words.length === 0) return s;
    if (this.trieLeaves >= CACHE_LIMIT) {
      this.trie = new Map();
      this.trieLeaves = 0;
    }
    level = this.trie;
    for (let k = 0; k < words.length - 1; k++) {
      let next = level.get(words[k]!);
      if (next === undefined) level.set(words[k]!, (next = new Map()));
      // A prefix that decided is never extended (see `trie`).
      if (!(next instanceof Map)) throw new Error(`machine: decoder read past a decided prefix at ${words.join(',')}`);
      level = next;
    }
    level.set(words[words.length - 1]!, s);
    this.trieLeaves++;
    return s;
  }

  /** Adds `p` to the hot cells (bounded as the other caches are). */
  noteHot(p: number): void {
    if (this.hot.size >= CACHE_LIMIT) this.hot.clear();
    this.hot.add(p);
  }

  /**
   * Forgets every compiled instruction and block (the layout, the run loop, the map's functions
   * stay): what runs next compiles afresh, as in a new process. For benchmarks' cold figures.
   */
  forgetCode(): void {
    this.generation++;
    this.singles.clear();
    this.blocks.clear();
    this.shapes.clear();
    this.trie = new Map();
    this.trieLeaves = 0;
    this.hot.clear();
  }

  /** The compiled single instruction for a decode result. */
  single(decoded: DecodeResult): Single {
    const key = `${decoded.kind}:${decoded.words.join(',')}`;
    let s = this.singles.get(key);
    if (!s) {
      const h = decoded.kind === 'insn' && shapeTier.enabled ? this.shapeOf(decoded.insn, decoded.words.length) : undefined;
      if (h && decoded.kind === 'insn') {
        // The shape tier (shape-tier.ts): the instruction's handler bound to this word's fields.
        const shape = h.shape ?? new BlockCompiler(this, 'block').add(decoded);
        s = { f: h.bind(decoded.fields), decoded, shape, shaped: true };
        if (this.singles.size >= CACHE_LIMIT) this.singles.clear();
        this.singles.set(key, s);
        return s;
      }
      const c = new BlockCompiler(this, 'block');
      let body: string;
      let shape: ItemShape | undefined;
      if (decoded.kind === 'insn') {
        shape = c.add(decoded);
        body = c.finishBlock();
      } else body = c.finishUndecodable(decoded.kind, decoded.words);
      const name = decoded.kind === 'insn' ? decoded.insn.mnemonic : decoded.kind;
      s = { f: compile(this.withRb(named(body, `${this.isa.name}/${name}`)), decoded), decoded, ...(shape ? { shape } : {}) };
      if (this.singles.size >= CACHE_LIMIT) this.singles.clear();
      this.singles.set(key, s);
    }
    return s;
  }

  /** The shape tier's handler of `insn` (`len` cells), made at its first word; undefined where it does not qualify. */
  private shapeOf(insn: InstructionDecl, len: number): ShapeHandler | undefined {
    let byLen = this.shapes.get(insn);
    if (!byLen) this.shapes.set(insn, (byLen = new Map()));
    let h = byLen.get(len);
    if (h === undefined) byLen.set(len, (h = shapeHandler(this, insn, len) ?? null));
    return h ?? undefined;
  }

  /**
   * The compiled block for a run of instructions (at least two), at cell offsets `offsets` from
   * the first (by default each where the one before ends; past a followed jump, further on).
   */
  block(items: BlockItem[], offsets?: readonly number[]): BlockFn {
    const key = items.map((i, k) => `${offsets ? `${offsets[k]}:` : ''}${i.words.join(',')}`).join(';');
    let f = this.blocks.get(key);
    if (!f) {
      const c = new BlockCompiler(this, 'block');
      items.forEach((item, k) => c.add(item, offsets?.[k]));
      f = compile(this.withRb(named(c.finishBlock(), `${this.isa.name}/${items.map((i) => i.insn.mnemonic).join('-')}`)), items);
      if (this.blocks.size >= CACHE_LIMIT) this.blocks.clear();
      this.blocks.set(key, f);
    }
    return f;
  }

  /** Adds the state `e` reads to `slots` and `files`; whether it reads storage. */
  private collectState(e: Expr, slots: Set<number>, files: Set<string>): boolean {
    let loads = false;
    const visit = (x: Expr) => {
      loads = this.collectState(x, slots, files) || loads;
    };
    match(e)
      .with({ kind: 'reg' }, (x) => {
        const r = this.layout.regs.get(x.name);
        if (r) slots.add(r.slot);
      })
      .with({ kind: 'file' }, (x) => {
        // Any element may be the one read: every slot of the file counts (static writes), and its name (run-time-indexed ones).
        files.add(x.name);
        const f = this.layout.files.get(x.name);
        if (f) for (let i = 0; i < f.count; i++) slots.add(f.base + i);
        visit(x.index);
      })
      .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, () => {})
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => visit(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => {
        visit(x.left);
        visit(x.right);
      })
      .with({ kind: 'concat' }, (x) => x.parts.forEach(visit))
      .with({ kind: 'ite' }, (x) => [x.cond, x.then, x.else].forEach(visit))
      .with({ kind: 'load' }, (x) => {
        loads = true;
        visit(x.addr);
      })
      .with({ kind: 'let' }, (x) => {
        visit(x.value);
        visit(x.body);
      })
      .exhaustive();
    return loads;
  }
}

/** Names generated code for profilers and stack traces (`vmcheck:pg74/LD-ADD-BLT`). */
function named(body: string, name: string): string {
  return `${body}\n//# sourceURL=vmcheck:${name.replace(/[^\w/.-]/g, '_')}`;
}

function compile(body: string, what: unknown): BlockFn {
  try {
    return new Function('R', 'S', 'p', 'm', 'lim', body) as BlockFn;
  } catch (e) {
    // A compiler bug, not a user error: show the generated code.
    throw new Error(`machine: generated code does not parse (${(e as Error).message}) for ${JSON.stringify(what)}:\n${body}`);
  }
}

const contexts = new WeakMap<IsaDescription, Map<number, CompileContext>>();

/** The shared context for an ISA and storage size. */
export function contextFor(isa: IsaDescription, storageCells: number): CompileContext {
  let bySize = contexts.get(isa);
  if (!bySize) {
    bySize = new Map();
    contexts.set(isa, bySize);
  }
  let c = bySize.get(storageCells);
  if (!c) {
    c = new CompileContext(isa, storageCells);
    bySize.set(storageCells, c);
  }
  return c;
}
