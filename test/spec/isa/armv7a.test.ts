/**
 * armv7a on the emulator: each system instruction in User mode and at PL1, exception entry and
 * return, the bank swap, CP15 access rights, and the example kernel bare. Every case is one
 * instruction (or a short program) assembled at 0x1000 and stepped from a state the test sets.
 */
import { describe, expect, test } from 'vitest';
import { armv7a } from '../../../spec/index.js';
import { Machine, type StepResult } from '../../../machine/index.js';
import { assemble, loadProgram } from '../../../asm/index.js';
import { readFileSync } from 'node:fs';

const MODE = { usr: 0x10, fiq: 0x11, irq: 0x12, svc: 0x13, abt: 0x17, und: 0x1b, sys: 0x1f } as const;
type Mode = keyof typeof MODE;
const AT = 0x1000;

/** Assembles `src` at 0x1000, starts there in `mode` (banks consistent with it), runs `steps` steps. */
function run(src: string, mode: Mode, setup: (m: Machine) => void = () => {}, steps = 1): { m: Machine; r: StepResult } {
  const m = new Machine(armv7a);
  loadProgram(assemble(armv7a, `        .org ${AT}\n${src.split('\n').map((l) => `        ${l}`).join('\n')}\n`), m);
  // Reset is Supervisor mode; move to `mode` the way the bank swap would have left things.
  m.setReg('CPSR.M', MODE[mode]);
  m.setReg('PC', AT);
  setup(m);
  let r!: StepResult;
  for (let i = 0; i < steps; i++) r = m.step();
  return { m, r };
}
const reg = (m: Machine, name: string) => m.getReg(name) >>> 0;
const r = (m: Machine, i: number) => m.getFile('r', i) >>> 0;
/** The CPSR's modelled fields (the description lowers the register to them). */
const FIELDS: [string, number, number][] = [['N', 31, 1], ['Z', 30, 1], ['C', 29, 1], ['V', 28, 1], ['Q', 27, 1], ['GE', 16, 0xf], ['A', 8, 1], ['I', 7, 1], ['F', 6, 1], ['M', 0, 0x1f]];
const cpsr = (m: Machine) => FIELDS.reduce((v, [f, at]) => (v | (reg(m, `CPSR.${f}`) << at)) >>> 0, 0);
const setCpsr = (m: Machine, v: number) => FIELDS.forEach(([f, at, mask]) => m.setReg(`CPSR.${f}`, (v >>> at) & mask));

describe('CPSR access: MRS, MSR, CPS', () => {
  test('MRS reads the whole CPSR in User mode too: mode and masks (the UNKNOWN bits are the real ones)', () => {
    const { m, r: s } = run('mrs r0, cpsr', 'usr', (m) => m.setReg('CPSR.I', 1));
    expect(s.trap).toBeUndefined();
    expect(r(m, 0)).toBe(0x1d0); // A, I, F from reset, I set again, mode usr
  });

  test('MSR CPSR in User mode writes only the APSR: the control byte is ignored, the flags are written', () => {
    const { m, r: s } = run('msr cpsr, fc, r0', 'usr', (m) => m.setFile('r', 0, 0xf000_001f));
    expect(s.trap).toBeUndefined();
    expect(reg(m, 'CPSR.M')).toBe(MODE.usr);
    expect(reg(m, 'CPSR.I')).toBe(1); // unchanged from reset (A, I, F set)
    expect([reg(m, 'CPSR.N'), reg(m, 'CPSR.Z'), reg(m, 'CPSR.C'), reg(m, 'CPSR.V')]).toEqual([1, 1, 1, 1]);
  });

  test('MSR CPSR_c at PL1 changes mode and swaps the banked SP and LR', () => {
    const { m } = run('msr cpsr, c, r0', 'svc', (m) => {
      m.setFile('r', 0, MODE.irq);
      m.setFile('r', 13, 0x8000);
      m.setFile('r', 14, 0x1234);
      m.setReg('R13_irq', 0x6000);
      m.setReg('R14_irq', 0x5678);
    });
    expect(reg(m, 'CPSR.M')).toBe(MODE.irq);
    expect([r(m, 13), r(m, 14)]).toEqual([0x6000, 0x5678]);
    expect([reg(m, 'R13_svc'), reg(m, 'R14_svc')]).toEqual([0x8000, 0x1234]);
    // The c byte holds I, F and M; A is in the x byte, which the mask leaves alone.
    expect([reg(m, 'CPSR.A'), reg(m, 'CPSR.I'), reg(m, 'CPSR.F')]).toEqual([1, 0, 0]);
  });

  test('MSR to a mode this processor lacks (Monitor, 0b10110) is UNPREDICTABLE: the Undefined Instruction exception', () => {
    const { r: s } = run('msr cpsr, c, r0', 'svc', (m) => m.setFile('r', 0, 0x16));
    expect(s.trap?.name).toBe('undefined');
  });

  test('CPS is a NOP in User mode', () => {
    const { m, r: s } = run('cps #svc', 'usr');
    expect(s.trap).toBeUndefined();
    expect(s.writes.filter((w) => !(w.kind === 'reg' && w.name === 'PC'))).toEqual([]);
    expect(reg(m, 'CPSR.M')).toBe(MODE.usr);
  });

  test('CPSIE/CPSID at PL1 clear and set the masks; CPS #mode into FIQ swaps R8-R12 as well as SP and LR', () => {
    expect(reg(run('cpsie if', 'svc').m, 'CPSR.I')).toBe(0);
    expect(reg(run('cpsie if', 'svc').m, 'CPSR.A')).toBe(1);
    const { m } = run('cps #fiq', 'svc', (m) => {
      m.setFile('r', 8, 8);
      m.setFile('r', 13, 13);
      m.setReg('R8_fiq', 0x88);
      m.setReg('R13_fiq', 0xdd);
    });
    expect([r(m, 8), r(m, 13)]).toEqual([0x88, 0xdd]);
    expect([reg(m, 'R8_usr'), reg(m, 'R13_svc')]).toEqual([8, 13]);
    // and back: FIQ → System restores the User bank of R8 and SP.
    const back = run('cps #fiq\ncps #sys', 'svc', (m) => {
      m.setFile('r', 8, 8);
      m.setReg('R13_usr', 0x77);
    }, 2).m;
    expect([r(back, 8), r(back, 13)]).toEqual([8, 0x77]);
  });
});

