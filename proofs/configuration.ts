/**
 * The monitor's configuration C (DESIGN.md §2 rule 3): bits of configurable system registers a
 * monitor holds at chosen values while a guest runs. "Privileged under C" asks about the real
 * machine, so C is applied to the user-mode run only; the virtual (bare) runs keep any values.
 */
import type { IsaDescription } from '../spec/description.js';
import type { Ctx } from './z3.js';
import { val, type BV } from './terms.js';
import { reg, withRegs, type SymState } from './state.js';
import type { ConfigurationPart } from './report-types.js';
import type { ConcreteState } from './witness-model.js';

export type Configuration = readonly ConfigurationPart[];

/** `s` with C applied: each part's masked bits set to its value. */
export function withConfiguration(ctx: Ctx, s: SymState, c: Configuration): SymState {
  if (c.length === 0) return s;
  const regs: Record<string, BV> = {};
  for (const p of c) {
    const r = regs[p.register] ?? reg(s, p.register);
    const w = r.sort.size();
    regs[p.register] = r.and(val(ctx, ~BigInt(p.mask) & ((1n << BigInt(w)) - 1n), w)).or(val(ctx, BigInt(p.value) & BigInt(p.mask), w)) as BV;
  }
  return withRegs(s, regs);
}

/** A concrete state with C applied, as `withConfiguration` applies it to a symbolic one. */
export function withConcreteConfiguration(s: ConcreteState, c: Configuration): ConcreteState {
  if (c.length === 0) return s;
  const regs = { ...s.regs };
  for (const p of c) regs[p.register] = (regs[p.register]! & ~BigInt(p.mask)) | (BigInt(p.value) & BigInt(p.mask));
  return { ...s, regs };
}

/** The configurable bits of each register, in declaration order. */
export function configurableBits(isa: IsaDescription): { register: string; width: number; mask: bigint }[] {
  return isa.state.registers.filter((r) => r.configurable !== undefined).map((r) => ({ register: r.name, width: r.width, mask: BigInt(r.configurable!) }));
}

/** The declared configuration, normalized (hex strings), or undefined when none is declared. */
export function declaredConfiguration(isa: IsaDescription): Configuration | undefined {
  return isa.state.configuration?.map((c) => ({ register: c.register, mask: hex(BigInt(c.mask)), value: hex(BigInt(c.value)) }));
}

export const hex = (v: bigint): string => '0x' + v.toString(16);

/** A concrete register value with C applied (for replay on the reference machine). */
export function applyToValue(c: Configuration, register: string, v: bigint): bigint {
  let out = v;
  for (const p of c) if (p.register === register) out = (out & ~BigInt(p.mask)) | (BigInt(p.value) & BigInt(p.mask));
  return out;
}

/** `C` in one line: `mcounteren[0x7] = 0x0, …`, or `none`. */
export function describeConfiguration(c: Configuration): string {
  return c.length === 0 ? 'none' : c.map((p) => `${p.register}[${p.mask}] = ${p.value}`).join(', ');
}
