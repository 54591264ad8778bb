/**
 * Blocks past conditional branches (superblocks: a taken branch leaves, or loops back to the top)
 * and forward across jumps whose target is known, and state a compiled block keeps out of the register array or remembers between runs:
 *   - the timing registers, advanced once per block (at the exit, and before an instruction that
 *     reads or writes them) rather than once per instruction;
 *   - the run loop's memory that a block's fetch checks passed with this PC and these values of
 *     the address map's registers (compile-block.ts, CompileContext.fetchMemo).
 * Each is checked against step() (single instructions, no memory) and the reference machine.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tiering } from '../../machine/code-cache.js';
import { Machine, type MachineSnapshot } from '../../machine/index.js';
import { encode, toCells } from '../../spec/encoding.js';
import { rv32 } from '../../spec/isa/index.js';
import { pg74 } from '../../spec/isa/pg74.js';
import { feat, feat16, I, machineRun, ORIGIN, referenceRun } from './feature-isa.js';

const MAX = 0xffffffff;

// These are about blocks: compiled at the first entry, not after runs in the cold tier (tiering.test.ts).
const savedTiering = tiering.runs;
beforeAll(() => {
  tiering.runs = 1;
});
afterAll(() => {
  tiering.runs = savedTiering;
});

/** run(k), k step()s and k reference steps from `snap` agree, for every k up to `upTo`. */
function agreeAtEveryBudget(snap: MachineSnapshot, upTo: number): void {
  for (let k = 1; k <= upTo; k++) {
    const expected = referenceRun(feat16, snap, k);
    expect(machineRun('run', feat16, snap, k), `run(${k})`).toEqual(expected);
    expect(machineRun('step', feat16, snap, k), `${k} steps`).toEqual(expected);
  }
}

/**
 * A machine brought to a state by `prepare` (which runs it, so that it remembers things), then
 * run(k): the same as k reference steps from that state, for every k up to `upTo`.
 */
function agreeAfter(prepare: () => Machine, upTo: number): void {
  const snap = prepare().snapshot();
  for (let k = 1; k <= upTo; k++) {
    const m = prepare();
    m.run(k);
    expect(m.snapshot(), `run(${k})`).toEqual(referenceRun(feat16, snap, k).state);
  }
}

