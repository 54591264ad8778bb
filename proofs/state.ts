/**
 * The symbolic machine state: every scalar register and every element of a register file as its
 * own bit-vector constant (much cheaper for Z3 than an array, ENGINEERING.md), storage as one
 * `addressBits → cellBits` array.
 */
import type { IsaDescription } from '../spec/description.js';
import type { Ctx } from './z3.js';
import { and, bvEq, or, val, type BV, type Cond, type Mem } from './terms.js';

export interface SymState {
  readonly regs: ReadonlyMap<string, BV>;
  readonly files: ReadonlyMap<string, readonly BV[]>;
  readonly mem: Mem;
  /**
   * Storage moved by this amount: physical address p holds `mem[p − memShift]`. This is the
   * lambda E2 = λj. E1[j − x] of a location pair applied at each access, so Z3 sees plain selects
   * and stores (the lambda term made a store's query time out at 10 s).
   */
  readonly memShift?: BV;
  /**
   * A state under a monitor's composed map (definitions/README.md, location-sensitive): `regs`
   * and `files` hold the guest's values, which the address map reads; `real` and `realFiles` the
   * real values of the composed map registers, which every other read sees; `mem` is the guest's
   * storage by guest address, and a physical access the semantics make at real p reaches the
   * guest's cell p − shift.
   */
  readonly composed?: Composed;
}

export interface Composed {
  readonly shift: BV;
  readonly real: ReadonlyMap<string, BV>;
  readonly realFiles: ReadonlyMap<string, readonly BV[]>;
}

/** The registers as the hardware holds them: under a composed map, the real values of the composed map registers. */
export function hardwareRegs(s: SymState): ReadonlyMap<string, BV> {
  if (!s.composed) return s.regs;
  const m = new Map(s.regs);
  for (const [k, v] of s.composed.real) m.set(k, v);
  return m;
}

/** The register files as the hardware holds them (see `hardwareRegs`). */
export function hardwareFiles(s: SymState): ReadonlyMap<string, readonly BV[]> {
  if (!s.composed) return s.files;
  const m = new Map(s.files);
  for (const [k, v] of s.composed.realFiles) m.set(k, v);
  return m;
}

/** The array index of physical address `p`. */
function index(s: SymState, p: BV): BV {
  return s.memShift ? (p.sub(s.memShift) as BV) : p;
}

/** The cell at physical address `p`. */
export function cellAt(s: SymState, p: BV): BV {
  return s.mem.select(index(s, p)) as BV;
}

/** Storage with the cell at physical address `p` set to `v`. */
export function storeCell(s: SymState, p: BV, v: BV): Mem {
  return s.mem.store(index(s, p), v) as Mem;
}

/**
 * A state of fresh constants named `<tag>.<register>`, `<tag>.<file>.<i>`, `<tag>.E`. The same
 * object for the same tag, description and context: the constants are the same terms anyway, and
 * sharing the wrappers lets what is computed from a state (its fetch, the map's closed
 * subterms) be computed once per check rather than once per instruction.
 */
export function freshState(ctx: Ctx, isa: IsaDescription, tag: string): SymState {
  let byIsa = states.get(ctx);
  if (!byIsa) states.set(ctx, (byIsa = new WeakMap()));
  let byTag = byIsa.get(isa);
  if (!byTag) byIsa.set(isa, (byTag = new Map()));
  let s = byTag.get(tag);
  if (!s) byTag.set(tag, (s = makeState(ctx, isa, tag)));
  return s;
}

const states = new WeakMap<Ctx, WeakMap<IsaDescription, Map<string, SymState>>>();

function makeState(ctx: Ctx, isa: IsaDescription, tag: string): SymState {
  const { cellBits, addressBits } = isa.state.storage;
  const regs = new Map(isa.state.registers.map((r) => [r.name, ctx.BitVec.const(`${tag}.${r.name}`, r.width) as BV]));
  const files = new Map(
    isa.state.files.map((f) => {
      const wired = new Map((f.hardwired ?? []).map((h) => [h.index, BigInt(h.value)]));
      const elems = Array.from({ length: f.count }, (_, i) => {
        const w = wired.get(i);
        return w !== undefined ? val(ctx, w, f.width) : (ctx.BitVec.const(`${tag}.${f.name}.${i}`, f.width) as BV);
      });
      return [f.name, elems] as const;
    }),
  );
  const mem = ctx.Array.const(`${tag}.E`, ctx.BitVec.sort(addressBits), ctx.BitVec.sort(cellBits)) as Mem;
  return { regs, files, mem };
}

/** A copy of `s` with some registers replaced. */
export function withRegs(s: SymState, regs: Record<string, BV>): SymState {
  const m = new Map(s.regs);
  for (const [k, v] of Object.entries(regs)) m.set(k, v);
  return { ...s, regs: m };
}

export function reg(s: SymState, name: string): BV {
  const r = s.regs.get(name);
  if (!r) throw new Error(`internal: no register '${name}' in the symbolic state`);
  return r;
}

/** The mode register holds one of the declared levels, optionally only those of one kind. */
export function modeIs(ctx: Ctx, isa: IsaDescription, s: SymState, which: 'any' | 'supervisor' | 'user'): Cond {
  const m = reg(s, isa.state.mode.register);
  const levels = isa.state.mode.levels.filter((l) => which === 'any' || l.supervisor === (which === 'supervisor'));
  return or(ctx, ...levels.map((l) => bvEq(ctx, m, val(ctx, l.value, m.sort.size()))));
}

/** Both states agree on the named registers and on every element of the named files. */
export function sameState(ctx: Ctx, a: SymState, b: SymState, regs: readonly string[], files: readonly string[]): Cond {
  return and(
    ctx,
    ...regs.map((r) => bvEq(ctx, reg(a, r), reg(b, r))),
    ...files.flatMap((f) => (a.files.get(f) ?? []).map((e, i) => bvEq(ctx, e, b.files.get(f)![i]!))),
  );
}
