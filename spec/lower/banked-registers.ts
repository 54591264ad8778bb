/**
 * State banked per mode (ARM's R13, R14 and SPSR; the VAX's and the 68000's stack pointers),
 * lowered to core state (see `BankedDecl`). The source reads as the manuals do: `R13` is the
 * current mode's copy, `R13_svc` the supervisor's, whatever the mode, and a mode change in the
 * middle of an instruction (an exception entry that sets the mode and then writes R14) switches
 * copies at once. Lowered, the banked state itself holds the copy of the bank that was current
 * when the step began, each bank's copy register holds that bank's value otherwise, and a step
 * that ends in another bank swaps: the current value goes to its bank's copy, the new bank's copy
 * comes in. So a state in two modes reads one stack pointer, as a monitor that keeps the guest's
 * current copy in the real register makes it read, and the checker compares like with like.
 *
 * State banked by another register (`by`: the PDP-11's register sets, chosen by PSW<RS>) is
 * lowered the same way with that register as the selector in place of the mode: a step that
 * writes it (or stores, where its register is mapped into storage) swaps at its end.
 *
 * Only blocks that can change a bank or that name a copy are rewritten; each starts with the
 * marker `let bank.mode = <mode>` (the mode when the step began), which also keeps a lowered block
 * from being lowered twice (an extension's new instructions, added to a lowered description, are
 * lowered on their own), then `let bank.by.<selector> = <selector>` for each other selector.
 */
import type { Block, Expr, Stmt } from '../ast.js';
import { accesses, updatesOf, type BankedDecl, type BankedState, type IsaDescription, type RegisterDecl, type StateKind } from '../description.js';
import type { IsaIssue } from '../validate/issues.js';
import { rewriteBlock, rewriteExpr, rewriteMap, type RegisterRewrite } from './rewrite.js';

/** The let naming the mode a rewritten step began in; a block that starts with it is lowered. */
export const BANK_MODE = 'bank.mode';
/** The prefix of the let naming another selector's value when a rewritten step began. */
const BANK_BY = 'bank.by.';

/**
 * How many statements a lowered step begins with that name the selectors' values when it began
 * (0 for a block this file did not rewrite). The fetch's walk stores go after them
 * (spec/address-map.ts stepSemantics): a walk store that reaches a mapped selector then switches
 * banks within the step, as any store there does.
 */
export function bankMarkers(b: Block): number {
  let n = 0;
  while (n < b.length && b[n]!.kind === 'let' && ((b[n] as { name: string }).name === BANK_MODE || (b[n] as { name: string }).name.startsWith(BANK_BY))) n++;
  return n;
}

interface Bank {
  copy: string;
  /** The selector's values in the bank: the mode values of its levels, or the declared values. */
  values: number[];
}

/** One banked state and its banks, from the source declaration or from a lowered one's `bankOf` registers. */
interface Group {
  state: BankedState;
  width: number;
  /** The register whose value selects the bank (in the lowered form: a field is a register of its own). */
  selector: string;
  banks: Bank[];
}

const same = (a: BankedState, b: BankedState) =>
  'register' in a ? 'register' in b && a.register === b.register : 'file' in b && a.file === b.file && a.index === b.index;
const describeBanked = (s: BankedState) => ('register' in s ? `'${s.register}'` : `'${s.file}[${s.index}]'`);

