/**
 * The shape tier: one compiled handler per instruction (its encoding and semantics), shared by
 * every word of it, with the word's fields held at run time instead of folded in. A word met for
 * the first time then costs a closure over its field values, not code generation, `new Function`
 * and V8 warming up a function of its own (about 60 µs and many slow first runs per word); the
 * handlers are few (31 for rv32's hello.elf against 523 words) and soon hot. Blocks, compiled
 * per word with every field folded, stay the tier hot addresses are promoted to (code-cache.ts).
 *
 * The handler is the block compiler's code for the instruction alone (compile-block.ts), so it
 * traps, counts and commits exactly as a single instruction's per-word function does. What
 * differs is only what constant folding did: a file indexed by a field is read and written at a
 * run-time index (compile-insn.ts: a hard-wired element reads its value and ignores writes).
 *
 * Not every instruction qualifies (`eligible`); the others keep their per-word function. The
 * shape a block builder reads (ItemShape) must be the word's own: where no `if` condition and no
 * PC value reads a field, it is the handler's; else it is computed per word (code generated, not
 * compiled).
 */
import type { LValue, Block, Expr } from '../spec/ast.js';
import type { InstructionDecl } from '../spec/description.js';
import { stepSemantics } from '../spec/address-map.js';
import type { BlockFn, CompileContext } from './context.js';
import { BlockCompiler, type ItemShape } from './compile-block.js';
import { factsOf } from './facts.js';

/** Switch for tests and benchmarks (the per-word functions alone when false); set it and put it back. */
export const shapeTier = { enabled: true };

export interface ShapeHandler {
  /** The handler bound to one word's fields. */
  bind(fields: Record<string, number>): BlockFn;
  /** The shape of every word of the instruction, where it does not depend on the fields. */
  shape: ItemShape | undefined;
}

/** The handler of `insn` (`len` cells), or undefined where it does not qualify (`eligible`). */
export function shapeHandler(ctx: CompileContext, insn: InstructionDecl, len: number): ShapeHandler | undefined {
  const sem = stepSemantics(ctx.isa, insn);
  if (!eligible(ctx, insn, sem) || len * ctx.isa.state.storage.cellBits !== insn.encoding.bits) return undefined;
  const fields = insn.encoding.fields;
  const params = new Map(fields.map((f, i) => [f.name, `f${i}`]));
  const c = new BlockCompiler(ctx, 'block');
  const shape = c.add({ insn, fields: {}, words: new Array<number>(len).fill(0) }, 0, params);
  const name = `${ctx.isa.name}/shape/${insn.mnemonic}`.replace(/[^\w/.-]/g, '_');
  const src = `return function (R, S, p, m, lim) {\n${ctx.withRb(c.finishBlock())}\n};\n//# sourceURL=vmcheck:${name}`;
  let factory: (...f: number[]) => BlockFn;
  try {
    factory = new Function(...params.values(), src) as (...f: number[]) => BlockFn;
  } catch (e) {
    throw new Error(`machine: generated code does not parse (${(e as Error).message}) for the shape of ${insn.mnemonic}:\n${src}`);
  }
  // Canonical values (compile-expr.ts): a 32-bit field as an int32.
  const canonical = fields.map((f) => f.width === 32);
  return {
    bind: (values) => factory(...fields.map((f, i) => (canonical[i] ? values[f.name]! | 0 : values[f.name]!))),
    shape: shapeReadsNoField(sem, ctx.isa.state.pc, (t) => watched(ctx, t)) ? shape : undefined,
  };
}

/** Whether assigning `t` is state the block compiler's shape watches (writesMap, writesIrq). */
function watched(ctx: CompileContext, t: LValue): boolean {
  if (t.kind === 'file') return ctx.mapFiles.has(t.name) || ctx.irqFiles.has(t.name);
  const r = ctx.layout.regs.get(t.name);
  return r !== undefined && (ctx.mapSlots.has(r.slot) || ctx.irqSlots.has(r.slot));
}

/**
 * Whether the instruction can run with its fields at run time: no register wider than 52 bits
 * and no register mapped into storage (their code paths fold addresses and indices), fields of
 * at most 32 bits, and every file index a constant or a field that cannot run past the file.
 * A file written at a field's index is written once (the commit writes R directly), holds no
 * timing register, and is read neither by the address map nor by an interrupt condition (the
 * block compiler's shape and checks know written registers by slot).
 */