describe('timing advanced per block', () => {
  // A loop that reads the clock in the middle of its block, which branches to itself (the block
  // loops in place): r3 sums the clock's low halves, r1 counts down.
  const loop = [
    ...I('LIW', { ra: 0, imm: 0xffff }),
    ...I('LDI', { ra: 1, imm: 6 }),
    ...I('NOP'), // top
    ...I('RDC', { ra: 2, h: 0 }),
    ...I('ADD', { ra: 3, rb: 2 }),
    ...I('ADD', { ra: 1, rb: 0 }),
    ...I('JNZ', { ra: 1, rel: -4 & 0xff }),
    ...I('RDC', { ra: 2, h: 1 }),
    ...I('HALT'),
  ];

  test('a clock read in the middle of a block that loops in place sees every step, at every budget', () => {
    const m = feat(loop);
    m.setReg('M', 1);
    const snap = m.snapshot();
    // 2 + 6 passes of 5 + RDC + HALT = 34 steps; the clock reads 2 + 1 + 5i in pass i.
    expect(m.run()).toEqual({ reason: 'halted', steps: 34 });
    expect(m.getFile('r', 3)).toBe([0, 1, 2, 3, 4, 5].reduce((s, i) => s + 3 + 5 * i, 0));
    expect(m.getReg('CYC')).toBe(34);
    agreeAtEveryBudget(snap, 35);
  });

  test('near the wrap, the carry into the high half lands at the step where the low half wraps, in the middle of a pass', () => {
    const m = feat(loop);
    m.setReg('M', 1);
    m.setReg('CYC', MAX - 12);
    m.setReg('CYCH', 7);
    const snap = m.snapshot();
    expect(m.run().reason).toBe('halted');
    expect([m.getReg('CYC'), m.getReg('CYCH'), m.getFile('r', 2)]).toEqual([34 - 13, 8, 8]);
    agreeAtEveryBudget(snap, 35);
  });

  test('a trap in the middle of a block leaves the clock at the instructions before it', () => {
    // The third instruction loads outside the read limit: the trap sequence saves state and the
    // handler (the program again, M set) runs on.
    const code = [...I('NOP'), ...I('NOP'), ...I('LD', { ra: 1, rb: 2 }), ...I('NOP'), ...I('HALT')];
    const m = feat(code);
    m.setReg('RL', 0x40);
    m.setFile('r', 2, 0x50);
    m.setReg('CYC', 100);
    const snap = m.snapshot();
    m.run(3);
    expect(m.getReg('CYC')).toBe(103); // two NOPs, and the trapping step (advanced with the trap sequence)
    agreeAtEveryBudget(snap, 12);
  });

  test('rv32: csrr of mcycle and minstret inside a block reads the count of the instructions before it', () => {
    const m = new Machine(rv32);
    const enc = (mnemonic: string, fields: Record<string, number>) => {
      const i = rv32.instructions.find((x) => x.mnemonic === mnemonic)!;
      return toCells(encode(i, fields), i.encoding, rv32.state.storage);
    };
    const code = [
      ...enc('ADDI', { rd: 1, rs1: 0, imm: 1 }),
      ...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }),
      ...enc('CSRRS.mcycle', { rd: 5, rs1: 0 }),
      ...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }),
      ...enc('CSRRS.minstret', { rd: 6, rs1: 0 }),
      ...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }),
    ];
    m.loadCells(0, code);
    m.setReg('mcycle', MAX - 2);
    m.setReg('minstret', 40);
    expect(m.run(6).steps).toBe(6);
    expect([m.getFile('x', 5), m.getFile('x', 6)]).toEqual([MAX, 44]);
    expect([m.getReg('mcycle'), m.getReg('mcycleh'), m.getReg('minstret')]).toEqual([3, 1, 46]);
  });
});

