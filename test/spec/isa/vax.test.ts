/**
 * The VAX model on the emulator: each system instruction in kernel and in the other modes, the
 * exception and change-mode sequences with their stack switches, page protection and PROBE, the
 * processor registers, and the example kernel bare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { vax } from '../../../spec/index.js';
import { Machine } from '../../../machine/index.js';
import { assemble, loadProgram } from '../../../asm/index.js';
import { runProgram } from '../../../host/index.js';

const K = 0;
const E = 1;
const S = 2;
const U = 3;
const KSP = 0x1800;
const ESP = 0x1c00;
const SSP = 0x1e00;
const USP = 0x3000;
const ISP = 0x1000;
const SCB_HANDLERS = { 0x10: 0x400, 0x18: 0x404, 0x20: 0x408, 0x24: 0x40c, 0x40: 0x410, 0x44: 0x414, 0x48: 0x418, 0x4c: 0x41c } as const;

/** A machine with `source` at 0x200, the SCB at 0 pointing at distinct handler addresses, in mode `mode` (off the interrupt stack unless `is`). */
function machine(source: string, mode: number, o: { is?: number; prv?: number; ipl?: number } = {}): Machine {
  const m = new Machine(vax);
  loadProgram(assemble(vax, `.org 0x200\n${source}`), m);
  for (const [offset, handler] of Object.entries(SCB_HANDLERS)) m.loadCells(Number(offset), [handler & 0xff, handler >> 8, 0, 0]);
  m.setReg('KSP', KSP);
  m.setReg('ESP', ESP);
  m.setReg('SSP', SSP);
  m.setReg('USP', USP);
  m.setReg('ISP', ISP);
  m.setReg('PSL.IS', o.is ?? 0);
  m.setReg('PSL.IPL', o.ipl ?? 0);
  m.setReg('PSL.CUR', mode);
  m.setReg('PSL.PRV', o.prv ?? mode);
  // R14 is the stack in use: the interrupt stack, or the mode's.
  m.setFile('R', 14, o.is ? ISP : [KSP, ESP, SSP, USP][mode]!);
  return m;
}

const long = (m: Machine, a: number) => m.readCells(a, 4).reduce((v, b, i) => v + b * 2 ** (8 * i), 0);
const sp = (m: Machine) => m.getFile('R', 14) >>> 0;
/** The whole PSL, from its fields (each field is a register of the machine). */
const psl = (m: Machine) =>
  vax.state.registers.filter((r) => r.fieldOf?.register === 'PSL').reduce((v, r) => v + m.getReg(r.name) * 2 ** r.fieldOf!.lo, 0);

describe('privileged instructions: kernel only', () => {
  test.each([
    ['mtpr r1, #ipl', 'MTPR.IPL'],
    ['mfpr #scbb, r1', 'MFPR.SCBB'],
    ['mtpr r1, #txdb', 'MTPR.TXDB'],
    ['ldpctx', 'LDPCTX'],
    ['svpctx', 'SVPCTX'],
    ['halt', 'HALT'],
  ])('%s completes in kernel mode and takes the privileged-instruction fault in executive, supervisor and user', (source, mnemonic) => {
    for (const mode of [E, S, U]) {
      const m = machine(source, mode);
      const r = m.step();
      expect([r.mnemonic, r.trap?.name]).toEqual([mnemonic, 'privileged']);
      // The fault: kernel mode, PRV the old mode, the PC of the instruction and the old PSL on the kernel stack.
      expect(m.getReg('PSL.CUR')).toBe(K);
      expect(m.getReg('PSL.PRV')).toBe(mode);
      expect(m.getReg('PC')).toBe(0x400);
      expect(sp(m)).toBe(KSP - 8);
      expect(long(m, KSP - 8)).toBe(0x200);
      expect(long(m, KSP - 4) >>> 0).toBe(((mode << 24) | (mode << 22)) >>> 0);
      // The mode's own stack pointer was saved.
      expect(m.getReg(['KSP', 'ESP', 'SSP', 'USP'][mode]!) >>> 0).toBe([KSP, ESP, SSP, USP][mode]);
    }
    const k = machine(source, K);
    k.setReg('PCBB', 0x3000);
    k.loadCells(0x3000, [KSP & 0xff, KSP >> 8, 0, 0]); // the PCB's KSP, for LDPCTX's pushes
    const r = k.step();
    expect(r.trap).toBeUndefined();
  });

  test('HALT stops the processor in kernel mode', () => {
    const m = machine('halt', K);
    expect(m.step().halted).toBe(true);
  });
});

