/**
 * The address map as expressions of the semantics language. Consumers (emulator, checker, VMM)
 * never interpret an address-map kind themselves: they take `fault` and `physical` from here, so
 * a new kind of map (segments, page tables) is added in this one place.
 */
import { match } from 'ts-pattern';
import type { Block, Expr, Stmt } from './ast.js';
import { unhandled } from './unhandled.js';
import { bankMarkers } from './lower/banked-registers.js';
import { accessRules, accesses, physicalOf, updatesOf, type AccessRule, type DescribedMap, type InstructionDecl, type IsaDescription, type MemoryAccess } from './description.js';

export interface Translation {
  /** The ways the access can fault, in priority order: the first that holds is the trap taken. */
  faults: MapFault[];
  /** 1 when the access faults at all (the `or` of `faults`). */
  fault: Expr;
  /** The physical cell address, meaningful when `fault` is 0. */
  physical: Expr;
  /**
   * The stores the translation makes when it does not fault (`DescribedMap.updates`), as
   * statements: each `if (when) store physical cell := value`, in order. Whoever makes the access
   * runs them after the fault check and before the access itself, as part of the step's effects.
   */
  updates: Block;
}

export interface MapFault {
  /** 1 when the access must take `trap` instead of happening. */
  when: Expr;
  trap: string;
}

/**
 * The trap a translation takes: the first fault that holds, or undefined. Every rule is
 * evaluated, as the emulator does (a table read outside storage in any of them is an error).
 */
export function firstFault(t: Translation, holds: (when: Expr) => boolean): string | undefined {
  const held = t.faults.map((f) => holds(f.when));
  return t.faults[held.indexOf(true)]?.trap;
}

const k = (width: number, value: number | bigint): Expr => ({ kind: 'const', width, value: '0x' + BigInt(value).toString(16) });

/**
 * Translates the virtual address `vaddr` (an expression of the address width) for an access of
 * `cells` cells of kind `access`. The whole access must lie inside the map and inside storage of
 * `cells` size.
 */
export function translate(isa: IsaDescription, vaddr: Expr, cells = 1, storageCells = isa.state.storage.cells, access: MemoryAccess = 'read'): Translation {
  // Translations of a named address are asked for again and again (every fetch of every query):
  // built once per description. (Translations are never modified, so they can be shared.)
  if (vaddr.kind !== 'var') return build(isa, vaddr, cells, storageCells, access);
  let byKey = built.get(isa);
  if (!byKey) built.set(isa, (byKey = new Map()));
  const key = `${vaddr.name}:${cells}:${storageCells}:${access}`;
  let t = byKey.get(key);
  if (!t) byKey.set(key, (t = build(isa, vaddr, cells, storageCells, access)));
  return t;
}

const built = new WeakMap<IsaDescription, Map<string, Translation>>();

function build(isa: IsaDescription, vaddr: Expr, cells: number, storageCells: number, access: MemoryAccess): Translation {
  const map = isa.state.addressMap;
  const w = isa.state.storage.addressBits;
  return match(map)
    .with({ kind: 'relocation-bounds' }, (m): Translation => {
      // Compute one bit wider so that l + a cannot wrap past the end of storage unnoticed.
      const wide = (e: Expr): Expr => ({ kind: 'extend', signed: false, arg: e, width: w + 1 });
      const last: Expr = { kind: 'binary', op: 'add', left: wide(vaddr), right: k(w + 1, cells - 1) };
      const bound = wide({ kind: 'reg', name: m.bound });
      const beyondBound: Expr = { kind: 'compare', op: m.boundTest === 'above' ? 'ugt' : 'uge', left: last, right: bound };
      const physLast: Expr = { kind: 'binary', op: 'add', left: last, right: wide({ kind: 'reg', name: m.base }) };
      const beyondStorage: Expr = { kind: 'compare', op: 'uge', left: physLast, right: k(w + 1, storageCells) };
      const fault: Expr = { kind: 'binary', op: 'or', left: beyondBound, right: beyondStorage };
      return { faults: [{ when: fault, trap: m.trap }], fault, physical: { kind: 'binary', op: 'add', left: vaddr, right: { kind: 'reg', name: m.base } }, updates: [] };
    })
    .with({ kind: 'described' }, (m): Translation => {
      const rules = access === 'modify' ? modifyRules(m) : accessRules(m, access);
      const at = (a: Expr) => (e: Expr) => substitute(e, 'vaddr', a);
      const first = at(vaddr);
      const or = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: 'or', left: a, right: b });
      let faults: MapFault[];
      if (cells === 1) faults = rules.map((r) => ({ when: first(r.fault), trap: r.trap }));
      else {
        // The last cell, found without wrapping round the address space.
        const wide = (e: Expr): Expr => ({ kind: 'extend', signed: false, arg: e, width: w + 1 });
        const lastWide: Expr = { kind: 'binary', op: 'add', left: wide(vaddr), right: k(w + 1, cells - 1) };
        const wraps: Expr = { kind: 'extract', arg: lastWide, hi: w, lo: w };
        const last = at({ kind: 'extract', arg: lastWide, hi: w - 1, lo: 0 });
        faults = rules.map((r, i) => ({ when: i === 0 ? or(or(first(r.fault), wraps), last(r.fault)) : or(first(r.fault), last(r.fault)), trap: r.trap }));
      }
      const kind = access === 'modify' ? 'write' : access;
      // The first cell's updates: the translation whose physical address the access uses.
      const updates: Block = updatesOf(m, kind).map((u) => ({
        kind: 'if',
        cond: first(u.when),
        then: [{ kind: 'store', space: 'physical', addr: first(u.cell), value: first(u.value) }],
        else: [],
      }));
      return { faults, fault: faults.map((f) => f.when).reduce(or), physical: first(physicalOf(m, kind)), updates };
    })
    .exhaustive();
}

