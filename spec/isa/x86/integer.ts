/**
 * The ordinary instructions (SDM vol. 2): moves, arithmetic and logic, compares, branches, near
 * calls and returns, the stack — enough for a small kernel and its user program.
 *
 * ENCODINGS are the real opcode bytes, written in memory order (forms.ts `bytes`). Where x86
 * offers several ModRM forms, each entry models one, and says which:
 *   register form       ModRM mod = 11: `op r/m32, r32` with both operands registers;
 *   memory form         ModRM mod = 10, [base + disp32]: `[rb+disp]`. The real machine reads
 *                       rm = 100 as "a SIB byte follows"; this model reads it as [ESP + disp32]
 *                       with no SIB byte (the one encoding whose meaning differs). rm = 101 is
 *                       [EBP + disp32] as on the real machine. The segment is SS for an ESP or
 *                       EBP base and DS otherwise (SDM 1, 3.7.4); prefixes are not modelled;
 *   immediate forms     81 /digit id (mod = 11), B8+rd id, 68 id.
 * Operand size is 32 bits throughout (no 66h prefix); byte stores and MOVZX are the only 8-bit
 * accesses. Immediates are written `#n` in assembly (the assembler cannot tell a register name
 * from a label otherwise). PF and AF are not modelled; JP/JNP (7A/7B) are therefore left out.
 */
import { add, and, load, or, sext, sub, xor, zext } from '../../builder/ops.js';
import { c, type Bits } from '../../builder/bits.js';
import type { InstructionDecl } from '../../description.js';
import { at, push, segmentOf, stackSlot } from './machine.js';
import { addFlags, bits3, bits4, byteRegister, bytes, conditions, logicFlags, subFlags, type X86Context } from './forms.js';

const v2 = (what: string) => `Intel SDM vol. 2, ${what}`;

