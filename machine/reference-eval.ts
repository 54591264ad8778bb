/**
 * The reference evaluator: a tree-walking interpreter of the semantics language over bigints,
 * written to be obviously right rather than fast. Tests hold the compiler to it, and a VMM can
 * use it as its interpreter routine (an instruction's interpreter routine IS its semantics).
 *
 * Evaluation order (the compiler follows the same, so the first fault wins identically):
 * expressions depth-first, left to right; `ite` evaluates only the branch its condition picks;
 * an assignment evaluates the target's index, then the value; a store evaluates its address,
 * then its value, then takes its own address fault. Reads see earlier writes of the same block.
 */
import { match } from 'ts-pattern';
import type { Block, Expr, Space, Stmt } from '../spec/ast.js';
import type { InstructionDecl, IsaDescription, MemoryAccess } from '../spec/description.js';
import { fetchUpdateStatements, firstFault, translate } from '../spec/address-map.js';
import { cellAt, sliceAt, withCellAt } from '../spec/encoding.js';
import { mappedAt, mappedViews, mapsAnyOf, type MappedView } from '../spec/mapped-registers.js';
import * as bv from './bv.js';
import { MachineError } from './errors.js';
import { unhandled } from '../spec/unhandled.js';

/** The variable a virtual address is bound to while its translation is evaluated (no description names a `let` so). */
const ADDR = { kind: 'var', name: '$access-vaddr' } as const satisfies Expr;

/** The name a write through a mapped cell gives the register's new value. */
const MAPPED_VALUE = 'mapped.value';


/** Physical cell `p` of a state between steps: a mapped register's slice, or storage (undefined outside it). */
export function physicalCell(isa: IsaDescription, view: StateView, p: bigint): bigint | undefined {
  const views = mappedViews(isa);
  const m = views.length > 0 ? mappedAt(views, Number(p)) : undefined;
  if (m) return cellAt(evaluateExpr(isa, m.view.read, {}, view), m.view.cells, m.offset, isa.state.storage);
  return view.cell(p);
}

/** Read access to a machine state, unsigned values as bigints. */
export interface StateView {
  reg(name: string): bigint;
  file(name: string, index: number): bigint;
  /** A physical cell; undefined outside storage. */
  cell(paddr: bigint): bigint | undefined;
  storageCells: number;
  /** A run under a monitor's composed map (proofs/definitions/README.md, location-sensitive). */
  composed?: ComposedView;
}

/**
 * The guest's side of a monitor's composed map: the address map reads the guest's own values of
 * the registers whose real values are the monitor's, and walks the guest's storage, which is what
 * `cell` holds (by guest address); an access the semantics make in physical space reaches real
 * cell p, the guest's cell p − shift.
 */
export interface ComposedView {
  /** The guest's value of a composed map register, undefined for any other register. */
  mapReg(name: string): bigint | undefined;
  /** The guest's value of an element of a composed map file, undefined for any other file. */
  mapFile(name: string, index: number): bigint | undefined;
  readonly shift: bigint;
}

export type RefWrite =
  | { kind: 'reg'; name: string; value: bigint }
  | { kind: 'file'; name: string; index: number; value: bigint }
  /** `width` bits at physical cell `addr` and up, little-endian across cells. */
  | { kind: 'store'; addr: bigint; width: number; value: bigint };

export type Outcome =
  | { kind: 'ok'; writes: RefWrite[]; halt: boolean; pcWritten: boolean }
  | { kind: 'trap'; trap: string; value: bigint };

/** The registers a block's writes assign (whatever the values). */
export function registersWritten(writes: readonly RefWrite[]): Set<string> {
  return new Set(writes.flatMap((w) => (w.kind === 'reg' ? [w.name] : [])));
}

export interface EvalEnv {
  /** Field values of the instruction being executed. */
  fields?: Record<string, number>;
  /** The instruction whose fields these are (for their widths); found by its semantics if omitted. */
  insn?: InstructionDecl;
  /** Inside the trap sequence: the trap's code and value. */
  trap?: { code: bigint; value: bigint };
  /** Told of each access through the address map as it is reached (for the oracle's "placed alike"). */
  onAccess?: (vaddr: bigint, access: MemoryAccess, cells: number) => void;
}

/** Thrown inside the evaluator when the block traps; caught by evaluateBlock. */
class TrapSignal {
  constructor(readonly trap: string, readonly value: bigint) {}
}

