/**
 * MTPR and MFPR (VAX ARM, "Privileged Instructions"; the processor registers: "Processor
 * Registers" and the 11/780's console registers in the VAX-11/780 Architecture Handbook).
 *
 * Each (operation, register) pair is an entry of its own, with the register number as the fixed
 * short-literal specifier (00-3F; every register here has a number below 64), so that the checker
 * classifies `MTPR.IPL` apart from `MFPR.SID`: `mtpr r1, #ipl` is DA 51 12, `mfpr #ipl, r1` is
 * DB 12 51. A register number no entry declares decodes as no instruction (the reserved-
 * instruction fault; the VAX gives a reserved-operand fault in kernel mode there). Both
 * operations are kernel-only (privileged-instruction fault elsewhere) and set N and Z from the
 * longword moved, clear V and leave C.
 *
 * The stack pointers: the one in use is R14 (machine.ts), so MTPR/MFPR KSP reach R14 unless on
 * the interrupt stack, ISP reaches R14 when on it; ESP, SSP and USP are never in use in kernel
 * mode. SIRR, TBIA, TBIS and TXDB are write-only, RXDB and SID read-only; a write to a length
 * register keeps bits 21:0, to a base register clears bits 1:0.
 */
import { and, bit, eq, extract, ite, or, shl, ugt, zext } from '../../builder/ops.js';
import { c, type Bits, type Loc } from '../../builder/bits.js';
import { consoleCell, vaxBuilder as b, type StateLoc, type VaxSemantics } from './machine.js';

const R = b.file('R');
const SP = R(c(4, 14));
const reg: StateLoc = (name) => b.reg(name as never) as unknown as Loc<number>;
const IS = reg('PSL.IS') as Loc<1>;

export interface ProcessorRegister {
  name: string;
  number: number;
  read?: () => Bits<32>;
  write?: ($: VaxSemantics, v: Bits<32>) => void;
  doc?: string;
}

const whole = (name: string): Pick<ProcessorRegister, 'read' | 'write'> => ({ read: () => reg(name) as Bits<32>, write: ($, v) => $.set(reg(name), v) });
const base = (name: string): Pick<ProcessorRegister, 'read' | 'write'> => ({ read: () => reg(name) as Bits<32>, write: ($, v) => $.set(reg(name), and(v, ~3)) });
const length = (name: string): Pick<ProcessorRegister, 'read' | 'write'> => ({ read: () => zext(reg(name), 32), write: ($, v) => $.set(reg(name), extract(v, 21, 0)) });
/** A stack pointer: R14 while it is the one in use (`inUse`), its saved copy otherwise. */
const stack = (name: string, inUse?: () => Bits<1>): Pick<ProcessorRegister, 'read' | 'write'> =>
  inUse
    ? { read: () => ite(eq(inUse(), 1), SP, reg(name) as Bits<32>), write: ($, v) => $.if(eq(inUse(), 1), () => $.set(SP, v), () => $.set(reg(name), v)) }
    : whole(name);

