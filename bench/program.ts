/**
 * The benchmark program for pg74, built as cells with the description's own encoder: nested loops
 * over an array doing arithmetic, a load and a store, and compare-and-branch; it ends in HALT with
 * a checksum in r10. Ten instructions per inner iteration.
 */
import { pg74 } from '../spec/isa/pg74.js';
import { encode, toCells } from '../spec/encoding.js';

export const ORIGIN = 16;
const ARRAY = 0x4000;

function insn(mnemonic: string, fields: Record<string, number> = {}): number[] {
  const i = pg74.instructions.find((x) => x.mnemonic === mnemonic);
  if (!i) throw new Error(`pg74 has no ${mnemonic}`);
  return toCells(encode(i, fields), i.encoding, pg74.state.storage.cellBits);
}

/** A program of about `outer * inner * 10` instructions, to be loaded at ORIGIN. */
export function benchProgram(outer: number, inner: number): number[] {
  const code: number[] = [];
  const at = () => ORIGIN + code.length;
  const emit = (m: string, f: Record<string, number> = {}) => code.push(...insn(m, f));
  const rel = (target: number) => (target - at()) & 0xffff;
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
