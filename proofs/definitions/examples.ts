/**
 * Answers by example. Most definitions an instruction meets are shown by the plainest pair of
 * states: the same program and user state at each mode level (a privilege check traps in one and
 * not the other), or a state and the same state with its clocks moved on. So before a `yes` is
 * searched for, a few such pairs are run on the reference machine; a pair that replays as the
 * definition claims is the witness (it is checked like any other), and only when none does is the
 * solver asked. A `no` is never concluded from examples.
 *
 * The states come from one solver query per description: one state per mode level, all alike
 * outside the system state a mode pair varies, from which an instruction at the PC can be fetched
 * (the address map allows it and the cells are in storage). They are plain numbers, computed once
 * per description and configuration in each thread, and the same in every thread.
 */
import type { IsaDescription } from '../../spec/description.js';
import { encode, toCellWords, uncoveredMask, type CellWord } from '../../spec/encoding.js';
import { and, not, or, val, type BV, type Cond } from '../terms.js';
import { fetchAt } from '../run.js';
import { noReads } from '../symbolic.js';
import { visibleAddress } from '../mapped.js';
import { cellAt, withRegs, type SymState } from '../state.js';
import { solve } from '../query.js';
import { evalAll } from '../witness-model.js';
import type { ConcreteState, ModelRun, ModelWitness } from '../witness-model.js';
import { replayWitness, WitnessReplayError } from '../replay.js';
import type { Witness } from '../report-types.js';
import { mapMayDiffer } from './behavior.js';
import { mapShape } from '../../machine/map-fold.js';
import { locateIn, type StateView } from '../../machine/index.js';
import { mapRegisters } from '../../spec/address-map.js';
import { fresh, type Kit } from './kit.js';
import { varied } from './mode-sensitive.js';

/** A state at one mode level, and where its fetch at the PC lands. */
interface LevelState {
  readonly level: number;
  readonly supervisor: boolean;
  readonly start: ConcreteState;
  readonly fetchAt: bigint;
}

const computed = new WeakMap<IsaDescription, Map<string, Promise<LevelState[] | undefined>>>();

/** The example states of `kit`'s description (undefined when the query finds none). */
function levelStates(kit: Kit): Promise<LevelState[] | undefined> {
  let byConfig = computed.get(kit.isa);
  if (!byConfig) computed.set(kit.isa, (byConfig = new Map()));
  const key = JSON.stringify(kit.config);
  let p = byConfig.get(key);
  if (!p) byConfig.set(key, (p = findLevelStates(kit)));
  return p;
}

