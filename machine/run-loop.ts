/**
 * The run loop, generated per ISA: the first cell's fetch translation inline, a code-cache
 * lookup, a call of the compiled block, and the slow paths (traps, halt, budget) out of line.
 */
import type { CompileContext } from './context.js';
import { isBig } from './layout.js';
import { sliceAt } from '../spec/encoding.js';
import { atom, compileExpr, concatOp, Emitter, unsignedNum, type ExprEnv, type Val } from './compile-expr.js';
import { PAGE_BITS, PAGE_MASK, VT_MASK } from './code-cache.js';

/**
 * An environment of expressions over the registers in R and the storage in S (any variable: the
 * JS value `varSrc`). The address map's table reads must stay inside storage (spec/description.ts):
 * one outside is the machine error `m.fatal` makes.
 */
export function stateEnv(ctx: CompileContext, varSrc = 'pc0', em?: Emitter): ExprEnv {
  const { layout } = ctx;
  return {
    reg: (name) => {
      const r = layout.regs.get(name)!;
      return { src: `${ctx.slotArray(r.slot)}[${r.slot}]`, width: r.width };
    },
    file: (name, index) => {
      const f = layout.files.get(name)!;
      return { src: `${ctx.slotArray(f.base)}[${f.base} + ${index.src}]`, width: f.width };
    },
    field: () => {
      throw new Error('the address map reads no fields');
    },
    var: () => ({ src: varSrc, width: ctx.isa.state.storage.addressBits }),
    trapInfo: () => {
      throw new Error('the address map reads no trap information');
    },
    load: (space, addr, width) => {
      if (!em || space !== 'physical') throw new Error('only the address map reads storage here, and only physically');
      return physicalLoad(ctx, em, addr, width);
    },
  };
}

/** A physical read of `width` bits at `addr` from S, the address checked against storage. */
export function physicalLoad(ctx: CompileContext, em: Emitter, addr: Val, width: number): Val {
  const cells = width / ctx.isa.state.storage.cellBits;
  const a = atom(em, addr);
  const at = unsignedNum(a);
  em.line(`if (${at} > ${ctx.storageCells - cells}) throw m.fatal('the address map read storage outside its ' + ${ctx.storageCells} + ' cells at cell ' + ${at});`);
  // A block whose translations read tables ends at its next store (see BlockCompiler.commit).
  em.line('m.ml = 1;');
  const parts: Val[] = [];
  for (let c = cells - 1; c >= 0; c--) {
    const k = sliceAt(c, cells, ctx.isa.state.storage);
    parts.push({ src: k === 0 ? `S[${at}]` : `S[${at} + ${k}]`, width: ctx.isa.state.storage.cellBits });
  }
  return atom(em, cells === 1 ? parts[0]! : concatOp(em, parts));
}

/** The index of the first fault's trap kind plus one, or 0: how compiled translations report. */
export function faultIndexSrc(ctx: CompileContext, faults: { src: string; k?: bigint; trap: string }[]): string {
  return firstHeldSrc(faults, (f) => ctx.layout.traps.get(f.trap)!.index + 1);
}

/** `value(c)` of the first condition `c` that holds (1 bits), or 0: nested conditionals, constants folded. */
export function firstHeldSrc<C extends { src: string; k?: bigint }>(conds: readonly C[], value: (c: C, i: number) => number): string {
  let src = '0';
  for (let i = conds.length - 1; i >= 0; i--) {
    const c = conds[i]!;
    if (c.k === 0n) continue;
    src = c.k === 1n ? String(value(c, i)) : `(${c.src} !== 0 ? ${value(c, i)} : ${src})`;
  }
  return src;
}

/**
 * The first cell's fetch translation, reading registers from R, storage from S and the PC from
 * `pc0`: `fault` is the trap kind's index plus one, or 0 (faultIndexSrc).
 */
function fetchTranslation(ctx: CompileContext) {
  const em = new Emitter();
  const env = stateEnv(ctx, 'pc0', em);
  const t = ctx.translation(1, 'fetch');
  const faults = t.faults.map((f) => ({ ...atom(em, compileExpr(f.when, env, em)), trap: f.trap }));
  const fault = faultIndexSrc(ctx, faults);
  const [physLines, phys] = em.capture(() => compileExpr(t.physical, env, em));
  return { lines: em.lines, fault, physLines, phys: phys.src };
}

/**
 * The body of `(R, S, m) => physical address of the PC's first cell, or -(the fetch trap's
 * index + 1) on a fetch fault`.
 */
export function fetchSource(ctx: CompileContext): string {
  const t = fetchTranslation(ctx);
  return [`const pc0 = R[${ctx.layout.pc.slot}];`, ...t.lines, `const f = ${t.fault};`, 'if (f !== 0) return -f;', ...t.physLines, `return (${t.phys}) >>> 0;`].join('\n');
}