/**
 * The rules of a read-modify-write (RISC-V AMOs, priv. 3.1.15): it faults where the read or the
 * write would, with the write's trap. Rule i joins the read's and the write's rule i (the two
 * lists describe the same checks for the two kinds, page then access for RISC-V); a rule one
 * list lacks takes the other's, with the write's last trap.
 */
function modifyRules(m: DescribedMap): AccessRule[] {
  const read = accessRules(m, 'read');
  const write = accessRules(m, 'write');
  return Array.from({ length: Math.max(read.length, write.length) }, (_, i) => {
    const r = read[i];
    const w = write[i];
    const fault: Expr = r && w ? { kind: 'binary', op: 'or', left: r.fault, right: w.fault } : (r ?? w)!.fault;
    return { fault, trap: (w ?? write[write.length - 1]!).trap };
  });
}

/** Scalar registers the address map reads, for any access (computed once per description). */
export function mapRegisters(isa: IsaDescription): Set<string> {
  let regs = mapRegistersCache.get(isa);
  if (!regs) {
    regs = new Set<string>();
    for (const access of accesses) {
      const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
      for (const e of [t.fault, t.physical]) registersIn(e, regs);
    }
    mapRegistersCache.set(isa, regs);
  }
  return new Set(regs);
}

const mapRegistersCache = new WeakMap<IsaDescription, Set<string>>();

/** The register files the address map reads (S/370's storage keys), in declaration order. */
export function mapFiles(isa: IsaDescription): string[] {
  const files = new Set<string>();
  for (const access of accesses) {
    const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
    for (const e of [t.fault, t.physical]) registersIn(e, new Set(), files);
  }
  return isa.state.files.filter((f) => files.has(f.name)).map((f) => f.name);
}

/** The scalar registers `e` reads, added to `out` (and the register files it reads, to `files`). */
export function registersIn(e: Expr, out = new Set<string>(), files?: Set<string>): Set<string> {
  const go = (x: Expr) => registersIn(x, out, files);
  match(e)
    .with({ kind: 'reg' }, (x) => void out.add(x.name))
    .with({ kind: 'file' }, (x) => {
      files?.add(x.name);
      go(x.index);
    })
    .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, () => {})
    .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => go(x.arg))
    .with({ kind: 'binary' }, { kind: 'compare' }, (x) => {
      go(x.left);
      go(x.right);
    })
    .with({ kind: 'concat' }, (x) => x.parts.forEach(go))
    .with({ kind: 'ite' }, (x) => [x.cond, x.then, x.else].forEach(go))
    .with({ kind: 'load' }, (x) => go(x.addr))
    .with({ kind: 'let' }, (x) => [x.value, x.body].forEach(go))
    .exhaustive();
  return out;
}

/** Whether `e` reads storage (a `load` anywhere in it). */
export function readsStorage(e: Expr): boolean {
  return match(e)
    .with({ kind: 'load' }, () => true)
    .with({ kind: 'reg' }, { kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, () => false)
    .with({ kind: 'file' }, (x) => readsStorage(x.index))
    .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => readsStorage(x.arg))
    .with({ kind: 'binary' }, { kind: 'compare' }, (x) => readsStorage(x.left) || readsStorage(x.right))
    .with({ kind: 'concat' }, (x) => x.parts.some(readsStorage))
    .with({ kind: 'ite' }, (x) => [x.cond, x.then, x.else].some(readsStorage))
    .with({ kind: 'let' }, (x) => readsStorage(x.value) || readsStorage(x.body))
    .exhaustive();
}

/** Whether the address map reads storage (walks tables) for any kind of access. */
export function mapReadsStorage(isa: IsaDescription, storageCells = isa.state.storage.cells): boolean {
  const a: Expr = { kind: 'var', name: '$a' };
  return accesses.some((access) => {
    const t = translate(isa, a, 1, storageCells, access);
    return readsStorage(t.physical) || t.faults.some((f) => readsStorage(f.when));
  });
}