function eligible(ctx: CompileContext, insn: InstructionDecl, sem: Block): boolean {
  const { layout } = ctx;
  if (layout.bigSlots.size > 0 || ctx.mapped.length > 0) return false;
  if (insn.encoding.fields.some((f) => f.width > 32)) return false;
  if (factsOf(sem).dynamicAccess) return false;
  const widths = new Map(insn.encoding.fields.map((f) => [f.name, f.width]));
  let ok = true;
  /** Per file written: writes at a constant index, and at a field's. */
  const writes = new Map<string, { k: number; field: number }>();
  const indexOk = (file: string, index: Expr, write: boolean): void => {
    const f = layout.files.get(file);
    if (!f) {
      ok = false;
      return;
    }
    const w0 = writes.get(file) ?? { k: 0, field: 0 };
    if (write) writes.set(file, w0);
    if (index.kind === 'const') {
      if (write) w0.k++;
      return;
    }
    const w = index.kind === 'field' ? widths.get(index.name) : undefined;
    if (w === undefined || 2 ** w > f.count) {
      ok = false;
      return;
    }
    for (let i = 0; i < f.count; i++) if (ctx.timingSlots.has(f.base + i)) ok = false;
    if (write) {
      w0.field++;
      if (ctx.mapFiles.has(file) || ctx.irqFiles.has(file)) ok = false;
    }
  };
  const expr = (e: Expr): void => {
    switch (e.kind) {
      case 'const':
      case 'field':
      case 'var':
      case 'reg':
      case 'trapInfo':
        return;
      case 'file':
        indexOk(e.name, e.index, false);
        return expr(e.index);
      case 'load':
        return expr(e.addr);
      case 'unary':
      case 'extract':
      case 'extend':
        return expr(e.arg);
      case 'binary':
      case 'compare':
        expr(e.left);
        return expr(e.right);
      case 'concat':
        return e.parts.forEach(expr);
      case 'ite':
        expr(e.cond);
        expr(e.then);
        return expr(e.else);
      case 'let':
        expr(e.value);
        return expr(e.body);
      default:
        throw new Error(`shape tier: unknown expression ${JSON.stringify(e satisfies never)}`);
    }
  };
  const block = (b: Block): void => {
    for (const s of b)
      switch (s.kind) {
        case 'assign':
          if (s.target.kind === 'file') {
            indexOk(s.target.name, s.target.index, true);
            expr(s.target.index);
          }
          expr(s.value);
          break;
        case 'store':
          expr(s.addr);
          expr(s.value);
          break;
        case 'let':
          expr(s.value);
          break;
        case 'if':
          expr(s.cond);
          block(s.then);
          block(s.else);
          break;
        case 'trap':
          if (s.value) expr(s.value);
          break;
        case 'halt':
          break;
        default:
          throw new Error(`shape tier: unknown statement ${JSON.stringify(s satisfies never)}`);
      }
  };
  block(sem);
  // A file written at a field's index is written once, and at no other index.
  for (const w of writes.values()) if (w.field > 1 || (w.field === 1 && w.k > 0)) ok = false;
  return ok;
}

/**
 * Whether the shape of a word (compile-block.ts ItemShape) cannot depend on its fields. Fields
 * reach the shape only through what constant folding decides: a PC value known or not (a jump's
 * target, a branch's), and an `if` folded away, which matters only where a branch assigns the
 * PC or state the shape watches (`watched`: the address map's or an interrupt condition's).
 * So: no value assigned to the PC reads a field, and no `if` whose condition reads one assigns
 * the PC or watched state in its branches (directly or through a `let`, conservatively over
 * every binding of a name). A trap, a store or an ordinary assignment in a folded branch leaves
 * the shape as it is.
 */
export function shapeReadsNoField(sem: Block, pc: string, watched: (target: LValue) => boolean): boolean {
  const tainted = new Set<string>();
  const reads = (e: Expr): boolean => {
    switch (e.kind) {
      case 'field':
        return true;
      case 'var':
        return tainted.has(e.name);
      case 'const':
      case 'reg':
      case 'trapInfo':
        return false;
      case 'file':
        return reads(e.index);
      case 'load':
        return reads(e.addr);
      case 'unary':
      case 'extract':
      case 'extend':
        return reads(e.arg);
      case 'binary':
      case 'compare':
        return reads(e.left) || reads(e.right);
      case 'concat':
        return e.parts.some(reads);
      case 'ite':
        return reads(e.cond) || reads(e.then) || reads(e.else);
      case 'let': {
        if (reads(e.value)) tainted.add(e.name);
        return reads(e.body);
      }
      default:
        throw new Error(`shape tier: unknown expression ${JSON.stringify(e satisfies never)}`);
    }
  };
  const isPc = (t: LValue) => t.kind === 'reg' && t.name === pc;
  /** Whether `b` assigns the PC or watched state, anywhere in it. */
  const assignsShape = (b: Block): boolean =>
    b.some((s) => (s.kind === 'assign' && (isPc(s.target) || watched(s.target))) || (s.kind === 'if' && (assignsShape(s.then) || assignsShape(s.else))));
  const block = (b: Block): boolean => {
    for (const s of b)
      switch (s.kind) {
        case 'let':
          if (reads(s.value)) tainted.add(s.name);
          break;
        case 'if':
          if (reads(s.cond) && (assignsShape(s.then) || assignsShape(s.else))) return false;
          if (!block(s.then) || !block(s.else)) return false;
          break;
        case 'assign':
          // Evaluated for the lets inside it either way.
          if (reads(s.value) && isPc(s.target)) return false;
          if (s.target.kind === 'file') reads(s.target.index);
          break;
        case 'store':
          reads(s.addr);
          reads(s.value);
          break;
        case 'trap':
          if (s.value) reads(s.value);
          break;
        case 'halt':
          break;
        default:
          throw new Error(`shape tier: unknown statement ${JSON.stringify(s satisfies never)}`);
      }
    return true;
  };
  // Twice: the first pass finds every tainted name, whatever the order of its uses and bindings.
  block(sem);
  return block(sem);
}
