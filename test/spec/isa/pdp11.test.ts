/**
 * pdp11 on the emulator: the assembler writes the PDP-11's own words; the PSW (also at 777776),
 * the two register sets, the banked stack pointers, the traps and memory management behave as the
 * PDP-11/45 handbook says, in kernel, supervisor and user mode; each system instruction does what
 * the 11/45 does outside kernel mode (HALT traps, SPL and RESET do nothing, RTI cannot lower the
 * mode); and the example kernel runs bare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, disassemble, loadProgram } from '../../../asm/index.js';
import { Machine } from '../../../machine/index.js';
import { pdp11 } from '../../../spec/isa/index.js';
import { pdp11IoPage } from '../../../spec/isa/pdp11/index.js';

const KERNEL = 0;
const SUPERVISOR = 1;
const USER = 3;

const words = (line: string) => {
  const cells = assemble(pdp11, `.org 0o1000\n${line}`).segments[0]!.cells as number[];
  return Array.from({ length: cells.length / 2 }, (_, i) => cells[2 * i]! | (cells[2 * i + 1]! << 8));
};

/** Trap vectors 4-34 and 250 point at `handler` (a HALT) with a kernel PSW at priority 7. */
const vectors = [0o4, 0o10, 0o14, 0o20, 0o30, 0o34, 0o250].map((v) => `.org ${v}\n.half handler, 0o340`).join('\n');

/** A machine with `source` at 1000 (octal) in `mode` (previous mode the same; memory management off), KSP 4000, SSP 5000, USP 6000 (octal). */
function machine(source: string, mode = KERNEL): Machine {
  const m = new Machine(pdp11);
  loadProgram(assemble(pdp11, `${vectors}\n.org 0o1000\n${source}\nhandler: halt\n`), m);
  const sps: Record<number, number> = { [KERNEL]: 0o4000, [SUPERVISOR]: 0o5000, [USER]: 0o6000 };
  m.setReg('PSW.CM', mode);
  m.setReg('PSW.PM', mode);
  m.setReg('PSW.PRI', mode === KERNEL ? 7 : 0);
  m.setFile('R', 6, sps[mode]!);
  for (const [copy, level] of [['KSP', KERNEL], ['SSP', SUPERVISOR], ['USP', USER]] as const) if (level !== mode) m.setReg(copy, sps[level]!);
  return m;
}
const word = (m: Machine, a: number) => m.readCell(a) | (m.readCell(a + 1) << 8);
const handler = (m: Machine) => word(m, 0o4);

describe('the assembler writes the PDP-11’s words (octal)', () => {
  test.each([
    ['mov r0, r1', [0o010001]],
    ['mov #5, r0', [0o012700, 5]],
    ['mov @#0o177776, r2', [0o013702, 0o177776]],
    ['mov (sp)+, r0', [0o012600]],
    ['mov r0, -(sp)', [0o010046]],
    ['mov @r1, r2', [0o011102]],
    ['movb r1, @#0o177566', [0o110137, 0o177566]],
    ['movb (r0)+, r1', [0o112001]],
    ['bic #0o37777, r2', [0o042702, 0o37777]],
    ['add #2, @#0o1000', [0o062737, 2, 0o1000]],
    ['clr r3', [0o005003]],
    ['tstb (r2)+', [0o105722]],
    ['jmp 4(r1)', [0o000161, 4]],
    ['jsr pc, @#0o2000', [0o004737, 0o2000]],
    ['rts pc', [0o000207]],
    ['mfpi sp', [0o006506]],
    ['mtpi sp', [0o006606]],
    ['mfpi @r1', [0o006511]],
    ['mfpd 6(r2)', [0o106562, 6]],
    ['mtpd @#0o100', [0o106637, 0o100]],
    ['halt', [0]],
    ['wait', [1]],
    ['rti', [2]],
    ['bpt', [3]],
    ['iot', [4]],
    ['reset', [5]],
    ['rtt', [6]],
    ['spl 3', [0o000233]],
    ['ccc 1', [0o000241]],
    ['scc 15', [0o000277]],
    ['emt 5', [0o104005]],
    ['trap 0', [0o104400]],
    ['bne .', [0o001377]],
    ['br . + 4', [0o000401]],
  ])('%s', (line, expected) => expect(words(line)).toEqual(expected));

  test('SOB counts words back from the updated PC; disassembly reads the words back', () => {
    const p = assemble(pdp11, '.org 0o1000\nloop: inc r0\nsob r1, . + 2 - loop\nmfpi sp');
    expect(p.segments[0]!.cells.slice(2, 4)).toEqual([0o102, 0o176]); // 077102: SOB R1, 2 words back
    expect(disassemble(pdp11, p.segments[0]!.cells, 0o1000).map((l) => l.text)).toEqual(['inc r0', 'sob r1, 4', 'mfpi sp']);
  });
});