describe('the fetch checks a block skips when the run loop remembers them passing', () => {
  // Four NOPs and a jump back: one block of seven (the HALT is never reached), entered again and
  // again at the same PC. Budgets of seven and more run it as a block.
  const spin = [...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('NOP'), ...I('LDI', { ra: 1, imm: 1 }), ...I('JNZ', { ra: 1, rel: -5 & 0xff }), ...I('HALT')];

  // A budget of at least a block's length runs the block, not single instructions.
  test('a fetch limit lowered between runs faults at the first instruction past it, though the block passed its checks before', () => {
    const prepare = () => {
      const m = feat(spin);
      m.run(30); // the block's checks pass, and are remembered, with XL = 0xff
      m.setReg('XL', ORIGIN + 2); // the fourth NOP is no longer fetchable
      m.setReg('PC', ORIGIN);
      return m;
    };
    const m = prepare();
    m.run(8);
    expect(m.readCells(0, 3)).toEqual([ORIGIN + 3, 1, ORIGIN + 3]); // saved PC, the fetch fault's code, its value
    agreeAfter(prepare, 12);
  });

  test('the same physical block reached at another PC is checked at that PC', () => {
    const prepare = () => {
      const m = feat(spin);
      m.run(30); // remembered at PC = ORIGIN, OFF = 0
      // PC - 0x10 with OFF = 0x10 is the same physical cell; the limit leaves its fourth instruction out.
      m.setReg('OFF', 0x10);
      m.setReg('PC', ORIGIN - 0x10);
      m.setReg('XL', ORIGIN - 0x10 + 2);
      return m;
    };
    const m = prepare();
    m.run(8);
    expect(m.readCells(0, 2)).toEqual([ORIGIN - 0x10 + 3, 1]);
    agreeAfter(prepare, 12);
  });

  test('an instruction whose second cell faults on fetch faults again in the same state (a fault is not remembered as a pass)', () => {
    const m = feat([...I('LIW', { ra: 1, imm: 0x1234 }), ...I('HALT')]);
    const again = () => {
      for (const [name, v] of [['M', 0], ['IE', 0], ['XL', ORIGIN], ['RL', 0xff], ['WB', 0], ['OFF', 0], ['PC', ORIGIN]] as const) m.setReg(name, v);
      m.loadCells(0, [0, 0, 0]);
      m.run(1);
      expect([m.readCells(0, 3), m.getReg('PC'), m.getFile('r', 1)]).toEqual([[ORIGIN, 1, ORIGIN], 0x80, 0]);
    };
    again();
    again();
  });

  test('code replaced through the API, or after reset(), at a PC the run loop remembers runs as replaced', () => {
    const prepare = (how: 'load' | 'reset') => () => {
      const m = feat(spin);
      m.run(30); // the block at ORIGIN is remembered by PC
      if (how === 'reset') {
        m.reset();
        m.loadCells(4, [0x80]);
      }
      // The third NOP becomes LDI r2, 9.
      m.loadCells(ORIGIN, [...(how === 'reset' ? spin : []).slice(0, 2)]);
      m.loadCells(ORIGIN + (how === 'reset' ? 2 : 2), I('LDI', { ra: 2, imm: 9 }));
      if (how === 'reset') m.loadCells(ORIGIN + 3, spin.slice(3));
      m.setReg('PC', ORIGIN);
      return m;
    };
    for (const how of ['load', 'reset'] as const) {
      const m = prepare(how)();
      m.run(6);
      expect(m.getFile('r', 2), how).toBe(9);
      agreeAfter(prepare(how), 8);
    }
  });

  test('a block whose store rewrites its own first instruction is not remembered, and runs rewritten', () => {
    // STD writes r0 to ORIGIN - 1 and r1 (0, a NOP) over the ADD at ORIGIN; JNZ goes back to it.
    const code = [...I('ADD', { ra: 0, rb: 2 }), ...I('STD', { ra: 0, rb: 2 }), ...I('JNZ', { ra: 2, rel: -2 & 0xff }), ...I('HALT')];
    const prepare = () => {
      const m = feat(code);
      m.setFile('r', 2, ORIGIN - 1);
      return m;
    };
    const m = prepare();
    m.run(12);
    expect(m.getFile('r', 0)).toBe(ORIGIN - 1); // one ADD, then NOPs
    agreeAfter(prepare, 12);
  });

  test('rv32: a PMP region shrunk by the API under a block that ran in user mode', () => {
    const enc = (mnemonic: string, fields: Record<string, number>) => {
      const i = rv32.instructions.find((x) => x.mnemonic === mnemonic)!;
      return toCells(encode(i, fields), i.encoding, rv32.state.storage);
    };
    const base = 0x8000_0000; // physical 0
    const m = new Machine(rv32);
    // Three ADDIs and a jump back to the first.
    m.loadCells(0, [...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }), ...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }), ...enc('ADDI', { rd: 1, rs1: 1, imm: 1 }), ...enc('JAL', { rd: 0, off: -12 & 0x1fffff })]);
    m.loadCells(0x100, enc('JAL', { rd: 0, off: 0 }));
    m.setReg('pc', base);
    m.setReg('mtvec', base + 0x100);
    m.setReg('mode', 0); // U
    m.setReg('pmpaddr0', (base + 0x1000) >>> 2);
    m.setReg('pmpcfg0', 0x0f); // TOR, R W X: [0, base + 0x1000)
    m.run(40);
    expect(m.getReg('mode')).toBe(0);
    expect(m.getFile('x', 1)).toBe(30);
    m.setReg('pc', base);
    m.setReg('pmpaddr0', (base + 8) >>> 2); // the third ADDI is outside the region now
    m.run(6);
    // Two ADDIs, the fetch fault (cause 1), and three steps of the handler, a jump to itself.
    expect([m.getReg('mode'), m.getReg('mepc'), m.getReg('mcause'), m.getReg('pc')]).toEqual([3, base + 8, 1, base + 0x100]);
    expect(m.getFile('x', 1)).toBe(32);
  });
});

