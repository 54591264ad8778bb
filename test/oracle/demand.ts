/**
 * Which bits of a loaded storage cell an instruction's outcome can depend on (a demanded-bits
 * analysis, as compilers run it). The oracle enumerates a data cell's value over these bits only;
 * every other bit is enumerated where something else reads it (the instruction fetch, the
 * comparison of storage after a run). Sound by construction:
 *
 * - an assignment, a store, a trap value, a `let`, a condition, an index or an address demands
 *   every bit of its value (a `let`-bound name is demanded in full where it is bound, so uses of
 *   the name need no analysis);
 * - `ite` demands its condition in full (it decides which branch, and so which loads, run);
 * - a load's address is demanded in full whatever is demanded of its value (it decides the
 *   fault and the cell read);
 * - `add`, `sub`, `mul`, `neg`: bit k of the result depends on bits 0..k of the operands;
 *   `and`, `or`, `xor`, `not`: bit k on bit k (and with a constant, `and` only where the constant
 *   is 1, `or` only where it is 0); `extract`, `concat`, `extend` move the demand;
 *   every other operation demands every bit of its operands.
 *
 * A mistake here would make the oracle wrong; test/oracle/oracle.test.ts compares answers with
 * and without the analysis.
 */
import type { Block, Expr } from '../../spec/ast.js';
import { accesses, updatesOf, type InstructionDecl, type IsaDescription } from '../../spec/description.js';
import { substitute, translate } from '../../spec/address-map.js';
import { widthEnv, widthOf } from '../../spec/widths.js';

const ones = (w: number): bigint => (1n << BigInt(w)) - 1n;
/** Bits 0..(highest bit of m). */
const prefix = (m: bigint): bigint => (m === 0n ? 0n : ones(m.toString(2).length));

/** The bits of a storage cell (a mask of `cellBits` bits) that the loads of `insn` demand. */
export function demandedCellMask(isa: IsaDescription, insn: InstructionDecl): number {
  const d = demandIn(isa, insn.encoding.fields);
  d.block(insn.semantics, new Map());
  return d.result();
}

/**
 * The bits of a storage cell that the address map's own loads (a table walk) demand: every bit of
 * its fault conditions and physical addresses, for every kind of access, at any address.
 */
export function demandedByMap(isa: IsaDescription): number {
  const d = demandIn(isa, []);
  const scope = new Map([['$a', isa.state.storage.addressBits]]);
  for (const access of accesses) {
    const t = translate(isa, { kind: 'var', name: '$a' }, 1, isa.state.storage.cells, access);
    for (const e of [t.physical, ...t.faults.map((f) => f.when)]) d.all(e, scope);
    // The walk's stores (updates): their conditions, cells and values, every bit.
    const m = isa.state.addressMap;
    if (m.kind === 'described') for (const u of updatesOf(m, access)) for (const e of [u.when, u.cell, u.value]) d.all(substitute(e, 'vaddr', { kind: 'var', name: '$a' }), scope);
  }
  return d.result();
}

function demandIn(isa: IsaDescription, fields: InstructionDecl['encoding']['fields']) {
  const { cellBits, addressBits } = isa.state.storage;
  let out = 0n;

  const expr = (e: Expr, m: bigint, scope: Map<string, number>): void => {
    const w = (x: Expr) => widthOf(x, widthEnv(isa, fields, scope));
    const full = (x: Expr) => (m === 0n ? 0n : ones(w(x)));
    switch (e.kind) {
      case 'const':
      case 'reg':
      case 'field':
      case 'var':
      case 'trapInfo':
        return;
      case 'file':
        return expr(e.index, ones(w(e.index)), scope);
      case 'unary':
        return expr(e.arg, e.op === 'not' ? m : prefix(m), scope);
      case 'binary': {
        const mm = e.op === 'add' || e.op === 'sub' || e.op === 'mul' ? prefix(m) : e.op === 'and' || e.op === 'or' || e.op === 'xor' ? m : full(e.left);
        // Against a constant, `and` passes only the bits where the constant is 1, `or` only where it is 0.
        const masked = (other: Expr) => {
          if (other.kind !== 'const' || (e.op !== 'and' && e.op !== 'or')) return mm;
          const c = BigInt(other.value);
          return e.op === 'and' ? mm & c : mm & ~c & ones(w(other));
        };
        expr(e.left, masked(e.right), scope);
        return expr(e.right, masked(e.left), scope);
      }
      case 'compare':
        expr(e.left, full(e.left), scope);
        return expr(e.right, full(e.right), scope);
      case 'extract':
        return expr(e.arg, (m << BigInt(e.lo)) & ones(w(e.arg)), scope);
      case 'concat': {
        let shift = 0n;
        for (let j = e.parts.length - 1; j >= 0; j--) {
          const p = e.parts[j]!;
          const pw = w(p);
          expr(p, (m >> shift) & ones(pw), scope);
          shift += BigInt(pw);
        }
        return;
      }
      case 'extend': {
        const aw = w(e.arg);
        let mm = m & ones(aw);
        if (e.signed && m >> BigInt(aw) !== 0n) mm |= 1n << BigInt(aw - 1);
        return expr(e.arg, mm, scope);
      }
      case 'ite':
        expr(e.cond, 1n, scope);
        expr(e.then, m, scope);
        return expr(e.else, m, scope);
      case 'load': {
        expr(e.addr, ones(addressBits), scope);
        for (let j = 0; j < e.width / cellBits; j++) out |= (m >> BigInt(j * cellBits)) & ones(cellBits);
        return;
      }
      case 'let': {
        // The bound value in full (as a `let` statement's), the body as demanded.
        expr(e.value, ones(w(e.value)), scope);
        return expr(e.body, m, new Map(scope).set(e.name, w(e.value)));
      }
    }
  };

  const all = (e: Expr, scope: Map<string, number>) => expr(e, ones(widthOf(e, widthEnv(isa, fields, scope))), scope);
  const block = (b: Block, outer: Map<string, number>): void => {
    const scope = new Map(outer);
    const all = (e: Expr) => expr(e, ones(widthOf(e, widthEnv(isa, fields, scope))), scope);
    for (const s of b) {
      switch (s.kind) {
        case 'assign':
          if (s.target.kind === 'file') all(s.target.index);
          all(s.value);
          break;
        case 'store':
          all(s.addr);
          all(s.value);
          break;
        case 'let':
          all(s.value);
          scope.set(s.name, widthOf(s.value, widthEnv(isa, fields, scope)));
          break;
        case 'if':
          all(s.cond);
          block(s.then, scope);
          block(s.else, scope);
          break;
        case 'trap':
          if (s.value) all(s.value);
          break;
        case 'halt':
          break;
      }
    }
  };
  return { expr, all, block, result: () => Number(out) };
}
