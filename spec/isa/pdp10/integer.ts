/**
 * The ordinary instructions of the KA10 (SRM ch. 2): full-word and half-word data transmission,
 * fixed-point add and subtract, Boolean logic, logical shift and rotate, arithmetic testing
 * (compare, skip, jump, add/subtract one and jump or skip), logical testing and modification, and
 * the stack and subroutine instructions. One entry per instruction; families are generated from
 * the opcode's fields the way the manual draws them (the four modes basic/I/M/S or B, the eight
 * skip/jump conditions), and only the members listed are part of the model.
 *
 * System state: JSR, JSP and PUSHJ save the PC word, whose left half is FLAGS — USER and USERIO
 * included (SRM §2.9; kx10 `MB = FLAGS << 23 | PC`). They are declared sensitive: the word they
 * store tells executive mode from user mode. Every memory operand goes through the map
 * (readWord/writeWord, machine.ts): AC[E] for E < 20.
 *
 * ABSTRACTED (not modelled, their words take the illegal-instruction trap): multiply and divide,
 * floating point, byte instructions, ASH/ASHC/LSHC/ROTC/JFFO, XCT, and the family members
 * not listed below (the Boolean functions ANDCA, SETM, SETA, ANDCB, EQV, SETCA, ORCA, ORCM,
 * ORCB; the half-word O/E forms and most S forms; the never-skip CAI/CAM/JUMP forms).
 */