async function findLevelStates(kit: Kit): Promise<LevelState[] | undefined> {
  const { ctx, isa, part } = kit;
  const modeReg = isa.state.mode.register;
  const width = isa.state.registers.find((r) => r.name === modeReg)!.width;
  const n = Math.max(...isa.instructions.map((i) => i.encoding.bits / isa.state.storage.cellBits));
  const base = fresh(kit, 'X');
  const states = isa.state.mode.levels.map((l, i) =>
    withRegs(varied(kit, base, part.modeLike.regs, part.modeLike.files, `X${i}`), { [modeReg]: val(ctx, l.value, width) }),
  );
  // Fetching the longest instruction at the PC neither faults nor leaves storage, at every level.
  const fetchable = (s: SymState): { ok: Cond; at: BV; cells: readonly BV[]; tables: readonly BV[] } => {
    const f = fetchAt(ctx, isa, s, n);
    return { ok: not(ctx, or(ctx, f.fault, f.outside)), at: f.cells[0]!, cells: f.cells, tables: f.mapCells };
  };
  const each = states.map(fetchable);
  // The user register files hold distinct, non-zero values (a model would make them all zero, and
  // an instruction that copies one register to another would then change nothing).
  const spread = part.userFiles.flatMap((f) =>
    base.files.get(f)!.flatMap((e, i) => (ctx.isBitVecVal(e) ? [] : [e.eq(val(ctx, (0x9e3779b9n * BigInt(i + 1)) & ((1n << BigInt(e.sort.size())) - 1n), e.sort.size()))])),
  );
  // Data accesses at virtual address 0 (a read and a write of the longest instruction's size) land
  // in storage at every level: an operand addressed by zero fields (a base register field of 0
  // that means "none", a zero displacement) is then reachable, where a model would otherwise leave
  // the map faulting on it (S/370's LCTL found no example under DAT). Dropped when it cannot hold.
  const zero = val(ctx, 0, isa.state.storage.addressBits);
  const tables = noReads();
  const dataOk = states.flatMap((s) => (['read', 'write'] as const).map((access) => not(ctx, visibleAddress(ctx, isa, s, zero, n, access, tables).fault)));
  // The table cells the maps read (page tables, in storage the states share): part of each state.
  const tableCells = [...each.flatMap((e) => e.tables), ...tables.accessed];
  // ... and apart from the cells the instruction will be placed in (S/370's page table at 0 held LCTL's word).
  const apart = each.flatMap((e) => e.cells.flatMap((c) => tableCells.map((t) => c.neq(t) as Cond)));
  const read = (m: Parameters<Parameters<typeof solve>[3]>[0]) =>
    states.map((s, i): LevelState => {
      const regs = [...s.regs];
      const files = [...s.files];
      const values = evalAll(ctx, m, [...regs.map(([, v]) => v), ...files.flatMap(([, v]) => v), each[i]!.at, ...tableCells.flatMap((a) => [a, cellAt(base, a)])]);
      let k = 0;
      const start: ConcreteState = {
        regs: Object.fromEntries(regs.map(([name]) => [name, values[k++]!])),
        files: Object.fromEntries(files.map(([name, v]) => [name, v.map(() => values[k++]!)])),
        cells: new Map(),
      };
      const fetchAt = values[k++]!;
      for (let j = 0; j < tableCells.length; j++) (start.cells as Map<bigint, bigint>).set(values[k++]!, values[k++]!);
      const l = isa.state.mode.levels[i]!;
      return { level: l.value, supervisor: l.supervisor, start, fetchAt };
    });
  const ask = (extra: Cond[]) => solve(kit.q, { instruction: '(example states)', definition: 'mode-sensitive', detail: 'examples' }, [and(ctx, ...each.map((e) => e.ok)), ...extra], read);
  for (const extra of [[...spread, ...dataOk, ...apart], [...dataOk, ...apart], spread, []]) {
    const out = await ask(extra);
    if (out.status === 'sat') return out.value;
  }
  return undefined;
}

/**
 * Operand values to try: every field 1 (register operands that are not a zero register, so
 * results are kept and read: the example then also serves attribution), each field 1 alone, all
 * zero, every field at its largest value.
 */
function fieldChoices(kit: Kit): Record<string, number>[] {
  const fields = kit.sym.insn.encoding.fields;
  const zeros = Object.fromEntries(fields.map((f) => [f.name, 0]));
  if (fields.length === 0) return [zeros];
  const one = fields.filter((f) => (uncoveredMask(f) & 1) === 0);
  const most = Object.fromEntries(fields.map((f) => [f.name, ((1 << f.width) - 1) & ~uncoveredMask(f)]));
  return [{ ...zeros, ...Object.fromEntries(one.map((f) => [f.name, 1])) }, ...one.map((f) => ({ ...zeros, [f.name]: 1 })), zeros, most];
}

/** `start` with the instruction's cells stored where each of `at` fetches. */
function placedAt(start: ConcreteState, cells: readonly CellWord[], at: readonly bigint[]): ConcreteState {
  const storage = new Map(start.cells);
  for (const a of at) cells.forEach((c, k) => storage.set(a + BigInt(k), BigInt(c)));
  return { ...start, cells: storage };
}

/**
 * `s` with the system registers outside the address map, the mode and the clocks complemented.
 * The level states come from a model, where such registers are mostly zero: a write that clears
 * bits (CSRRC), or one a control register lets through only where its bits are set (a delegation
 * mask), changes nothing there, and shows its change from here.
 */
