/**
 * Loads and stores (ARM ARM A5.3, A5.5): word and byte, immediate offset; the unprivileged
 * LDRT/STRT/LDRBT/STRBT; the block transfers LDM/STM in their four addressing modes, and the
 * system forms LDM (exception return), LDM (User registers) and STM (User registers).
 *
 *   word/byte  1110 010 P U B W L Rn Rt imm12   (A5.3) — offset (P=1 W=0), pre-indexed (P=1 W=1),
 *                                                 post-indexed (P=0 W=0), unprivileged (P=0 W=1)
 *   block      1110 100 P U S W L Rn register_list   (A5.5)
 *
 * The register-offset forms, halfword and doubleword transfers, and the exclusives are not
 * modelled (they decode as UNDEFINED): none reads or writes system state.
 *
 * Assembly: U (add or subtract the offset) is chosen by the syntax: `[rn, #4]` adds, `[rn, -#4]`
 * subtracts (UAL writes `#-4`, which the template language cannot tell from `#4`). A register
 * list is a 16-bit mask (`0x4003` is {r0, r1, lr}); the addressing mode is an operand
 * (`ldm ia sp!, 0x8003` is LDMIA SP!, {r0, r1, pc}). The system forms, which UAL marks with `^`
 * after the list, are the mnemonics `ldmret`, `ldmusr` and `stmusr`.
 *
 * The unprivileged forms access memory "as if from User mode" (MemU_unpriv). The map is flat and
 * the same in every mode here (no MMU, machine.ts), so they do exactly what the post-indexed
 * forms do; they are kept as their own entries because with an MMU they are the instructions
 * whose behaviour depends on the mode.
 */