describe('SPSR access and exception return', () => {
  test('MRS/MSR of the SPSR are UNPREDICTABLE in User and System mode (the mode-caused Undefined Instruction) and work in an exception mode', () => {
    for (const mode of ['usr', 'sys'] as const) {
      expect(run('mrs r0, spsr', mode).r.trap?.name, mode).toBe('privileged');
      expect(run('msr spsr, fsxc, r0', mode).r.trap?.name, mode).toBe('privileged');
    }
    expect(r(run('mrs r0, spsr', 'abt', (m) => m.setReg('SPSR_abt', 0x2000_0010)).m, 0)).toBe(0x2000_0010);
    expect(reg(run('msr spsr, f, r0', 'und', (m) => m.setFile('r', 0, 0xffff_ffff)).m, 'SPSR_und')).toBe(0xff00_0000);
  });

  test('SUBS PC, LR at PL1 restores the CPSR from the SPSR and the banks; in User and System mode it takes the Undefined Instruction exception', () => {
    const { m, r: s } = run('subs pc, lr, #4', 'svc', (m) => {
      m.setReg('SPSR_svc', 0x8000_0010);
      m.setFile('r', 14, 0x2004);
      m.setFile('r', 13, 0x8000);
      m.setReg('R13_usr', 0x7000);
    });
    expect(s.trap).toBeUndefined();
    expect([reg(m, 'PC'), cpsr(m), r(m, 13), reg(m, 'R13_svc')]).toEqual([0x2000, 0x8000_0010, 0x7000, 0x8000]);
    expect(run('subs pc, lr, #4', 'usr').r.trap?.name).toBe('privileged');
    expect(run('movs pc, lr, lsl #0', 'sys').r.trap?.name).toBe('privileged');
    // With S clear, Rd = PC is an ordinary branch in any mode.
    expect(reg(run('sub pc, lr, #4', 'usr', (m) => m.setFile('r', 14, 0x2004)).m, 'PC')).toBe(0x2000);
  });

  test('LDMRET loads registers and the PC, then CPSR := SPSR; User mode traps', () => {
    const { m } = run('ldmret ia sp!, 0x0001', 'abt', (m) => {
      m.setFile('r', 13, 0x3000);
      m.loadCells(0x3000, [0x44, 0, 0, 0, 0x00, 0x20, 0, 0]);
      m.setReg('SPSR_abt', MODE.svc);
    });
    expect([r(m, 0), reg(m, 'PC'), reg(m, 'CPSR.M'), reg(m, 'R13_abt')]).toEqual([0x44, 0x2000, MODE.svc, 0x3008]);
    expect(run('ldmret ia sp!, 0x0001', 'usr').r.trap?.name).toBe('privileged');
  });

  test('SRS stores LR and SPSR on another mode’s stack and writes its SP back; RFE returns through them; User mode traps both, System mode only SRS', () => {
    const { m } = run('srs db sp!, #svc\nrfe ia r0', 'und', (m) => {
      m.setFile('r', 14, 0x2000);
      m.setReg('SPSR_und', MODE.usr);
      m.setReg('R13_svc', 0x4000);
      m.setFile('r', 0, 0x3ff8);
    }, 2);
    expect(reg(m, 'R13_svc')).toBe(0x3ff8);
    expect(m.readCells(0x3ff8, 8)).toEqual([0x00, 0x20, 0, 0, 0x10, 0, 0, 0]);
    expect([reg(m, 'PC'), reg(m, 'CPSR.M')]).toEqual([0x2000, MODE.usr]);
    expect(run('srs db sp!, #svc', 'usr').r.trap?.name).toBe('privileged');
    expect(run('srs db sp!, #svc', 'sys').r.trap?.name).toBe('privileged');
    expect(run('rfe ia r0', 'usr').r.trap?.name).toBe('privileged');
    const sys = run('rfe ia r0', 'sys', (m) => {
      m.setFile('r', 0, 0x3000);
      m.loadCells(0x3000, [0x00, 0x20, 0, 0, MODE.usr, 0, 0, 0]);
    });
    expect([sys.r.trap, reg(sys.m, 'CPSR.M')]).toEqual([undefined, MODE.usr]);
  });

  test('STM/LDM (User registers) reach the User bank from an exception mode and trap in User mode', () => {
    const { m } = run('stmusr ia r0, 0x6000', 'svc', (m) => {
      m.setFile('r', 0, 0x3000);
      m.setFile('r', 13, 0x8000);
      m.setReg('R13_usr', 0x7000);
      m.setReg('R14_usr', 0x1234);
    });
    expect(m.readCells(0x3000, 8)).toEqual([0x00, 0x70, 0, 0, 0x34, 0x12, 0, 0]);
    const l = run('ldmusr ia r0, 0x2000', 'irq', (m) => {
      m.setFile('r', 0, 0x3000);
      m.loadCells(0x3000, [0x99, 0, 0, 0]);
    }).m;
    expect([reg(l, 'R13_usr'), r(l, 13)]).toEqual([0x99, 0]);
    expect(run('stmusr ia r0, 0x6000', 'usr').r.trap?.name).toBe('privileged');
  });
});

