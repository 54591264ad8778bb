/**
 * The ordinary instructions (45HB chapter 4): double-operand MOV(B), CMP(B), BIT(B), BIC(B),
 * BIS(B), ADD, SUB; single-operand CLR(B), COM(B), INC(B), DEC(B), NEG(B), TST(B); the branches;
 * JMP, JSR, RTS, SOB; and the condition-code operators (CLC ... SCC). Each instruction is one entry
 * per shape combination of its operands (operands.ts); the combinations are listed per
 * instruction below, and a word of a combination not listed is a reserved instruction here.
 *
 * Condition codes follow each instruction's description in 45HB chapter 4.
 *
 * Branch offsets: the 8-bit offset counts words from the updated PC (45HB 4.5): the assembler's
 * targets are labels (`bne loop`). SOB's 6-bit offset counts words BACK from the updated PC: it is
 * written as the byte distance, `sob r1, . + 2 - loop` (label arithmetic), as the field holds
 * that distance's bits 6:1.
 *
 * The condition-code operators 000240-000277 (45HB 4.7, "Condition code operators") are two
 * entries: CCC clears the flags its 4-bit mask names (N 8, Z 4, V 2, C 1) and SCC sets them;
 * CLC is `ccc 1`, SEC `scc 1`, CLN `ccc 8`, NOP (000240) `ccc 0`, and so on.
 */
import { add, all, any, bit, eq, extract, ne, not, or, and, sext, sub, xor, zext, ite } from '../../builder/ops.js';
import type { Bits, Bool } from '../../builder/bits.js';
import { c } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl, Operand } from '../../description.js';
import { b, flag, PC, SP, type PdpSemantics } from './machine.js';
import { advancePc, controlAddress, memoryOperand, picture, readGpr, shapes, writeGpr, type Fields, type Located, type Size, type Tag } from './operands.js';
import { virtual16 } from './mm.js';

export interface EntryInput {
  cite: string;
  class?: DeclaredClass;
  picture: string;
  syntax: string;
  operands?: Record<string, Operand>;
  excluded?: Record<string, number[]>;
  doc?: string;
  semantics: (f: Fields, $: PdpSemantics) => void;
}

/** One entry (its fields are known only when it is made). */
export function entry(mnemonic: string, o: EntryInput): InstructionDecl {
  return b.insn(mnemonic, {
    cite: o.cite,
    class: o.class ?? 'innocuous',
    encoding: o.picture,
    syntax: o.syntax,
    ...(o.operands ? { operands: o.operands } : {}),
    ...(o.excluded && Object.keys(o.excluded).length > 0 ? { excluded: o.excluded as never } : {}),
    ...(o.doc ? { doc: o.doc } : {}),
    semantics: (fs, $) => {
      // The instruction word has been fetched: the PC is past it (45HB 3.3).
      advancePc($ as PdpSemantics);
      o.semantics(fs as unknown as Fields, $ as PdpSemantics);
    },
  });
}

const msb = (v: Bits<number>): Bool => bit(v, v.width - 1);

function setNZ($: PdpSemantics, r: Bits<number>): void {
  $.set(flag.N, msb(r));
  $.set(flag.Z, eq(r, 0));
}

/** MOV, BIT, BIC, BIS, CLR, TST ...: N Z from the result, V cleared, C unchanged. */
function logicFlags($: PdpSemantics, r: Bits<number>): void {
  setNZ($, r);
  $.set(flag.V, 0);
}

/** ADD r = s + d: V when the operands' signs agree and the result's differs; C the carry out. */
function addFlags($: PdpSemantics, s: Bits<number>, d: Bits<number>, r: Bits<number>): void {
  setNZ($, r);
  $.set(flag.V, msb(and(not(xor(s, d)), xor(s, r))));
  $.set(flag.C, msb(or(and(s, d), and(not(r), or(s, d)))));
}

