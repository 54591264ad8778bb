/**
 * Effective addresses (PRM 2.2): the shapes an operand of an m68k entry can have, and what
 * reading and writing one does.
 *
 * The 68000 writes an operand as a 6-bit field (mode, register) in the operation word and,
 * for some modes, extension words after it (source's first, then destination's, PRM 2.1). An
 * encoding here has one fixed length, so an instruction is one entry per *shape* of its
 * operands: `MOVE.L_Post_Dn` is `MOVE.L (An)+,Dn`, two bytes; `MOVE.L_Imm_Dn` is
 * `MOVE.L #imm,Dn`, six. The mode bits are fixed in each entry, the register a field, the
 * extension words fields of the encoding, so the assembler and disassembler read and write
 * the real 68000 words.
 *
 * Shapes modelled (tag: syntax, mode/reg, extension):
 *   Dn:   dn           000 reg   —
 *   An:   an           001 reg   —
 *   Ind:  (an)         010 reg   —
 *   Post: (an)+        011 reg   —
 *   Pre:  -(an)        100 reg   —
 *   Disp: (d16, an)    101 reg   16-bit signed displacement
 *   AbsW: (xxx).w      111 000   16-bit address, sign-extended
 *   AbsL: (xxx).l      111 001   32-bit address
 *   Imm:  #xxx         111 100   8 bits (in a word whose high byte is 0), 16 or 32 bits
 * Abstracted (no entry uses them; they bear on no system state): the indexed modes
 * (d8,An,Xn), and the PC-relative modes (d16,PC) and (d8,PC,Xn). Each instruction has the shapes
 * listed in its entry, not every shape the manual allows: enough for programs to run and for
 * every shape a system instruction takes to be checked.
 *
 * Byte pushes and pops on A7 move it by two, keeping the stack word-aligned (PRM 2.2.4-2.2.5).
 */
import { add, concat, eq, extract, ite, load, sext, sub } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { Operand } from '../../description.js';
import { A, D, type M68kSemantics } from './machine.js';

export type Size = 'B' | 'W' | 'L';
export const widthOf = { B: 8, W: 16, L: 32 } as const;
const bytesOf = { B: 1, W: 2, L: 4 } as const;

export type Tag = 'Dn' | 'An' | 'Ind' | 'Post' | 'Pre' | 'Disp' | 'AbsW' | 'AbsL' | 'Imm';

/** Which operand of an instruction: field names carry it, so a source and a destination can share a shape. */
export type Role = 's' | 'd';

/** An operand located once: its value and how to write it (register updates of (An)+ and -(An) are done). */
export interface Located {
  read(): Bits<number>;
  write(v: Bits<number>): void;
}

/** The instruction's fields by name (entries built from shapes have names known only at run time). */
export type Fields = Record<string, Bits<number>>;

export interface Shape {
  tag: Tag;
  /** The mode and register bits, as a picture: `mode reg` (most significant first). */
  ea(r: Role): string;
  /** Extension-word picture ('' when none). */
  ext(r: Role, size: Size): string;
  syntax(r: Role): string;
  /** How the assembler writes the shape's fields. */
  operands(r: Role): Record<string, Operand>;
  /** Computes the operand's place (once) for an access of `size`. */
  locate($: M68kSemantics, f: Fields, r: Role, size: Size): Located;
}

const dataReg: Operand = { kind: 'register', file: 'D' };
const addrReg: Operand = { kind: 'register', file: 'A' };
const signed: Operand = { kind: 'immediate', signed: true };
const unsigned: Operand = { kind: 'immediate', signed: false };

/** Reads or writes the low `size` bits of a 32-bit register (PRM 1.2.1: the rest is unchanged). */
export function registerPart($: M68kSemantics, reg: ReturnType<typeof D>, size: Size): Located {
  const w = widthOf[size];
  return {
    read: () => (w === 32 ? reg : extract(reg, w - 1, 0)),
    write: (v) => $.set(reg, (w === 32 ? v : concat(extract(reg, 31, w), v)) as Bits<32>),
  };
}

/** A memory operand at `addr`, named once. */
function memory($: M68kSemantics, name: string, addr: Bits<32>, size: Size): Located {
  const a = $.let(name, addr);
  const w = widthOf[size];
  return { read: () => load(a, w), write: (v) => $.store(a, v) };
}

/** How far (An)+ and -(An) move An: the operand size, except that A7 stays even. */
const step = (reg: Bits<3>, size: Size): Bits<32> => (size === 'B' ? ite(eq(reg, 7), c(32, 2), c(32, 1)) : c(32, bytesOf[size]));

const f = (fields: Fields, name: string) => fields[name]!;

