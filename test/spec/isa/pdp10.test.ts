/**
 * pdp10 (the KA10) on the emulator: the assembler writes the PDP-10's own instruction words; the
 * accumulators are storage locations 0-17; the flags, the JRST family, the UUOs, the I/O
 * instructions and the KT10A relocation behave as the manual says in executive and user mode;
 * every system instruction traps in user mode without User I/O (and the I/O ones run with it);
 * and the example monitor runs bare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../../asm/index.js';
import { Machine } from '../../../machine/index.js';
import { pdp10 } from '../../../spec/isa/index.js';

const octal = (v: number) => v.toString(8).padStart(12, '0');
const word = (line: string) => octal(Number(assemble(pdp10, `.org 0o1000\n${line}`).segments[0]!.cells[0]!));

const USER = 1 << 12; // FLAGS.USER within the PC word's left half
const USERIO = 1 << 11;
const lr = (l: number, r: number) => l * 2 ** 18 + r;

interface Setup {
  user?: boolean;
  userIo?: boolean;
  /** PL, RL, PH, RH, WP; default: the low segment is all of storage, unrelocated. */
  map?: { PL?: number; RL?: number; PH?: number; RH?: number; WP?: number };
}

/**
 * A machine with `source` at 1000 and the trap locations set as a monitor sets them: 41 is JSR
 * 100 (the MUUO handler stores the PC word at 100 and halts at 101), 42 is JSR 110 (the
 * protection-violation handler, halting at 111).
 */
function machine(source: string, setup: Setup = {}): Machine {
  const program = assemble(
    pdp10,
    `.org 0o41\njsr ac0, 0o100(ac0)\njsr ac0, 0o110(ac0)\n.org 0o101\nhalt 0(ac0)\n.org 0o111\nhalt 0(ac0)\n.org 0o1000\n${source}\n`,
  );
  const m = new Machine(pdp10);
  loadProgram(program, m);
  const map = { PL: 0o377, RL: 0, PH: 0, RH: 0, WP: 0, ...setup.map };
  for (const [r, v] of Object.entries(map)) m.setReg(r, v);
  if (setup.user) m.setReg('FLAGS.USER', 1);
  if (setup.userIo) m.setReg('FLAGS.USERIO', 1);
  return m;
}

/** Runs to the halt and says where it stopped: in a trap handler or at the program's own halt. */
function runToHalt(m: Machine) {
  expect(m.run(1000).reason).toBe('halted');
  return { muuo: m.readCell(0o40), savedPcWord: m.readCell(0o100), mpvPcWord: m.readCell(0o110) };
}

describe('the assembler writes the PDP-10’s instruction words (op 9, AC 4, I 1, X 4, Y 18)', () => {
  test.each([
    ['move ac1, 0o1234(ac2)', '200042001234'],
    ['movei ac3, 5(ac0)', '201140000005'],
    ['hrrzi ac1, 0o777777(ac0)', '551040777777'],
    ['pushj p, 0o2000(ac0)', '260740002000'],
    ['popj p, 0(ac0)', '263740000000'],
    ['jsr ac0, 0o100(ac0)', '264000000100'],
    ['jrst 0o1000(ac0)', '254000001000'],
    ['jrst1 0o1000(ac0)', '254040001000'],
    ['jrstf 0(ac12)', '254114000000'],
    ['halt 0(ac0)', '254200000000'],
    ['jen 0o300(ac0)', '254500000300'],
    ['calli ac0, 1(ac0)', '047000000001'],
    ['muuo060 3, ac2, 5(ac0)', '063100000005'],
    ['luuo020 1, ac1, 0o200(ac0)', '021040000200'],
    ['datao apr, 0o100(ac0)', '700140000100'],
    ['coni apr, 0o100(ac0)', '700240000100'],
    ['cono pi, 0o2377(ac0)', '700600002377'],
    ['datao tty, 3(ac0)', '712140000003'],
    ['consz tty, 0o10(ac0)', '712300000010'],
    ['tlne ac2, 0o10000(ac0)', '603100010000'],
  ])('%s is %s', (line, expected) => expect(word(line)).toBe(expected));
});