/** Whether the address map makes stores of its own (`DescribedMap.updates`) for any kind of access. */
export function mapWritesStorage(isa: IsaDescription): boolean {
  const m = isa.state.addressMap;
  return m.kind === 'described' && accesses.some((a) => updatesOf(m, a).length > 0);
}

/**
 * The statements one step runs for `insn` once it is fetched: the fetch's walk stores (its
 * translation's `updates`, at the PC; after a lowered step's bank markers), then the
 * instruction's semantics. Every consumer that runs
 * an instruction runs this block, so the fetch's stores are part of the step's effects and go
 * with them when the step traps. The semantics themselves when the map makes no fetch stores.
 */
export function stepSemantics(isa: IsaDescription, insn: InstructionDecl): Block {
  let entry = stepBlocks.get(isa);
  if (!entry) {
    const pre = isa.state.addressMap.kind === 'described' ? translate(isa, { kind: 'reg', name: isa.state.pc }, 1, isa.state.storage.cells, 'fetch').updates : [];
    stepBlocks.set(isa, (entry = { pre, byInsn: new WeakMap() }));
  }
  if (entry.pre.length === 0) return insn.semantics;
  let b = entry.byInsn.get(insn);
  if (!b) {
    // After a lowered step's bank markers (the selectors' values when it began), so that a walk
    // store that switches banks is seen as one (spec/lower/banked-registers.ts).
    const n = bankMarkers(insn.semantics);
    entry.byInsn.set(insn, (b = [...insn.semantics.slice(0, n), ...entry.pre, ...insn.semantics.slice(n)]));
  }
  return b;
}

const stepBlocks = new WeakMap<IsaDescription, { pre: Block; byInsn: WeakMap<InstructionDecl, Block> }>();

/**
 * The fetch's walk stores as `stepSemantics` places them in every step block, the same statement
 * objects: a consumer that evaluates the address map apart from the semantics (under a monitor's
 * composed map the map reads the guest's registers, proofs/definitions/README.md) tells them by
 * identity.
 */
export function fetchUpdateStatements(isa: IsaDescription): ReadonlySet<Stmt> {
  let set = fetchUpdateSets.get(isa);
  if (!set) {
    const first = isa.instructions[0];
    if (first) stepSemantics(isa, first);
    fetchUpdateSets.set(isa, (set = new Set(stepBlocks.get(isa)?.pre ?? [])));
  }
  return set;
}

const fetchUpdateSets = new WeakMap<IsaDescription, ReadonlySet<Stmt>>();

/** `e` with every reference to the variable `name` replaced by `by`. */
export function substitute(e: Expr, name: string, by: Expr): Expr {
  const s = (x: Expr) => substitute(x, name, by);
  // A subtree without the variable is returned itself, not copied: consumers that evaluate many
  // substituted copies (a fetch translates several addresses) can recognize what they share.
  // (A switch, not ts-pattern: the reference machine substitutes a map per access it replays.)
  switch (e.kind) {
    case 'var':
      return e.name === name ? by : e;
    case 'const':
    case 'reg':
    case 'field':
    case 'trapInfo':
      return e;
    case 'file': {
      const index = s(e.index);
      return index === e.index ? e : { ...e, index };
    }
    case 'unary':
    case 'extract':
    case 'extend': {
      const arg = s(e.arg);
      return arg === e.arg ? e : { ...e, arg };
    }
    case 'binary':
    case 'compare': {
      const left = s(e.left);
      const right = s(e.right);
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'concat': {
      const parts = e.parts.map(s);
      return parts.every((p, i) => p === e.parts[i]) ? e : { ...e, parts };
    }
    case 'ite': {
      const cond = s(e.cond);
      const then = s(e.then);
      const otherwise = s(e.else);
      return cond === e.cond && then === e.then && otherwise === e.else ? e : { ...e, cond, then, else: otherwise };
    }
    case 'let': {
      const value = s(e.value);
      // A binding of the same name hides the variable in the body.
      const body = e.name === name ? e.body : s(e.body);
      return value === e.value && body === e.body ? e : { ...e, value, body };
    }
    case 'load': {
      const addr = s(e.addr);
      return addr === e.addr ? e : { ...e, addr };
    }
    default:
      return unhandled(e);
  }
}

/** 1 when a physical access of `cells` cells at `paddr` falls outside storage. */
export function physicalFault(isa: IsaDescription, paddr: Expr, cells = 1, storageCells = isa.state.storage.cells): Expr {
  const w = isa.state.storage.addressBits;
  const last: Expr = {
    kind: 'binary',
    op: 'add',
    left: { kind: 'extend', signed: false, arg: paddr, width: w + 1 },
    right: k(w + 1, cells - 1),
  };
  return { kind: 'compare', op: 'uge', left: last, right: k(w + 1, storageCells) };
}
