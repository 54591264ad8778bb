/** Checks of the state declaration, the address map and the trap kinds. */
import { accessRules, accesses, type IsaDescription, type MapUpdate } from '../description.js';
import { checkStateExpr } from './check-semantics.js';
import type { IsaIssue, PathSegment } from './issues.js';
import { byName } from './lookup.js';
import { mapReadsStorage, mapRegisters } from '../address-map.js';

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: PathSegment[], what: string, issues: IsaIssue[]) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: [...path, i], message: `duplicate ${what} '${k}'` });
    seen.add(k);
  });
}

const fits = (value: string | number, width: number) => BigInt(value) >> BigInt(width) === 0n;

export function checkState(isa: IsaDescription): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const report = (path: PathSegment[], message: string) => issues.push({ path, message });
  const { state, traps } = isa;
  const regs = byName(state.registers);

  duplicates(state.registers, (r) => r.name, ['state', 'registers'], 'register', issues);
  duplicates(state.files, (f) => f.name, ['state', 'files'], 'register file', issues);
  state.files.forEach((f, i) => {
    if (regs.has(f.name)) report(['state', 'files', i, 'name'], `'${f.name}' is declared both as a register and as a register file`);
    if ((f.count & (f.count - 1)) !== 0) report(['state', 'files', i, 'count'], `a register file has a power-of-two number of elements, not ${f.count}`);
    duplicates(f.hardwired ?? [], (h) => String(h.index), ['state', 'files', i, 'hardwired'], 'hardwired index', issues);
    f.hardwired?.forEach((h, j) => {
      if (h.index >= f.count) report(['state', 'files', i, 'hardwired', j, 'index'], `index ${h.index} is outside '${f.name}' (${f.count} elements)`);
      if (!fits(h.value, f.width)) report(['state', 'files', i, 'hardwired', j, 'value'], `value ${h.value} does not fit in ${f.width} bits`);
    });
    // Assembly is case-insensitive (as assembly mnemonics are): an alias must not read as another
    // element's ordinary name, nor as another alias.
    const prefix = (f.prefix ?? f.name).toLowerCase();
    const aliasSeen = new Map<string, string>();
    for (const [alias, index] of Object.entries(f.aliases ?? {})) {
      const path = ['state', 'files', i, 'aliases', alias];
      if (index >= f.count) report(path, `alias '${alias}' names index ${index}, outside '${f.name}' (${f.count} elements)`);
      const lower = alias.toLowerCase();
      const digits = lower.startsWith(prefix) ? lower.slice(prefix.length) : '';
      if (/^[0-9]+$/.test(digits) && Number(digits) !== index)
        report(path, `alias '${alias}' names index ${index}, but '${alias}' is how element ${Number(digits)} of '${f.name}' is written`);
      const other = aliasSeen.get(lower);
      if (other !== undefined) report(path, `alias '${alias}' is alias '${other}' in another case (assembly ignores case)`);
      else aliasSeen.set(lower, alias);
    }
  });
  state.registers.forEach((r, i) => {
    if (r.reset !== undefined && !fits(r.reset, r.width)) report(['state', 'registers', i, 'reset'], `reset value ${r.reset} does not fit in ${r.width} bits`);
  });

  /** A named register of the given width (and system state, if `system`), or a report. */
  const needReg = (name: string, path: PathSegment[], role: string, width?: number, system = false) => {
    const r = regs.get(name);
    if (!r) report(path, `the ${role} '${name}' is not a declared register`);
    else if (width !== undefined && r.width !== width) report(path, `the ${role} '${name}' must be ${width} bits (the address width), not ${r.width}`);
    else if (system && r.kind !== 'system') report(path, `the ${role} '${name}' must be system state (the VMM owns and virtualizes it), not user state`);
    return r;
  };

  const { addressBits, cellBits, cells } = state.storage;
  if (cells > 2 ** addressBits) report(['state', 'storage', 'cells'], `${cells} cells cannot all be addressed with ${addressBits}-bit addresses`);
  needReg(state.pc, ['state', 'pc'], 'program counter', addressBits);
  duplicates(state.storage.devices ?? [], (d) => d.name, ['state', 'storage', 'devices'], 'device', issues);
  (state.storage.devices ?? []).forEach((d, i) => {
    if (d.cell >= cells) report(['state', 'storage', 'devices', i, 'cell'], `device '${d.name}' is at cell ${d.cell}, outside storage (${cells} cells)`);
  });

  checkMapped(isa, report);

  const mode = needReg(state.mode.register, ['state', 'mode', 'register'], 'mode register', undefined, true);
  duplicates(state.mode.levels, (l) => l.name, ['state', 'mode', 'levels'], 'mode level', issues);
  duplicates(state.mode.levels, (l) => String(l.value), ['state', 'mode', 'levels'], 'mode level value', issues);
  state.mode.levels.forEach((l, i) => {
    if (mode && !fits(l.value, mode.width)) report(['state', 'mode', 'levels', i, 'value'], `level '${l.name}' = ${l.value} does not fit in the ${mode.width}-bit mode register`);
  });
  if (!state.mode.levels.some((l) => l.supervisor)) report(['state', 'mode', 'levels'], 'no level counts as supervisor');
  if (!state.mode.levels.some((l) => !l.supervisor)) report(['state', 'mode', 'levels'], 'no level counts as user');

  const memoryTrap = (name: string, path: PathSegment[], what: string) => {
    const t = traps.kinds.find((k) => k.name === name);
    if (!t) report(path, `unknown trap '${name}'`);
    else if (t.class !== 'memory') report(path, `${what} '${name}' must be of class 'memory', not '${t.class}'`);
  };
  const map = state.addressMap;
  if (map.kind === 'relocation-bounds') {
    needReg(map.base, ['state', 'addressMap', 'base'], 'relocation register', addressBits, true);
    needReg(map.bound, ['state', 'addressMap', 'bound'], 'bound register', addressBits, true);
    memoryTrap(map.trap, ['state', 'addressMap', 'trap'], "the address map's trap");
  } else {
    for (const access of accesses) {
      const many = Array.isArray(map[access]);
      accessRules(map, access).forEach((rule, i) => {
        const path = ['state', 'addressMap', access, ...(many ? [i] : [])];
        memoryTrap(rule.trap, [...path, 'trap'], `the ${access} trap`);
        issues.push(...checkStateExpr(isa, rule.fault, 'address-map', [...path, 'fault'], 1));
      });
    }
    if ('kind' in map.physical) issues.push(...checkStateExpr(isa, map.physical, 'address-map', ['state', 'addressMap', 'physical'], addressBits));
    else for (const access of accesses) issues.push(...checkStateExpr(isa, map.physical[access], 'address-map', ['state', 'addressMap', 'physical', access], addressBits));
    const u = map.updates;
    const lists: [PathSegment[], MapUpdate[]][] = u === undefined ? [] : Array.isArray(u) ? [[['state', 'addressMap', 'updates'], u]] : accesses.map((a) => [['state', 'addressMap', 'updates', a], u[a]]);
    for (const [path, list] of lists)
      list.forEach((x, i) => {
        issues.push(...checkStateExpr(isa, x.when, 'address-map', [...path, i, 'when'], 1));
        issues.push(...checkStateExpr(isa, x.cell, 'address-map', [...path, i, 'cell'], addressBits));
        issues.push(...checkStateExpr(isa, x.value, 'address-map', [...path, i, 'value'], cellBits));
      });
  }

  state.timing.forEach((t, i) => needReg(t, ['state', 'timing', i], 'timing resource'));
  duplicates(state.timing, (t) => t, ['state', 'timing'], 'timing resource', issues);

  duplicates(traps.kinds, (t) => t.name, ['traps', 'kinds'], 'trap', issues);
  traps.kinds.forEach((t, i) => {
    if (!fits(t.code, traps.codeWidth)) report(['traps', 'kinds', i, 'code'], `code ${t.code} of '${t.name}' does not fit in ${traps.codeWidth} bits`);
  });
  // One code may serve two classes (RISC-V reports privileged and undefined instructions alike);
  // two kinds of one code and one class could not be told apart by anyone.
  traps.kinds.forEach((t, i) => {
    if (traps.kinds.slice(0, i).some((u) => u.code === t.code && u.class === t.class)) report(['traps', 'kinds', i], `duplicate trap code '${t.code}'`);
  });
  (state.carries ?? []).forEach((c, i) => {
    const path = ['state', 'carries', i];
    for (const half of ['low', 'high'] as const)
      if (!state.timing.includes(c[half])) report([...path, half], `'${c[half]}' is not one of the timing resources`);
    if (c.low === c.high) report(path, `'${c.low}' cannot carry into itself`);
  });
  duplicates(state.carries ?? [], (c) => c.high, ['state', 'carries'], 'carried-into counter', issues);
  duplicates(state.carries ?? [], (c) => c.low, ['state', 'carries'], 'carrying counter', issues);
  (state.carries ?? []).forEach((c, i) => {
    if ((state.carries ?? []).some((d) => d !== c && d.low === c.high))
      report(['state', 'carries', i, 'high'], `'${c.high}' carries on into another counter: chains of carries are not supported (use one wider pair)`);
  });
  (traps.interrupts ?? []).forEach((irq, i) => {
    const path = ['traps', 'interrupts', i];
    const t = traps.kinds.find((k) => k.name === irq.trap);
    if (!t) report([...path, 'trap'], `unknown trap '${irq.trap}'`);
    else if (t.class !== 'interrupt') report([...path, 'trap'], `an interrupt's trap '${irq.trap}' must be of class 'interrupt', not '${t.class}'`);
    issues.push(...checkStateExpr(isa, irq.when, 'interrupt', [...path, 'when'], 1));
  });
  checkConfiguration(isa, report);
  const illegal = traps.kinds.filter((t) => t.class === 'illegal-instruction');
  if (illegal.length !== 1) report(['traps', 'kinds'], `exactly one trap must be of class 'illegal-instruction' (taken on an undecodable word), found ${illegal.length}`);
  return issues;
}