function complemented(kit: Kit, s: LevelState): LevelState {
  const { isa, part } = kit;
  const fixed = new Set([...mapRegisters(isa), isa.state.mode.register, ...part.timing]);
  const regs = { ...s.start.regs };
  for (const r of isa.state.registers)
    if (part.systemRegs.includes(r.name) && !fixed.has(r.name)) regs[r.name] = ~regs[r.name]! & ((1n << BigInt(r.width)) - 1n);
  return { ...s, start: { ...s.start, regs } };
}

/** Replays `w`; the replayed witness if it shows what it claims, otherwise undefined. */
function replays(kit: Kit, w: ModelWitness): Witness | undefined {
  try {
    return replayWitness(kit.isa, kit.part, kit.sym.insn.mnemonic, w);
  } catch (e) {
    if (e instanceof WitnessReplayError || (e instanceof Error && e.name === 'MachineError')) return undefined;
    throw e;
  }
}

type Example<T> = (fields: Record<string, number>, cells: CellWord[], states: LevelState[]) => T | undefined;

async function byExample<T>(kit: Kit, tryOne: Example<T>, only?: Readonly<Record<string, number>>): Promise<T | undefined> {
  if (!kit.shortcuts) return undefined;
  const states = await levelStates(kit);
  if (!states) return undefined;
  const insn = kit.sym.insn;
  for (const fields of only ? [{ ...only }] : fieldChoices(kit)) {
    const cells = toCellWords(encode(insn, fields), insn.encoding, kit.isa.state.storage);
    const w = tryOne(fields, cells, states);
    if (w) return w;
  }
  return undefined;
}

/** A mode pair (two levels, the same program and user state) whose runs are not alike. */
export function modeExample(kit: Kit): Promise<ModelWitness | undefined> {
  return byExample(kit, (fields, cells, states) => {
    for (let i = 0; i < states.length; i++)
      for (let j = i + 1; j < states.length; j++) {
        const a = states[i]!;
        const b = states[j]!;
        // Two levels must translate alike (behavior.ts mapsAgree): here, everywhere.
        if (mapMayDiffer(kit) && !sameMap(kit, a.start, b.start)) continue;
        const w = pairWitness(kit, 'mode-sensitive', fields, cells, a, b, a.start, b.start);
        if (w) return w;
      }
    return undefined;
  });
}

/** Whether two states' maps are the same function of the address and storage (machine/map-fold.ts). */
function sameMap(kit: Kit, s1: ConcreteState, s2: ConcreteState): boolean {
  const regs = [...mapRegisters(kit.isa)];
  const values = (s: ConcreteState) => new Map(regs.map((r) => [r, s.regs[r] ?? 0n]));
  return mapShape(kit.isa, values(s1)) === mapShape(kit.isa, values(s2));
}

/**
 * A location pair under a monitor's composed map (location-sensitive.ts) whose runs are not
 * alike: a level state (a user level when `userOnly`), and the same state whose composed map
 * registers hold their complements — the guest's values still what its map reads — with the
 * guest moved by one cell.
 */