type Val = readonly [value: bigint, width: number];

/** Runs a block of semantics on a state; nothing is changed, the writes are returned. */
export function evaluateBlock(isa: IsaDescription, block: Block, env: EvalEnv, view: StateView): Outcome {
  const insn = env.insn ?? (env.fields ? isa.instructions.find((i) => i.semantics === block) : undefined);
  return evaluator(isa, { ...env, ...(insn ? { insn } : {}) }, view).block(block);
}

/** The value of an expression on a state (no writes); a trap it would take is a MachineError. */
export function evaluateExpr(isa: IsaDescription, e: Expr, env: EvalEnv, view: StateView): bigint {
  return evaluator(isa, env, view).expr(e);
}

/** The value of one of the address map's expressions (under a composed map, on the guest's map registers). */
export function evaluateMapExpr(isa: IsaDescription, e: Expr, view: StateView): bigint {
  return evaluator(isa, {}, view, 1).expr(e);
}

/** Each register's width by name, once per description (a read looked it up among hundreds of CSRs). */
function registerWidths(isa: IsaDescription): ReadonlyMap<string, number> {
  let m = widthsOf.get(isa);
  if (!m) widthsOf.set(isa, (m = new Map(isa.state.registers.map((r) => [r.name, r.width]))));
  return m;
}

const widthsOf = new WeakMap<IsaDescription, ReadonlyMap<string, number>>();

