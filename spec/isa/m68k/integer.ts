/**
 * The ordinary (user-mode) instructions of the 68000 and 68010 a small kernel and its programs
 * need, from PRM chapter 4 ("Integer Instructions"): data movement, arithmetic and logic,
 * compares and tests, branches, jumps, subroutine calls and stack frames. None reads or writes
 * system state. Each is one entry per operand shape (ea.ts): `ADD.L_Imm_Dn` is `ADD.L #imm,Dn`.
 *
 * Formats (PRM 2.1 and chapter 8), most significant bit first; `<ea>` is mode:3 reg:3:
 *   MOVE     00 size:2 dst-reg:3 dst-mode:3 <src ea>       [src ext] [dst ext]
 *   MOVEA    00 size:2 an:3 001 <src ea>                    [src ext]
 *   MOVEQ    0111 dn:3 0 data:8
 *   ADD/SUB/AND/OR/CMP/EOR   op:4 dn:3 opmode:3 <ea>       [ext]
 *   ADDQ/SUBQ                0101 data:3 dir:1 size:2 <ea>
 *   Bcc/BRA/BSR              0110 cond:4 00000000 | disp:16 (the 16-bit form only)
 *   DBF                      0101 0001 11001 dn:3 | disp:16
 *   LEA, PEA, JMP, JSR, CLR, TST, LINK, UNLK, RTS, RTR, NOP   0100 … (PRM 8.2)
 *
 * Branches use the 16-bit displacement only: the 8-bit form (disp8 ≠ 0 in the operation word)
 * would need a field-value exclusion, which the description language does not have. A
 * displacement counts from the extension word's address (PC + 2), as the 68000 does.
 * ADDQ and SUBQ write 8 as 0 (`addq.l #0, d1` adds 8), as the encoding does.
 */
