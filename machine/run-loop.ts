/**
 * The run loop, generated per ISA: the first cell's fetch translation inline, a code-cache
 * lookup, a call of the compiled block, and the slow paths (traps, halt, budget) out of line.
 */
import type { CompileContext } from './context.js';
import { compileExpr, Emitter, type ExprEnv } from './compile-expr.js';
import { PAGE_BITS, PAGE_MASK } from './code-cache.js';

/** An environment of expressions over the registers in R (any variable: the JS value `varSrc`). */
export function stateEnv(ctx: CompileContext, varSrc = 'pc0'): ExprEnv {
  const { layout } = ctx;
  return {
    reg: (name) => {
      const r = layout.regs.get(name)!;
      return { src: `R[${r.slot}]`, width: r.width };
    },
    file: (name, index) => {
      const f = layout.files.get(name)!;
      return { src: `R[${f.base} + ${index.src}]`, width: f.width };
    },
    field: () => {
      throw new Error('the address map reads no fields');
    },
    var: () => ({ src: varSrc, width: ctx.isa.state.storage.addressBits }),
    trapInfo: () => {
      throw new Error('the address map reads no trap information');
    },
    load: () => {
      throw new Error('this emulator does not support an address map that reads storage');
    },
  };
}

/** The first cell's fetch translation, reading registers from R and the PC from `pc0`. */
function fetchTranslation(ctx: CompileContext) {
  const em = new Emitter();
  const env = stateEnv(ctx);
  const t = ctx.translation(1, 'fetch');
  const fault = compileExpr(t.fault, env, em);
  const phys = compileExpr(t.physical, env, em);
  return { lines: em.lines, fault: fault.src, phys: phys.src, trap: t.trap };
}

/** The body of `(R) => physical address of the PC's first cell, or -1 on a fetch fault`. */
export function fetchSource(ctx: CompileContext): string {
  const t = fetchTranslation(ctx);
  return [`const pc0 = R[${ctx.layout.pc.slot}];`, ...t.lines, `return ${t.fault} !== 0 ? -1 : (${t.phys}) >>> 0;`].join('\n');
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
  const mem = layout.traps.get(t.trap)!.index;
  const trapValue = ctx.isa.traps.valueWidth >= layout.pc.width ? 'pc0' : ctx.norm(ctx.isa.traps.valueWidth, 'pc0');
  return `
const R = m.R, S = m.S, cache = m.cache, bp = cache.bp;
let n = 0, single = false;
try {
while (n < limit) {${
    ctx.interrupt
      ? `
  if (m.ic !== 0) {
    m.ic = 0;
    const k = m.ctx.interrupt(R);
    if (k >= 0) {
      m.tk = k; m.tv = 0; n++;
      if (m.trap(n)) break;
      continue;
    }
  }`
      : ''
  }
  const pc0 = R[${layout.pc.slot}];
  ${t.lines.join('\n  ')}
  if (${t.fault} !== 0) {
    m.tk = ${mem}; m.tv = ${trapValue}; n++;
    if (m.trap(n)) break;
    continue;
  }
  const p = ${t.phys};
  if (p < 0 || p >= ${ctx.storageCells}) { m.tk = -1; m.tv = p; m.trap(n + 1); }
  const pg = bp[p >>> ${PAGE_BITS}];
  let e = pg === undefined ? undefined : pg[p & ${PAGE_MASK}];
  if (e === undefined) e = cache.block(p);
  if (single || e.n > limit - n) { e = cache.single(p); single = false; }
  // The budget is capped so that (done << 2) stays an int32.
  const r = e.f(R, S, p, m, limit - n < 0x10000000 ? limit - n : 0x10000000);
  n += r >> 2;
  const st = r & 3;
  if (st === 0) { if (m.stop) break; continue; }
  if (st === 1) { m.halted = true; break; }
  if (st === 2) {
    n++; // m.trap takes it back if the trap is a machine error
    if (m.trap(n)) break;
    continue;
  }
  single = true;
}
} finally { m.steps = m.runBase + n; }
return n;`;
}
