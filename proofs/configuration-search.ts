/**
 * Searching the configurable bits for a monitor configuration C (DESIGN.md §2 rule 3) when the
 * description declares none. The targets are the instructions that break a theorem with no
 * configuration (sensitive and not privileged). For each, the configuration bits of the real
 * user-mode run become one symbolic vector c: a model of "not privileged under c" names a bad c,
 * which is excluded and the query asked again, until no bad c is left among those still allowed.
 * What remains serves every target; the one with the fewest bits set is chosen. An empty remainder
 * is a proof that no configuration serves (each excluded c has a model). Exact, and as many
 * queries as there are bad configurations plus one per target.
 */
import type { IsaDescription } from '../spec/description.js';
import type { Ctx } from './z3.js';
import { and, val, type BV, type Cond } from './terms.js';
import { reg, withRegs, type SymState } from './state.js';
import { solve, type QueryEnv } from './query.js';
import { evalBV } from './witness-model.js';
import { configurableBits, hex, type Configuration } from './configuration.js';
import { makeKit } from './definitions/kit.js';
import { notPrivileged } from './definitions/privileged.js';
import type { StatePartition } from './partition.js';

/** More configurable bits than this are not searched: declare a configuration. */
export const maxSearchBits = 12;

export type SearchResult =
  | { found: true; config: Configuration; alternatives: number; note: string }
  | { found: false; note: string; unknown?: boolean };

/** The configuration bits as one vector, most significant first, and how to place them in a state. */
function layout(isa: IsaDescription) {
  const parts = configurableBits(isa).map((p) => ({ ...p, bits: [...Array(p.width).keys()].filter((b) => (p.mask >> BigInt(b)) & 1n) }));
  const k = parts.reduce((n, p) => n + p.bits.length, 0);
  /** `s` with its configurable bits taken from `c` (bit j of c, in declaration order from bit 0). */
  const place = (ctx: Ctx, s: SymState, c: BV): SymState => {
    let j = 0;
    const regs: Record<string, BV> = {};
    for (const p of parts) {
      let r = reg(s, p.register);
      for (const b of p.bits) {
        const bit = c.extract(j, j).zeroExt(p.width - 1).shl(val(ctx, b, p.width)) as BV;
        r = r.and(val(ctx, ~(1n << BigInt(b)) & ((1n << BigInt(p.width)) - 1n), p.width)).or(bit) as BV;
        j++;
      }
      regs[p.register] = r;
    }
    return withRegs(s, regs);
  };
  /** The configuration c stands for, as parts. */
  const toConfig = (c: bigint): Configuration => {
    let j = 0;
    return parts.map((p) => {
      let value = 0n;
      for (const b of p.bits) {
        if ((c >> BigInt(j)) & 1n) value |= 1n << BigInt(b);
        j++;
      }
      return { register: p.register, mask: hex(p.mask), value: hex(value) };
    });
  };
  return { k, place, toConfig };
}

export async function searchConfiguration(
  q: QueryEnv,
  isa: IsaDescription,
  part: StatePartition,
  relocatable: boolean,
  targets: readonly string[],
): Promise<SearchResult> {
  const { k, place, toConfig } = layout(isa);
  if (k === 0) return { found: false, note: 'no register bits are marked configurable' };
  if (k > maxSearchBits) return { found: false, note: `${k} configurable bits are too many to search (at most ${maxSearchBits}): declare state.configuration` };
  const bad = new Set<bigint>();
  const ctx = q.z.ctx;
  for (const mnemonic of targets) {
    const kit = makeKit(q, isa, part, mnemonic, relocatable, true, []);
    const c = ctx.BitVec.const(`${mnemonic}.config`, k) as BV;
    const { assertions } = notPrivileged(kit, (s) => place(ctx, s, c));
    for (;;) {
      if (bad.size === 2 ** k) break;
      const allowed: Cond[] = [...bad].map((b) => c.neq(val(ctx, b, k)));
      const out = await solve(q, { instruction: mnemonic, definition: 'configuration' }, [...assertions, and(ctx, ...allowed)], (m) => evalBV(m, c));
      if (out.status === 'unknown') return { found: false, unknown: true, note: `the search for a configuration could not finish: Z3 answered unknown (${out.reason}) on ${mnemonic}` };
      if (out.status === 'unsat') break;
      bad.add(out.value);
    }
  }
  const good = [...Array(2 ** k).keys()].map(BigInt).filter((c) => !bad.has(c));
  if (good.length === 0)
    return { found: false, note: `no configuration of the ${k} configurable bits makes ${targets.join(', ')} privileged: every one of the ${2 ** k} leaves one of them running in user mode` };
  const ones = (c: bigint) => c.toString(2).split('1').length - 1;
  const best = good.sort((a, b) => ones(a) - ones(b) || Number(a - b))[0]!;
  return {
    found: true,
    config: toConfig(best),
    alternatives: good.length,
    note: targets.length === 0 ? 'no instruction needs one' : `makes ${targets.join(', ')} privileged; ${good.length} of the ${2 ** k} configurations do`,
  };
}