describe('ordinary instructions', () => {
  test('ADD and SUB set C and V as the handbook says; CMP sets C on a borrow', () => {
    const m = machine('mov #0o177777, r0\nadd #1, r0\nmov #0o77777, r1\nadd #1, r1\nmov #2, r2\ncmp #1, r2\nhalt');
    const nzvc = () => ['N', 'Z', 'V', 'C'].map((f) => m.getReg(`PSW.${f}`));
    m.run(2);
    expect([m.getFile('R', 0), ...nzvc()]).toEqual([0, 0, 1, 0, 1]);
    m.run(2);
    expect([m.getFile('R', 1), ...nzvc()]).toEqual([0o100000, 1, 0, 1, 0]);
    m.run(2);
    expect(nzvc()).toEqual([1, 0, 0, 1]);
  });

  test('MOVB to a register sign-extends; byte autoincrement steps by one', () => {
    const m = machine('mov #data, r0\nmovb (r0)+, r1\nhalt\ndata: .byte 0o200');
    m.run(3);
    expect([m.getFile('R', 1), m.getFile('R', 0) - word(m, 0o1002)]).toEqual([0o177600, 1]);
  });

  test('JSR PC and RTS PC use the stack; SOB loops', () => {
    const m = machine('mov #3, r1\nloop: inc r0\nsob r1, . + 2 - loop\njsr pc, @#sub\nhalt\nsub: inc r2\nrts pc');
    expect(m.run(100).reason).toBe('halted');
    expect([m.getFile('R', 0), m.getFile('R', 2), m.getFile('R', 6)]).toEqual([3, 1, 0o4000]);
  });

  test('the two register sets: PSW<RS> chooses which R0-R5 an instruction reaches, R6 is shared', () => {
    const m = machine('mov #1, r0\nmov #0o4340, @#0o177776\nmov #2, r0\nmov #7, sp\nmov #0o340, @#0o177776\nmov r0, r1\nhalt');
    m.run(4);
    // Set 1 is current: R[0] holds its r0; set 0's waits in its copy.
    expect([m.getReg('set0r0'), m.getFile('R', 0), m.getReg('PSW.RS'), m.getFile('R', 6)]).toEqual([1, 2, 1, 7]);
    expect(m.run(3).reason).toBe('halted');
    // Back in set 0: its r0 again, and set 1's in its copy.
    expect([m.getFile('R', 0), m.getFile('R', 1), m.getReg('set1r0'), m.getReg('set1r1'), m.getReg('PSW.RS')]).toEqual([1, 1, 2, 0, 0]);
  });

  test('a word access at an odd address takes the odd-address abort (vector 4), and the instruction has no effect', () => {
    const m = machine('mov @#0o1001, r0');
    const r = m.step();
    expect([r.trap?.name, m.getFile('R', 0), m.getReg('PC')]).toEqual(['oddAddress', 0, handler(m)]);
    expect(word(m, 0o4000 - 4)).toBe(0o1000); // the stacked PC: the aborted instruction
  });
});

