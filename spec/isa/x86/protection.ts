/**
 * Segmentation and protection (SDM vol. 3A ch. 3 and 5; the instructions from vol. 2): the
 * instructions that load or read the segment registers (MOV to/from Sreg, PUSH/POP Sreg, LDS,
 * LES), the far transfers (JMP ptr16:32, CALL ptr16:32, RET far, IRET), the software interrupts
 * (INT n, INT3) and the descriptor-checking instructions (LAR, LSL, VERR, VERW).
 *
 * Declared classes are Robin & Irvine's (USENIX Security 2000, §4: "sensitive, unprivileged"),
 * which the checker re-derives. Modelled: the protection checks of each instruction's
 * protected-mode "Operation" section for code and data segments: null selectors, the table limit,
 * descriptor type, DPL/RPL/CPL, presence, with #GP/#NP/#SS and their error codes; call gates for
 * far JMP (to the same level, as JMP allows). A far CALL through a call gate, to the same or a
 * more privileged level with the stack switch, is written but off in the bundled models: with it
 * the checker's queries on LCALL time out (see machine.ts `X86Features`). Left out: task gates and TSS descriptors as far-transfer targets
 * (#GP(selector) here), task switches (IRET with NT = 1 is #GP(0) here), a call gate's
 * parameter copying, the 16-bit operand-size forms, RET imm16, and FS/GS.
 *
 * ENCODINGS: real opcode bytes. MOV Sreg has one entry per segment register (its ModRM reg field
 * fixed), register form (mod = 11). LDS/LES use the [base + disp32] form of integer.ts. Far
 * transfers are written `ljmp sel, offset` / `lcall sel, offset` / `lret` (the AT&T mnemonics:
 * `jmp far` would read as a label `far`).
 */