/** Problems with the banked state as declared (paths into the source form). */
export function bankedIssues(isa: IsaDescription): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const s = isa.state;
  const levels = new Map(s.mode.levels.map((l) => [l.name, l]));
  const copies = new Set<string>();
  (s.banked ?? []).forEach((d, i) => {
    const at = (...p: (string | number)[]) => ['state', 'banked', i, ...p];
    if ('register' in d.state) {
      const name = d.state.register;
      const r = s.registers.find((x) => x.name === name);
      if (!r) issues.push({ path: at('state', 'register'), message: `banked register '${name}' is not declared` });
      else if (r.fields) issues.push({ path: at('state', 'register'), message: `banked register '${name}' has fields: bank a register without fields` });
      else if (r.bankOf) issues.push({ path: at('state', 'register'), message: `'${name}' is itself a bank's copy` });
      if (name === s.mode.register) issues.push({ path: at('state', 'register'), message: `the mode register '${name}' cannot be banked by mode` });
      if (name === s.pc) issues.push({ path: at('state', 'register'), message: `the program counter '${name}' cannot be banked` });
      if (s.timing.includes(name)) issues.push({ path: at('state', 'register'), message: `the timing register '${name}' cannot be banked` });
    } else {
      const { file, index } = d.state;
      const f = s.files.find((x) => x.name === file);
      if (!f) issues.push({ path: at('state', 'file'), message: `banked register file '${file}' is not declared` });
      else if (index >= f.count) issues.push({ path: at('state', 'index'), message: `'${file}' has ${f.count} elements: there is no element ${index}` });
      else if (f.hardwired?.some((h) => h.index === index)) issues.push({ path: at('state', 'index'), message: `'${file}[${index}]' is hard-wired and cannot be banked` });
    }
    if ((s.banked ?? []).slice(0, i).some((e) => same(e.state, d.state))) issues.push({ path: at('state'), message: `${describeBanked(d.state)} is banked twice` });
    d.banks.forEach((b, j) => {
      if (copies.has(b.copy)) issues.push({ path: at('banks', j, 'copy'), message: `duplicate bank copy '${b.copy}'` });
      copies.add(b.copy);
      if (s.registers.some((r) => r.name === b.copy) || s.files.some((f) => f.name === b.copy))
        issues.push({ path: at('banks', j, 'copy'), message: `bank copy '${b.copy}' is named like declared state` });
    });
    if (d.by === undefined) issues.push(...levelBankIssues(d, levels, at));
    else issues.push(...selectorBankIssues(isa, d, d.by, at));
  });
  s.configuration?.forEach((c, i) => {
    const named = (s.banked ?? []).some((d) => ('register' in d.state && d.state.register === c.register) || d.banks.some((b) => b.copy === c.register));
    if (named) issues.push({ path: ['state', 'configuration', i, 'register'], message: `'${c.register}' is banked state: a configuration cannot hold it` });
  });
  return issues;
}

type At = (...p: (string | number)[]) => (string | number)[];

/** Banks by mode: every level in exactly one bank, named by `levels`. */
function levelBankIssues(d: BankedDecl, levels: Map<string, unknown>, at: At): IsaIssue[] {
  const issues: IsaIssue[] = [];
  const seen = new Set<string>();
  d.banks.forEach((b, j) => {
    if (b.values !== undefined) issues.push({ path: at('banks', j, 'values'), message: `a bank of state banked per mode names mode levels ('levels'), not values: name a selector with 'by' to bank by values` });
    if (b.levels === undefined) return void issues.push({ path: at('banks', j), message: `a bank of state banked per mode names its mode levels ('levels')` });
    b.levels.forEach((l, k) => {
      if (!levels.has(l)) issues.push({ path: at('banks', j, 'levels', k), message: `unknown mode level '${l}' (levels: ${[...levels.keys()].join(', ')})` });
      else if (seen.has(l)) issues.push({ path: at('banks', j, 'levels', k), message: `mode level '${l}' is in two banks of ${describeBanked(d.state)}` });
      seen.add(l);
    });
  });
  const missing = [...levels.keys()].filter((l) => !seen.has(l));
  if (missing.length > 0) issues.push({ path: at('banks'), message: `mode level${missing.length > 1 ? 's' : ''} ${missing.map((l) => `'${l}'`).join(', ')} in no bank of ${describeBanked(d.state)}` });
  return issues;
}

/** The widest selector a bank may be chosen by: every value must be in a bank, so they are listed. */
const maxSelectorBits = 8;

