/**
 * The user registers a compiled routine can touch, so that a trap moves only those between the
 * guest's virtual state and wherever its user state lives (compiled-state.ts `pull`/`push`)
 * rather than every user register. Conservative, from the description and the decoded word: the
 * registers the instruction's semantics name, the elements of register files they name at an
 * index made of the word's fields (the whole file where the index reads anything else), and for
 * every instruction the PC, what the address map reads, the registers mapped into storage (any
 * access may reach one) and the clocks (the step advances them).
 */
import type { Expr, Stmt } from '../spec/ast.js';
import { accesses, updatesOf, type InstructionDecl, type IsaDescription } from '../spec/description.js';
import type { Single } from '../machine/context.js';
import { evaluateExpr, type StateView } from '../machine/index.js';
import { mapFiles, mapRegisters, registersIn, stepSemantics } from '../spec/address-map.js';
import { mappedViews } from '../spec/mapped-registers.js';
import type { Layout } from '../machine/layout.js';

interface Named {
  registers: Set<string>;
  /** Whole register files. */
  files: Set<string>;
  /** Single elements: [file, index]. */
  elements: [string, number][];
}

const commons = new WeakMap<IsaDescription, Named>();

/** What every routine may touch: the PC, the map's registers and files, mapped registers, clocks (a fresh copy; found once per description: it translates the map). */
function common(isa: IsaDescription): Named {
  let c = commons.get(isa);
  if (!c) commons.set(isa, (c = commonOf(isa)));
  return { registers: new Set(c.registers), files: new Set(c.files), elements: [] };
}

function commonOf(isa: IsaDescription): Named {
  const registers = mapRegisters(isa);
  registers.add(isa.state.pc);
  const files = new Set(mapFiles(isa));
  for (const v of mappedViews(isa)) registersIn(v.read, registers, files);
  // What the walk's stores read (spec/description.ts DescribedMap.updates), for any access.
  const map = isa.state.addressMap;
  if (map.kind === 'described') for (const a of accesses) for (const u of updatesOf(map, a)) for (const e of [u.when, u.cell, u.value]) registersIn(e, registers, files);
  for (const t of isa.state.timing) registers.add(t);
  return { registers, files, elements: [] };
}

/** A view of no state: an index that reads any throws, and counts as unknown. */
const noState: StateView = {
  reg: () => {
    throw new Error('state');
  },
  file: () => {
    throw new Error('state');
  },
  cell: () => {
    throw new Error('state');
  },
  storageCells: 0,
};

/** Adds what `e` reads; a file element read at an index of fields alone is that element only. */
function exprIn(isa: IsaDescription, e: Expr, fields: Fields, into: Named): void {
  switch (e.kind) {
    case 'file':
      element(isa, e.name, e.index, fields, into);
      exprIn(isa, e.index, fields, into);
      return;
    case 'reg':
      into.registers.add(e.name);
      return;
    case 'const':
    case 'field':
    case 'var':
    case 'trapInfo':
      return;
    case 'unary':
    case 'extract':
    case 'extend':
      exprIn(isa, e.arg, fields, into);
      return;
    case 'binary':
    case 'compare':
      exprIn(isa, e.left, fields, into);
      exprIn(isa, e.right, fields, into);
      return;
    case 'concat':
      for (const x of e.parts) exprIn(isa, x, fields, into);
      return;
    case 'ite':
      exprIn(isa, e.cond, fields, into);
      exprIn(isa, e.then, fields, into);
      exprIn(isa, e.else, fields, into);
      return;
    case 'load':
      exprIn(isa, e.addr, fields, into);
      return;
    case 'let':
      exprIn(isa, e.value, fields, into);
      exprIn(isa, e.body, fields, into);
      return;
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function element(isa: IsaDescription, file: string, index: Expr, fields: Fields, into: Named): void {
  if (fields) {
    try {
      const i = Number(evaluateExpr(isa, index, { fields: fields.values, insn: fields.insn }, noState));
      into.elements.push([file, i]);
      return;
    } catch {
      // reads state (or a variable bound by a statement): any element
    }
  }
  into.files.add(file);
}

type Fields = { insn: InstructionDecl; values: Record<string, number> } | undefined;

function statementsIn(isa: IsaDescription, block: readonly Stmt[], fields: Fields, into: Named): void {
  const expr = (e: Expr) => exprIn(isa, e, fields, into);
  for (const s of block)
    switch (s.kind) {
      case 'assign':
        if (s.target.kind === 'reg') into.registers.add(s.target.name);
        else {
          element(isa, s.target.name, s.target.index, fields, into);
          expr(s.target.index);
        }
        expr(s.value);
        break;
      case 'store':
        expr(s.addr);
        expr(s.value);
        break;
      case 'let':
        expr(s.value);
        break;
      case 'if':
        expr(s.cond);
        statementsIn(isa, s.then, fields, into);
        statementsIn(isa, s.else, fields, into);
        break;
      case 'trap':
        if (s.value) expr(s.value);
        break;
      case 'halt':
        break;
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
}

// By compiled routine (one per description and word: its fields decide the elements).
const bySingle = new WeakMap<Single, Uint16Array>();
const byIsa = new WeakMap<IsaDescription, Uint16Array>();

/** The user slots of `named` (the layout's; `user(slot)` says which slots are user state). */
function userSlots(named: Named, layout: Layout, user: (slot: number) => boolean): Uint16Array {
  const slots = new Set<number>();
  for (const r of named.registers) {
    const s = layout.regs.get(r)?.slot;
    if (s !== undefined && user(s)) slots.add(s);
  }
  for (const f of named.files) {
    const fs = layout.files.get(f);
    if (fs) for (let i = 0; i < fs.count; i++) if (user(fs.base + i)) slots.add(fs.base + i);
  }
  for (const [f, i] of named.elements) {
    const fs = layout.files.get(f);
    if (!fs) continue;
    // An index past the file: whatever the compiled code makes of it, all of the file.
    if (Number.isInteger(i) && i >= 0 && i < fs.count) {
      if (user(fs.base + i)) slots.add(fs.base + i);
    } else for (let k = 0; k < fs.count; k++) if (user(fs.base + k)) slots.add(fs.base + k);
  }
  // The clocks' high halves (carries) are advanced with them.
  for (const [low, high] of layout.carries) if (slots.has(low) && user(high.slot)) slots.add(high.slot);
  return Uint16Array.from([...slots].sort((a, b) => a - b));
}

/** The user slots every routine of the description may touch (a fetch, an undecodable word). */
export function fetchSlots(isa: IsaDescription, layout: Layout, user: (slot: number) => boolean): Uint16Array {
  let s = byIsa.get(isa);
  if (!s) byIsa.set(isa, (s = userSlots(common(isa), layout, user)));
  return s;
}

/** The user slots the routine `single` (an instruction of `isa`) may touch: its own and `fetchSlots`. */
export function routineSlots(isa: IsaDescription, single: Single, layout: Layout, user: (slot: number) => boolean): Uint16Array {
  let s = bySingle.get(single);
  if (!s) {
    const d = single.decoded;
    if (d.kind !== 'insn') return fetchSlots(isa, layout, user);
    const named = common(isa);
    statementsIn(isa, stepSemantics(isa, d.insn), { insn: d.insn, values: d.fields }, named);
    bySingle.set(single, (s = userSlots(named, layout, user)));
  }
  return s;
}