/** SUB r = d − s and CMP r = s − d (a − b): V when a's and b's signs differ and r's is b's; C the borrow (a < b unsigned). */
function subFlags($: PdpSemantics, a: Bits<number>, bb: Bits<number>, r: Bits<number>): void {
  setNZ($, r);
  $.set(flag.V, msb(and(xor(a, bb), not(xor(bb, r)))));
  $.set(flag.C, msb(or(and(not(a), bb), and(r, or(not(a), bb)))));
}

type Double = 'MOV' | 'CMP' | 'BIT' | 'BIC' | 'BIS' | 'ADD' | 'SUB';
const doubleOps: Record<Double, { word: string; byte?: string; cite: string; reads: boolean; writes: boolean }> = {
  MOV: { word: '0001', byte: '1001', cite: '45HB 4.4 MOV/MOVB', reads: false, writes: true },
  CMP: { word: '0010', byte: '1010', cite: '45HB 4.4 CMP/CMPB', reads: true, writes: false },
  BIT: { word: '0011', byte: '1011', cite: '45HB 4.4 BIT/BITB', reads: true, writes: false },
  BIC: { word: '0100', byte: '1100', cite: '45HB 4.4 BIC/BICB', reads: true, writes: true },
  BIS: { word: '0101', byte: '1101', cite: '45HB 4.4 BIS/BISB', reads: true, writes: true },
  ADD: { word: '0110', cite: '45HB 4.4 ADD', reads: true, writes: true },
  SUB: { word: '1110', cite: '45HB 4.4 SUB', reads: true, writes: true },
};

function doubleOperand(op: Double, size: Size, src: Tag, dst: Tag): InstructionDecl {
  const d = doubleOps[op];
  const s = shapes[src];
  const t = shapes[dst];
  const name = size === 'B' ? `${op}B` : op;
  return entry(`${name}.${src}.${dst}`, {
    cite: d.cite,
    picture: picture(`${size === 'B' ? d.byte! : d.word} ${s.spec('s')} ${t.spec('d')}`, s.ext('s'), t.ext('d')),
    syntax: `${name.toLowerCase()} ${s.syntax('s')}, ${t.syntax('d')}`,
    operands: { ...s.operands('s'), ...t.operands('d') },
    excluded: { ...s.excluded('s'), ...t.excluded('d') },
    semantics: (f, $) => {
      const sv = $.let('src', s.locate($, f, 's', size).read());
      const loc: Located = t.locate($, f, 'd', size, d.reads && d.writes);
      const dv = d.reads ? $.let('dst', loc.read()) : undefined;
      switch (op) {
        case 'MOV':
          logicFlags($, sv);
          // MOVB to a register sign-extends into the whole register (45HB 4.4 MOVB).
          if (size === 'B' && dst === 'R') writeGpr($, f.dr as Bits<3>, sext(sv, 16));
          else loc.write(sv);
          return;
        case 'CMP': {
          const r = $.let('r', sub(sv, dv!));
          subFlags($, sv, dv!, r);
          return;
        }
        case 'BIT':
          logicFlags($, and(sv, dv!));
          return;
        case 'BIC': {
          const r = $.let('r', and(dv!, not(sv)));
          logicFlags($, r);
          loc.write(r);
          return;
        }
        case 'BIS': {
          const r = $.let('r', or(dv!, sv));
          logicFlags($, r);
          loc.write(r);
          return;
        }
        case 'ADD': {
          const r = $.let('r', add(sv, dv!));
          addFlags($, sv, dv!, r);
          loc.write(r);
          return;
        }
        case 'SUB': {
          const r = $.let('r', sub(dv!, sv));
          subFlags($, dv!, sv, r);
          loc.write(r);
          return;
        }
      }
    },
  });
}

type Single = 'CLR' | 'COM' | 'INC' | 'DEC' | 'NEG' | 'TST';
const singleOps: Record<Single, { bits: string; cite: string }> = {
  CLR: { bits: '101 000', cite: '45HB 4.3 CLR/CLRB' },
  COM: { bits: '101 001', cite: '45HB 4.3 COM/COMB' },
  INC: { bits: '101 010', cite: '45HB 4.3 INC/INCB' },
  DEC: { bits: '101 011', cite: '45HB 4.3 DEC/DECB' },
  NEG: { bits: '101 100', cite: '45HB 4.3 NEG/NEGB' },
  TST: { bits: '101 111', cite: '45HB 4.3 TST/TSTB' },
};