/** Banks by the register (or field) `by`: every value of it in exactly one bank, named by `values`. */
function selectorBankIssues(isa: IsaDescription, d: BankedDecl, by: string, at: At): IsaIssue[] {
  const s = isa.state;
  const sel = selectorIn(isa, by);
  if (sel === undefined) return [{ path: at('by'), message: `the bank selector '${by}' is not a declared register or register field` }];
  const owner = by.includes('.') && !s.registers.some((r) => r.name === by) ? by.slice(0, by.lastIndexOf('.')) : by;
  const issues: IsaIssue[] = [];
  if (by === s.mode.register) issues.push({ path: at('by'), message: `'${by}' is the mode register: bank per mode by naming levels, without 'by'` });
  if (owner === s.pc || s.timing.includes(owner)) issues.push({ path: at('by'), message: `the bank selector '${by}' is the program counter or a timing register: it changes on every step` });
  if ('register' in d.state && (d.state.register === by || d.state.register === owner)) issues.push({ path: at('by'), message: `'${by}' cannot select the banks of itself` });
  if ((s.banked ?? []).some((e) => ('register' in e.state && (e.state.register === by || e.state.register === owner)) || e.banks.some((b) => b.copy === by)))
    issues.push({ path: at('by'), message: `the bank selector '${by}' is banked state itself` });
  if (sel.width > maxSelectorBits) return [...issues, { path: at('by'), message: `the bank selector '${by}' is ${sel.width} bits wide: a selector has at most ${maxSelectorBits} bits (every value is in a bank)` }];
  const count = 2 ** sel.width;
  const seen = new Set<number>();
  d.banks.forEach((b, j) => {
    if (b.levels !== undefined) issues.push({ path: at('banks', j, 'levels'), message: `a bank chosen by '${by}' names values of it ('values'), not mode levels` });
    if (b.values === undefined) return void issues.push({ path: at('banks', j), message: `a bank chosen by '${by}' names the values of it that select it ('values')` });
    b.values.forEach((v, k) => {
      if (v >= count) issues.push({ path: at('banks', j, 'values', k), message: `'${by}' is ${sel.width} bit${sel.width > 1 ? 's' : ''} wide: it cannot be ${v}` });
      else if (seen.has(v)) issues.push({ path: at('banks', j, 'values', k), message: `value ${v} of '${by}' is in two banks of ${describeBanked(d.state)}` });
      seen.add(v);
    });
  });
  const missing = Array.from({ length: count }, (_, v) => v).filter((v) => !seen.has(v));
  if (missing.length > 0)
    issues.push({ path: at('banks'), message: `value${missing.length > 1 ? 's' : ''} ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''} of '${by}' in no bank of ${describeBanked(d.state)}` });
  return issues;
}

/** The register or register field `name` (source or lowered form), with its width and kind. */
function selectorIn(isa: IsaDescription, name: string): { width: number } | undefined {
  const r = isa.state.registers.find((x) => x.name === name);
  if (r) return r.fields ? undefined : { width: r.width };
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const f = isa.state.registers.find((x) => x.name === name.slice(0, dot))?.fields?.find((x) => x.name === name.slice(dot + 1));
  return f ? { width: f.hi - f.lo + 1 } : undefined;
}

/** The kind of banked state `st` (a copy of state banked by a selector other than the mode has it). */
function kindOf(isa: IsaDescription, st: BankedState): StateKind {
  return 'register' in st ? (isa.state.registers.find((r) => r.name === st.register)?.kind ?? 'system') : (isa.state.files.find((f) => f.name === st.file)?.kind ?? 'system');
}

/** Whether a description has banked state, declared (source form) or lowered (`bankOf` copies). */
export function hasBankedState(isa: IsaDescription): boolean {
  return (isa.state.banked?.length ?? 0) > 0 || isa.state.registers.some((r) => r.bankOf);
}

/** The source form as the meaning checks read it: each bank's copy a register, so that semantics may name it. */
export function bankedSourceView(isa: IsaDescription): IsaDescription {
  if (!isa.state.banked?.length) return isa;
  const widthOf = (st: BankedState) =>
    'register' in st ? (isa.state.registers.find((r) => r.name === st.register)?.width ?? 1) : (isa.state.files.find((f) => f.name === st.file)?.width ?? 1);
  const copies = isa.state.banked.flatMap((d) => d.banks.map((b): RegisterDecl => ({ name: b.copy, width: widthOf(d.state), kind: d.by === undefined ? 'system' : kindOf(isa, d.state) })));
  return { ...isa, state: { ...isa.state, registers: [...isa.state.registers, ...copies] } };
}

