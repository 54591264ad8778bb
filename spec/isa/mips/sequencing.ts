/**
 * The vocabulary every mips entry shares: the branch delay slot (K&H "Branch delay"), the CP0
 * usability gate (K&H "Status register", CU0), and the register accessors.
 *
 * Every instruction ends in exactly one of `next` (PC := nPC, nPC := nPC + 4) or `branch`
 * (PC := nPC, nPC := the target if taken, else nPC + 4, and the next instruction is in a delay
 * slot). An exception discards both (traps are precise), and the trap sequence reads `inDelay`
 * to set Cause.BD and EPC. A branch in a delay slot (undefined in MIPS I) does what these
 * statements say: the first branch's target runs for one instruction, then the second's.
 */
import { add, any, eq, ite, ne } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { USER, type MipsBuilder } from './machine.js';

export type MipsSemantics = Parameters<Parameters<MipsBuilder['insn']>[1]['semantics']>[1];

export function vocabulary(b: MipsBuilder) {
  const PC = b.reg('PC') as unknown as Bits<32>;
  const nPC = b.reg('nPC') as unknown as Bits<32>;
  const r = b.file('r');
  const reg32 = (name: string) => b.reg(name as never) as unknown as Bits<32>;
  const set = ($: MipsSemantics, name: string, v: Bits<number> | number) => $.set(b.reg(name as never), v as never);

  /** The sequential case: the instruction at nPC runs next. */
  function next($: MipsSemantics): void {
    set($, 'PC', nPC);
    set($, 'nPC', add(nPC, 4));
    set($, 'inDelay', 0);
  }

  /** A branch or jump: its delay slot (at nPC) runs next, then `target` if `taken` (always, when absent). */
  function branch($: MipsSemantics, target: Bits<32>, taken?: Bool): void {
    const t = $.let('target', target);
    set($, 'PC', nPC);
    set($, 'nPC', taken ? ite(taken, t, add(nPC, 4)) : t);
    set($, 'inDelay', 1);
  }

  /** Coprocessor 0 is usable in kernel mode, and in user mode while Status.CU0 is set (K&H "Status register"). */
  function requireCp0($: MipsSemantics): void {
    const usable = any(ne(b.reg('Status.KUc'), USER), eq(b.reg('Status.CU0'), 1));
    $.if(eq(usable, 0), () => $.trap('cpu0', c(32, 0)));
  }

  return { PC, nPC, r, reg32, set, next, branch, requireCp0 };
}