describe('exception entry', () => {
  test('SVC: Supervisor mode, LR = next instruction, SPSR_svc = old CPSR, I set, vector 0x08, the User bank saved', () => {
    const { m, r: s } = run('svc #5', 'usr', (m) => {
      setCpsr(m, 0x2000_0010);
      m.setFile('r', 13, 0x7400);
      m.setReg('R13_svc', 0x8000);
    });
    expect(s.trap?.name).toBe('svc');
    expect([reg(m, 'PC'), reg(m, 'CPSR.M'), r(m, 14), reg(m, 'SPSR_svc'), reg(m, 'CPSR.I')]).toEqual([0x08, MODE.svc, AT + 4, 0x2000_0010, 1]);
    expect([r(m, 13), reg(m, 'R13_usr')]).toEqual([0x8000, 0x7400]);
  });

  test('a Data Abort: Abort mode, LR = PC + 8, DFAR and DFSR (external abort, WnR), A and I set', () => {
    const { m, r: s } = run('str r0, [r1, #0]', 'usr', (m) => {
      setCpsr(m, 0x10);
      m.setFile('r', 1, 0x2000_0000);
    });
    expect(s.trap?.name).toBe('dataAbortWrite');
    expect([reg(m, 'PC'), reg(m, 'CPSR.M'), r(m, 14), reg(m, 'DFAR'), reg(m, 'DFSR'), reg(m, 'CPSR.A')]).toEqual([0x10, MODE.abt, AT + 8, 0x2000_0000, 0x808, 1]);
  });

  test('LDM from an address not word-aligned takes an alignment fault; LDR does not', () => {
    expect(run('ldm ia r0, 0x0002', 'svc', (m) => m.setFile('r', 0, 0x3001)).r.trap?.name).toBe('alignmentRead');
    expect(run('ldr r1, [r0, #0]', 'svc', (m) => m.setFile('r', 0, 0x3001)).r.trap).toBeUndefined();
  });
});