describe('the accumulators are storage locations 0-17', () => {
  test('a memory operand below 20 is the accumulator, in both modes and before relocation; storage 0-17 is untouched', () => {
    for (const user of [false, true]) {
      const m = machine('move ac1, 3(ac0)\nmovem ac1, 5(ac0)\nmovei ac7, 0o20(ac0)\nmovem ac1, 0(ac7)\nhalt 0(ac0)', { user, map: { RL: 4 } });
      if (user) m.loadCells(0o11000, m.readCells(0o1000, 5));
      m.setFile('ac', 3, 0o123456654321);
      m.step();
      m.step();
      expect(octal(m.getFile('ac', 1))).toBe('123456654321');
      expect(octal(m.getFile('ac', 5))).toBe('123456654321');
      expect([m.readCell(3), m.readCell(5)]).toEqual([0, 0]);
      // Location 20 is storage: relocated by RL (4 blocks = 10000) in user mode only.
      m.step();
      m.step();
      expect(m.readCell(user ? 0o10020 : 0o20)).toBe(0o123456654321);
    }
  });
});

describe('the flags and the JRST family', () => {
  test('ADD sets CRY1 and AROV on overflow, CRY0 and CRY1 on a carry out without overflow; JFCL tests and clears them', () => {
    const m = machine('movsi ac1, 0o377777(ac0)\nhrri ac1, 0o777777(ac0)\naddi ac1, 1(ac0)\nhalt 0(ac0)');
    runToHalt(m);
    expect([m.getReg('FLAGS.AROV'), m.getReg('FLAGS.CRY0'), m.getReg('FLAGS.CRY1')]).toEqual([1, 0, 1]);
    expect(octal(m.getFile('ac', 1))).toBe('400000000000');
    const n = machine('seto ac1, 0(ac0)\naddi ac1, 1(ac0)\njfcl 0o10, 0o1010(ac0)\njfcl 4, 0o1010(ac0)\nhalt 0(ac0)\n.org 0o1010\nhalt 0(ac0)');
    runToHalt(n);
    expect(n.getFile('ac', 1)).toBe(0);
    // JFCL 10 (AROV: clear) does not jump; JFCL 4 (CRY0: set) jumps to 1010 and clears CRY0.
    expect(n.getReg('PC')).toBe(0);
    expect([n.getReg('FLAGS.AROV'), n.getReg('FLAGS.CRY0'), n.getReg('FLAGS.CRY1')]).toEqual([0, 0, 1]);
  });

  test('JRST 1 enters user mode from executive mode, and in user mode only jumps (no trap)', () => {
    const m = machine('jrst1 0o1010(ac0)');
    m.step();
    expect([m.getReg('FLAGS.USER'), m.getReg('PC')]).toEqual([1, 0o1010]);
    const u = machine('jrst1 0o1010(ac0)', { user: true });
    const s = u.step();
    expect(s.trap).toBeUndefined();
    expect([u.getReg('FLAGS.USER'), u.getReg('PC')]).toEqual([1, 0o1010]);
  });

  test('JSP saves the PC word with USER: 0 in executive mode, 1 in user mode (the same program, two results)', () => {
    for (const user of [false, true]) {
      const m = machine('jsp ac2, 0o1010(ac0)', { user });
      m.step();
      expect(m.getFile('ac', 2)).toBe(lr(user ? USER : 0, 0o1001));
    }
  });

  test('JRSTF in executive mode takes USER and USERIO from the word (AC x’s left half) and jumps to its right half', () => {
    const m = machine('jrstf 0(ac12)');
    m.setFile('ac', 12, lr(USER | USERIO | (1 << 17), 0o1010));
    m.step();
    expect([m.getReg('FLAGS.USER'), m.getReg('FLAGS.USERIO'), m.getReg('FLAGS.AROV'), m.getReg('PC')]).toEqual([1, 1, 1, 0o1010]);
  });

  test('JRSTF in user mode keeps USER, cannot set USERIO, can clear it', () => {
    const m = machine('jrstf 0(ac12)', { user: true });
    m.setFile('ac', 12, lr(USERIO, 0o1010));
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('FLAGS.USER'), m.getReg('FLAGS.USERIO'), m.getReg('PC')]).toEqual([1, 0, 0o1010]);
    const io = machine('jrstf 0(ac12)', { user: true, userIo: true });
    io.setFile('ac', 12, lr(0, 0o1010));
    io.step();
    expect([io.getReg('FLAGS.USER'), io.getReg('FLAGS.USERIO')]).toEqual([1, 0]);
  });

  test('HALT halts in executive mode (PC := E); in user mode without User I/O it is an MUUO; with User I/O it halts', () => {
    const m = machine('halt 0o1234(ac0)');
    expect(m.step().halted).toBe(true);
    expect(m.getReg('PC')).toBe(0o1234);
    const u = machine('halt 0o1234(ac0)', { user: true });
    expect(u.step().trap?.name).toBe('privileged');
    const t = runToHalt(u);
    expect(octal(t.muuo)).toBe('254200001234');
    expect(t.savedPcWord).toBe(lr(USER, 0o1001));
    expect(u.getReg('FLAGS.USER')).toBe(0);
    const io = machine('halt 0o1234(ac0)', { user: true, userIo: true });
    expect(io.step().halted).toBe(true);
  });

  test('JEN dismisses the highest-priority channel in progress; in user mode without User I/O it traps', () => {
    const m = machine('jen 0o1010(ac0)');
    m.setReg('PI.PIH', 0b0010100); // channels 3 and 5 held
    m.step();
    expect(m.getReg('PI.PIH')).toBe(0b0000100);
    expect(m.getReg('PC')).toBe(0o1010);
    expect(machine('jen 0o1010(ac0)', { user: true }).step().trap?.name).toBe('privileged');
  });
});

