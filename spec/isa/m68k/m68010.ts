/**
 * m68010: the MC68010 as the MC68000 plus its documented differences (MC68010 UM 1.1 and
 * appendix, PRM 6 and the processor notes of each entry). Nothing is copied: the 68000's
 * entries are kept, and only these change.
 *
 *   state        VBR, SFC and DFC (machine.ts: `m68010Builder`)
 *   exceptions   the four-word frame with the format/vector-offset word; vectors at VBR + 4n
 *   MOVE from SR privileged ("so that the MC68010 can support virtual machines": UM 1.1)
 *   MOVE from CCR  new, unprivileged: the CCR alone, for the user programs that used MOVE from SR
 *   RTE          reads the frame's format: format 0 returns, any other takes the format error
 *                (format 8, the bus-error frame, would restore the processor's internal state:
 *                the model never writes one, so it counts as unknown)
 *   MOVEC        VBR, SFC, DFC and USP to and from a general register, privileged
 *   MOVES        an access in the address space the function codes name, privileged. The model
 *                has one address space (no external decoding of the function codes), so MOVES
 *                reaches the same storage as an ordinary access
 *   RTD          return and deallocate, unprivileged
 * Not modelled: BKPT (a bus cycle for external debug hardware, then the illegal-instruction
 * exception) and the loop mode (timing only).
 */
import { add, extract, load, ne, sext, zext } from '../../builder/ops.js';
import type { Bits } from '../../builder/bits.js';
import { extendIsa } from '../../compose.js';
import type { InstructionDecl, Operand } from '../../description.js';
import { A, D, PC, SP, USP, b, ccr, m68010Builder, writeSr, type M68kSemantics } from './machine.js';
import { registerPart, shapes, widthOf, type Fields, type Size, type Tag } from './ea.js';
import { entry, operandOf, picture, sizeBits } from './forms.js';
import { moveFromSr } from './system.js';
import { m68000 } from './m68000.js';

/**
 * MOVEC and MOVES name a general register by a 4-bit field, A/D then the number. The A/D bit is
 * fixed in each entry (one entry for a data register, one for an address register) so that the
 * assembler reads `d0` or `a0` as a register operand of its file.
 */
const files = {
  D: { ad: '0', field: 'rd', operand: { kind: 'register', file: 'D' } as Operand, reg: (f: Fields) => D(f.rd as Bits<3>) },
  A: { ad: '1', field: 'ra', operand: { kind: 'register', file: 'A' } as Operand, reg: (f: Fields) => A(f.ra as Bits<3>) },
} as const;
type File = keyof typeof files;

/** MOVE from CCR (UM 1.1; PRM 4): the CCR zero-extended to a word. */
const moveFromCcr = (dst: Tag): InstructionDecl => {
  const d = operandOf(dst, 'd', 'W');
  return entry(`MOVE_CCR_${dst}`, {
    cite: 'PRM 4 MOVE from CCR (68010 and later)',
    picture: picture(`0100 0010 11 ${d.ea}`, d.ext),
    syntax: `move.w ccr, ${d.syntax}`,
    operands: d.operands,
    semantics: (f, $) => shapes[dst].locate($, f, 'd', 'W').write(zext(ccr(), 16)),
  });
};

/** The 68010's RTE (PRM 6 RTE; UM 6.3.10): the format word decides how much frame there is. */
const rte010 = entry('RTE', {
  cite: 'PRM 6 RTE; MC68010 UM 6.3.10 (stack frame formats)',
  class: 'privileged',
  picture: '0100 1110 0111 0011',
  syntax: 'rte',
  semantics: (_, $) => {
    $.requireSupervisor();
    const format = $.let('format', extract(load(add(SP, 6), 16), 15, 12));
    $.trapIf(ne(format, 0), 'formatError');
    const sr = $.let('sr', load(SP, 16));
    const pc = $.let('pc', load(add(SP, 2), 32));
    $.set(SP, add(SP, 8));
    writeSr($, sr);
    $.set(PC, pc);
  },
});

/** The control registers MOVEC names (UM 1.3; PRM 6 MOVEC, the 68010's four). */
const controlRegisters = {
  SFC: { code: '000000000000', read: () => zext(b.reg('SFC'), 32), write: ($: M68kSemantics, v: Bits<32>) => $.set(b.reg('SFC'), extract(v, 2, 0)) },
  DFC: { code: '000000000001', read: () => zext(b.reg('DFC'), 32), write: ($: M68kSemantics, v: Bits<32>) => $.set(b.reg('DFC'), extract(v, 2, 0)) },
  USP: { code: '100000000000', read: () => USP as Bits<32>, write: ($: M68kSemantics, v: Bits<32>) => $.set(USP, v) },
  VBR: { code: '100000000001', read: () => b.reg('VBR') as Bits<32>, write: ($: M68kSemantics, v: Bits<32>) => $.set(b.reg('VBR'), v) },
} as const;

