/**
 * Words and cells wider than 32 bits (issue 11, construct 6) through every consumer, on w36 (a
 * PDP-10 in miniature: 36-bit cells and accumulators, a 64-bit clock): the assembler and
 * disassembler, the compiled machine against the reference evaluator, the monitor (plain, hybrid,
 * nested) against the bare run, the checker's witnesses (a value above 2^53 among them), and the
 * fuzzer.
 */
import { describe, expect, test } from 'vitest';
import { assemble, disassemble, loadProgram, type Program } from '../../asm/index.js';
import { decode } from '../../spec/encoding.js';
import { extendIsa } from '../../spec/index.js';
import { extract, zext } from '../../spec/builder/ops.js';
import { Machine, RefState, referenceFullStep, traceLine } from '../../machine/index.js';
import { buildStack, fuzzEquivalence, guestDifferences, runBare, runUnderMonitor } from '../../vmm/index.js';
import { checkIsa } from '../../proofs/index.js';
import { expectLawfulReport } from '../proofs/laws.js';
import { w36, w36Builder as b } from './w36-isa.js';

const source = `
        .org 4
        .word 0o1000000 + handler   ; the new PSW: executive mode,,PC
        .word 0o777777000000        ; protection,,relocation
        .org 0o20
start:  movel ac1, 0o777777777777   ; a 36-bit immediate, in the next word
        movei ac2, 5(ac0)
        add ac1, data(ac0)          ; 36-bit wrap: 0o777777777777 + 0o1000002 = 0o1000001
        movem ac1, res(ac0)
        hrrz ac3, data(ac0)
        hlrz ac4, data(ac0)
        hrli ac5, 0o123456(ac0)     ; 0o123456,,0
        hrri ac5, 0o654321(ac0)     ; 0o123456,,0o654321
        movei ac7, 0o377(ac0)       ; the console
        movei ac8, 72(ac0)
        movem ac8, 0(ac7)           ; 'H'
        movei ac8, 1(ac8)
        movem ac8, 0(ac7)           ; 'I'
        movei ac9, data(ac0)
        sub ac10, 0(ac9)            ; 0 - 0o1000002: a 36-bit negative number
        jrstf user(ac0)             ; the mode from AC 0's bit 18: user
handler: rdtime ac6
        rdtimh ac11
        halt
user:   addi ac2, 1(ac0)
        calli ac0, 7(ac0)
data:   .word 0o000001000002
res:    .word 0
`;
const program: Program = assemble(w36, source);
const cellsAt = (p: Program, at: number, n: number) => {
  const s = p.segments.find((x) => at >= x.place && at + n <= x.place + x.cells.length)!;
  return s.cells.slice(at - s.place, at - s.place + n).map(Number);
};
const octal = (v: number) => v.toString(8).padStart(12, '0');

describe('the assembler and disassembler on 36-bit cells', () => {
  test('one instruction is one 36-bit cell in the PDP-10 format: op 9, AC 4, I 1, X 4, Y 18', () => {
    // MOVE 1,1234(2) is 200042001234 on a PDP-10.
    expect(octal(Number(assemble(w36, '.org 0\nmove ac1, 0o1234(ac2)').segments[0]!.cells[0]!))).toBe('200042001234');
    expect(octal(cellsAt(program, 0o22, 1)[0]!)).toBe('201100000005');
    expect(decode(w36, [0o200042001234])?.fields).toEqual({ ac: 1, x: 2, y: 0o1234 });
  });

  test('a 36-bit immediate takes a second cell, after the opcode cell; .word takes any 36-bit value, negative ones in two\u2019s complement', () => {
    expect(cellsAt(program, 0o20, 2).map(octal)).toEqual(['051040000000', '777777777777']);
    expect(assemble(w36, '.org 0\n.word -1, 0o400000000000').segments[0]!.cells).toEqual([2 ** 36 - 1, 2 ** 35]);
    expect(() => assemble(w36, '.org 0\n.word 0o1000000000000')).toThrow(/does not fit in a 36-bit cell/);
    expect(() => assemble(w36, '.org 0\nmovel ac1, 0o1000000000000')).toThrow(/does not fit in the 36-bit unsigned field 'imm'/);
  });

  test('disassembly reads the program back, and assembling its text gives the same cells', () => {
    const code = cellsAt(program, 0o20, program.symbols.data! - 0o20);
    const lines = disassemble(w36, code, 0o20);
    expect(lines.slice(0, 3).map((l) => l.text)).toEqual(['movel ac1, 0xfffffffff', 'movei ac2, 5(ac0)', `add ac1, ${program.symbols.data}(ac0)`]);
    const again = assemble(w36, `.org 0o20\n${lines.map((l) => l.text).join('\n')}`);
    expect(again.segments[0]!.cells).toEqual(code);
  });
});