import { add, any, bit, concat, eq, extract, ite, load, lshr, ne, shl, sub, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { armBuilder as b, isUserOrSystem, MODE, st, type ArmSemantics as S } from './machine.js';
import { bxWritePC, exceptionReturn, readBanked, readR, spsr, writeBanked } from './banking.js';

const r = b.file('r');
const R = (i: Bits<4>) => readR(st, i);

type Kind = { name: string; byte: boolean; load: boolean };
const kinds: Kind[] = [
  { name: 'STR', byte: false, load: false },
  { name: 'LDR', byte: false, load: true },
  { name: 'STRB', byte: true, load: false },
  { name: 'LDRB', byte: true, load: true },
];

type Form = 'offset' | 'pre' | 'post' | 'unprivileged';
const formBits: Record<Form, { P: number; W: number }> = { offset: { P: 1, W: 0 }, pre: { P: 1, W: 1 }, post: { P: 0, W: 0 }, unprivileged: { P: 0, W: 1 } };

const cites: Record<string, string> = {
  LDR: 'A8.8.63 LDR (immediate, ARM)',
  STR: 'A8.8.204 STR (immediate, ARM)',
  LDRB: 'A8.8.68 LDRB (immediate, ARM)',
  STRB: 'A8.8.207 STRB (immediate, ARM)',
  LDRT: 'A8.8.92 LDRT',
  STRT: 'A8.8.224 STRT',
  LDRBT: 'A8.8.71 LDRBT',
  STRBT: 'A8.8.210 STRBT',
};

/** One word/byte transfer entry (A8.8.63 and the others in `cites`). */
function transfer(k: Kind, form: Form, up: 0 | 1) {
  const { P, W } = formBits[form];
  const name = form === 'unprivileged' ? (k.byte ? `${k.name.slice(0, -1)}BT` : `${k.name}T`) : k.name;
  const mnemonic = `${name}${form === 'offset' || form === 'unprivileged' ? '' : `.${form}`}${up ? '' : '.sub'}`;
  const sign = up ? '#' : '-#';
  const syntax =
    form === 'offset'
      ? `${name.toLowerCase()} {rt}, [{rn}, ${sign}{imm}]`
      : form === 'pre'
        ? `${name.toLowerCase()} {rt}, [{rn}, ${sign}{imm}]!`
        : `${name.toLowerCase()} {rt}, [{rn}], ${sign}{imm}`;
  return b.insn(mnemonic, {
    cite: `ARM ARM ${cites[name]}`,
    class: 'innocuous',
    encoding: `1110 010 ${P} ${up} ${k.byte ? 1 : 0} ${W} ${k.load ? 1 : 0} rn:4 rt:4 imm:12` as const,
    syntax,
    semantics: ({ rt, rn, imm }, $) => {
      const wback = form !== 'offset';
      // UNPREDICTABLE register choices (each entry's "if ... then UNPREDICTABLE"): Undefined Instruction.
      const bad: Bool[] = [];
      if (wback) bad.push(eq(rn, 15), eq(rn, rt));
      if (k.byte || (form === 'unprivileged' && k.load)) bad.push(eq(rt, 15));
      if (bad.length) $.trapIf(any(...bad), 'undefined');
      const rnValue = $.let('base', R(rn));
      const offsetAddr = $.let('offset_addr', up ? add(rnValue, zext(imm, 32)) : sub(rnValue, zext(imm, 32)));
      const address = P ? offsetAddr : rnValue;
      if (k.load) {
        const data = $.let('data', k.byte ? zext(load(address, 8), 32) : load(address, 32));
        if (wback) $.set(r(rn), offsetAddr);
        if (k.byte || form === 'unprivileged') $.set(r(rt), data);
        else $.if(eq(rt, 15), () => bxWritePC($, st, data), () => $.set(r(rt), data));
      } else {
        $.store(address, k.byte ? extract(R(rt), 7, 0) : R(rt));
        if (wback) $.set(r(rn), offsetAddr);
      }
    },
  });
}

const wordByte = kinds.flatMap((k) => (['offset', 'pre', 'post', 'unprivileged'] as const).flatMap((f) => ([1, 0] as const).map((u) => transfer(k, f, u))));

// ---------------------------------------------------------------------------------------------
// Block transfers (A8.8.57-A8.8.61, A8.8.198-A8.8.201, B9.3.5, B9.3.6, B9.3.17)

/**
 * The addresses of a block transfer: for P:U (`amode`), the lowest address and the final base
 * (A8.8.58-A8.8.61: IA from Rn, IB from Rn + 4, DA from Rn - 4n + 4, DB from Rn - 4n), and per
 * register i of the list, its address: the lowest plus 4 × the set bits below i.
 */
function blockAddresses($: S, amode: Bits<2>, baseValue: Bits<32>, list: Bits<16>) {
  const count = (upTo: number): Bits<32> =>
    Array.from({ length: upTo }, (_, j) => zext(bit(list, j), 32)).reduce<Bits<32>>((a, x) => add(a, x), c(32, 0));
  const n4 = $.let('bytes', shl(count(16), 2));
  const increment = eq(extract(amode, 0, 0), 1);
  const before = eq(extract(amode, 1, 1), 1);
  const lowest = $.let(
    'lowest',
    ite(increment, ite(before, add(baseValue, 4), baseValue), ite(before, sub(baseValue, n4), add(sub(baseValue, n4), 4))),
  );
  const final = $.let('final', ite(increment, add(baseValue, n4), sub(baseValue, n4)));
  const at = (i: number) => add(lowest, shl(count(i), 2));
  return { lowest, final, at, empty: eq(list, 0) };
}

/** MemA's alignment check (A3.2.1): a word access to an address not word-aligned faults. */
const aligned = ($: S, address: Bits<32>, write: boolean) => $.trapIf(ne(extract(address, 1, 0), 0), write ? 'alignmentWrite' : 'alignmentRead', address);

/** Whether bit `i` (a register field) of the list is set. */
const listHas = (list: Bits<16>, i: Bits<4>): Bool => extract(lshr(list, zext(i, 16)), 0, 0);

const usr = c(5, MODE.usr);

function ldm(wback: 0 | 1) {
  return b.insn(wback ? 'LDM.wb' : 'LDM', {
    cite: 'ARM ARM A8.8.58-A8.8.61 LDM/LDMIA/LDMDA/LDMDB/LDMIB',
    class: 'innocuous',
    encoding: `1110 100 amode:2 0 ${wback} 1 rn:4 list:16` as const,
    syntax: wback ? 'ldm {amode} {rn}!, {list}' : 'ldm {amode} {rn}, {list}',
    semantics: ({ amode, rn, list }, $) => {
      $.trapIf(any(eq(rn, 15), eq(list, 0), ...(wback ? [listHas(list, rn)] : [])), 'undefined');
      const a = blockAddresses($, amode, r(rn), list);
      aligned($, a.lowest, false);
      for (let i = 0; i < 15; i++) $.if(bit(list, i), () => $.set(r(c(4, i)), load(a.at(i), 32)));
      if (wback) $.set(r(rn), a.final);
      $.if(bit(list, 15), () => bxWritePC($, st, load(a.at(15), 32)));
    },
  });
}

function stm(wback: 0 | 1) {
  return b.insn(wback ? 'STM.wb' : 'STM', {
    cite: 'ARM ARM A8.8.198-A8.8.201 STM/STMIA/STMDA/STMDB/STMIB',
    class: 'innocuous',
    encoding: `1110 100 amode:2 0 ${wback} 0 rn:4 list:16` as const,
    syntax: wback ? 'stm {amode} {rn}!, {list}' : 'stm {amode} {rn}, {list}',
    doc: 'With write-back and Rn in the list (not lowest), the stored value is UNKNOWN: here the original Rn.',
    semantics: ({ amode, rn, list }, $) => {
      $.trapIf(any(eq(rn, 15), eq(list, 0)), 'undefined');
      const a = blockAddresses($, amode, r(rn), list);
      aligned($, a.lowest, true);
      for (let i = 0; i < 16; i++) $.if(bit(list, i), () => $.store(a.at(i), R(c(4, i))));
      if (wback) $.set(r(rn), a.final);
    },
  });
}

export const loadStoreInstructions = [
  ...wordByte,
  ldm(0),
  ldm(1),
  stm(0),
  stm(1),
  b.insn('STMUSR', {
    cite: 'ARM ARM B9.3.17 STM (User registers)',
    class: 'privileged',
    encoding: '1110 100 amode:2 1 0 0 rn:4 list:16',
    syntax: 'stmusr {amode} {rn}, {list}',
    doc: 'Stores the User mode registers (R8-R14 of the User bank whatever the mode). UNPREDICTABLE in User and System mode: the Undefined Instruction exception. W = 1 is UNPREDICTABLE (not decoded).',
    semantics: ({ amode, rn, list }, $) => {
      $.trapIf(any(eq(rn, 15), eq(list, 0)), 'undefined');
      $.trapIf(isUserOrSystem, 'privileged');
      const a = blockAddresses($, amode, r(rn), list);
      aligned($, a.lowest, true);
      for (let i = 0; i < 16; i++) $.if(bit(list, i), () => $.store(a.at(i), i >= 8 && i <= 14 ? readBanked(st, i, usr) : R(c(4, i))));
    },
  }),
  b.insn('LDMUSR', {
    cite: 'ARM ARM B9.3.6 LDM (User registers)',
    class: 'privileged',
    encoding: '1110 100 amode:2 1 0 1 rn:4 0 list:15',
    syntax: 'ldmusr {amode} {rn}, {list}',
    doc: 'Loads the User mode registers. UNPREDICTABLE in User and System mode: the Undefined Instruction exception.',
    semantics: ({ amode, rn, list }, $) => {
      $.trapIf(any(eq(rn, 15), eq(list, 0)), 'undefined');
      $.trapIf(isUserOrSystem, 'privileged');
      const list16 = concat(c(1, 0), list) as unknown as Bits<16>;
      const a = blockAddresses($, amode, r(rn), list16);
      aligned($, a.lowest, false);
      for (let i = 0; i < 15; i++)
        $.if(bit(list16, i), () => (i >= 8 ? writeBanked($, st, i, usr, load(a.at(i), 32)) : $.set(r(c(4, i)), load(a.at(i), 32))));
    },
  }),
  ...([0, 1] as const).map((wback) =>
    b.insn(wback ? 'LDMRET.wb' : 'LDMRET', {
      cite: 'ARM ARM B9.3.5 LDM (exception return)',
      class: 'privileged',
      encoding: `1110 100 amode:2 1 ${wback} 1 rn:4 1 list:15` as const,
      syntax: wback ? 'ldmret {amode} {rn}!, {list}' : 'ldmret {amode} {rn}, {list}',
      doc: 'Loads the listed registers of the current mode and the PC, then CPSR := SPSR. UNPREDICTABLE in User and System mode: the Undefined Instruction exception.',
      semantics: ({ amode, rn, list }, $) => {
        const list16 = concat(c(1, 1), list) as unknown as Bits<16>;
        $.trapIf(any(eq(rn, 15), ...(wback ? [listHas(list16, rn)] : [])), 'undefined');
        $.trapIf(isUserOrSystem, 'privileged');
        const a = blockAddresses($, amode, r(rn), list16);
        aligned($, a.lowest, false);
        for (let i = 0; i < 15; i++) $.if(bit(list16, i), () => $.set(r(c(4, i)), load(a.at(i), 32)));
        const pc = $.let('new_pc', load(a.at(15), 32));
        if (wback) $.set(r(rn), a.final);
        exceptionReturn($, st, pc, spsr(st));
      },
    }),
  ),
];
