/**
 * m68000 and m68010 on the emulator: the assembler writes the 68000's own words; the status
 * register, the banked A7 and the exception frames behave as the manuals say, in supervisor and
 * user mode; each system instruction traps in user mode (MOVE from SR only on the 68010); and the
 * example kernel runs bare on both.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, disassemble, loadProgram } from '../../../asm/index.js';
import { Machine } from '../../../machine/index.js';
import type { IsaDescription } from '../../../spec/index.js';
import { m68000, m68010 } from '../../../spec/isa/index.js';

const words = (isa: IsaDescription, line: string) => {
  const cells = assemble(isa, `.org 0x800\n${line}`).segments[0]!.cells as number[];
  return Array.from({ length: cells.length / 2 }, (_, i) => (cells[2 * i]! << 8) | cells[2 * i + 1]!);
};

/** A machine with `source` at 0x800, vectors 4, 8, 14 and 32-47 pointing at `handler` (a STOP), SSP 0x3000, USP 0x2000. */
function machine(isa: IsaDescription, source: string, mode: 'supervisor' | 'user' = 'supervisor'): Machine {
  const vectors = [4, 8, 14, ...Array.from({ length: 16 }, (_, n) => 32 + n)].map((v) => `.org ${v * 4}\n.long handler`).join('\n');
  const program = assemble(isa, `${vectors}\n.org 0x800\n${source}\nhandler: stop #0x2700\n`);
  const m = new Machine(isa);
  loadProgram(program, m);
  m.setFile('A', 7, 0x3000);
  m.setReg('USP', 0x2000);
  if (mode === 'user') {
    m.setReg('SR.S', 0);
    m.setReg('SR.I', 0);
    m.setFile('A', 7, 0x2000);
    m.setReg('SSP', 0x3000);
  }
  return m;
}
const word = (m: Machine, a: number) => (m.readCell(a) << 8) | m.readCell(a + 1);
const long = (m: Machine, a: number) => word(m, a) * 0x10000 + word(m, a + 2);

describe('the assembler writes the 68000’s instruction words', () => {
  test.each([
    ['move.l d0, d1', [0x2200]],
    ['move.l a0, d1', [0x2208]],
    ['move.l #0x12345678, d0', [0x203c, 0x1234, 0x5678]],
    ['move.b d0, (0x400).w', [0x11c0, 0x0400]],
    ['move.w sr, d0', [0x40c0]],
    ['move.w d0, sr', [0x46c0]],
    ['move.w #0x2700, sr', [0x46fc, 0x2700]],
    ['move.l a0, usp', [0x4e60]],
    ['move.l usp, a1', [0x4e69]],
    ['andi.w #0xdfff, sr', [0x027c, 0xdfff]],
    ['ori.b #1, ccr', [0x003c, 0x0001]],
    ['lea (0x1000).l, a0', [0x41f9, 0x0000, 0x1000]],
    ['move.l (4, a6), d2', [0x242e, 0x0004]],
    ['move.l d3, -(sp)', [0x2f03]],
    ['trap #15', [0x4e4f]],
    ['rte', [0x4e73]],
    ['stop #0x2000', [0x4e72, 0x2000]],
    ['moveq #-1, d7', [0x7eff]],
    ['bra .', [0x6000, 0xfffe]],
    ['beq . + 6', [0x6700, 0x0004]],
  ])('%s', (line, expected) => expect(words(m68000, line)).toEqual(expected));

  test('the 68010’s additions', () => {
    expect(words(m68010, 'move.w ccr, d0')).toEqual([0x42c0]);
    expect(words(m68010, 'movec vbr, d1')).toEqual([0x4e7a, 0x1801]);
    expect(words(m68010, 'movec a2, usp')).toEqual([0x4e7b, 0xa800]);
    expect(words(m68010, 'moves.l (a0), d1')).toEqual([0x0e90, 0x1000]);
    expect(words(m68010, 'rtd #8')).toEqual([0x4e74, 0x0008]);
    expect(() => assemble(m68000, 'move.w ccr, d0')).toThrow();
  });

  test('disassembly reads the words back, branch targets counted from PC + 2', () => {
    const p = assemble(m68000, '.org 0x800\nloop: move.l (a0)+, d1\nbne loop\nmove.w sr, -(a7)');
    expect(disassemble(m68000, p.segments[0]!.cells, 0x800).map((l) => l.text)).toEqual(['move.l (a0)+, d1', 'bne 0x800', 'move.w sr, -(sp)']);
  });
});

