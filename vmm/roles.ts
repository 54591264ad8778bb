/**
 * What each piece of state is for, read off the description: the monitor virtualizes `system`
 * state and leaves `user` state on the host, keeps the guest at a real user level of the mode
 * register, owns the address map's registers, and keeps a virtual clock per guest. Nothing here
 * names a register, an instruction or a trap of a particular ISA.
 */
import { match } from 'ts-pattern';
import { mapRegisters as registersOfMap } from '../spec/address-map.js';
import type { IsaDescription, RegisterDecl, RegisterFileDecl, TrapClass } from '../spec/description.js';
import { VmmError } from './errors.js';
import { directIn, directLevels } from './map-levels.js';

export interface StateRoles {
  readonly isa: IsaDescription;
  readonly pc: string;
  /** The mode register and the value of the level the guest really runs at (the first user level). */
  readonly mode: { register: string; userValue: number };
  readonly registers: ReadonlyMap<string, RegisterDecl>;
  readonly files: ReadonlyMap<string, RegisterFileDecl>;
  /** Registers and files the monitor keeps per guest (kind `system`). */
  readonly systemRegisters: readonly string[];
  readonly systemFiles: readonly string[];
  /** Registers and files that live on the host while the guest is resident (kind `user`). */
  readonly userRegisters: readonly string[];
  readonly userFiles: readonly string[];
  /** Registers the address map reads: the allocator sets them on the host. */
  readonly mapRegisters: ReadonlySet<string>;
  readonly timing: ReadonlySet<string>;
  /** Whether a mode value counts as supervisor (a value no level declares counts as supervisor). */
  isSupervisor(modeValue: number): boolean;
  /**
   * Whether a guest at this virtual level can run directly at the host's user level (see
   * map-levels.ts): always, or in the state whose registers `read` gives.
   */
  runsDirectly(modeValue: number, read?: (register: string) => bigint): boolean;
  trapClass(trap: string): TrapClass;
  /** Whether a trap is an interrupt (the dispatcher asks on every trap). */
  isInterrupt(trap: string): boolean;
  trapCode(trap: string): number;
}

const cache = new WeakMap<IsaDescription, StateRoles>();

export function rolesOf(isa: IsaDescription): StateRoles {
  let r = cache.get(isa);
  if (!r) {
    r = derive(isa);
    cache.set(isa, r);
  }
  return r;
}

function derive(isa: IsaDescription): StateRoles {
  const { state, traps } = isa;
  const user = state.mode.levels.find((l) => !l.supervisor);
  if (!user) throw new VmmError(`${isa.name}: no mode level counts as user, so a guest has nowhere to run directly`);
  const levels = new Map(state.mode.levels.map((l) => [l.value, l.supervisor]));
  const registers = new Map(state.registers.map((r) => [r.name, r]));
  const files = new Map(state.files.map((f) => [f.name, f]));
  const mapRegisters = match(state.addressMap)
    .with({ kind: 'relocation-bounds' }, (m) => new Set([m.base, m.bound]))
    .with({ kind: 'described' }, () => registersOfMap(isa))
    .exhaustive();
  const direct = directLevels(isa, user.value);
  const kinds = new Map(traps.kinds.map((k) => [k.name, k]));
  const interrupts = new Set(traps.kinds.filter((k) => k.class === 'interrupt').map((k) => k.name));
  const kind = (trap: string) => {
    const k = kinds.get(trap);
    if (!k) throw new VmmError(`${isa.name} has no trap '${trap}'`);
    return k;
  };
  return {
    isa,
    pc: state.pc,
    mode: { register: state.mode.register, userValue: user.value },
    registers,
    files,
    systemRegisters: state.registers.filter((r) => r.kind === 'system').map((r) => r.name),
    systemFiles: state.files.filter((f) => f.kind === 'system').map((f) => f.name),
    userRegisters: state.registers.filter((r) => r.kind === 'user').map((r) => r.name),
    userFiles: state.files.filter((f) => f.kind === 'user').map((f) => f.name),
    mapRegisters,
    timing: new Set(state.timing),
    isSupervisor: (v) => levels.get(v) ?? true,
    runsDirectly: (v, read) => direct.has(v) || (read !== undefined && directIn(isa, user.value, v, read)),
    trapClass: (t) => kind(t).class,
    isInterrupt: (t) => interrupts.has(t),
    trapCode: (t) => kind(t).code,
  };
}
