/**
 * Data-processing instructions (ARM ARM A5.2, the instructions of A8.8), MOVW/MOVT and MUL.
 *
 * Modelled forms, condition AL only (bits 31:28 = 1110; other conditions decode as UNDEFINED
 * here — the condition field bears on no virtualization question, and the branches carry it):
 *   immediate            1110 001 opcode S Rn Rd imm12          (A5.2.3; imm12 is ARMExpandImm's)
 *   register, imm shift  1110 000 opcode S Rn Rd imm5 type 0 Rm (A5.2.1)
 * The register-shifted-register form (bit 4 = 1) is not modelled (it decodes as UNDEFINED).
 *
 * With S = 1 and Rd = PC an entry is "SUBS PC, LR and related instructions" (B9.3.20): an
 * exception return, CPSR := SPSR, UNPREDICTABLE in User and System mode (here the Undefined
 * Instruction exception, raised by the mode). With S = 0 and Rd = PC the result is written by
 * ALUWritePC (a BXWritePC on ARMv7, A2.3.2).
 *
 * Assembly: `#{imm}` is the 12-bit encoded modified immediate (A5.2.4): values below 256 are
 * themselves, larger ones are written rot:imm8 (`#0x4ff` is 0xff rotated right by 8). The
 * register form always names its shift: `add r0, r1, r2, lsl #0`.
 */
import { add, and, ashr, concat, eq, extract, ite, lshr, mul, ne, not, or, shl, sub, xor, zext } from '../../builder/ops.js';
import { c, type Bits, type Bool } from '../../builder/bits.js';
import { armBuilder as b, isUserOrSystem, st, type ArmSemantics as S } from './machine.js';
import { exceptionReturn, readR, spsr, writeR } from './banking.js';

const r = b.file('r');
const N = b.reg('CPSR.N');
const Z = b.reg('CPSR.Z');
const C = b.reg('CPSR.C') as unknown as Bits<1>;
const V = b.reg('CPSR.V');
const R = (i: Bits<4>) => readR(st, i);

/** Rotate right by a 32-bit amount below 32 (ROR, A2.2.1). */
export const ror = (x: Bits<32>, n: Bits<32>): Bits<32> => or(lshr(x, n), shl(x, sub(c(32, 32), n)));

/** ARMExpandImm_C (A5.2.4): the value and the carry out. */
export function expandImm(imm12: Bits<12>): { value: Bits<32>; carry: Bool } {
  const amount = zext(shl(zext(extract(imm12, 11, 8), 5), 1), 32);
  const value = ror(zext(extract(imm12, 7, 0), 32), amount);
  return { value, carry: ite(eq(amount, 0), C, extract(value, 31, 31)) };
}

/** Shift_C with DecodeImmShift (A8.4.3): the shifted register and the carry out. */
export function shiftImm(value: Bits<32>, type: Bits<2>, imm5: Bits<5>): { value: Bits<32>; carry: Bool } {
  const n = zext(imm5, 32);
  const zeroAmount = eq(imm5, 0);
  const n32 = ite(zeroAmount, c(32, 32), n); // LSR and ASR #0 mean 32
  const bitAt = (k: Bits<32>): Bool => extract(lshr(value, k), 0, 0);
  const lsl = { value: shl(value, n), carry: ite(zeroAmount, C, bitAt(sub(c(32, 32), n))) };
  const lsr = { value: lshr(value, n32), carry: bitAt(sub(n32, 1)) };
  const asr = { value: ashr(value, n32), carry: bitAt(sub(n32, 1)) };
  const rotated = ror(value, n);
  const rrx = concat(C, extract(value, 31, 1)) as unknown as Bits<32>;
  const rorOrRrx = { value: ite(zeroAmount, rrx, rotated), carry: ite(zeroAmount, extract(value, 0, 0), extract(rotated, 31, 31)) };
  const pick = <W extends number>(f: (x: { value: Bits<32>; carry: Bool }) => Bits<W>) =>
    ite(eq(type, 0), f(lsl), ite(eq(type, 1), f(lsr), ite(eq(type, 2), f(asr), f(rorOrRrx))));
  return { value: pick((x) => x.value), carry: pick((x) => x.carry) };
}

/** AddWithCarry (A2.2.1): result, carry out, overflow. */
export function addWithCarry(x: Bits<32>, y: Bits<32>, carryIn: Bool): { result: Bits<33>; carry: Bool; overflow: Bool } {
  const sum = add(add(zext(x, 33), zext(y, 33)), zext(carryIn, 33));
  const res = extract(sum, 31, 0);
  const overflow = and(eq(extract(x, 31, 31), extract(y, 31, 31)), ne(extract(res, 31, 31), extract(x, 31, 31)));
  return { result: sum, carry: extract(sum, 32, 32), overflow };
}