describe('ordinary instructions', () => {
  test('ADD sets X and C on a carry, V on a signed overflow; byte stores go high byte first', () => {
    const m = machine(m68000, 'move.l #0xffffffff, d0\nadd.l #1, d0\nmove.l #0x7fffffff, d1\nadd.l #1, d1\nmove.l #0x11223344, d2\nmovea.l #0x1000, a0\nmove.l d2, (a0)\nstop #0x2700');
    const flags = () => ['X', 'N', 'Z', 'V', 'C'].map((f) => m.getReg(`SR.${f}`));
    m.step();
    m.step();
    expect([m.getFile('D', 0), ...flags()]).toEqual([0, 1, 0, 1, 0, 1]);
    m.step();
    m.step();
    expect([m.getFile('D', 1), ...flags()]).toEqual([0x80000000, 0, 1, 0, 1, 0]);
    m.run(100);
    expect([0, 1, 2, 3].map((i) => m.readCell(0x1000 + i))).toEqual([0x11, 0x22, 0x33, 0x44]);
  });

  test('BSR and RTS, LINK and UNLK use A7', () => {
    const m = machine(m68000, 'bsr sub\nstop #0x2700\nsub: link a6, #-8\nunlk a6\nrts');
    m.run(100);
    expect(m.halted).toBe(true);
    expect(m.getFile('A', 7)).toBe(0x3000);
  });
});