describe('CP15', () => {
  test('a PL1 register: UNDEFINED from User mode (to the Undefined vector, Undefined mode), read and written at PL1', () => {
    const u = run('mrc p15, 0, r0, c1, c0, 0', 'usr');
    expect(u.r.trap?.name).toBe('privileged');
    expect([reg(u.m, 'PC'), reg(u.m, 'CPSR.M')]).toEqual([0x04, MODE.und]);
    const w = run('mcr p15, 0, r0, c1, c0, 0\nmrc p15, 0, r1, c1, c0, 0', 'svc', (m) => m.setFile('r', 0, 0xffff_ffff), 2).m;
    expect(r(w, 1)).toBe(0x00c5_187c); // C, Z, I kept; M, A, V, EE, TE read 0; RAO bits 1
  });

  test('the User thread ID registers: TPIDRURW read and written at PL0, TPIDRURO read only', () => {
    expect(r(run('mcr p15, 0, r0, c13, c0, 2\nmrc p15, 0, r1, c13, c0, 2', 'usr', (m) => m.setFile('r', 0, 42), 2).m, 1)).toBe(42);
    expect(run('mrc p15, 0, r1, c13, c0, 3', 'usr').r.trap).toBeUndefined();
    expect(run('mcr p15, 0, r1, c13, c0, 3', 'usr').r.trap?.name).toBe('privileged');
  });

  test('an unallocated CP15 encoding is UNDEFINED in every mode', () => {
    expect(run('.long 0xee0f0f10', 'svc').r.trap?.name).toBe('undefined'); // MCR p15, 0, r0, c15, c0, 0
  });
});

describe('ordinary instructions', () => {
  test('ADDS sets N, Z, C, V by AddWithCarry; SUBS r, r, r sets Z and C', () => {
    const add = run('adds r0, r1, r2, lsl #0', 'usr', (m) => {
      m.setFile('r', 1, 0x7fff_ffff);
      m.setFile('r', 2, 1);
    }).m;
    expect([r(add, 0), reg(add, 'CPSR.N'), reg(add, 'CPSR.Z'), reg(add, 'CPSR.C'), reg(add, 'CPSR.V')]).toEqual([0x8000_0000, 1, 0, 0, 1]);
    const sub = run('subs r0, r1, r1, lsl #0', 'usr', (m) => m.setFile('r', 1, 5)).m;
    expect([reg(sub, 'CPSR.Z'), reg(sub, 'CPSR.C')]).toEqual([1, 1]);
  });

  test('immediate shifts: LSR #32 and ASR #32 (imm5 = 0), RRX, and the shifter carry', () => {
    const one = (src: string, v: number) =>
      run(src, 'usr', (m) => {
        m.setFile('r', 1, v);
        m.setReg('CPSR.C', 1);
      }).m;
    expect(r(one('mov r0, r1, lsr #0', 0x8000_0000), 0)).toBe(0);
    expect(r(one('mov r0, r1, asr #0', 0x8000_0000), 0)).toBe(0xffff_ffff);
    const rrx = one('movs r0, r1, ror #0', 3);
    expect([r(rrx, 0), reg(rrx, 'CPSR.C')]).toEqual([0x8000_0001, 1]); // C shifted in at the top, bit 0 out to C
  });

  test('a modified immediate is rotated (ARMExpandImm): #0x4ff is 0xff000000', () => {
    expect(r(run('mov r0, #0x4ff', 'usr').m, 0)).toBe(0xff00_0000);
  });

  test('reading R15 gives the instruction’s address + 8; BL links the next instruction', () => {
    expect(r(run('mov r0, pc, lsl #0', 'usr').m, 0)).toBe(AT + 8);
    const bl = run('bl 0x100', 'usr').m;
    expect([reg(bl, 'PC'), r(bl, 14)]).toEqual([AT + 8 + 0x100, AT + 4]);
  });

  test('STM DB ! then LDM IA ! round-trips registers through the stack', () => {
    const { m } = run('stm db sp!, 0x0006\nmov r1, #0\nmov r2, #0\nldm ia sp!, 0x0006', 'usr', (m) => {
      m.setFile('r', 13, 0x3000);
      m.setFile('r', 1, 11);
      m.setFile('r', 2, 22);
    }, 4);
    expect([r(m, 1), r(m, 2), r(m, 13)]).toEqual([11, 22, 0x3000]);
  });

  test('WFI stops the machine in any mode (no interrupt can wake it)', () => {
    expect(run('wfi', 'usr').r.halted).toBe(true);
  });
});

describe('the example kernel, bare', () => {
  test('enters User mode, serves its calls, reports the undefined instruction and the abort, and halts with the exit status', () => {
    const m = new Machine(armv7a);
    let out = '';
    m.watchStores(armv7a.state.storage.devices![0]!.cell, 1, (c, mm) => (out += String.fromCharCode(mm.readCell(c))));
    loadProgram(assemble(armv7a, readFileSync('examples/armv7a/os.s', 'utf8')), m);
    const res = m.run(100_000);
    expect(res.reason).toBe('halted');
    expect(out).toBe(
      'armv7a kernel: entering user mode\nuser: hello\n00000037\nkernel: undefined instruction, skipped\nkernel: data abort at 20000000\nkernel: user exit, status 00000007\n',
    );
    expect(reg(m, 'CPSR.M')).toBe(MODE.svc);
  });
});
