/**
 * The instructions that read or write system state other than through MTPR/MFPR
 * (processor-registers.ts): the change-mode instructions, REI, MOVPSL, BISPSW/BICPSW, PROBER/
 * PROBEW, LDPCTX/SVPCTX, HALT, and the deliberate faults BPT and XFC.
 *
 * Declared classes are the literature's (Hall & Robinson, ISCA 1991; Karger et al., IEEE S&P
 * 1990): CHMx, REI, MOVPSL and PROBEx "sensitive but not privileged"; the checker derives its own
 * and README.md compares them.
 */
import { add, all, any, bit, eq, extract, ite, load, ne, not, or, and, sub, uge, ugt, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool, type Loc } from '../../builder/bits.js';
import { KERNEL, probeMode, ramBytes, stackRegisters, switchStack, vaxBuilder as b, type StateLoc, type VaxSemantics } from './machine.js';
import { accessible } from './mm.js';

const R = b.file('R');
const SP = R(c(4, 14));
const PC = b.reg('PC');
const reg: StateLoc = (name) => b.reg(name as never) as unknown as Loc<number>;
const PSL = reg('PSL') as Loc<32>;
const CUR = reg('PSL.CUR') as Loc<2>;
const PRV = reg('PSL.PRV') as Loc<2>;
const IPL = reg('PSL.IPL') as Loc<5>;
const IS = reg('PSL.IS') as Loc<1>;
const TP = reg('PSL.TP') as Loc<1>;
const psw = ['C', 'V', 'Z', 'N', 'T', 'IV', 'FU', 'DV'].map((f) => reg(`PSL.${f}`) as Loc<1>);

const ex = (what: string) => `VAX ARM, Exceptions and Interrupts: ${what}`;

/** Sets the PSW (PSL bits 7:0) bit by bit from `value`'s bits 7:0, as `combine` says. */
function writePsw($: VaxSemantics, mask: Bits<32>, combine: (old: Bool, m: Bool) => Bool): void {
  const m = $.let('psw.mask', mask);
  $.trapIf(ne(extract(m, 15, 8), 0), 'reservedOperand');
  psw.forEach((f, i) => $.set(f, combine(f, bit(m, i))));
}

/** A change-mode instruction: CHMK/CHME/CHMS/CHMU #code (short literal). */
const chm = (mnemonic: 'CHMK' | 'CHME' | 'CHMS' | 'CHMU', opcode: string, trap: 'chmk' | 'chme' | 'chms' | 'chmu') =>
  b.insn(mnemonic, {
    cite: ex(`${mnemonic} (change mode); SCB vector ${trap === 'chmk' ? '40' : trap === 'chme' ? '44' : trap === 'chms' ? '48' : '4C'}`),
    class: 'sensitive',
    encoding: `00 lit:6 ${opcode}` as const,
    syntax: `${mnemonic.toLowerCase()} #{lit}`,
    doc: 'Traps to the more privileged of its mode and the current one (the trap sequence, machine.ts); on the interrupt stack it halts the processor instead, as the ARM specifies.',
    semantics: ({ lit }, $) => $.if(eq(IS, 1), () => $.halt(), () => $.trap(trap, zext(lit, 32))),
  });

/** The PSL bits REI requires to be zero: 29:28, 21 and 15:8 (CM, bit 31, is refused apart). */
const PSL_MBZ = 0x3020_ff00;

/** PCB offsets (VAX ARM, "Process Structure": the hardware process control block). */
const PCB = { KSP: 0, ESP: 4, SSP: 8, USP: 12, R0: 16, PC: 72, PSL: 76, P0BR: 80, P0LR: 84, P1BR: 88, P1LR: 92 } as const;
const PCB_BYTES = 96;

/** The PCB's physical base; an instruction whose PCB is not all in memory takes a machine check. */
function pcbBase($: VaxSemantics): Bits<32> {
  const pcb = $.let('pcb', and(reg('PCBB') as Bits<32>, ~3));
  $.trapIf(ugt(pcb, ramBytes - PCB_BYTES), 'machineCheck', pcb);
  return pcb;
}

