/**
 * `isaBuilder`: declare the state once, then write instructions against typed names.
 *
 *   const b = isaBuilder({ state: {...}, traps: {...}, operands: {...} });
 *   const r = b.file('r');
 *   b.insn('ADD', { encoding: '00000001 ra:4 rb:4 rc:4 000000000000', syntax: 'add {ra}, {rb}, {rc}',
 *                   class: 'innocuous', cite: '…', semantics: ({ ra, rb, rc }, $) => $.set(r(ra), add(r(rb), r(rc))) });
 *
 * The output is plain data (`IsaDescription`), validated before it is returned.
 */
import type { Block, Expr } from '../ast.js';
import {
  descriptionFormat,
  type BankedState,
  type AddressMap,
  type RelocationBoundsMap,
  type DeclaredClass,
  type FieldDecl,
  type InstructionDecl,
  type IsaDescription,
  type MapUpdate,
  type Operand,
  type RegisterDecl,
  type RegisterFileDecl,
  type StateDecl,
  type StateKind,
  type StorageDecl,
  type TrapClass,
  type TrapDecl,
} from '../description.js';
import { assertValidIsa } from '../validate/validate.js';
import { bits, c, constText, loc, type Bits, type Bool, type Loc } from './bits.js';
import { parsePicture, type FieldsOf } from './picture.js';
import { Semantics } from './recorder.js';

export interface RegisterInput {
  width: number;
  kind: StateKind;
  readOnly?: boolean;
  reset?: number | bigint;
  /** Bits a monitor may configure for its guests (see `RegisterDecl.configurable`). */
  configurable?: number;
  doc?: string;
  /**
   * Named bit-fields (see `RegisterDecl.fields`), read and written as `REG.FIELD`: `bits` is one
   * bit or `[hi, lo]`; `kind` defaults to the register's.
   */
  fields?: Record<string, { bits: number | readonly [number, number]; kind?: StateKind; readOnly?: boolean; doc?: string }>;
}

/** A register's name, or one of its fields as `REG.FIELD`. */
export type RegName<R> = (keyof R & string) | `${keyof R & string}.${string}`;
/** The width of a register in the type, when the type knows it (a field's is a number). */
export type WidthOf<R extends Record<string, RegisterInput>, N> = N extends keyof R ? R[N]['width'] : number;

export interface FileInput {
  count: number;
  width: number;
  kind: StateKind;
  prefix?: string;
  aliases?: Record<string, number>;
  hardwired?: { index: number; value: number | bigint }[];
  doc?: string;
}

export interface TrapInput {
  class: TrapClass;
  code: number;
  doc?: string;
}

type Log2 = { 2: 1; 4: 2; 8: 3; 16: 4; 32: 5; 64: 6; 128: 7; 256: 8; 512: 9; 1024: 10 };
type IndexWidth<N extends number> = N extends keyof Log2 ? Log2[N] : number;

/** The part of a builder the trap sequence can use (it is recorded while the builder is made). */
export interface StateAccess<R extends Record<string, RegisterInput>, F extends Record<string, FileInput>> {
  reg<N extends RegName<R>>(name: N): Loc<WidthOf<R, N>>;
  file<N extends keyof F & string>(name: N): (index: Bits<IndexWidth<F[N]['count']>>) => Loc<F[N]['width']>;
}

export interface IsaConfig<
  R extends Record<string, RegisterInput>,
  F extends Record<string, FileInput>,
  T extends Record<string, TrapInput>,
  MR extends RegName<R>,
> {
  state: {
    registers: R;
    files: F;
    pc: keyof R & string;
    mode: { register: MR; levels: Record<string, { value: number; supervisor: boolean }> };
    storage: StorageDecl;
    /** A relocation-bounds map, or a described map built from the state (`s.reg(...)`). */
    addressMap:
      | (RelocationBoundsMap & { base: keyof R & string; bound: keyof R & string; trap: keyof T & string })
      | ((s: StateAccess<R, F>) => DescribedMapInput<keyof T & string>);
    timing: (keyof R & string)[];
    carries?: { low: keyof R & string; high: keyof R & string }[];
    /** The monitor's configuration C: per register, the bits of `mask` held at `value`. */
    configuration?: { register: keyof R & string; mask: number; value: number; doc?: string }[];
    /**
     * Banked state: per register (or file element), its banks by copy name, each the mode levels
     * that share it, or with `by` (a register or field, `PSW.RS`) the values of that selector that
     * share it (see `BankedDecl`). Semantics read a copy with `bank(copy)`.
     */
    banked?: ({ register: keyof R & string } | { file: keyof F & string; index: number }) extends infer S
      ? ({ state: S; banks: Record<string, string[]>; doc?: string } | { state: S; by: string; banks: Record<string, number[]>; doc?: string })[]
      : never;
  };
  traps: {
    codeWidth: number;
    valueWidth: number;
    kinds: T;
    /** Records the trap sequence. */
    sequence: ($: Semantics<keyof T & string>, state: StateAccess<R, F>) => void;
    /** Interrupt sources in priority order, built from the state. */
    interrupts?: (state: StateAccess<R, F>) => { trap: keyof T & string; when: Bool }[];
  };
  /** How fields are written in assembly, by field name, unless an instruction says otherwise. */
  operands?: Record<string, Operand>;
}

