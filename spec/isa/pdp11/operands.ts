/**
 * PDP-11 addressing (45HB chapter 3): the general registers as the operands see them, word and
 * byte accesses, and the operand SHAPES an entry is written with.
 *
 * An operand is a 6-bit field, mode (3 bits) and register (3 bits); modes 6 and 7, and modes 2 and
 * 3 with R7 (the PC), take an extension word from the instruction stream. An encoding here has one
 * fixed length, so an instruction is one entry per shape of its operands (`MOV.Imm.R` is
 * `mov #n, r3`: opcode 012703 and the immediate word). The mode bits are fixed in each entry and
 * the register is a field, so the words the assembler writes and the disassembler reads are the
 * real PDP-11 words. Shapes (tag: syntax, mode, extension word):
 *   R:    rN          0      —
 *   Ind:  @rN         1      —      (MACRO-11's other spelling of (rN): see below)
 *   Inc:  (rN)+       2      —      (not R7: that is Imm)
 *   Dec:  -(rN)       4      —      (not R7)
 *   Idx:  x(rN)       6      x      (x(pc) is the PC-relative mode 67)
 *   Imm:  #n          2, R7  n
 *   Abs:  @#a         3, R7  a
 * The assembler tells shapes of one mnemonic apart by their literal text, and an index
 * expression could begin with '(' or '-': so register deferred is written `@rN` (45HB 3.2 gives
 * both `@Rn` and `(Rn)`), and no instruction has both the index shape and (rN)+ or -(rN) at one
 * operand position (x(rN) is on JMP, MFPx and MTPx; MOV has (rN)+ and -(rN) instead).
 * Not modelled as shapes (a word using them decodes as no instruction, the reserved-instruction
 * trap, in every mode alike): the deferred modes @(rN)+ (3), @-(rN) (5) and @x(rN) (7, and @a,
 * PC-relative deferred), and -(pc). Each instruction has the shape combinations listed in its
 * entry, not all the manual allows: enough for a kernel to run, and every shape a system
 * instruction takes (MFPx/MTPx) is checked.
 *
 * The PC advances as the hardware fetches (45HB 3.3): past the instruction word first, then past
 * the source's extension word when the source is evaluated, then past the destination's. So an
 * operand that names R7 reads the address after the words fetched so far, as on the machine.
 *
 * Byte operands (45HB 3.1): a byte instruction reads and writes the low byte of a register (MOVB
 * to a register sign-extends into all 16 bits); (rN)+ and -(rN) step by one, except on R6 and R7,
 * which stay even. Word accesses at odd addresses take the odd-address abort (vector 4).
 */
