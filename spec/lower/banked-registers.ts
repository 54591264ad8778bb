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
 * Only blocks that can change the bank or that name a copy are rewritten; each starts with the
 * marker `let bank.mode = <mode>` (the mode when the step began), which also keeps a lowered block
 * from being lowered twice (an extension's new instructions, added to a lowered description, are
 * lowered on their own).
 */
import type { Block, Expr, Stmt } from '../ast.js';
import type { BankedState, IsaDescription, RegisterDecl } from '../description.js';
import type { IsaIssue } from '../validate/issues.js';
import { rewriteBlock, rewriteExpr, rewriteMap, type RegisterRewrite } from './rewrite.js';

/** The let naming the mode a rewritten step began in; a block that starts with it is lowered. */
export const BANK_MODE = 'bank.mode';

interface Bank {
  copy: string;
  /** The mode values of the bank's levels. */
  values: number[];
}

/** One banked state and its banks, from the source declaration or from a lowered one's `bankOf` registers. */
interface Group {
  state: BankedState;
  width: number;
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
    const seen = new Set<string>();
    d.banks.forEach((b, j) => {
      if (copies.has(b.copy)) issues.push({ path: at('banks', j, 'copy'), message: `duplicate bank copy '${b.copy}'` });
      copies.add(b.copy);
      if (s.registers.some((r) => r.name === b.copy) || s.files.some((f) => f.name === b.copy))
        issues.push({ path: at('banks', j, 'copy'), message: `bank copy '${b.copy}' is named like declared state` });
      b.levels.forEach((l, k) => {
        if (!levels.has(l)) issues.push({ path: at('banks', j, 'levels', k), message: `unknown mode level '${l}' (levels: ${[...levels.keys()].join(', ')})` });
        else if (seen.has(l)) issues.push({ path: at('banks', j, 'levels', k), message: `mode level '${l}' is in two banks of ${describeBanked(d.state)}` });
        seen.add(l);
      });
    });
    const missing = [...levels.keys()].filter((l) => !seen.has(l));
    if (missing.length > 0) issues.push({ path: at('banks'), message: `mode level${missing.length > 1 ? 's' : ''} ${missing.map((l) => `'${l}'`).join(', ')} in no bank of ${describeBanked(d.state)}` });
  });
  s.configuration?.forEach((c, i) => {
    const named = (s.banked ?? []).some((d) => ('register' in d.state && d.state.register === c.register) || d.banks.some((b) => b.copy === c.register));
    if (named) issues.push({ path: ['state', 'configuration', i, 'register'], message: `'${c.register}' is banked state: a configuration cannot hold it` });
  });
  return issues;
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
  const copies = isa.state.banked.flatMap((d) => d.banks.map((b): RegisterDecl => ({ name: b.copy, width: widthOf(d.state), kind: 'system' })));
  return { ...isa, state: { ...isa.state, registers: [...isa.state.registers, ...copies] } };
}

