/**
 * The monitor's configuration C (DESIGN.md §2 rule 3): bits of system registers — trap enables
 * such as RISC-V `mcounteren` or x86 `CR4.TSD` — that the real machine holds at the monitor's
 * values while a guest runs, so that the instructions they gate trap to the monitor. The
 * description declares C (`state.configuration`) or, when it declares none, the checker searches
 * the configurable bits for one and reports it; a monitor is given that one.
 */
import type { ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { mapRegisters } from '../spec/address-map.js';
import { VmmError } from './errors.js';

/** One register's held bits: `register & mask` is `value` on the host while a guest runs. */
export interface HeldBits {
  register: string;
  mask: bigint;
  value: bigint;
}

/**
 * C as the monitor holds it: `given`, or the description's own. Checked as the description's is
 * (spec/validate): a system register, configurable bits only, the value inside the mask.
 */
export function configurationOf(isa: IsaDescription, given?: readonly ConfigurationDecl[]): HeldBits[] {
  const decls = given ?? isa.state.configuration ?? [];
  const where = given ? 'the configuration given to the monitor' : `${isa.name}'s configuration`;
  const maps = mapRegisters(isa);
  const seen = new Set<string>();
  return decls.map((c) => {
    const r = isa.state.registers.find((x) => x.name === c.register);
    const bad = (why: string) => new VmmError(`${where}: ${c.register}: ${why}`);
    if (!r) throw bad(`${isa.name} has no such register`);
    if (seen.has(c.register)) throw bad('configured twice');
    seen.add(c.register);
    if (r.kind !== 'system' || c.register === isa.state.mode.register || c.register === isa.state.pc || isa.state.timing.includes(c.register) || maps.has(c.register))
      throw bad('the monitor can hold only system registers that are not the mode, the PC, a timing resource or read by the address map');
    let mask: bigint;
    let value: bigint;
    try {
      mask = BigInt(c.mask);
      value = BigInt(c.value);
    } catch {
      throw bad(`mask ${c.mask} and value ${c.value} must be numbers`);
    }
    const configurable = r.configurable === undefined ? 0n : BigInt(r.configurable);
    if (mask === 0n || (mask & ~configurable) !== 0n) throw bad(`mask ${c.mask} must name configurable bits only (configurable: ${r.configurable ?? 'none'})`);
    if ((value & ~mask) !== 0n) throw bad(`value ${c.value} has bits outside the mask ${c.mask}`);
    return { register: c.register, mask, value };
  });
}

/** Whether the host's registers hold C. */
export function holdsConfiguration(held: readonly HeldBits[], getReg: (name: string) => number | bigint): boolean {
  return held.every((c) => (BigInt(getReg(c.register)) & c.mask) === c.value);
}