describe('MOVPSL, BISPSW, BICPSW: unprivileged', () => {
  test('MOVPSL gives the whole PSL in user mode, previous mode and IPL included, without a fault', () => {
    const m = machine('movpsl r3', U, { prv: U });
    m.setReg('PSL.N', 1);
    const r = m.step();
    expect(r.trap).toBeUndefined();
    expect(m.getFile('R', 3) >>> 0).toBe(0x03c0_0008);
  });
  test('BISPSW and BICPSW change the PSW in user mode; a mask with bits 15:8 is a reserved operand', () => {
    const m = machine('bispsw r1\nbicpsw r2\nbispsw r3', U);
    m.setFile('R', 1, 0xff);
    m.setFile('R', 2, 0x0f);
    m.setFile('R', 3, 0x100);
    m.step();
    expect(psl(m) & 0xff).toBe(0xff);
    m.step();
    expect(psl(m) & 0xff).toBe(0xf0);
    expect(m.step().trap?.name).toBe('reservedOperand');
  });
});

describe('CHMx: to the more privileged of the target and the current mode', () => {
  test('CHMK from user: kernel mode, code, PC of the next instruction and PSL on the kernel stack, USP saved', () => {
    const m = machine('chmk #7', U);
    m.setFile('R', 14, USP - 0x10);
    const r = m.step();
    expect(r.trap?.name).toBe('chmk');
    expect([m.getReg('PSL.CUR'), m.getReg('PSL.PRV'), m.getReg('PC')]).toEqual([K, U, 0x410]);
    expect(m.getReg('USP')).toBe(USP - 0x10);
    expect(sp(m)).toBe(KSP - 12);
    expect([long(m, KSP - 12), long(m, KSP - 8), long(m, KSP - 4)]).toEqual([7, 0x202, 0x03c0_0000]);
  });
  test('CHMS from user enters supervisor mode on the supervisor stack; CHMU from kernel stays in kernel', () => {
    const s = machine('chms #1', U);
    s.step();
    expect([s.getReg('PSL.CUR'), s.getReg('PSL.PRV'), sp(s), s.getReg('PC')]).toEqual([S, U, SSP - 12, 0x418]);
    const k = machine('chmu #1', K);
    k.step();
    expect([k.getReg('PSL.CUR'), k.getReg('PSL.PRV'), sp(k), k.getReg('PC')]).toEqual([K, K, KSP - 12, 0x41c]);
  });
  test('CHMK on the interrupt stack halts the processor', () => {
    const m = machine('chmk #0', K, { is: 1, ipl: 31 });
    const r = m.step();
    expect(r.trap).toBeUndefined();
    expect(r.halted).toBe(true);
  });
});

describe('REI', () => {
  /** A machine about to REI from `mode` with `newPsl` and PC 0x300 on its stack. */
  const rei = (mode: number, newPsl: number, o: { is?: number; ipl?: number } = {}) => {
    const m = machine('rei', mode, o);
    const top = sp(m) - 8;
    m.setFile('R', 14, top);
    m.loadCells(top, [0x00, 0x03, 0, 0, newPsl & 0xff, (newPsl >>> 8) & 0xff, (newPsl >>> 16) & 0xff, newPsl >>> 24]);
    return m;
  };
  test('from kernel to user: mode, PC and PSL from the stack; the kernel stack saved, the user stack loaded', () => {
    const m = rei(K, 0x03c0_0004);
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('PSL.CUR'), m.getReg('PSL.PRV'), m.getReg('PC'), psl(m)]).toEqual([U, U, 0x300, 0x03c0_0004]);
    expect(m.getReg('KSP')).toBe(KSP);
    expect(sp(m)).toBe(USP);
  });
  test('from the interrupt stack to kernel: ISP saved, KSP loaded', () => {
    const m = rei(K, 0x0000_0000, { is: 1, ipl: 31 });
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('PSL.IS'), m.getReg('ISP'), sp(m)]).toEqual([0, ISP, KSP]);
  });
  test('to a more privileged mode, with IPL above 0 outside kernel, or with PRV more privileged than CUR: reserved operand', () => {
    expect(rei(U, 0x0000_0000).step().trap?.name).toBe('reservedOperand');
    expect(rei(K, 0x03c1_0000).step().trap?.name).toBe('reservedOperand');
    expect(rei(K, 0x0300_0000).step().trap?.name).toBe('reservedOperand');
    expect(rei(K, 0x8000_0000).step().trap?.name).toBe('reservedOperand');
  });
  test('in user mode, back to user mode: not privileged; with ASTLVL at or below user it requests the AST interrupt', () => {
    const m = rei(U, 0x03c0_0000);
    m.setReg('ASTLVL', 3);
    expect(m.step().trap).toBeUndefined();
    expect(m.getReg('SISR')).toBe(4);
  });
});