export const processorRegisters: ProcessorRegister[] = [
  { name: 'ksp', number: 0, ...stack('KSP', () => eq(IS, 0)), doc: 'kernel stack pointer: R14 unless on the interrupt stack' },
  { name: 'esp', number: 1, ...stack('ESP') },
  { name: 'ssp', number: 2, ...stack('SSP') },
  { name: 'usp', number: 3, ...stack('USP') },
  { name: 'isp', number: 4, ...stack('ISP', () => IS), doc: 'interrupt stack pointer: R14 when on the interrupt stack' },
  { name: 'p0br', number: 8, ...base('P0BR') },
  { name: 'p0lr', number: 9, ...length('P0LR') },
  { name: 'p1br', number: 10, ...base('P1BR') },
  { name: 'p1lr', number: 11, ...length('P1LR') },
  { name: 'sbr', number: 12, ...base('SBR') },
  { name: 'slr', number: 13, ...length('SLR') },
  { name: 'pcbb', number: 16, ...base('PCBB') },
  { name: 'scbb', number: 17, ...base('SCBB') },
  { name: 'ipl', number: 18, read: () => zext(reg('PSL.IPL'), 32), write: ($, v) => $.set(reg('PSL.IPL'), extract(v, 4, 0)), doc: 'PSL<IPL>' },
  {
    name: 'astlvl', number: 19, read: () => zext(reg('ASTLVL'), 32),
    write: ($, v) => {
      $.trapIf(ugt(v, 4), 'reservedOperand');
      $.set(reg('ASTLVL'), extract(v, 2, 0));
    },
    doc: '0-4; a larger value is a reserved operand',
  },
  {
    name: 'sirr', number: 20,
    write: ($, v) => {
      $.trapIf(ugt(v, 15), 'reservedOperand');
      $.trapIf(eq(v, 0), 'reservedOperand');
      $.set(reg('SISR'), or(reg('SISR') as Bits<16>, shl(c(16, 1), zext(extract(v, 3, 0), 16))));
    },
    doc: 'software interrupt request: sets SISR bit n (1-15); write-only',
  },
  { name: 'sisr', number: 21, read: () => zext(reg('SISR'), 32), write: ($, v) => $.set(reg('SISR'), and(extract(v, 15, 0), 0xfffe)) },
  { name: 'rxcs', number: 32, ...whole('RXCS'), doc: 'console receive status: IE writable, DONE always 0' },
  { name: 'rxdb', number: 33, read: () => c(32, 0), doc: 'console receive buffer: no input, reads 0' },
  { name: 'txcs', number: 34, ...whole('TXCS'), doc: 'console transmit status: IE writable, READY always 1' },
  { name: 'txdb', number: 35, write: ($, v) => $.store(c(32, consoleCell), extract(v, 7, 0), 'physical'), doc: 'console transmit buffer: prints the byte (write-only)' },
  { name: 'mapen', number: 56, read: () => reg('MAPEN') as Bits<32>, write: ($, v) => $.set(reg('MAPEN'), and(v, 1)) },
  { name: 'tbia', number: 57, write: () => {}, doc: 'translation buffer invalidate all: no buffer is modelled (write-only)' },
  { name: 'tbis', number: 58, write: () => {}, doc: 'translation buffer invalidate single: no buffer is modelled (write-only)' },
  { name: 'sid', number: 62, read: () => c(32, 0x0100_0000), doc: 'system identification: type 1, the 11/780 (read-only)' },
];

const N = reg('PSL.N');
const Z = reg('PSL.Z');
const V = reg('PSL.V');
const codes = ($: VaxSemantics, v: Bits<32>) => {
  $.set(N, bit(v, 31));
  $.set(Z, eq(v, 0));
  $.set(V, 0);
};

const literal = (n: number) => n.toString(2).padStart(6, '0');
const cite = 'VAX ARM, Privileged Instructions: MTPR/MFPR; the processor registers';

export const processorRegisterInstructions = processorRegisters.flatMap((p) => [
  ...(p.write
    ? [
        b.insn(`MTPR.${p.name.toUpperCase()}`, {
          cite, class: 'privileged',
          encoding: `00${literal(p.number)} 0101 rs:4 11011010` as const,
          syntax: `mtpr {rs}, #${p.name}`,
          ...(p.doc ? { doc: p.doc } : {}),
          semantics: ({ rs }, $) => {
            $.requireSupervisor();
            const v = $.let('mtpr.v', R(rs));
            p.write!($, v);
            codes($, v);
          },
        }),
      ]
    : []),
  ...(p.read
    ? [
        b.insn(`MFPR.${p.name.toUpperCase()}`, {
          cite, class: 'privileged',
          encoding: `0101 rd:4 00${literal(p.number)} 11011011` as const,
          syntax: `mfpr #${p.name}, {rd}`,
          ...(p.doc ? { doc: p.doc } : {}),
          semantics: ({ rd }, $) => {
            $.requireSupervisor();
            const v = $.let('mfpr.v', p.read!());
            $.set(R(rd), v);
            codes($, v);
          },
        }),
      ]
    : []),
]);


