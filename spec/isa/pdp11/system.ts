/**
 * Every PDP-11/45 instruction that reads or writes system state (45HB chapter 4, "Miscellaneous"
 * and "Trap" instructions, and 6.7 for MFPx/MTPx), with the 11/45's behaviour in each mode:
 *
 *   HALT   kernel: stops the processor; elsewhere: traps to 4 (simh HAS_HALT4).
 *   WAIT   waits for an interrupt, in every mode (simh: "WAIT to work in all modes"). No interrupt
 *          source exists here, so the processor never wakes: the machine stops.
 *   RESET  kernel: initializes the bus — here, MMR0 := 0 (memory management off; simh also clears
 *          MMR3, PIRQ and the stack limit, none of which exist here); elsewhere: no operation.
 *   RTI, RTT  pop PC and PSW. In kernel mode the whole PSW is loaded; in any other mode the popped
 *          PSW can only ADD mode bits — CM, PM and RS are ORed in, so the mode never becomes more
 *          privileged, and the priority is unchanged (45HB 4.8 RTI; simh put_PSW with `prot`).
 *          RTT differs only in inhibiting the trace trap after it (no trace trap is modelled).
 *   SPL n  kernel: PSW<PRI> := n; elsewhere: no operation (45HB 4.8 SPL: "not executed in user
 *          or supervisor mode"; simh).
 *   BPT, IOT, EMT n, TRAP n   the supervisor-call traps (vectors 14, 20, 30, 34).
 *   MFPI/MFPD src   push a word of the PREVIOUS mode's space (45HB 6.7): the operand's address is
 *          computed in the current mode; the word is read through the previous mode's page
 *          registers. Register mode reads the general register — R6 is the previous mode's stack
 *          pointer when the modes differ. The 11/45 reads D space for MFPI when current and
 *          previous mode are both user (simh); with no D space modelled the two are the same.
 *   MTPI/MTPD dst   pop a word and write it to the previous mode's space (likewise).
 * MFPD and MTPD are MFPI and MTPI here (no D space: mm.ts). The 11/45 has no MTPS/MFPS (those are
 * the LSI-11's and the 11/34's: simh HAS_MXPS excludes CPUT_45); the PSW is reached as physical
 * address 777776 (machine.ts), by any load or store whose address the map takes there.
 */