describe('the status register and the stack pointers', () => {
  test('MOVE to SR leaving supervisor mode saves A7 as SSP and makes USP active', () => {
    const m = machine(m68000, 'moveq #0, d0\nmove.w d0, sr\nnop');
    m.step();
    m.step();
    expect([m.getReg('SR.S'), m.getFile('A', 7), m.getReg('SSP')]).toEqual([0, 0x2000, 0x3000]);
  });

  test('MOVE to CCR in user mode changes the condition codes only', () => {
    const m = machine(m68000, 'move.w #0xffff, ccr', 'user');
    m.step();
    expect(['X', 'N', 'Z', 'V', 'C', 'S', 'I'].map((f) => m.getReg(`SR.${f}`))).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  test('a TRAP from user mode: supervisor mode, the SSP, and the three-word frame with the next PC (68000)', () => {
    const m = machine(m68000, 'move.w #0x1f, ccr\ntrap #3', 'user');
    m.step();
    m.step();
    const sp = 0x3000 - 6;
    expect([m.getReg('SR.S'), m.getFile('A', 7), m.getReg('USP')]).toEqual([1, sp, 0x2000]);
    expect([word(m, sp), long(m, sp + 2)]).toEqual([0x001f, 0x806]);
    expect(m.getReg('PC')).toBe(long(m, 35 * 4));
  });

  test('the 68010 adds the format/vector-offset word and fetches the vector from VBR', () => {
    const m = machine(m68010, 'trap #3', 'user');
    m.setReg('VBR', 0x100);
    m.loadCells(0x100 + 35 * 4, [0, 0, 0x0a, 0]);
    m.step();
    const sp = 0x3000 - 8;
    expect([word(m, sp), long(m, sp + 2), word(m, sp + 6)]).toEqual([0x0000, 0x802, 35 * 4]);
    expect(m.getReg('PC')).toBe(0x0a00);
  });

  test('RTE restores SR and PC and swaps back to the user stack; the 68010 takes the format error on an unknown format', () => {
    for (const [isa, frame] of [[m68000, [0, 0, 0, 0, 0x0a, 0]], [m68010, [0, 0, 0, 0, 0x0a, 0, 0, 0]]] as const) {
      const m = machine(isa, 'rte');
      m.loadCells(0x3000, [...frame]);
      m.step();
      expect([m.getReg('SR.S'), m.getReg('PC'), m.getFile('A', 7), m.getReg('SSP')], isa.name).toEqual([0, 0x0a00, 0x2000, 0x3000 + frame.length]);
    }
    const m = machine(m68010, 'rte');
    m.loadCells(0x3000, [0, 0, 0, 0, 0x0a, 0, 0x80, 0]);
    m.step();
    expect(m.getReg('PC')).toBe(long(m, 14 * 4));
  });
});

describe('system instructions in user mode', () => {
  const privileged = ['move.w d0, sr', 'move.w #0, sr', 'andi.w #0, sr', 'eori.w #0, sr', 'ori.w #0, sr', 'move.l a0, usp', 'move.l usp, a0', 'rte', 'stop #0', 'reset'];
  const trapsInUser = (isa: IsaDescription, line: string) => {
    const m = machine(isa, line, 'user');
    const r = m.step();
    return [r.trap?.name, m.getReg('SR.S')];
  };
  test.each(privileged)('%s takes the privilege violation on both', (line) => {
    expect(trapsInUser(m68000, line)).toEqual(['privilege', 1]);
    expect(trapsInUser(m68010, line)).toEqual(['privilege', 1]);
  });
  test.each(['move.w sr, d0', 'move.w sr, (a0)', 'move.w sr, -(a0)'])('%s reads the whole SR in user mode on the 68000, traps on the 68010', (line) => {
    const m = machine(m68000, line, 'user');
    m.setReg('SR.I', 5);
    m.setFile('A', 0, 0x1000);
    m.step();
    expect(m.getReg('SR.S')).toBe(0);
    expect(line.endsWith('d0') ? m.getFile('D', 0) : word(m, line.includes('-') ? 0xffe : 0x1000)).toBe(0x0500);
    expect(trapsInUser(m68010, line)).toEqual(['privilege', 1]);
  });
  test.each(['movec vbr, d0', 'movec d0, sfc', 'moves.l (a0), d0', 'moves.b d0, (a0)'])('%s (68010) takes the privilege violation', (line) => {
    expect(trapsInUser(m68010, line)).toEqual(['privilege', 1]);
  });
  test('MOVE from CCR (68010) reads the condition codes only, in user mode', () => {
    const m = machine(m68010, 'move.w ccr, d0', 'user');
    m.setReg('SR.I', 5);
    m.setReg('SR.Z', 1);
    m.step();
    expect(m.getFile('D', 0)).toBe(0x0004);
  });
  test('in supervisor mode they run: MOVEC to VBR, MOVE USP', () => {
    const m = machine(m68010, 'movea.l #0x4000, a1\nmovec a1, vbr\nmove.l a1, usp\nmove.l usp, a2');
    m.run(4);
    expect([m.getReg('VBR'), m.getReg('USP'), m.getFile('A', 2)]).toEqual([0x4000, 0x4000, 0x4000]);
  });
});

describe('the example kernel, bare', () => {
  const source = readFileSync(new URL('../../../examples/m68k/os.s', import.meta.url), 'utf8');
  test.each([
    ['m68000', m68000, 'boot s\nhello\n!u\nbye\n'],
    ['m68010', m68010, 'boot s\nhello\n!!u\nbye\n'],
  ] as const)('%s prints through the console and stops', (_name, isa, expected) => {
    const m = new Machine(isa);
    loadProgram(assemble(isa, source), m);
    let out = '';
    m.watchStores(0x400, 1, (_, mm) => (out += String.fromCharCode(mm.readCell(0x400))));
    expect(m.run(10_000).reason).toBe('halted');
    expect(out).toBe(expected);
  });
});