function singleOperand(op: Single, size: Size, dst: Tag): InstructionDecl {
  const t = shapes[dst];
  const name = size === 'B' ? `${op}B` : op;
  const w = size === 'B' ? 8 : 16;
  const rmw = op !== 'CLR' && op !== 'TST';
  return entry(`${name}.${dst}`, {
    cite: singleOps[op].cite,
    picture: picture(`${size === 'B' ? '1' : '0'}000 ${singleOps[op].bits} ${t.spec('d')}`, t.ext('d')),
    syntax: `${name.toLowerCase()} ${t.syntax('d')}`,
    operands: t.operands('d'),
    excluded: t.excluded('d'),
    semantics: (f, $) => {
      const loc = t.locate($, f, 'd', size, rmw);
      const v = op === 'CLR' ? c(w, 0) : $.let('dst', loc.read());
      const max = (1 << (w - 1)) - 1;
      switch (op) {
        case 'CLR':
          setNZ($, v);
          $.set(flag.V, 0);
          $.set(flag.C, 0);
          loc.write(v);
          return;
        case 'TST':
          setNZ($, v);
          $.set(flag.V, 0);
          $.set(flag.C, 0);
          return;
        case 'COM': {
          const r = $.let('r', not(v));
          setNZ($, r);
          $.set(flag.V, 0);
          $.set(flag.C, 1);
          loc.write(r);
          return;
        }
        case 'INC': {
          const r = $.let('r', add(v, 1));
          setNZ($, r);
          $.set(flag.V, eq(v, max));
          loc.write(r);
          return;
        }
        case 'DEC': {
          const r = $.let('r', sub(v, 1));
          setNZ($, r);
          $.set(flag.V, eq(v, max + 1));
          loc.write(r);
          return;
        }
        case 'NEG': {
          const r = $.let('r', sub(c(w, 0) as Bits<number>, v));
          setNZ($, r);
          $.set(flag.V, eq(r, max + 1));
          $.set(flag.C, ne(r, 0));
          loc.write(r);
          return;
        }
      }
    },
  });
}

const nXorV = (): Bool => xor(flag.N, flag.V) as Bool;
/** The branches (45HB 4.5): opcode bits 15:8 and the condition. */
const branches: { name: string; bits: string; cond: () => Bool }[] = [
  { name: 'BR', bits: '0000 0001', cond: () => c(1, 1) as Bool },
  { name: 'BNE', bits: '0000 0010', cond: () => eq(flag.Z, 0) },
  { name: 'BEQ', bits: '0000 0011', cond: () => eq(flag.Z, 1) },
  { name: 'BGE', bits: '0000 0100', cond: () => eq(nXorV(), 0) },
  { name: 'BLT', bits: '0000 0101', cond: () => eq(nXorV(), 1) },
  { name: 'BGT', bits: '0000 0110', cond: () => eq(or(flag.Z, nXorV()), 0) },
  { name: 'BLE', bits: '0000 0111', cond: () => eq(or(flag.Z, nXorV()), 1) },
  { name: 'BPL', bits: '1000 0000', cond: () => eq(flag.N, 0) },
  { name: 'BMI', bits: '1000 0001', cond: () => eq(flag.N, 1) },
  { name: 'BHI', bits: '1000 0010', cond: () => all(eq(flag.C, 0), eq(flag.Z, 0)) },
  { name: 'BLOS', bits: '1000 0011', cond: () => any(eq(flag.C, 1), eq(flag.Z, 1)) },
  { name: 'BVC', bits: '1000 0100', cond: () => eq(flag.V, 0) },
  { name: 'BVS', bits: '1000 0101', cond: () => eq(flag.V, 1) },
  { name: 'BCC', bits: '1000 0110', cond: () => eq(flag.C, 0) },
  { name: 'BCS', bits: '1000 0111', cond: () => eq(flag.C, 1) },
];

