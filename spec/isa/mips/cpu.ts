/**
 * The MIPS I CPU instruction set, R3000 subset (K&H Appendix A, "Instruction Set Details";
 * IDT SRM "Machine Instruction Reference"): loads and stores, computational instructions,
 * multiply and divide with HI/LO, jumps and branches with their delay slot, SYSCALL and BREAK.
 * The system control instructions are in cp0.ts.
 *
 * Formats (K&H "Instruction formats"), most significant bit first:
 *   I  op:6 rs:5 rt:5 immediate:16
 *   J  op:6 target:26
 *   R  op:6 rs:5 rt:5 rd:5 sa:5 funct:6      (op = SPECIAL 000000)
 * Fields the manual requires to be zero are fixed at zero here: another value is a reserved
 * instruction (the R3000's behaviour there is undefined).
 *
 * Encodings are the real ones. Two assembly consequences, which keep them real:
 * - a branch's `off` is the manual's offset, a signed count of instructions from the delay
 *   slot: write `(label-.-4)/4`;
 * - a jump's `target` holds address bits 27:2 (bits 31:28 come from the delay slot's address):
 *   write `label & 0x0fffffff` for a label in kseg0.
 */
import { add, and, ashr, bit, concat, eq, extract, load, lshr, mul, ne, not, or, sdiv, sext, sgt, shl, sle, slt, srem, sub, udiv, ult, urem, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import type { MipsBuilder } from './machine.js';
import { vocabulary } from './sequencing.js';

const A = (m: string) => `K&H App. A "${m}"; IDT SRM "Machine Instruction Reference"`;

export function cpuInstructions(b: MipsBuilder) {
  const { PC, r, reg32, set, next, branch } = vocabulary(b);
  const HI = reg32('HI');
  const LO = reg32('LO');

  /** rd := op(rs, rt), SPECIAL with sa = 0. */
  const rType = (mnemonic: string, funct: string, op: (a: Bits<32>, b: Bits<32>) => Bits<32>, overflow?: (a: Bits<32>, b: Bits<32>, res: Bits<32>) => Bool) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 rs:5 rt:5 rd:5 00000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rd}, {rs}, {rt}`,
      semantics: ({ rs, rt, rd }, $) => {
        const res = $.let('res', op(r(rs), r(rt)));
        if (overflow) $.if(overflow(r(rs), r(rt), res), () => $.trap('overflow'));
        $.set(r(rd), res);
        next($);
      },
    });

  /** rt := op(rs, immediate), the immediate sign- or zero-extended. */
  const iType = (mnemonic: string, opcode: string, signed: boolean, op: (a: Bits<32>, i: Bits<32>) => Bits<32>, overflow?: (a: Bits<32>, b: Bits<32>, res: Bits<32>) => Bool) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `${opcode} rs:5 rt:5 imm:16` as const,
      syntax: `${mnemonic.toLowerCase()} {rt}, {rs}, {imm}`,
      operands: { imm: { kind: 'immediate', signed } },
      semantics: ({ rs, rt, imm }, $) => {
        const i = signed ? sext(imm, 32) : zext(imm, 32);
        const res = $.let('res', op(r(rs), i));
        if (overflow) $.if(overflow(r(rs), i, res), () => $.trap('overflow'));
        $.set(r(rt), res);
        next($);
      },
    });

  /** Two's-complement overflow of a + b (res) and of a − b. */
  const addOverflow = (a: Bits<32>, x: Bits<32>, res: Bits<32>): Bool => and(eq(bit(a, 31), bit(x, 31)), ne(bit(res, 31), bit(a, 31)));
  const subOverflow = (a: Bits<32>, x: Bits<32>, res: Bits<32>): Bool => and(ne(bit(a, 31), bit(x, 31)), ne(bit(res, 31), bit(a, 31)));

  const shiftImm = (mnemonic: string, funct: string, op: (a: Bits<32>, n: Bits<32>) => Bits<32>) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 00000 rt:5 rd:5 sa:5 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rd}, {rt}, {sa}`,
      semantics: ({ rt, rd, sa }, $) => {
        $.set(r(rd), op(r(rt), zext(sa, 32)));
        next($);
      },
    });

  const shiftVar = (mnemonic: string, funct: string, op: (a: Bits<32>, n: Bits<32>) => Bits<32>) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 rs:5 rt:5 rd:5 00000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rd}, {rt}, {rs}`,
      semantics: ({ rs, rt, rd }, $) => {
        $.set(r(rd), op(r(rt), and(r(rs), 31)));
        next($);
      },
    });

  /** The effective address base + sign-extended offset (K&H "Load and store instructions"). */
  const ea = (base: Bits<5>, off: Bits<16>) => add(r(base), sext(off, 32));

  const loadInsn = (mnemonic: string, opcode: string, bytes: 1 | 2 | 4, signed: boolean) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `${opcode} base:5 rt:5 off:16` as const,
      syntax: `${mnemonic.toLowerCase()} {rt}, {off}({base})`,
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        if (bytes > 1) $.trapIf(ne(and(a, bytes - 1), 0), 'misalignedLoad', a);
        const v = load(a, bytes * 8);
        $.set(r(rt), signed ? sext(v, 32) : zext(v, 32));
        next($);
      },
    });

  const storeInsn = (mnemonic: string, opcode: string, bytes: 1 | 2 | 4) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `${opcode} base:5 rt:5 off:16` as const,
      syntax: `${mnemonic.toLowerCase()} {rt}, {off}({base})`,
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        if (bytes > 1) $.trapIf(ne(and(a, bytes - 1), 0), 'misalignedStore', a);
        $.store(a, extract(r(rt), bytes * 8 - 1, 0));
        next($);
      },
    });

  /** The branch target: the delay slot's address plus the offset in instructions. */
  const branchTarget = (off: Bits<16>) => add(add(PC, 4), shl(sext(off, 32), 2));

  const branch2 = (mnemonic: string, opcode: string, test: (a: Bits<32>, b: Bits<32>) => Bool) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `${opcode} rs:5 rt:5 off:16` as const,
      syntax: `${mnemonic.toLowerCase()} {rs}, {rt}, {off}`,
      semantics: ({ rs, rt, off }, $) => branch($, branchTarget(off), test(r(rs), r(rt))),
    });

  /** A branch on one register against zero; `link` writes the return address to r31 whether taken or not. */
  const branch1 = (mnemonic: string, encoding: string, test: (a: Bits<32>) => Bool, link = false) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: encoding as `${string} rs:5 ${string} off:16`,
      syntax: `${mnemonic.toLowerCase()} {rs}, {off}`,
      semantics: ({ rs, off }, $) => {
        const taken = $.let('taken', test(r(rs as Bits<5>)));
        const target = branchTarget(off as Bits<16>);
        if (link) $.set(r(c(5, 31)), add(PC, 8));
        branch($, target, taken);
      },
    });

  /** HI:LO := the 64-bit product, signed or unsigned. */
  const multiply = (mnemonic: string, funct: string, signed: boolean) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 rs:5 rt:5 0000000000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rs}, {rt}`,
      semantics: ({ rs, rt }, $) => {
        const ext = (v: Bits<32>) => (signed ? sext(v, 64) : zext(v, 64));
        const p = $.let('product', mul(ext(r(rs)), ext(r(rt))));
        set($, 'HI', extract(p, 63, 32));
        set($, 'LO', extract(p, 31, 0));
        next($);
      },
    });

  /** LO := quotient, HI := remainder. Division by zero is undefined in the manual (no exception): here SMT-LIB's values. */
  const divide = (mnemonic: string, funct: string, signed: boolean) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 rs:5 rt:5 0000000000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rs}, {rt}`,
      semantics: ({ rs, rt }, $) => {
        set($, 'LO', signed ? sdiv(r(rs), r(rt)) : udiv(r(rs), r(rt)));
        set($, 'HI', signed ? srem(r(rs), r(rt)) : urem(r(rs), r(rt)));
        next($);
      },
    });

  const moveFrom = (mnemonic: string, funct: string, from: Bits<32>) =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 0000000000 rd:5 00000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rd}`,
      semantics: ({ rd }, $) => {
        $.set(r(rd), from);
        next($);
      },
    });

  const moveTo = (mnemonic: string, funct: string, to: 'HI' | 'LO') =>
    b.insn(mnemonic, {
      cite: A(mnemonic),
      class: 'innocuous',
      encoding: `000000 rs:5 000000000000000 ${funct}` as const,
      syntax: `${mnemonic.toLowerCase()} {rs}`,
      semantics: ({ rs }, $) => {
        set($, to, r(rs));
        next($);
      },
    });

  /** The byte offset of `a` within its word, times 8. */
  const byteShift = (a: Bits<32>) => shl(and(a, 3), 3);

  return [
    // Load and store instructions -----------------------------------------------------------
    loadInsn('LB', '100000', 1, true),
    loadInsn('LBU', '100100', 1, false),
    loadInsn('LH', '100001', 2, true),
    loadInsn('LHU', '100101', 2, false),
    loadInsn('LW', '100011', 4, false),
    b.insn('LWL', {
      cite: A('LWL'),
      class: 'innocuous',
      encoding: '100010 base:5 rt:5 off:16',
      syntax: 'lwl {rt}, {off}({base})',
      doc: 'Little-endian: the bytes from the aligned word’s start up to the addressed byte become rt’s most significant bytes; the rest of rt is kept.',
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        const w = $.let('w', load(and(a, ~3), 32));
        const n = $.let('n', sub(c(32, 24), byteShift(a))); // 8 × (3 − k)
        $.set(r(rt), or(shl(w, n), and(r(rt), not(shl(c(32, 0xffff_ffff), n)))));
        next($);
      },
    }),
    b.insn('LWR', {
      cite: A('LWR'),
      class: 'innocuous',
      encoding: '100110 base:5 rt:5 off:16',
      syntax: 'lwr {rt}, {off}({base})',
      doc: 'Little-endian: the bytes from the addressed byte to the aligned word’s end become rt’s least significant bytes; the rest of rt is kept.',
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        const w = $.let('w', load(and(a, ~3), 32));
        const n = $.let('n', byteShift(a)); // 8 × k
        $.set(r(rt), or(lshr(w, n), and(r(rt), not(lshr(c(32, 0xffff_ffff), n)))));
        next($);
      },
    }),
    storeInsn('SB', '101000', 1),
    storeInsn('SH', '101001', 2),
    storeInsn('SW', '101011', 4),
    b.insn('SWL', {
      cite: A('SWL'),
      class: 'innocuous',
      encoding: '101010 base:5 rt:5 off:16',
      syntax: 'swl {rt}, {off}({base})',
      doc: 'Little-endian: rt’s most significant k + 1 bytes go to the addressed byte and those below it in its word (k = address mod 4). Stores only those bytes.',
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        const k = extract(a, 1, 0);
        const v = r(rt);
        $.if(eq(k, 0), () => $.store(a, extract(v, 31, 24)), () =>
          $.if(eq(k, 1), () => $.store(sub(a, 1), extract(v, 31, 16)), () =>
            $.if(eq(k, 2), () => $.store(sub(a, 2), extract(v, 31, 8)), () => $.store(sub(a, 3), v))));
        next($);
      },
    }),
    b.insn('SWR', {
      cite: A('SWR'),
      class: 'innocuous',
      encoding: '101110 base:5 rt:5 off:16',
      syntax: 'swr {rt}, {off}({base})',
      doc: 'Little-endian: rt’s least significant 4 − k bytes go to the addressed byte and those above it in its word. Stores only those bytes.',
      semantics: ({ base, rt, off }, $) => {
        const a = $.let('a', ea(base, off));
        const k = extract(a, 1, 0);
        const v = r(rt);
        $.if(eq(k, 0), () => $.store(a, v), () =>
          $.if(eq(k, 1), () => $.store(a, extract(v, 23, 0)), () =>
            $.if(eq(k, 2), () => $.store(a, extract(v, 15, 0)), () => $.store(a, extract(v, 7, 0)))));
        next($);
      },
    }),

    // Computational instructions: immediate -------------------------------------------------
    iType('ADDI', '001000', true, add, addOverflow),
    iType('ADDIU', '001001', true, add),
    iType('SLTI', '001010', true, (a, i) => zext(slt(a, i), 32)),
    iType('SLTIU', '001011', true, (a, i) => zext(ult(a, i), 32)),
    iType('ANDI', '001100', false, and),
    iType('ORI', '001101', false, or),
    iType('XORI', '001110', false, xor),
    b.insn('LUI', {
      cite: A('LUI'),
      class: 'innocuous',
      encoding: '001111 00000 rt:5 uimm:16',
      syntax: 'lui {rt}, {uimm}',
      semantics: ({ rt, uimm }, $) => {
        $.set(r(rt), concat(uimm, c(16, 0)));
        next($);
      },
    }),

    // Computational instructions: three-operand register ------------------------------------
    rType('ADD', '100000', add, addOverflow),
    rType('ADDU', '100001', add),
    rType('SUB', '100010', sub, subOverflow),
    rType('SUBU', '100011', sub),
    rType('SLT', '101010', (a, x) => zext(slt(a, x), 32)),
    rType('SLTU', '101011', (a, x) => zext(ult(a, x), 32)),
    rType('AND', '100100', and),
    rType('OR', '100101', or),
    rType('XOR', '100110', xor),
    rType('NOR', '100111', (a, x) => not(or(a, x))),

    // Shifts -------------------------------------------------------------------------------
    shiftImm('SLL', '000000', shl),
    shiftImm('SRL', '000010', lshr),
    shiftImm('SRA', '000011', ashr),
    shiftVar('SLLV', '000100', shl),
    shiftVar('SRLV', '000110', lshr),
    shiftVar('SRAV', '000111', ashr),

    // Multiply and divide ------------------------------------------------------------------
    multiply('MULT', '011000', true),
    multiply('MULTU', '011001', false),
    divide('DIV', '011010', true),
    divide('DIVU', '011011', false),
    moveFrom('MFHI', '010000', HI),
    moveFrom('MFLO', '010010', LO),
    moveTo('MTHI', '010001', 'HI'),
    moveTo('MTLO', '010011', 'LO'),

    // Jumps and branches (each followed by its delay slot) ----------------------------------
    b.insn('J', {
      cite: A('J'),
      class: 'innocuous',
      encoding: '000010 target[27:2]',
      syntax: 'j {target}',
      semantics: ({ target }, $) => branch($, concat(extract(add(PC, 4), 31, 28), target) as Bits<32>),
    }),
    b.insn('JAL', {
      cite: A('JAL'),
      class: 'innocuous',
      encoding: '000011 target[27:2]',
      syntax: 'jal {target}',
      doc: 'r31 := the address after the delay slot.',
      semantics: ({ target }, $) => {
        $.set(r(c(5, 31)), add(PC, 8));
        branch($, concat(extract(add(PC, 4), 31, 28), target) as Bits<32>);
      },
    }),
    b.insn('JR', {
      cite: A('JR'),
      class: 'innocuous',
      encoding: '000000 rs:5 000000000000000 001000',
      syntax: 'jr {rs}',
      doc: 'A target off a word boundary takes the address error here, at the jump (see machine.ts: the R3000 takes it at the target’s fetch).',
      semantics: ({ rs }, $) => {
        const target = $.let('jr', r(rs));
        $.trapIf(ne(extract(target, 1, 0), 0), 'misalignedLoad', target);
        branch($, target);
      },
    }),
    b.insn('JALR', {
      cite: A('JALR'),
      class: 'innocuous',
      encoding: '000000 rs:5 00000 rd:5 00000 001001',
      syntax: 'jalr {rd}, {rs}',
      doc: 'rd := the address after the delay slot; the target is rs as it was before.',
      semantics: ({ rs, rd }, $) => {
        const target = $.let('jalr', r(rs));
        $.trapIf(ne(extract(target, 1, 0), 0), 'misalignedLoad', target);
        $.set(r(rd), add(PC, 8));
        branch($, target);
      },
    }),
    branch2('BEQ', '000100', eq),
    branch2('BNE', '000101', ne),
    branch1('BLEZ', '000110 rs:5 00000 off:16', (a) => sle(a, c(32, 0))),
    branch1('BGTZ', '000111 rs:5 00000 off:16', (a) => sgt(a, c(32, 0))),
    branch1('BLTZ', '000001 rs:5 00000 off:16', (a) => bit(a, 31)),
    branch1('BGEZ', '000001 rs:5 00001 off:16', (a) => not(bit(a, 31))),
    branch1('BLTZAL', '000001 rs:5 10000 off:16', (a) => bit(a, 31), true),
    branch1('BGEZAL', '000001 rs:5 10001 off:16', (a) => not(bit(a, 31)), true),

    // Special instructions -----------------------------------------------------------------
    b.insn('SYSCALL', {
      cite: A('SYSCALL'),
      class: 'innocuous',
      encoding: '000000 code:20 001100',
      syntax: 'syscall {code}',
      doc: 'The System Call exception; the code field is for software, which reads it from the instruction at EPC.',
      semantics: (_, $) => $.trap('syscall'),
    }),
    b.insn('BREAK', {
      cite: A('BREAK'),
      class: 'innocuous',
      encoding: '000000 code:20 001101',
      syntax: 'break {code}',
      semantics: (_, $) => $.trap('breakpoint'),
    }),
  ];
}

