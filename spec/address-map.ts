/**
 * The address map as expressions of the semantics language. Consumers (emulator, checker, VMM)
 * never interpret an address-map kind themselves: they take `fault` and `physical` from here, so
 * a new kind of map (segments, page tables) is added in this one place.
 */
import { match } from 'ts-pattern';
import type { Expr } from './ast.js';
import type { IsaDescription } from './description.js';

export interface Translation {
  /** 1 when the access must take `trap` instead of happening. */
  fault: Expr;
  /** The physical cell address, meaningful when `fault` is 0. */
  physical: Expr;
  trap: string;
}

const k = (width: number, value: number | bigint): Expr => ({ kind: 'const', width, value: '0x' + BigInt(value).toString(16) });

/**
 * Translates the virtual address `vaddr` (an expression of the address width) for an access of
 * `cells` cells. The whole access must lie inside the map and inside storage of `cells` size.
 */
export function translate(isa: IsaDescription, vaddr: Expr, cells = 1, storageCells = isa.state.storage.cells): Translation {
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
      return {
        fault: { kind: 'binary', op: 'or', left: beyondBound, right: beyondStorage },
        physical: { kind: 'binary', op: 'add', left: vaddr, right: { kind: 'reg', name: m.base } },
        trap: m.trap,
      };
    })
    .exhaustive();
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