export function composedExample(kit: Kit, userOnly: boolean, composedRegs: readonly string[], composedFiles: readonly string[]): Promise<ModelWitness | undefined> {
  const definition = userOnly ? 'user-location-sensitive' : 'location-sensitive';
  const width = new Map([...kit.isa.state.registers, ...kit.isa.state.files].map((r) => [r.name, r.width]));
  const flip = (name: string, v: bigint) => ~v & ((1n << BigInt(width.get(name)!)) - 1n);
  return byExample(kit, (fields, cells, states) => {
    for (const s of states.filter((x) => !userOnly || !x.supervisor)) {
      const s1 = placedAt(s.start, cells, [s.fetchAt]);
      const regs = { ...s1.regs };
      for (const r of composedRegs) regs[r] = flip(r, s1.regs[r]!);
      const files = { ...s1.files };
      for (const f of composedFiles) files[f] = s1.files[f]!.map((v) => flip(f, v));
      const guest = {
        regs: Object.fromEntries(composedRegs.map((r) => [r, s1.regs[r]!])),
        files: Object.fromEntries(composedFiles.map((f) => [f, s1.files[f]!])),
        shift: 1n,
      };
      const w: ModelWitness = {
        query: `${kit.sym.insn.mnemonic}/${definition} (example)`,
        definition,
        fields,
        cells: cells.map(BigInt),
        runs: [
          { label: 'S1', start: s1, fetchAt: s.fetchAt },
          { label: 'S2', start: { ...s1, regs, files, guest }, fetchAt: s.fetchAt },
        ],
        // Storage is not compared: registers, the PC, halting or trapping show these pairs apart.
        claim: { kind: 'outcome-differs', probe: 0n, probeAt: [undefined, undefined] },
        shift: 1n,
      };
      if (replays(kit, w)) return w;
    }
    return undefined;
  });
}

/** A state and the same state with every timing resource one tick on, whose runs are not alike. */
export function timingExample(kit: Kit): Promise<ModelWitness | undefined> {
  const widths = new Map(kit.isa.state.registers.map((r) => [r.name, r.width]));
  return byExample(kit, (fields, cells, states) => {
    for (const s of states) {
      const later = { ...s.start.regs };
      for (const t of kit.part.timing) later[t] = (later[t]! + 1n) & ((1n << BigInt(widths.get(t)!)) - 1n);
      const w = pairWitness(kit, 'timing-dependent', fields, cells, s, s, s.start, { ...s.start, regs: later });
      if (w) return w;
    }
    return undefined;
  });
}

function pairWitness(
  kit: Kit,
  definition: 'mode-sensitive' | 'timing-dependent',
  fields: Record<string, number>,
  cells: CellWord[],
  a: LevelState,
  b: LevelState,
  s1: ConcreteState,
  s2: ConcreteState,
): ModelWitness | undefined {
  const at = [a.fetchAt, b.fetchAt];
  const runs: ModelRun[] = [
    { label: 'S1', start: placedAt(s1, cells, at), fetchAt: a.fetchAt },
    { label: 'S2', start: placedAt(s2, cells, at), fetchAt: b.fetchAt },
  ];
  const w: ModelWitness = {
    query: `${kit.sym.insn.mnemonic}/${definition} (example)`,
    definition,
    fields,
    cells: cells.map(BigInt),
    runs,
    // Storage is not compared: registers, the PC, halting or trapping show these pairs apart.
    claim: { kind: 'outcome-differs', probe: 0n, probeAt: [undefined, undefined] },
  };
  return replays(kit, w) ? w : undefined;
}

/**
 * Not privileged, by example: a user-level state (with C) from which the instruction runs
 * without trapping, and the same state at a supervisor level, which takes no excluded trap.
 * With `fields`, only that encoding is tried (a violation's one word, violation.ts).
 */
