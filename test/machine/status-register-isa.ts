/**
 * sr8 and sr8-010: the 68000 and the 68010 in miniature, for the tests of registers with fields
 * (spec/lower/register-fields.ts) in every consumer. One status register SR holds the condition
 * codes (user state), the interrupt mask, the supervisor bit S — the mode — and the trace bit
 * (system state), as the 68000's does (M68000 Programmer's Reference Manual, 1.3.2 and 6.2).
 *
 * SR: T (bit 7) · S (bit 6) · I (bits 4..3) · Z (bit 1) · C (bit 0); bits 5 and 2 read as zero.
 * 8-bit cells, 16 of them, one-cell instructions (a 4-bit opcode, a 4-bit operand), an 8-bit data
 * register D, a relocation-bounds map (L, B).
 *
 * The 68000's MOVE from SR is unprivileged and reads S, I and T: sensitive and not privileged,
 * the violation Popek and Goldberg's conditions find there. The 68010 made it privileged and added
 * MOVE from CCR, which reads the condition codes only (68010 manual, "MOVE from SR").
 *
 * Trap sequence: the PC to cell 0, SR (whole) to cell 1, then S := 1, T := 0 and the PC from cell 2.
 */
import { add, concat, eq, extract, load, zext } from '../../spec/builder/ops.js';
import { c } from '../../spec/builder/bits.js';
import { isaBuilder } from '../../spec/builder/isa-builder.js';
import type { FieldsOf } from '../../spec/builder/picture.js';
import type { Semantics } from '../../spec/builder/recorder.js';
import type { InstructionDecl, IsaDescription } from '../../spec/description.js';
import { Machine } from '../../machine/index.js';
import { cells } from './helpers.js';

/**
 * Both machines, with `addressBits`-bit addresses (4: 16 cells, the tests' programs; 2: 4 cells,
 * small enough for the enumerating oracle).
 */