describe('memory management and PROBE', () => {
  /** S0 page 0 (0x80000000) mapped to frame 0x10 (0x2000) with protection `prot`, valid or not. */
  const mapped = (source: string, mode: number, prot: number, valid = 1, prv = mode) => {
    const m = machine(source, mode, { prv });
    m.setReg('SBR', 0x4000);
    m.setReg('SLR', 1);
    m.setReg('MAPEN', 1);
    // P0 pages 0-31 (the code at 0x200 and the stacks) are mapped 1:1 for every mode (UW = 4).
    m.setReg('P0BR', 0x4100);
    m.setReg('P0LR', 32);
    const pte = (v: number, p: number, pfn: number) => (((v << 31) | (p << 27) | pfn) >>> 0);
    const bytes = (x: number) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24];
    m.loadCells(0x4000, bytes(pte(valid, prot, 0x10)));
    for (let page = 0; page < 32; page++) m.loadCells(0x4100 + 4 * page, bytes(pte(1, 4, page)));
    m.setFile('R', 1, 0x8000_0000);
    m.setFile('R', 2, 4);
    return m;
  };
  test('a kernel-write page (KW) is read by kernel code and refused to user code with an access violation', () => {
    const k = mapped('movl 0(r1), r3', K, 2);
    k.loadCells(0x2000, [0x78, 0x56, 0x34, 0x12]);
    expect(k.step().trap).toBeUndefined();
    expect(k.getFile('R', 3)).toBe(0x1234_5678);
    const u = mapped('movl 0(r1), r3', U, 2);
    const r = u.step();
    expect([r.trap?.name, r.trap?.value]).toEqual(['accessViolation', 0x8000_0000]);
    // Two parameters on the kernel stack: the fault parameter (read: 0) and the address.
    expect([long(u, KSP - 16), long(u, KSP - 12), long(u, KSP - 8)]).toEqual([0, 0x8000_0000, 0x200]);
  });
  test('a user-read page (UR) refuses a user write (parameter bit 2), and an invalid page gives translation-not-valid', () => {
    const w = mapped('movl r2, 0(r1)', U, 15);
    expect(w.step().trap?.name).toBe('accessViolationWrite');
    expect(long(w, KSP - 16)).toBe(4);
    expect(mapped('movl 0(r1), r3', U, 15, 0).step().trap?.name).toBe('translationNotValid');
  });
  test('PROBER checks the less privileged of the mode operand and PSL<PRV>, not the current mode', () => {
    const probe = (mode: number, prv: number, operand: number) => {
      const m = mapped('prober r5, r2, (r1)', mode, 2, 1, prv);
      m.setFile('R', 5, operand);
      expect(m.step().trap).toBeUndefined();
      return m.getReg('PSL.Z');
    };
    expect(probe(K, K, K)).toBe(0); // kernel probing for kernel: accessible
    expect(probe(K, U, K)).toBe(1); // kernel, previous mode user: not accessible
    expect(probe(K, K, U)).toBe(1); // the operand asks for user: not accessible
    expect(probe(U, U, K)).toBe(1); // in user mode the probe is for user, whatever the operand
  });
  test('PROBEW on a page every mode may read but only kernel write (URKW)', () => {
    const m = mapped('probew r5, r2, (r1)', K, 14);
    m.setFile('R', 5, 0);
    m.step();
    expect(m.getReg('PSL.Z')).toBe(0);
    const u = mapped('probew r5, r2, (r1)', K, 14, 1, U);
    u.setFile('R', 5, 0);
    u.step();
    expect(u.getReg('PSL.Z')).toBe(1);
  });
  test('with MAPEN = 0 everything is accessible and an address beyond memory is a machine check', () => {
    const m = machine('prober r5, r2, (r1)\nmovl 0(r1), r3', U);
    m.setFile('R', 1, 0x2000);
    m.setFile('R', 2, 4);
    m.step();
    expect(m.getReg('PSL.Z')).toBe(0);
    m.setFile('R', 1, 0x10000);
    expect(m.step().trap?.name).toBe('machineCheck');
  });
});

