/**
 * Registers with named bit-fields (the 68000's SR, ARM's CPSR, the PDP-11's PSW, x86's EFLAGS),
 * lowered to core state: each field becomes a register `REG.FIELD` of its own kind, a read of the
 * whole register the concatenation of its fields (zeros where no field is), an assignment to it an
 * assignment to every field that is not read-only. Lowering is the only place that knows about
 * fields: the emulator, the monitor, the checker and the oracle see registers, so the partition
 * into user and system state is per field, as the manuals draw it.
 *
 * The same names are written in the source: `SR.S` reads or writes one field, `SR` the whole.
 */
import type { Expr, Stmt } from '../ast.js';
import type { ConfigurationDecl, IsaDescription, RegisterDecl, RegisterFieldDecl } from '../description.js';
import type { IsaIssue } from '../validate/issues.js';
import { rewriteDescription } from './rewrite.js';

const hex = (v: bigint) => '0x' + v.toString(16);
const ones = (w: number) => (1n << BigInt(w)) - 1n;
const bitsOf = (value: string | undefined, f: RegisterFieldDecl): bigint => (value === undefined ? 0n : (BigInt(value) >> BigInt(f.lo)) & ones(f.hi - f.lo + 1));
const fieldWidth = (f: RegisterFieldDecl) => f.hi - f.lo + 1;

/** Whether any register declares fields (a source-form description). */
export function hasRegisterFields(isa: IsaDescription): boolean {
  return isa.state.registers.some((r) => r.fields !== undefined);
}

/** Problems with the fields as declared, found before lowering (paths into the source form). */
export function registerFieldIssues(isa: IsaDescription): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const s = isa.state;
  const withFields = new Map(s.registers.filter((r) => r.fields).map((r) => [r.name, r]));
  s.registers.forEach((r, i) => {
    if (!r.fields) return;
    const at = (j: number, key?: string) => ['state', 'registers', i, 'fields', j, ...(key ? [key] : [])];
    if (r.fields.length === 0) issues.push({ path: ['state', 'registers', i, 'fields'], message: `register '${r.name}' declares an empty list of fields` });
    if (r.fieldOf) issues.push({ path: ['state', 'registers', i, 'fieldOf'], message: `a field ('${r.name}') cannot have fields of its own` });
    const seen = new Map<string, number>();
    let covered = 0n;
    r.fields.forEach((f, j) => {
      if (f.lo > f.hi) issues.push({ path: at(j, 'lo'), message: `field '${f.name}' of '${r.name}': lo (${f.lo}) is above hi (${f.hi})` });
      else if (f.hi >= r.width) issues.push({ path: at(j, 'hi'), message: `field '${f.name}' of '${r.name}' reaches bit ${f.hi}, outside the register's ${r.width} bits` });
      else {
        const mask = ones(fieldWidth(f)) << BigInt(f.lo);
        if (covered & mask) issues.push({ path: at(j), message: `field '${f.name}' of '${r.name}' overlaps another field (bits ${f.hi}..${f.lo})` });
        covered |= mask;
      }
      if (seen.has(f.name)) issues.push({ path: at(j, 'name'), message: `duplicate field '${f.name}' in '${r.name}'` });
      seen.set(f.name, j);
      if (s.registers.some((q) => q.name === `${r.name}.${f.name}`)) issues.push({ path: at(j, 'name'), message: `field '${f.name}' of '${r.name}' is named like the register '${r.name}.${f.name}'` });
    });
    for (const key of ['reset', 'configurable'] as const) {
      const v = r[key];
      if (v !== undefined && BigInt(v) & ~covered)
        issues.push({ path: ['state', 'registers', i, key], message: `${key} value ${v} of '${r.name}' sets bits no field covers (${hex(BigInt(v) & ~covered)})` });
    }
  });
  // A loaded description's fields (`fieldOf`) must still fit their register, one width per register, without overlap.
  const lowered = new Map<string, { width: number; covered: bigint }>();
  s.registers.forEach((r, i) => {
    if (!r.fieldOf) return;
    const f = r.fieldOf;
    const path = ['state', 'registers', i, 'fieldOf'];
    const g = lowered.get(f.register) ?? { width: f.registerWidth, covered: 0n };
    const mask = ones(r.width) << BigInt(f.lo);
    if (f.lo + r.width > f.registerWidth) issues.push({ path, message: `'${r.name}' (bits ${f.lo + r.width - 1}..${f.lo}) does not fit in '${f.register}' of ${f.registerWidth} bits` });
    else if (g.width !== f.registerWidth) issues.push({ path, message: `'${r.name}' gives '${f.register}' ${f.registerWidth} bits, another of its fields ${g.width}` });
    else if (g.covered & mask) issues.push({ path, message: `'${r.name}' overlaps another field of '${f.register}'` });
    if (s.registers.some((q) => q.name === f.register)) issues.push({ path, message: `'${f.register}' is declared as a register as well as by its fields` });
    lowered.set(f.register, { width: g.width, covered: g.covered | mask });
  });
  const whole = (name: string, path: (string | number)[], role: string) => {
    const r = withFields.get(name);
    if (r) issues.push({ path, message: `the ${role} '${name}' has fields: name one of them (${r.fields!.map((f) => `'${name}.${f.name}'`).join(', ')})` });
  };
  whole(s.pc, ['state', 'pc'], 'program counter');
  whole(s.mode.register, ['state', 'mode', 'register'], 'mode register');
  s.timing.forEach((t, i) => whole(t, ['state', 'timing', i], 'timing register'));
  s.carries?.forEach((c, i) => {
    whole(c.low, ['state', 'carries', i, 'low'], 'carry register');
    whole(c.high, ['state', 'carries', i, 'high'], 'carry register');
  });
  if (s.addressMap.kind === 'relocation-bounds') {
    whole(s.addressMap.base, ['state', 'addressMap', 'base'], 'relocation register');
    whole(s.addressMap.bound, ['state', 'addressMap', 'bound'], 'bound register');
  }
  s.configuration?.forEach((c, i) => {
    const r = withFields.get(c.register);
    if (!r) return;
    const covered = r.fields!.reduce((m, f) => (f.hi < r.width && f.lo <= f.hi ? m | (ones(fieldWidth(f)) << BigInt(f.lo)) : m), 0n);
    if (BigInt(c.mask) & ~covered) issues.push({ path: ['state', 'configuration', i, 'mask'], message: `mask ${c.mask} of '${c.register}' holds bits no field covers (${hex(BigInt(c.mask) & ~covered)})` });
  });
  return issues;
}