export function statusRegisterMachines(addressBits: 2 | 3 | 4): { sr8: IsaDescription; sr8010: IsaDescription } {
  const aw: number = addressBits;
  const b = isaBuilder({
    state: {
      registers: {
        PC: { width: aw, kind: 'user', reset: aw === 2 ? 3 : 4 },
        D: { width: 8, kind: 'user', doc: 'the data register' },
        SR: {
          width: 8,
          kind: 'system',
          reset: 0x40,
          doc: 'the status register',
          fields: {
            C: { bits: 0, kind: 'user', doc: 'carry' },
            Z: { bits: 1, kind: 'user', doc: 'zero' },
            I: { bits: [4, 3], doc: 'the interrupt mask' },
            S: { bits: 6, doc: 'supervisor state' },
            T: { bits: 7, doc: 'trace' },
          },
        },
        L: { width: aw, kind: 'system', doc: 'relocation' },
        B: { width: aw, kind: 'system', reset: 2 ** aw - 1, doc: 'bound' },
      },
      files: {},
      pc: 'PC',
      mode: { register: 'SR.S', levels: { s: { value: 1, supervisor: true }, u: { value: 0, supervisor: false } } },
      storage: { cellBits: 8, addressBits: aw, cells: 2 ** aw },
      addressMap: { kind: 'relocation-bounds', base: 'L', bound: 'B', boundTest: 'above', trap: 'mem' },
      timing: [],
    },
    traps: {
      codeWidth: 2,
      valueWidth: 8,
      kinds: {
        mem: { class: 'memory', code: 0 },
        ill: { class: 'illegal-instruction', code: 1 },
        priv: { class: 'privileged-instruction', code: 2 },
        svc: { class: 'supervisor-call', code: 3 },
      },
      sequence: ($, { reg }) => {
        $.store(c(aw, 0), zext(reg('PC'), 8), 'physical');
        $.store(c(aw, 1), reg('SR'), 'physical');
        $.set(reg('SR.S'), 1);
        $.set(reg('SR.T'), 0);
        $.set(reg('PC'), extract(load(c(aw, 2), 8, 'physical'), aw - 1, 0));
      },
    },
    operands: { imm: { kind: 'immediate', signed: false }, rel: { kind: 'target', relative: true, signed: true } },
  });

  const PC = b.reg('PC');
  const D = b.reg('D');
  const SR = b.reg('SR');
  const C = b.reg('SR.C');
  const Z = b.reg('SR.Z');
  const insn = <const P extends string>(mnemonic: string, encoding: P, syntax: string, semantics: (f: FieldsOf<P>, $: Semantics<string>) => void, cls: 'innocuous' | 'privileged' = 'innocuous'): InstructionDecl =>
    b.insn(mnemonic, { cite: 'M68000 PRM (miniature)', class: cls, encoding, syntax, semantics });

  /** Instructions both processors have. */
  const common: InstructionDecl[] = [
    insn('MOVEQ', '0000 imm:4', 'moveq {imm}', ({ imm }, $) => {
      $.set(D, zext(imm, 8));
      $.set(Z, eq(imm, 0));
      $.set(C, 0);
    }),
    insn('ADDQ', '0001 imm:4', 'addq {imm}', ({ imm }, $) => {
      const sum = add(zext(D, 9), zext(imm, 9));
      $.set(D, extract(sum, 7, 0));
      $.set(C, extract(sum, 8, 8));
      $.set(Z, eq(extract(sum, 7, 0), 0));
    }),
    // MOVE to CCR: the condition codes only, from D (user state: innocuous).
    insn('MVTCCR', '0010 0000', 'move d, ccr', (_, $) => {
      $.set(C, extract(D, 0, 0));
      $.set(Z, extract(D, 1, 1));
    }),
    // MOVE to SR: the whole register, supervisor only.
    insn(
      'MVTSR',
      '0011 0000',
      'move d, sr',
      (_, $) => {
        $.requireSupervisor();
        $.set(SR, D);
      },
      'privileged',
    ),
    insn('LD', '0100 imm:4', 'ld {imm}', ({ imm }, $) => $.set(D, load(extract(imm, aw - 1, 0), 8))),
    insn('ST', '0101 imm:4', 'st {imm}', ({ imm }, $) => $.store(extract(imm, aw - 1, 0), D)),
    insn('BEQ', '0110 rel:4', 'beq {rel}', ({ rel }, $) => $.if(eq(Z, 1), () => $.set(PC, add(PC, extract(rel, aw - 1, 0))))),
    insn('TRAP', '0111 0000', 'trap', (_, $) => $.trap('svc')),
    // RTE: SR and the PC from the frame the trap sequence wrote.
    insn(
      'RTE',
      '1000 0000',
      'rte',
      (_, $) => {
        $.requireSupervisor();
        $.set(SR, load(c(aw, 1), 8, 'physical'));
        $.set(PC, extract(load(c(aw, 0), 8, 'physical'), aw - 1, 0));
      },
      'privileged',
    ),
    insn(
      'STOP',
      '1111 0000',
      'stop',
      (_, $) => {
        $.requireSupervisor();
        $.halt();
      },
      'privileged',
    ),
  ];

  /** 68000 MOVE from SR: any mode, the whole register. */
  const moveFromSr000 = insn('MVFSR', '1001 0000', 'move sr, d', (_, $) => $.set(D, SR));

  /** 68010 MOVE from SR: supervisor only. */
  const moveFromSr010 = insn(
    'MVFSR',
    '1001 0000',
    'move sr, d',
    (_, $) => {
      $.requireSupervisor();
      $.set(D, SR);
    },
    'privileged',
  );

  /** 68010 MOVE from CCR: the condition codes, zero above them. */
  const moveFromCcr = insn('MVFCCR', '1010 0000', 'move ccr, d', (_, $) => $.set(D, zext(concat(Z, C), 8)));

  const suffix = aw === 4 ? '' : `-a${aw}`;
  return {
    sr8: b.define({
      name: `sr8${suffix}`,
      summary: 'the 68000 in miniature: one status register whose fields are user and system state; MOVE from SR unprivileged',
      instructions: [...common, moveFromSr000],
    }),
    sr8010: b.define({
      name: `sr8-010${suffix}`,
      summary: 'the 68010 in miniature: MOVE from SR privileged, MOVE from CCR added',
      instructions: [...common, moveFromSr010, moveFromCcr],
    }),
  };
}

export const { sr8, sr8010 } = statusRegisterMachines(4);

/** A supervisor that enters user mode; user code sets the condition codes and calls the supervisor, which reads SR. */
export function srProgram(isa: IsaDescription): Machine {
  const m = new Machine(isa);
  const I = (mnemonic: string, fields: Record<string, number> = {}) => cells(isa, mnemonic, fields);
  m.loadCells(2, [9]); // the trap vector
  m.loadCells(4, [
    ...I('MOVEQ', { imm: 0 }),
    ...I('MVTSR'), // SR := 0: user mode
    ...I('MOVEQ', { imm: 3 }),
    ...I('MVTCCR'), // C = Z = 1
    ...I('TRAP'),
    // the handler, in supervisor mode
    ...I('MVFSR'),
    ...I('ST', { imm: 3 }),
    ...I('STOP'),
  ]);
  return m;
}