describe('UUOs', () => {
  test('an MUUO stores op,ac,E in executive 40 and runs the JSR in 41: PC word saved, executive mode', () => {
    const m = machine('movei ac3, 2(ac0)\ncalli ac5, 0o10(ac3)', { user: true });
    const t = runToHalt(m);
    expect(octal(t.muuo)).toBe('047240000012');
    expect(t.savedPcWord).toBe(lr(USER, 0o1002));
    expect(m.getReg('FLAGS.USER')).toBe(0);
  });

  test('an LUUO in user mode goes through the program’s own (relocated) 40 and 41, and stays in user mode', () => {
    // User block 0 is physical 4000 (RL = 2): the program's 41 holds JSR 300.
    const m = machine('luuo020 1, ac2, 7(ac0)', { user: true, map: { RL: 2 } });
    m.writeCell(0o4041, 0o264000000300);
    m.loadCells(0o5000, [m.readCell(0o1000)]);
    m.setReg('PC', 0o1000);
    expect(m.step().trap).toBeUndefined();
    expect(octal(m.readCell(0o4040))).toBe('021100000007');
    expect(m.readCell(0o4300)).toBe(lr(USER, 0o1001));
    expect([m.getReg('FLAGS.USER'), m.getReg('PC')]).toEqual([1, 0o301]);
    expect(m.readCell(0o40)).toBe(0);
  });
});