/** One way an access faults, in builder values: a condition over the state and `vaddr`. */
export interface AccessRuleInput<TrapName extends string> {
  fault: (vaddr: Bits<number>) => Bool;
  trap: TrapName;
}

/**
 * A described address map in builder values. Each access kind has a rule, or several in priority
 * order; the expressions may read physical storage (`load(a, w, 'physical')`) to walk tables.
 */
export interface DescribedMapInput<TrapName extends string> {
  fetch: AccessRuleInput<TrapName> | AccessRuleInput<TrapName>[];
  read: AccessRuleInput<TrapName> | AccessRuleInput<TrapName>[];
  write: AccessRuleInput<TrapName> | AccessRuleInput<TrapName>[];
  /** Where `vaddr` lands: one function for every access, or one per access kind. */
  physical: ((vaddr: Bits<number>) => Bits<number>) | Record<'fetch' | 'read' | 'write', (vaddr: Bits<number>) => Bits<number>>;
  /** Stores the translation makes when the access does not fault (see `DescribedMap.updates`): one list, or one per access kind. */
  updates?: MapUpdateInput[] | Record<'fetch' | 'read' | 'write', MapUpdateInput[]>;
}

/** One walk store in builder values: when `when(vaddr)` holds, physical cell `cell(vaddr)` gets `value(vaddr)`. */
export interface MapUpdateInput {
  when: (vaddr: Bits<number>) => Bool;
  cell: (vaddr: Bits<number>) => Bits<number>;
  value: (vaddr: Bits<number>) => Bits<number>;
  doc?: string;
}

export interface InsnInput<P extends string, TrapName extends string> {
  cite: string;
  class: DeclaredClass;
  encoding: P;
  syntax: string;
  operands?: Partial<Record<keyof FieldsOf<P>, Operand>>;
  /** Field values that are not this instruction (`FieldDecl.excluded`): `{ mod: [3] }`. */
  excluded?: Partial<Record<keyof FieldsOf<P>, number[]>>;
  semantics: (fields: FieldsOf<P>, $: Semantics<TrapName>) => void;
  doc?: string;
}

export interface IsaBuilder<
  R extends Record<string, RegisterInput>,
  F extends Record<string, FileInput>,
  T extends Record<string, TrapInput>,
  MR extends RegName<R>,
> extends StateAccess<R, F> {
  readonly state: StateDecl;
  readonly traps: TrapDecl;
  /** 1 when the current mode counts as supervisor. */
  readonly supervisor: Bool;
  /** The mode register's value for a named level. */
  level(name: string): Bits<WidthOf<R, MR>>;
  /** The copy of banked state that bank `copy` holds, whatever the mode (R13_svc), to read or assign. */
  bank(copy: string): Loc<number>;
  insn<const P extends string>(mnemonic: string, input: InsnInput<P, keyof T & string>): InstructionDecl;
  /** A recorder for semantics outside an instruction (helpers shared by several entries). */
  semantics(): Semantics<keyof T & string>;
  define(meta: { name: string; summary: string; manual?: string; instructions: InstructionDecl[] }): IsaDescription;
  /** The same builder with parts of the state replaced (a platform parameter such as the RAM size). */
  withState(patch: Partial<IsaConfig<R, F, T, MR>['state']>): IsaBuilder<R, F, T, MR>;
}

const toText = (v: number | bigint | undefined) => (v === undefined ? undefined : constText(BigInt(v)));

export function isaBuilder<
  const R extends Record<string, RegisterInput>,
  const F extends Record<string, FileInput>,
  const T extends Record<string, TrapInput>,
  const MR extends RegName<R>,
