/**
 * The interpreted level's loop finds a block by PC (vmm/compiled-run.ts) without translating the
 * PC or looking the block up by cell, while the map's registers, the words the block was made from
 * and the tiering are as when it last ran there. rv32's M-mode under a closed PMP (every step
 * interpreted, a map of registers only) is where that path runs. A guest that changes the map
 * mid-run, rewrites a later instruction of its own block on a late pass, or has its code rewritten
 * between runs must run as on the bare machine, with blocks compiled and remembered by then.
 */
import { describe, expect, test } from 'vitest';
import { rv32 } from '../../spec/index.js';
import { encode, toCellWords } from '../../spec/encoding.js';
import { Machine } from '../../machine/index.js';
import { tiering } from '../../machine/code-cache.js';
import { contextFor } from '../../machine/context.js';
import { buildStack, type VirtualMachine } from '../../vmm/index.js';
import { entersByPc } from '../../vmm/virtual-code.js';

const CELLS = rv32.state.storage.cells;
const RAM = 0x8000_0000;

/** The cells of one instruction, its fields given unsigned (offsets and immediates masked to the field). */
function insn(mnemonic: string, fields: Record<string, number> = {}): number[] {
  const decl = rv32.instructions.find((i) => i.mnemonic === mnemonic);
  if (!decl) throw new Error(`rv32 has no ${mnemonic}`);
  const unsigned = Object.fromEntries(decl.encoding.fields.map((f) => [f.name, (fields[f.name] ?? 0) & (2 ** f.width - 1)]));
  return toCellWords(encode(decl, unsigned), decl.encoding, rv32.state.storage) as number[];
}

const words = (...ws: number[][]) => ws.flat();

/** A bare machine and a guest (M-mode, interpreted) with the same code at RAM, started there. */
function both(code: number[]): [Machine, VirtualMachine] {
  const bare = new Machine(rv32);
  const guest = buildStack(rv32, { guestCells: CELLS, reserve: 0 }).guests[0]!;
  for (const m of [bare, guest]) {
    m.loadCells(0, code);
    m.setReg(rv32.state.pc, RAM);
  }
  return [bare, guest];
}

/** The loop's passes: more than the cold tier's runs, so that its block is compiled and entered by PC. */
const PASSES = 3 * tiering.guestRuns;