import { add, all, and, any, bit, concat, eq, extract, ite, load, ne, not, or, ugt, ule, ult, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import {
  arCode,
  arConforming,
  arDpl,
  arPresent,
  arRw,
  arSegment,
  arType,
  at,
  descAr,
  descBase,
  descLimit,
  descriptor,
  isNull,
  maxPl,
  push,
  ramBytes,
  segmentOf,
  selectorError,
  setSegment,
  stackSlot,
  SEG,
  type Descriptor,
  type X86Semantics,
} from './machine.js';
import { bytes, type X86Context } from './forms.js';

const v2 = (what: string) => `Intel SDM vol. 2, ${what}`;

/** Loads SS, DS or ES from `sel` with the protected-mode checks of MOV/POP to a segment register (SDM 2, MOV "Operation"). */
export function loadDataSegment($: X86Semantics, x: X86Context, s: 'SS' | 'DS' | 'ES', sel: Bits<16>, cpl: Bits<2>, tag: string): void {
  const { reg } = x;
  const d = descriptor($, reg, sel, tag);
  const ar = $.let(`${tag}.ar`, descAr(d));
  const dpl = arDpl(ar);
  const rpl = extract(sel, 1, 0);
  const err = selectorError(sel);
  if (s === 'SS') {
    $.trapIf(isNull(sel), 'GPoperand', c(32, 0));
    const writableData = all(arSegment(ar), eq(arCode(ar), 0), arRw(ar));
    $.trapIf(any(not(d.inTable), not(writableData)), 'GP', err);
    $.trapIf(any(ne(rpl, cpl), ne(dpl, cpl)), 'GP', err);
    $.trapIf(eq(arPresent(ar), 0), 'SSsel', err);
    setSegment($, reg, s, sel, descBase(d), descLimit(d), ar);
    return;
  }
  $.if(
    isNull(sel),
    // A null selector loads; the cache is marked unusable (any access through it is #GP(0)).
    () => setSegment($, reg, s, sel, c(32, 0), c(32, 0), c(8, 0)),
    () => {
      const readable = all(arSegment(ar), any(eq(arCode(ar), 0), arRw(ar)));
      const checked = any(eq(arCode(ar), 0), eq(arConforming(ar), 0));
      $.trapIf(any(not(d.inTable), not(readable)), 'GP', err);
      $.trapIf(all(checked, ult(dpl, maxPl(cpl, rpl))), 'GP', err);
      $.trapIf(eq(arPresent(ar), 0), 'NP', err);
      setSegment($, reg, s, sel, descBase(d), descLimit(d), ar);
    },
  );
}

export function protectionInstructions(x: X86Context): InstructionDecl[] {
  const { b, reg, R } = x;
  const ESP = R(c(3, 4));
  const EIP = reg('EIP') as Bits<32>;
  const CPL = reg('CS.RPL') as Bits<2>;
  const IOPL = reg('EFLAGS.IOPL') as Bits<2>;

  /**
   * A far JMP or CALL (SDM 2, JMP and CALL, "far transfer in protected mode"; SDM 3A 5.8.3-5.8.5):
   * to a code segment directly, at the same CPL; or through a 32-bit call gate (type C), whose
   * selector and offset replace the operand's, and which a CALL may take to a more privileged
   * non-conforming segment, switching to that level's stack from the TSS (SS and ESP of the caller
   * pushed first; the gate's parameter count is not honoured: no parameters are copied). A CALL
   * through a gate only with `features.gateCalls`; the bundled models refuse it (#GP, an excluded
   * exception here). Other
   * system descriptors (TSS, task gate) are #GP(selector) here: task switches are not modelled.
   */
  const farTransfer = ($: X86Semantics, sel: Bits<16>, offset: Bits<32>, tag: string, call: boolean) => {
    const d = descriptor($, reg, sel, tag);
    const ar = $.let(`${tag}.ar`, descAr(d));
    const err = selectorError(sel);
    const oldCs = $.let(`${tag}.oldcs`, zext(reg('CS') as Bits<16>, 32));
    const next = $.let(`${tag}.next`, add(EIP, 7));
    $.trapIf(isNull(sel), 'GPoperand', c(32, 0));
    $.trapIf(not(d.inTable), 'GP', err);
    const gate = $.let(`${tag}.isgate`, all(eq(arSegment(ar), 0), eq(arType(ar), 0xc)));
    $.trapIf(all(not(arSegment(ar)), not(gate)), 'GP', err);
    /** Loads CS:EIP from a code-segment descriptor `t` at privilege `cpl` (CS.RPL = the CPL, SDM 3A 5.8.1). */
    const enter = (t: Descriptor, target: Bits<16>, eip: Bits<32>, cpl: Bits<2>, limit: Bits<32>) => {
      $.set(reg('CS'), or(and(target, 0xfffc), zext(cpl, 16)));
      $.set(reg('CS_base'), descBase(t));
      $.set(reg('CS_limit'), limit);
      $.set(reg('EIP'), eip);
    };
    // A CALL through a gate only with `features.gateCalls` (off in the bundled models, see
    // X86Features): without it the gate path is not even written, so the checker never sees it.
    const gates = !call || x.features.gateCalls === true;
    if (!gates) $.trapIf(gate, 'GPoperand', err);
    const either = (gatePath: () => void, segmentPath: () => void) => (gates ? $.if(gate, gatePath, segmentPath) : segmentPath());
    either(
      () => {
        // The gate: DPL >= max(CPL, RPL), present; then its code segment: DPL <= CPL, present.
        const gt = `${tag}.gate`;
        $.trapIf(ult(arDpl(ar), maxPl(CPL, extract(sel, 1, 0))), 'GP', err);
        $.trapIf(eq(arPresent(ar), 0), 'NP', err);
        const target = $.let(`${gt}.sel`, extract(d.lo, 31, 16));
        const entry = $.let(`${gt}.eip`, concat(extract(d.hi, 31, 16), extract(d.lo, 15, 0)));
        $.trapIf(isNull(target), 'GP', c(32, 0));
        const t = descriptor($, reg, target, `${gt}.t`);
        const tar = $.let(`${gt}.ar`, descAr(t));
        const terr = selectorError(target);
        $.trapIf(any(not(t.inTable), not(all(arSegment(tar), arCode(tar))), ugt(arDpl(tar), CPL)), 'GP', terr);
        $.trapIf(eq(arPresent(tar), 0), 'NP', terr);
        const limit = $.let(`${gt}.limit`, descLimit(t));
        $.trapIf(ugt(entry, limit), 'GPfault');
        const inner = $.let(`${gt}.inner`, all(eq(arConforming(tar), 0), ult(arDpl(tar), CPL)));
        if (!call) {
          // JMP never changes the CPL: through a gate only to a conforming or same-level segment.
          $.trapIf(inner, 'GP', terr);
          enter(t, target, entry, CPL, limit);
          return;
        }
        $.if(
          inner,
          () => {
            // The inner level's stack from the TSS (SDM 3A 7.2.1: ESPn at 4 + 8n, SSn at 8 + 8n).
            const n = arDpl(tar);
            const slot = $.let(`${gt}.slot`, zext(concat(n, c(3, 0)), 32));
            const tss = reg('TR_base') as Bits<32>;
            const ok = $.let(`${gt}.tssok`, all(ule(add(slot, 11), reg('TR_limit') as Bits<32>), ult(add(tss, slot), ramBytes - 12)));
            $.trapIf(not(ok), 'GP', selectorError(reg('TR') as Bits<16>));
            const esp = $.let(`${gt}.esp`, load(add(tss, add(slot, 4)), 32, 'physical'));
            const ss = $.let(`${gt}.ss`, extract(load(add(tss, add(slot, 8)), 32, 'physical'), 15, 0));
            const oldSs = $.let(`${gt}.oldss`, zext(reg('SS') as Bits<16>, 32));
            const oldEsp = $.let(`${gt}.oldesp`, ESP);
            loadDataSegment($, x, 'SS', ss, n, `${gt}.s`);
            $.set(ESP, esp);
            push($, R, oldSs, `${gt}.p1`);
            push($, R, oldEsp, `${gt}.p2`);
            push($, R, oldCs, `${gt}.p3`);
            push($, R, next, `${gt}.p4`);
            enter(t, target, entry, n, limit);
          },
          () => {
            push($, R, oldCs, `${gt}.p5`);
            push($, R, next, `${gt}.p6`);
            enter(t, target, entry, CPL, limit);
          },
        );
      },
      () => {
        // A code segment: conforming with DPL <= CPL, or non-conforming with RPL <= CPL and DPL = CPL.
        const dpl = arDpl(ar);
        const rpl = extract(sel, 1, 0);
        const privilege = ite(arConforming(ar), ugt(dpl, CPL), any(ugt(rpl, CPL), ne(dpl, CPL)));
        $.trapIf(not(arCode(ar)), 'GP', err);
        $.trapIf(privilege, 'GP', err);
        $.trapIf(eq(arPresent(ar), 0), 'NP', err);
        const limit = $.let(`${tag}.limit`, descLimit(d));
        $.trapIf(ugt(offset, limit), 'GPfault');
        if (call) {
          push($, R, oldCs, `${tag}.p1`);
          push($, R, next, `${tag}.p2`);
        }
        enter(d, sel, offset, CPL, limit);
      },
    );
  };

  /** The flags IRET and POPF may write, by privilege (SDM 2, POPF and IRET "Operation"). */
  const writeFlags = ($: X86Semantics, v: Bits<32>, tag: string) => {
    const cpl0 = $.let(`${tag}.cpl0`, eq(CPL, 0));
    const ifOk = $.let(`${tag}.ifok`, ugt(add(zext(IOPL, 3), 1), zext(CPL, 3))); // CPL <= IOPL
    for (const [f, i] of [['CF', 0], ['ZF', 6], ['SF', 7], ['TF', 8], ['DF', 10], ['OF', 11], ['NT', 14]] as const) $.set(reg(`EFLAGS.${f}`), bit(v, i));
    $.if(ifOk, () => $.set(reg('EFLAGS.IF'), bit(v, 9)));
    $.if(cpl0, () => $.set(reg('EFLAGS.IOPL'), extract(v, 13, 12)));
  };

  /**
   * RET far and IRET (SDM 2, RET "far return in protected mode" and IRET "PROTECTED-MODE-RETURN"):
   * EIP and CS (and EFLAGS) from the stack; to an outer level also ESP and SS, with DS and ES
   * nulled when their DPL is below the new CPL.
   */
  const farReturn = ($: X86Semantics, iret: boolean) => {
    const tag = iret ? 'iret' : 'lret';
    if (iret) $.trapIf(eq(reg('EFLAGS.NT') as Bool, 1), 'GP', c(32, 0));
    const eip = stackSlot($, R, 0, `${tag}.eip`);
    const sel = $.let(`${tag}.sel`, extract(stackSlot($, R, 1, `${tag}.cs`), 15, 0));
    const flags = iret ? stackSlot($, R, 2, `${tag}.eflags`) : undefined;
    const n = iret ? 3 : 2;
    const d = descriptor($, reg, sel, `${tag}.d`);
    const ar = $.let(`${tag}.ar`, descAr(d));
    const dpl = arDpl(ar);
    const rpl = $.let(`${tag}.rpl`, extract(sel, 1, 0));
    const err = selectorError(sel);
    $.trapIf(isNull(sel), 'GPoperand', c(32, 0));
    const codeSegment = all(arSegment(ar), arCode(ar));
    const privilege = any(ult(rpl, CPL), ite(arConforming(ar), ugt(dpl, rpl), ne(dpl, rpl)));
    $.trapIf(any(not(d.inTable), not(codeSegment)), 'GP', err);
    $.trapIf(privilege, 'GP', err);
    $.trapIf(eq(arPresent(ar), 0), 'NP', err);
    const limit = $.let(`${tag}.limit`, descLimit(d));
    $.trapIf(ugt(eip, limit), 'GPfault');
    const outer = $.let(`${tag}.outer`, ugt(rpl, CPL));
    if (flags) writeFlags($, flags, tag);
    $.if(
      outer,
      () => {
        const esp = stackSlot($, R, n, `${tag}.esp`);
        const ss = $.let(`${tag}.ss`, extract(stackSlot($, R, n + 1, `${tag}.ssv`), 15, 0));
        loadDataSegment($, x, 'SS', ss, rpl, `${tag}.s`);
        $.set(ESP, esp);
        // DS and ES: nulled if their segment is data or non-conforming code with DPL < new CPL.
        for (const s of ['DS', 'ES'] as const) {
          const sar = reg(`${s}_ar`) as Bits<8>;
          const stale = all(any(eq(arCode(sar), 0), eq(arConforming(sar), 0)), ult(arDpl(sar), rpl));
          $.if(stale, () => setSegment($, reg, s, c(16, 0), c(32, 0), c(32, 0), c(8, 0)));
        }
      },
      () => $.set(ESP, add(ESP, 4 * n)),
    );
    $.set(reg('CS'), sel);
    $.set(reg('CS_base'), descBase(d));
    $.set(reg('CS_limit'), limit);
    $.set(reg('EIP'), eip);
  };

  /** INT n's checks of the gate (SDM 2, INT n "PROTECTED-MODE"), then the trap; the trap sequence does the transfer. */
  const softwareInterrupt = ($: X86Semantics, vector: Bits<8>, length: number) => {
    const offset = $.let('int.off', concat(c(21, 0), vector, c(3, 0)));
    const err = $.let('int.err', or(offset, c(32, 2)));
    const slot = $.let('int.slot', add(reg('IDTR_base') as Bits<32>, offset));
    const inTable = $.let('int.ok', all(ule(add(offset, 7), zext(reg('IDTR_limit') as Bits<16>, 32)), ult(slot, ramBytes - 7)));
    const hi = $.let('int.hi', ite(inTable, load(add(slot, 4), 32, 'physical'), c(32, 0)));
    const type = extract(hi, 11, 8);
    $.trapIf(any(not(inTable), not(any(eq(type, 0xe), eq(type, 0xf)))), 'GP', err);
    $.trapIf(ult(extract(hi, 14, 13), CPL), 'GP', err);
    $.trapIf(eq(bit(hi, 15), 0), 'NP', err);
    $.trap('INT', or(zext(vector, 32), c(32, length << 8)));
  };

  /** The validity and visibility checks LAR, LSL, VERR and VERW share (SDM 2, each "Operation"). */
  const visible = ($: X86Semantics, sel: Bits<16>, tag: string) => {
    const d = descriptor($, reg, sel, tag);
    const ar = $.let(`${tag}.ar`, descAr(d));
    const rpl = extract(sel, 1, 0);
    const conformingCode = all(arSegment(ar), arCode(ar), arConforming(ar));
    const privileged = all(not(conformingCode), ult(arDpl(ar), maxPl(CPL, rpl)));
    return { d, ar, ok: $.let(`${tag}.vis`, all(not(isNull(sel)), d.inTable, not(privileged))) };
  };
  const systemTypeIn = (ar: Bits<8>, types: number[]): Bool => all(eq(arSegment(ar), 0), any(...types.map((t) => eq(arType(ar), t))));

  const sregs = [
    { s: 'ES', n: SEG.ES, push: 0x06, pop: 0x07 },
    { s: 'CS', n: SEG.CS, push: 0x0e, pop: undefined },
    { s: 'SS', n: SEG.SS, push: 0x16, pop: 0x17 },
    { s: 'DS', n: SEG.DS, push: 0x1e, pop: 0x1f },
  ] as const;
  const bin = (v: number, w: number) => v.toString(2).padStart(w, '0');

  return [
    ...sregs.map(({ s, n }) =>
      b.insn(`MOV.from${s}`, {
        cite: v2(`MOV (8C /r, Sreg = ${s}, register form)`),
        class: 'sensitive',
        encoding: bytes(`10001100 | 11 ${bin(n, 3)} rd:3`),
        syntax: `mov {rd}, ${s.toLowerCase()}`,
        doc: 'The selector, zero-extended (SDM 2 MOV: the upper bits are 0 on P6 and later processors, undefined on earlier ones). From CS or SS it reveals the CPL.',
        semantics: ({ rd }, $) => $.set(R(rd), zext(reg(s) as Bits<16>, 32)),
      }),
    ),
    ...sregs
      .filter((r) => r.s !== 'CS')
      .map(({ s, n }) =>
        b.insn(`MOV.to${s}`, {
          cite: v2(`MOV (8E /r, Sreg = ${s}, register form): loading a segment register in protected mode`),
          class: 'sensitive',
          encoding: bytes(`10001110 | 11 ${bin(n, 3)} rs:3`),
          syntax: `mov ${s.toLowerCase()}, {rs}`,
          semantics: ({ rs }, $) => loadDataSegment($, x, s as 'SS' | 'DS' | 'ES', $.let('mov.sel', extract(R(rs), 15, 0)), CPL, 'mov'),
        }),
      ),
    ...sregs.map(({ s, push: opcode }) =>
      b.insn(`PUSH.${s}`, {
        cite: v2(`PUSH (${opcode.toString(16).toUpperCase().padStart(2, '0')}, PUSH ${s})`),
        class: 'sensitive',
        encoding: bytes(bin(opcode, 8)),
        syntax: `push ${s.toLowerCase()}`,
        doc: 'Pushes the selector zero-extended to 32 bits.',
        semantics: (_, $) => push($, R, zext(reg(s) as Bits<16>, 32), 'pushs'),
      }),
    ),
    ...sregs
      .filter((r) => r.pop !== undefined)
      .map(({ s, pop }) =>
        b.insn(`POP.${s}`, {
          cite: v2(`POP (${pop!.toString(16).toUpperCase().padStart(2, '0')}, POP ${s}): loading a segment register in protected mode`),
          class: 'sensitive',
          encoding: bytes(bin(pop!, 8)),
          syntax: `pop ${s.toLowerCase()}`,
          semantics: (_, $) => {
            const sel = $.let('pops.sel', extract(stackSlot($, R, 0, 'pops.v'), 15, 0));
            loadDataSegment($, x, s as 'SS' | 'DS' | 'ES', sel, CPL, 'pops');
            $.set(ESP, add(ESP, 4));
          },
        }),
      ),
    ...(['DS', 'ES'] as const).map((s) =>
      b.insn(`L${s}`, {
        cite: v2(`LDS/LES/LFS/LGS/LSS (${s === 'DS' ? 'C5' : 'C4'} /r, [base + disp32]): load far pointer`),
        class: 'sensitive',
        encoding: bytes(`${s === 'DS' ? '11000101' : '11000100'} | 10 rd:3 rb:3 | disp:32`),
        syntax: `l${s[0]!.toLowerCase()}s {rd}, [{rb}+{disp}]`,
        doc: 'Loads a 48-bit far pointer: the offset (at m) into the register, the selector (at m + 4) into the segment register, with its checks.',
        semantics: ({ rd, rb, disp }, $) => {
          const seg = segmentOf(rb);
          const m = $.let('lfp.m', add(R(rb), disp));
          const offset = $.let('lfp.off', load(at($, seg, m, 6), 32));
          const sel = $.let('lfp.sel', load(at($, seg, add(m, 4), 2), 16));
          loadDataSegment($, x, s, sel, CPL, 'lfp');
          $.set(R(rd), offset);
        },
      }),
    ),

    b.insn('LJMP', {
      cite: v2('JMP (EA cp, ptr16:32): far jump in protected mode, to a code segment or through a call gate'),
      class: 'sensitive',
      encoding: bytes('11101010 | offset:32 | sel:16'),
      syntax: 'ljmp {sel}, {offset}',
      semantics: ({ sel, offset }, $) => farTransfer($, sel, offset, 'ljmp', false),
    }),
    b.insn('LCALL', {
      cite: v2('CALL (9A cp, ptr16:32): far call in protected mode, to a code segment or through a call gate (SDM 3A 5.8.5)'),
      class: 'sensitive',
      encoding: bytes('10011010 | offset:32 | sel:16'),
      syntax: 'lcall {sel}, {offset}',
      doc: 'Pushes CS (zero-extended) and the EIP of the next instruction, then loads CS:EIP; through a call gate to a more privileged level, on the new stack from the TSS after the caller\'s SS and ESP.',
      semantics: ({ sel, offset }, $) => farTransfer($, sel, offset, 'lcall', true),
    }),
    b.insn('LRET', {
      cite: v2('RET (CB): far return in protected mode, to the same or an outer level'),
      class: 'sensitive',
      encoding: bytes('11001011'),
      syntax: 'lret',
      semantics: (_, $) => farReturn($, false),
    }),
    b.insn('IRET', {
      cite: v2('IRET (CF): protected-mode return, to the same or an outer level'),
      class: 'sensitive',
      encoding: bytes('11001111'),
      syntax: 'iret',
      doc:
        'Pops EIP, CS and EFLAGS (and ESP and SS to an outer level). EFLAGS is written as POPF writes it, by the CPL before the return: ' +
        'IF only when CPL <= IOPL, IOPL only at CPL 0. NT = 1 (a return to another task) is #GP(0) here: task switches are not modelled.',
      semantics: (_, $) => farReturn($, true),
    }),
    b.insn('INT', {
      cite: v2('INT n (CD ib): the gate checks; SDM 3A 6.12.1.1 (software interrupts: gate DPL >= CPL)'),
      class: 'sensitive',
      encoding: bytes('11001101 | vector:8'),
      syntax: 'int {vector}',
      doc: 'Traps through IDT entry n when it is an interrupt or trap gate, present, with DPL >= CPL; otherwise #GP(n × 8 + 2) or #NP(n × 8 + 2).',
      semantics: ({ vector }, $) => softwareInterrupt($, vector, 2),
    }),
    b.insn('INT3', {
      cite: v2('INT3 (CC): breakpoint, vector 3, with the checks of INT n'),
      class: 'innocuous',
      encoding: bytes('11001100'),
      syntax: 'int3',
      semantics: (_, $) => softwareInterrupt($, c(8, 3), 1),
    }),

    b.insn('LAR', {
      cite: v2('LAR (0F 02 /r, register form): load access rights'),
      class: 'sensitive',
      encoding: bytes('00001111 | 00000010 | 11 rd:3 rs:3'),
      syntax: 'lar {rd}, {rs}',
      doc: 'ZF = 1 and r32 = descriptor bits 63:32 AND 00F0FF00h when the selector names a code or data segment, or a system descriptor of type 1-5, 9, B, C, visible at max(CPL, RPL); else ZF = 0.',
      semantics: ({ rd, rs }, $) => {
        const v = visible($, extract(R(rs), 15, 0), 'lar');
        const ok = $.let('lar.valid', all(v.ok, any(arSegment(v.ar), systemTypeIn(v.ar, [1, 2, 3, 4, 5, 9, 0xb, 0xc]))));
        $.set(reg('EFLAGS.ZF'), ok);
        $.if(ok, () => $.set(R(rd), and(v.d.hi, 0x00f0_ff00)));
      },
    }),
    b.insn('LSL', {
      cite: v2('LSL (0F 03 /r, register form): load segment limit'),
      class: 'sensitive',
      encoding: bytes('00001111 | 00000011 | 11 rd:3 rs:3'),
      syntax: 'lsl {rd}, {rs}',
      doc: 'ZF = 1 and r32 = the byte limit (granularity applied) for a code or data segment or a system descriptor of type 1-3, 9, B visible at max(CPL, RPL); else ZF = 0.',
      semantics: ({ rd, rs }, $) => {
        const v = visible($, extract(R(rs), 15, 0), 'lsl');
        const ok = $.let('lsl.valid', all(v.ok, any(arSegment(v.ar), systemTypeIn(v.ar, [1, 2, 3, 9, 0xb]))));
        $.set(reg('EFLAGS.ZF'), ok);
        $.if(ok, () => $.set(R(rd), descLimit(v.d)));
      },
    }),
    b.insn('VERR', {
      cite: v2('VERR (0F 00 /4, register form): verify a segment for reading'),
      class: 'sensitive',
      encoding: bytes('00001111 | 00000000 | 11 100 rs:3'),
      syntax: 'verr {rs}',
      semantics: ({ rs }, $) => {
        const v = visible($, extract(R(rs), 15, 0), 'verr');
        $.set(reg('EFLAGS.ZF'), all(v.ok, arSegment(v.ar), any(eq(arCode(v.ar), 0), arRw(v.ar))));
      },
    }),
    b.insn('VERW', {
      cite: v2('VERW (0F 00 /5, register form): verify a segment for writing'),
      class: 'sensitive',
      encoding: bytes('00001111 | 00000000 | 11 101 rs:3'),
      syntax: 'verw {rs}',
      semantics: ({ rs }, $) => {
        const v = visible($, extract(R(rs), 15, 0), 'verw');
        $.set(reg('EFLAGS.ZF'), all(v.ok, arSegment(v.ar), eq(arCode(v.ar), 0), arRw(v.ar)));
      },
    }),
  ];
}