/** The registers a register's fields become, in the order of their bits. */
function fieldRegisters(r: RegisterDecl): RegisterDecl[] {
  return [...r.fields!]
    .sort((a, b) => a.lo - b.lo)
    .map((f) => {
      const configurable = bitsOf(r.configurable, f);
      return {
        name: `${r.name}.${f.name}`,
        width: fieldWidth(f),
        kind: f.kind ?? r.kind,
        ...((f.readOnly ?? r.readOnly) ? { readOnly: true } : {}),
        ...(r.reset !== undefined && bitsOf(r.reset, f) !== 0n ? { reset: hex(bitsOf(r.reset, f)) } : {}),
        ...(configurable !== 0n ? { configurable: hex(configurable) } : {}),
        ...((f.doc ?? r.doc) ? { doc: f.doc ?? r.doc! } : {}),
        fieldOf: { register: r.name, lo: f.lo, registerWidth: r.width },
      };
    });
}

/** A register with fields, as the source declared it or as its lowered fields (`fieldOf`) remember it. */
export interface FieldGroup {
  name: string;
  width: number;
  /** By lowest bit: the field's register name, its bits, whether a whole write skips it. */
  fields: { register: string; hi: number; lo: number; readOnly: boolean }[];
}

/** Every register with fields: declared (source form) or lowered (an extension of a loaded description may still use the whole). */
export function groupsOf(isa: IsaDescription): Map<string, FieldGroup> {
  const groups = new Map<string, FieldGroup>();
  for (const r of isa.state.registers) {
    if (r.fields)
      groups.set(r.name, {
        name: r.name,
        width: r.width,
        fields: [...r.fields].sort((a, b) => a.lo - b.lo).map((f) => ({ register: `${r.name}.${f.name}`, hi: f.hi, lo: f.lo, readOnly: !!(f.readOnly ?? r.readOnly) })),
      });
    else if (r.fieldOf) {
      const g = groups.get(r.fieldOf.register) ?? { name: r.fieldOf.register, width: r.fieldOf.registerWidth, fields: [] };
      g.fields.push({ register: r.name, hi: r.fieldOf.lo + r.width - 1, lo: r.fieldOf.lo, readOnly: !!r.readOnly });
      g.fields.sort((a, b) => a.lo - b.lo);
      groups.set(g.name, g);
    }
  }
  return groups;
}

