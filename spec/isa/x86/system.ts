/**
 * The system instructions (SDM vol. 3A 2.8 "System Instruction Summary", 5.9 "Privileged
 * Instructions"; each instruction's page in vol. 2): the descriptor-table registers (LGDT, LIDT,
 * LLDT, LTR and SGDT, SIDT, SLDT, STR), the machine status word (LMSW, SMSW), the control
 * registers (MOV to/from CR0, CR2, CR3, CR4; CLTS), the flags (PUSHF, POPF, CLI, STI), I/O (IN,
 * OUT), RDTSC, HLT and the cache and TLB instructions (INVD, WBINVD, INVLPG: no-ops here).
 *
 * Declared classes: privileged for SDM 3A 5.9's list, and for the IOPL-sensitive ones (CLI, STI,
 * IN, OUT), which fault outside ring 0 under the IOPL 0 every monitor of the literature keeps for
 * its guests (Robin & Irvine, USENIX Security 2000, do not count them among the problems);
 * Robin & Irvine's "sensitive, unprivileged" for SGDT, SIDT, SLDT, SMSW, STR, PUSHF, POPF.
 * RDTSC: sensitive (timing; privileged only with CR4.TSD).
 *
 * ENCODINGS: real opcode bytes. The table-register loads and stores use the [base + disp32]
 * memory form (mod = 10, integer.ts); SLDT, STR, LLDT, LTR, SMSW, LMSW, VERR/VERW the register
 * form (mod = 11). MOV CRn has one entry per control register (its ModRM reg field fixed); CR1
 * and CR5-CR7 are undefined (#UD: no entry decodes them). IN and OUT: the imm8 forms with AL
 * (E4, E6); the DX forms and wider operands are left out. Not modelled: MOV DRn (debug registers),
 * RDMSR/WRMSR, RDPMC, CPUID, LOCK, the I/O permission bitmap (IN/OUT at CPL > IOPL fault as if
 * the TSS's bitmap denied every port).
 *
 * The UMIP checks are present in the `umip` model only (CR4.UMIP does not exist on the Pentium).
 */