function groupsOf(isa: IsaDescription): Group[] {
  const value = (name: string) => isa.state.mode.levels.find((l) => l.name === name)!.value;
  const widthOf = (st: BankedState) =>
    'register' in st ? isa.state.registers.find((r) => r.name === st.register)!.width : isa.state.files.find((f) => f.name === st.file)!.width;
  const mode = isa.state.mode.register;
  const valuesOf = (b: { levels?: string[]; values?: number[] }) => b.values ?? b.levels!.map(value);
  const groups: Group[] = (isa.state.banked ?? []).map((d) => ({
    state: d.state,
    width: widthOf(d.state),
    selector: d.by ?? mode,
    banks: d.banks.map((b) => ({ copy: b.copy, values: valuesOf(b) })),
  }));
  for (const r of isa.state.registers) {
    if (!r.bankOf) continue;
    const of = r.bankOf;
    let g = groups.find((x) => same(x.state, of.of));
    if (!g) groups.push((g = { state: of.of, width: r.width, selector: 'by' in of ? of.by : mode, banks: [] }));
    if (!g.banks.some((b) => b.copy === r.name)) g.banks.push({ copy: r.name, values: valuesOf(of) });
  }
  return groups;
}

// Expression builders (core nodes).
const reg = (name: string): Expr => ({ kind: 'reg', name });
const v = (name: string): Expr => ({ kind: 'var', name });
const k = (width: number, value: number): Expr => ({ kind: 'const', width, value: '0x' + value.toString(16) });
const or = (xs: Expr[]): Expr => xs.reduce((a, b) => ({ kind: 'binary', op: 'or', left: a, right: b }));
const and = (a: Expr, b: Expr): Expr => ({ kind: 'binary', op: 'and', left: a, right: b });
const not = (a: Expr): Expr => ({ kind: 'unary', op: 'not', arg: a });
const ite = (cond: Expr, a: Expr, b: Expr): Expr => ({ kind: 'ite', cond, then: a, else: b });
const one = (then: Stmt[]): Stmt => ({ kind: 'if', cond: k(1, 1), then, else: [] });

/**
 * The description with its banked state lowered (see the file's comment), and whether anything
 * changed. Call it on a description whose banks `bankedIssues` accepts, after register fields are
 * lowered (the mode may be a field of a status register).
 */