describe('the machine on 36-bit words and a 64-bit clock', () => {
  test('the compiled machine and the reference evaluator agree step by step', () => {
    const machine = new Machine(w36);
    loadProgram(program, machine);
    const ref = RefState.fromSnapshot(w36, machine.snapshot());
    for (let n = 0; n < 60 && !machine.halted; n++) {
      machine.step();
      const out = referenceFullStep(w36, ref);
      ref.apply(out.writes);
      expect(machine.snapshot(), `after step ${n + 1}`).toEqual(ref.toSnapshot(out.halted, n + 1));
    }
    expect(machine.halted).toBe(true);
  });

  test('36-bit arithmetic wraps at 2^36, halfwords move, and run() (compiled blocks) ends where step() does', () => {
    const m = new Machine(w36);
    loadProgram(program, m);
    expect(m.run().reason).toBe('halted');
    const ac = (i: number) => m.getFile('ac', i);
    expect(octal(ac(1))).toBe('000001000001');
    expect(octal(m.readCell(program.symbols.res!))).toBe('000001000001');
    expect([ac(3), ac(4)]).toEqual([2, 1]);
    expect(octal(ac(5))).toBe('123456654321');
    expect(octal(ac(10))).toBe('777776777776');
    expect(ac(2)).toBe(6);
    // The trap sequence saved user mode,,PC of the CALLI and the UUO's 36-bit value.
    expect(octal(m.readCell(0))).toBe(octal(program.symbols.user! + 1));
    expect([m.readCell(2), m.readCell(3)]).toEqual([4, 7]);
    expect(m.getRegWord('CLK')).toBe(BigInt(m.steps));
  });

  test('the 64-bit clock counts past 2^53 and wraps at 2^64 exactly, compiled and in the reference', () => {
    const m = new Machine(w36);
    loadProgram(program, m);
    m.setReg('CLK', 2n ** 64n - 5n);
    const ref = RefState.fromSnapshot(w36, m.snapshot());
    const steps = m.run().steps;
    for (let n = 0; n < steps; n++) ref.apply(referenceFullStep(w36, ref).writes);
    expect(m.getRegWord('CLK')).toBe(BigInt(steps) - 5n);
    expect(ref.reg('CLK')).toBe(BigInt(steps) - 5n);
    // RDTIME and RDTIMH read the low 36 and high 28 bits: here from 2^53 + 3, where a double rounds.
    const h = new Machine(w36);
    loadProgram(program, h);
    h.setReg('CLK', 2n ** 53n + 3n - BigInt(program.symbols.handler! - 0o20));
    h.run();
    expect(() => h.getReg('CLK')).toThrow(/getRegWord/);
    const clk = (BigInt(h.getFile('ac', 11)) << 36n) | BigInt(h.getFile('ac', 6));
    expect(clk - (2n ** 53n + 3n)).toBeGreaterThanOrEqual(0n);
    expect(clk & 1n).toBe(BigInt(h.getFile('ac', 6)) & 1n);
  });

  test('a trace line writes the clock above 2^53 as its decimal digits, below as a number', () => {
    const m = new Machine(w36);
    loadProgram(program, m);
    m.setReg('CLK', 2n ** 60n);
    const line = JSON.parse(traceLine(w36, m.step(), 0));
    expect(line.writes).toContainEqual({ kind: 'reg', name: 'CLK', value: String(2n ** 60n + 1n) });
    m.setReg('CLK', 7);
    expect(JSON.parse(traceLine(w36, m.step(), 1)).writes).toContainEqual({ kind: 'reg', name: 'CLK', value: 8 });
  });

  test('a store to the console cell prints', () => {
    const out: string[] = [];
    const r = runUnderMonitor(w36, program, { onOutput: (_, ch) => out.push(ch) });
    expect(r.guests[0]!.output).toBe('HI');
    expect(out.join('')).toBe('HI');
  });
});