export const systemInstructions = [
  chm('CHMK', '10111100', 'chmk'),
  chm('CHME', '10111101', 'chme'),
  chm('CHMS', '10111110', 'chms'),
  chm('CHMU', '10111111', 'chmu'),

  b.insn('REI', {
    cite: ex('REI (return from exception or interrupt), its PSL checks'),
    class: 'sensitive',
    encoding: '00000010', syntax: 'rei',
    doc:
      'Pops PC and PSL. Reserved-operand fault unless the new PSL is legal: its mode no more privileged than CUR, MBZ bits zero, not compatibility mode; ' +
      'to E/S/U: IS = 0, IPL = 0, CUR <= PRV; to K: IS only from IS and with IPL > 0, IPL no higher than now. Switches stacks; off the interrupt stack, ' +
      'a new mode at or below ASTLVL requests the AST interrupt (SISR bit 2). Not privileged: a return to the same or a less privileged mode works in every mode.',
    semantics: (_, $) => {
      const newPc = $.let('rei.pc', load(SP, 32));
      const newPsl = $.let('rei.psl', load(add(SP, 4), 32));
      const cur = $.let('rei.cur', extract(newPsl, 25, 24));
      const prv = extract(newPsl, 23, 22);
      const ipl = extract(newPsl, 20, 16);
      const is = $.let('rei.is', bit(newPsl, 26));
      const toKernel = eq(cur, KERNEL);
      const bad = any(
        ne(and(newPsl, PSL_MBZ), 0),
        bit(newPsl, 31),
        ult(cur, CUR),
        ite(toKernel, any(all(is, any(eq(IS, 0), eq(ipl, 0))), ugt(ipl, IPL)), any(is, ne(ipl, 0), ugt(cur, prv))),
      );
      $.trapIf(bad, 'reservedOperand');
      $.set(SP, add(SP, 8));
      switchStack($, reg, R, is, cur);
      const tp = $.let('rei.tp', TP);
      $.set(PSL, newPsl);
      $.set(TP, tp);
      $.if(all(eq(is, 0), uge(zext(cur, 3), reg('ASTLVL') as Bits<3>)), () => $.set(reg('SISR'), or(reg('SISR') as Bits<16>, 4)));
      $.set(PC, newPc);
    },
  }),

  b.insn('MOVPSL', {
    cite: 'VAX ARM, Miscellaneous Instructions: MOVPSL',
    class: 'sensitive',
    encoding: '0101 rd:4 11011100', syntax: 'movpsl {rd}',
    doc: 'The whole PSL, in any mode: the current and previous modes, IPL and IS included. Condition codes unaffected.',
    semantics: ({ rd }, $) => $.set(R(rd), PSL),
  }),
  b.insn('BISPSW', {
    cite: 'VAX ARM, Miscellaneous Instructions: BISPSW',
    class: 'innocuous',
    encoding: '0101 rs:4 10111000', syntax: 'bispsw {rs}',
    doc: 'PSW = PSW OR mask<7:0>; a mask with any of bits 15:8 set is a reserved-operand fault.',
    semantics: ({ rs }, $) => writePsw($, R(rs), (old, m) => or(old, m)),
  }),
  b.insn('BICPSW', {
    cite: 'VAX ARM, Miscellaneous Instructions: BICPSW',
    class: 'innocuous',
    encoding: '0101 rs:4 10111001', syntax: 'bicpsw {rs}',
    doc: 'PSW = PSW AND NOT mask<7:0>; a mask with any of bits 15:8 set is a reserved-operand fault.',
    semantics: ({ rs }, $) => writePsw($, R(rs), (old, m) => and(old, not(m))),
  }),

  ...(['PROBER', 'PROBEW'] as const).map((mnemonic) =>
    b.insn(mnemonic, {
      cite: `VAX ARM, Memory Management: ${mnemonic} (probe accessibility); the protection codes`,
      class: 'sensitive',
      encoding: `0110 rb:4 0101 rl:4 0101 rm:4 ${mnemonic === 'PROBER' ? '00001100' : '00001101'}` as const,
      syntax: `${mnemonic.toLowerCase()} {rm}, {rl}, ({rb})`,
      doc:
        'Z = 0 when the first and the last byte of base .. base + len − 1 (len: the word rl<15:0>) are accessible ' +
        '(readable / writable) in the LESS privileged of rm<1:0> and PSL<PRV>; N = V = C = 0. With MAPEN = 0 everything is accessible. ' +
        'No fault here: the ARM\'s translation-not-valid fault of PROBE is for an invalid process page-table page, the second level this model leaves out.',
      semantics: ({ rm, rl, rb }, $) => {
        const write = mnemonic === 'PROBEW';
        const mode = $.let('probe.mode', probeMode(R(rm), PRV));
        const base = $.let('probe.base', R(rb));
        const last = $.let('probe.last', sub(add(base, zext(extract(R(rl), 15, 0), 32)), 1));
        const ok = $.let('probe.ok', all(accessible(reg, ramBytes, base, mode, write, 'probe.pte1'), accessible(reg, ramBytes, last, mode, write, 'probe.pte2')));
        $.set(reg('PSL.N'), 0);
        $.set(reg('PSL.Z'), not(ok));
        $.set(reg('PSL.V'), 0);
        $.set(reg('PSL.C'), 0);
      },
    }),
  ),

  b.insn('LDPCTX', {
    cite: 'VAX ARM, Process Structure: LDPCTX (load process context)',
    class: 'privileged',
    encoding: '00000110', syntax: 'ldpctx',
    doc:
      'Kernel only. Loads KSP ESP SSP USP, R0-R13, P0BR P0LR ASTLVL P1BR P1LR from the PCB at PCBB (physical), leaves the interrupt stack for the kernel stack, ' +
      'and pushes the PCB\'s PSL and PC there for an REI. The PCB values are not validated (the 11/780 takes a machine check for some); P1LR\'s PME bit is ignored.',
    semantics: (_, $) => {
      $.requireSupervisor();
      const pcb = pcbBase($);
      const at = (offset: number, name: string) => $.let(`ldpctx.${name}`, load(add(pcb, offset), 32, 'physical'));
      const stacks = stackRegisters.slice(0, 4).map((n, i) => at(4 * i, n));
      const regs = Array.from({ length: 14 }, (_, i) => at(PCB.R0 + 4 * i, `r${i}`));
      const pc = at(PCB.PC, 'pc');
      const psl = at(PCB.PSL, 'psl');
      const p0br = at(PCB.P0BR, 'p0br');
      const p0lr = at(PCB.P0LR, 'p0lr');
      const p1br = at(PCB.P1BR, 'p1br');
      const p1lr = at(PCB.P1LR, 'p1lr');
      switchStack($, reg, R, c(1, 0), c(2, KERNEL));
      stackRegisters.slice(0, 4).forEach((n, i) => $.set(reg(n), stacks[i]!));
      regs.forEach((v, i) => $.set(R(c(4, i)), v));
      $.set(reg('P0BR'), and(p0br, ~3));
      $.set(reg('P0LR'), extract(p0lr, 21, 0));
      $.set(reg('ASTLVL'), extract(p0lr, 26, 24));
      $.set(reg('P1BR'), and(p1br, ~3));
      $.set(reg('P1LR'), extract(p1lr, 21, 0));
      $.set(IS, 0);
      const sp = $.let('ldpctx.sp', sub(stacks[0]!, 8));
      $.store(sp, pc);
      $.store(add(sp, 4), psl);
      $.set(SP, sp);
    },
  }),
  b.insn('SVPCTX', {
    cite: 'VAX ARM, Process Structure: SVPCTX (save process context)',
    class: 'privileged',
    encoding: '00000111', syntax: 'svpctx',
    doc:
      'Kernel only. Pops PC and PSL from the stack and saves them, KSP ESP SSP USP and R0-R13 in the PCB at PCBB (physical); ' +
      'off the interrupt stack it moves to it, raising IPL to 1 if it was 0.',
    semantics: (_, $) => {
      $.requireSupervisor();
      const pcb = pcbBase($);
      const pc = $.let('svpctx.pc', load(SP, 32));
      const psl = $.let('svpctx.psl', load(add(SP, 4), 32));
      $.set(SP, add(SP, 8));
      $.if(eq(IS, 0), () => {
        switchStack($, reg, R, c(1, 1), c(2, KERNEL));
        $.set(IPL, ite(eq(IPL, 0), c(5, 1), IPL));
        $.set(IS, 1);
      });
      const put = (offset: number, v: Bits<32>) => $.store(add(pcb, offset), v, 'physical');
      stackRegisters.slice(0, 4).forEach((n, i) => put(4 * i, reg(n) as Bits<32>));
      for (let i = 0; i < 14; i++) put(PCB.R0 + 4 * i, R(c(4, i)));
      put(PCB.PC, pc);
      put(PCB.PSL, psl);
    },
  }),

  b.insn('HALT', {
    cite: 'VAX ARM, Miscellaneous Instructions: HALT',
    class: 'privileged',
    encoding: '00000000', syntax: 'halt',
    doc: 'Kernel only: stops the processor (the console takes over). Elsewhere a privileged-instruction fault.',
    semantics: (_, $) => {
      $.requireSupervisor();
      $.halt();
    },
  }),
  b.insn('BPT', {
    cite: ex('BPT (breakpoint fault), SCB vector 2C'),
    class: 'innocuous',
    encoding: '00000011', syntax: 'bpt',
    semantics: (_, $) => $.trap('breakpoint'),
  }),
  b.insn('XFC', {
    cite: 'VAX ARM, Miscellaneous Instructions: XFC (extended function call); SCB vector 14',
    class: 'innocuous',
    encoding: '11111100', syntax: 'xfc',
    doc: 'With no writable control store: the customer-reserved-instruction fault, in every mode.',
    semantics: (_, $) => $.trap('customerReserved'),
  }),
];