/**
 * Configurable bits and the declared configuration (DESIGN.md §2 rule 3): bits of system
 * registers that are neither the mode, the PC, a timing resource nor read by the address map
 * (those the monitor sets by other rules); a configuration sets only configurable bits.
 */
function checkConfiguration(isa: IsaDescription, report: (path: PathSegment[], message: string) => void): void {
  const { state } = isa;
  const regs = byName(state.registers);
  const mapRegs = mapRegisters(isa);
  const role = (name: string) =>
    name === state.mode.register ? 'the mode register' : name === state.pc ? 'the program counter' : state.timing.includes(name) ? 'a timing resource' : mapRegs.has(name) ? 'read by the address map' : undefined;
  state.registers.forEach((r, i) => {
    if (r.configurable === undefined) return;
    const path = ['state', 'registers', i, 'configurable'];
    const why = role(r.name);
    if (!fits(r.configurable, r.width)) report(path, `mask ${r.configurable} does not fit in ${r.width} bits`);
    else if (BigInt(r.configurable) === 0n) report(path, 'a configurable mask names at least one bit');
    else if (r.kind !== 'system') report(path, `'${r.name}' is user state: only system state can be configured by a monitor`);
    else if (why) report(path, `'${r.name}' is ${why}: the monitor already decides it, it cannot be configurable`);
  });
  const seen = new Set<string>();
  (state.configuration ?? []).forEach((c, i) => {
    const path = ['state', 'configuration', i];
    if (seen.has(c.register)) report([...path, 'register'], `'${c.register}' is configured twice`);
    seen.add(c.register);
    const r = regs.get(c.register);
    if (!r) return report([...path, 'register'], `'${c.register}' is not a declared register`);
    if (r.configurable === undefined) return report([...path, 'register'], `'${c.register}' has no configurable bits (declare its 'configurable' mask)`);
    const allowed = BigInt(r.configurable);
    if (BigInt(c.mask) === 0n) report([...path, 'mask'], 'the mask names no bit');
    else if ((BigInt(c.mask) & ~allowed) !== 0n) report([...path, 'mask'], `mask ${c.mask} sets bits of '${c.register}' outside its configurable mask ${r.configurable}`);
    if ((BigInt(c.value) & ~BigInt(c.mask)) !== 0n) report([...path, 'value'], `value ${c.value} has bits outside the mask ${c.mask}`);
  });
}