export function integerInstructions(x: X86Context): InstructionDecl[] {
  const { b, reg, R } = x;
  const ESP = R(c(3, 4));
  const EIP = reg('EIP') as Bits<32>;
  const rel8 = { kind: 'target', relative: true, signed: true, from: 2 } as const;
  const rel32 = { kind: 'target', relative: true, signed: true, from: 5 } as const;

  /** The ALU operations with a register form (opcode /r) and an immediate form (81 /digit). */
  const alu = [
    { name: 'ADD', opcode: 0x01, digit: 0, op: (a: Bits<32>, v: Bits<32>) => add(a, v), flags: addFlags, write: true },
    { name: 'OR', opcode: 0x09, digit: 1, op: (a: Bits<32>, v: Bits<32>) => or(a, v), flags: null, write: true },
    { name: 'AND', opcode: 0x21, digit: 4, op: (a: Bits<32>, v: Bits<32>) => and(a, v), flags: null, write: true },
    { name: 'SUB', opcode: 0x29, digit: 5, op: (a: Bits<32>, v: Bits<32>) => sub(a, v), flags: subFlags, write: true },
    { name: 'XOR', opcode: 0x31, digit: 6, op: (a: Bits<32>, v: Bits<32>) => xor(a, v), flags: null, write: true },
    { name: 'CMP', opcode: 0x39, digit: 7, op: (a: Bits<32>, v: Bits<32>) => sub(a, v), flags: subFlags, write: false },
  ] as const;

  const aluEntries = alu.flatMap((o) => {
    const body = (rd: Bits<3>, v: Bits<32>, $: Parameters<Parameters<typeof b.insn>[1]['semantics']>[1]) => {
      const a = $.let('alu.a', R(rd));
      const src = $.let('alu.b', v);
      const r = $.let('alu.r', o.op(a, src));
      if (o.flags) o.flags($, reg, a, src, r);
      else logicFlags($, reg, r);
      if (o.write) $.set(R(rd), r);
    };
    return [
      b.insn(`${o.name}.rr`, {
        cite: v2(`${o.name} (${o.opcode.toString(16).toUpperCase().padStart(2, '0')} /r, register form)`),
        class: 'innocuous',
        encoding: bytes(`${o.opcode.toString(2).padStart(8, '0')} | 11 rs:3 rd:3`),
        syntax: `${o.name.toLowerCase()} {rd}, {rs}`,
        semantics: ({ rd, rs }, $) => body(rd as Bits<3>, R(rs as Bits<3>), $),
      }),
      b.insn(`${o.name}.ri`, {
        cite: v2(`${o.name} (81 /${o.digit} id, register form)`),
        class: 'innocuous',
        encoding: bytes(`10000001 | 11 ${bits3(o.digit)} rd:3 | imm:32`),
        syntax: `${o.name.toLowerCase()} {rd}, #{imm}`,
        semantics: ({ rd, imm }, $) => body(rd as Bits<3>, imm as Bits<32>, $),
      }),
    ];
  });

  const jcc = conditions(reg).map((cc) =>
    b.insn(`J${cc.name.toUpperCase()}`, {
      cite: v2(`Jcc (7${cc.tttn.toString(16).toUpperCase()} cb)`),
      class: 'innocuous',
      encoding: bytes(`0111 ${bits4(cc.tttn)} | rel:8`),
      syntax: `j${cc.name} {rel}`,
      operands: { rel: rel8 },
      semantics: ({ rel }, $) => $.if(cc.holds, () => $.set(reg('EIP'), add(add(EIP, 2), sext(rel, 32)))),
    }),
  );

  return [
    b.insn('MOV.rr', {
      cite: v2('MOV (89 /r, register form)'),
      class: 'innocuous',
      encoding: bytes('10001001 | 11 rs:3 rd:3'),
      syntax: 'mov {rd}, {rs}',
      semantics: ({ rd, rs }, $) => $.set(R(rd), R(rs)),
    }),
    b.insn('MOV.ri', {
      cite: v2('MOV (B8+rd id)'),
      class: 'innocuous',
      encoding: bytes('10111 rd:3 | imm:32'),
      syntax: 'mov {rd}, #{imm}',
      semantics: ({ rd, imm }, $) => $.set(R(rd), imm),
    }),
    b.insn('MOV.load', {
      cite: v2('MOV (8B /r, [base + disp32])'),
      class: 'innocuous',
      encoding: bytes('10001011 | 10 rd:3 rb:3 | disp:32'),
      syntax: 'mov {rd}, [{rb}+{disp}]',
      semantics: ({ rd, rb, disp }, $) => $.set(R(rd), load(at($, segmentOf(rb), add(R(rb), disp), 4), 32)),
    }),
    b.insn('MOV.store', {
      cite: v2('MOV (89 /r, [base + disp32])'),
      class: 'innocuous',
      encoding: bytes('10001001 | 10 rs:3 rb:3 | disp:32'),
      syntax: 'mov [{rb}+{disp}], {rs}',
      semantics: ({ rs, rb, disp }, $) => $.store(at($, segmentOf(rb), add(R(rb), disp), 4), R(rs)),
    }),
    b.insn('MOV.storeb', {
      cite: v2('MOV (88 /r, [base + disp32]): r8 is AL CL DL BL AH CH DH BH by number'),
      class: 'innocuous',
      encoding: bytes('10001000 | 10 rs:3 rb:3 | disp:32'),
      syntax: 'mov byte [{rb}+{disp}], {rs}',
      doc: 'The source operand is written as the 32-bit register of the same number: 0-3 store AL-BL, 4-7 AH-BH (bits 15:8 of EAX-EBX).',
      semantics: ({ rs, rb, disp }, $) => $.store(at($, segmentOf(rb), add(R(rb), disp), 1), byteRegister(R, rs)),
    }),
    b.insn('MOVZX.loadb', {
      cite: v2('MOVZX (0F B6 /r, [base + disp32])'),
      class: 'innocuous',
      encoding: bytes('00001111 | 10110110 | 10 rd:3 rb:3 | disp:32'),
      syntax: 'movzx {rd}, byte [{rb}+{disp}]',
      semantics: ({ rd, rb, disp }, $) => $.set(R(rd), zext(load(at($, segmentOf(rb), add(R(rb), disp), 1), 8), 32)),
    }),
    b.insn('LEA', {
      cite: v2('LEA (8D /r, [base + disp32])'),
      class: 'innocuous',
      encoding: bytes('10001101 | 10 rd:3 rb:3 | disp:32'),
      syntax: 'lea {rd}, [{rb}+{disp}]',
      semantics: ({ rd, rb, disp }, $) => $.set(R(rd), add(R(rb), disp)),
    }),
    ...aluEntries,
    b.insn('TEST.rr', {
      cite: v2('TEST (85 /r, register form)'),
      class: 'innocuous',
      encoding: bytes('10000101 | 11 rs:3 rd:3'),
      syntax: 'test {rd}, {rs}',
      semantics: ({ rd, rs }, $) => logicFlags($, reg, and(R(rd), R(rs))),
    }),
    b.insn('INC', {
      cite: v2('INC (40+rd); CF unaffected'),
      class: 'innocuous',
      encoding: bytes('01000 rd:3'),
      syntax: 'inc {rd}',
      semantics: ({ rd }, $) => {
        const a = $.let('inc.a', R(rd));
        const r = $.let('inc.r', add(a, 1));
        addFlags($, reg, a, c(32, 1), r, false);
        $.set(R(rd), r);
      },
    }),
    b.insn('DEC', {
      cite: v2('DEC (48+rd); CF unaffected'),
      class: 'innocuous',
      encoding: bytes('01001 rd:3'),
      syntax: 'dec {rd}',
      semantics: ({ rd }, $) => {
        const a = $.let('dec.a', R(rd));
        const r = $.let('dec.r', sub(a, 1));
        subFlags($, reg, a, c(32, 1), r, false);
        $.set(R(rd), r);
      },
    }),
    ...jcc,
    b.insn('JMP', {
      cite: v2('JMP (E9 cd, near relative)'),
      class: 'innocuous',
      encoding: bytes('11101001 | rel:32'),
      syntax: 'jmp {rel}',
      operands: { rel: rel32 },
      semantics: ({ rel }, $) => $.set(reg('EIP'), add(add(EIP, 5), rel)),
    }),
    b.insn('CALL', {
      cite: v2('CALL (E8 cd, near relative)'),
      class: 'innocuous',
      encoding: bytes('11101000 | rel:32'),
      syntax: 'call {rel}',
      operands: { rel: rel32 },
      semantics: ({ rel }, $) => {
        const next = $.let('call.next', add(EIP, 5));
        push($, R, next, 'call');
        $.set(reg('EIP'), add(next, rel));
      },
    }),
    b.insn('RET', {
      cite: v2('RET (C3, near return)'),
      class: 'innocuous',
      encoding: bytes('11000011'),
      syntax: 'ret',
      semantics: (_, $) => {
        const eip = stackSlot($, R, 0, 'ret.eip');
        $.set(ESP, add(ESP, 4));
        $.set(reg('EIP'), eip);
      },
    }),
    b.insn('PUSH.r', {
      cite: v2('PUSH (50+rd)'),
      class: 'innocuous',
      encoding: bytes('01010 rs:3'),
      syntax: 'push {rs}',
      doc: 'PUSH ESP pushes the value ESP had before the instruction.',
      semantics: ({ rs }, $) => push($, R, $.let('push.v', R(rs)), 'push'),
    }),
    b.insn('PUSH.i', {
      cite: v2('PUSH (68 id)'),
      class: 'innocuous',
      encoding: bytes('01101000 | imm:32'),
      syntax: 'push #{imm}',
      semantics: ({ imm }, $) => push($, R, imm, 'push'),
    }),
    b.insn('POP.r', {
      cite: v2('POP (58+rd)'),
      class: 'innocuous',
      encoding: bytes('01011 rd:3'),
      syntax: 'pop {rd}',
      doc: 'POP ESP loads the popped value (ESP is incremented before the write, SDM 2 POP).',
      semantics: ({ rd }, $) => {
        const v = stackSlot($, R, 0, 'pop.v');
        $.set(ESP, add(ESP, 4));
        $.set(R(rd), v);
      },
    }),
    b.insn('NOP', {
      cite: v2('NOP (90)'),
      class: 'innocuous',
      encoding: bytes('10010000'),
      syntax: 'nop',
      semantics: () => {},
    }),
  ];
}