import { add, all, and, bit, concat, eq, extract, load, ne, or, ugt, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import {
  arPresent,
  arSegment,
  arType,
  at,
  descAr,
  descBase,
  descLimit,
  descriptor,
  ioBase,
  isNull,
  push,
  segmentOf,
  selectorError,
  stackSlot,
  type X86Semantics,
} from './machine.js';
import { bytes, type X86Context } from './forms.js';

const v2 = (what: string) => `Intel SDM vol. 2, ${what}`;

export function systemInstructions(x: X86Context): InstructionDecl[] {
  const { b, reg, R, features } = x;
  const ESP = R(c(3, 4));
  const CPL = reg('CS.RPL') as Bits<2>;
  const IOPL = reg('EFLAGS.IOPL') as Bits<2>;

  /** #GP(0) at CPL > 0 when CR4.UMIP = 1 (SDM 3A 2.5, CR4.UMIP); nothing on the Pentium. */
  const umip = ($: X86Semantics) => {
    if (features.umip) $.trapIf(all(eq(reg('CR4.UMIP') as Bool, 1), ne(CPL, 0)), 'GP', c(32, 0));
  };
  /** #GP(0) unless CPL <= IOPL (SDM 3A 18.2.1, "I/O Privilege Level"). */
  const ioplCheck = ($: X86Semantics) => $.trapIf(ugt(CPL, IOPL), 'GP', c(32, 0));

  /** LGDT/LIDT: limit (16 bits) at m, base (32 bits, 32-bit operand size) at m + 2. */
  const loadTable = (name: 'LGDT' | 'LIDT', digit: string, t: 'GDTR' | 'IDTR') =>
    b.insn(name, {
      cite: v2(`${name} (0F 01 /${parseInt(digit, 2)}, [base + disp32])`),
      class: 'privileged',
      encoding: bytes(`00001111 | 00000001 | 10 ${digit} rb:3 | disp:32`),
      syntax: `${name.toLowerCase()} [{rb}+{disp}]`,
      semantics: ({ rb, disp }, $) => {
        $.requireSupervisor();
        const seg = segmentOf(rb);
        const m = $.let('lt.m', add(R(rb), disp));
        const limit = $.let('lt.limit', load(at($, seg, m, 6), 16));
        const base = $.let('lt.base', load(at($, seg, add(m, 2), 4), 32));
        $.set(reg(`${t}_limit`), limit);
        $.set(reg(`${t}_base`), base);
      },
    });
  /** SGDT/SIDT: stores the limit at m and the base at m + 2, in any mode (unless UMIP). */
  const storeTable = (name: 'SGDT' | 'SIDT', digit: string, t: 'GDTR' | 'IDTR') =>
    b.insn(name, {
      cite: v2(`${name} (0F 01 /${parseInt(digit, 2)}, [base + disp32])`),
      class: 'sensitive',
      encoding: bytes(`00001111 | 00000001 | 10 ${digit} rb:3 | disp:32`),
      syntax: `${name.toLowerCase()} [{rb}+{disp}]`,
      doc: 'Not privileged (SDM 3A 2.8: "SGDT/SIDT ... can be executed at any privilege level"): stores the table register for any program to read.',
      semantics: ({ rb, disp }, $) => {
        umip($);
        const seg = segmentOf(rb);
        const m = $.let('st.m', add(R(rb), disp));
        const first = at($, seg, m, 6);
        const second = at($, seg, add(m, 2), 4);
        $.store(first, reg(`${t}_limit`) as Bits<16>);
        $.store(second, reg(`${t}_base`) as Bits<32>);
      },
    });
  /** SLDT/STR/SMSW into a register: the value zero-extended (SDM 2: the upper bits are 0 on later processors, undefined on the Pentium). */
  const storeReg = (name: 'SLDT' | 'STR' | 'SMSW', prefix: string, digit: string, value: () => Bits<16>, doc: string) =>
    b.insn(name, {
      cite: v2(`${name} (0F ${prefix} /${parseInt(digit, 2)}, register form)`),
      class: 'sensitive',
      encoding: bytes(`00001111 | ${prefix === '00' ? '00000000' : '00000001'} | 11 ${digit} rd:3`),
      syntax: `${name.toLowerCase()} {rd}`,
      doc,
      semantics: ({ rd }, $) => {
        umip($);
        $.set(R(rd), zext(value(), 32));
      },
    });

  const crs = [
    { n: 0, name: 'CR0' },
    { n: 2, name: 'CR2' },
    { n: 3, name: 'CR3' },
    { n: 4, name: 'CR4' },
  ] as const;
  const bin3 = (n: number) => n.toString(2).padStart(3, '0');

  return [
    loadTable('LGDT', '010', 'GDTR'),
    loadTable('LIDT', '011', 'IDTR'),
    storeTable('SGDT', '000', 'GDTR'),
    storeTable('SIDT', '001', 'IDTR'),
    storeReg('SLDT', '00', '000', () => reg('LDTR') as Bits<16>, 'The LDTR selector, in any mode (unless UMIP).'),
    storeReg('STR', '00', '001', () => reg('TR') as Bits<16>, 'The task register selector, in any mode (unless UMIP).'),
    storeReg('SMSW', '01', '100', () => extract(reg('CR0') as Bits<32>, 15, 0), 'CR0 bits 15:0 (PE MP EM TS ET NE), in any mode (unless UMIP).'),

    b.insn('LLDT', {
      cite: v2('LLDT (0F 00 /2, register form)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00000000 | 11 010 rs:3'),
      syntax: 'lldt {rs}',
      doc: 'A null selector leaves the LDT unusable (base and limit 0: every LDT reference faults); otherwise an LDT descriptor (S = 0, type 2) in the GDT, present.',
      semantics: ({ rs }, $) => {
        $.requireSupervisor();
        const sel = $.let('lldt.sel', extract(R(rs), 15, 0));
        $.if(
          isNull(sel),
          () => {
            $.set(reg('LDTR'), sel);
            $.set(reg('LDTR_base'), c(32, 0));
            $.set(reg('LDTR_limit'), c(32, 0));
          },
          () => {
            const d = descriptor($, reg, and(sel, 0xfffb), 'lldt');
            const ar = $.let('lldt.ar', descAr(d));
            $.trapIf(
              or(bit(sel, 2), or(eq(d.inTable, 0), or(arSegment(ar), ne(arType(ar), 2)))),
              'GPoperand',
              selectorError(sel),
            );
            $.trapIf(eq(arPresent(ar), 0), 'NPoperand', selectorError(sel));
            $.set(reg('LDTR'), sel);
            $.set(reg('LDTR_base'), descBase(d));
            $.set(reg('LDTR_limit'), descLimit(d));
          },
        );
      },
    }),
    b.insn('LTR', {
      cite: v2('LTR (0F 00 /3, register form)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00000000 | 11 011 rs:3'),
      syntax: 'ltr {rs}',
      doc: 'An available 32-bit TSS descriptor (S = 0, type 9) in the GDT, present; marks it busy (type B) in the GDT.',
      semantics: ({ rs }, $) => {
        $.requireSupervisor();
        const sel = $.let('ltr.sel', extract(R(rs), 15, 0));
        $.trapIf(isNull(sel), 'GPoperand', c(32, 0));
        const d = descriptor($, reg, and(sel, 0xfffb), 'ltr');
        const ar = $.let('ltr.ar', descAr(d));
        $.trapIf(or(bit(sel, 2), or(eq(d.inTable, 0), or(arSegment(ar), ne(arType(ar), 9)))), 'GPoperand', selectorError(sel));
        $.trapIf(eq(arPresent(ar), 0), 'NPoperand', selectorError(sel));
        const entry = add(reg('GDTR_base') as Bits<32>, zext(and(sel, 0xfff8), 32));
        $.store(add(entry, 4), or(d.hi, 0x200), 'physical');
        $.set(reg('TR'), sel);
        $.set(reg('TR_base'), descBase(d));
        $.set(reg('TR_limit'), descLimit(d));
      },
    }),
    b.insn('LMSW', {
      cite: v2('LMSW (0F 01 /6, register form)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00000001 | 11 110 rs:3'),
      syntax: 'lmsw {rs}',
      doc: 'Loads CR0 bits 3:0 (PE MP EM TS); PE cannot be cleared (and is always 1 here).',
      semantics: ({ rs }, $) => {
        $.requireSupervisor();
        $.set(reg('CR0.MP'), bit(R(rs), 1));
        $.set(reg('CR0.EM'), bit(R(rs), 2));
        $.set(reg('CR0.TS'), bit(R(rs), 3));
      },
    }),
    b.insn('CLTS', {
      cite: v2('CLTS (0F 06)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00000110'),
      syntax: 'clts',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.set(reg('CR0.TS'), 0);
      },
    }),
    ...crs.map(({ n, name }) =>
      b.insn(`MOV.from${name}`, {
        cite: v2(`MOV (0F 20 /r): move from control register ${name}`),
        class: 'privileged',
        encoding: bytes(`00001111 | 00100000 | 11 ${bin3(n)} rd:3`),
        syntax: `mov {rd}, ${name.toLowerCase()}`,
        semantics: ({ rd }, $) => {
          $.requireSupervisor();
          $.set(R(rd), reg(name) as Bits<32>);
        },
      }),
    ),
    ...crs.map(({ n, name }) =>
      b.insn(`MOV.to${name}`, {
        cite: v2(`MOV (0F 22 /r): move to control register ${name}`),
        class: 'privileged',
        encoding: bytes(`00001111 | 00100010 | 11 ${bin3(n)} rs:3`),
        syntax: `mov ${name.toLowerCase()}, {rs}`,
        doc:
          name === 'CR0'
            ? 'Writes CR0 (PE, ET and PG keep their values: protected mode, no paging); NW = 1 with CD = 0 is #GP(0).'
            : name === 'CR4'
              ? 'Writes the modelled CR4 bits; the others are ignored (the model has no VME, PVI, DE, PSE, MCE).'
              : undefined,
        semantics: ({ rs }, $) => {
          $.requireSupervisor();
          const v = $.let('cr.v', R(rs));
          if (name === 'CR0') $.trapIf(all(bit(v, 29), eq(bit(v, 30), 0)), 'GPoperand', c(32, 0));
          $.set(reg(name), v);
        },
      }),
    ),

    b.insn('PUSHF', {
      cite: v2('PUSHF/PUSHFD (9C)'),
      class: 'sensitive',
      encoding: bytes('10011100'),
      syntax: 'pushf',
      doc: 'Pushes EFLAGS — IF and IOPL included — in any mode (VM and RF, not modelled, would be cleared in the image).',
      semantics: (_, $) => push($, R, $.let('pushf.v', reg('EFLAGS') as Bits<32>), 'pushf'),
    }),
    b.insn('POPF', {
      cite: v2('POPF/POPFD (9D): protected mode, by CPL and IOPL'),
      class: 'sensitive',
      encoding: bytes('10011101'),
      syntax: 'popf',
      doc:
        'Pops EFLAGS. At CPL 0 every modelled flag is written; at 0 < CPL <= IOPL all but IOPL; at CPL > IOPL all but IOPL and IF — ' +
        'which keep their values silently, without a fault (SDM 2 POPF: "the IF flag ... is unaffected ... no exception is generated").',
      semantics: (_, $) => {
        const v = stackSlot($, R, 0, 'popf.v');
        const cpl0 = $.let('popf.cpl0', eq(CPL, 0));
        const ifOk = $.let('popf.ifok', ugt(add(zext(IOPL, 3), 1), zext(CPL, 3)));
        for (const [f, i] of [['CF', 0], ['ZF', 6], ['SF', 7], ['TF', 8], ['DF', 10], ['OF', 11], ['NT', 14]] as const) $.set(reg(`EFLAGS.${f}`), bit(v, i));
        $.if(ifOk, () => $.set(reg('EFLAGS.IF'), bit(v, 9)));
        $.if(cpl0, () => $.set(reg('EFLAGS.IOPL'), extract(v, 13, 12)));
        $.set(ESP, add(ESP, 4));
      },
    }),
    b.insn('CLI', {
      cite: v2('CLI (FA): protected mode, CPL <= IOPL'),
      class: 'privileged',
      encoding: bytes('11111010'),
      syntax: 'cli',
      semantics: (_, $) => {
        ioplCheck($);
        $.set(reg('EFLAGS.IF'), 0);
      },
    }),
    b.insn('STI', {
      cite: v2('STI (FB): protected mode, CPL <= IOPL'),
      class: 'privileged',
      encoding: bytes('11111011'),
      syntax: 'sti',
      semantics: (_, $) => {
        ioplCheck($);
        $.set(reg('EFLAGS.IF'), 1);
      },
    }),
    b.insn('IN', {
      cite: v2('IN (E4 ib): AL from an I/O port; SDM 1 18.5.1 (CPL <= IOPL)'),
      class: 'privileged',
      encoding: bytes('11100100 | port:8'),
      syntax: 'in {port}',
      doc: 'AL = the port; the rest of EAX unchanged.',
      semantics: ({ port }, $) => {
        ioplCheck($);
        const v = $.let('in.v', load(add(c(32, ioBase), zext(port, 32)), 8, 'physical'));
        $.set(R(c(3, 0)), concat(extract(R(c(3, 0)), 31, 8), v));
      },
    }),
    b.insn('OUT', {
      cite: v2('OUT (E6 ib): AL to an I/O port; SDM 1 18.5.1 (CPL <= IOPL)'),
      class: 'privileged',
      encoding: bytes('11100110 | port:8'),
      syntax: 'out {port}',
      doc: 'Port E9h is the console.',
      semantics: ({ port }, $) => {
        ioplCheck($);
        $.store(add(c(32, ioBase), zext(port, 32)), extract(R(c(3, 0)), 7, 0), 'physical');
      },
    }),
    b.insn('RDTSC', {
      cite: v2('RDTSC (0F 31); SDM 3A 17.17 (CR4.TSD)'),
      class: 'sensitive',
      encoding: bytes('00001111 | 00110001'),
      syntax: 'rdtsc',
      doc: 'EDX:EAX = the time-stamp counter; #GP(0) at CPL > 0 when CR4.TSD = 1.',
      semantics: (_, $) => {
        $.trapIf(all(eq(reg('CR4.TSD') as Bool, 1), ne(CPL, 0)), 'GP', c(32, 0));
        $.set(R(c(3, 0)), reg('TSC_lo') as Bits<32>);
        $.set(R(c(3, 2)), reg('TSC_hi') as Bits<32>);
      },
    }),
    b.insn('HLT', {
      cite: v2('HLT (F4)'),
      class: 'privileged',
      encoding: bytes('11110100'),
      syntax: 'hlt',
      doc: 'Halts the processor (no interrupt source exists to resume it).',
      semantics: (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
    }),
    b.insn('INVD', {
      cite: v2('INVD (0F 08)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00001000'),
      syntax: 'invd',
      doc: 'Caches are not modelled: a no-op at CPL 0.',
      semantics: (_, $) => $.requireSupervisor(),
    }),
    b.insn('WBINVD', {
      cite: v2('WBINVD (0F 09)'),
      class: 'privileged',
      encoding: bytes('00001111 | 00001001'),
      syntax: 'wbinvd',
      doc: 'Caches are not modelled: a no-op at CPL 0.',
      semantics: (_, $) => $.requireSupervisor(),
    }),
    b.insn('INVLPG', {
      cite: v2('INVLPG (0F 01 /7, [base + disp32])'),
      class: 'privileged',
      encoding: bytes('00001111 | 00000001 | 10 111 rb:3 | disp:32'),
      syntax: 'invlpg [{rb}+{disp}]',
      doc: 'There is no TLB (no paging): a no-op at CPL 0. It does not access memory.',
      semantics: (_, $) => $.requireSupervisor(),
    }),
  ];
}