type Op =
  | { kind: 'logic'; f: (x: Bits<32>, y: Bits<32>) => Bits<32> }
  | { kind: 'arith'; f: (x: Bits<32>, y: Bits<32>) => [Bits<32>, Bits<32>, Bool] };

/** The sixteen operations of A5.2 (Table A5-3), by opcode. */
const ops: { name: string; opcode: string; op: Op; test?: true; unary?: true }[] = [
  { name: 'AND', opcode: '0000', op: { kind: 'logic', f: and } },
  { name: 'EOR', opcode: '0001', op: { kind: 'logic', f: xor } },
  { name: 'SUB', opcode: '0010', op: { kind: 'arith', f: (x, y) => [x, not(y), c(1, 1)] } },
  { name: 'RSB', opcode: '0011', op: { kind: 'arith', f: (x, y) => [not(x), y, c(1, 1)] } },
  { name: 'ADD', opcode: '0100', op: { kind: 'arith', f: (x, y) => [x, y, c(1, 0)] } },
  { name: 'ADC', opcode: '0101', op: { kind: 'arith', f: (x, y) => [x, y, C] } },
  { name: 'SBC', opcode: '0110', op: { kind: 'arith', f: (x, y) => [x, not(y), C] } },
  { name: 'RSC', opcode: '0111', op: { kind: 'arith', f: (x, y) => [not(x), y, C] } },
  { name: 'TST', opcode: '1000', op: { kind: 'logic', f: and }, test: true },
  { name: 'TEQ', opcode: '1001', op: { kind: 'logic', f: xor }, test: true },
  { name: 'CMP', opcode: '1010', op: { kind: 'arith', f: (x, y) => [x, not(y), c(1, 1)] }, test: true },
  { name: 'CMN', opcode: '1011', op: { kind: 'arith', f: (x, y) => [x, y, c(1, 0)] }, test: true },
  { name: 'ORR', opcode: '1100', op: { kind: 'logic', f: or } },
  { name: 'MOV', opcode: '1101', op: { kind: 'logic', f: (_x, y) => y }, unary: true },
  { name: 'BIC', opcode: '1110', op: { kind: 'logic', f: (x, y) => and(x, not(y)) } },
  { name: 'MVN', opcode: '1111', op: { kind: 'logic', f: (_x, y) => not(y) }, unary: true },
];

/**
 * The body shared by every form: compute, then write Rd (or the flags only for a test), set the
 * flags when S, and take the exception-return path for S with Rd = PC (B9.3.20).
 */
function execute($: S, op: Op, setFlags: boolean, test: boolean, rd: Bits<4> | undefined, x: Bits<32>, shifted: { value: Bits<32>; carry: Bool }): void {
  const y = $.let('operand2', shifted.value);
  let result: Bits<32>;
  let carry: Bool;
  let overflow: Bool | undefined;
  if (op.kind === 'logic') {
    result = $.let('result', op.f(x, y));
    carry = shifted.carry;
  } else {
    const [a, bb, cin] = op.f(x, y);
    const sum = $.let('sum', addWithCarry(a, bb, cin).result);
    result = extract(sum, 31, 0) as Bits<32>;
    carry = extract(sum, 32, 32);
    overflow = addWithCarry(a, bb, cin).overflow;
  }
  const flags = () => {
    $.set(N, extract(result, 31, 31));
    $.set(Z, eq(result, 0));
    $.set(b.reg('CPSR.C'), carry);
    if (overflow) $.set(V, overflow);
  };
  if (test || rd === undefined) return flags();
  if (!setFlags) return writeR($, st, rd, result);
  $.if(
    eq(rd, 15),
    () => {
      $.trapIf(isUserOrSystem, 'privileged');
      exceptionReturn($, st, result, spsr(st));
    },
    () => {
      $.set(r(rd), result);
      flags();
    },
  );
}

const cite = (name: string, form: 'immediate' | 'register') => `ARM ARM A8.8 ${name} (${form}); A5.2; with S and Rd = PC: B9.3.20 SUBS PC, LR and related instructions (ARM)`;

