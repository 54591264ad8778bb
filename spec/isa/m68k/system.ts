/**
 * The 68000's instructions that read or write the status register, the stack pointers or the
 * processor's state, and the instructions that take exceptions — all of them: PRM chapter 6
 * ("Supervisor (Privileged) Instructions": ANDI/EORI/ORI to SR, MOVE to and from SR, MOVE USP,
 * RESET, RTE, STOP) and, from chapter 4, MOVE to CCR, ANDI/EORI/ORI to CCR, TRAP, TRAPV, CHK and
 * ILLEGAL. The 68010's differences are in m68010.ts.
 *
 * Classes are declared as the literature has them: everything in PRM chapter 6 privileged,
 * except the 68000's MOVE from SR, which PRM 6 lists as a supervisor instruction only for the
 * 68010 and later ("MOVE from SR … 68000: not privileged"), and which Popek–Goldberg analyses
 * of the 68000 name as its sensitive, unprivileged instruction. The CCR instructions touch only
 * the user byte: innocuous.
 *
 * Operand shapes (ea.ts): MOVE to SR takes Dn, #imm and (An); MOVE from SR Dn, (An) and -(An);
 * MOVE to CCR Dn and #imm; the immediate forms are one encoding each.
 */
import { add, and, any, bit, eq, load, or, sgt, slt, xor } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { A, D, PC, SP, SR, USP, ccr, flag, writeSr, type M68kSemantics } from './machine.js';
import { registerPart, shapes, type Tag } from './ea.js';
import { entry, operandOf, picture } from './forms.js';

/** CCR := the low five bits of v (X N Z V C). */
export function writeCcr($: M68kSemantics, v: Bits<number>): void {
  for (const [name, i] of [['C', 0], ['V', 1], ['Z', 2], ['N', 3], ['X', 4]] as const) $.set(flag[name], bit(v, i));
}

// PRM 6: MOVE to SR, MOVE from SR ---------------------------------------------------------------------

const moveToSr = (src: Tag): InstructionDecl => {
  const s = operandOf(src, 's', 'W');
  return entry(`MOVE_${src}_SR`, {
    cite: 'PRM 6 MOVE to SR',
    class: 'privileged',
    picture: picture(`0100 0110 11 ${s.ea}`, s.ext),
    syntax: `move.w ${s.syntax}, sr`,
    operands: s.operands,
    doc: 'SR := the word operand; a change of S swaps the stack pointers.',
    semantics: (f, $) => {
      $.requireSupervisor();
      writeSr($, shapes[src].locate($, f, 's', 'W').read() as Bits<16>);
    },
  });
};

/** MOVE from SR: the 68000's form, in any mode (PRM 6 MOVE from SR: "68000: not privileged"). */
export const moveFromSr = (dst: Tag, privileged: boolean): InstructionDecl => {
  const d = operandOf(dst, 'd', 'W');
  return entry(`MOVE_SR_${dst}`, {
    cite: privileged ? 'PRM 6 MOVE from SR (68010 and later: privileged); MC68010 UM 1.1' : 'PRM 6 MOVE from SR (68000: not privileged)',
    class: privileged ? 'privileged' : 'sensitive',
    picture: picture(`0100 0000 11 ${d.ea}`, d.ext),
    syntax: `move.w sr, ${d.syntax}`,
    operands: d.operands,
    doc: privileged ? 'The whole SR, supervisor mode only.' : 'The whole SR — S, T and the interrupt mask with the CCR — in either mode.',
    semantics: (f, $) => {
      if (privileged) $.requireSupervisor();
      shapes[dst].locate($, f, 'd', 'W').write(SR);
    },
  });
};

