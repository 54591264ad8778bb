/**
 * Which instructions are "system" instructions, read off their semantics: they read or write
 * system state, halt, raise a privileged-instruction or supervisor-call trap, or their author
 * declared them other than innocuous. The generators weight these up, since a uniform choice
 * would rarely reach them.
 */
import { match } from 'ts-pattern';
import type { Block, Expr } from '../spec/ast.js';
import type { InstructionDecl, IsaDescription } from '../spec/description.js';

export function isSystemInstruction(isa: IsaDescription, insn: InstructionDecl): boolean {
  if (insn.class !== 'innocuous') return true;
  const systemRegs = new Set(isa.state.registers.filter((r) => r.kind === 'system').map((r) => r.name));
  const systemFiles = new Set(isa.state.files.filter((f) => f.kind === 'system').map((f) => f.name));
  const systemTraps = new Set(isa.traps.kinds.filter((k) => k.class === 'privileged-instruction' || k.class === 'supervisor-call').map((k) => k.name));
  const expr = (e: Expr): boolean =>
    match(e)
      .with({ kind: 'reg' }, (x) => systemRegs.has(x.name))
      .with({ kind: 'file' }, (x) => systemFiles.has(x.name) || expr(x.index))
      .with({ kind: 'const' }, { kind: 'field' }, { kind: 'var' }, { kind: 'trapInfo' }, () => false)
      .with({ kind: 'unary' }, { kind: 'extract' }, { kind: 'extend' }, (x) => expr(x.arg))
      .with({ kind: 'binary' }, { kind: 'compare' }, (x) => expr(x.left) || expr(x.right))
      .with({ kind: 'concat' }, (x) => x.parts.some(expr))
      .with({ kind: 'ite' }, (x) => expr(x.cond) || expr(x.then) || expr(x.else))
      .with({ kind: 'load' }, (x) => expr(x.addr))
      .with({ kind: 'let' }, (x) => expr(x.value) || expr(x.body))
      .exhaustive();
  const block = (b: Block): boolean =>
    b.some((s) =>
      match(s)
        .with({ kind: 'assign' }, (x) => (x.target.kind === 'reg' ? systemRegs.has(x.target.name) : systemFiles.has(x.target.name) || expr(x.target.index)) || expr(x.value))
        .with({ kind: 'store' }, (x) => expr(x.addr) || expr(x.value))
        .with({ kind: 'let' }, (x) => expr(x.value))
        .with({ kind: 'if' }, (x) => expr(x.cond) || block(x.then) || block(x.else))
        .with({ kind: 'trap' }, (x) => systemTraps.has(x.trap) || (x.value ? expr(x.value) : false))
        .with({ kind: 'halt' }, () => true)
        .exhaustive(),
    );
  return block(insn.semantics);
}

/** The mnemonics of the system instructions of `isa`. */
export function systemInstructions(isa: IsaDescription): Set<string> {
  return new Set(isa.instructions.filter((i) => isSystemInstruction(isa, i)).map((i) => i.mnemonic));
}