describe('the PSW, the modes and the traps', () => {
  test('the PSW is physical 777776: a kernel MOV there switches to user mode and the user stack', () => {
    const m = machine('mov #0o170000, @#0o177776\nnop: ccc 0');
    m.step();
    expect([m.getReg('PSW.CM'), m.getReg('PSW.PM'), m.getFile('R', 6), m.getReg('KSP')]).toEqual([USER, USER, 0o6000, 0o4000]);
  });

  test('TRAP from user mode: kernel mode from the vector, previous mode user, old PSW and next PC on the kernel stack', () => {
    const m = machine('scc 15\ntrap 7', USER);
    m.step();
    m.step();
    expect([m.getReg('PSW.CM'), m.getReg('PSW.PM'), m.getReg('PSW.PRI'), m.getFile('R', 6), m.getReg('USP')]).toEqual([KERNEL, USER, 7, 0o4000 - 4, 0o6000]);
    expect([word(m, 0o4000 - 2), word(m, 0o4000 - 4)]).toEqual([0o170017, 0o1004]);
    expect(m.getReg('PC')).toBe(handler(m));
  });

  test('RTI in kernel mode loads the whole PSW and the popped PC; the stack becomes the new mode’s', () => {
    const m = machine('mov #0o170000, -(sp)\nmov #0o2000, -(sp)\nrti');
    m.run(3);
    expect([m.getReg('PSW.CM'), m.getReg('PSW.PRI'), m.getReg('PC'), m.getFile('R', 6), m.getReg('KSP')]).toEqual([USER, 0, 0o2000, 0o6000, 0o4000]);
  });

  test.each([SUPERVISOR, USER])('RTI in mode %i can only add mode bits: it cannot return to kernel mode or change the priority', (mode) => {
    const m = machine('mov #0o000345, -(sp)\nmov #0o2000, -(sp)\nrti', mode);
    m.setReg('PSW.PRI', 2);
    m.run(3);
    expect([m.getReg('PSW.CM'), m.getReg('PSW.PRI'), m.getReg('PSW.C'), m.getReg('PSW.Z'), m.getReg('PC')]).toEqual([mode, 2, 1, 1, 0o2000]);
  });

  test('RTT is RTI here (no trace trap)', () => {
    const m = machine('mov #0o30000, -(sp)\nmov #0o2000, -(sp)\nrtt');
    m.run(3);
    expect([m.getReg('PSW.CM'), m.getReg('PSW.PM'), m.getReg('PC')]).toEqual([KERNEL, USER, 0o2000]);
  });

  test('HALT stops the processor in kernel mode and traps to 4 elsewhere', () => {
    expect(machine('halt').run(1).reason).toBe('halted');
    for (const mode of [SUPERVISOR, USER]) {
      const m = machine('halt', mode);
      const r = m.step();
      expect([r.trap?.name, r.trap?.code, m.getReg('PSW.CM'), m.getReg('PSW.PM')]).toEqual(['privileged', 4, KERNEL, mode]);
    }
  });

  test('SPL sets the priority in kernel mode and does nothing elsewhere', () => {
    const k = machine('spl 2');
    k.step();
    expect(k.getReg('PSW.PRI')).toBe(2);
    for (const mode of [SUPERVISOR, USER]) {
      const m = machine('spl 6', mode);
      const r = m.step();
      expect([r.trap, m.getReg('PSW.PRI'), m.getReg('PC')]).toEqual([undefined, 0, 0o1002]);
    }
  });

  test('RESET clears MMR0 (memory management off) in kernel mode and does nothing elsewhere', () => {
    for (const [mode, after] of [[KERNEL, 0], [SUPERVISOR, 0o100001], [USER, 0o100001]] as const) {
      const m = machine('reset', mode);
      m.setReg('MMR0', 0o100001);
      // every page of every mode read/write over 8 KB, relocated to itself
      for (const p of ['K', 'S', 'U']) for (let i = 0; i < 8; i++) (m.setReg(`${p}IPAR${i}`, i * 0o200), m.setReg(`${p}IPDR${i}`, 0o77406));
      m.step();
      expect(m.getReg('MMR0'), String(mode)).toBe(after);
    }
  });

  test('WAIT stops the machine in every mode (no interrupt can come)', () => {
    for (const mode of [KERNEL, USER]) expect(machine('wait', mode).run(1).reason).toBe('halted');
  });

  test('BPT, IOT and EMT trap through 14, 20 and 30 in every mode', () => {
    for (const [line, vec] of [['bpt', 0o14], ['iot', 0o20], ['emt 3', 0o30]] as const) {
      const m = machine(line, USER);
      const r = m.step();
      expect([r.trap?.code, m.getReg('PSW.CM')]).toEqual([vec, KERNEL]);
    }
  });
});