export const shapes: Record<Tag, Shape> = {
  Dn: {
    tag: 'Dn',
    ea: (r) => `000 ${r}d:3`,
    ext: () => '',
    syntax: (r) => `{${r}d}`,
    operands: (r) => ({ [`${r}d`]: dataReg }),
    locate: ($, fs, r, size) => registerPart($, D(f(fs, `${r}d`) as Bits<3>), size),
  },
  An: {
    tag: 'An',
    ea: (r) => `001 ${r}a:3`,
    ext: () => '',
    syntax: (r) => `{${r}a}`,
    operands: (r) => ({ [`${r}a`]: addrReg }),
    locate: ($, fs, r, size) => registerPart($, A(f(fs, `${r}a`) as Bits<3>), size),
  },
  Ind: {
    tag: 'Ind',
    ea: (r) => `010 ${r}a:3`,
    ext: () => '',
    syntax: (r) => `({${r}a})`,
    operands: (r) => ({ [`${r}a`]: addrReg }),
    locate: ($, fs, r, size) => memory($, `${r}ea`, A(f(fs, `${r}a`) as Bits<3>), size),
  },
  Post: {
    tag: 'Post',
    ea: (r) => `011 ${r}a:3`,
    ext: () => '',
    syntax: (r) => `({${r}a})+`,
    operands: (r) => ({ [`${r}a`]: addrReg }),
    locate: ($, fs, r, size) => {
      const n = f(fs, `${r}a`) as Bits<3>;
      const m = memory($, `${r}ea`, A(n), size);
      $.set(A(n), add(A(n), step(n, size)));
      return m;
    },
  },
  Pre: {
    tag: 'Pre',
    ea: (r) => `100 ${r}a:3`,
    ext: () => '',
    syntax: (r) => `-({${r}a})`,
    operands: (r) => ({ [`${r}a`]: addrReg }),
    locate: ($, fs, r, size) => {
      const n = f(fs, `${r}a`) as Bits<3>;
      $.set(A(n), sub(A(n), step(n, size)));
      return memory($, `${r}ea`, A(n), size);
    },
  },
  Disp: {
    tag: 'Disp',
    ea: (r) => `101 ${r}a:3`,
    ext: (r) => `${r}disp:16`,
    syntax: (r) => `({${r}disp}, {${r}a})`,
    operands: (r) => ({ [`${r}a`]: addrReg, [`${r}disp`]: signed }),
    locate: ($, fs, r, size) => memory($, `${r}ea`, add(A(f(fs, `${r}a`) as Bits<3>), sext(f(fs, `${r}disp`), 32)), size),
  },
  AbsW: {
    tag: 'AbsW',
    ea: () => '111 000',
    ext: (r) => `${r}absw:16`,
    syntax: (r) => `({${r}absw}).w`,
    operands: (r) => ({ [`${r}absw`]: signed }),
    locate: ($, fs, r, size) => memory($, `${r}ea`, sext(f(fs, `${r}absw`), 32), size),
  },
  AbsL: {
    tag: 'AbsL',
    ea: () => '111 001',
    ext: (r) => `${r}absl:32`,
    syntax: (r) => `({${r}absl}).l`,
    operands: (r) => ({ [`${r}absl`]: unsigned }),
    locate: ($, fs, r, size) => memory($, `${r}ea`, f(fs, `${r}absl`) as Bits<32>, size),
  },
  Imm: {
    tag: 'Imm',
    ea: () => '111 100',
    ext: (r, size) => (size === 'B' ? `00000000 ${r}imm:8` : `${r}imm:${widthOf[size]}`),
    syntax: (r) => `#{${r}imm}`,
    operands: (r) => ({ [`${r}imm`]: unsigned }),
    locate: (_$, fs, r) => ({
      read: () => f(fs, `${r}imm`),
      write: () => {
        throw new Error('an immediate operand is not writable');
      },
    }),
  },
};

/** The address a control-addressing shape names (LEA, PEA, JMP, JSR: PRM table 2-4), without an access. */
export function controlAddress(shape: Tag, f: Fields, r: Role): Bits<32> {
  const an = () => A(f[`${r}a`] as Bits<3>);
  switch (shape) {
    case 'Ind':
      return an();
    case 'Disp':
      return add(an(), sext(f[`${r}disp`]!, 32));
    case 'AbsW':
      return sext(f[`${r}absw`]!, 32);
    case 'AbsL':
      return f[`${r}absl`] as Bits<32>;
    default:
      throw new Error(`${shape} is not a control addressing mode`);
  }
}

/** The length in bytes of an encoding picture (for the address of the next instruction). */
export const pictureBytes = (picture: string): number => {
  let bits = 0;
  for (const w of picture.trim().split(/\s+/)) {
    const m = /^[A-Za-z_][A-Za-z0-9_]*:(\d+)$/.exec(w);
    bits += m ? Number(m[1]) : w.replace(/_/g, '').length;
  }
  return bits / 8;
};

