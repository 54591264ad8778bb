/**
 * The monitor <D, A, {v_i}> of Popek and Goldberg, generic over the description: the dispatcher
 * (dispatcher.ts) is the host's trap handler, the allocator (allocator.ts) owns host storage and
 * the host's map registers, and the interpreter routines (interpreter.ts) are the instructions'
 * own semantics run on the virtual state. Guests run on the host in a real user level.
 *
 * The host is anything `MachineLike`: a real `Machine`, or a `VirtualMachine` of another monitor
 * (`nest`), to any depth storage allows.
 */
import { mappedViews } from '../spec/mapped-registers.js';
import type { Access, ConfigurationDecl, IsaDescription } from '../spec/description.js';
import { compiledStateOf, pull } from './compiled-state.js';
import { mapFiles } from '../spec/address-map.js';
import type { StepResult, TrapInfo, Word } from '../machine/index.js';
import { Allocator, mapComposer, type MapComposer } from './allocator.js';
import { dispatch } from './dispatcher.js';
import { VmmError } from './errors.js';
import { runGuest, stepGuest } from './guest-run.js';
import type { RoutineStep } from './compiled-routine.js';
import { realHost, type HostFactory, type MachineLike } from './machine-like.js';
import { hybrid, trapAndEmulate, type DispatchPolicy } from './policy.js';
import { configurationOf, type HeldBits } from './configuration.js';
import { hostEntry, type HostEntry } from './host-entry.js';
import { rolesOf, type StateRoles } from './roles.js';
import { sumStatistics, type Statistics } from './statistics.js';
import { layoutFor, VirtualMachine, type GuestOptions } from './virtual-machine.js';

/** One guest instruction the host ran itself, in step-by-step mode (see `MonitorOptions.onDirectStep`). */
export interface DirectStep {
  /** The monitor's nesting level: 0 on the real machine. */
  level: number;
  guest: VirtualMachine;
  host: MachineLike;
  /** The host's mode register while the instruction ran. */
  modeBefore: number;
  /** The host's report of the step (physical addresses are the host's). */
  result: StepResult;
  /** Whether the instruction trapped to the monitor. */
  trapped: boolean;
}

export interface MonitorOptions {
  /** Interpret every instruction the guest runs in a virtual supervisor level (Theorem 3). @defaultValue false */
  hybrid?: boolean;
  /** Cells at the bottom of host storage kept for the monitor; guests are placed above. @defaultValue 16 */
  reserve?: number;
  /**
   * An auditor: when set, the monitor runs guests on the host one `step()` at a time and reports
   * each step here (slower; for tests of resource control).
   */
  onDirectStep?: (step: DirectStep) => void;
  /**
   * The configuration C the monitor holds on the host while a guest runs (DESIGN.md §2 rule 3).
   * @defaultValue the description's `state.configuration`; none if it declares none. For a
   * description that declares none, pass the configuration the checker's report states.
   */
  configuration?: readonly ConfigurationDecl[];
  /** @internal the nesting level, set by `nest` */
  level?: number;
  /**
   * @internal Interpret with the reference routine (the reference evaluator over a view of the
   * virtual state) instead of compiled code: the oracle, and the baseline a benchmark compares with.
   */
  referenceRoutines?: boolean;
}

export class Monitor {
  readonly isa: IsaDescription;
  readonly host: MachineLike;
  readonly policy: DispatchPolicy;
  /** 0 for a monitor on the real machine, n + 1 for one running in a guest of a level-n monitor. */
  readonly level: number;
  readonly guests: VirtualMachine[] = [];
  readonly roles: StateRoles;
  readonly onDirectStep: ((step: DirectStep) => void) | undefined;
  /** @internal see `MonitorOptions.referenceRoutines` */
  readonly referenceRoutines: boolean;
  /** The bits the monitor holds on the host while a guest runs (its configuration C). */
  readonly configuration: readonly HeldBits[];
  private readonly givenConfiguration: readonly ConfigurationDecl[] | undefined;
  private readonly allocator: Allocator;
  private readonly composeMap: MapComposer;
  /** The configuration's bits as numbers, for the registers of up to 32 bits (a trap costs these), wider ones as bigints, for `enterHost`. */
  private readonly held: readonly ({ register: string; wide: false; mask: number; value: number } | { register: string; wide: true; mask: bigint; value: bigint })[];
  /** The timing registers the monitor keeps per guest (system ones), which the host advances while a guest runs. */
  private readonly systemTiming: readonly string[];
  /** @internal the guest whose user state is on the host */
  resident: VirtualMachine | undefined;
  /** @internal the guest the host is running now */
  running: VirtualMachine | undefined;
  /** @internal whether the host runs by `step()` (its trap handler then sees `steps` before the step counts) */
  stepping = false;
  /** @internal host steps already accounted for */
  mark = 0;
  /** @internal whether the current host step trapped */
  trapTaken = false;
  /** @internal the trap the guest saw in its current step, for `step()`'s report */
  lastGuestTrap: TrapInfo | undefined;
  /** @internal the routine that re-derived the current host step's trap on the virtual state: what the guest fetched, for `step()`'s report */
  rederived: RoutineStep | undefined;

