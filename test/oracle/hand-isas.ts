/**
 * Tiny hand-written ISAs whose answers can be read off their semantics (oracle.test.ts): four
 * cells of 8 bits, a 2-bit PC, a 1-bit mode (s = 1, u = 0), a 2-bit relocation-bounds map, a
 * user register A, and whatever else each test adds. Each instruction is one cell with a
 * 3-bit opcode in the high bits (its index), the other bits zero.
 */
import type { Block, Expr, Stmt } from '../../spec/ast.js';
import type { ConfigurationDecl, InstructionDecl, IsaDescription, RegisterDecl } from '../../spec/description.js';
import { assertValidIsa } from '../../spec/validate/validate.js';

/** The trap kinds of the hand-written ISAs: a memory trap, an illegal and a privileged instruction. */
export const trapKinds: IsaDescription['traps']['kinds'] = [
  { name: 'mem', class: 'memory', code: 0 },
  { name: 'ill', class: 'illegal-instruction', code: 1 },
  { name: 'priv', class: 'privileged-instruction', code: 2 },
];

export const k = (width: number, value: number): Expr => ({ kind: 'const', width, value: String(value) });
export const reg = (name: string): Expr => ({ kind: 'reg', name });
export const eq = (left: Expr, right: Expr): Expr => ({ kind: 'compare', op: 'eq', left, right });
export const and = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: 'and', left, right });
export const add = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: 'add', left, right });
export const zext = (arg: Expr, width: number): Expr => ({ kind: 'extend', signed: false, arg, width });
export const extract = (arg: Expr, hi: number, lo: number): Expr => ({ kind: 'extract', arg, hi, lo });
export const set = (name: string, value: Expr): Stmt => ({ kind: 'assign', target: { kind: 'reg', name }, value });
export const trap = (name: string): Stmt => ({ kind: 'trap', trap: name });
export const when = (cond: Expr, then: Block, otherwise: Block = []): Stmt => ({ kind: 'if', cond, then, else: otherwise });
export const inUser: Expr = eq(reg('M'), k(1, 0));
export const inSupervisor: Expr = eq(reg('M'), k(1, 1));

export interface HandInsn {
  mnemonic: string;
  semantics: Block;
}

/** A one-cell instruction with opcode `op` (3 bits, high) and the low five bits fixed to zero. */
function insn(op: number, h: HandInsn): InstructionDecl {
  return {
    mnemonic: h.mnemonic,
    cite: 'oracle test',
    class: 'innocuous',
    encoding: { bits: 8, fixed: [{ hi: 7, lo: 5, value: op }, { hi: 4, lo: 0, value: 0 }], fields: [] },
    syntax: h.mnemonic.toLowerCase(),
    semantics: h.semantics,
  };
}

export function handIsa(
  name: string,
  insns: HandInsn[],
  more: { registers?: RegisterDecl[]; timing?: string[]; configuration?: ConfigurationDecl[] } = {},
): IsaDescription {
  const isa: IsaDescription = {
    format: 'vmcheck-isa/1',
    name,
    summary: 'a hand-written oracle test ISA',
    state: {
      registers: [
        { name: 'PC', width: 2, kind: 'user' },
        { name: 'M', width: 1, kind: 'system' },
        { name: 'L', width: 2, kind: 'system' },
        { name: 'B', width: 2, kind: 'system' },
        { name: 'A', width: 2, kind: 'user' },
        ...(more.registers ?? []),
      ],
      files: [],
      pc: 'PC',
      mode: {
        register: 'M',
        levels: [
          { name: 's', value: 1, supervisor: true },
          { name: 'u', value: 0, supervisor: false },
        ],
      },
      storage: { cellBits: 8, addressBits: 2, cells: 4 },
      addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'mem' },
      timing: more.timing ?? [],
      ...(more.configuration ? { configuration: more.configuration } : {}),
    },
    traps: {
      codeWidth: 2,
      valueWidth: 8,
      kinds: [...trapKinds],
      sequence: [
        { kind: 'store', space: 'physical', addr: k(2, 0), value: zext(reg('PC'), 8) },
        set('M', k(1, 1)),
      ],
    },
    instructions: insns.map((h, i) => insn(i, h)),
  };
  return assertValidIsa(isa);
}