export function unprivilegedExample(kit: Kit, configured: (s: ConcreteState) => ConcreteState, fields?: Readonly<Record<string, number>>): Promise<ModelWitness | undefined> {
  const modeReg = kit.isa.state.mode.register;
  const isa = kit.isa;
  // The definition asks that every supervisor level hold the instruction (one word): only states
  // where each level's map fetches the user's cells qualify (with table cells in the example
  // states, another level's map may fetch a table cell; oracle fixture 9cabeed5951c).
  const allFetchAt = (start: ConcreteState, at: bigint, n: number): boolean =>
    isa.state.mode.levels
      .filter((l) => l.supervisor)
      .every((l) => {
        const regs = { ...start.regs, [modeReg]: BigInt(l.value) };
        const view: StateView = {
          reg: (r) => regs[r] ?? 0n,
          file: (f, i) => start.files[f]?.[i] ?? 0n,
          cell: (a) => (a >= 0n && a < BigInt(isa.state.storage.cells) ? (start.cells.get(a) ?? 0n) : undefined),
          storageCells: isa.state.storage.cells,
        };
        try {
          return locateIn(isa, view, Number(regs[isa.state.pc] ?? 0n), 'fetch', n) === Number(at);
        } catch {
          return false;
        }
      });
  return byExample(kit, (fields, cells, states) => {
    for (const u of states.filter((s) => !s.supervisor))
      for (const sup of states.filter((s) => s.supervisor)) {
        const at = [u.fetchAt];
        if (!allFetchAt(placedAt(u.start, cells, at), u.fetchAt, cells.length)) continue;
        const runs: ModelRun[] = [
          { label: 'supervisor', start: placedAt({ ...u.start, regs: { ...u.start.regs, [modeReg]: BigInt(sup.level) } }, cells, at), fetchAt: u.fetchAt },
          { label: 'user', start: placedAt(configured(u.start), cells, at), fetchAt: u.fetchAt },
        ];
        const w: ModelWitness = { query: `${kit.sym.insn.mnemonic}/privileged (example)`, definition: 'privileged', fields, cells: cells.map(BigInt), runs, claim: { kind: 'not-privileged' } };
        // A user run that completes shows "not privileged" whatever the other levels do.
        const r = replays(kit, w);
        if (r && !r.states[1]!.outcome.trap) return w;
      }
    // A user run that traps shows it when every supervisor level traps too (no run excluded):
    // each level's pair replays, and the replay refuses a pair whose supervisor run completes.
    for (const u of states.filter((s) => !s.supervisor)) {
      if (!allFetchAt(placedAt(u.start, cells, [u.fetchAt]), u.fetchAt, cells.length)) continue;
      const pairs = states
        .filter((s) => s.supervisor)
        .map((sup): ModelWitness => ({
          query: `${kit.sym.insn.mnemonic}/privileged (example)`,
          definition: 'privileged',
          fields,
          cells: cells.map(BigInt),
          runs: [
            { label: 'supervisor', start: placedAt({ ...u.start, regs: { ...u.start.regs, [modeReg]: BigInt(sup.level) } }, cells, [u.fetchAt]), fetchAt: u.fetchAt },
            { label: 'user', start: placedAt(configured(u.start), cells, [u.fetchAt]), fetchAt: u.fetchAt },
          ],
          claim: { kind: 'not-privileged' },
        }));
      if (pairs.length > 0 && pairs.every((w) => replays(kit, w)?.states.every((st) => st.outcome.trap !== undefined))) return pairs[0];
    }
    return undefined;
  }, fields);
}

/**
 * A run from a level state (a user level when `userOnly`) that completes and changes system
 * state: the witness, and which of `pieces` it changes.
 */
export function controlExample(
  kit: Kit,
  definition: 'control-sensitive' | 'user-control-sensitive',
  pieces: readonly { name: string; file: boolean }[],
  userOnly: boolean,
): Promise<{ witness: ModelWitness; changed: string[] } | undefined> {
  return byExample(kit, (fields, cells, states) => {
    for (const s of [...states, ...states.map((x) => complemented(kit, x))].filter((x) => !userOnly || !x.supervisor)) {
      const witness = (regs: string[], files: string[]): ModelWitness => ({
        query: `${kit.sym.insn.mnemonic}/${definition} (example)`,
        definition,
        fields,
        cells: cells.map(BigInt),
        runs: [{ label: 'state', start: placedAt(s.start, cells, [s.fetchAt]), fetchAt: s.fetchAt }],
        claim: { kind: 'writes-system', regs, files },
      });
      const changed = pieces.filter((p) => replays(kit, p.file ? witness([], [p.name]) : witness([p.name], [])));
      if (changed.length === 0) continue;
      const w = witness(changed.filter((p) => !p.file).map((p) => p.name), changed.filter((p) => p.file).map((p) => p.name));
      if (replays(kit, w)) return { witness: w, changed: changed.map((p) => p.name) };
    }
    return undefined;
  });
}