/** MOVE to CCR (PRM 4): the low byte of the word operand. */
const moveToCcr = (src: Tag): InstructionDecl => {
  const s = operandOf(src, 's', 'W');
  return entry(`MOVE_${src}_CCR`, {
    cite: 'PRM 4 MOVE to CCR',
    picture: picture(`0100 0100 11 ${s.ea}`, s.ext),
    syntax: `move.w ${s.syntax}, ccr`,
    operands: s.operands,
    semantics: (f, $) => writeCcr($, shapes[src].locate($, f, 's', 'W').read()),
  });
};

// PRM 6 and 4: ANDI, EORI, ORI to SR and to CCR ---------------------------------------------------------

type Logic = 'ANDI' | 'EORI' | 'ORI';
const logicOpcode: Record<Logic, string> = { ORI: '0000 0000', ANDI: '0000 0010', EORI: '0000 1010' };
const logic = (op: Logic, a: Bits<number>, v: Bits<number>) => (op === 'ANDI' ? and(a, v) : op === 'ORI' ? or(a, v) : xor(a, v));

const toSr = (op: Logic): InstructionDecl =>
  entry(`${op}_SR`, {
    cite: `PRM 6 ${op} to SR`,
    class: 'privileged',
    picture: `${logicOpcode[op]} 0111 1100 imm:16`,
    syntax: `${op.toLowerCase()}.w #{imm}, sr`,
    operands: { imm: { kind: 'immediate', signed: false } },
    semantics: (f, $) => {
      $.requireSupervisor();
      writeSr($, logic(op, SR, f.imm!) as Bits<16>);
    },
  });

const toCcr = (op: Logic): InstructionDecl =>
  entry(`${op}_CCR`, {
    cite: `PRM 4 ${op} to CCR`,
    picture: `${logicOpcode[op]} 0011 1100 00000000 imm:8`,
    syntax: `${op.toLowerCase()}.b #{imm}, ccr`,
    operands: { imm: { kind: 'immediate', signed: false } },
    semantics: (f, $) => writeCcr($, logic(op, ccr(), f.imm!)),
  });

// PRM 6: MOVE USP, RTE, STOP, RESET ----------------------------------------------------------------------

const moveUsp: InstructionDecl[] = [
  entry('MOVE_An_USP', {
    cite: 'PRM 6 MOVE USP',
    class: 'privileged',
    picture: '0100 1110 0110 0 sa:3',
    syntax: 'move.l {sa}, usp',
    operands: { sa: { kind: 'register', file: 'A' } },
    doc: 'The user stack pointer := An. In supervisor mode the user stack pointer is the saved copy USP.',
    semantics: (f, $) => {
      $.requireSupervisor();
      $.set(USP, A(f.sa as Bits<3>));
    },
  }),
  entry('MOVE_USP_An', {
    cite: 'PRM 6 MOVE USP',
    class: 'privileged',
    picture: '0100 1110 0110 1 da:3',
    syntax: 'move.l usp, {da}',
    operands: { da: { kind: 'register', file: 'A' } },
    semantics: (f, $) => {
      $.requireSupervisor();
      $.set(A(f.da as Bits<3>), USP);
    },
  }),
];

/** The 68000's RTE (PRM 6 RTE): SR and PC from the three-word frame; S changes swap the stacks. */
export const rte000 = entry('RTE', {
  cite: 'PRM 6 RTE; UM 6.2 (the 68000 frame: SR, PC)',
  class: 'privileged',
  picture: '0100 1110 0111 0011',
  syntax: 'rte',
  semantics: (_, $) => {
    $.requireSupervisor();
    const sr = $.let('sr', load(SP, 16));
    const pc = $.let('pc', load(add(SP, 2), 32));
    $.set(SP, add(SP, 6));
    writeSr($, sr);
    $.set(PC, pc);
  },
});