function evaluator(isa: IsaDescription, env: EvalEnv, view: StateView, mapDepth = 0) {
  const { cellBits, addressBits } = isa.state.storage;
  const writes: RefWrite[] = [];
  let halt = false;
  let pcWritten = false;
  const insn = env.insn;

  const widths = registerWidths(isa);
  const regDecl = (name: string) => {
    const width = widths.get(name);
    if (width === undefined) throw new MachineError(`no register '${name}' in ${isa.name}`);
    return { width };
  };
  const fileDecl = (name: string) => {
    const f = isa.state.files.find((x) => x.name === name);
    if (!f) throw new MachineError(`no register file '${name}' in ${isa.name}`);
    return f;
  };
  const hardwired = (name: string, index: number) => fileDecl(name).hardwired?.find((h) => h.index === index);

  // Under a composed map: how deep in an address map's evaluation (its reads see the guest's values).
  const composed = view.composed;
  let inMap = mapDepth;
  const addressSpan = 1n << BigInt(addressBits);
  // Reads consult this block's writes, latest first (a write sets the real register and the guest's view alike).
  const readReg = (name: string): bigint => {
    for (let i = writes.length - 1; i >= 0; i--) {
      const w = writes[i]!;
      if (w.kind === 'reg' && w.name === name) return w.value;
    }
    if (composed && inMap > 0) {
      const g = composed.mapReg(name);
      if (g !== undefined) return g;
    }
    return view.reg(name);
  };
  const readFile = (name: string, index: number): bigint => {
    const h = hardwired(name, index);
    if (h) return BigInt(h.value);
    for (let i = writes.length - 1; i >= 0; i--) {
      const w = writes[i]!;
      if (w.kind === 'file' && w.name === name && w.index === index) return w.value;
    }
    if (composed && inMap > 0) {
      const g = composed.mapFile(name, index);
      if (g !== undefined) return g;
    }
    return view.file(name, index);
  };
  const views = mappedViews(isa);
  /** Cell `paddr` (`shift`: the guest's storage moved that far, for a physical access under a composed map). */
  const readCell = (paddr: bigint, shift = 0n): bigint => {
    // A mapped cell is its register's slice, as this block has left the register so far.
    const m = views.length > 0 ? mappedAt(views, Number(paddr)) : undefined;
    if (m) return cellAt(expr(m.view.read, new Map())[0], m.view.cells, m.offset, isa.state.storage);
    const at = shift === 0n ? paddr : (((paddr - shift) % addressSpan) + addressSpan) % addressSpan;
    for (let i = writes.length - 1; i >= 0; i--) {
      const w = writes[i]!;
      if (w.kind !== 'store') continue;
      const k = at - w.addr;
      if (k >= 0n && k < BigInt(w.width / cellBits)) return cellAt(w.value, w.width / cellBits, Number(k), isa.state.storage);
    }
    const v = view.cell(at);
    if (v === undefined) throw new MachineError(`physical access outside storage: cell ${paddr} (storage has ${view.storageCells} cells)`);
    return v;
  };
  /** The move of a physical access the semantics make (not the map's own), under a composed map. */
  const shiftOf = (space: Space): bigint => (composed && inMap === 0 && space === 'physical' ? composed.shift : 0n);

  /** The physical address of an access of `cells` cells, or a memory trap. */
  const locate = (space: Space, addr: bigint, cells: number, vars: Map<string, Val>, access: 'read' | 'write' | 'modify'): bigint => {
    if (space === 'physical') {
      if (addr + BigInt(cells) > BigInt(view.storageCells))
        throw new MachineError(`physical access outside storage: cells ${addr}..${addr + BigInt(cells) - 1n} (storage has ${view.storageCells} cells)`);
      return addr;
    }
    env.onAccess?.(addr, access, cells);
    // The translation of a named address is built once per description (translate caches it);
    // the address is bound to the name, not substituted into a fresh copy at every access.
    const t = translate(isa, ADDR, cells, view.storageCells, access);
    vars = new Map(vars).set(ADDR.name, [addr, addressBits]);
    inMap++;
    try {
      const trap = firstFault(t, (when) => expr(when, vars)[0] === 1n);
      if (trap !== undefined) throw new TrapSignal(trap, bv.wrap(addr, isa.traps.valueWidth));
      const p = expr(t.physical, vars)[0];
      // Outside storage is a machine error whatever the map said, as in the emulator (ast.ts).
      if (p + BigInt(cells) > BigInt(view.storageCells))
        throw new MachineError(`physical access outside storage: cells ${p}..${p + BigInt(cells) - 1n} (storage has ${view.storageCells} cells)`);
      // The walk's stores (accessed/dirty bits), after the checks and before the access itself.
      if (t.updates.length > 0) run(t.updates, vars);
      return p;
    } finally {
      inMap--;
    }
  };

  // A switch, not ts-pattern: this runs per node of every replayed witness and every reference
  // step, where the matcher's cost was a fifth of a check's own time (unhandled keeps it exhaustive).
  const expr = (e: Expr, vars: Map<string, Val>): Val => {
    switch (e.kind) {
      case 'const':
        return [BigInt(e.value), e.width];
      case 'reg':
        return [readReg(e.name), regDecl(e.name).width];
      case 'file':
        return [readFile(e.name, Number(expr(e.index, vars)[0])), fileDecl(e.name).width];
      case 'field': {
        const v = env.fields?.[e.name];
        const f = insn?.encoding.fields.find((g) => g.name === e.name);
        if (v === undefined || !f) throw new MachineError(`field '${e.name}' has no value here`);
        return [BigInt(v), f.width];
      }
      case 'var': {
        const v = vars.get(e.name);
        if (!v) throw new MachineError(`'${e.name}' is not bound`);
        return v;
      }
      case 'trapInfo':
        if (!env.trap) throw new MachineError(`trapInfo('${e.which}') outside the trap sequence`);
        return e.which === 'code' ? [env.trap.code, isa.traps.codeWidth] : [env.trap.value, isa.traps.valueWidth];
      case 'unary': {
        const [a, w] = expr(e.arg, vars);
        return [bv.unary(e.op, w, a), w];
      }
      case 'binary': {
        const [a, w] = expr(e.left, vars);
        const [b] = expr(e.right, vars);
        return [bv.binary(e.op, w, a, b), w];
      }
      case 'compare': {
        const [a, w] = expr(e.left, vars);
        const [b] = expr(e.right, vars);
        return [bv.compare(e.op, w, a, b), 1];
      }
      case 'extract':
        return [bv.extract(expr(e.arg, vars)[0], e.hi, e.lo), e.hi - e.lo + 1];
      case 'concat': {
        const parts = e.parts.map((p) => expr(p, vars));
        return [bv.concat(parts), parts.reduce((s, [, w]) => s + w, 0)];
      }
      case 'extend': {
        const [a, w] = expr(e.arg, vars);
        return [bv.extend(a, w, e.width, e.signed), e.width];
      }
      case 'ite':
        return expr(e.cond, vars)[0] === 1n ? expr(e.then, vars) : expr(e.else, vars);
      case 'load': {
        const [addr] = expr(e.addr, vars);
        const cells = e.width / cellBits;
        const p = locate(e.space, addr, cells, vars, e.access ?? 'read');
        const shift = shiftOf(e.space);
        const parts: Val[] = [];
        // Most significant first: slice i sits at the same offset as cell i (sliceAt is its own inverse).
        for (let i = cells - 1; i >= 0; i--) parts.push([readCell(p + BigInt(sliceAt(i, cells, isa.state.storage)), shift), cellBits]);
        return [bv.concat(parts), e.width];
      }
      case 'let':
        return expr(e.body, new Map(vars).set(e.name, expr(e.value, vars)));
      default:
        return unhandled(e);
    }
  };

  const stmt = (s: Stmt, vars: Map<string, Val>): void =>
    match(s)
      .with({ kind: 'assign' }, (x) => {
        const t = x.target;
        if (t.kind === 'reg') {
          const [v] = expr(x.value, vars);
          writes.push({ kind: 'reg', name: t.name, value: v });
          if (t.name === isa.state.pc) pcWritten = true;
        } else {
          const index = Number(expr(t.index, vars)[0]);
          const [v] = expr(x.value, vars);
          // A hard-wired element ignores writes.
          if (!hardwired(t.name, index)) writes.push({ kind: 'file', name: t.name, index, value: v });
        }
      })
      .with({ kind: 'store' }, (x) => {
        const [addr] = expr(x.addr, vars);
        const [v, w] = expr(x.value, vars);
        const n = w / cellBits;
        const p = locate(x.space, addr, n, vars, 'write');
        const shift = shiftOf(x.space);
        if (shift === 0n && (views.length === 0 || !mapsAnyOf(views, Number(p), n))) {
          writes.push({ kind: 'store', addr: p, width: w, value: v });
          return;
        }
        // Cell by cell, in address order: a mapped cell writes its slice of the register (a
        // register with fields: every writable one), any other cell is stored (under a composed
        // map, a physical store's cell at the guest's address, each wrapping alone).
        for (let i = 0; i < n; i++) {
          const c = cellAt(v, n, i, isa.state.storage);
          const m = views.length > 0 ? mappedAt(views, Number(p) + i) : undefined;
          if (!m) writes.push({ kind: 'store', addr: ((((p + BigInt(i) - shift) % addressSpan) + addressSpan) % addressSpan), width: cellBits, value: c });
          else writeMapped(m.view, withCellAt(expr(m.view.read, new Map())[0], m.view.cells, m.offset, c, isa.state.storage));
        }
      })
      .with({ kind: 'let' }, (x) => {
        vars.set(x.name, expr(x.value, vars));
      })
      .with({ kind: 'if' }, (x) => {
        const [c] = expr(x.cond, vars);
        run(c === 1n ? x.then : x.else, vars);
      })
      .with({ kind: 'trap' }, (x) => {
        throw new TrapSignal(x.trap, x.value ? expr(x.value, vars)[0] : 0n);
      })
      .with({ kind: 'halt' }, () => {
        halt = true;
      })
      .exhaustive();

  // Under a composed map the fetch's walk stores, placed in the step's block, are the map's own.
  const fetchStores = composed ? fetchUpdateStatements(isa) : undefined;
  // `let` binds for the rest of its block and the blocks nested there: each block gets a copy.
  const run = (b: Block, outer: Map<string, Val>) => {
    const vars = new Map(outer);
    for (const s of b) {
      if (fetchStores?.has(s)) {
        inMap++;
        try {
          stmt(s, vars);
        } finally {
          inMap--;
        }
      } else stmt(s, vars);
    }
  };
  const writeMapped = (view: MappedView, value: bigint) =>
    stmt(view.write({ kind: 'const', width: view.width, value: '0x' + value.toString(16) }, MAPPED_VALUE), new Map());

  return {
    block(b: Block): Outcome {
      try {
        run(b, new Map());
      } catch (e) {
        if (e instanceof TrapSignal) return { kind: 'trap', trap: e.trap, value: e.value };
        throw e;
      }
      return { kind: 'ok', writes, halt, pcWritten };
    },
    expr(e: Expr): bigint {
      try {
        return expr(e, new Map())[0];
      } catch (t) {
        if (t instanceof TrapSignal) throw new MachineError(`evaluating an expression took the '${t.trap}' trap`);
        throw t;
      }
    },
  };
}