const movec: InstructionDecl[] = Object.entries(controlRegisters).flatMap(([name, cr]) =>
  (['D', 'A'] as const).flatMap((file) => {
    const g = files[file];
    return [
      entry(`MOVEC_${name}_${file}n`, {
        cite: 'PRM 6 MOVEC',
        class: 'privileged',
        picture: `0100 1110 0111 1010 ${g.ad} ${g.field}:3 ${cr.code}`,
        syntax: `movec ${name.toLowerCase()}, {${g.field}}`,
        operands: { [g.field]: g.operand },
        semantics: (f, $) => {
          $.requireSupervisor();
          $.set(g.reg(f), cr.read());
        },
      }),
      entry(`MOVEC_${file}n_${name}`, {
        cite: 'PRM 6 MOVEC',
        class: 'privileged',
        picture: `0100 1110 0111 1011 ${g.ad} ${g.field}:3 ${cr.code}`,
        syntax: `movec {${g.field}}, ${name.toLowerCase()}`,
        operands: { [g.field]: g.operand },
        semantics: (f, $) => {
          $.requireSupervisor();
          cr.write($, g.reg(f));
        },
      }),
    ];
  }),
);

/** MOVES.size (An) to or from a general register (PRM 6 MOVES). */
const movesOf = (size: Size, file: File, toMemory: boolean): InstructionDecl => {
  const m = operandOf('Ind', 'd', size);
  const g = files[file];
  const w = widthOf[size];
  return entry(`MOVES.${size}_${toMemory ? `${file}n_Ind` : `Ind_${file}n`}`, {
    cite: 'PRM 6 MOVES',
    class: 'privileged',
    picture: picture(`0000 1110 ${sizeBits[size]} ${m.ea}`, `${g.ad} ${g.field}:3 ${toMemory ? 1 : 0} 00000000000`),
    syntax: toMemory ? `moves.${size.toLowerCase()} {${g.field}}, ${m.syntax}` : `moves.${size.toLowerCase()} ${m.syntax}, {${g.field}}`,
    operands: { ...m.operands, [g.field]: g.operand },
    doc: `${toMemory ? 'Writes through DFC' : 'Reads through SFC'}: one address space here, so the function code changes nothing.`,
    semantics: (f, $) => {
      $.requireSupervisor();
      const place = shapes.Ind.locate($, f, 'd', size);
      if (toMemory) place.write(w === 32 ? g.reg(f) : extract(g.reg(f), w - 1, 0));
      // To An the operand is sign-extended; to Dn only its low part changes (PRM 6 MOVES).
      else if (file === 'A') $.set(g.reg(f), sext(place.read(), 32));
      else registerPart($, g.reg(f), size).write(place.read());
    },
  });
};

const rtd = entry('RTD', {
  cite: 'PRM 4 RTD (68010 and later)',
  picture: '0100 1110 0111 0100 disp:16',
  syntax: 'rtd #{disp}',
  operands: { disp: { kind: 'immediate', signed: true } },
  doc: 'PC := (SP); SP := SP + 4 + d.',
  semantics: (f, $) => {
    const to = $.let('to', load(SP, 32));
    $.set(SP, add(add(SP, 4), sext(f.disp!, 32)));
    $.set(PC, to);
  },
});

const fromSrShapes = ['Dn', 'Ind', 'Pre'] as const;

export const m68010 = extendIsa(
  { ...m68000, state: m68010Builder.state, traps: m68010Builder.traps },
  {
    name: 'm68010',
    summary: 'Motorola MC68010: the 68000 with MOVE from SR privileged, MOVE from CCR, VBR, MOVEC, MOVES, RTD and the format word',
    manual: 'M68000 Family Programmer’s Reference Manual (M68000PM/AD rev. 1, 1992); MC68010/MC68012 16-/32-Bit Virtual Memory Microprocessors (MC68010UM); M68000UM/AD rev. 8',
    replace: [...fromSrShapes.map((t) => moveFromSr(t, true)), rte010],
    add: [...fromSrShapes.map(moveFromCcr), ...movec, ...(['B', 'L'] as const).flatMap((s) => (['D', 'A'] as const).flatMap((g) => [movesOf(s, g, false), movesOf(s, g, true)])), rtd],
  },
);


