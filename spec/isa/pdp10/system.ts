/**
 * Every KA10 instruction that reads or writes system state beyond the PC word the subroutine
 * instructions save (integer.ts): the JRST family, the UUOs, and the I/O instructions on the
 * APR, the PI system and the console teletype.
 *
 * JRST (SRM §2.9 "Program Control"; kx10 `case 0254`, the KA path). The AC field is four
 * independent bits, and each of the sixteen values is its own entry here:
 *   10  JEN part: dismiss the interrupt — clear the highest-priority channel held (PIH)
 *   04  HALT: stop, with PC := E
 *   02  JRSTF: restore the flags from the left half of the last word of the E calculation (AC x
 *       when x ≠ 0, else the instruction word itself: indirection is not modelled). In executive
 *       mode USER and USERIO are taken from the word; in user mode USER stays set and USERIO can
 *       be cleared but not set.
 *   01  enter user mode: USER := 1 — the KA10's "JRST 1"; in user mode it changes nothing.
 * In user mode without User I/O, a JRST with bit 04 or 10 is an MUUO (the privileged trap);
 * with User I/O it is executed (kx10: `(FLAGS & (USER|USERIO)) == USER` goes to muuo).
 * MACRO-10 names JRST 2 JRSTF, JRST 4 HALT and JRST 12 JEN; the others are written JRSTn here
 * (n octal), JRST 1 as `jrst1`.
 *
 * UUOs (SRM §2.10 "Unimplemented User Operations"): opcode 000 and 040-077 are MUUOs, handled by
 * the monitor through executive locations 40 and 41 (the trap sequence, machine.ts); 047 is
 * CALLI, the monitor call of TOPS-10 by number; 001-037 are LUUOs, handled by the program itself
 * through *its own* locations 40 and 41 (relocated in user mode): the instruction with E is stored
 * in 40 and the instruction in 41 executed, which the model does as the JSR it must be (the right
 * half of the word in 41 is the JSR's address; ABSTRACTED: any other instruction there). The
 * entries are power-of-two opcode groups with the low opcode bits as a field n (LUUO020 covers
 * 020-037) rather than one entry excluding n = 7 (CALLI) or n = 0 (the MUUO 000): the generic
 * encoding and round-trip tests draw field values without honouring `excluded`.
 *
 * I/O instructions (SRM ch. 7; kx10 dev_apr, dev_pi): 7 dev:7 fn:3 with the basic format's x and
 * y, fn 0 BLKI, 1 DATAI, 2 BLKO, 3 DATAO, 4 CONO, 5 CONI, 6 CONSZ, 7 CONSO. In user mode without
 * User I/O every one is an MUUO (the privileged trap). Devices: APR (000), PI (004) and TTY
 * (120), as in machine.ts. ABSTRACTED: other device codes are not modelled — their words decode
 * as no instruction and take the illegal-instruction trap (a KA10 in executive mode would read 0
 * and do nothing: no device answers the I/O bus). ABSTRACTED: BLKI and BLKO as
 * executed outside an interrupt location (increment both halves of the pointer, transfer, skip
 * unless the count reached 0); DATAO TTY prints at once (output done set, never busy); DATAI TTY
 * reads 0 (there is no input); CONO TTY loads the conditions from E's bits 29-35.
 */
import { add, and, bit, concat, eq, extract, ite, ne, not, or, zext } from '../../builder/ops.js';
import { c, type Bits, type Loc } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl } from '../../description.js';
import { fixedAc, basic } from './forms.js';
import { PC, ac, b, consoleCell, flag, ioRefused, left, op, readModify, readWord, right, uuoWord, writeWord, type Pdp10Semantics } from './machine.js';
import { effectiveAddress } from './machine.js';

const srm = (section: string) => `PDP-10 System Reference Manual (1969), ${section}`;
const reg = (name: Parameters<typeof b.reg>[0]) => b.reg(name);

// ---- JRST ---------------------------------------------------------------------------------------

const jrstNames: Record<number, string> = { 0: 'JRST', 1: 'JRST1', 2: 'JRSTF', 4: 'HALT', 0o12: 'JEN' };

/** PIH without its highest-priority channel (channel 1 is bit 6). */
function dismissed(pih: Bits<7>): Bits<7> {
  let r: Bits<7> = pih;
  for (let k = 0; k <= 6; k++) r = ite(eq(bit(pih, k), 1), and(pih, c(7, 0x7f ^ (1 << k))), r);
  return r;
}

