/**
 * The benchmark programs for pg74, built as cells with the description's own encoder. Each ends
 * in HALT with a checksum in r10.
 *   loops    nested loops over an array: arithmetic, a load and a store, compare-and-branch
 *            (ten instructions per inner iteration, one basic block that branches to itself)
 *   branchy  a loop that calls a subroutine (JAL/JR) and takes an if/else each time round
 *            (about eleven instructions in five basic blocks per iteration)
 */
import { pg74 } from '../spec/isa/pg74.js';
import { encode, toCells } from '../spec/encoding.js';

export const ORIGIN = 16;
const ARRAY = 0x4000;

function insn(mnemonic: string, fields: Record<string, number> = {}): number[] {
  const i = pg74.instructions.find((x) => x.mnemonic === mnemonic);
  if (!i) throw new Error(`pg74 has no ${mnemonic}`);
  return toCells(encode(i, fields), i.encoding, pg74.state.storage) as number[]; // 32-bit cells
}

/** Code being laid out at ORIGIN. */
function assembler() {
  const code: number[] = [];
  const at = () => ORIGIN + code.length;
  const emit = (m: string, f: Record<string, number> = {}) => code.push(...insn(m, f));
  const rel = (target: number) => (target - at()) & 0xffff;
  return { code, at, emit, rel };
}

/** The loops program: about `outer * inner * 10` instructions, to be loaded at ORIGIN. */
export function benchProgram(outer: number, inner: number): number[] {
  const { code, at, emit, rel } = assembler();
  emit('LDI', { ra: 1, imm: 0 }); // i
  emit('LIL', { ra: 2, uimm: outer });
  emit('LDI', { ra: 10, imm: 0 }); // checksum
  emit('LDI', { ra: 9, imm: 7 });
  const outerTop = at();
  emit('LDI', { ra: 3, imm: 0 }); // j
  emit('LIL', { ra: 4, uimm: inner });
  emit('LIL', { ra: 5, uimm: ARRAY });
  const innerTop = at();
  emit('LD', { ra: 6, rb: 5, off: 0 });
  emit('ADD', { ra: 6, rb: 6, rc: 3 });
  emit('XOR', { ra: 6, rb: 6, rc: 1 });
  emit('MUL', { ra: 7, rb: 6, rc: 6 });
  emit('SHR', { ra: 8, rb: 7, rc: 9 });
  emit('ST', { ra: 8, rb: 5, off: 0 });
  emit('ADD', { ra: 10, rb: 10, rc: 8 });
  emit('ADDI', { ra: 5, rb: 5, imm: 1 });
  emit('ADDI', { ra: 3, rb: 3, imm: 1 });
  emit('BLT', { ra: 3, rb: 4, rel: rel(innerTop) });
  emit('ADDI', { ra: 1, rb: 1, imm: 1 });
  emit('BLT', { ra: 1, rb: 2, rel: rel(outerTop) });
  emit('HALT');
  return code;
}

/** The branchy program: about `iterations * 11` instructions, to be loaded at ORIGIN. */
export function branchyProgram(iterations: number): number[] {
  const { code, at, emit, rel } = assembler();
  const FUNC = ORIGIN + 64;
  emit('LDI', { ra: 1, imm: 0 }); // i
  emit('LIL', { ra: 2, uimm: iterations });
  emit('LDI', { ra: 10, imm: 0 }); // checksum
  emit('LDI', { ra: 4, imm: 3 });
  const top = at();
  emit('JAL', { ra: 15, target: FUNC });
  emit('ANDI', { ra: 3, rb: 1, imm: 1 });
  const beq = code.length;
  emit('BEQ', { ra: 3, rb: 0, rel: 0 }); // to `even`, patched below
  emit('ADDI', { ra: 10, rb: 10, imm: 3 });
  const jmp = code.length;
  emit('JMP', { target: 0 }); // to `join`, patched below
  const even = at();
  emit('XORI', { ra: 10, rb: 10, imm: 5 });
  const join = at();
  emit('ADDI', { ra: 1, rb: 1, imm: 1 });
  emit('BLT', { ra: 1, rb: 2, rel: rel(top) });
  emit('HALT');
  code[beq] = insn('BEQ', { ra: 3, rb: 0, rel: (even - (ORIGIN + beq)) & 0xffff })[0]!;
  code[jmp] = insn('JMP', { target: join })[0]!;
  while (at() < FUNC) emit('NOP');
  emit('ADD', { ra: 11, rb: 11, rc: 1 });
  emit('SHL', { ra: 12, rb: 11, rc: 4 });
  emit('XOR', { ra: 10, rb: 10, rc: 12 });
  emit('JR', { ra: 15 });
  return code;
}