const branchEntries = branches.map(({ name, bits, cond }) =>
  entry(name, {
    cite: `45HB 4.5 ${name}`,
    picture: `${bits} off[8:1]`,
    syntax: `${name.toLowerCase()} {off}`,
    operands: { off: { kind: 'target', relative: true, signed: true, from: 2 } },
    semantics: (f, $) => $.if(cond(), () => $.set(PC, zext(add(virtual16(PC), sext(f.off!, 16)), 18))),
  }),
);

/** The shape combinations of each double-operand instruction (source, destination). */
const doubleCombos: [Double, Size, Tag, Tag][] = [
  ...(['R', 'Ind', 'Inc', 'Dec', 'Imm', 'Abs'] as Tag[]).map((s): [Double, Size, Tag, Tag] => ['MOV', 'W', s, 'R']),
  ...(['Ind', 'Inc', 'Dec', 'Abs'] as Tag[]).map((d): [Double, Size, Tag, Tag] => ['MOV', 'W', 'R', d]),
  ...(['Ind', 'Dec', 'Abs'] as Tag[]).map((d): [Double, Size, Tag, Tag] => ['MOV', 'W', 'Imm', d]),
  ['MOV', 'W', 'Inc', 'Inc'],
  ['MOV', 'W', 'Abs', 'Abs'],
  ['MOV', 'B', 'R', 'Abs'],
  ['MOV', 'B', 'Imm', 'Abs'],
  ['MOV', 'B', 'Inc', 'R'],
  ['MOV', 'B', 'Inc', 'Abs'],
  ['MOV', 'B', 'Ind', 'R'],
  ['MOV', 'B', 'R', 'Ind'],
  ['CMP', 'W', 'R', 'R'],
  ['CMP', 'W', 'Imm', 'R'],
  ['CMP', 'B', 'R', 'R'],
  ['CMP', 'B', 'Imm', 'R'],
  ['BIT', 'W', 'Imm', 'R'],
  ['BIT', 'W', 'Imm', 'Abs'],
  ['BIC', 'W', 'Imm', 'R'],
  ['BIC', 'W', 'Imm', 'Abs'],
  ['BIS', 'W', 'Imm', 'R'],
  ['BIS', 'W', 'Imm', 'Abs'],
  ['ADD', 'W', 'R', 'R'],
  ['ADD', 'W', 'Imm', 'R'],
  ['ADD', 'W', 'Imm', 'Abs'],
  ['SUB', 'W', 'R', 'R'],
  ['SUB', 'W', 'Imm', 'R'],
];

const singleCombos: [Single, Size, Tag][] = [
  ...(['CLR', 'COM', 'INC', 'DEC', 'NEG', 'TST'] as Single[]).map((op): [Single, Size, Tag] => [op, 'W', 'R']),
  ['CLR', 'W', 'Abs'],
  ['INC', 'W', 'Abs'],
  ['DEC', 'W', 'Abs'],
  ['TST', 'W', 'Abs'],
  ['CLR', 'B', 'R'],
  ['TST', 'B', 'R'],
  ['TST', 'B', 'Inc'],
];

/** JMP (45HB 4.6): to the operand's address (register mode is a reserved instruction). */
const jmpEntries = (['Ind', 'Idx', 'Abs'] as Tag[]).map((tag) => {
  const t = shapes[tag];
  return entry(`JMP.${tag}`, {
    cite: '45HB 4.6 JMP',
    picture: picture(`0000 000 001 ${t.spec('d')}`, t.ext('d')),
    syntax: `jmp ${t.syntax('d')}`,
    operands: t.operands('d'),
    semantics: (f, $) => $.set(PC, zext(controlAddress($, tag, f, 'd'), 18)),
  });
});