import { add, and, eq, extract, ite, load, ne, or, sext, sub, xor, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { InstructionDecl, Operand } from '../../description.js';
import { A, D, PC, SP, flag, type M68kSemantics } from './machine.js';
import { controlAddress, registerPart, shapes, widthOf, type Size, type Tag } from './ea.js';
import { addFlags, conditions, entry, logicFlags, moveSizeBits, operandOf, picture, registerThenMode, sizeBits, subFlags } from './forms.js';

const dataReg: Operand = { kind: 'register', file: 'D' };
const addrReg: Operand = { kind: 'register', file: 'A' };
const branchTarget: Operand = { kind: 'target', relative: true, signed: true, from: 2 };
const lower = (s: Size) => s.toLowerCase();

// PRM 4: MOVE, MOVEA, MOVEQ -------------------------------------------------------------------

/** MOVE <src>,<dst> (PRM 4, MOVE): N, Z from the data, V and C cleared. */
function move(size: Size, src: Tag, dst: Tag): InstructionDecl {
  const s = operandOf(src, 's', size);
  const d = operandOf(dst, 'd', size);
  return entry(`MOVE.${size}_${src}_${dst}`, {
    cite: 'PRM 4 MOVE',
    picture: picture(`00 ${moveSizeBits[size]} ${registerThenMode(d.ea)} ${s.ea}`, s.ext, d.ext),
    syntax: `move.${lower(size)} ${s.syntax}, ${d.syntax}`,
    operands: { ...s.operands, ...d.operands },
    semantics: (f, $) => {
      const v = $.let('v', shapes[src].locate($, f, 's', size).read());
      shapes[dst].locate($, f, 'd', size).write(v);
      logicFlags($, v);
    },
  });
}

/** MOVEA.L <src>,An (PRM 4, MOVEA): the whole register; no condition codes. */
function movea(src: Tag): InstructionDecl {
  const s = operandOf(src, 's', 'L');
  return entry(`MOVEA.L_${src}`, {
    cite: 'PRM 4 MOVEA',
    picture: picture(`00 10 an:3 001 ${s.ea}`, s.ext),
    syntax: `movea.l ${s.syntax}, {an}`,
    operands: { ...s.operands, an: addrReg },
    semantics: (f, $) => $.set(A(f.an as Bits<3>), shapes[src].locate($, f, 's', 'L').read() as Bits<32>),
  });
}

const moves: InstructionDecl[] = [
  ...(['Dn', 'Post', 'Imm'] as const).map((t) => move('B', t, 'Dn')),
  ...(['Ind', 'Post', 'AbsW'] as const).map((t) => move('B', 'Dn', t)),
  ...(['Dn', 'Ind', 'Imm'] as const).map((t) => move('W', t, 'Dn')),
  ...(['Ind', 'Pre', 'Disp'] as const).map((t) => move('W', 'Dn', t)),
  ...(['Dn', 'An', 'Ind', 'Post', 'Disp', 'AbsL', 'Imm'] as const).map((t) => move('L', t, 'Dn')),
  ...(['Ind', 'Post', 'Pre', 'Disp', 'AbsL'] as const).map((t) => move('L', 'Dn', t)),
  move('L', 'An', 'Pre'),
  move('L', 'Imm', 'Pre'),
  ...(['Dn', 'An', 'Post', 'Imm'] as const).map(movea),
  entry('MOVEQ', {
    cite: 'PRM 4 MOVEQ',
    picture: '0111 dn:3 0 data:8',
    syntax: 'moveq #{data}, {dn}',
    operands: { dn: dataReg, data: { kind: 'immediate', signed: true } },
    doc: 'The 8-bit data, sign-extended to 32 bits.',
    semantics: (f, $) => {
      const v = $.let('v', sext(f.data!, 32));
      $.set(D(f.dn as Bits<3>), v);
      logicFlags($, v);
    },
  }),
];

// PRM 4: ADD, SUB, CMP, AND, OR, EOR and their address forms -------------------------------------

type Alu = 'ADD' | 'SUB' | 'CMP' | 'AND' | 'OR' | 'EOR';
const aluOpcode: Record<Alu, string> = { ADD: '1101', SUB: '1001', CMP: '1011', AND: '1100', OR: '1000', EOR: '1011' };

/** What an operation does to (source, destination): the result, and its condition codes. */
function aluApply(op: Alu, $: M68kSemantics, s: Bits<number>, d: Bits<number>): Bits<number> | undefined {
  switch (op) {
    case 'ADD': {
      const r = $.let('r', add(d, s));
      addFlags($, s, d, r);
      return r;
    }
    case 'SUB':
    case 'CMP': {
      const r = $.let('r', sub(d, s));
      subFlags($, s, d, r, op === 'SUB');
      return op === 'SUB' ? r : undefined;
    }
    case 'AND':
    case 'OR':
    case 'EOR': {
      const r = $.let('r', op === 'AND' ? and(d, s) : op === 'OR' ? or(d, s) : xor(d, s));
      logicFlags($, r);
      return r;
    }
  }
}

/** `op.size <ea>,Dn` (opmode 0ss). */
function aluToDn(op: Alu, size: Size, src: Tag): InstructionDecl {
  const s = operandOf(src, 's', size);
  return entry(`${op}.${size}_${src}_Dn`, {
    cite: `PRM 4 ${op}`,
    picture: picture(`${aluOpcode[op]} dn:3 0${sizeBits[size]} ${s.ea}`, s.ext),
    syntax: `${op.toLowerCase()}.${lower(size)} ${s.syntax}, {dn}`,
    operands: { ...s.operands, dn: dataReg },
    semantics: (f, $) => {
      const v = $.let('src', shapes[src].locate($, f, 's', size).read());
      const dn = registerPart($, D(f.dn as Bits<3>), size);
      const r = aluApply(op, $, v, dn.read());
      if (r) dn.write(r);
    },
  });
}

/** `op.size Dn,<ea>` (opmode 1ss): a read-modify-write of the destination. */
function aluFromDn(op: Alu, size: Size, dst: Tag): InstructionDecl {
  const d = operandOf(dst, 'd', size);
  return entry(`${op}.${size}_Dn_${dst}`, {
    cite: `PRM 4 ${op}`,
    picture: picture(`${aluOpcode[op]} dn:3 1${sizeBits[size]} ${d.ea}`, d.ext),
    syntax: `${op.toLowerCase()}.${lower(size)} {dn}, ${d.syntax}`,
    operands: { ...d.operands, dn: dataReg },
    semantics: (f, $) => {
      const v = registerPart($, D(f.dn as Bits<3>), size).read();
      const place = shapes[dst].locate($, f, 'd', size);
      const r = aluApply(op, $, v, place.read());
      if (r) place.write(r);
    },
  });
}

/** ADDA, SUBA, CMPA .L <ea>,An (opmode 111): the whole register; ADDA and SUBA set no condition codes. */
function aluToAn(op: 'ADD' | 'SUB' | 'CMP', src: Tag): InstructionDecl {
  const s = operandOf(src, 's', 'L');
  return entry(`${op}A.L_${src}`, {
    cite: `PRM 4 ${op}A`,
    picture: picture(`${aluOpcode[op]} an:3 111 ${s.ea}`, s.ext),
    syntax: `${op.toLowerCase()}a.l ${s.syntax}, {an}`,
    operands: { ...s.operands, an: addrReg },
    semantics: (f, $) => {
      const an = A(f.an as Bits<3>);
      const v = $.let('src', shapes[src].locate($, f, 's', 'L').read() as Bits<32>);
      if (op === 'ADD') $.set(an, add(an, v));
      else if (op === 'SUB') $.set(an, sub(an, v));
      else subFlags($, v, an, $.let('r', sub(an, v)), false);
    },
  });
}

/** ADDQ and SUBQ .L #data,<Dn or An> (PRM 4 ADDQ, SUBQ): data 1-8, 8 written as 0; An takes no condition codes. */
function quick(op: 'ADD' | 'SUB', dst: 'Dn' | 'An'): InstructionDecl {
  const d = operandOf(dst, 'd', 'L');
  return entry(`${op}Q.L_${dst}`, {
    cite: `PRM 4 ${op}Q`,
    picture: `0101 q:3 ${op === 'ADD' ? 0 : 1}10 ${d.ea}`,
    syntax: `${op.toLowerCase()}q.l #{q}, ${d.syntax}`,
    operands: { ...d.operands, q: { kind: 'immediate', signed: false } },
    semantics: (f, $) => {
      const q = ite(eq(f.q!, 0), c(32, 8), zext(f.q!, 32));
      const place = shapes[dst].locate($, f, 'd', 'L');
      const old = $.let('old', place.read());
      const r = $.let('r', op === 'ADD' ? add(old, q) : sub(old, q));
      place.write(r);
      if (dst === 'Dn') {
        if (op === 'ADD') addFlags($, q, old, r);
        else subFlags($, q, old, r, true);
      }
    },
  });
}

const arithmetic: InstructionDecl[] = [
  aluToDn('ADD', 'L', 'Dn'),
  aluToDn('ADD', 'L', 'Imm'),
  aluFromDn('ADD', 'L', 'Ind'),
  aluToDn('ADD', 'W', 'Dn'),
  aluToAn('ADD', 'Dn'),
  aluToAn('ADD', 'Imm'),
  aluToDn('SUB', 'L', 'Dn'),
  aluToDn('SUB', 'L', 'Imm'),
  aluToDn('SUB', 'W', 'Dn'),
  aluToAn('SUB', 'Imm'),
  aluToDn('CMP', 'L', 'Dn'),
  aluToDn('CMP', 'L', 'Imm'),
  aluToDn('CMP', 'W', 'Dn'),
  aluToDn('CMP', 'W', 'Imm'),
  aluToDn('CMP', 'B', 'Dn'),
  aluToDn('CMP', 'B', 'Imm'),
  aluToAn('CMP', 'Dn'),
  aluToDn('AND', 'L', 'Dn'),
  aluToDn('AND', 'L', 'Imm'),
  aluToDn('AND', 'W', 'Imm'),
  aluToDn('OR', 'L', 'Dn'),
  aluToDn('OR', 'L', 'Imm'),
  aluToDn('OR', 'W', 'Imm'),
  aluFromDn('EOR', 'L', 'Dn'),
  aluFromDn('EOR', 'W', 'Dn'),
  quick('ADD', 'Dn'),
  quick('ADD', 'An'),
  quick('SUB', 'Dn'),
  quick('SUB', 'An'),
];

// PRM 4: CLR, TST -----------------------------------------------------------------------------------

const clr = (size: Size) =>
  entry(`CLR.${size}_Dn`, {
    cite: 'PRM 4 CLR',
    picture: `0100 0010 ${sizeBits[size]} 000 dd:3`,
    syntax: `clr.${lower(size)} {dd}`,
    operands: { dd: dataReg },
    semantics: (f, $) => {
      registerPart($, D(f.dd as Bits<3>), size).write(c(widthOf[size], 0));
      logicFlags($, c(widthOf[size], 0));
    },
  });

const tst = (size: Size) =>
  entry(`TST.${size}_Dn`, {
    cite: 'PRM 4 TST',
    picture: `0100 1010 ${sizeBits[size]} 000 dd:3`,
    syntax: `tst.${lower(size)} {dd}`,
    operands: { dd: dataReg },
    semantics: (f, $) => logicFlags($, registerPart($, D(f.dd as Bits<3>), size).read()),
  });

// PRM 4: Bcc, BRA, BSR, DBcc --------------------------------------------------------------------------

/** The branch target: the extension word's address plus the displacement. */
const target = (disp: Bits<number>) => add(add(PC, 2), sext(disp, 32));

const branches: InstructionDecl[] = [
  entry('BRA', {
    cite: 'PRM 4 BRA',
    picture: '0110 0000 00000000 rel:16',
    syntax: 'bra {rel}',
    operands: { rel: branchTarget },
    semantics: (f, $) => $.set(PC, target(f.rel!)),
  }),
  entry('BSR', {
    cite: 'PRM 4 BSR',
    picture: '0110 0001 00000000 rel:16',
    syntax: 'bsr {rel}',
    operands: { rel: branchTarget },
    doc: 'Pushes the address of the next instruction, then branches.',
    semantics: (f, $) => {
      const to = $.let('to', target(f.rel!));
      $.set(SP, sub(SP, 4));
      $.store(SP, add(PC, 4));
      $.set(PC, to);
    },
  }),
  ...Object.entries(conditions).map(([cc, { code, test }]) =>
    entry(`B${cc}`, {
      cite: 'PRM 4 Bcc; table 3-19',
      picture: `0110 ${code} 00000000 rel:16`,
      syntax: `b${cc.toLowerCase()} {rel}`,
      operands: { rel: branchTarget },
      semantics: (f, $) => $.if(test(), () => $.set(PC, target(f.rel!))),
    }),
  ),
  entry('DBF', {
    cite: 'PRM 4 DBcc (condition F)',
    picture: '0101 0001 11001 dd:3 rel:16',
    syntax: 'dbf {dd}, {rel}',
    operands: { dd: dataReg, rel: branchTarget },
    doc: 'Decrement and branch: the low word of Dn goes down by one; unless it reaches −1, branch.',
    semantics: (f, $) => {
      const dn = registerPart($, D(f.dd as Bits<3>), 'W');
      const n = $.let('n', sub(dn.read() as Bits<16>, 1));
      dn.write(n);
      $.if(ne(n, 0xffff), () => $.set(PC, target(f.rel!)));
    },
  }),
];

// PRM 4: LEA, PEA, JMP, JSR, RTS, RTR, LINK, UNLK, NOP -----------------------------------------------

const control = (mnemonic: 'LEA' | 'PEA' | 'JMP' | 'JSR', shape: 'Ind' | 'Disp' | 'AbsW' | 'AbsL'): InstructionDecl => {
  const s = operandOf(shape, 's', 'L');
  const bytes = 2 + (shape === 'Disp' || shape === 'AbsW' ? 2 : shape === 'AbsL' ? 4 : 0);
  const op = { LEA: '0100 an:3 111', PEA: '0100 1000 01', JMP: '0100 1110 11', JSR: '0100 1110 10' }[mnemonic];
  return entry(`${mnemonic}_${shape}`, {
    cite: `PRM 4 ${mnemonic}`,
    picture: picture(`${op} ${s.ea}`, s.ext),
    syntax: mnemonic === 'LEA' ? `lea ${s.syntax}, {an}` : `${mnemonic.toLowerCase()} ${s.syntax}`,
    operands: { ...s.operands, ...(mnemonic === 'LEA' ? { an: addrReg } : {}) },
    semantics: (f, $) => {
      const ea = $.let('ea', controlAddress(shape, f, 's'));
      if (mnemonic === 'LEA') $.set(A(f.an as Bits<3>), ea);
      if (mnemonic === 'PEA' || mnemonic === 'JSR') {
        $.set(SP, sub(SP, 4));
        $.store(SP, mnemonic === 'PEA' ? ea : add(PC, bytes));
      }
      if (mnemonic === 'JMP' || mnemonic === 'JSR') $.set(PC, ea);
    },
  });
};

const flow: InstructionDecl[] = [
  ...(['Disp', 'AbsW', 'AbsL'] as const).map((s) => control('LEA', s)),
  ...(['Disp', 'AbsL'] as const).map((s) => control('PEA', s)),
  ...(['Ind', 'AbsL'] as const).map((s) => control('JMP', s)),
  ...(['Ind', 'AbsL'] as const).map((s) => control('JSR', s)),
  entry('RTS', {
    cite: 'PRM 4 RTS',
    picture: '0100 1110 0111 0101',
    syntax: 'rts',
    semantics: (_, $) => {
      const to = $.let('to', load(SP, 32));
      $.set(SP, add(SP, 4));
      $.set(PC, to);
    },
  }),
  entry('RTR', {
    cite: 'PRM 4 RTR',
    picture: '0100 1110 0111 0111',
    syntax: 'rtr',
    doc: 'Pops the CCR (the low byte of a word), then the PC. Unprivileged: the CCR is user state.',
    semantics: (_, $) => {
      const word = $.let('ccr', load(SP, 16));
      const to = $.let('to', load(add(SP, 2), 32));
      $.set(SP, add(SP, 6));
      for (const [name, bit] of [['C', 0], ['V', 1], ['Z', 2], ['N', 3], ['X', 4]] as const) $.set(flag[name], extract(word, bit, bit));
      $.set(PC, to);
    },
  }),
  entry('LINK', {
    cite: 'PRM 4 LINK',
    picture: '0100 1110 0101 0 da:3 ddisp:16',
    syntax: 'link {da}, #{ddisp}',
    operands: { da: addrReg, ddisp: { kind: 'immediate', signed: true } },
    doc: 'SP − 4 → SP; An → (SP); SP → An; SP + d → SP.',
    semantics: (f, $) => {
      const an = A(f.da as Bits<3>);
      $.set(SP, sub(SP, 4));
      $.store(SP, an);
      $.set(an, SP);
      $.set(SP, add(SP, sext(f.ddisp!, 32)));
    },
  }),
  entry('UNLK', {
    cite: 'PRM 4 UNLK',
    picture: '0100 1110 0101 1 da:3',
    syntax: 'unlk {da}',
    operands: { da: addrReg },
    doc: 'An → SP; (SP) → An; SP + 4 → SP.',
    semantics: (f, $) => {
      const an = A(f.da as Bits<3>);
      $.set(SP, an);
      $.set(an, $.let('saved', load(SP, 32)));
      $.set(SP, add(SP, 4));
    },
  }),
  entry('NOP', { cite: 'PRM 4 NOP', picture: '0100 1110 0111 0001', syntax: 'nop', semantics: () => {} }),
];

export const integerInstructions: InstructionDecl[] = [...moves, ...arithmetic, ...(['B', 'W', 'L'] as const).map(clr), ...(['B', 'W', 'L'] as const).map(tst), ...branches, ...flow];