import { add, bit, concat, eq, extract, ite, load, loadForModify, sext, sub, ult, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { Operand } from '../../description.js';
import { PC, R, type PdpSemantics } from './machine.js';
import { virtual16 } from './mm.js';

export type Size = 'W' | 'B';
export const widthOf = { W: 16, B: 8 } as const;

/** General register `n` as an operand reads it: R0-R5 of the set PSW<RS> selects and R6 the mode's stack pointer (both banked: machine.ts), R7 the PC (the address after the words fetched so far). */
export const readGpr = (n: Bits<3>): Bits<16> => ite(eq(n, 7), virtual16(PC), R(n));

/** Writes general register `n` (R7: the PC). */
export function writeGpr($: PdpSemantics, n: Bits<3>, v: Bits<16>): void {
  $.if(eq(n, 7), () => $.set(PC, zext(v, 18)), () => $.set(R(n), v));
}

/** PC := PC + 2: one more word fetched from the instruction stream. */
export function advancePc($: PdpSemantics): void {
  $.set(PC, zext(add(virtual16(PC), 2), 18));
}

/** A word or byte at a virtual address, named once; a word at an odd address aborts (vector 4). */
export function memoryOperand($: PdpSemantics, name: string, addr: Bits<16>, size: Size, modify = false): Located {
  const a = $.let(name, addr);
  if (size === 'W') $.trapIf(bit(a, 0), 'oddAddress', a);
  const w = widthOf[size];
  return {
    read: () => (modify ? loadForModify(zext(a, 18), w) : load(zext(a, 18), w)),
    write: (v) => $.store(zext(a, 18), v),
    address: a,
  };
}

/** An operand located once: its value, how to write it, and (memory operands) its address. */
export interface Located {
  read(): Bits<number>;
  write(v: Bits<number>): void;
  address?: Bits<16>;
}

export type Tag = 'R' | 'Ind' | 'Inc' | 'Dec' | 'Idx' | 'Imm' | 'Abs';
/** Which operand: field names carry it, so a source and a destination can share a shape. */
export type Role = 's' | 'd';
export type Fields = Record<string, Bits<number>>;

export interface Shape {
  tag: Tag;
  /** The operand's 6 bits, as a picture (mode then register). */
  spec(r: Role): string;
  /** Its extension word's picture ('' when none). */
  ext(r: Role): string;
  syntax(r: Role): string;
  operands(r: Role): Record<string, Operand>;
  /** Register values the field never takes in this shape. */
  excluded(r: Role): Record<string, number[]>;
  /**
   * Evaluates the operand's address (its register updates and extension-word fetch done) for an
   * access of `size`; `modify` marks a destination that is read and then written.
   */
  locate($: PdpSemantics, f: Fields, r: Role, size: Size, modify?: boolean): Located;
}

const gpr: Operand = { kind: 'register', file: 'R' };
const imm: Operand = { kind: 'immediate', signed: false };
const field = (f: Fields, name: string) => f[name]! as Bits<number>;

/** A register operand: the whole word, or its low byte (MOVB's sign extension is the entry's). */
function registerOperand($: PdpSemantics, n: Bits<3>, size: Size): Located {
  const v = readGpr(n);
  return {
    read: () => (size === 'W' ? v : extract(v, 7, 0)),
    write: (x) => writeGpr($, n, size === 'W' ? (x as Bits<16>) : concat(extract(readGpr(n), 15, 8), x as Bits<8>)),
  };
}

/** How far (rN)+ and -(rN) move rN: 2 for a word, 1 for a byte except on R6 and R7. */
const step = (n: Bits<3>, size: Size): Bits<16> => (size === 'W' ? c(16, 2) : ite(ult(n, 6), c(16, 1), c(16, 2)));

export const shapes: Record<Tag, Shape> = {
  R: {
    tag: 'R',
    spec: (r) => `000 ${r}r:3`,
    ext: () => '',
    syntax: (r) => `{${r}r}`,
    operands: (r) => ({ [`${r}r`]: gpr }),
    excluded: () => ({}),
    locate: ($, f, r, size) => registerOperand($, field(f, `${r}r`) as Bits<3>, size),
  },
  Ind: {
    tag: 'Ind',
    spec: (r) => `001 ${r}r:3`,
    ext: () => '',
    syntax: (r) => `@{${r}r}`,
    operands: (r) => ({ [`${r}r`]: gpr }),
    excluded: () => ({}),
    locate: ($, f, r, size, modify) => memoryOperand($, `${r}.ea`, readGpr(field(f, `${r}r`) as Bits<3>), size, modify),
  },
  Inc: {
    tag: 'Inc',
    spec: (r) => `010 ${r}r:3`,
    ext: () => '',
    syntax: (r) => `({${r}r})+`,
    operands: (r) => ({ [`${r}r`]: gpr }),
    excluded: (r) => ({ [`${r}r`]: [7] }),
    locate: ($, f, r, size, modify) => {
      const n = field(f, `${r}r`) as Bits<3>;
      const m = memoryOperand($, `${r}.ea`, readGpr(n), size, modify);
      writeGpr($, n, add(readGpr(n), step(n, size)));
      return m;
    },
  },
  Dec: {
    tag: 'Dec',
    spec: (r) => `100 ${r}r:3`,
    ext: () => '',
    syntax: (r) => `-({${r}r})`,
    operands: (r) => ({ [`${r}r`]: gpr }),
    excluded: (r) => ({ [`${r}r`]: [7] }),
    locate: ($, f, r, size, modify) => {
      const n = field(f, `${r}r`) as Bits<3>;
      writeGpr($, n, sub(readGpr(n), step(n, size)));
      return memoryOperand($, `${r}.ea`, readGpr(n), size, modify);
    },
  },
  Idx: {
    tag: 'Idx',
    spec: (r) => `110 ${r}r:3`,
    ext: (r) => `${r}x:16`,
    syntax: (r) => `{${r}x}({${r}r})`,
    operands: (r) => ({ [`${r}r`]: gpr, [`${r}x`]: imm }),
    excluded: () => ({}),
    locate: ($, f, r, size, modify) => {
      advancePc($);
      return memoryOperand($, `${r}.ea`, add(readGpr(field(f, `${r}r`) as Bits<3>), field(f, `${r}x`) as Bits<16>), size, modify);
    },
  },
  Imm: {
    tag: 'Imm',
    spec: () => '010 111',
    ext: (r) => `${r}n:16`,
    syntax: (r) => `#{${r}n}`,
    operands: (r) => ({ [`${r}n`]: imm }),
    excluded: () => ({}),
    locate: ($, f, r, size) => {
      advancePc($);
      const n = field(f, `${r}n`) as Bits<16>;
      return {
        read: () => (size === 'W' ? n : extract(n, 7, 0)),
        // (PC)+ as a destination writes the word it names, the immediate's own cell.
        write: () => {
          throw new Error('no entry writes an immediate operand');
        },
      };
    },
  },
  Abs: {
    tag: 'Abs',
    spec: () => '011 111',
    ext: (r) => `${r}a:16`,
    syntax: (r) => `@#{${r}a}`,
    operands: (r) => ({ [`${r}a`]: imm }),
    excluded: () => ({}),
    locate: ($, f, r, size, modify) => {
      advancePc($);
      return memoryOperand($, `${r}.ea`, field(f, `${r}a`) as Bits<16>, size, modify);
    },
  },
};

/** The address a control-transfer shape names (JMP, JSR: 45HB 4.6), without an access; the PC advanced past its word. */
export function controlAddress($: PdpSemantics, tag: Tag, f: Fields, r: Role): Bits<16> {
  switch (tag) {
    case 'Ind':
      return readGpr(field(f, `${r}r`) as Bits<3>);
    case 'Idx':
      advancePc($);
      return add(readGpr(field(f, `${r}r`) as Bits<3>), field(f, `${r}x`) as Bits<16>);
    case 'Abs':
      advancePc($);
      return field(f, `${r}a`) as Bits<16>;
    default:
      throw new Error(`${tag} is not a control-transfer shape here`);
  }
}

/** The bit picture of an entry: extension words (the last in memory first), then the instruction word. */
export const picture = (word: string, ...exts: string[]): string => [...exts.filter((e) => e !== '').reverse(), word].join(' ');

export { sext };