function groupsOf(isa: IsaDescription): Group[] {
  const value = (name: string) => isa.state.mode.levels.find((l) => l.name === name)!.value;
  const widthOf = (st: BankedState) =>
    'register' in st ? isa.state.registers.find((r) => r.name === st.register)!.width : isa.state.files.find((f) => f.name === st.file)!.width;
  const groups: Group[] = (isa.state.banked ?? []).map((d) => ({
    state: d.state,
    width: widthOf(d.state),
    banks: d.banks.map((b) => ({ copy: b.copy, values: b.levels.map(value) })),
  }));
  for (const r of isa.state.registers) {
    if (!r.bankOf) continue;
    let g = groups.find((x) => same(x.state, r.bankOf!.of));
    if (!g) groups.push((g = { state: r.bankOf.of, width: r.width, banks: [] }));
    if (!g.banks.some((b) => b.copy === r.name)) g.banks.push({ copy: r.name, values: r.bankOf.levels.map(value) });
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
  const modeWidth = s.registers.find((r) => r.name === mode)!.width;
  const inBank = (m: Expr, b: Bank) => or(b.values.map((x) => ({ kind: 'compare', op: 'eq', left: m, right: k(modeWidth, x) }) as Expr));
  /** Whether modes `a` and `b` select the same bank of `g`. */
  const sameBank = (g: Group, a: Expr, b: Expr) => or(g.banks.map((bank) => and(inBank(a, bank), inBank(b, bank))));
  const start = v(BANK_MODE);
  const now = reg(mode);
  const active = (g: Group): Expr => ('register' in g.state ? reg(g.state.register) : { kind: 'file', name: g.state.file, index: k(Math.log2(s.files.find((f) => f.name === (g.state as { file: string }).file)!.count), g.state.index) });
  const setActive = (g: Group, value: Expr): Stmt => ({ kind: 'assign', target: 'register' in g.state ? { kind: 'reg', name: g.state.register } : { kind: 'file', name: g.state.file, index: (active(g) as { index: Expr }).index }, value });
  const copyOf = new Map(groups.flatMap((g) => g.banks.map((b) => [b.copy, { g, b }] as const)));

  /** The current mode's copy of `g`, in a rewritten step. */
  const readCurrent = (g: Group): Expr => g.banks.reduceRight((acc, b) => ite(inBank(now, b), reg(b.copy), acc), active(g) as Expr);
  const readNow = (g: Group): Expr => ite(sameBank(g, now, start), active(g), readCurrent(g));
  /** Bank `b`'s copy, in a rewritten step: the state itself while `b` is the bank the step began in. */
  const readBank = (g: Group, b: Bank): Expr => ite(inBank(start, b), active(g), reg(b.copy));
  let lets = 0;
  const writeNow = (g: Group, value: Expr): Stmt => {
    const x = `bank.value${lets++}`;
    const chain = g.banks.reduceRight<Stmt[]>((acc, b) => [{ kind: 'if', cond: inBank(now, b), then: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: v(x) }], else: acc }], []);
    return one([{ kind: 'let', name: x, value }, { kind: 'if', cond: sameBank(g, now, start), then: [setActive(g, v(x))], else: chain }]);
  };
  const writeBank = (g: Group, b: Bank, value: Expr): Stmt => {
    const x = `bank.value${lets++}`;
    return one([{ kind: 'let', name: x, value }, { kind: 'if', cond: inBank(start, b), then: [setActive(g, v(x))], else: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: v(x) }] }]);
  };
  /** At the end of a step: a step that ends in another bank puts the current value in its copy and takes the new bank's. */
  const swap = (g: Group): Stmt => ({
    kind: 'if',
    cond: not(sameBank(g, now, start)),
    then: [
      ...g.banks.map((b): Stmt => ({ kind: 'if', cond: inBank(start, b), then: [{ kind: 'assign', target: { kind: 'reg', name: b.copy }, value: active(g) }], else: [] })),
      ...g.banks.map((b): Stmt => ({ kind: 'if', cond: inBank(now, b), then: [setActive(g, reg(b.copy))], else: [] })),
    ],
    else: [],
  });

  const fileGroups = (file: string) => groups.filter((g) => 'file' in g.state && g.state.file === file);
  const constIndex = (e: Expr) => (e.kind === 'const' ? Number(BigInt(e.value)) : undefined);
  /** Rewrites inside a step (`inStep`: the mode may change within it) or outside one (the map, interrupt conditions). */
  const rewrite = (inStep: boolean): RegisterRewrite => ({
    read: (name) => {
      const c = copyOf.get(name);
      if (c) return inStep ? readBank(c.g, c.b) : ite(inBank(now, c.b), active(c.g), reg(name));
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
  const touchesBanks = (b: Block): boolean => {
    const json = JSON.stringify(b);
    if ([...copies].some((c) => json.includes(`"name":${JSON.stringify(c)}`))) return true;
    return assignsMode(b);
  };
  // A mode in a register mapped into storage (spec/mapped-registers.ts) is assigned by any store that reaches it.
  const modeOwner = s.registers.find((r) => r.name === mode)?.fieldOf?.register;
  const modeMapped = (s.storage.mapped ?? []).some((m) => m.register === mode || m.register === modeOwner);
  const assignsMode = (b: Block): boolean =>
    b.some(
      (st) =>
        (st.kind === 'assign' && st.target.kind === 'reg' && st.target.name === mode) ||
        (modeMapped && st.kind === 'store') ||
        (st.kind === 'if' && (assignsMode(st.then) || assignsMode(st.else))),
    );
  let changed = (s.banked?.length ?? 0) > 0;
  const lowerBlock = (b: Block): Block => {
    const first = b[0];
    if (first?.kind === 'let' && first.name === BANK_MODE) return b;
    if (!touchesBanks(b)) return b;
    changed = true;
    // Only banks a block can switch need a swap; every bank may be named, so every copy is rewritten.
    return [{ kind: 'let', name: BANK_MODE, value: now }, ...rewriteBlock(b, rewrite(true)), ...(assignsMode(b) ? groups.map(swap) : [])];
  };
  const outside = (e: Expr): Expr => rewriteExpr(e, rewrite(false));

  const instructions = isa.instructions.map((i) => {
    const semantics = lowerBlock(i.semantics);
    return semantics === i.semantics ? i : { ...i, semantics };
  });
  const sequence = lowerBlock(isa.traps.sequence);
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
        kind: 'system',
        ...((b.doc ?? d.doc) ? { doc: b.doc ?? d.doc! } : {}),
        bankOf: { of: d.state, levels: b.levels },
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