describe('relocation and protection (KT10A)', () => {
  test('user addresses in the low segment are relocated by RL; past PL is a protection violation through 42', () => {
    const m = machine('move ac1, 0o100(ac0)\nmove ac1, 0o4000(ac0)', { user: true, map: { PL: 1, RL: 4 } });
    m.loadCells(0o11000, [m.readCell(0o1000), m.readCell(0o1001)]);
    m.writeCell(0o10100, 42);
    m.step();
    expect(m.getFile('ac', 1)).toBe(42);
    expect(m.step().trap?.name).toBe('memory');
    const t = runToHalt(m);
    expect(t.mpvPcWord).toBe(lr(USER, 0o1001));
    expect(m.getReg('APR.MPV')).toBe(1);
    expect(m.readCell(0o40)).toBe(0);
  });

  test('the high segment starts at 400000, is relocated by RH and refuses writes when write-protected', () => {
    // 400000 + RH·2000 wraps (18 bits) to physical 20000 with RH = 210.
    const m = machine('move ac1, 0o400005(ac0)\nmovem ac1, 0o400006(ac0)', { user: true, map: { PL: 0o177, PH: 0o200, RH: 0o210, WP: 1 } });
    m.writeCell(0o20005, 7);
    m.step();
    expect(m.getFile('ac', 1)).toBe(7);
    expect(m.step().trap?.name).toBe('memory');
    const w = machine('movem ac1, 0o400006(ac0)', { user: true, map: { PL: 0o177, PH: 0o200, RH: 0o210, WP: 0 } });
    w.setFile('ac', 1, 9);
    expect(w.step().trap).toBeUndefined();
    expect(w.readCell(0o20006)).toBe(9);
  });

  test('executive addresses are physical whatever RL and PL say', () => {
    const m = machine('move ac1, 0o3000(ac0)', { map: { PL: 0, RL: 7 } });
    m.writeCell(0o3000, 5);
    m.step();
    expect(m.getFile('ac', 1)).toBe(5);
  });
});

describe('I/O instructions: APR, PI, TTY', () => {
  test('DATAO APR loads the protection and relocation registers from their fields', () => {
    const m = machine('datao apr, 0o1010(ac0)\nhalt 0(ac0)');
    // PL bits 0-7, PH 9-16, WP 17, RL 18-25, RH 27-34.
    const w = (0o12 * 2 ** 28 + 0o201 * 2 ** 19 + 1 * 2 ** 18) + (0o34 * 2 ** 10 + 0o210 * 2);
    m.writeCell(0o1010, w);
    m.step();
    expect([m.getReg('PL'), m.getReg('PH'), m.getReg('WP'), m.getReg('RL'), m.getReg('RH')]).toEqual([0o12, 0o201, 1, 0o34, 0o210]);
  });

  test('CONI APR reads the conditions with USERIO and the overflow flag; CONO APR clears the protection flag', () => {
    const m = machine('coni apr, 0o1010(ac0)\ncono apr, 0o20003(ac0)\nconi apr, 0o1011(ac0)\nhalt 0(ac0)', { userIo: true });
    m.setReg('APR.MPV', 1);
    m.setReg('FLAGS.AROV', 1);
    runToHalt(m);
    expect(octal(m.readCell(0o1010))).toBe(octal(0o100000 | 0o20000 | 0o10));
    expect(octal(m.readCell(0o1011))).toBe(octal(0o100000 | 0o10 | 3));
  });

  test('CONO PI turns the system and channels on; CONSZ/CONSO skip on its conditions', () => {
    const m = machine('cono pi, 0o2377(ac0)\nconso pi, 0o200(ac0)\nhalt 0(ac0)\nconsz pi, 0o200(ac0)\nmovei ac1, 1(ac0)\nhalt 0(ac0)');
    runToHalt(m);
    expect([m.getReg('PI.ON'), m.getReg('PI.PIE'), m.getFile('ac', 1)]).toEqual([1, 0o177, 1]);
  });

  test('DATAO TTY prints a character', () => {
    const m = machine('movei ac3, 72(ac0)\ndatao tty, 3(ac0)\nhalt 0(ac0)');
    const out: number[] = [];
    m.watchStores(0o777777, 1, (a, mm) => out.push(mm.readCell(a)));
    runToHalt(m);
    expect(String.fromCharCode(...out)).toBe('H');
  });

  test.each(['datao apr, 0o1010(ac0)', 'cono apr, 0(ac0)', 'coni pi, 0o1010(ac0)', 'blko tty, 0o1010(ac0)', 'datai apr, 0o1010(ac0)', 'consz tty, 0(ac0)'])(
    '%s traps in user mode without User I/O, and runs with it',
    (line) => {
      expect(machine(line, { user: true }).step().trap?.name).toBe('privileged');
      expect(machine(line, { user: true, userIo: true }).step().trap).toBeUndefined();
      expect(machine(line).step().trap).toBeUndefined();
    },
  );
});