/** The body of `(R) => index of the trap kind of the first interrupt whose condition holds, or -1`. */
export function interruptSource(ctx: CompileContext): string {
  const lines: string[] = [];
  for (const irq of ctx.isa.traps.interrupts ?? []) {
    const em = new Emitter();
    const when = compileExpr(irq.when, stateEnv(ctx), em);
    lines.push('{', ...em.lines.map((l) => '  ' + l), `  if (${when.src} !== 0) return ${ctx.layout.traps.get(irq.trap)!.index};`, '}');
  }
  return [...lines, 'return -1;'].join('\n');
}

/** The body of the run loop `(m, limit) => steps run`. */
export function runLoopSource(ctx: CompileContext): string {
  const { layout } = ctx;
  const t = fetchTranslation(ctx);
  const trapValue = ctx.pcTrapValueSrc('pc0');
  const memo = ctx.fetchMemo;
  /** The entry in `x` passed its fetch checks with this PC and these map registers. */
  const memoOk = (x: string) => [`${x}.vp === pc0`, ...(memo ?? []).map((slot, i) => `${x}.ms[${i}] === R[${slot}]`)].join(' && ');
  return `
const R = m.R, S = m.S, cache = m.cache, bp = cache.bp${memo ? ', vt = cache.vt' : ''};${layout.bigSlots.size > 0 ? '\nconst RB = new BigUint64Array(R.buffer, R.byteOffset, R.length);' : ''}
let n = 0, single = false;
try {
while (n < limit) {${
    ctx.interrupt
      ? `
  if (m.ic !== 0) {
    m.ic = 0;
    const k = m.ctx.interrupt(R);
    if (k >= 0) {
      m.tk = k; m.tv = ${isBig(ctx.isa.traps.valueWidth) ? '0n' : '0'}; n++;
      if (m.trap(n)) break;
      continue;
    }
  }`
      : ''
  }
  const pc0 = R[${layout.pc.slot}];${ctx.mapReadsStorage ? '\n  m.ml = 0;' : ''}${memo ? `
  // A block run before at this PC with these map registers: no translation, no fetch checks.
  const h = pc0 & ${VT_MASK};
  let e = vt[h], p = 0, v = 0, sub = false;
  if (e !== undefined && ${memoOk('e')}) { p = e.p; v = 1; }
  else {` : ''}
  ${t.lines.join('\n  ')}
  const f = ${t.fault};
  if (f !== 0) {
    m.tk = f - 1; m.tv = ${trapValue}; n++;
    if (m.trap(n)) break;
    continue;
  }
  ${t.physLines.join('\n  ')}
  ${memo ? '' : 'const '}p = ${t.phys};
  if (p < 0 || p >= ${ctx.storageCells}) { m.tk = -1; m.tv = p; m.trap(n + 1); }
  const pg = bp[p >>> ${PAGE_BITS}];
  ${memo ? '' : 'let '}e = pg === undefined ? undefined : pg[p & ${PAGE_MASK}];
  if (e === undefined) e = cache.enter(p, pc0);${memo ? `
  if (${memoOk('e')}) { v = 1; vt[h] = e; }
  }` : ''}
  if (single || e.n > limit - n) { e = cache.single(p); single = false;${memo ? ` sub = true; v = ${memoOk('e')} ? 1 : 0;` : ''} }
  // The budget is capped so that (done << 2) stays an int32.${memo ? `
  let g = 0;
  if (v === 0) { m.ff = 0; g = cache.gen; }
  // Set for this call only: no other caller of compiled code (step(), a monitor) may see it.
  m.fv = v;${memo && memo.length > 0 ? `
  // The map registers the fetch was translated and checked with: the block may change them.
  const ${memo.map((slot, i) => `k${i} = R[${slot}]`).join(', ')};` : ''}
  const r = e.f(R, S, p, m, limit - n < 0x10000000 ? limit - n : 0x10000000);
  m.fv = 0;
  if (v === 0 && (r & 3) !== 3 && m.ff === 0 && cache.gen === g${ctx.mapped.length > 0 ? ' && !e.vol' : ''}) {
    // The fetch checks passed (a trap or halt may have come later; m.ff marks a fetch fault),
    // and the entry was not dropped (its own store may have rewritten it): remember the state.
    e.vp = pc0;
    const s = e.ms.length === ${memo.length} ? e.ms : (e.ms = new Float64Array(${memo.length}));
    ${memo.map((_, i) => `s[${i}] = k${i};`).join(' ')}
    if (!sub) vt[h] = e;
  }` : `
  const r = e.f(R, S, p, m, limit - n < 0x10000000 ? limit - n : 0x10000000);`}
  // A cold entry whose runs ran out: the block there is compiled for the next time (after the
  // memo above, which promote() makes forget the entry).
  if (e.t !== 0 && --e.t === 0) cache.promote(p, pc0, e);
  n += r >> 2;
  const st = r & 3;
  if (st === 0) { if (m.stop) break; continue; }
  if (st === 1) { m.halted = true; break; }
  if (st === 2) {
    n++; // m.trap takes it back if the trap is a machine error
    if (m.trap(n)) break;
    continue;
  }
  // The block's cells are not all fetchable: a long block becomes a basic one, which may be;
  // then one instruction alone.
  if (e.long) cache.demote(p);
  else single = true;
}
} finally { m.steps = m.runBase + n;${memo ? ' m.fv = 0;' : ''} }
return n;`;
}
