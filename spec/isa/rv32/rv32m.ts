/** The M extension: integer multiplication and division (unpriv. chapter 7). */
import { eq, extract, ite, mul, sdiv, sext, srem, udiv, urem, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import { rv32Builder as b } from './machine.js';

const x = b.file('x');

const op = (mnemonic: string, funct3: string, cite: string, f: (a: Bits<32>, v: Bits<32>) => Bits<32>, doc?: string) =>
  b.insn(mnemonic, {
    cite,
    class: 'innocuous',
    encoding: `0000001 rs2:5 rs1:5 ${funct3} rd:5 0110011` as const,
    syntax: `${mnemonic.toLowerCase()} {rd}, {rs1}, {rs2}`,
    ...(doc ? { doc } : {}),
    semantics: ({ rd, rs1, rs2 }, $) => $.set(x(rd), f(x(rs1), x(rs2))),
  });

/** The upper half of the 64-bit product of the operands extended as `sa` and `sb` say. */
const high = (sa: boolean, sb: boolean) => (a: Bits<32>, v: Bits<32>) =>
  extract(mul(sa ? sext(a, 64) : zext(a, 64), sb ? sext(v, 64) : zext(v, 64)), 63, 32);

const mulCite = 'unpriv. 7.1 Multiplication Operations';
const divCite = 'unpriv. 7.2 Division Operations';

export const rv32mInstructions = [
  op('MUL', '000', mulCite, mul),
  op('MULH', '001', mulCite, high(true, true)),
  op('MULHSU', '010', mulCite, high(true, false)),
  op('MULHU', '011', mulCite, high(false, false)),
  // Table 7.1: division by zero gives all ones (and the dividend as remainder); -2^31 / -1
  // overflows to -2^31 with remainder 0. SMT-LIB's bvsdiv differs only in x / 0 for x < 0.
  op('DIV', '100', divCite, (a, v) => ite(eq(v, 0), c(32, -1), sdiv(a, v)), 'Signed division rounding toward zero; x / 0 = -1.'),
  op('DIVU', '101', divCite, udiv, 'Unsigned division; x / 0 = 2^32 - 1.'),
  op('REM', '110', divCite, srem, 'Signed remainder with the sign of the dividend; x % 0 = x.'),
  op('REMU', '111', divCite, urem, 'Unsigned remainder; x % 0 = x.'),
];