import { all, bit, concat, eq, extract, ite, load, ne, or, sub, add, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { DeclaredClass, InstructionDecl } from '../../description.js';
import { b, CM, flag, PC, PM, PSW, read, reg, SP, KERNEL, type PdpSemantics } from './machine.js';
import { relocate, virtual16 } from './mm.js';
import { entry } from './integer.js';
import { advancePc, memoryOperand, picture, readGpr, shapes, writeGpr, type Fields, type Tag } from './operands.js';

const inKernel = (): Bool => eq(CM, KERNEL);

const simple = (mnemonic: string, word: string, cls: DeclaredClass, cite: string, semantics: ($: PdpSemantics) => void, doc?: string) =>
  entry(mnemonic, { cite, class: cls, picture: word, syntax: mnemonic.toLowerCase(), ...(doc ? { doc } : {}), semantics: (_f, $) => semantics($) });

/** Pops a word off the current stack (a read in the current space). */
function pop($: PdpSemantics, name: string): Bits<16> {
  const m = memoryOperand($, name, SP, 'W');
  const v = $.let(`${name}.value`, m.read() as Bits<16>);
  $.set(SP, add(SP, 2));
  return v;
}

/** RTI and RTT (45HB 4.8; simh pdp11_cpu.c case 2/6 and put_PSW). */
function returnFromInterrupt($: PdpSemantics): void {
  const pc = pop($, 'rti.pc');
  const psw = pop($, 'rti.psw');
  $.if(
    inKernel(),
    () => $.set(PSW, psw),
    () => {
      // Protected: CM, PM and RS only gain bits; PRI unchanged; T and the condition codes loaded.
      const old = $.let('rti.old', PSW as Bits<16>);
      $.set(PSW, concat(or(extract(old, 15, 11), extract(psw, 15, 11)), extract(old, 10, 5), extract(psw, 4, 0)));
    },
  );
  $.set(PC, zext(pc, 18));
}

/** The previous mode's stack pointer (R6 of PSW<PM>): the current one when the modes agree. */
function previousSp(): Bits<16> {
  return ite(
    eq(PM, CM),
    SP as Bits<16>,
    ite(eq(PM, 0), b.bank('KSP') as Bits<16>, ite(eq(PM, 1), b.bank('SSP') as Bits<16>, b.bank('USP') as Bits<16>)),
  );
}

function setPreviousSp($: PdpSemantics, v: Bits<16>): void {
  $.if(
    eq(PM, CM),
    () => $.set(SP, v),
    () =>
      $.if(
        eq(PM, 0),
        () => $.set(b.bank('KSP'), v),
        () => $.if(eq(PM, 1), () => $.set(b.bank('SSP'), v), () => $.set(b.bank('USP'), v)),
      ),
  );
}

/** The address an MFPx/MTPx memory operand names, computed in the current mode (its register updates done). */
function previousSpaceAddress($: PdpSemantics, tag: Tag, f: Fields): Bits<16> {
  const n = f.dr as Bits<3>;
  switch (tag) {
    case 'Ind':
      return readGpr(n);
    case 'Idx':
      advancePc($);
      return add(readGpr(n), f.dx as Bits<16>);
    case 'Abs':
      advancePc($);
      return f.da as Bits<16>;
    default:
      throw new Error(`MFPx/MTPx: no ${tag} entry`);
  }
}

/** Relocates `va` in the previous mode and takes that mode's aborts (45HB 6.5); the physical address. */
function inPreviousSpace($: PdpSemantics, va: Bits<16>, write: boolean): Bits<18> {
  const a = $.let('prev.va', va);
  $.trapIf(bit(a, 0), 'oddAddress', a);
  const r = relocate(read, PM, a);
  $.trapIf(r.nonResident, 'mmuNonResident', a);
  $.trapIf(r.length, 'mmuLength', a);
  if (write) $.trapIf(r.readOnly, 'mmuReadOnly', a);
  return $.let('prev.pa', r.physical);
}

const mxpShapes: Tag[] = ['R', 'Ind', 'Idx', 'Abs'];

function mfp(space: 'I' | 'D', tag: Tag): InstructionDecl {
  const t = shapes[tag];
  return entry(`MFP${space}.${tag}`, {
    cite: `45HB 6.7 MFP${space}; simh pdp11_cpu.c MFPI/MFPD`,
    class: 'sensitive',
    picture: picture(`${space === 'I' ? '0' : '1'}000 110 101 ${t.spec('d')}`, t.ext('d')),
    syntax: `mfp${space.toLowerCase()} ${t.syntax('d')}`,
    operands: t.operands('d'),
    semantics: (f, $) => {
      let v: Bits<16>;
      if (tag === 'R') {
        const n = f.dr as Bits<3>;
        v = $.let('mfp.value', ite(eq(n, 6), previousSp(), readGpr(n)));
      } else {
        const pa = inPreviousSpace($, previousSpaceAddress($, tag, f), false);
        v = $.let('mfp.value', load(pa, 16, 'physical'));
      }
      $.set(flag.N, bit(v, 15));
      $.set(flag.Z, eq(v, 0));
      $.set(flag.V, 0);
      const sp = $.let('mfp.sp', sub(SP, 2));
      const m = memoryOperand($, 'mfp.push', sp, 'W');
      $.set(SP, sp);
      m.write(v);
    },
  });
}

function mtp(space: 'I' | 'D', tag: Tag): InstructionDecl {
  const t = shapes[tag];
  return entry(`MTP${space}.${tag}`, {
    cite: `45HB 6.7 MTP${space}; simh pdp11_cpu.c MTPI/MTPD`,
    class: 'sensitive',
    picture: picture(`${space === 'I' ? '0' : '1'}000 110 110 ${t.spec('d')}`, t.ext('d')),
    syntax: `mtp${space.toLowerCase()} ${t.syntax('d')}`,
    operands: t.operands('d'),
    semantics: (f, $) => {
      const v = pop($, 'mtp.pop');
      $.set(flag.N, bit(v, 15));
      $.set(flag.Z, eq(v, 0));
      $.set(flag.V, 0);
      if (tag === 'R') {
        const n = f.dr as Bits<3>;
        $.if(eq(n, 6), () => setPreviousSp($, v), () => writeGpr($, n, v));
      } else {
        const pa = inPreviousSpace($, previousSpaceAddress($, tag, f), true);
        $.store(pa, v, 'physical');
      }
    },
  });
}

export const systemInstructions: InstructionDecl[] = [
  simple('HALT', '0000 0000 0000 0000', 'privileged', '45HB 4.8 HALT; simh HAS_HALT4 (trap to 4 outside kernel mode)', ($) => {
    $.requireSupervisor();
    $.halt();
  }),
  simple('WAIT', '0000 0000 0000 0001', 'innocuous', '45HB 4.8 WAIT; simh pdp11_cpu.c case 1', ($) => $.halt(), 'waits for an interrupt; none is ever asserted here, so the machine stops (in every mode, as simh runs it)'),
  simple('RTI', '0000 0000 0000 0010', 'sensitive', '45HB 4.8 RTI; simh put_PSW (protected outside kernel mode)', returnFromInterrupt),
  simple('BPT', '0000 0000 0000 0011', 'innocuous', '45HB 4.9 BPT', ($) => $.trap('bpt')),
  simple('IOT', '0000 0000 0000 0100', 'innocuous', '45HB 4.9 IOT', ($) => $.trap('iot')),
  simple('RESET', '0000 0000 0000 0101', 'sensitive', '45HB 4.8 RESET; simh pdp11_cpu.c case 5 (kernel only)', ($) => $.if(inKernel(), () => $.set(reg('MMR0'), c(16, 0)))),
  simple('RTT', '0000 0000 0000 0110', 'sensitive', '45HB 4.8 RTT', returnFromInterrupt, 'RTI without the trace trap after it'),
  entry('SPL', {
    cite: '45HB 4.8 SPL; simh pdp11_cpu.c SPL (kernel only)',
    class: 'sensitive',
    picture: '0000 0000 1001 1 pri:3',
    syntax: 'spl {pri}',
    operands: { pri: { kind: 'immediate', signed: false } },
    semantics: (f, $) => $.if(inKernel(), () => $.set(reg('PSW.PRI'), f.pri as Bits<3>)),
  }),
  entry('EMT', {
    cite: '45HB 4.9 EMT',
    picture: '1000 1000 n:8',
    syntax: 'emt {n}',
    operands: { n: { kind: 'immediate', signed: false } },
    semantics: (_f, $) => $.trap('emt'),
  }),
  entry('TRAP', {
    cite: '45HB 4.9 TRAP',
    picture: '1000 1001 n:8',
    syntax: 'trap {n}',
    operands: { n: { kind: 'immediate', signed: false } },
    semantics: (_f, $) => $.trap('trap'),
  }),
  ...(['I', 'D'] as const).flatMap((space) => mxpShapes.flatMap((tag) => [mfp(space, tag), mtp(space, tag)])),
];

export { all, ne, virtual16 };