describe('superblocks: blocks that go on past a branch not taken', () => {
  test('a branch back to the top in the middle of a block loops in place, at every budget', () => {
    const code = [
      ...I('LIW', { ra: 0, imm: 0xffff }),
      ...I('LDI', { ra: 1, imm: 5 }),
      ...I('ADD', { ra: 1, rb: 0 }), // top: r1 -= 1
      ...I('JNZ', { ra: 1, rel: -1 & 0xff }), // back to top while r1 != 0; then on in the same block
      ...I('RDC', { ra: 2, h: 0 }),
      ...I('ADD', { ra: 3, rb: 2 }),
      ...I('HALT'),
    ];
    const m = feat(code);
    m.setReg('M', 1);
    const snap = m.snapshot();
    expect(m.run()).toEqual({ reason: 'halted', steps: 2 + 10 + 3 });
    expect(m.getFile('r', 3)).toBe(12);
    agreeAtEveryBudget(snap, 16);
  });

  test('a store past a branch not taken rewrites the next instruction of the same block, which then runs rewritten', () => {
    const target = ORIGIN + 6;
    const code = [
      ...I('LDI', { ra: 1, imm: 0 }),
      ...I('LIW', { ra: 2, imm: I('LDI', { ra: 3, imm: 7 })[0]! }),
      ...I('LDI', { ra: 0, imm: target }),
      ...I('JNZ', { ra: 1, rel: 2 }), // not taken
      ...I('ST', { ra: 2, rb: 0 }),
      ...I('LDI', { ra: 3, imm: 1 }), // at `target`: overwritten by the store before it runs
      ...I('HALT'),
    ];
    expect(code.length).toBe(target - ORIGIN + 2);
    const prepare = () => {
      const m = feat(code);
      m.setReg('M', 1);
      return m;
    };
    const m = prepare();
    expect(m.run()).toEqual({ reason: 'halted', steps: 7 });
    expect(m.getFile('r', 3)).toBe(7);
    agreeAfter(prepare, 8);
  });
});

describe('a long block that runs into cells it may not fetch', () => {
  test('a loop at the end of the fetch limit runs, then faults at the first cell past it, at every budget', () => {
    // The superblock at `top` goes on past the JNZ into a cell past XL: its checks fail, and it
    // becomes a basic block (CodeCache.demote), which loops until the fall-through faults.
    const code = [...I('LIW', { ra: 0, imm: 0xffff }), ...I('LDI', { ra: 1, imm: 4 }), ...I('ADD', { ra: 1, rb: 0 }), ...I('JNZ', { ra: 1, rel: -1 & 0xff }), ...I('NOP'), ...I('NOP')];
    const m = feat(code);
    m.setReg('XL', ORIGIN + 4);
    const snap = m.snapshot();
    expect(m.run(2 + 8 + 1).steps).toBe(11);
    expect(m.readCells(0, 3)).toEqual([ORIGIN + 5, 1, ORIGIN + 5]);
    agreeAtEveryBudget(snap, 14);
  });
});