describe('memory management and the previous mode', () => {
  /** Pages 0-6 of each mode: read/write, 8 KB, relocated by `offset` blocks; page 7 the I/O page; user page 1 non-resident. */
  function mapped(m: Machine, offset = 0) {
    for (const p of ['K', 'S', 'U'])
      for (let i = 0; i < 8; i++) {
        m.setReg(`${p}IPAR${i}`, i === 7 ? 0o7600 : i * 0o200 + (p === 'U' ? offset : 0));
        m.setReg(`${p}IPDR${i}`, p === 'U' && i === 1 ? 0 : 0o77406);
      }
    m.setReg('MMR0', 1);
  }

  test('MFPI SP in kernel mode with previous mode user reads the user’s stack pointer; MTPI SP writes it', () => {
    const m = machine('mov #0o30340, @#0o177776\nmfpi sp\nmov #0o7000, -(sp)\nmtpi sp\nhalt');
    m.run(2);
    expect([word(m, m.getFile('R', 6)), m.getFile('R', 6)]).toEqual([0o6000, 0o4000 - 2]);
    m.run(2);
    expect(m.getReg('USP')).toBe(0o7000);
  });

  test('MFPI and MTPI reach the previous mode’s space through its page registers', () => {
    const m = machine('mov #0o30340, @#0o177776\nmov #0o100, r1\nmfpi @r1\nmov #0o1234, -(sp)\nmtpi @#0o102\nhalt');
    mapped(m, 0o1000); // user page 0 starts at physical 100000
    m.loadCells(0o100100, [0o21, 0o43]);
    m.run(3);
    expect(word(m, m.getFile('R', 6))).toBe(0o21421);
    m.run(2);
    expect(word(m, 0o100102)).toBe(0o1234);
  });

  test('MFPI from a non-resident page of the previous mode aborts through 250, and MMR0 records it', () => {
    const m = machine('mov #0o30340, @#0o177776\nmfpi @#0o20000');
    mapped(m);
    m.step();
    const r = m.step();
    expect([r.trap?.name, m.getReg('PC'), m.getReg('MMR0') >> 13]).toEqual(['mmuNonResident', handler(m), 0b100]);
  });

  test('a user-mode access to a non-resident page aborts; MMR0 records the error, the mode and the page, MMR2 the instruction', () => {
    const m = machine('mov @#0o20004, r0', USER);
    mapped(m);
    const r = m.step();
    expect([r.trap?.name, m.getReg('PSW.CM'), m.getReg('MMR0'), m.getReg('MMR2')]).toEqual(['mmuNonResident', KERNEL, 0o100000 | (USER << 5) | (1 << 1) | 1, 0o1000]);
  });

  test('a write to a read-only page aborts; a block beyond the page length aborts', () => {
    const ro = machine('clr @#0o100', USER);
    mapped(ro);
    ro.setReg('UIPDR0', 0o77402);
    expect(ro.step().trap?.name).toBe('mmuReadOnly');
    const len = machine('mov @#0o200, r0', USER);
    mapped(len);
    len.setReg('UIPDR0', 0o1006); // PLF 1: blocks 0 and 1 (bytes 0-177)
    expect(len.step().trap?.name).toBe('mmuLength');
  });

  test('pdp11-iopage: a kernel programs the page registers through the I/O page (on pdp11 those cells are storage)', () => {
    const source = '.org 0o1000\nmov #0o1234, @#0o177640\nmov #0o77406, @#0o172300\nhalt\n';
    const full = new Machine(pdp11IoPage);
    loadProgram(assemble(pdp11IoPage, source), full);
    full.run(3);
    expect([full.getReg('UIPAR0'), full.getReg('KIPDR0')]).toEqual([0o1234, 0o77406]);
    const cut = new Machine(pdp11);
    loadProgram(assemble(pdp11, source), cut);
    cut.run(3);
    expect([cut.getReg('UIPAR0'), word(cut, 0o777640)]).toEqual([0, 0o1234]);
  });

  test('with memory management off the top 8 KB are the I/O page: user mode reads the PSW at 177776', () => {
    const m = machine('mov @#0o177776, r0', USER);
    m.step();
    expect(m.getFile('R', 0)).toBe(0o170000);
  });
});

describe('the example kernel, bare', () => {
  test('prints through the console and halts', () => {
    const source = readFileSync(new URL('../../../examples/pdp11/os.s', import.meta.url), 'utf8');
    const m = new Machine(pdp11);
    loadProgram(assemble(pdp11, source), m);
    let out = '';
    m.watchStores(0o777566, 1, (_, mm) => (out += String.fromCharCode(mm.readCell(0o777566))));
    expect(m.run(10_000).reason).toBe('halted');
    expect(out).toBe('boot k\nhello\n!u\nbye\n');
  });
});
