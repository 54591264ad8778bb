/**
 * The SYSTEM instructions other than the CSR accesses: ECALL and EBREAK (unpriv. 2.8), the
 * trap returns MRET and SRET (priv. 3.3.2), WFI (priv. 3.3.3) and SFENCE.VMA (priv. 4.2.1).
 */
import { all, and, bit, eq, extract, ite, lshr, ne, or, shl, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { M, MSTATUS, S, U, rv32Builder as b } from './machine.js';
import type { RvSemantics } from './semantics.js';

const mode = b.reg('mode');
const mstatus = b.reg('mstatus');
const pc = b.reg('pc');

const isSet = (field: number): Bool => ne(and(mstatus, field), 0);
/** Bit `from` of mstatus moved to bit `to`. */
const move = (from: number, to: number): Bits<32> => shl(and(lshr(mstatus, from), 1), to);

/** The privileged-instruction trap unless the hart is at least at `level` (and `withheld` is false). */
function require($: RvSemantics, level: number, withheld?: Bool): void {
  $.trapIf(level === M ? ne(mode, M) : eq(mode, U), 'privileged');
  if (withheld) $.trapIf(all(eq(mode, S), withheld), 'privileged');
}

export const privilegedInstructions = [
  b.insn('ECALL', {
    cite: 'unpriv. 2.8 Environment Call and Breakpoints; priv. 3.1.15 (causes 8, 9, 11)',
    class: 'innocuous',
    encoding: '000000000000 00000 000 00000 1110011',
    syntax: 'ecall',
    doc: 'Environment call: the cause says which mode made it; mepc/sepc point at the ECALL.',
    semantics: (_, $) => $.if(eq(mode, U), () => $.trap('ecallU'), () => $.if(eq(mode, S), () => $.trap('ecallS'), () => $.trap('ecallM'))),
  }),
  b.insn('EBREAK', {
    cite: 'unpriv. 2.8 Environment Call and Breakpoints; priv. 3.1.16 (mtval 0)',
    class: 'innocuous',
    encoding: '000000000001 00000 000 00000 1110011',
    syntax: 'ebreak',
    semantics: (_, $) => $.trap('breakpoint', c(32, 0)),
  }),
  b.insn('MRET', {
    cite: 'priv. 3.3.2 Trap-Return Instructions; 3.1.6.1 (the interrupt-enable stack); 3.1.6.3 (MPRV)',
    class: 'privileged',
    encoding: '0011000 00010 00000 000 00000 1110011',
    syntax: 'mret',
    doc: 'mode = MPP, MIE = MPIE, MPIE = 1, MPP = U, MPRV = 0 unless returning to M; pc = mepc.',
    semantics: (_, $) => {
      require($, M);
      const mpp = $.let('mpp', extract(mstatus, 12, 11));
      const popped = or(and(mstatus, ~(MSTATUS.MIE | MSTATUS.MPIE | MSTATUS.MPP)), or(move(7, 3), c(32, MSTATUS.MPIE)));
      const status = $.let('status', ite(ne(mpp, M), and(popped, ~MSTATUS.MPRV), popped));
      $.set(mstatus, status);
      $.set(mode, mpp);
      $.set(pc, b.reg('mepc'));
    },
  }),
  b.insn('SRET', {
    cite: 'priv. 3.3.2 Trap-Return Instructions; 3.1.6.5 (TSR)',
    class: 'privileged',
    encoding: '0001000 00010 00000 000 00000 1110011',
    syntax: 'sret',
    doc: 'mode = SPP, SIE = SPIE, SPIE = 1, SPP = U, MPRV = 0; pc = sepc. Illegal in U, and in S when TSR = 1.',
    semantics: (_, $) => {
      require($, S, isSet(MSTATUS.TSR));
      const spp = $.let('spp', zext(bit(mstatus, 8), 2));
      const status = or(and(mstatus, ~(MSTATUS.SIE | MSTATUS.SPIE | MSTATUS.SPP | MSTATUS.MPRV)), or(move(5, 1), c(32, MSTATUS.SPIE)));
      $.set(mstatus, status);
      $.set(mode, spp);
      $.set(pc, b.reg('sepc'));
    },
  }),
  b.insn('WFI', {
    cite: 'priv. 3.3.3 Wait for Interrupt; 3.1.6.5 (TW)',
    class: 'privileged',
    encoding: '0001000 00101 00000 000 00000 1110011',
    syntax: 'wfi',
    doc: 'A hint that completes at once (allowed by 3.3.3). Illegal in U, and in S when TW = 1.',
    semantics: (_, $) => require($, S, isSet(MSTATUS.TW)),
  }),
  b.insn('SFENCE.VMA', {
    cite: 'priv. 4.2.1 Supervisor Memory-Management Fence Instruction; 3.1.6.5 (TVM)',
    class: 'privileged',
    encoding: '0001001 rs2:5 rs1:5 000 00000 1110011',
    syntax: 'sfence.vma {rs1}, {rs2}',
    doc: 'No address translation is cached (every access walks the page tables, sv32.ts): an ordering no-op. Illegal in U, and in S when TVM = 1.',
    semantics: (_, $) => require($, S, isSet(MSTATUS.TVM)),
  }),
];

export { require as requireLevel };