export function lowerBankedRegisters(isa: IsaDescription): { isa: IsaDescription; changed: boolean } {
  const groups = groupsOf(isa);
  if (groups.length === 0) return { isa, changed: false };
  const s = isa.state;
  const mode = s.mode.register;
  const widthOf = (r: string) => s.registers.find((x) => x.name === r)!.width;
  const inBank = (g: Group, m: Expr, b: Bank) => or(b.values.map((x) => ({ kind: 'compare', op: 'eq', left: m, right: k(widthOf(g.selector), x) }) as Expr));
  /** Whether selector values `a` and `b` choose the same bank of `g`. */
  const sameBank = (g: Group, a: Expr, b: Expr) => or(g.banks.map((bank) => and(inBank(g, a, bank), inBank(g, b, bank))));
  // The selector's value when the step began: `bank.mode` for the mode (the marker every rewritten block starts with), `bank.by.<name>` for another.
  const startName = (selector: string) => (selector === mode ? BANK_MODE : `${BANK_BY}${selector}`);
  const selectors = [...new Set(groups.map((g) => g.selector))].filter((x) => x !== mode);
  const start = (g: Group) => v(startName(g.selector));
  const now = (g: Group) => reg(g.selector);
  const active = (g: Group): Expr => ('register' in g.state ? reg(g.state.register) : { kind: 'file', name: g.state.file, index: k(Math.log2(s.files.find((f) => f.name === (g.state as { file: string }).file)!.count), g.state.index) });
  const setActive = (g: Group, value: Expr): Stmt => ({ kind: 'assign', target: 'register' in g.state ? { kind: 'reg', name: g.state.register } : { kind: 'file', name: g.state.file, index: (active(g) as { index: Expr }).index }, value });
  const copyOf = new Map(groups.flatMap((g) => g.banks.map((b) => [b.copy, { g, b }] as const)));

  /** The current bank's copy of `g`, in a rewritten step. */
  const readCurrent = (g: Group): Expr => g.banks.reduceRight((acc, b) => ite(inBank(g, now(g), b), reg(b.copy), acc), active(g) as Expr);
  const readNow = (g: Group): Expr => ite(sameBank(g, now(g), start(g)), active(g), readCurrent(g));
  /** Bank `b`'s copy, in a rewritten step: the state itself while `b` is the bank the step began in. */
  const readBank = (g: Group, b: Bank): Expr => ite(inBank(g, start(g), b), active(g), reg(b.copy));
  let lets = 0;
  const writeNow = (g: Group, value: Expr): Stmt => {
    const x = `bank.value${lets++}`;
    const chain = g.banks.reduceRight<Stmt[]>((acc, b) => [{ kind: 'if', cond: inBank(g, now(g), b), then: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: v(x) }], else: acc }], []);
    return one([{ kind: 'let', name: x, value }, { kind: 'if', cond: sameBank(g, now(g), start(g)), then: [setActive(g, v(x))], else: chain }]);
  };
  const writeBank = (g: Group, b: Bank, value: Expr): Stmt => {
    const x = `bank.value${lets++}`;
    return one([{ kind: 'let', name: x, value }, { kind: 'if', cond: inBank(g, start(g), b), then: [setActive(g, v(x))], else: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: v(x) }] }]);
  };
  /** At the end of a step: a step that ends in another bank puts the current value in its copy and takes the new bank's. */
  const swap = (g: Group): Stmt => ({
    kind: 'if',
    cond: not(sameBank(g, now(g), start(g))),
    then: [
      ...g.banks.map((b): Stmt => ({ kind: 'if', cond: inBank(g, start(g), b), then: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: active(g) }], else: [] })),
      ...g.banks.map((b): Stmt => ({ kind: 'if', cond: inBank(g, now(g), b), then: [setActive(g, reg(b.copy))], else: [] })),
    ],
    else: [],
  });

  const fileGroups = (file: string) => groups.filter((g) => 'file' in g.state && g.state.file === file);
  const constIndex = (e: Expr) => (e.kind === 'const' ? Number(BigInt(e.value)) : undefined);
  /** Rewrites inside a step (`inStep`: the mode may change within it) or outside one (the map, interrupt conditions). */
  const rewrite = (inStep: boolean): RegisterRewrite => ({
    read: (name) => {
      const c = copyOf.get(name);
      if (c) return inStep ? readBank(c.g, c.b) : ite(inBank(c.g, now(c.g), c.b), active(c.g), reg(name));
      const g = inStep ? groups.find((x) => 'register' in x.state && x.state.register === name) : undefined;
      return g ? readNow(g) : undefined;
    },
    assign: (name, value) => {
      const c = copyOf.get(name);
      if (c) return writeBank(c.g, c.b, value);
      const g = groups.find((x) => 'register' in x.state && x.state.register === name);
      return g ? writeNow(g, value) : undefined;
    },
    readFile: (name, index) => {
      if (!inStep) return undefined;
      const gs = fileGroups(name);
      if (gs.length === 0) return undefined;
      const at = constIndex(index);
      const plain: Expr = { kind: 'file', name, index };
      if (at !== undefined) {
        const g = gs.find((x) => (x.state as { index: number }).index === at);
        return g ? readNow(g) : plain;
      }
      const w = indexWidth(name);
      return gs.reduceRight<Expr>((acc, g) => ite({ kind: 'compare', op: 'eq', left: index, right: k(w, (g.state as { index: number }).index) }, readNow(g), acc), plain);
    },
    assignFile: (name, index, value) => {
      const gs = fileGroups(name);
      if (gs.length === 0) return undefined;
      const at = constIndex(index);
      if (at !== undefined) {
        const g = gs.find((x) => (x.state as { index: number }).index === at);
        return g ? writeNow(g, value) : undefined;
      }
      // The index first, then the value (the language's order), each named once.
      const i = `bank.index${lets++}`;
      const x = `bank.value${lets++}`;
      const w = indexWidth(name);
      const chain = gs.reduceRight<Stmt[]>(
        (acc, g) => [{ kind: 'if', cond: { kind: 'compare', op: 'eq', left: v(i), right: k(w, (g.state as { index: number }).index) }, then: [writeNow(g, v(x))], else: acc }],
        [{ kind: 'assign', target: { kind: 'file', name, index: v(i) }, value: v(x) }],
      );
      return one([{ kind: 'let', name: i, value: index }, { kind: 'let', name: x, value }, ...chain]);
    },
  });
  const indexWidth = (file: string) => Math.log2(s.files.find((f) => f.name === file)!.count);

  const copies = new Set(copyOf.keys());
  const touchesBanks = (b: Block, step: boolean): boolean => {
    const json = JSON.stringify(b);
    if ([...copies].some((c) => json.includes(`"name":${JSON.stringify(c)}`))) return true;
    return groups.some((g) => assigns(b, g.selector) || (step && walkReaches(g.selector)));
  };
  // A selector in a register mapped into storage (spec/mapped-registers.ts) is assigned by any store that reaches it.
  const mapped = (selector: string) => {
    const owner = s.registers.find((r) => r.name === selector)?.fieldOf?.register;
    return (s.storage.mapped ?? []).some((m) => m.register === selector || m.register === owner);
  };
  // A map's walk stores (`updates`) may reach a mapped selector in any step (the fetch's, if no other).
  const sourceMap = s.addressMap;
  const walkStores = sourceMap.kind === 'described' && accesses.some((a) => updatesOf(sourceMap, a).length > 0);
  const walkReaches = (selector: string) => walkStores && mapped(selector);
  const assigns = (b: Block, selector: string): boolean =>
    b.some(
      (st) =>
        (st.kind === 'assign' && st.target.kind === 'reg' && st.target.name === selector) ||
        (st.kind === 'store' && mapped(selector)) ||
        (st.kind === 'if' && (assigns(st.then, selector) || assigns(st.else, selector))),
    );
  let changed = (s.banked?.length ?? 0) > 0;
  /** `step`: an instruction's semantics (a step whose walk stores may switch banks), not the trap sequence. */
  const lowerBlock = (b: Block, step: boolean): Block => {
    const first = b[0];
    if (first?.kind === 'let' && first.name === BANK_MODE) return b;
    if (!touchesBanks(b, step)) return b;
    changed = true;
    // Only banks a block can switch need a swap; every bank may be named, so every copy is rewritten.
    return [
      { kind: 'let', name: BANK_MODE, value: reg(mode) },
      ...selectors.map((x): Stmt => ({ kind: 'let', name: startName(x), value: reg(x) })),
      ...rewriteBlock(b, rewrite(true)),
      ...groups.filter((g) => assigns(b, g.selector) || (step && walkReaches(g.selector))).map(swap),
    ];
  };
  const outside = (e: Expr): Expr => rewriteExpr(e, rewrite(false));

  const instructions = isa.instructions.map((i) => {
    const semantics = lowerBlock(i.semantics, true);
    return semantics === i.semantics ? i : { ...i, semantics };
  });
  const sequence = lowerBlock(isa.traps.sequence, false);
  // The map and interrupt conditions are rewritten once, from the source form (their rewrite has no marker).
  const source = (s.banked?.length ?? 0) > 0;
  const interrupts = source ? isa.traps.interrupts?.map((i) => ({ ...i, when: outside(i.when) })) : isa.traps.interrupts;
  const map = source ? rewriteMap(s.addressMap, outside) : s.addressMap;
  const registers: RegisterDecl[] = [
    ...s.registers,
    ...(s.banked ?? []).flatMap((d) =>
      d.banks.map((b): RegisterDecl => ({
        name: b.copy,
        width: groups.find((g) => same(g.state, d.state))!.width,
        kind: d.by === undefined ? 'system' : kindOf(isa, d.state),
        ...((b.doc ?? d.doc) ? { doc: b.doc ?? d.doc! } : {}),
        bankOf: d.by === undefined ? { of: d.state, levels: b.levels! } : { of: d.state, by: d.by, values: b.values! },
      })),
    ),
  ];
  const { banked: _, ...state } = s;
  if (!changed) return { isa, changed: false };
  return {
    isa: {
      ...isa,
      state: { ...state, registers, addressMap: map },
      traps: { ...isa.traps, sequence, ...(interrupts ? { interrupts } : {}) },
      instructions,
    },
    changed: true,
  };
}