/** A register with fields read whole: its fields, most significant first, zeros between them. */
export function wholeOf(g: FieldGroup): Expr {
  const parts: Expr[] = [];
  let next = g.width;
  for (const f of [...g.fields].reverse()) {
    if (f.hi + 1 < next) parts.push({ kind: 'const', width: next - f.hi - 1, value: '0x0' });
    parts.push({ kind: 'reg', name: f.register });
    next = f.lo;
  }
  if (next > 0) parts.push({ kind: 'const', width: next, value: '0x0' });
  return parts.length === 1 ? parts[0]! : { kind: 'concat', parts };
}

/**
 * A register with fields written whole: every writable field from its bits of the value, named
 * `name` once; one statement (an `if` on 1), so paths after it keep their meaning.
 */
export function assignWholeOf(g: FieldGroup, value: Expr, name: string): Stmt {
  const writes: Stmt[] = g.fields
    .filter((f) => !f.readOnly)
    .map((f) => ({ kind: 'assign', target: { kind: 'reg', name: f.register }, value: { kind: 'extract', arg: { kind: 'var', name }, hi: f.hi, lo: f.lo } }));
  return { kind: 'if', cond: { kind: 'const', width: 1, value: '0x1' }, then: [{ kind: 'let', name, value }, ...writes], else: [] };
}

/**
 * The source form as the meaning checks read it: each register with fields declared both whole
 * and field by field, so that a use of either is checked (widths, read-only, names) at its own
 * place in the source before lowering rewrites it.
 */
export function sourceView(isa: IsaDescription): IsaDescription {
  const groups = groupsOf(isa);
  if (groups.size === 0) return isa;
  const registers = isa.state.registers.flatMap((r): RegisterDecl[] => {
    if (!r.fields) return [r];
    const { fields: _, ...whole } = r;
    return [whole, ...fieldRegisters(r)];
  });
  // A lowered group's whole register, for reading and writing only (its kind is its fields').
  for (const g of groups.values()) if (!registers.some((r) => r.name === g.name)) registers.push({ name: g.name, width: g.width, kind: 'system' });
  return { ...isa, state: { ...isa.state, registers } };
}

/**
 * The description with every register's fields lowered (see the file's comment), and whether
 * anything changed (a description with neither fields nor uses of a lowered whole register comes
 * back as it was). Call it on a description whose fields `registerFieldIssues` accepts.
 */
export function lowerRegisterFields(isa: IsaDescription): { isa: IsaDescription; changed: boolean } {
  const groups = groupsOf(isa);
  if (groups.size === 0) return { isa, changed: false };
  let changed = hasRegisterFields(isa);
  const registers = isa.state.registers.flatMap((r): RegisterDecl[] => (r.fields ? fieldRegisters(r) : [r]));

  let lets = 0;
  const assignWhole = (g: FieldGroup, value: Expr): Stmt => assignWholeOf(g, value, `${g.name}.value${lets++}`);

  const lowered = rewriteDescription(isa, {
    read: (name) => {
      const g = groups.get(name);
      if (!g) return undefined;
      changed = true;
      return wholeOf(g);
    },
    assign: (name, value) => {
      const g = groups.get(name);
      if (!g) return undefined;
      changed = true;
      return assignWhole(g, value);
    },
  });
  if (!changed) return { isa, changed };

  // A configuration of the whole register holds each field's bits of it.
  const configuration = isa.state.configuration?.flatMap((c): ConfigurationDecl[] => {
    const g = groups.get(c.register);
    if (!g) return [c];
    return g.fields.flatMap((f) => {
      const part = { hi: f.hi, lo: f.lo } as RegisterFieldDecl;
      const mask = bitsOf(c.mask, part);
      return mask === 0n ? [] : [{ register: f.register, mask: hex(mask), value: hex(bitsOf(c.value, part) & mask), ...(c.doc ? { doc: c.doc } : {}) }];
    });
  });
  return { isa: { ...lowered, state: { ...lowered.state, registers, ...(configuration ? { configuration } : {}) } }, changed };
}
