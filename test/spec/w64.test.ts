/**
 * Cells wider than 52 bits (issue 11, construct 6) through every consumer, on w64 and w60 (word
 * machines after the Cray-1 and the CDC 6600: 64- and 60-bit cells and accumulators): the
 * assembler's data words and the disassembler, the compiled machine against the reference
 * evaluator, the monitor (plain, hybrid, nested) against the bare run, and the checker's verdicts
 * and replayed witnesses with cell values above 2^53.
 */
import { describe, expect, test } from 'vitest';
import { assemble, disassemble, loadProgram, type Program } from '../../asm/index.js';
import { decode } from '../../spec/encoding.js';
import type { IsaDescription } from '../../spec/description.js';
import { Machine, RefState, referenceFullStep, traceLine } from '../../machine/index.js';
import { buildStack, fuzzEquivalence, guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';
import { extendIsa } from '../../spec/index.js';
import { c } from '../../spec/builder/bits.js';
import { w60, w64, w64Builder as b } from './w64-isa.js';

const source = `
        .org 4
        .word 0x10000 + handler     ; the new PSW: supervisor,,PC
        .word 0xffff0000            ; bound,,relocation
        .org 0x10
start:  ld a1, big(a0)              ; all ones
        add a1, two(a0)             ; wraps to 1
        ld a2, k(a0)
        mul a2, k(a0)               ; the low W bits of k * k
        st a2, res(a0)
        xor a3, big(a0)             ; 0 xor all ones
        sub a4, one(a0)             ; 0 - 1: all ones again
        ldk a3, 0xf_ffff_ffff_fffe   ; a 52-bit constant in the next cell: a3 = 2^52 - 2
        ldi a5, 255(a0)             ; the console
        ldi a6, 72(a0)
        st a6, 0(a5)                ; 'H'
        ldi a6, 73(a0)
        st a6, 0(a5)                ; 'I'
        retu user(a0)
handler: halt
user:   ld a7, k(a0)
        add a7, k(a0)
        st a7, res2(a0)
        svc 7(a0)
big:    .word -1
two:    .word 2
one:    .word 1
k:      .word 0x0123456789abcdef
res:    .word 0
res2:   .word 0
`;

const machines: [string, IsaDescription][] = [
  ['w64', w64],
  ['w60', w60],
];

describe.each(machines)('%s: the assembler and disassembler', (_, isa) => {
  const W = BigInt(isa.state.storage.cellBits);
  const mask = (1n << W) - 1n;

  test('data words of the full width are exact bigints; -1 is all ones; a value too wide names its line', () => {
    const p = assemble(isa, '.org 0\n.word -1, 0x0123456789abcdef, 1 << 59, 5');
    expect(p.segments[0]!.cells).toEqual([mask, 0x0123456789abcdefn, 1n << 59n, 5n]);
    // Arithmetic on full-width words stays exact (a JavaScript number rounds above 2^53).
    expect(assemble(isa, `.org 0\n.word (1 << ${W - 1n}) + 1`).segments[0]!.cells).toEqual([(1n << (W - 1n)) + 1n]);
    expect(() => assemble(isa, `.org 0\nnop: .word 1\n.word (1 << ${W - 1n}) * 2`, 'big.s')).toThrow(new RegExp(`big\\.s:3:7: value .* does not fit in a ${W}-bit cell`));
    expect(() => assemble(isa, `.org 0\n.word -(1 << ${W - 1n}) - 1`, 'neg.s')).toThrow(new RegExp(`neg\\.s:2:.*does not fit in a ${W}-bit cell`));
  });

  test('an instruction is one cell: op 8, a 3, x 3, zeros, y 16; disassembly assembles back to the same cells', () => {
    const cell = assemble(isa, '.org 0\nld a1, 0x1234(a2)').segments[0]!.cells[0]!;
    expect(cell).toBe((1n << (W - 8n)) | (1n << (W - 11n)) | (2n << (W - 14n)) | 0x1234n);
    expect(decode(isa, [cell])?.fields).toEqual({ a: 1, x: 2, y: 0x1234 });
    const program = assemble(isa, source);
    const code = program.segments.find((s) => s.place === 0x10)!.cells;
    const lines = disassemble(isa, code, 0x10);
    expect(lines[0]!.text).toBe(`ld a1, ${program.symbols.big}(a0)`);
    // The data words come back as .word lines of the full width, which assemble to the same cells.
    expect(lines.find((l) => l.address === program.symbols.big)!.text).toBe(`.word 0x${mask.toString(16)}`);
    const again = assemble(isa, `.org 0x10\n${lines.map((l) => l.text).join('\n')}`);
    expect(again.segments[0]!.cells).toEqual(code);
  });
});

describe.each(machines)('%s: the machine on full-width words', (_, isa) => {
  const W = BigInt(isa.state.storage.cellBits);
  const mask = (1n << W) - 1n;
  const program: Program = assemble(isa, source);
  const k = 0x0123456789abcdefn;

  test('the compiled machine and the reference evaluator agree step by step', () => {
    const machine = new Machine(isa);
    loadProgram(program, machine);
    const ref = RefState.fromSnapshot(isa, machine.snapshot());
    let n = 0;
    for (; n < 60 && !machine.halted; n++) {
      machine.step();
      const out = referenceFullStep(isa, ref);
      ref.apply(out.writes);
      expect(machine.snapshot(), `after step ${n + 1}`).toEqual(ref.toSnapshot(out.halted, n + 1));
    }
    expect(machine.halted).toBe(true);
  });

  test('arithmetic wraps at 2^W, stores and the trap sequence keep every bit, and run() ends where step() does', () => {
    const m = new Machine(isa);
    loadProgram(program, m);
    expect(m.run().reason).toBe('halted');
    const a = (i: number) => m.getFileWord('a', i);
    expect([a(1), a(2), a(3), a(4)]).toEqual([1n, (k * k) & mask, 2n ** 52n - 2n, mask]);
    expect(m.readCellWord(program.symbols.res!)).toBe((k * k) & mask);
    expect(m.readCellWord(program.symbols.res2!)).toBe((2n * k) & mask);
    expect(() => m.readCell(program.symbols.res!)).toThrow(/readCellWord/);
    expect(() => m.readCells(0, 2)).toThrow(/readCellWords/);
    // The SVC's trap saved user mode,,its PC, the code and the value; the handler halted.
    expect(m.readCellWords(0, 4)).toEqual([BigInt(program.symbols.user! + 3), 0xffff0000n, 4n, 7n]);
    const stepped = new Machine(isa);
    loadProgram(program, stepped);
    while (!stepped.halted) stepped.step();
    expect(stepped.snapshot()).toEqual(m.snapshot());
  });

  test('a step reports its cells and stores as bigints, and a trace line writes those above 2^53 as digits', () => {
    const m = new Machine(isa);
    loadProgram(program, m);
    for (let i = 0; i < 4; i++) m.step();
    const r = m.step();
    expect(r.mnemonic).toBe('ST');
    expect(r.cells.every((c) => typeof c === 'bigint')).toBe(true);
    expect(r.writes).toContainEqual({ kind: 'store', addr: program.symbols.res!, value: (k * k) & mask });
    const line = JSON.parse(traceLine(isa, r, 4));
    expect(line.writes).toContainEqual({ kind: 'store', addr: program.symbols.res!, value: String((k * k) & mask) });
  });

  test('cells written and read through the API: bigints or numbers in, exact values out; snapshots restore exactly', () => {
    const m = new Machine(isa);
    m.writeCell(9, mask);
    m.loadCells(10, [1, 2n ** 53n + 1n, mask - 1n]);
    m.fillCells(20, 3, 2n ** 55n);
    expect(m.readCellWords(9, 4)).toEqual([mask, 1n, 2n ** 53n + 1n, mask - 1n]);
    expect(() => m.writeCell(9, mask + 1n)).toThrow(/not an unsigned/);
    expect(() => m.writeCell(9, 2 ** 53 + 2)).toThrow(/pass a bigint/);
    const snap = m.snapshot();
    expect(snap.storage.find(([a]) => a === 21)).toEqual([21, 2n ** 55n]);
    const n = new Machine(isa);
    n.restore(snap);
    expect(n.snapshot()).toEqual(snap);
    n.reset();
    expect(n.snapshot().storage).toEqual([]);
  });

  test('a privileged instruction in user mode traps with the value 0, a bigint of the 64-bit trap value (it was the number 0, which a BigUint64Array refuses)', () => {
    const m = new Machine(isa);
    loadProgram(assemble(isa, '.org 4\n.word 0x10000 + 0x40\n.word 0xffff0000\n.org 0x10\nretu 0x20(a0)\n.org 0x20\nhalt\n.org 0x40\nhalt'), m);
    m.step();
    const r = m.step();
    expect(r.trap).toEqual({ name: 'privileged', code: 1, value: 0n });
    expect(m.readCellWords(0, 4)).toEqual([0x20n, 0xffff0000n, 1n, 0n]);
    expect(m.run().reason).toBe('halted');
  });

  test('a store to the console cell prints', () => {
    const out: string[] = [];
    const r = runUnderMonitor(isa, program, { onOutput: (_, ch) => out.push(ch) });
    expect(r.guests[0]!.output).toBe('HI');
    expect(out.join('')).toBe('HI');
  });
});

describe.each(machines)('%s: the monitor on full-width words', (_, isa) => {
  const program = assemble(isa, source);
  const bare = runBare(isa, program);
  for (const [hybrid, depth] of [[false, 1], [true, 1], [false, 2], [true, 2]] as const)
    test(`a guest that enters user mode and traps back ends as the bare run does (${hybrid ? 'hybrid' : 'trap-and-emulate'}${depth > 1 ? ', nested' : ''})`, () => {
      const r = runUnderMonitor(isa, program, { hybrid, depth });
      expect(bare.reason).toBe('halted');
      expect(r.reason).toBe('halted');
      expect(guestDifferences(isa, bare.state, r.guests[0]!.state)).toEqual([]);
      expect(r.guests[0]!.statistics.direct).toBeGreaterThan(0);
    });

  test('a guest in a region of real storage: its snapshot equals the bare machine\u2019s, and its cells are the real cells moved', () => {
    const bareM = new Machine(isa, { storageCells: 256 });
    loadProgram(program, bareM);
    bareM.run();
    const stack = buildStack(isa, { guestCells: 256, depth: 1 });
    const guest = stack.guests[0]!;
    loadProgram(program, guest);
    expect(guest.run().reason).toBe('halted');
    expect(guest.snapshot()).toEqual(bareM.snapshot());
    expect(guest.readCellWord(program.symbols.res!)).toBe(bareM.readCellWord(program.symbols.res!));
    expect(guest.readCellWords(0, 4)).toEqual(bareM.readCellWords(0, 4));
  });
});

/** w64 and a return to user that any mode may run (the PDP-10's JRST 1 again): sensitive, not privileged. */
const retux = b.insn('RETUX', {
  cite: 'test: an unprivileged return to user', class: 'innocuous',
  encoding: `00010011 000 x:3 ${'0'.repeat(34)} y:16` as `${string} x:3 ${string} y:16`,
  syntax: 'retux {y}({x})',
  semantics: ({ y }, $) => {
    $.set(b.reg('M'), c(1, 0));
    $.set(b.reg('PC'), y as never);
  },
});
const w64Retux = extendIsa(w64, { name: 'w64-retux', summary: 'w64 and an unprivileged return to user', add: [retux] });

describe('the fuzzer on 64- and 60-bit cells', () => {
  for (const isa of [w64, w60])
    test(`${isa.name}: random programs over full-width storage run alike bare and under the monitor`, () => {
      const f = fuzzEquivalence(isa, { runs: 150 });
      expect(f.ok).toBe(true);
    });

  test('an unprivileged return to user: the fuzzer finds it under the trap-and-emulate monitor', () => {
    const f = fuzzEquivalence(w64Retux, { runs: 300 });
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.counterexample.culprit?.mnemonic).toBe('RETUX');
  });
});