const processor: InstructionDecl[] = [
  ...moveUsp,
  entry('STOP', {
    cite: 'PRM 6 STOP',
    class: 'privileged',
    picture: '0100 1110 0111 0010 imm:16',
    syntax: 'stop #{imm}',
    operands: { imm: { kind: 'immediate', signed: false } },
    doc: 'SR := the immediate, then the processor stops until an interrupt or reset: with no interrupt source modelled, the machine halts.',
    semantics: (f, $) => {
      $.requireSupervisor();
      writeSr($, f.imm as Bits<16>);
      $.halt();
    },
  }),
  entry('RESET', {
    cite: 'PRM 6 RESET',
    class: 'privileged',
    picture: '0100 1110 0111 0000',
    syntax: 'reset',
    doc: 'Asserts the RESET line to external devices; the processor state is unchanged (no device here responds).',
    semantics: (_, $) => $.requireSupervisor(),
  }),
];

// PRM 4: TRAP, TRAPV, CHK, ILLEGAL -------------------------------------------------------------------------

/** Takes trap `trap<n>` for the 4-bit vector field, one test per bit (a balanced tree of 16 leaves). */
function trapByVector($: M68kSemantics, v: Bits<number>, next: Bits<32>, hi = 3, base = 0): void {
  if (hi < 0) return $.trap(`trap${base}`, next);
  $.if(
    eq(bit(v, hi), 1),
    () => trapByVector($, v, next, hi - 1, base + (1 << hi)),
    () => trapByVector($, v, next, hi - 1, base),
  );
}

const chk = (src: Tag): InstructionDecl => {
  const s = operandOf(src, 's', 'W');
  const bytes = 2 + (src === 'Imm' ? 2 : 0);
  return entry(`CHK.W_${src}`, {
    cite: 'PRM 4 CHK',
    picture: picture(`0100 dn:3 110 ${s.ea}`, s.ext),
    syntax: `chk.w ${s.syntax}, {dn}`,
    operands: { ...s.operands, dn: { kind: 'register', file: 'D' } },
    doc: 'The CHK exception when the low word of Dn is below 0 or above the bound (signed). The condition codes it leaves are undefined but N: traps are precise here, so they are unchanged.',
    semantics: (f, $) => {
      const bound = $.let('bound', shapes[src].locate($, f, 's', 'W').read() as Bits<16>);
      const v = $.let('v', registerPart($, D(f.dn as Bits<3>), 'W').read() as Bits<16>);
      $.trapIf(any(slt(v, 0), sgt(v, bound)), 'chk', add(PC, bytes));
    },
  });
};

const exceptions: InstructionDecl[] = [
  entry('TRAP', {
    cite: 'PRM 4 TRAP',
    picture: '0100 1110 0100 vector:4',
    syntax: 'trap #{vector}',
    operands: { vector: { kind: 'immediate', signed: false } },
    doc: 'The exception through vector 32 + n; the stacked PC is the next instruction.',
    semantics: (f, $) => trapByVector($, f.vector!, add(PC, 2)),
  }),
  entry('TRAPV', {
    cite: 'PRM 4 TRAPV',
    picture: '0100 1110 0111 0110',
    syntax: 'trapv',
    semantics: (_, $) => $.trapIf(eq(flag.V, 1), 'trapv', add(PC, 2)),
  }),
  chk('Dn'),
  chk('Imm'),
  entry('ILLEGAL', {
    cite: 'PRM 4 ILLEGAL',
    picture: '0100 1010 1111 1100',
    syntax: 'illegal',
    semantics: (_, $) => $.trap('illegal', c(32, 0)),
  }),
];

/** The 68000's system and CCR instructions, with MOVE from SR as the 68000 has it. */
export const systemInstructions: InstructionDecl[] = [
  ...(['Dn', 'Imm', 'Ind'] as const).map(moveToSr),
  ...(['Dn', 'Ind', 'Pre'] as const).map((t) => moveFromSr(t, false)),
  ...(['Dn', 'Imm'] as const).map(moveToCcr),
  ...(['ANDI', 'EORI', 'ORI'] as const).map(toSr),
  ...(['ANDI', 'EORI', 'ORI'] as const).map(toCcr),
  rte000,
  ...processor,
  ...exceptions,
];