function jrst(f: number): InstructionDecl {
  const name = jrstNames[f] ?? `JRST${f.toString(8)}`;
  const privilegedPart = (f & 0o14) !== 0;
  const cls: DeclaredClass = privilegedPart ? 'privileged' : f & 0o3 ? 'sensitive' : 'innocuous';
  const parts = [f & 0o10 ? 'dismiss the interrupt (JEN)' : '', f & 0o4 ? 'halt' : '', f & 0o2 ? 'restore the flags (JRSTF)' : '', f & 0o1 ? 'enter user mode' : ''].filter(Boolean);
  return fixedAc(name, 0o254, f, { cite: srm('§2.9 Program Control, JRST'), class: cls, doc: `PC := E${parts.length ? '; ' + parts.join('; ') : ''}` }, ({ x, e }, $) => {
    if (privilegedPart) $.trapIf(ioRefused(), 'privileged', uuoWord(concat(c(9, 0o254), c(4, f)), e));
    if (f & 0o10) $.set(reg('PI.PIH') as Loc<7>, dismissed(reg('PI.PIH') as Bits<7>));
    if (f & 0o2) {
      const w = $.let('flagWord', ite(eq(x, 0), concat(c(9, 0o254), c(4, f), c(5, 0)), left(ac(x))));
      const exec = eq(flag.USER, 0);
      const take = (bitNo: number) => extract(w, bitNo, bitNo) as Bits<1>;
      $.set(flag.USERIO, and(take(11), ite(exec, c(1, 1), flag.USERIO)));
      $.set(flag.USER, ite(exec, take(12), flag.USER));
      for (const [field, at] of [['AROV', 17], ['CRY0', 16], ['CRY1', 15], ['FOV', 14], ['BIS', 13], ['FXU', 6], ['DCK', 5]] as const) $.set(flag[field], take(at));
    }
    if (f & 0o1) $.set(flag.USER, 1);
    $.set(PC, e);
    if (f & 0o4) $.halt();
  });
}

// ---- UUOs ---------------------------------------------------------------------------------------

const uuoCite = srm('§2.10 Unimplemented User Operations (UUOs)');

/** An MUUO group: the opcodes `prefix` followed by n (n bits wide), or the one opcode when n is 0 bits. */
function muuoGroup(first: number, nBits: number): InstructionDecl {
  const name = `MUUO${first.toString(8).padStart(3, '0')}`;
  const last = first + (1 << nBits) - 1;
  const range = nBits === 0 ? `opcode ${first.toString(8).padStart(3, '0')}` : `opcodes ${first.toString(8).padStart(3, '0')}-${last.toString(8).padStart(3, '0')} (n is the opcode minus ${first.toString(8)})`;
  const doc = `${range}: an MUUO (the monitor gets it through 40/41)`;
  if (nBits === 0) return basic(name, first, { cite: uuoCite, doc }, ({ ac: a, e }, $) => $.trap('uuo', uuoWord(concat(c(9, first), a), e)));
  return b.insn(name, {
    cite: uuoCite,
    class: 'innocuous',
    doc,
    encoding: `${op(first >> nBits, 9 - nBits)} n:${nBits} ac:4 0 x:4 y:18` as const,
    syntax: `${name.toLowerCase()} {n}, {ac}, {y}({x})`,
    semantics: ({ n, ac: a, x, y }, $) => {
      const e = $.let('e', effectiveAddress(x as Bits<4>, y as Bits<18>));
      $.trap('uuo', uuoWord(concat(c(9 - nBits, first >> nBits), n as Bits<number>, a as Bits<4>) as Bits<13>, e));
    },
  });
}

