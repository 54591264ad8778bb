/**
 * The system control coprocessor, CP0, of the R3000 (K&H "System Control Coprocessor" and
 * "Memory Management System"; IDT SRM "CPU Control Registers", "Memory Management and the TLB"):
 * MFC0 and MTC0 for each CP0 register, RFE, the four TLB instructions, BC0F/BC0T; and the
 * instructions of coprocessors 1-3, none of which is fitted.
 *
 * Every CP0 instruction is usable in kernel mode, and in user mode only while Status.CU0 is set;
 * otherwise it takes Coprocessor Unusable with CE = 0 (`requireCp0`). Each (MFC0 | MTC0,
 * register) pair is its own entry with the register number as fixed bits, as rv32's zicsr.ts
 * does for CSRs, so the checker classifies `MTC0.Status` apart from `MFC0.EPC`. A CP0 register
 * number the R3000 does not implement (3, 5-7, 9, 11, 16-31) decodes as no instruction: the
 * Reserved Instruction exception (the R3000 leaves it undefined).
 */
import { add, and, eq, extract, ite, or, sext, shl, sub, urem } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import { log2, randomRange, type MipsBuilder, type MipsPlatform } from './machine.js';
import { entryMatches, HI_WRITABLE, LO_WRITABLE, tlbHi, tlbLo } from './tlb.js';
import { vocabulary, type MipsSemantics } from './sequencing.js';

const K = (section: string) => `K&H "${section}"; IDT SRM "CPU Control Registers"`;

interface Cp0Register {
  name: string;
  number: number;
  cite: string;
  read: () => Bits<32>;
  /** Absent: the register is read-only and a write changes nothing. */
  write?: ($: MipsSemantics, v: Bits<32>) => void;
  doc?: string;
}