describe('blocks that go on at the target of a jump', () => {
  const P = (mnemonic: string, fields: Record<string, number> = {}) => {
    const i = pg74.instructions.find((x) => x.mnemonic === mnemonic)!;
    return toCells(encode(i, fields), i.encoding, pg74.state.storage);
  };
  const at = (m: Machine, place: number, cells: number[]) => m.loadCells(place, cells);

  test('an absolute jump followed for the PC the block was built at leaves the block when the same cells run at another PC', () => {
    const m = new Machine(pg74);
    at(m, 16, [...P('LDI', { ra: 1, imm: 1 }), ...P('JMP', { target: 24 })]);
    at(m, 24, [...P('LDI', { ra: 2, imm: 5 }), ...P('HALT')]);
    at(m, 32, [...P('LDI', { ra: 2, imm: 9 }), ...P('HALT')]);
    m.setReg('PC', 16);
    expect(m.run()).toEqual({ reason: 'halted', steps: 4 });
    expect(m.getFile('r', 2)).toBe(5);
    // The same physical block, entered at virtual 8 with relocation 8: JMP 24 now goes to physical 32.
    m.resetRegisters();
    m.setReg('L', 8);
    m.setReg('PC', 8);
    expect(m.run()).toEqual({ reason: 'halted', steps: 4 });
    expect(m.getFile('r', 2)).toBe(9);
  });

  test('the same when the target is the next cell for the PC the block was built at', () => {
    const m = new Machine(pg74);
    at(m, 16, [...P('JMP', { target: 17 }), ...P('LDI', { ra: 2, imm: 5 }), ...P('HALT')]);
    at(m, 25, [...P('LDI', { ra: 2, imm: 9 }), ...P('HALT')]);
    m.setReg('PC', 16);
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(m.getFile('r', 2)).toBe(5);
    m.resetRegisters();
    m.setReg('L', 8);
    m.setReg('PC', 8); // physical 16; JMP 17 goes to physical 25
    expect(m.run()).toEqual({ reason: 'halted', steps: 3 });
    expect(m.getFile('r', 2)).toBe(9);
  });

  test('a store before a followed jump that rewrites the jump target runs the rewritten instruction', () => {
    const code = [...P('LD', { ra: 5, rb: 0, off: 40 }), ...P('ST', { ra: 5, rb: 0, off: 24 }), ...P('JMP', { target: 24 })];
    const prepare = () => {
      const m = new Machine(pg74);
      at(m, 16, code);
      at(m, 24, [...P('LDI', { ra: 2, imm: 5 }), ...P('HALT')]);
      at(m, 40, P('LDI', { ra: 2, imm: 9 }));
      m.setReg('PC', 16);
      return m;
    };
    const m = prepare();
    expect(m.run()).toEqual({ reason: 'halted', steps: 5 });
    expect(m.getFile('r', 2)).toBe(9);
    const snap = prepare().snapshot();
    for (let k = 1; k <= 6; k++) {
      const r = prepare();
      r.run(k);
      expect(r.snapshot(), `run(${k})`).toEqual(referenceRun(pg74, snap, k).state);
    }
  });

  test('rv32: a JAL forward is followed, and a trap after it reports the instruction at the target', () => {
    const enc = (mnemonic: string, fields: Record<string, number>) => {
      const i = rv32.instructions.find((x) => x.mnemonic === mnemonic)!;
      return toCells(encode(i, fields), i.encoding, rv32.state.storage);
    };
    const m = new Machine(rv32);
    m.loadCells(0, [...enc('ADDI', { rd: 1, rs1: 0, imm: 3 }), ...enc('JAL', { rd: 5, off: 16 })]);
    m.loadCells(20, [...enc('ADDI', { rd: 2, rs1: 1, imm: 4 }), 0, 0, 0, 0]); // then an illegal word
    m.setReg('pc', 0x8000_0000);
    m.setReg('mtvec', 0x8000_0100);
    m.loadCells(0x100, enc('JAL', { rd: 0, off: 0 }));
    expect(m.run(4).steps).toBe(4);
    expect([m.getFile('x', 1), m.getFile('x', 2), m.getFile('x', 5)]).toEqual([3, 7, 0x8000_0008]);
    expect([m.getReg('mepc'), m.getReg('mcause')]).toEqual([0x8000_0018, 2]);
  });
});