  constructor(isa: IsaDescription, host: HostFactory, options: MonitorOptions = {}) {
    this.isa = isa;
    this.roles = rolesOf(isa);
    this.policy = options.hybrid ? hybrid : trapAndEmulate;
    this.level = options.level ?? 0;
    this.onDirectStep = options.onDirectStep;
    this.referenceRoutines = !!options.referenceRoutines;
    this.configuration = configurationOf(isa, options.configuration);
    this.givenConfiguration = options.configuration;
    this.host = host((trap) => dispatch(this, trap));
    if (this.host.isa !== isa) throw new VmmError(`the host runs ${this.host.isa.name}, not ${isa.name}`);
    // A described map has no relocation: its one guest runs virtual = real, as VM/370's V=R guest.
    this.virtualEqualsReal = isa.state.addressMap.kind === 'described';
    this.composeMap = mapComposer(isa);
    this.mapFiles = this.virtualEqualsReal ? mapFilesOf(isa) : [];
    this.held = this.configuration.map((c) =>
      isa.state.registers.find((r) => r.name === c.register)!.width > 32 ? { register: c.register, wide: true as const, mask: c.mask, value: c.value } : { register: c.register, wide: false as const, mask: Number(c.mask), value: Number(c.value) },
    );
    this.systemTiming = [...this.roles.timing].filter((t) => this.roles.registers.get(t)!.kind === 'system');
    // A virtual = real guest has all of storage, the mapped registers' cells too: there the guest's are the real ones.
    const held = this.virtualEqualsReal ? [] : mappedViews(isa).map((v) => ({ base: v.cell, size: v.cells, what: `the host's mapped register ${v.register} at` }));
    this.allocator = new Allocator(this.host.storageCells, this.virtualEqualsReal ? 0 : (options.reserve ?? 16), held);
    const mode = this.roles.registers.get(this.roles.mode.register)!;
    this.modeSlot = mode.kind === 'system' && mode.width <= 32 ? layoutFor(isa).regs.get(mode.name)!.slot : -1;
    this.entry = hostEntry({
      roles: this.roles,
      host: this.host,
      composeMap: this.composeMap,
      held: this.held.flatMap((h) => (h.wide ? [] : [h])),
      anyWideHeld: this.held.some((h) => h.wide),
      systemTiming: this.systemTiming,
      mapFiles: this.mapFiles,
    });
  }

  /** The mode register's slot in a guest's V (it is system state, always the guest's own there), or -1. */
  private readonly modeSlot: number;

  /** @internal the guest's mode register, unsigned (by slot where it can) */
  modeOf(guest: VirtualMachine): number {
    return this.modeSlot >= 0 ? Number(guest.V[this.modeSlot]!) >>> 0 : guest.getReg(this.roles.mode.register);
  }

  /** enterHost and exitHost by slot, where the host's registers allow (host-entry.ts). */
  private readonly entry: HostEntry | undefined;

  /** The register files a described map reads, which enterHost makes the guest's. */
  private readonly mapFiles: readonly string[];

  /** Whether guests run at their real addresses (a described map): one guest, all of storage from cell 0. */
  readonly virtualEqualsReal: boolean;

  /** A monitor on a new real machine of `storageCells` cells. */
  static onMachine(isa: IsaDescription, storageCells: number, options: MonitorOptions = {}): Monitor {
    return new Monitor(isa, realHost(isa, storageCells), options);
  }

  /** A new guest: a virtual machine at reset, with its own region of host storage (zeroed). */
  createGuest(options: GuestOptions): VirtualMachine {
    const cells = this.isa.state.storage.cells;
    if (this.virtualEqualsReal && (options.size !== cells || (options.base ?? 0) !== 0))
      throw new VmmError(`${this.isa.name} runs its guest virtual = real: a guest has all ${cells} cells of storage from cell 0 (size ${cells}, base 0)`);
    const region = this.allocator.allocate(options.size, options.base);
    // Zeroed in place: an array the size of a large region (rv32 with --ram 32M) costs gigabytes.
    this.host.fillCells(region.base, region.size, 0);
    const vm = new VirtualMachine(this, region, options);
    this.guests.push(vm);
    return vm;
  }

  /** A monitor running in a new guest of this one (the next nesting level). */
  nest(guest: Omit<GuestOptions, 'onTrap'>, options: Omit<MonitorOptions, 'level'> = {}): Monitor {
    // A monitor inside a guest holds the configuration this one was given unless told otherwise.
    const inherited = options.configuration === undefined && this.givenConfiguration ? { configuration: this.givenConfiguration } : {};
    return new Monitor(this.isa, (onTrap) => this.createGuest({ ...guest, onTrap }), { ...inherited, ...options, level: this.level + 1 });
  }

