/**
 * Big-endian storage (`state.storage.endianness: 'big'`) through every consumer, on be8: the
 * assembler and disassembler, the compiled machine against the reference evaluator, the monitor
 * (plain and hybrid) against the bare run, the checker's witnesses, and the fuzzer.
 */
import { describe, expect, test } from 'vitest';
import { assemble, disassemble, loadProgram, type Program } from '../../asm/index.js';
import { decode } from '../../spec/encoding.js';
import { Machine, RefState, referenceFullStep } from '../../machine/index.js';
import { fuzzEquivalence, guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';
import { checkIsa } from '../../proofs/index.js';
import { be8 } from './big-endian-isa.js';

const source = `
        .org 4
        .half handler           ; the new PC a trap loads, high byte first
        .org 0x20
start:  ldi x1, 0x1234
        ldi x2, 0xc0
        stw x1, (x2)            ; 0x12 at 0xc0, 0x34 at 0xc1
        ldb x3, (x2)            ; the byte at the lower address: 0x12
        ldi x2, data
        ldlo x0, (x2)           ; the low half of 0x11223344: 0x3344
        rtu user
handler: ldw x1, (x2)           ; the high half: 0x1122
        halt
user:   addi x3, 1
        svc
data:   .long 0x11223344
`;
const program: Program = assemble(be8, source);
const cellsAt = (p: Program, at: number, n: number) => {
  const s = p.segments.find((x) => at >= x.place && at + n <= x.place + x.cells.length)!;
  return s.cells.slice(at - s.place, at - s.place + n);
};

describe('the assembler and disassembler on big-endian storage', () => {
  test('an encoding is laid high-order cell first: the opcode byte leads, the immediate follows high byte first', () => {
    expect(cellsAt(program, 0x20, 4)).toEqual([0x14, 0x00, 0x12, 0x34]);
    expect(cellsAt(assemble(be8, '.org 0\naddi x2, 5'), 0, 2)).toEqual([0x28, 0x05]);
  });

  test('data wider than a cell is laid most significant cell first', () => {
    const p = assemble(be8, '.org 0\n.half 0xabcd\n.long 0x11223344\n.dword 0x010203040506');
    expect(cellsAt(p, 0, 14)).toEqual([0xab, 0xcd, 0x11, 0x22, 0x33, 0x44, 0, 0, 1, 2, 3, 4, 5, 6]);
    expect(cellsAt(program, 4, 2)).toEqual([0, program.symbols.handler!]);
  });

  test('decoding tells a two-cell instruction from a four-cell one by its first cells, and disassembly reads the program back', () => {
    expect(decode(be8, [0x14, 0x00, 0x12, 0x34])?.fields).toEqual({ ra: 1, imm: 0x1234 });
    expect(decode(be8, [0x14, 0x00, 0x12])).toBeUndefined();
    expect(decode(be8, [0x28, 0x05, 0x14, 0x00])?.insn.mnemonic).toBe('ADDI');
    const code = cellsAt(program, 0x20, program.symbols.data! - 0x20);
    const text = disassemble(be8, code, 0x20).map((l) => l.text);
    expect(text.slice(0, 3)).toEqual(['ldi x1, 4660', 'ldi x2, 192', 'stw x1, (x2)']);
    expect(text).toContain(`rtu 0x${program.symbols.user!.toString(16)}`);
  });
});

describe('the machine on big-endian storage', () => {
  const machine = new Machine(be8);
  loadProgram(program, machine);
  const ref = RefState.fromSnapshot(be8, machine.snapshot());

  test('the compiled machine and the reference evaluator agree step by step', () => {
    for (let n = 0; n < 40 && !machine.halted; n++) {
      machine.step();
      const out = referenceFullStep(be8, ref);
      ref.apply(out.writes);
      expect(machine.snapshot(), `after step ${n + 1}`).toEqual(ref.toSnapshot(out.halted, n + 1));
    }
    expect(machine.halted).toBe(true);
  });

  test('stores, loads and the trap sequence use the big-endian order', () => {
    expect([0, 1, 2, 3].map((i) => machine.getFile('x', i))).toEqual([0x3344, 0x1122, program.symbols.data!, 0x13]);
    expect([machine.readCell(0xc0), machine.readCell(0xc1)]).toEqual([0x12, 0x34]);
    // The trap saved the PC of the SVC, high byte first, from user mode, with the SVC's code.
    const svcAt = program.symbols.user! + 2;
    expect([0, 1, 2, 3].map((a) => machine.readCell(a))).toEqual([svcAt >> 8, svcAt & 0xff, 0, 4]);
  });
});

describe('the monitor on big-endian storage', () => {
  const bare = runBare(be8, program);
  for (const hybrid of [false, true])
    test(`a guest that enters user mode and traps back ends as the bare run does (${hybrid ? 'hybrid' : 'trap-and-emulate'})`, () => {
      const r = runUnderMonitor(be8, program, { hybrid });
      expect(bare.reason).toBe('halted');
      expect(r.reason).toBe('halted');
      expect(guestDifferences(be8, bare.state, r.guests[0]!.state)).toEqual([]);
      expect(r.guests[0]!.statistics.direct).toBeGreaterThan(0);
    });
});

describe('the checker and the fuzzer on big-endian storage', () => {
  test('RDM alone breaks Theorem 1, Theorem 3 holds, and the witness shows its instruction opcode byte first', async () => {
    const r = await checkIsa(be8);
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'holds']);
    expect(r.theorems[0]!.violators.map((v) => v.mnemonic)).toEqual(['RDM']);
    const w = r.instructions.find((i) => i.mnemonic === 'RDM')!.definitions['mode-sensitive'].witness!;
    expect(w.replayed).toBe(true);
    expect(Number(w.instruction.cells[0]!) >> 4).toBe(0b1000);
    expect(decode(be8, w.instruction.cells.map(Number))?.insn.mnemonic).toBe('RDM');
    for (const m of ['LDI', 'LDW', 'STW', 'LDB', 'LDLO', 'ADDI', 'JNZ']) expect(r.instructions.find((i) => i.mnemonic === m)!.derived, m).toBe('innocuous');
    expect(r.instructions.find((i) => i.mnemonic === 'RTU')!.derived).toBe('privileged');
  }, 120_000);

  test('the fuzzer finds RDM under the trap-and-emulate monitor', () => {
    const f = fuzzEquivalence(be8, { runs: 300 });
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.counterexample.culprit?.mnemonic).toBe('RDM');
  });
});