describe('stack and subroutines', () => {
  test('PUSHJ/POPJ and PUSH/POP through a pushdown pointer in an accumulator', () => {
    const m = machine('movsi p, 0o777770(ac0)\nhrri p, 0o1777(ac0)\nmovei ac1, 5(ac0)\npush p, 1(ac0)\npushj p, sub(ac0)\npop p, 2(ac0)\nhalt 0(ac0)\nsub: aos ac3, 1(ac0)\npopj p, 0(ac0)');
    runToHalt(m);
    expect([m.getFile('ac', 2), m.getFile('ac', 3)]).toEqual([5, 6]);
    expect(octal(m.getFile('ac', 15))).toBe('777770001777');
  });
});

describe('shifts', () => {
  test('ROT rotates 36 bits left for a positive E and right for a negative one; LSH shifts in zeros', () => {
    const m = machine('rot ac1, 3(ac0)\nrot ac2, 0o777775(ac0)\nlsh ac3, 0o777777(ac0)\nlsh ac4, 4(ac0)\nhalt 0(ac0)');
    for (const k of [1, 2, 3]) m.setFile('ac', k, 0o400000000001);
    m.setFile('ac', 4, 0o700000000001);
    runToHalt(m);
    expect([1, 2, 3, 4].map((k) => octal(m.getFile('ac', k)))).toEqual(['000000000014', '140000000000', '200000000000', '000000000020']);
  });
});

describe('BLT, a restartable repetition', () => {
  test('one word per step with the PC on the BLT, AC holding the progress; the last step goes on', () => {
    const m = machine('setzm ac0, 0o2000(ac0)\nmovsi ac1, 0o2000(ac0)\nhrri ac1, 0o2001(ac0)\nblt ac1, 0o2007(ac0)\nhalt 0(ac0)');
    m.loadCells(0o2000, [5, 5, 5, 5, 5, 5, 5, 5, 5]);
    for (let k = 0; k < 3; k++) m.step();
    const pcs: number[] = [];
    while (!m.halted) pcs.push(m.step().pc);
    expect(pcs).toEqual([0o1003, 0o1003, 0o1003, 0o1003, 0o1003, 0o1003, 0o1003, 0o1004]);
    expect(m.readCells(0o2000, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(octal(m.getFile('ac', 1))).toBe('002006002007');
  });
});

describe('pushdown overflow', () => {
  test('a PUSH that brings the count to 0 is the pdl exception through 42: APR.PDLOV set, the push not done', () => {
    const m = machine('movsi p, 0o777777(ac0)\nhrri p, 0o1777(ac0)\npush p, 0o1000(ac0)', { user: true });
    m.step();
    m.step();
    expect(m.step().trap?.name).toBe('pdl');
    const t = runToHalt(m);
    expect(t.mpvPcWord).toBe(lr(USER, 0o1002));
    expect(m.getReg('APR.PDLOV')).toBe(1);
    expect([octal(m.getFile('ac', 15)), m.readCell(0o2000)]).toEqual(['777777001777', 0]);
  });
});

describe('the example monitor', () => {
  test('runs bare: boots in executive mode, serves CALLI, refuses CONO APR in user mode, halts', () => {
    const program = assemble(pdp10, readFileSync(new URL('../../../examples/pdp10/os.s', import.meta.url), 'utf8'));
    const m = new Machine(pdp10);
    loadProgram(program, m);
    const out: number[] = [];
    m.watchStores(0o777777, 1, (a, mm) => out.push(mm.readCell(a)));
    expect(m.run(10_000).reason).toBe('halted');
    expect(String.fromCharCode(...out)).toBe('boot x\nhello\n!\nuser u\nbye\n');
  });
});