export function cp0Instructions(b: MipsBuilder, p: MipsPlatform) {
  const { r, reg32, set, next, branch, requireCp0, PC } = vocabulary(b);
  const n = p.tlbEntries;
  const indexBits = log2(n);
  const indexMask = (n - 1) << 8;
  const { top, period } = randomRange(p);
  const Index = reg32('Index');
  const EntryHi = reg32('EntryHi');
  const EntryLo = reg32('EntryLo');
  const Context = reg32('Context');

  /** Random (CP0 1): counts down once per step from `top` to `wired`, then wraps (K&H "Random register"). */
  const random = () => shl(sub(c(32, top), urem(reg32('randomClock'), period)), 8);
  /** The entry a TLB instruction names: the low log2(n) bits of Index's or Random's bits 13:8. */
  const entryOf = (v: Bits<32>) => extract(v, 8 + indexBits - 1, 8);

  const registers: Cp0Register[] = [
    {
      name: 'Index', number: 0, cite: K('Index register'), read: () => Index,
      write: ($, v) => set($, 'Index', or(and(Index, 0x8000_0000), and(v, indexMask))),
      doc: `P (bit 31) is TLBP's; software writes the index, bits ${8 + indexBits - 1}:8 (the TLB has ${n} entries)`,
    },
    { name: 'Random', number: 1, cite: K('Random register'), read: random, doc: 'read-only: counts down once per instruction' },
    { name: 'EntryLo', number: 2, cite: K('EntryLo register'), read: () => EntryLo, write: ($, v) => set($, 'EntryLo', and(v, LO_WRITABLE)) },
    {
      name: 'Context', number: 4, cite: K('Context register'), read: () => Context,
      write: ($, v) => set($, 'Context', or(and(Context, 0x001f_fffc), and(v, 0xffe0_0000))),
      doc: 'software writes PTEBase (31:21); BadVPN (20:2) is the hardware’s',
    },
    { name: 'BadVAddr', number: 8, cite: K('BadVAddr register'), read: () => reg32('BadVAddr'), doc: 'read-only' },
    { name: 'EntryHi', number: 10, cite: K('EntryHi register'), read: () => EntryHi, write: ($, v) => set($, 'EntryHi', and(v, HI_WRITABLE)) },
    {
      name: 'Status', number: 12, cite: K('Status register'), read: () => reg32('Status'),
      write: ($, v) => set($, 'Status', v),
      doc: 'every field but CM and TS; writing KUc changes the mode at once',
    },
    {
      name: 'Cause', number: 13, cite: K('Cause register'), read: () => reg32('Cause'),
      write: ($, v) => set($, 'Cause.IPsw', extract(v, 9, 8)),
      doc: 'only the software interrupts IP1:0 are writable',
    },
    { name: 'EPC', number: 14, cite: K('EPC register'), read: () => reg32('EPC'), doc: 'read-only' },
    { name: 'PRId', number: 15, cite: K('PRId register'), read: () => reg32('PRId'), doc: 'read-only' },
  ];

  const bin = (v: number, w: number) => v.toString(2).padStart(w, '0');

  const moves = registers.flatMap((cr) => [
    b.insn(`MFC0.${cr.name}`, {
      cite: `K&H App. A "MFC0"; ${cr.cite}`,
      class: 'privileged',
      encoding: `010000 00000 rt:5 ${bin(cr.number, 5)} 00000000000` as const,
      syntax: `mfc0 {rt}, ${cr.name}`,
      ...(cr.doc ? { doc: cr.doc } : {}),
      semantics: ({ rt }, $) => {
        requireCp0($);
        $.set(r(rt), cr.read());
        next($);
      },
    }),
    b.insn(`MTC0.${cr.name}`, {
      cite: `K&H App. A "MTC0"; ${cr.cite}`,
      class: 'privileged',
      encoding: `010000 00100 rt:5 ${bin(cr.number, 5)} 00000000000` as const,
      syntax: `mtc0 {rt}, ${cr.name}`,
      ...(cr.doc ? { doc: cr.doc } : {}),
      semantics: ({ rt }, $) => {
        requireCp0($);
        cr.write?.($, r(rt));
        next($);
      },
    }),
  ]);

  /** A COP0 "CO" instruction: bit 25 set, a function code in bits 5:0, the rest zero. */
  const co = (mnemonic: string, funct: string, cite: string, doc: string, body: ($: MipsSemantics) => void) =>
    b.insn(mnemonic, {
      cite,
      class: 'privileged',
      encoding: `010000 1 0000000000000000000 ${funct}` as const,
      syntax: mnemonic.toLowerCase(),
      doc,
      semantics: (_, $) => {
        requireCp0($);
        body($);
      },
    });

  /** Writes EntryHi and EntryLo into entry `which` (an index of log2(n) bits). */
  const writeEntry = ($: MipsSemantics, which: Bits<number>) => {
    for (let i = 0; i < n; i++)
      $.if(eq(which, i), () => {
        set($, tlbHi(i), EntryHi);
        set($, tlbLo(i), EntryLo);
      });
  };
  /** Entry `which`'s half, chosen by an `ite` chain over the entries. */
  const readEntry = (which: Bits<number>, half: (i: number) => string) => {
    let v: Bits<32> = reg32(half(n - 1));
    for (let i = n - 2; i >= 0; i--) v = ite(eq(which, i), reg32(half(i)), v);
    return v;
  };

  const tlb = [
    co('TLBR', '000001', 'K&H App. A "TLBR"; IDT SRM "TLB instructions"', 'EntryHi and EntryLo := the entry Index names.', ($) => {
      const which = $.let('which', entryOf(Index));
      set($, 'EntryHi', readEntry(which, tlbHi));
      set($, 'EntryLo', readEntry(which, tlbLo));
      next($);
    }),
    co('TLBWI', '000010', 'K&H App. A "TLBWI"; IDT SRM "TLB instructions"', 'The entry Index names := EntryHi and EntryLo.', ($) => {
      writeEntry($, $.let('which', entryOf(Index)));
      next($);
    }),
    co('TLBWR', '000110', 'K&H App. A "TLBWR"; IDT SRM "TLB instructions"', 'The entry Random names := EntryHi and EntryLo (entries below the wired ones are never chosen).', ($) => {
      writeEntry($, $.let('which', entryOf(random())));
      next($);
    }),
    co('TLBP', '001000', 'K&H App. A "TLBP"; IDT SRM "TLB instructions"', 'Index := the entry matching EntryHi’s VPN and ASID (the lowest, if several), or P set and the index kept when none does.', ($) => {
      const vpn = extract(EntryHi, 31, 12);
      const asid = extract(EntryHi, 11, 6);
      let v: Bits<32> = or(and(Index, indexMask), 0x8000_0000);
      for (let i = n - 1; i >= 0; i--) v = ite(entryMatches(reg32, i, vpn, asid), c(32, i << 8), v);
      set($, 'Index', v);
      next($);
    }),
    co('RFE', '010000', 'K&H App. A "RFE"; K&H "Exception Processing"; IDT SRM "Exception Management"',
      'Pops the KU/IE stack: current := previous, previous := old (old is kept). The return jump is the JR whose delay slot RFE occupies.', ($) => {
        set($, 'Status.KUc', b.reg('Status.KUp'));
        set($, 'Status.IEc', b.reg('Status.IEp'));
        set($, 'Status.KUp', b.reg('Status.KUo'));
        set($, 'Status.IEp', b.reg('Status.IEo'));
        next($);
      }),
    co('HALT', '111111', 'not an R3000 instruction: the platform’s power-off (see machine.ts); a COP0 function code the R3000 reserves',
      'Stops the machine. Stands for a board’s power-off register, which would be control state in storage.', ($) => {
        next($);
        $.halt();
      }),
  ];

  const bc0 = (mnemonic: string, tf: string, when: 0 | 1) =>
    b.insn(mnemonic, {
      cite: `K&H App. A "BCzF/BCzT"; IDT SRM "Coprocessor condition"`,
      class: 'privileged',
      encoding: `010000 01000 0000${tf} off:16` as const,
      syntax: `${mnemonic.toLowerCase()} {off}`,
      doc: 'Branches on the CpCond0 input (not driven here: 0), after its delay slot.',
      semantics: ({ off }, $) => {
        requireCp0($);
        branch($, add(add(PC, 4), shl(sext(off, 32), 2)), eq(b.reg('CpCond0'), when));
      },
    });

  /**
   * Coprocessors 1-3 are not fitted (no FPU): an instruction of coprocessor z takes Coprocessor
   * Unusable (CE = z) while CUz is clear, in either mode, and Reserved Instruction when CUz is set.
   */
  const absent = (z: 1 | 2 | 3) => {
    const body = ($: MipsSemantics) => {
      $.if(eq(b.reg(`Status.CU${z}` as never), 0), () => $.trap('cpUnusable', c(32, z)), () => $.trap('reserved'));
    };
    const cite = `K&H App. A "COPz", "LWCz", "SWCz"; K&H "Status register" (CU${z})`;
    return [
      b.insn(`COP${z}`, { cite, class: 'innocuous', encoding: `0100${bin(z, 2)} cofun:26` as const, syntax: `cop${z} {cofun}`, semantics: (_, $) => body($) }),
      b.insn(`LWC${z}`, { cite, class: 'innocuous', encoding: `1100${bin(z, 2)} base:5 rt:5 off:16` as const, syntax: `lwc${z} {rt}, {off}({base})`, semantics: (_, $) => body($) }),
      b.insn(`SWC${z}`, { cite, class: 'innocuous', encoding: `1110${bin(z, 2)} base:5 rt:5 off:16` as const, syntax: `swc${z} {rt}, {off}({base})`, semantics: (_, $) => body($) }),
    ];
  };

  return [...moves, ...tlb, bc0('BC0F', '0', 0), bc0('BC0T', '1', 1), ...absent(1), ...absent(2), ...absent(3)];
}