/** JSR r, dst (45HB 4.6): push r, r := PC, PC := the operand's address. */
const jsrEntries = (['Ind', 'Abs'] as Tag[]).map((tag) => {
  const t = shapes[tag];
  return entry(`JSR.${tag}`, {
    cite: '45HB 4.6 JSR',
    picture: picture(`0000 100 lr:3 ${t.spec('d')}`, t.ext('d')),
    syntax: `jsr {lr}, ${t.syntax('d')}`,
    operands: { lr: { kind: 'register', file: 'R' }, ...t.operands('d') },
    semantics: (f, $) => {
      const target = $.let('target', controlAddress($, tag, f, 'd'));
      const old = $.let('link', readGpr(f.lr as Bits<3>));
      const sp = $.let('sp', sub(SP, 2));
      const m = memoryOperand($, 'push', sp, 'W');
      $.set(SP, sp);
      m.write(old);
      writeGpr($, f.lr as Bits<3>, virtual16(PC));
      $.set(PC, zext(target, 18));
    },
  });
});

const controlEntries: InstructionDecl[] = [
  ...jmpEntries,
  ...jsrEntries,
  entry('RTS', {
    cite: '45HB 4.6 RTS',
    picture: '0000 0000 1000 0 lr:3',
    syntax: 'rts {lr}',
    operands: { lr: { kind: 'register', file: 'R' } },
    doc: 'PC := r; r := pop',
    semantics: (f, $) => {
      const m = memoryOperand($, 'pop', SP, 'W');
      const v = $.let('popped', m.read() as Bits<16>);
      $.set(PC, zext(readGpr(f.lr as Bits<3>), 18));
      $.set(SP, add(SP, 2));
      writeGpr($, f.lr as Bits<3>, v);
    },
  }),
  entry('SOB', {
    cite: '45HB 4.6 SOB',
    picture: '0111 111 lr:3 off[6:1]',
    syntax: 'sob {lr}, {off}',
    operands: { lr: { kind: 'register', file: 'R' }, off: { kind: 'immediate', signed: false } },
    doc: 'r := r − 1; if r ≠ 0, PC := PC − 2 × offset (the field: the byte distance back from the updated PC)',
    semantics: (f, $) => {
      const n = f.lr as Bits<3>;
      const r = $.let('count', sub(readGpr(n), 1));
      writeGpr($, n, r);
      $.if(ne(r, 0), () => $.set(PC, zext(sub(virtual16(PC), zext(f.off!, 16)), 18)));
    },
  }),
];

const ccEntries: InstructionDecl[] = [
  entry('CCC', {
    cite: '45HB 4.7 condition code operators (CLC, CLV, CLZ, CLN, CCC; NOP = 000240)',
    picture: '0000 0000 1010 mask:4',
    syntax: 'ccc {mask}',
    operands: { mask: { kind: 'immediate', signed: false } },
    semantics: (f, $) => {
      const m = f.mask!;
      $.if(bit(m, 3), () => $.set(flag.N, 0));
      $.if(bit(m, 2), () => $.set(flag.Z, 0));
      $.if(bit(m, 1), () => $.set(flag.V, 0));
      $.if(bit(m, 0), () => $.set(flag.C, 0));
    },
  }),
  entry('SCC', {
    cite: '45HB 4.7 condition code operators (SEC, SEV, SEZ, SEN, SCC)',
    picture: '0000 0000 1011 mask:4',
    syntax: 'scc {mask}',
    operands: { mask: { kind: 'immediate', signed: false } },
    semantics: (f, $) => {
      const m = f.mask!;
      $.if(bit(m, 3), () => $.set(flag.N, 1));
      $.if(bit(m, 2), () => $.set(flag.Z, 1));
      $.if(bit(m, 1), () => $.set(flag.V, 1));
      $.if(bit(m, 0), () => $.set(flag.C, 1));
    },
  }),
];

export const integerInstructions: InstructionDecl[] = [
  ...doubleCombos.map(([op, size, s, d]) => doubleOperand(op, size, s, d)),
  ...singleCombos.map(([op, size, d]) => singleOperand(op, size, d)),
  ...branchEntries,
  ...controlEntries,
  ...ccEntries,
];

export { ite, extract };