/** `state.storage.mapped`: registers storage also reaches (spec/mapped-registers.ts). */
function checkMapped(isa: IsaDescription, report: (path: PathSegment[], message: string) => void): void {
  const { state } = isa;
  const mapped = state.storage.mapped ?? [];
  if (mapped.length === 0) return;
  const { cellBits, cells } = state.storage;
  // A register with fields is mapped whole: declared so (source form) or remembered by its fields (lowered).
  const widthOf = (name: string): number | undefined =>
    state.registers.find((r) => r.name === name)?.width ?? state.registers.find((r) => r.fieldOf?.register === name)?.fieldOf?.registerWidth;
  // Banked state itself (or a bank's copy) is not mapped: a store would write one copy whatever the mode.
  const bankedNames = new Set([
    ...(state.banked ?? []).flatMap((d) => ['register' in d.state ? d.state.register : '', ...d.banks.map((b) => b.copy)]),
    ...state.registers.flatMap((r) => (r.bankOf ? [r.name, 'register' in r.bankOf.of ? r.bankOf.of.register : ''] : [])),
  ]);
  // The compiled machine's table walks read storage directly: a table in a mapped cell would be read wrong.
  const map = state.addressMap;
  let walks = false;
  try {
    walks = map.kind === 'described' && mapReadsStorage(isa, cells);
  } catch {
    // a malformed map: reported by the map's own checks
  }
  if (walks) report(['state', 'storage', 'mapped'], 'an address map that reads storage (page tables) cannot be combined with registers mapped into storage yet');
  const taken: { from: number; to: number; what: string }[] = (state.storage.devices ?? []).map((d) => ({ from: d.cell, to: d.cell, what: `device '${d.name}'` }));
  mapped.forEach((m, i) => {
    const at = (...p: PathSegment[]) => ['state', 'storage', 'mapped', i, ...p];
    const width = widthOf(m.register);
    if (width === undefined) return report(at('register'), `mapped register '${m.register}' is not a declared register`);
    if (m.register === state.pc) report(at('register'), `the program counter '${m.register}' cannot be mapped into storage (a store would be a jump no consumer sees as one)`);
    if (state.timing.includes(m.register)) report(at('register'), `the timing register '${m.register}' cannot be mapped into storage`);
    if (bankedNames.has(m.register)) report(at('register'), `'${m.register}' is banked per mode (or a bank's copy): it cannot be mapped into storage`);
    const n = Math.ceil(width / cellBits);
    if (m.cell + n > cells) return report(at('cell'), `mapped register '${m.register}' needs cells ${m.cell}..${m.cell + n - 1}, outside storage (${cells} cells)`);
    const clash = taken.find((t) => m.cell <= t.to && t.from <= m.cell + n - 1);
    if (clash) report(at('cell'), `mapped register '${m.register}' at cells ${m.cell}..${m.cell + n - 1} overlaps ${clash.what}`);
    taken.push({ from: m.cell, to: m.cell + n - 1, what: `mapped register '${m.register}'` });
  });
}