/** An LUUO group (opcodes `first`.. with n bits): the program's own 40 and 41 (relocated in user mode). */
function luuoGroup(first: number, nBits: number): InstructionDecl {
  const name = `LUUO${first.toString(8).padStart(3, '0')}`;
  const last = first + (1 << nBits) - 1;
  const range = nBits === 0 ? `opcode ${first.toString(8).padStart(3, '0')}` : `opcodes ${first.toString(8).padStart(3, '0')}-${last.toString(8).padStart(3, '0')} (n is the opcode minus ${first.toString(8)})`;
  const body = (opcode: Bits<9>, a: Bits<4>, e: Bits<18>, $: Pdp10Semantics) => {
    const at41 = $.let('at41', right(readWord(c(18, 0o41))));
    writeWord($, c(18, 0o40), uuoWord(concat(opcode, a), e));
    writeWord($, at41, concat(b.reg('FLAGS') as Bits<18>, add(PC, 1)));
    $.set(flag.BIS, 0);
    $.set(PC, add(at41, 1));
  };
  const doc = `${range}: the instruction with E into the program’s own location 40, then its location 41 executed as a JSR`;
  // Declared sensitive: the JSR it runs saves FLAGS, USER and USERIO among them (as JSR does).
  if (nBits === 0) return basic(name, first, { cite: uuoCite, class: 'sensitive', doc }, ({ ac: a, e }, $) => body(c(9, first), a, e, $));
  return b.insn(name, {
    cite: uuoCite,
    class: 'sensitive',
    doc,
    encoding: `${op(first >> nBits, 9 - nBits)} n:${nBits} ac:4 0 x:4 y:18` as const,
    syntax: `${name.toLowerCase()} {n}, {ac}, {y}({x})`,
    semantics: ({ n, ac: a, x, y }, $) => {
      const e = $.let('e', effectiveAddress(x as Bits<4>, y as Bits<18>));
      body(concat(c(9 - nBits, first >> nBits), n as Bits<number>) as Bits<9>, a as Bits<4>, e, $);
    },
  });
}

// The opcode ranges are split where a power-of-two group ends (the encoding has no exclusions):
// 000 | 001, 002-003, 004-007, 010-017, 020-037 | 040-043, 044-045, 046, 047 CALLI, 050-057, 060-077.
const uuos: InstructionDecl[] = [
  muuoGroup(0o000, 0),
  luuoGroup(0o001, 0),
  luuoGroup(0o002, 1),
  luuoGroup(0o004, 2),
  luuoGroup(0o010, 3),
  luuoGroup(0o020, 4),
  muuoGroup(0o040, 2),
  muuoGroup(0o044, 1),
  muuoGroup(0o046, 0),
  basic('CALLI', 0o047, { cite: uuoCite, doc: 'opcode 047, an MUUO: TOPS-10’s monitor call by number (E)' }, ({ ac: a, e }, $) => $.trap('uuo', uuoWord(concat(c(9, 0o047), a), e))),
  muuoGroup(0o050, 3),
  muuoGroup(0o060, 4),
];

// ---- I/O ----------------------------------------------------------------------------------------

interface Device {
  datai: () => Bits<36>;
  datao: ($: Pdp10Semantics, w: Bits<36>) => void;
  coni: () => Bits<36>;
  cono: ($: Pdp10Semantics, e: Bits<18>) => void;
}

const ifBit = ($: Pdp10Semantics, e: Bits<18>, k: number, body: () => void) => $.if(eq(bit(e, k), 1), body);

const apr: Device = {
  datai: () => reg('SW') as Bits<36>,
  datao: ($, w) => {
    $.set(reg('PL'), extract(w, 35, 28));
    $.set(reg('PH'), extract(w, 26, 19));
    $.set(reg('WP'), extract(w, 18, 18));
    $.set(reg('RL'), extract(w, 17, 10));
    $.set(reg('RH'), extract(w, 8, 1));
  },
  coni: () => zext(or(reg('APR') as Bits<18>, concat(c(2, 0), flag.USERIO, c(8, 0), flag.FOV, c(2, 0), flag.AROV, c(3, 0))), 36),
  cono: ($, e) => {
    $.set(reg('APR.PIA'), extract(e, 2, 0));
    ifBit($, e, 3, () => $.set(flag.AROV, 0));
    ifBit($, e, 4, () => $.set(reg('APR.OVEN'), 1));
    ifBit($, e, 5, () => $.set(reg('APR.OVEN'), 0));
    ifBit($, e, 6, () => $.set(flag.FOV, 0));
    ifBit($, e, 7, () => $.set(reg('APR.FOVEN'), 1));
    ifBit($, e, 8, () => $.set(reg('APR.FOVEN'), 0));
    ifBit($, e, 9, () => $.set(reg('APR.CLK'), 0));
    ifBit($, e, 10, () => $.set(reg('APR.CLKEN'), 1));
    ifBit($, e, 11, () => $.set(reg('APR.CLKEN'), 0));
    ifBit($, e, 12, () => $.set(reg('APR.NXM'), 0));
    ifBit($, e, 13, () => $.set(reg('APR.MPV'), 0));
    ifBit($, e, 14, () => $.set(reg('APR.ADRBRK'), 0));
    // 200000: I/O reset — the PI system and the devices to their reset state.
    ifBit($, e, 16, () => {
      $.set(reg('PI'), 0);
      $.set(reg('PIR'), 0);
      $.set(reg('TTY'), 0o10);
    });
    ifBit($, e, 17, () => $.set(reg('APR.PDLOV'), 0));
  },
};