export const LPSW: HandInsn = { mnemonic: 'LPSW', semantics: [when(inUser, [trap('priv')], [set('M', extract(reg('A'), 0, 0)), set('PC', reg('A'))])] };
/** PDP-10 JRST 1: back to user mode at A, in any mode, without a trap. */
export const JRU: HandInsn = { mnemonic: 'JRU', semantics: [set('M', k(1, 0)), set('PC', reg('A'))] };
/** 360/67 load real address: A's virtual address relocated. */
export const LRA: HandInsn = { mnemonic: 'LRA', semantics: [set('A', add(reg('A'), reg('L')))] };
export const RDMODE: HandInsn = { mnemonic: 'RDMODE', semantics: [set('A', zext(reg('M'), 2))] };
/** Reads the (system) interrupt mask into A, in any mode. */
export const RDIM: HandInsn = { mnemonic: 'RDIM', semantics: [set('A', reg('IM'))] };
/** Traps in supervisor mode, completes (A := A + 1) in user mode. */
export const SUPTRAP: HandInsn = { mnemonic: 'SUPTRAP', semantics: [when(inSupervisor, [trap('priv')]), set('A', add(reg('A'), k(2, 1)))] };
/** Reads the counter T, trapping in user mode unless the enable bit EN is set. */
export const RDCTR: HandInsn = { mnemonic: 'RDCTR', semantics: [when(and(inUser, eq(reg('EN'), k(1, 0))), [trap('priv')]), set('A', reg('T'))] };
export const ADD: HandInsn = { mnemonic: 'ADD', semantics: [set('A', add(reg('A'), reg('X')))] };

/**
 * `handIsa` with a described map in place of relocation-bounds: physical = vaddr + L, no fault, L
 * the map's base register (B dropped). Under a monitor's composed map L holds the monitor's value
 * and the map reads the guest's (proofs/definitions/README.md, location-sensitive).
 */
export function composedMapIsa(name: string, insns: HandInsn[], more: Parameters<typeof handIsa>[2] = {}): IsaDescription {
  const base = handIsa(name, insns, more);
  const never = { fault: k(1, 0), trap: 'mem' };
  return assertValidIsa({
    ...base,
    state: {
      ...base.state,
      registers: base.state.registers.filter((r) => r.name !== 'B'),
      addressMap: { kind: 'described', fetch: never, read: never, write: never, physical: add({ kind: 'var', name: 'vaddr' }, reg('L')) },
    },
  });
}

const load = (space: 'virtual' | 'physical', addr: Expr): Expr => ({ kind: 'load', space, width: 8, addr });
/** Reads the map's base register into A, in any mode (a CSR-like read of a page-table base). */
export const RDBASE: HandInsn = { mnemonic: 'RDBASE', semantics: [set('A', reg('L'))] };
/** RDBASE, trapping in user mode. */
export const RDBASE_S: HandInsn = { mnemonic: 'RDBASE_S', semantics: [when(inUser, [trap('priv')]), set('A', reg('L'))] };
/** Loads A from physical cell A, in any mode. */
export const PLOAD: HandInsn = { mnemonic: 'PLOAD', semantics: [set('A', extract(load('physical', reg('A')), 1, 0))] };
/** Loads A from virtual address A, through the map. */
export const VLOAD: HandInsn = { mnemonic: 'VLOAD', semantics: [set('A', extract(load('virtual', reg('A')), 1, 0))] };
/** Writes the map's base register, then loads A through the map (the write moves the guest's map too). */
export const WRBASE_LOAD: HandInsn = { mnemonic: 'WRBASE_LOAD', semantics: [set('L', reg('A')), set('A', extract(load('virtual', k(2, 0)), 1, 0))] };