>(config: IsaConfig<R, F, T, MR>): IsaBuilder<R, F, T, MR> {
  const s = config.state;
  const registers: RegisterDecl[] = Object.entries(config.state.registers).map(([name, r]) => ({
    name,
    width: r.width,
    kind: r.kind,
    ...(r.readOnly ? { readOnly: true } : {}),
    ...(r.configurable !== undefined ? { configurable: '0x' + r.configurable.toString(16) } : {}),
    ...(r.reset !== undefined ? { reset: toText(r.reset)! } : {}),
    ...(r.doc ? { doc: r.doc } : {}),
    ...(r.fields
      ? {
          fields: Object.entries(r.fields).map(([fname, f]) => ({
            name: fname,
            hi: typeof f.bits === 'number' ? f.bits : f.bits[0],
            lo: typeof f.bits === 'number' ? f.bits : f.bits[1],
            ...(f.kind ? { kind: f.kind } : {}),
            ...(f.readOnly ? { readOnly: true } : {}),
            ...(f.doc ? { doc: f.doc } : {}),
          })),
        }
      : {}),
  }));
  const files: RegisterFileDecl[] = Object.entries(config.state.files).map(([name, f]) => ({
    name,
    count: f.count,
    width: f.width,
    kind: f.kind,
    ...(f.prefix !== undefined ? { prefix: f.prefix } : {}),
    ...(f.aliases ? { aliases: f.aliases } : {}),
    ...(f.hardwired ? { hardwired: f.hardwired.map((h) => ({ index: h.index, value: toText(h.value)! })) } : {}),
    ...(f.doc ? { doc: f.doc } : {}),
  }));
  const widthOf = (name: string): number => {
    const whole = config.state.registers[name];
    if (whole) return whole.width;
    const dot = name.lastIndexOf('.');
    const f = config.state.registers[name.slice(0, dot)]?.fields?.[name.slice(dot + 1)];
    return f === undefined ? 0 : typeof f.bits === 'number' ? 1 : f.bits[0] - f.bits[1] + 1;
  };
  const reg = <N extends RegName<R>>(name: N) => loc({ kind: 'reg', name }, widthOf(name) as WidthOf<R, N>);
  const file = <N extends keyof F & string>(name: N) => {
    const width = config.state.files[name]?.width ?? 0;
    return (index: Bits<number>) => loc({ kind: 'file', name, index: index.node }, width as F[N]['width']);
  };
  const vaddr = bits({ kind: 'var', name: 'vaddr' }, s.storage.addressBits);
  let addressMap: AddressMap;
  if (typeof s.addressMap === 'function') {
    const m = s.addressMap({ reg, file });
    const one = (r: AccessRuleInput<string>) => ({ fault: r.fault(vaddr).node, trap: r.trap });
    const rule = (r: DescribedMapInput<string>['read']) => (Array.isArray(r) ? r.map(one) : one(r));
    const p = m.physical;
    const physical = typeof p === 'function' ? p(vaddr).node : { fetch: p.fetch(vaddr).node, read: p.read(vaddr).node, write: p.write(vaddr).node };
    const update = (u: MapUpdateInput): MapUpdate => ({ when: u.when(vaddr).node, cell: u.cell(vaddr).node, value: u.value(vaddr).node, ...(u.doc ? { doc: u.doc } : {}) });
    const us = m.updates;
    const updates = us === undefined ? undefined : Array.isArray(us) ? us.map(update) : { fetch: us.fetch.map(update), read: us.read.map(update), write: us.write.map(update) };
    addressMap = { kind: 'described', fetch: rule(m.fetch), read: rule(m.read), write: rule(m.write), physical, ...(updates ? { updates } : {}) };
  } else addressMap = s.addressMap;
  const state: StateDecl = {
    registers,
    files,
    pc: s.pc,
    mode: {
      register: s.mode.register,
      levels: Object.entries(s.mode.levels).map(([name, l]) => ({ name, value: l.value, supervisor: l.supervisor })),
    },
    storage: s.storage,
    addressMap,
    timing: s.timing,
    ...(s.carries ? { carries: s.carries } : {}),
    ...(s.configuration
      ? { configuration: s.configuration.map((c) => ({ register: c.register, mask: '0x' + c.mask.toString(16), value: '0x' + c.value.toString(16), ...(c.doc ? { doc: c.doc } : {}) })) }
      : {}),
    ...(s.banked
      ? {
          banked: s.banked.map((d) => ({
            state: d.state as BankedState,
            ...('by' in d
              ? { by: d.by, banks: Object.entries(d.banks).map(([copy, values]) => ({ copy, values })) }
              : { banks: Object.entries(d.banks).map(([copy, levels]) => ({ copy, levels })) }),
            ...(d.doc ? { doc: d.doc } : {}),
          })),
        }
      : {}),
  };
  const bankWidth = (copy: string): number => {
    const d = s.banked?.find((x) => copy in x.banks);
    if (!d) throw new Error(`'${copy}' is not the copy of any bank`);
    const st = d.state as BankedState;
    return 'register' in st ? widthOf(st.register) : (config.state.files[st.file]?.width ?? 0);
  };

  const modeReg = reg(s.mode.register);
  const modeWidth = widthOf(s.mode.register);
  const supervisorLevels = state.mode.levels.filter((l) => l.supervisor);
  const supervisor: Bool =
    supervisorLevels.length === 0
      ? c(1, 0)
      : supervisorLevels
          .map((l): Bool => bits({ kind: 'compare', op: 'eq', left: modeReg.node, right: c(modeWidth, l.value).node }, 1))
          .reduce((a, b) => bits({ kind: 'binary', op: 'or', left: a.node, right: b.node }, 1));
  const privilegedTrap = Object.entries(config.traps.kinds).find(([, k]) => k.class === 'privileged-instruction')?.[0];
  const recorder = () => new Semantics<keyof T & string>(privilegedTrap ? { supervisor, privilegedTrap } : undefined);

  const seq = recorder();
  config.traps.sequence(seq, { reg, file });
  const traps: TrapDecl = {
    codeWidth: config.traps.codeWidth,
    valueWidth: config.traps.valueWidth,
    kinds: Object.entries(config.traps.kinds).map(([name, k]) => ({
      name,
      class: k.class,
      code: k.code,
      ...(k.doc ? { doc: k.doc } : {}),
    })),
    ...(config.traps.interrupts ? { interrupts: config.traps.interrupts({ reg, file }).map((i) => ({ trap: i.trap, when: i.when.node })) } : {}),
    sequence: seq.block,
  };

  return {
    state,
    traps,
    reg,
    file,
    supervisor,
    bank: (copy: string) => loc({ kind: 'reg', name: copy }, bankWidth(copy)),
    level(name: string) {
      const l = state.mode.levels.find((x) => x.name === name);
      if (!l) throw new Error(`level '${name}' is not one of the mode's levels`);
      return c(modeWidth as WidthOf<R, MR>, l.value);
    },
    insn<const P extends string>(mnemonic: string, input: InsnInput<P, keyof T & string>): InstructionDecl {
      let picture;
      try {
        picture = parsePicture(input.encoding);
      } catch (e) {
        throw new Error(`${mnemonic}: ${(e as Error).message}`);
      }
      const excluded = (input.excluded ?? {}) as Record<string, number[] | undefined>;
      for (const name of Object.keys(excluded))
        if (!picture.fields.some((f) => f.name === name)) throw new Error(`${mnemonic}: excluded values for '${name}', which is no field of the encoding`);
      const fields: FieldDecl[] = picture.fields.map((f) => ({
        name: f.name,
        width: f.width,
        slices: f.slices,
        operand:
          (input.operands as Record<string, Operand> | undefined)?.[f.name] ??
          config.operands?.[f.name] ?? { kind: 'immediate', signed: false },
        ...(excluded[f.name] ? { excluded: [...excluded[f.name]!] } : {}),
      }));
      const values = Object.fromEntries(
        picture.fields.map((f) => [f.name, bits({ kind: 'field', name: f.name } satisfies Expr, f.width)]),
      ) as FieldsOf<P>;
      const $ = recorder();
      input.semantics(values, $);
      const semantics: Block = $.block;
      return {
        mnemonic,
        cite: input.cite,
        class: input.class,
        encoding: { bits: picture.bits, fixed: picture.fixed, fields },
        syntax: input.syntax,
        semantics,
        ...(input.doc ? { doc: input.doc } : {}),
      };
    },
    semantics: recorder,
    withState(patch) {
      return isaBuilder<R, F, T, MR>({ ...config, state: { ...config.state, ...patch } });
    },
    define(meta) {
      const isa: IsaDescription = {
        format: descriptionFormat,
        name: meta.name,
        summary: meta.summary,
        ...(meta.manual ? { manual: meta.manual } : {}),
        state,
        traps,
        instructions: meta.instructions,
      };
      return assertValidIsa(isa);
    },
  };
}