describe("the guest loop's entries by PC", () => {
  test('rv32 (PMP: a map of 32-bit registers only) is a description whose guests are entered by PC', () => {
    expect(entersByPc(contextFor(rv32, CELLS))).toBe(true);
  });

  test('a PMP entry locked without execute on the last pass: the next fetch, at a PC entered many times before, faults as bare', () => {
    // The loop writes pmpcfg0 on every pass (0, then a locked TOR entry over the loop's own code,
    // readable, not executable, on the last one). The instruction after the write was entered by
    // PC on every earlier pass, with the old map.
    const code = words(
      insn('ADDI', { rd: 1, rs1: 0, imm: PASSES }), // 0x00  x1 = passes
      insn('ADDI', { rd: 7, rs1: 0, imm: 0x8b }), // 0x04  x7 = L | TOR | W | R
      insn('LUI', { rd: 8, uimm: 0x20000 }), // 0x08
      insn('ADDI', { rd: 8, rs1: 8, imm: 0x40 }), // 0x0c  x8 = (RAM + 0x100) >> 2
      insn('CSRRW.pmpaddr0', { rd: 0, rs1: 8 }), // 0x10
      insn('LUI', { rd: 9, uimm: 0x80000 }), // 0x14
      insn('ADDI', { rd: 9, rs1: 9, imm: 0x200 }), // 0x18
      insn('CSRRW.mtvec', { rd: 0, rs1: 9 }), // 0x1c  mtvec = RAM + 0x200, outside the entry
      insn('ADDI', { rd: 2, rs1: 2, imm: 1 }), // 0x20  loop:
      insn('ADDI', { rd: 1, rs1: 1, imm: -1 }), // 0x24
      insn('BNE', { rs1: 1, rs2: 0, off: 8 }), // 0x28  not the last pass: skip
      insn('ADDI', { rd: 6, rs1: 7, imm: 0 }), // 0x2c  x6 = the locked entry
      insn('CSRRW.pmpcfg0', { rd: 0, rs1: 6 }), // 0x30
      insn('BNE', { rs1: 1, rs2: 0, off: -0x14 }), // 0x34  to loop; after the lock, its fetch faults
      insn('ADDI', { rd: 10, rs1: 0, imm: 99 }), // 0x38  never reached
    );
    const handler = words(
      insn('CSRRS.mcause', { rd: 3, rs1: 0 }), // 0x200  x3 = mcause
      insn('ADDI', { rd: 4, rs1: 4, imm: 1 }), // 0x204
      insn('JAL', { rd: 0, off: 0 }), // 0x208  spin
    );
    const full = [...code, ...new Array<number>(0x200 - code.length).fill(0), ...handler];
    const [bare, guest] = both(full);
    const steps = 8 * PASSES + 50;
    bare.run(steps);
    guest.run(steps);
    // Instruction access fault, at the branch after the write; the loop's passes all ran.
    expect(bare.getFile('x', 3)).toBe(1);
    expect(bare.getReg('mepc')).toBe(RAM + 0x34);
    expect(bare.getFile('x', 2)).toBe(PASSES);
    expect(bare.getFile('x', 10)).toBe(0);
    expect(guest.snapshot()).toEqual(bare.snapshot());
    const s = guest.statistics();
    expect(s.interpreted).toBe(s.steps);
    expect(s.byInstruction['BNE']?.interpreted).toBe(2 * PASSES - 1);
  });

  /** A loop whose store rewrites the next instruction (x2 += 1 becomes x2 += 7) on the pass where x1 reaches `at`. */
  const rewriting = (at: number) =>
    words(
      insn('LUI', { rd: 12, uimm: 0x80000 }), // 0x00  x12 = RAM
      insn('ADDI', { rd: 1, rs1: 0, imm: PASSES }), // 0x04
      insn('ADDI', { rd: 13, rs1: 0, imm: at }), // 0x08
      insn('LW', { rd: 11, rs1: 12, imm: 0x2c }), // 0x0c  x11 = the patch
      insn('ADDI', { rd: 1, rs1: 1, imm: -1 }), // 0x10  loop:
      insn('BNE', { rs1: 1, rs2: 13, off: 8 }), // 0x14
      insn('SW', { rs1: 12, rs2: 11, imm: 0x1c }), // 0x18  rewrite the next instruction
      insn('ADDI', { rd: 2, rs1: 2, imm: 1 }), // 0x1c  target
      insn('BNE', { rs1: 1, rs2: 0, off: -0x10 }), // 0x20
      insn('JAL', { rd: 0, off: 0 }), // 0x24  spin
      insn('JAL', { rd: 0, off: 0 }), // 0x28
      insn('ADDI', { rd: 2, rs1: 2, imm: 7 }), // 0x2c  patch
    );

  test.each([PASSES - 1, PASSES - tiering.guestRuns - 2, 1])('a store into the next instruction of its own block on a late pass (x1 = %i) runs as bare', (at) => {
    const [bare, guest] = both(rewriting(at));
    const steps = 6 * PASSES + 20;
    bare.run(steps);
    guest.run(steps);
    // Passes before the store add 1; the storing pass and those after it, 7.
    const before = PASSES - at - 1;
    expect(bare.getFile('x', 2)).toBe(before + 7 * (PASSES - before));
    expect(guest.snapshot()).toEqual(bare.snapshot());
  });

  test.each(['writeCell', 'loadCells', 'restore'] as const)('code rewritten with %s between runs of one guest runs as written', (how) => {
    // x2 += 1 on every pass (the store rewrites a cell past the loop), then x2 += 5.
    const start = rewriting(-1);
    const [bare, guest] = both(start);
    const steps = 6 * PASSES + 20;
    const initial = guest.snapshot();
    guest.run(steps);
    guest.restore(initial);
    guest.run(steps);
    expect(guest.getFile('x', 2)).toBe(PASSES);
    const target = 0x1c;
    const patched = insn('ADDI', { rd: 2, rs1: 2, imm: 5 });
    guest.restore(initial);
    if (how === 'writeCell') patched.forEach((c, i) => guest.writeCell(target + i, c));
    else if (how === 'loadCells') guest.loadCells(target, patched);
    else guest.restore({ ...initial, storage: initial.storage.map(([a, v]) => [a, a >= target && a < target + 4 ? patched[a - target]! : v] as [number, number]) });
    guest.run(steps);
    bare.loadCells(target, patched);
    bare.run(steps);
    expect(bare.getFile('x', 2)).toBe(5 * PASSES);
    expect(guest.getFile('x', 2)).toBe(5 * PASSES);
  });
});