const pi: Device = {
  datai: () => c(36, 0),
  datao: () => {},
  coni: () => zext(reg('PI') as Bits<16>, 36),
  cono: ($, e) => {
    const channels = extract(e, 6, 0);
    ifBit($, e, 12, () => {
      $.set(reg('PI'), 0);
      $.set(reg('PIR'), 0);
    });
    ifBit($, e, 7, () => $.set(reg('PI.ON'), 1));
    ifBit($, e, 8, () => $.set(reg('PI.ON'), 0));
    ifBit($, e, 9, () => $.set(reg('PI.PIE'), and(reg('PI.PIE') as Bits<7>, not(channels))));
    ifBit($, e, 10, () => $.set(reg('PI.PIE'), or(reg('PI.PIE') as Bits<7>, channels)));
    ifBit($, e, 11, () => $.set(reg('PIR'), or(reg('PIR') as Bits<7>, channels)));
    ifBit($, e, 14, () => $.set(reg('PI.PAR'), 1));
    ifBit($, e, 15, () => $.set(reg('PI.PAR'), 0));
  },
};

const tty: Device = {
  datai: () => c(36, 0),
  datao: ($, w) => {
    $.store(c(18, consoleCell), zext(extract(w, 7, 0), 36), 'physical');
    $.set(reg('TTY.ODONE'), 1);
    $.set(reg('TTY.OBUSY'), 0);
  },
  coni: () => zext(reg('TTY') as Bits<7>, 36),
  cono: ($, e) => $.set(reg('TTY'), extract(e, 6, 0)),
};

const absent: Device = { datai: () => c(36, 0), datao: () => {}, coni: () => c(36, 0), cono: () => {} };

const functions = ['BLKI', 'DATAI', 'BLKO', 'DATAO', 'CONO', 'CONI', 'CONSZ', 'CONSO'] as const;
type IoFunction = (typeof functions)[number];

function ioSemantics(fn: IoFunction, d: Device, e: Bits<18>, $: Pdp10Semantics): void {
  const skip = () => $.set(PC, add(PC, 2));
  switch (fn) {
    case 'BLKI':
    case 'BLKO': {
      const p = $.let('pointer', readModify(e));
      const q = $.let('bumped', concat(add(left(p), 1), add(right(p), 1)));
      writeWord($, e, q);
      if (fn === 'BLKI') writeWord($, right(q), d.datai());
      else d.datao($, readWord(right(q)));
      return $.if(ne(left(q), 0), skip);
    }
    case 'DATAI':
      return writeWord($, e, d.datai());
    case 'DATAO':
      return d.datao($, readWord(e));
    case 'CONO':
      return d.cono($, e);
    case 'CONI':
      return writeWord($, e, d.coni());
    case 'CONSZ':
      return $.if(eq(and(right(d.coni()), e), 0), skip);
    case 'CONSO':
      return $.if(ne(and(right(d.coni()), e), 0), skip);
  }
}

const ioCite = (fn: IoFunction) => srm(`ch. 7 Input-Output, ${fn}`);

function io(fn: IoFunction, device: string, code: number, d: Device): InstructionDecl {
  const f = functions.indexOf(fn);
  return b.insn(`${fn}_${device}`, {
    cite: `${ioCite(fn)}; device ${code.toString(8).padStart(3, '0')} (${device})`,
    class: 'privileged',
    encoding: `111${op(code >> 2, 7)}${op(f, 3)} 0 x:4 y:18` as const,
    syntax: `${fn.toLowerCase()} ${device.toLowerCase()}, {y}({x})`,
    semantics: ({ x, y }, $) => {
      const e = $.let('e', effectiveAddress(x as Bits<4>, y as Bits<18>));
      $.trapIf(ioRefused(), 'privileged', uuoWord(c(13, (0o7 << 10) | ((code >> 2) << 3) | f), e));
      ioSemantics(fn, d, e, $);
    },
  });
}

const devices: [string, number, Device][] = [
  ['APR', 0o000, apr],
  ['PI', 0o004, pi],
  ['TTY', 0o120, tty],
];

export const systemInstructions: InstructionDecl[] = [
  ...Array.from({ length: 16 }, (_, f) => jrst(f)),
  ...uuos,
  ...devices.flatMap(([name, code, d]) => functions.map((fn) => io(fn, name, code, d))),
];