function dpImmediate(o: (typeof ops)[number], s: 0 | 1) {
  const mnemonic = o.name + (s && !o.test ? 'S' : '');
  const m = mnemonic.toLowerCase();
  if (o.test)
    return b.insn(mnemonic, {
      cite: cite(o.name, 'immediate'),
      class: 'innocuous',
      encoding: `1110 001 ${o.opcode} 1 rn:4 0000 imm:12` as const,
      syntax: `${m} {rn}, #{imm}`,
      semantics: ({ rn, imm }, $) => execute($, o.op, true, true, undefined, R(rn), expandImm(imm)),
    });
  if (o.unary)
    return b.insn(mnemonic, {
      cite: cite(o.name, 'immediate'),
      class: s ? 'privileged' : 'innocuous',
      encoding: `1110 001 ${o.opcode} ${s} 0000 rd:4 imm:12` as const,
      syntax: `${m} {rd}, #{imm}`,
      semantics: ({ rd, imm }, $) => execute($, o.op, s === 1, false, rd, c(32, 0), expandImm(imm)),
    });
  return b.insn(mnemonic, {
    cite: cite(o.name, 'immediate'),
    class: s ? 'privileged' : 'innocuous',
    encoding: `1110 001 ${o.opcode} ${s} rn:4 rd:4 imm:12` as const,
    syntax: `${m} {rd}, {rn}, #{imm}`,
    semantics: ({ rd, rn, imm }, $) => execute($, o.op, s === 1, false, rd, R(rn), expandImm(imm)),
  });
}

function dpRegister(o: (typeof ops)[number], s: 0 | 1) {
  const mnemonic = o.name + (s && !o.test ? 'S' : '');
  const m = mnemonic.toLowerCase();
  if (o.test)
    return b.insn(`${mnemonic}.reg`, {
      cite: cite(o.name, 'register'),
      class: 'innocuous',
      encoding: `1110 000 ${o.opcode} 1 rn:4 0000 imm5:5 shift:2 0 rm:4` as const,
      syntax: `${m} {rn}, {rm}, {shift} #{imm5}`,
      semantics: ({ rn, rm, shift, imm5 }, $) => execute($, o.op, true, true, undefined, R(rn), shiftImm(R(rm), shift, imm5)),
    });
  if (o.unary)
    return b.insn(`${mnemonic}.reg`, {
      cite: cite(o.name, 'register'),
      class: s ? 'privileged' : 'innocuous',
      encoding: `1110 000 ${o.opcode} ${s} 0000 rd:4 imm5:5 shift:2 0 rm:4` as const,
      syntax: `${m} {rd}, {rm}, {shift} #{imm5}`,
      semantics: ({ rd, rm, shift, imm5 }, $) => execute($, o.op, s === 1, false, rd, c(32, 0), shiftImm(R(rm), shift, imm5)),
    });
  return b.insn(`${mnemonic}.reg`, {
    cite: cite(o.name, 'register'),
    class: s ? 'privileged' : 'innocuous',
    encoding: `1110 000 ${o.opcode} ${s} rn:4 rd:4 imm5:5 shift:2 0 rm:4` as const,
    syntax: `${m} {rd}, {rn}, {rm}, {shift} #{imm5}`,
    semantics: ({ rd, rn, rm, shift, imm5 }, $) => execute($, o.op, s === 1, false, rd, R(rn), shiftImm(R(rm), shift, imm5)),
  });
}

const forms = ops.flatMap((o) => (o.test ? ([1] as const) : ([0, 1] as const)).flatMap((s) => [dpImmediate(o, s), dpRegister(o, s)]));

export const dataProcessingInstructions = [
  ...forms,
  b.insn('MOVW', {
    cite: 'ARM ARM A8.8.102 MOV (immediate), encoding A2',
    class: 'innocuous',
    encoding: '1110 0011 0000 imm[15:12] rd:4 imm[11:0]',
    syntax: 'movw {rd}, #{imm}',
    doc: 'Rd := the 16-bit immediate. Rd = PC is UNPREDICTABLE (Undefined Instruction here).',
    semantics: ({ rd, imm }, $) => {
      $.trapIf(eq(rd, 15), 'undefined');
      $.set(r(rd), zext(imm, 32));
    },
  }),
  b.insn('MOVT', {
    cite: 'ARM ARM A8.8.106 MOVT',
    class: 'innocuous',
    encoding: '1110 0011 0100 imm[15:12] rd:4 imm[11:0]',
    syntax: 'movt {rd}, #{imm}',
    doc: 'Rd<31:16> := the immediate, Rd<15:0> unchanged. Rd = PC is UNPREDICTABLE.',
    semantics: ({ rd, imm }, $) => {
      $.trapIf(eq(rd, 15), 'undefined');
      $.set(r(rd), concat(imm, extract(r(rd), 15, 0)) as unknown as Bits<32>);
    },
  }),
  b.insn('MUL', {
    cite: 'ARM ARM A8.8.114 MUL',
    class: 'innocuous',
    encoding: '1110 0000 0000 rd:4 0000 rm:4 1001 rn:4',
    syntax: 'mul {rd}, {rn}, {rm}',
    doc: 'Rd := the low 32 bits of Rn × Rm (S = 0). Any register PC is UNPREDICTABLE.',
    semantics: ({ rd, rn, rm }, $) => {
      $.trapIf(or(eq(rd, 15), or(eq(rn, 15), eq(rm, 15))), 'undefined');
      $.set(r(rd), mul(r(rn), r(rm)));
    },
  }),
];
