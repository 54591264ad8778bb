/**
 * Branches (A8.8.18, A8.8.25, A8.8.27), exception-generating instructions (SVC, BKPT, UDF), hints
 * and barriers, and the instructions of B9.3 that read or write the CPSR and SPSR: CPS, MRS, MSR
 * (register and immediate, CPSR and SPSR), SRS and RFE. LDM (exception return), LDM/STM (User
 * registers) are in load-store.ts, SUBS PC, LR and related in data-processing.ts, MRC/MCR in
 * cp15.ts.
 *
 * Branch offsets: B and BL branch to PC + 8 + imm24:'00' (A8.8.18). The assembler's pc-relative
 * targets count from the instruction itself, so the offset is written as an expression:
 * `b loop - . - 8` (`.` is the address of the branch).
 */
import { add, and, bit, concat, eq, extract, ite, load, ne, not, or, sext, sub, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { armBuilder as b, isUser, isUserOrSystem, st, type ArmSemantics as S } from './machine.js';
import { badMode, branchWritePC, bxWritePC, changeMode, exceptionReturn, readBanked, readR, spsr, writeBanked, writeCpsr, writeSpsr } from './banking.js';
import { expandImm } from './data-processing.js';

const r = b.file('r');
const PC = b.reg('PC');
const R = (i: Bits<4>) => readR(st, i);
const flag = (name: 'N' | 'Z' | 'C' | 'V') => b.reg(`CPSR.${name}`) as unknown as Bool;

/** ConditionPassed (A8.3, Table A8-1), for a condition other than AL. */
function conditionHolds(cond: number): Bool {
  const [N, Z, C, V] = [flag('N'), flag('Z'), flag('C'), flag('V')];
  const base: Bool = [Z, C, N, V, and(C, not(Z)), eq(N, V), and(not(Z), eq(N, V))][cond >> 1]!;
  return cond & 1 ? not(base) : base;
}

const conditions = ['EQ', 'NE', 'CS', 'CC', 'MI', 'PL', 'VS', 'VC', 'HI', 'LS', 'GE', 'LT', 'GT', 'LE'];

const bin = (n: number, w: number) => n.toString(2).padStart(w, '0');

const branches = [
  ...conditions.map((name, cond) =>
    b.insn(`B${name}`, {
      cite: 'ARM ARM A8.8.18 B; A8.3 Conditional execution',
      class: 'innocuous',
      encoding: `${bin(cond, 4)} 1010 off[25:2]` as const,
      syntax: `b${name.toLowerCase()} {off}`,
      operands: { off: { kind: 'immediate', signed: true } },
      semantics: ({ off }, $) => $.if(conditionHolds(cond), () => branchWritePC($, st, add(add(PC, 8), sext(off, 32)))),
    }),
  ),
  b.insn('B', {
    cite: 'ARM ARM A8.8.18 B',
    class: 'innocuous',
    encoding: '1110 1010 off[25:2]',
    syntax: 'b {off}',
    operands: { off: { kind: 'immediate', signed: true } },
    semantics: ({ off }, $) => branchWritePC($, st, add(add(PC, 8), sext(off, 32))),
  }),
  b.insn('BL', {
    cite: 'ARM ARM A8.8.25 BL, BLX (immediate)',
    class: 'innocuous',
    encoding: '1110 1011 off[25:2]',
    syntax: 'bl {off}',
    operands: { off: { kind: 'immediate', signed: true } },
    doc: 'LR := the address of the next instruction; branch to PC + 8 + offset.',
    semantics: ({ off }, $) => {
      const target = $.let('target', add(add(PC, 8), sext(off, 32)));
      $.set(r(c(4, 14)), add(PC, 4));
      branchWritePC($, st, target);
    },
  }),
  b.insn('BX', {
    cite: 'ARM ARM A8.8.27 BX',
    class: 'innocuous',
    encoding: '1110 0001 0010 1111 1111 1111 0001 rm:4',
    syntax: 'bx {rm}',
    doc: 'BXWritePC(Rm): to Thumb state when bit 0 is set, which this model lacks (Undefined Instruction).',
    semantics: ({ rm }, $) => bxWritePC($, st, R(rm)),
  }),
  b.insn('BLX', {
    cite: 'ARM ARM A8.8.26 BLX (register)',
    class: 'innocuous',
    encoding: '1110 0001 0010 1111 1111 1111 0011 rm:4',
    syntax: 'blx {rm}',
    doc: 'LR := the next instruction, BXWritePC(Rm). Rm = PC is UNPREDICTABLE.',
    semantics: ({ rm }, $) => {
      $.trapIf(eq(rm, 15), 'undefined');
      const target = $.let('target', r(rm));
      $.set(r(c(4, 14)), add(PC, 4));
      bxWritePC($, st, target);
    },
  }),
];

const exceptions = [
  b.insn('SVC', {
    cite: 'ARM ARM A8.8.228 SVC; B1.9.7 Supervisor Call (SVC) exception',
    class: 'innocuous',
    encoding: '1110 1111 imm:24',
    syntax: 'svc #{imm}',
    doc: 'The Supervisor Call exception; the immediate is the trap value (software reads it from the instruction).',
    semantics: ({ imm }, $) => $.trap('svc', zext(imm, 32)),
  }),
  b.insn('BKPT', {
    cite: 'ARM ARM A8.8.24 BKPT; C3.4 (a debug event with invasive debug disabled is a Prefetch Abort)',
    class: 'innocuous',
    encoding: '1110 0001 0010 imm[15:4] 0111 imm[3:0]',
    syntax: 'bkpt #{imm}',
    semantics: (_, $) => $.trap('bkpt'),
  }),
  b.insn('UDF', {
    cite: 'ARM ARM A8.8.247 UDF',
    class: 'innocuous',
    encoding: '1110 0111 1111 imm[15:4] 1111 imm[3:0]',
    syntax: 'udf #{imm}',
    doc: 'Permanently UNDEFINED.',
    semantics: (_, $) => $.trap('undefined'),
  }),
];

const hint = (name: string, op: number, cite: string, doc: string, semantics: ($: S) => void = () => {}) =>
  b.insn(name, {
    cite,
    class: 'innocuous',
    encoding: `1110 0011 0010 0000 1111 0000 ${bin(op, 8)}` as const,
    syntax: name.toLowerCase(),
    doc,
    semantics: (_, $) => semantics($),
  });

const barrier = (name: string, op: string, cite: string) =>
  b.insn(name, {
    cite,
    class: 'innocuous',
    encoding: `1111 0101 0111 1111 1111 0000 ${op} option:4` as const,
    syntax: `${name.toLowerCase()} #{option}`,
    doc: 'One processor in program order, no caches modelled: nothing to wait for.',
    semantics: () => {},
  });

const hints = [
  hint('NOP', 0, 'ARM ARM A8.8.120 NOP', 'No operation.'),
  hint('YIELD', 1, 'ARM ARM A8.8.428 YIELD', 'A hint: no operation here.'),
  hint('WFE', 2, 'ARM ARM A8.8.425 WFE; B1.8.13', 'Wait For Event: completes at once (no event sources are modelled; an event register that is never read changes nothing).'),
  hint(
    'WFI',
    3,
    'ARM ARM A8.8.426 WFI; B1.8.13 Wait For Interrupt',
    'Waits for an interrupt. None can ever be asserted here (no interrupt sources), so the processor never wakes: the machine stops. Unprivileged in ARMv7 (the Virtualization Extensions added HCR.TWI to trap it).',
    ($) => $.halt(),
  ),
  hint('SEV', 4, 'ARM ARM A8.8.168 SEV', 'Send Event: no other processor to wake; no operation here.'),
  barrier('DSB', '0100', 'ARM ARM A8.8.44 DSB'),
  barrier('DMB', '0101', 'ARM ARM A8.8.43 DMB'),
  barrier('ISB', '0110', 'ARM ARM A8.8.53 ISB'),
];

// ---------------------------------------------------------------------------------------------
// B9.3 system instructions

const aifNames = { a: 4, i: 2, f: 1, ai: 6, af: 5, if: 3, aif: 7 };

/**
 * CPS (B9.3.2): at PL1 sets or clears the A, I, F masks and optionally changes mode; in User
 * mode it is a NOP ("CPS is treated as NOP if executed in User mode"). UNPREDICTABLE encodings
 * (imod = 01, imod = 1x with no mask bit, no effect at all) are not decoded or trap.
 */
function cps(name: string, imod: '10' | '11' | '00', changes: boolean) {
  const enable = imod === '10';
  const disable = imod === '11';
  const affects = imod !== '00';
  const encoding = `1111 0001 0000 ${imod} ${changes ? 1 : 0} 0 0000000 ${affects ? 'aif:3' : '000'} 0 ${changes ? 'mode:5' : '00000'}`;
  const syntax = affects ? `${name.toLowerCase().replace(/\..*/, '')} {aif}${changes ? ', #{mode}' : ''}` : 'cps #{mode}';
  return b.insn(name, {
    cite: 'ARM ARM B9.3.2 CPS (ARM); B1.3.3 CPSRWriteByInstr',
    class: 'sensitive',
    encoding: encoding as `1111 0001 0000 ${string}`,
    syntax,
    operands: { aif: { kind: 'enum', names: aifNames } } as never,
    semantics: (fields, $) => {
      const f = fields as unknown as { aif?: Bits<3>; mode?: Bits<5> };
      if (f.aif) $.trapIf(eq(f.aif, 0), 'undefined');
      $.if(not(isUser), () => {
        if (f.aif) {
          const aif = f.aif;
          (['A', 'I', 'F'] as const).forEach((field, k) => $.if(bit(aif, 2 - k), () => $.set(b.reg(`CPSR.${field}`), enable ? 0 : disable ? 1 : 0)));
        }
        if (changes) changeMode($, st, f.mode!);
      });
    },
  });
}

const cpsInstructions = [cps('CPSIE', '10', false), cps('CPSID', '11', false), cps('CPSIE.mode', '10', true), cps('CPSID.mode', '11', true), cps('CPS', '00', true)];

/** Byte-mask names of MSR, in UAL's order f, s, x, c (bits 3..0 of the mask). */
const maskNames = (prefix: number, width: number): Record<string, number> =>
  Object.fromEntries(
    Array.from({ length: 2 ** width }, (_, v) => {
      const m = (prefix << width) | v;
      return ['f', 's', 'x', 'c'].filter((_, k) => (m >> (3 - k)) & 1).join('');
    })
      .map((n, v) => [n, v] as const)
      .filter(([n]) => n !== ''),
  );

const msrCite = 'ARM ARM B9.3.12 MSR (register), B9.3.11 MSR (immediate); B1.3.3 CPSRWriteByInstr, SPSRWriteByInstr';

/** MSR to the CPSR: CPSRWriteByInstr, so at PL0 only the APSR bytes (f and s) take effect. */
const msrCpsr = ($: S, value: Bits<32>, mask: Bits<4>) => writeCpsr($, st, value, mask);
/** MSR to the SPSR: UNPREDICTABLE in User and System mode (no SPSR). */
const msrSpsr = ($: S, value: Bits<32>, mask: Bits<4>) => {
  $.trapIf(isUserOrSystem, 'privileged');
  writeSpsr($, st, value, mask);
};

const psrInstructions = [
  b.insn('MRS', {
    cite: 'ARM ARM B9.3.8 MRS; A8.8.109',
    class: 'sensitive',
    encoding: '1110 00010 0 00 1111 rd:4 000000000000',
    syntax: 'mrs {rd}, cpsr',
    doc: 'Rd := the CPSR (execution state bits other than E read 0). At PL0 the ARM ARM makes E, A, I, F and M UNKNOWN; this model returns their values, as processors do. Rd = PC is UNPREDICTABLE.',
    semantics: ({ rd }, $) => {
      $.trapIf(eq(rd, 15), 'undefined');
      $.set(r(rd), b.reg('CPSR') as unknown as Bits<32>);
    },
  }),
  b.insn('MRS.spsr', {
    cite: 'ARM ARM B9.3.8 MRS',
    class: 'privileged',
    encoding: '1110 00010 1 00 1111 rd:4 000000000000',
    syntax: 'mrs {rd}, spsr',
    doc: 'Rd := the SPSR of the current mode: UNPREDICTABLE in User and System mode.',
    semantics: ({ rd }, $) => {
      $.trapIf(eq(rd, 15), 'undefined');
      $.trapIf(isUserOrSystem, 'privileged');
      $.set(r(rd), spsr(st));
    },
  }),
  b.insn('MSR', {
    cite: msrCite,
    class: 'sensitive',
    encoding: '1110 00010 0 10 mask:4 1111 00000000 rn:4',
    syntax: 'msr cpsr, {mask}, {rn}',
    operands: { mask: { kind: 'enum', names: maskNames(0, 4) } },
    doc: 'The CPSR bytes the mask selects, as CPSRWriteByInstr allows: in User mode only N, Z, C, V, Q and GE change (a write of the control byte is ignored, B1.3.3). mask = 0 and Rn = PC are UNPREDICTABLE.',
    semantics: ({ mask, rn }, $) => {
      $.trapIf(or(eq(mask, 0), eq(rn, 15)), 'undefined');
      msrCpsr($, r(rn), mask);
    },
  }),
  b.insn('MSR.spsr', {
    cite: msrCite,
    class: 'privileged',
    encoding: '1110 00010 1 10 mask:4 1111 00000000 rn:4',
    syntax: 'msr spsr, {mask}, {rn}',
    operands: { mask: { kind: 'enum', names: maskNames(0, 4) } },
    semantics: ({ mask, rn }, $) => {
      $.trapIf(or(eq(mask, 0), eq(rn, 15)), 'undefined');
      msrSpsr($, r(rn), mask);
    },
  }),
  // MSR (immediate) to the CPSR: mask 0000 is the hint space, so the entries split the masks:
  // one for the masks with f (1xxx), one per mask without it.
  b.insn('MSR.imm', {
    cite: msrCite,
    class: 'sensitive',
    encoding: '1110 00110 0 10 1 mask:3 1111 imm:12',
    syntax: 'msr cpsr, {mask}, #{imm}',
    operands: { mask: { kind: 'enum', names: maskNames(1, 3) } },
    semantics: ({ mask, imm }, $) => msrCpsr($, expandImm(imm).value, concat(c(1, 1), mask) as unknown as Bits<4>),
  }),
  ...Array.from({ length: 7 }, (_, k) => {
    const m = k + 1;
    const name = Object.keys(maskNames(0, 4)).find((n) => maskNames(0, 4)[n] === m)!;
    return b.insn(`MSR.imm.${name}`, {
      cite: msrCite,
      // Mask s alone writes only GE (APSR, user state): harmless in every mode.
      class: m === 0b0100 ? 'innocuous' : 'sensitive',
      encoding: `1110 00110 0 10 ${bin(m, 4)} 1111 imm:12` as const,
      syntax: `msr cpsr_${name}, #{imm}`,
      semantics: ({ imm }, $) => msrCpsr($, expandImm(imm).value, c(4, m)),
    });
  }),
  b.insn('MSR.imm.spsr', {
    cite: msrCite,
    class: 'privileged',
    encoding: '1110 00110 1 10 mask:4 1111 imm:12',
    syntax: 'msr spsr, {mask}, #{imm}',
    operands: { mask: { kind: 'enum', names: maskNames(0, 4) } },
    semantics: ({ mask, imm }, $) => {
      $.trapIf(eq(mask, 0), 'undefined');
      msrSpsr($, expandImm(imm).value, mask);
    },
  }),
];

/**
 * The two words SRS and RFE transfer (B9.3.16, B9.3.13): for P:U, the lower address and the
 * written-back base (IA from base, IB base + 4, DA base - 4, DB base - 8; base ± 8).
 */
function pairAddresses(amode: Bits<2>, base: Bits<32>) {
  const increment = eq(extract(amode, 0, 0), 1);
  const wordHigher = eq(extract(amode, 1, 1), extract(amode, 0, 0));
  const start = ite(increment, base, sub(base, 8));
  return { lowest: ite(wordHigher, add(start, 4), start), final: ite(increment, add(base, 8), sub(base, 8)) };
}

const srsRfe = ([0, 1] as const).flatMap((wback) => [
  b.insn(wback ? 'SRS.wb' : 'SRS', {
    cite: 'ARM ARM B9.3.16 SRS (ARM)',
    class: 'privileged',
    encoding: `1111 100 amode:2 1 ${wback} 0 1101 00000101000 mode:5` as const,
    syntax: wback ? 'srs {amode} sp!, #{mode}' : 'srs {amode} sp, #{mode}',
    doc: "Stores LR and the SPSR of the current mode to the stack of mode `mode` (its banked SP). UNPREDICTABLE in User and System mode, and for a mode this processor lacks.",
    semantics: ({ amode, mode: target }, $) => {
      $.trapIf(isUserOrSystem, 'privileged');
      $.trapIf(badMode(target), 'undefined');
      const base = $.let('base', readBanked(st, 13, target));
      const a = pairAddresses(amode, base);
      const lowest = $.let('lowest', a.lowest);
      $.trapIf(ne(extract(lowest, 1, 0), 0), 'alignmentWrite', lowest);
      $.store(lowest, r(c(4, 14)));
      $.store(add(lowest, 4), spsr(st));
      if (wback) writeBanked($, st, 13, target, a.final);
    },
  }),
  b.insn(wback ? 'RFE.wb' : 'RFE', {
    cite: 'ARM ARM B9.3.13 RFE (ARM); B1.3.3 CPSRWriteByInstr',
    class: 'privileged',
    encoding: `1111 100 amode:2 0 ${wback} 1 rn:4 0000101000000000` as const,
    syntax: wback ? 'rfe {amode} {rn}!' : 'rfe {amode} {rn}',
    doc: 'Loads the PC and the CPSR from two words at Rn. UNPREDICTABLE in User mode (allowed in System mode) and for Rn = PC.',
    semantics: ({ amode, rn }, $) => {
      $.trapIf(eq(rn, 15), 'undefined');
      $.trapIf(isUser, 'privileged');
      const a = pairAddresses(amode, r(rn));
      const lowest = $.let('lowest', a.lowest);
      $.trapIf(ne(extract(lowest, 1, 0), 0), 'alignmentRead', lowest);
      const final = $.let('final', a.final);
      const newPc = $.let('new_pc', load(lowest, 32));
      const status = $.let('status', load(add(lowest, 4), 32));
      if (wback) $.set(r(rn), final);
      exceptionReturn($, st, newPc, status);
    },
  }),
]);

export const systemInstructions = [...branches, ...exceptions, ...hints, ...cpsInstructions, ...psrInstructions, ...srsRfe];