describe('the monitor on 36-bit words and a 64-bit clock', () => {
  const bare = runBare(w36, program);
  for (const [hybrid, depth] of [[false, 1], [true, 1], [false, 2], [true, 2]] as const)
    test(`a guest that enters user mode and traps back ends as the bare run does (${hybrid ? 'hybrid' : 'trap-and-emulate'}${depth > 1 ? ', nested' : ''})`, () => {
      const r = runUnderMonitor(w36, program, { hybrid, depth });
      expect(bare.reason).toBe('halted');
      expect(r.reason).toBe('halted');
      expect(guestDifferences(w36, bare.state, r.guests[0]!.state)).toEqual([]);
      expect(r.guests[0]!.statistics.direct).toBeGreaterThan(0);
    });

  test('entering user mode with JRST 1 instead: the trap-and-emulate monitor loses the mode change (Theorem 1 fails), the hybrid one does not (Theorem 3)', () => {
    const jrst1 = assemble(w36, source.replace('jrstf user(ac0)', 'jrstu user(ac0)'));
    const bare1 = runBare(w36, jrst1);
    // JRST 1 runs directly in virtual executive mode: the real mode is already user, the virtual
    // mode stays executive, and the CALLI's trap saves executive mode (bit 18) in E[0].
    const plain = runUnderMonitor(w36, jrst1);
    expect(guestDifferences(w36, bare1.state, plain.guests[0]!.state).map((d) => d.what)).toEqual(['cell 0']);
    expect(Number(plain.guests[0]!.state.storage.find(([a]) => a === 0)![1]) - Number(bare1.state.storage.find(([a]) => a === 0)![1])).toBe(2 ** 18);
    expect(guestDifferences(w36, bare1.state, runUnderMonitor(w36, jrst1, { hybrid: true }).guests[0]!.state)).toEqual([]);
  });

  for (const depth of [1, 2])
    test(`a guest whose clock is above 2^53 keeps it exactly across traps and emulated reads (depth ${depth})`, () => {
      const start = 2n ** 60n + 12345n;
      const bareM = new Machine(w36, { storageCells: 256 });
      loadProgram(program, bareM);
      bareM.setReg('CLK', start);
      bareM.run();
      const guest = buildStack(w36, { guestCells: 256, depth }).guests[0]!;
      loadProgram(program, guest);
      guest.setReg('CLK', start);
      expect(guest.run().reason).toBe('halted');
      expect(guest.getRegWord('CLK')).toBe(start + BigInt(bareM.steps));
      expect(guest.snapshot()).toEqual(bareM.snapshot());
      expect(BigInt(guest.getFile('ac', 11))).toBe((start + BigInt(program.symbols.handler! - 0o20)) >> 36n);
    });
});

/** w36's basic instructions, JRST 1, and an unprivileged read of the clock's top bits (a timing dependency above 2^53). */
const rdtimu = b.insn('RDTIMU', {
  cite: 'test: an unprivileged read of the clock above bit 53', class: 'innocuous',
  encoding: '000101100 ac:4 00000000000000000000000', syntax: 'rdtimu {ac}',
  semantics: ({ ac }, $) => $.set(b.file('ac')(ac), zext(extract(b.reg('CLK'), 63, 54), 36)),
});
const keep = new Set(['MOVE', 'MOVEM', 'ADD', 'HRRZ', 'MOVEL', 'JRST1', 'JRSTF']);
const w36Small = extendIsa({ ...w36, instructions: w36.instructions.filter((i) => keep.has(i.mnemonic)) }, { name: 'w36-small', summary: 'w36 in part, and RDTIMU', add: [rdtimu] });

describe('the checker and the fuzzer on 36-bit words and a 64-bit clock', () => {
  test('JRST 1 alone breaks Theorem 1, Theorem 3 holds; a witness with the clock above 2^53 replays exactly from the report', async () => {
    const r = await checkIsa(w36Small);
    expect(r.theorems.map((t) => t.status)).toEqual(['fails', 'fails', 'holds']);
    expect(r.theorems[0]!.violators.map((v) => v.mnemonic)).toEqual(['JRST1']);
    for (const m of ['MOVE', 'MOVEM', 'ADD', 'HRRZ', 'MOVEL']) expect(r.instructions.find((i) => i.mnemonic === m)!.derived, m).toBe('innocuous');
    expect(r.instructions.find((i) => i.mnemonic === 'JRSTF')!.derived).toBe('privileged');
    const w = r.instructions.find((i) => i.mnemonic === 'RDTIMU')!.definitions['timing-dependent'].witness!;
    expect(w.replayed).toBe(true);
    const clocks = w.states.map((s) => BigInt(s.registers.CLK!));
    expect(clocks.some((v) => v >= 2n ** 54n)).toBe(true);
    // Above 2^53 - 1 a report writes the value's digits, not a rounded number.
    expect(w.states.some((s) => typeof s.registers.CLK === 'string')).toBe(true);
    expectLawfulReport(w36Small, r);
  }, 120_000);

  test('the fuzzer finds JRST 1 under the trap-and-emulate monitor', () => {
    const f = fuzzEquivalence(w36, { runs: 300 });
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.counterexample.culprit?.mnemonic).toBe('JRST1');
  });
});