  /** What this monitor has done, summed over its guests. */
  statistics(): Statistics {
    return sumStatistics(this.guests.map((g) => g.counters.s));
  }

  /**
   * @internal Where an access of the guest lands under its own map, by the compiled translation on
   * its virtual registers (VirtualMachine.locate); null where there is none (then the reference evaluator).
   */
  locateCompiled(guest: VirtualMachine, vaddr: number, access: Access, cells: number): number | undefined | null {
    const st = compiledStateOf(guest);
    if (!st) return null;
    pull(st);
    return st.ctx.locate(st.V, vaddr, access, cells);
  }

  /** @internal runs a guest (VirtualMachine.run) */
  runGuest(guest: VirtualMachine, maxSteps: number) {
    this.own(guest);
    return runGuest(this, guest, maxSteps);
  }

  /** @internal steps a guest (VirtualMachine.step) */
  stepGuest(guest: VirtualMachine): StepResult {
    this.own(guest);
    return stepGuest(this, guest);
  }

  /** @internal puts the guest's user state on the host, taking the resident guest's off */
  activate(guest: VirtualMachine): void {
    if (this.resident === guest) return;
    this.resident?.moveOff();
    this.resident = undefined;
    guest.moveOn();
    this.resident = guest;
  }

  /**
   * @internal the host's system state for running `guest`: a user level, the composed map, the
   * guest's clocks, and the configuration C.
   *
   * C's bits are set to C's values every time a guest goes onto the host, whatever the guest set
   * in its own (virtual) copy of those registers: the guest's reads and writes of them are
   * privileged under C and reach the virtual state through the interpreter, and a bit the guest
   * could set on the host would be a resource it controls. The bits of those registers outside
   * C's mask keep the host's own values, not the guest's: the monitor mirrors onto the host only
   * what the guest must see of its own state while it runs directly — the address map (composed
   * with its region) and its clocks — and leaves every other piece of system state the monitor's,
   * as it does for every system register C does not name. That is the state the checker's exact
   * condition assumes (proofs/definitions/README.md, `Real_C(S)`: C applied, the other system
   * state free), so a verdict that holds under C covers whatever the host holds there.
   */
  enterHost(guest: VirtualMachine): void {
    if (this.entry) return this.entry.enter(guest);
    const { host, roles } = this;
    // Only what differs is written: between two traps of a guest little of it changes.
    setIfChanged(host, roles.mode.register, roles.mode.userValue);
    for (const [name, value] of this.composeMap((r) => guest.getReg(r), guest.region, host.storageCells)) setIfChanged(host, name, value);
    // Virtual = real: the register files the map reads are the guest's too (S/370's storage keys:
    // with the host's own, a directly run fetch the guest's keys protect went through).
    for (const f of this.mapFiles)
      for (let i = 0, n = this.roles.files.get(f)!.count; i < n; i++) {
        const v = guest.getFileWord(f, i);
        if (host.getFileWord(f, i) !== v) host.setFile(f, i, v);
      }
    for (const t of this.systemTiming) setIfChanged(host, t, guest.getRegWord(t));
    for (const c of this.held) {
      if (c.wide) {
        const now = BigInt(host.getRegWord(c.register));
        const held = (now & ~c.mask) | c.value;
        if (held !== now) host.setReg(c.register, held);
        continue;
      }
      const now = host.getReg(c.register);
      const held = ((now & ~c.mask) | c.value) >>> 0;
      if (held !== now) host.setReg(c.register, held);
    }
  }

  /** @internal the guest's clocks back from the host, which advanced them while it ran */
  exitHost(guest: VirtualMachine): void {
    if (this.entry) return this.entry.exit(guest);
    const { host } = this;
    for (const t of this.systemTiming) guest.setReg(t, host.getRegWord(t));
  }

  private own(guest: VirtualMachine): void {
    if (guest.monitor !== this) throw new VmmError(`${guest.name} belongs to another monitor`);
    if (this.running) throw new VmmError(`cannot run ${guest.name} while ${this.running.name} is running on the same host`);
  }
}

function setIfChanged(m: MachineLike, name: string, value: Word): void {
  if (m.getRegWord(name) !== value) m.setReg(name, value);
}

/** The map's register files, once per description (finding them translates the map for every access: most of what building a monitor cost). */
function mapFilesOf(isa: IsaDescription): readonly string[] {
  let files = mapFilesCache.get(isa);
  if (!files) mapFilesCache.set(isa, (files = mapFiles(isa)));
  return files;
}

const mapFilesCache = new WeakMap<IsaDescription, readonly string[]>();