import { add, and, bit, concat, eq, extract, ite, lshr, ne, not, or, shl, sle, slt, sge, sgt, sub, uge, ult, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { basic } from './forms.js';
import { PC, ac, addSetFlags, flag, left, nextPc, pcWord, readModify, readWord, right, swap, writeWord, b, type Pdp10Semantics } from './machine.js';

const all2 = (p: Bool, q: Bool): Bool => and(p, q);
const cite = (section: string) => `PDP-10 System Reference Manual (1969), ch. 2, ${section}`;

// ---- Full-word data transmission: MOVE, MOVS, MOVN, MOVM in four modes ----------------------

type Transform = ($: Pdp10Semantics, tag: string, w: Bits<36>) => Bits<36>;
/** 0 - w with the flags a subtraction sets (MOVN: of 0 sets CRY0 and CRY1, of 400000000000 AROV and CRY1). */
const negate: Transform = ($, tag, w) => addSetFlags($, tag, c(36, 0), not(w), 1);
/** MOVM's magnitude: flags only for the most negative number. */
function magnitude($: Pdp10Semantics, tag: string, w: Bits<36>): Bits<36> {
  const result = $.let(`${tag}Mag`, ite(eq(bit(w, 35), 1), sub(c(36, 0), w), w));
  // -2^35 has no magnitude: it stays itself and sets AROV and CRY1 (SRM, MOVM; kx10 MOVM).
  $.if(eq(w, c(36, 2n ** 35n)), () => {
    $.set(flag.AROV, 1);
    $.set(flag.CRY1, 1);
  });
  return result;
}

const transforms: Record<'MOVE' | 'MOVS' | 'MOVN' | 'MOVM', { octal: number; f: Transform; what: string }> = {
  MOVE: { octal: 0o200, f: (_$, _t, w) => w, what: 'the word' },
  MOVS: { octal: 0o204, f: (_$, _t, w) => swap(w), what: 'the word with its halves swapped' },
  MOVN: { octal: 0o210, f: negate, what: 'the negative of the word (flags as for subtraction from 0)' },
  MOVM: { octal: 0o214, f: magnitude, what: 'the magnitude of the word' },
};

function moveFamily(name: keyof typeof transforms): InstructionDecl[] {
  const { octal, what, f } = transforms[name];
  const s = cite('Full Word Data Transmission');
  return [
    basic(name, octal, { cite: s, doc: `AC := ${what} at E` }, ({ ac: a, e }, $) => $.set(ac(a), f($, 'm', readWord(e)))),
    basic(`${name}I`, octal + 1, { cite: s, doc: `AC := ${what} 0,,E` }, ({ ac: a, e }, $) => $.set(ac(a), f($, 'm', zext(e, 36)))),
    basic(`${name}M`, octal + 2, { cite: s, doc: `C(E) := ${what} in AC` }, ({ ac: a, e }, $) => writeWord($, e, f($, 'm', ac(a)))),
    basic(`${name}S`, octal + 3, { cite: s, doc: `C(E) := ${what} at E; also AC when AC ≠ 0` }, ({ ac: a, e }, $) => {
      const v = $.let('v', f($, 'm', readModify(e)));
      writeWord($, e, v);
      $.if(ne(a, 0), () => $.set(ac(a), v));
    }),
  ];
}

// ---- Half-word data transmission (SRM "Half Word Data Transmission") -------------------------

/** H<src><dst><ext><mode>: opcode 5 dst-R cross ext mode. */
function halfword(mnemonic: string): InstructionDecl {
  const m = /^H([LR])([LR])(Z|O|E)?(I|M|S)?$/.exec(mnemonic);
  if (!m) throw new Error(`not a half-word mnemonic: ${mnemonic}`);
  const [, src, dst, ext = '', mode = ''] = m;
  const octal = 0o500 | (dst === 'R' ? 0o40 : 0) | (src !== dst ? 0o4 : 0) | (['', 'Z', 'O', 'E'].indexOf(ext) << 3) | ['', 'I', 'M', 'S'].indexOf(mode);
  const half = (w: Bits<36>, h: string): Bits<18> => (h === 'L' ? left(w) : right(w));
  const build = (source: Bits<36>, dest: Bits<36>): Bits<36> => {
    const moved = half(source, src!);
    const other: Bits<18> =
      ext === '' ? half(dest, dst === 'L' ? 'R' : 'L') : ext === 'Z' ? c(18, 0) : ext === 'O' ? c(18, 0o777777) : ite(eq(bit(moved, 17), 1), c(18, 0o777777), c(18, 0));
    return dst === 'L' ? concat(moved, other) : concat(other, moved);
  };
  return basic(mnemonic, octal, { cite: cite('Half Word Data Transmission'), doc: `${src} half to ${dst} half, other half ${ext === '' ? 'kept' : ext === 'Z' ? 'zeros' : ext === 'O' ? 'ones' : 'sign-extended'}${mode ? `, mode ${mode}` : ''}` }, ({ ac: a, e }, $) => {
    if (mode === '') $.set(ac(a), build(readWord(e), ac(a)));
    else if (mode === 'I') $.set(ac(a), build(zext(e, 36), ac(a)));
    else if (mode === 'M') writeWord($, e, build(ac(a), ext === '' ? readModify(e) : c(36, 0)));
    else {
      const v = $.let('v', build(readModify(e), readModify(e)));
      writeWord($, e, v);
      $.if(ne(a, 0), () => $.set(ac(a), v));
    }
  });
}

// ---- Fixed-point add and subtract (SRM "Fixed Point Arithmetic") -----------------------------

function addSub(name: 'ADD' | 'SUB', octal: number): InstructionDecl[] {
  const s = cite('Fixed Point Arithmetic, ADD/SUB');
  const f = ($: Pdp10Semantics, a: Bits<36>, m: Bits<36>) => (name === 'ADD' ? addSetFlags($, 'r', a, m, 0) : addSetFlags($, 'r', a, not(m), 1));
  return [
    basic(name, octal, { cite: s }, ({ ac: a, e }, $) => $.set(ac(a), f($, ac(a), readWord(e)))),
    basic(`${name}I`, octal + 1, { cite: s }, ({ ac: a, e }, $) => $.set(ac(a), f($, ac(a), zext(e, 36)))),
    basic(`${name}M`, octal + 2, { cite: s }, ({ ac: a, e }, $) => writeWord($, e, f($, ac(a), readModify(e)))),
    basic(`${name}B`, octal + 3, { cite: s }, ({ ac: a, e }, $) => {
      const v = $.let('v', f($, ac(a), readModify(e)));
      writeWord($, e, v);
      $.set(ac(a), v);
    }),
  ];
}

// ---- Boolean logic (SRM "Boolean Logic"): 16 functions of AC and the operand, four modes -------

const booleans: Record<string, { octal: number; f: (a: Bits<36>, m: Bits<36>) => Bits<36> }> = {
  SETZ: { octal: 0o400, f: () => c(36, 0) },
  AND: { octal: 0o404, f: (a, m) => and(a, m) },
  ANDCM: { octal: 0o420, f: (a, m) => and(a, not(m)) },
  XOR: { octal: 0o430, f: (a, m) => xor(a, m) },
  IOR: { octal: 0o434, f: (a, m) => or(a, m) },
  SETCM: { octal: 0o460, f: (_a, m) => not(m) },
  SETO: { octal: 0o474, f: () => c(36, 2n ** 36n - 1n) },
};

function boolean(mnemonic: string): InstructionDecl {
  const m = /^(SETZ|AND|ANDCM|XOR|IOR|SETCM|SETO)(I|M|B)?$/.exec(mnemonic)!;
  const { octal, f } = booleans[m[1]!]!;
  const mode = m[2] ?? '';
  return basic(mnemonic, octal + ['', 'I', 'M', 'B'].indexOf(mode), { cite: cite('Boolean Logic') }, ({ ac: a, e }, $) => {
    if (mode === '') $.set(ac(a), f(ac(a), readWord(e)));
    else if (mode === 'I') $.set(ac(a), f(ac(a), zext(e, 36)));
    else {
      const v = $.let('v', f(ac(a), readModify(e)));
      writeWord($, e, v);
      if (mode === 'B') $.set(ac(a), v);
    }
  });
}

// ---- Logical shift and rotate (SRM "Shift and Rotate"): the count is E, negative to the right --

function shift(mnemonic: 'LSH' | 'ROT', octal: number): InstructionDecl {
  return basic(mnemonic, octal, { cite: cite('Shift and Rotate'), doc: 'count: E as an 18-bit signed number, bits 28-35 of its magnitude (negative: to the right)' }, ({ ac: a, e }, $) => {
    const right = $.let('toRight', bit(e, 17));
    const count = $.let('count', zext(extract(ite(eq(right, 1), sub(c(18, 0), e), e), 7, 0), 36));
    const v = ac(a);
    if (mnemonic === 'LSH') $.set(ac(a), ite(eq(right, 1), lshr(v, count), shl(v, count)));
    else {
      // A right rotation by k is a left rotation by 36 - (k mod 36).
      const r = $.let('mod36', mod36(count));
      const amount = $.let('amount', ite(all2(eq(right, 1), ne(r, 0)), sub(c(36, 36), r), r));
      $.set(ac(a), or(shl(v, amount), lshr(v, sub(c(36, 36), amount))));
    }
  });
}
/** n mod 36 for n < 288 (a shift count is at most 255). */
function mod36(n: Bits<36>): Bits<36> {
  let r: Bits<36> = n;
  for (const k of [144, 72, 36]) r = ite(uge(r, c(36, k)), sub(r, c(36, k)), r);
  return r;
}

// ---- Arithmetic testing (SRM "Arithmetic Testing"): the eight conditions -----------------------

const conditions = ['', 'L', 'E', 'LE', 'A', 'GE', 'N', 'G'] as const;
type Condition = (typeof conditions)[number];
/** The condition on a signed comparison of a with b. */
function holds(cond: Condition, a: Bits<36>, bv: Bits<36>): Bool {
  switch (cond) {
    case '':
      return eq(c(1, 0), 1);
    case 'L':
      return slt(a, bv);
    case 'E':
      return eq(a, bv);
    case 'LE':
      return sle(a, bv);
    case 'A':
      return eq(c(1, 1), 1);
    case 'GE':
      return sge(a, bv);
    case 'N':
      return ne(a, bv);
    case 'G':
      return sgt(a, bv);
  }
}
const skip = ($: Pdp10Semantics) => $.set(PC, add(PC, 2));
const condOf = (mnemonic: string, family: string): Condition => {
  const cond = mnemonic.slice(family.length) as Condition;
  if (!conditions.includes(cond)) throw new Error(`no condition in ${mnemonic}`);
  return cond;
};
const condCode = (cond: Condition) => conditions.indexOf(cond);

function arithmeticTest(mnemonic: string): InstructionDecl {
  const family = ['CAI', 'CAM', 'JUMP', 'SKIP', 'AOJ', 'AOS', 'SOJ', 'SOS'].find((f) => mnemonic.startsWith(f) && conditions.includes(mnemonic.slice(f.length) as Condition))!;
  const cond = condOf(mnemonic, family);
  const base = { CAI: 0o300, CAM: 0o310, JUMP: 0o320, SKIP: 0o330, AOJ: 0o340, AOS: 0o350, SOJ: 0o360, SOS: 0o370 }[family]!;
  const s = cite('Arithmetic Testing');
  const zero = c(36, 0);
  return basic(mnemonic, base + condCode(cond), { cite: s }, ({ ac: a, e }, $) => {
    switch (family) {
      case 'CAI':
        return $.if(holds(cond, ac(a), zext(e, 36)), () => skip($));
      case 'CAM':
        return $.if(holds(cond, ac(a), readWord(e)), () => skip($));
      case 'JUMP':
        return $.if(holds(cond, ac(a), zero), () => $.set(PC, e));
      case 'SKIP': {
        const w = $.let('w', readWord(e));
        $.if(ne(a, 0), () => $.set(ac(a), w));
        return $.if(holds(cond, w, zero), () => skip($));
      }
      case 'AOJ':
      case 'SOJ': {
        const v = $.let('v', family === 'AOJ' ? addSetFlags($, 'r', ac(a), c(36, 1), 0) : addSetFlags($, 'r', ac(a), c(36, 2n ** 36n - 1n), 0));
        $.set(ac(a), v);
        return $.if(holds(cond, v, zero), () => $.set(PC, e));
      }
      default: {
        const v = $.let('v', family === 'AOS' ? addSetFlags($, 'r', readModify(e), c(36, 1), 0) : addSetFlags($, 'r', readModify(e), c(36, 2n ** 36n - 1n), 0));
        writeWord($, e, v);
        $.if(ne(a, 0), () => $.set(ac(a), v));
        return $.if(holds(cond, v, zero), () => skip($));
      }
    }
  });
}

// ---- Logical testing and modification (SRM "Logical Testing and Modification") -----------------

/** T<mask><modification><skip>: R (0,,E), L (E,,0), D (C(E)), S (C(E) swapped); N Z C O; never E A N. */
function test(mnemonic: string): InstructionDecl {
  const m = /^T([RLDS])([NZCO])(E|A|N)?$/.exec(mnemonic);
  if (!m) throw new Error(`not a test mnemonic: ${mnemonic}`);
  const [, maskKind, modification, skipWhen = ''] = m;
  const octal = 0o600 | ('NZCO'.indexOf(modification!) << 4) | ('DS'.includes(maskKind!) ? 0o10 : 0) | (['', 'E', 'A', 'N'].indexOf(skipWhen) << 1) | ('LS'.includes(maskKind!) ? 1 : 0);
  return basic(mnemonic, octal, { cite: cite('Logical Testing and Modification') }, ({ ac: a, e }, $) => {
    const mask = $.let(
      'mask',
      maskKind === 'R' ? zext(e, 36) : maskKind === 'L' ? concat(e, c(18, 0)) : maskKind === 'D' ? readWord(e) : swap(readWord(e)),
    );
    const v = ac(a);
    const selected = and(v, mask);
    if (skipWhen === 'E') $.if(eq(selected, 0), () => skip($));
    if (skipWhen === 'N') $.if(ne(selected, 0), () => skip($));
    if (skipWhen === 'A') skip($);
    if (modification === 'Z') $.set(ac(a), and(v, not(mask)));
    if (modification === 'C') $.set(ac(a), xor(v, mask));
    if (modification === 'O') $.set(ac(a), or(v, mask));
  });
}

// ---- The stack, subroutines and jumps (SRM "Pushdown List", "Program Control") -------------------

/** Both halves of a pushdown pointer plus (or minus) one. */
const bump = (p: Bits<36>, up: boolean): Bits<36> => (up ? concat(add(left(p), 1), add(right(p), 1)) : concat(sub(left(p), 1), sub(right(p), 1)));
/** Pushdown overflow: the count in the left half reached 0 (a push) or went below it (a pop). */
const pdlOverflow = ($: Pdp10Semantics, cond: Bool, p: Bits<36>) => $.trapIf(cond, 'pdl', p);

const stackAndJumps: InstructionDecl[] = [
  basic('PUSHJ', 0o260, { cite: cite('Pushdown List, PUSHJ'), class: 'sensitive', doc: 'AC := AC + 1,,1; C(AC right) := the PC word (FLAGS,,PC+1, USER among the flags); PC := E; BIS cleared. Pushdown overflow (the count reaching 0) is the pdl trap.' }, ({ ac: a, e }, $) => {
    const p = $.let('p', bump(ac(a), true));
    pdlOverflow($, eq(left(p), 0), p);
    writeWord($, right(p), pcWord());
    $.set(ac(a), p);
    $.set(flag.BIS, 0);
    $.set(PC, e);
  }),
  basic('PUSH', 0o261, { cite: cite('Pushdown List, PUSH') }, ({ ac: a, e }, $) => {
    const w = $.let('w', readWord(e));
    const p = $.let('p', bump(ac(a), true));
    pdlOverflow($, eq(left(p), 0), p);
    writeWord($, right(p), w);
    $.set(ac(a), p);
  }),
  basic('POP', 0o262, { cite: cite('Pushdown List, POP') }, ({ ac: a, e }, $) => {
    const w = $.let('w', readWord(right(ac(a))));
    const p = $.let('p', bump(ac(a), false));
    pdlOverflow($, eq(left(p), 0o777777), p);
    writeWord($, e, w);
    $.set(ac(a), p);
  }),
  basic('POPJ', 0o263, { cite: cite('Pushdown List, POPJ') }, ({ ac: a }, $) => {
    const w = $.let('w', readWord(right(ac(a))));
    const p = $.let('p', bump(ac(a), false));
    pdlOverflow($, eq(left(p), 0o777777), p);
    $.set(ac(a), p);
    $.set(PC, right(w));
  }),
  basic('JSR', 0o264, { cite: cite('Program Control, JSR'), class: 'sensitive', doc: 'C(E) := the PC word (FLAGS,,PC+1); PC := E+1; BIS cleared' }, ({ e }, $) => {
    writeWord($, e, pcWord());
    $.set(flag.BIS, 0);
    $.set(PC, add(e, 1));
  }),
  basic('JSP', 0o265, { cite: cite('Program Control, JSP'), class: 'sensitive', doc: 'AC := the PC word (FLAGS,,PC+1); PC := E; BIS cleared' }, ({ ac: a, e }, $) => {
    $.set(ac(a), pcWord());
    $.set(flag.BIS, 0);
    $.set(PC, e);
  }),
  basic('JSA', 0o266, { cite: cite('Program Control, JSA'), doc: 'C(E) := AC; AC := E,,PC+1; PC := E+1' }, ({ ac: a, e }, $) => {
    writeWord($, e, ac(a));
    $.set(ac(a), concat(e, nextPc()));
    $.set(PC, add(e, 1));
  }),
  basic('JRA', 0o267, { cite: cite('Program Control, JRA'), doc: 'AC := C(AC left); PC := E' }, ({ ac: a, e }, $) => {
    $.set(ac(a), readWord(left(ac(a))));
    $.set(PC, e);
  }),
  basic('AOBJP', 0o252, { cite: cite('Arithmetic Testing, AOBJP') }, ({ ac: a, e }, $) => {
    const p = $.let('p', bump(ac(a), true));
    $.set(ac(a), p);
    $.if(eq(bit(p, 35), 0), () => $.set(PC, e));
  }),
  basic('AOBJN', 0o253, { cite: cite('Arithmetic Testing, AOBJN') }, ({ ac: a, e }, $) => {
    const p = $.let('p', bump(ac(a), true));
    $.set(ac(a), p);
    $.if(eq(bit(p, 35), 1), () => $.set(PC, e));
  }),
  basic('JFCL', 0o255, { cite: cite('Program Control, JFCL'), operands: { ac: { kind: 'immediate', signed: false } }, doc: 'jump if any flag AC selects (10 AROV, 4 CRY0, 2 CRY1, 1 FOV) is set, and clear the selected flags' }, ({ ac: a, e }, $) => {
    const sel = (k: number) => eq(bit(a, k), 1);
    const set = (k: number, f: Bits<1>) => all2(sel(k), eq(f, 1));
    $.if(or(or(set(3, flag.AROV), set(2, flag.CRY0)), or(set(1, flag.CRY1), set(0, flag.FOV))), () => $.set(PC, e));
    $.if(sel(3), () => $.set(flag.AROV, 0));
    $.if(sel(2), () => $.set(flag.CRY0, 0));
    $.if(sel(1), () => $.set(flag.CRY1, 0));
    $.if(sel(0), () => $.set(flag.FOV, 0));
  }),
  basic(
    'BLT',
    0o251,
    {
      cite: cite('Full Word Data Transmission, BLT'),
      doc: 'block transfer, one word per step (restartable): C(AC right) := C(AC left); done when AC right ≥ E, else AC := AC + 1,,1 and the PC stays on the BLT',
    },
    ({ ac: a, e }, $) => {
      // The KA10 moves the block in one instruction that an interrupt may stop between words,
      // leaving the next pair in AC and the PC on the BLT (kx10 `case 0251`). Here every word is
      // such a stop: AC holds the progress, and the last step leaves it holding the last pair.
      const p = $.let('p', ac(a));
      const w = $.let('w', readWord(left(p)));
      writeWord($, right(p), w);
      $.if(ult(right(p), e), () => {
        $.set(ac(a), bump(p, true));
        $.set(PC, PC);
      });
    },
  ),
  basic('EXCH', 0o250, { cite: cite('Full Word Data Transmission, EXCH') }, ({ ac: a, e }, $) => {
    const w = $.let('w', readModify(e));
    writeWord($, e, ac(a));
    $.set(ac(a), w);
  }),
];

export const integerInstructions: InstructionDecl[] = [
  ...moveFamily('MOVE'),
  ...moveFamily('MOVS'),
  ...moveFamily('MOVN'),
  ...moveFamily('MOVM'),
  ...['HLL', 'HRL', 'HRLI', 'HRLM', 'HLLZ', 'HRLZ', 'HRLZI', 'HRR', 'HRRI', 'HRRM', 'HLR', 'HLRZ', 'HRRZ', 'HRRZI', 'HRRZM', 'HLRZI', 'HRRE', 'HLLS'].map(halfword),
  ...addSub('ADD', 0o270),
  ...addSub('SUB', 0o274),
  ...['SETZ', 'SETZM', 'AND', 'ANDI', 'ANDCMI', 'IOR', 'IORI', 'IORM', 'XOR', 'XORI', 'SETCM', 'SETO', 'SETOM'].map(boolean),
  shift('LSH', 0o242),
  shift('ROT', 0o241),
  ...['CAIL', 'CAIE', 'CAILE', 'CAIA', 'CAIGE', 'CAIN', 'CAIG', 'CAML', 'CAME', 'CAMLE', 'CAMGE', 'CAMN', 'CAMG'].map(arithmeticTest),
  ...['JUMPL', 'JUMPE', 'JUMPLE', 'JUMPA', 'JUMPGE', 'JUMPN', 'JUMPG'].map(arithmeticTest),
  ...['SKIP', 'SKIPL', 'SKIPE', 'SKIPA', 'SKIPGE', 'SKIPN', 'SKIPG'].map(arithmeticTest),
  ...['AOJ', 'AOJL', 'AOJE', 'AOJA', 'AOJN', 'AOJG', 'AOS', 'AOSE', 'AOSN', 'SOJ', 'SOJE', 'SOJN', 'SOJG', 'SOJGE', 'SOS', 'SOSE', 'SOSG'].map(arithmeticTest),
  ...['TRNE', 'TRNN', 'TLNE', 'TLNN', 'TRZ', 'TRO', 'TLZ', 'TLO', 'TDNE', 'TDNN', 'TDZ', 'TDO', 'TRNA'].map(test),
  ...stackAndJumps,
];