describe('processor registers and the banked stack pointers', () => {
  test('MTPR/MFPR KSP reach R14 on the kernel stack and the saved copy on the interrupt stack; ISP the other way round', () => {
    const k = machine('mtpr r1, #ksp\nmfpr #isp, r2', K);
    k.setFile('R', 1, 0x1700);
    k.step();
    k.step();
    expect([sp(k), k.getReg('KSP'), k.getFile('R', 2)]).toEqual([0x1700, KSP, ISP]);
    const i = machine('mtpr r1, #ksp\nmfpr #isp, r2', K, { is: 1 });
    i.setFile('R', 1, 0x1700);
    i.step();
    i.step();
    expect([sp(i), i.getReg('KSP'), i.getFile('R', 2)]).toEqual([ISP, 0x1700, ISP]);
  });
  test('MTPR TXDB prints a character; SIRR sets a bit of SISR; ASTLVL above 4 is a reserved operand', () => {
    const m = machine('mtpr r1, #txdb\nmtpr r2, #sirr\nmtpr r3, #astlvl', K);
    m.setFile('R', 1, 0x41);
    m.setFile('R', 2, 3);
    m.setFile('R', 3, 5);
    m.step();
    expect(m.readCell(0x10000)).toBe(0x41);
    m.step();
    expect(m.getReg('SISR')).toBe(8);
    expect(m.step().trap?.name).toBe('reservedOperand');
  });
  test('SVPCTX then LDPCTX: the context goes to the PCB and comes back, with PC and PSL pushed for an REI', () => {
    const m = machine('svpctx\nldpctx', K);
    m.setReg('PCBB', 0x5000);
    m.setFile('R', 14, KSP - 8);
    m.loadCells(KSP - 8, [0x34, 0x12, 0, 0, 0, 0, 0xc0, 0x03]);
    for (let i = 0; i < 14; i++) m.setFile('R', i, 0x100 + i);
    m.step();
    expect([m.getReg('PSL.IS'), m.getReg('PSL.IPL'), sp(m), m.getReg('KSP')]).toEqual([1, 1, ISP, KSP]);
    expect([long(m, 0x5000), long(m, 0x5000 + 16), long(m, 0x5000 + 68), long(m, 0x5000 + 72), long(m, 0x5000 + 76)]).toEqual([KSP, 0x100, 0x10d, 0x1234, 0x03c0_0000]);
    for (let i = 0; i < 14; i++) m.setFile('R', i, 0);
    m.step();
    expect(m.getFile('R', 13)).toBe(0x10d);
    expect([m.getReg('PSL.IS'), m.getReg('ISP'), sp(m)]).toEqual([0, ISP, KSP - 8]);
    expect([long(m, KSP - 8), long(m, KSP - 4)]).toEqual([0x1234, 0x03c0_0000]);
  });
});

describe('the example kernel, bare', () => {
  test('examples/vax/os.s prints from kernel and user mode, refuses a privileged instruction, and halts in kernel mode', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../examples/vax/os.s'), 'utf8');
    const m = new Machine(vax);
    const r = runProgram(m, { ...assemble(vax, source) }, { maxSteps: 100_000 });
    expect(r.reason).toBe('halted');
    expect(r.output).toBe(
      'VAX kernel: running in kernel mode\nuser: hello from user mode\nuser: 1 + 2 + ... + 10 = 55\n[kernel: privileged instruction refused]\nuser: still here\nkernel: user program exited\n',
    );
    expect(m.getReg('PSL.CUR')).toBe(K);
  });
});
