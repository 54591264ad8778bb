/**
 * The x86 model on the emulator: each system instruction at CPL 0 and at CPL 3 (and CPL 1 where
 * IOPL decides), the exception sequence through the IDT with its stack switch, the segment loads
 * and their checks, the descriptor-checking instructions, far transfers and IRET, the
 * configurations' bits (TSD, UMIP), and the example kernel bare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { x86, x86Umip, type IsaDescription } from '../../../spec/index.js';
import { x86Model } from '../../../spec/isa/x86/index.js';
import { Machine } from '../../../machine/index.js';
import { assemble, loadProgram } from '../../../asm/index.js';
import { runCli } from '../../cli/run-cli.js';

const KSTACK = 0x3000;
const USTACK = 0x8000;
const GDT = [
  [0, 0],
  [0x0000ffff, 0x00cf9a00], // 0x08 kernel code, flat, DPL 0
  [0x0000ffff, 0x00cf9200], // 0x10 kernel data, flat, DPL 0
  [0x0000ffff, 0x00cffa00], // 0x18 user code, flat, DPL 3
  [0x0000ffff, 0x00cff200], // 0x20 user data, flat, DPL 3
  [0x01000067, 0x00008900], // 0x28 TSS at 0x100, limit 0x67
  [0x0000ffff, 0x00cf7200], // 0x30 user data, NOT present
  [0x0000ffff, 0x00cfba00], // 0x38 code, DPL 1
  [0x50000fff, 0x0000f200], // 0x40 user data: base 0x5000, limit 0xFFF (byte granular), DPL 3
  [0x00081200, 0x0000ec00], // 0x48 call gate to 0x08:0x1200, DPL 3
  [0x00081200, 0x00008c00], // 0x50 call gate to 0x08:0x1200, DPL 0
] as const;
const HANDLER = { 6: 0x600, 11: 0x610, 12: 0x620, 13: 0x630, 0x80: 0x680 } as const;

const long = (m: Machine, a: number) => m.readCells(a, 4).reduce((v, b, i) => v + b * 2 ** (8 * i), 0);
const putLong = (m: Machine, a: number, v: number) => m.loadCells(a, [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
/** CS is a register with fields (RPL, TI, INDEX): the machine holds each field. */
const cs = (m: Machine) => m.getReg('CS.RPL') | (m.getReg('CS.TI') << 2) | (m.getReg('CS.INDEX') << 3);
function setCs(m: Machine, v: number): void {
  m.setReg('CS.RPL', v & 3);
  m.setReg('CS.TI', (v >> 2) & 1);
  m.setReg('CS.INDEX', v >> 3);
}
const esp = (m: Machine) => m.getFile('R', 4) >>> 0;

/** A machine with `source` at 0x1000, the GDT above at 0, a TSS at 0x100, the IDT at 0x800, at CPL `cpl` (flat segments of that DPL). */
function machine(source: string, cpl: number, isa: IsaDescription = x86): Machine {
  const m = new Machine(isa);
  loadProgram(assemble(isa, `.org 0x1000\n${source}`), m);
  GDT.forEach(([lo, hi], i) => {
    putLong(m, 8 * i, lo);
    putLong(m, 8 * i + 4, hi);
  });
  putLong(m, 0x104, KSTACK); // ESP0
  putLong(m, 0x108, 0x10); // SS0
  for (const [v, h] of Object.entries(HANDLER)) {
    const gate = 0x800 + 8 * Number(v);
    putLong(m, gate, (0x08 << 16) | h);
    putLong(m, gate + 4, Number(v) === 0x80 ? 0xee00 : 0x8e00);
  }
  m.setReg('GDTR_base', 0);
  m.setReg('GDTR_limit', 8 * GDT.length - 1);
  m.setReg('IDTR_base', 0x800);
  m.setReg('IDTR_limit', 0x407);
  m.setReg('TR', 0x28);
  m.setReg('TR_base', 0x100);
  m.setReg('TR_limit', 0x67);
  const user = cpl !== 0;
  setCs(m, user ? 0x18 | cpl : 0x08);
  for (const s of ['SS', 'DS', 'ES']) {
    m.setReg(s, user ? 0x23 : 0x10);
    m.setReg(`${s}_ar`, user ? 0xf2 : 0x92);
  }
  m.setFile('R', 4, user ? USTACK : KSTACK);
  return m;
}

describe('privileged instructions: CPL 0 only (SDM 3A 5.9)', () => {
  test.each([
    ['lgdt [ebx+0x2000]', 'LGDT'],
    ['lidt [ebx+0x2000]', 'LIDT'],
    ['lldt eax', 'LLDT'],
    ['ltr ecx', 'LTR'],
    ['lmsw eax', 'LMSW'],
    ['clts', 'CLTS'],
    ['mov eax, cr0', 'MOV.fromCR0'],
    ['mov cr3, eax', 'MOV.toCR3'],
    ['mov cr4, eax', 'MOV.toCR4'],
    ['hlt', 'HLT'],
    ['invd', 'INVD'],
    ['wbinvd', 'WBINVD'],
    ['invlpg [ebx+0]', 'INVLPG'],
  ])('%s completes at CPL 0 and takes #GP(0) at CPL 1 and 3', (source, mnemonic) => {
    for (const cpl of [1, 3]) {
      const m = machine(source, cpl);
      m.setFile('R', 1, 0x28);
      m.setReg('TR', 0);
      const r = m.step();
      expect([r.mnemonic, r.trap?.name]).toEqual([mnemonic, 'GP']);
      expect([m.getReg('CS.RPL'), m.getReg('EIP')]).toEqual([0, HANDLER[13]]);
      // The error code 0, then EIP of the faulting instruction, CS, EFLAGS, ESP, SS, on the ring-0 stack.
      expect([long(m, KSTACK - 24), long(m, KSTACK - 20), long(m, KSTACK - 16)]).toEqual([0, 0x1000, 0x18 | cpl]);
      expect([long(m, KSTACK - 8), long(m, KSTACK - 4)]).toEqual([USTACK, 0x23]);
    }
    const k = machine(source, 0);
    k.setFile('R', 1, 0x28);
    k.setReg('TR', 0);
    const r = k.step();
    expect([r.mnemonic, r.trap]).toEqual([mnemonic, undefined]);
  });

  test('LGDT loads the limit and base from memory; LTR loads TR from an available TSS and marks it busy', () => {
    const m = machine('lgdt [ebx+0x2000]\nltr ecx', 0);
    m.loadCells(0x2000, [0x47, 0x00, 0x00, 0x00, 0x00, 0x00]);
    m.setFile('R', 1, 0x28);
    m.setReg('TR', 0);
    m.step();
    expect([m.getReg('GDTR_limit'), m.getReg('GDTR_base')]).toEqual([0x47, 0]);
    m.step();
    expect([m.getReg('TR'), m.getReg('TR_base'), m.getReg('TR_limit')]).toEqual([0x28, 0x100, 0x67]);
    expect(long(m, 0x2c) & 0xf00).toBe(0xb00);
    // Loading it again: the TSS is busy now, #GP(selector).
    const again = machine('ltr ecx', 0);
    putLong(again, 0x2c, 0x8b00);
    again.setFile('R', 1, 0x28);
    expect([again.step().trap?.name, long(again, KSTACK - 16)]).toEqual(['GPoperand', 0x28]); // same level: EFLAGS, CS, EIP, the error code
  });

  test('MOV to CR0 keeps PE and PG; NW without CD is #GP(0) for an invalid operand', () => {
    const m = machine('mov cr0, eax\nmov cr0, ecx', 0);
    m.setFile('R', 0, 0x8000_000a); // PG, MP, TS; PE clear
    m.setFile('R', 1, 0x2000_0000);
    m.step();
    expect([m.getReg('CR0.PE'), m.getReg('CR0.PG'), m.getReg('CR0.MP'), m.getReg('CR0.TS')]).toEqual([1, 0, 1, 1]);
    expect(m.step().trap?.name).toBe('GPoperand');
  });
});

describe('the instructions Robin & Irvine list as sensitive and unprivileged', () => {
  test.each([
    ['sgdt [ebx+0x2000]', 'SGDT'],
    ['sidt [ebx+0x2000]', 'SIDT'],
    ['sldt eax', 'SLDT'],
    ['str eax', 'STR'],
    ['smsw eax', 'SMSW'],
  ])('%s completes at CPL 3 on the Pentium; with CR4.UMIP = 1 it takes #GP(0) at CPL 3 and completes at CPL 0', (source, mnemonic) => {
    const m = machine(source, 3);
    expect([m.step().mnemonic, m.halted]).toEqual([mnemonic, false]);
    expect(m.getReg('CS.RPL')).toBe(3);
    const u = machine(source, 3, x86Umip);
    u.setReg('CR4.UMIP', 1);
    expect(u.step().trap?.name).toBe('GP');
    const off = machine(source, 3, x86Umip);
    expect(off.step().trap).toBeUndefined();
    const k = machine(source, 0, x86Umip);
    k.setReg('CR4.UMIP', 1);
    expect(k.step().trap).toBeUndefined();
  });

  test('SGDT and SIDT store the table registers at CPL 3; STR and SMSW give TR and the machine status word', () => {
    const m = machine('sgdt [ebx+0x2000]\nsidt [ebx+0x2010]\nstr eax\nsmsw ecx', 3);
    for (let i = 0; i < 4; i++) m.step();
    expect(m.readCells(0x2000, 6)).toEqual([8 * GDT.length - 1, 0, 0, 0, 0, 0]);
    expect(m.readCells(0x2010, 6)).toEqual([0x07, 0x04, 0x00, 0x08, 0, 0]);
    expect([m.getFile('R', 0), m.getFile('R', 1)]).toEqual([0x28, 0x11]);
  });

  test('PUSHF at CPL 3 pushes IF and IOPL', () => {
    const m = machine('pushf', 3);
    m.setReg('EFLAGS.IF', 1);
    m.setReg('EFLAGS.IOPL', 2);
    m.step();
    expect(long(m, USTACK - 4)).toBe(0x2202);
  });

  test('POPF: at CPL 0 it writes IF and IOPL; at CPL 3 > IOPL it leaves both silently; at CPL 1 = IOPL it writes IF, not IOPL', () => {
    const popf = (cpl: number, iopl: number) => {
      const m = machine('popf', cpl);
      m.setReg('EFLAGS.IOPL', iopl);
      m.setFile('R', 4, esp(m) - 4);
      putLong(m, esp(m), 0x3ac3); // IOPL 3, OF, IF, SF, ZF, CF, NT 0, bit 1
      const r = m.step();
      expect(r.trap).toBeUndefined();
      return [m.getReg('EFLAGS.IF'), m.getReg('EFLAGS.IOPL'), m.getReg('EFLAGS.ZF'), m.getReg('EFLAGS.OF')];
    };
    expect(popf(0, 0)).toEqual([1, 3, 1, 1]);
    expect(popf(3, 0)).toEqual([0, 0, 1, 1]);
    expect(popf(1, 1)).toEqual([1, 1, 1, 1]);
  });

  test('MOV from CS and PUSH CS reveal the CPL (CS.RPL); PUSH SS the stack selector', () => {
    const m = machine('mov eax, cs\npush cs\npush ss\nmov edx, ds', 3);
    for (let i = 0; i < 4; i++) m.step();
    expect([m.getFile('R', 0), long(m, USTACK - 4), long(m, USTACK - 8), m.getFile('R', 2)]).toEqual([0x1b, 0x1b, 0x23, 0x23]);
  });

  test('MOV to DS at CPL 3: a DPL 3 segment loads its cache; DPL 0 is #GP(selector); not present #NP; null loads and faults on use', () => {
    const m = machine('mov ds, eax\nmov ebx, [ebx+0]\nmov ds, ecx', 3);
    m.setFile('R', 0, 0x43);
    m.setFile('R', 3, 0x10);
    m.setFile('R', 1, 0x10);
    m.step();
    expect([m.getReg('DS'), m.getReg('DS_base'), m.getReg('DS_limit'), m.getReg('DS_ar')]).toEqual([0x43, 0x5000, 0xfff, 0xf2]);
    putLong(m, 0x5010, 0xcafe);
    m.step();
    expect(m.getFile('R', 3)).toBe(0xcafe);
    expect(m.step().trap?.name).toBe('GP');
    expect(long(m, KSTACK - 24)).toBe(0x10);
    const np = machine('mov es, eax', 3);
    np.setFile('R', 0, 0x33);
    expect([np.step().trap?.name, long(np, KSTACK - 24)]).toEqual(['NP', 0x30]);
    const nul = machine('mov ds, eax\nmov ebx, [ebx+0]', 3);
    nul.setFile('R', 0, 0x3);
    expect(nul.step().trap).toBeUndefined();
    expect([nul.getReg('DS'), nul.getReg('DS_ar')]).toEqual([3, 0]);
    expect(nul.step().trap?.name).toBe('GPfault');
  });

  test('MOV to SS needs RPL = DPL = CPL; POP DS loads from the stack', () => {
    const m = machine('mov ss, eax', 3);
    m.setFile('R', 0, 0x20); // RPL 0 at CPL 3
    expect(m.step().trap?.name).toBe('GP');
    const p = machine('pop ds', 3);
    p.setFile('R', 4, USTACK - 4);
    putLong(p, USTACK - 4, 0x43);
    expect(p.step().trap).toBeUndefined();
    expect([p.getReg('DS_base'), esp(p)]).toEqual([0x5000, USTACK]);
  });

  test('the segment limit: a load beyond DS.limit is #GP(0), a push beyond SS.limit #SS(0)', () => {
    const m = machine('mov ds, eax\nmov ecx, [ebx+0xffd]', 3);
    m.setFile('R', 0, 0x43);
    m.step();
    expect(m.step().trap?.name).toBe('GPfault');
    const s = machine('push eax', 3);
    s.setReg('SS_limit', USTACK - 2);
    expect(s.step().trap?.name).toBe('SSfault');
  });

  test('LAR, LSL, VERR, VERW at CPL 3: a DPL 3 data segment is visible and writable; a DPL 0 one is not; the TSS is visible to LAR only at CPL 0', () => {
    const m = machine('lar eax, ebx\nlsl ecx, ebx\nverr ebx\nverw ebx', 3);
    m.setFile('R', 3, 0x43);
    m.step();
    expect([m.getReg('EFLAGS.ZF'), m.getFile('R', 0)]).toEqual([1, 0x0000f200]);
    m.step();
    expect([m.getReg('EFLAGS.ZF'), m.getFile('R', 1)]).toEqual([1, 0xfff]);
    m.step();
    expect(m.getReg('EFLAGS.ZF')).toBe(1);
    m.step();
    expect(m.getReg('EFLAGS.ZF')).toBe(1);
    const k = machine('lar eax, ebx\nverw ebx', 3);
    k.setFile('R', 3, 0x10);
    k.step();
    expect(k.getReg('EFLAGS.ZF')).toBe(0);
    k.setReg('EFLAGS.ZF', 1);
    k.step();
    expect(k.getReg('EFLAGS.ZF')).toBe(0);
    const t = machine('lar eax, ebx', 0);
    t.setFile('R', 3, 0x28);
    t.step();
    expect([t.getReg('EFLAGS.ZF'), t.getFile('R', 0)]).toEqual([1, 0x8900]);
  });
});

describe('CLI, STI, IN, OUT: by IOPL', () => {
  test.each(['cli', 'sti', 'in 0x10', 'out 0x10'])('%s takes #GP(0) when CPL > IOPL and completes when CPL <= IOPL', (source) => {
    const m = machine(source, 3);
    expect(m.step().trap?.name).toBe('GP');
    const ok = machine(source, 3);
    ok.setReg('EFLAGS.IOPL', 3);
    expect(ok.step().trap).toBeUndefined();
    const k = machine(source, 0);
    expect(k.step().trap).toBeUndefined();
  });
  test('OUT to port E9h writes the console cell; IN reads a port into AL', () => {
    const m = machine('out 0xe9\nin 0x10', 0);
    m.setFile('R', 0, 0x1234_5641);
    m.writeCell(0x10010, 0x7f);
    m.step();
    expect(m.readCell(0x100e9)).toBe(0x41);
    m.step();
    expect(m.getFile('R', 0)).toBe(0x1234_567f);
  });
});

describe('RDTSC and CR4.TSD', () => {
  test('RDTSC reads the counter at CPL 3 unless TSD = 1; at CPL 0 always', () => {
    const m = machine('rdtsc', 3);
    m.setReg('TSC_lo', 0x1234);
    m.setReg('TSC_hi', 7);
    expect(m.step().trap).toBeUndefined();
    expect([m.getFile('R', 0), m.getFile('R', 2)]).toEqual([0x1234, 7]);
    const t = machine('rdtsc', 3);
    t.setReg('CR4.TSD', 1);
    expect(t.step().trap?.name).toBe('GP');
    const k = machine('rdtsc', 0);
    k.setReg('CR4.TSD', 1);
    expect(k.step().trap).toBeUndefined();
  });
});

describe('interrupts, far transfers and returns', () => {
  test('INT 0x80 from CPL 3 through a DPL 3 gate: ring 0 on the TSS stack, SS ESP EFLAGS CS and the next EIP pushed, IF cleared', () => {
    const m = machine('int 0x80', 3);
    m.setReg('EFLAGS.IF', 1);
    const r = m.step();
    expect(r.trap?.name).toBe('INT');
    expect([cs(m), m.getReg('EIP'), m.getReg('SS'), esp(m), m.getReg('EFLAGS.IF')]).toEqual([0x08, 0x680, 0x10, KSTACK - 20, 0]);
    expect([0, 4, 8, 12, 16].map((o) => long(m, KSTACK - 20 + o))).toEqual([0x1002, 0x1b, 0x202, USTACK, 0x23]);
  });
  test('INT 13 from CPL 3 through a DPL 0 gate is #GP(13 × 8 + 2); INT3 through a missing gate is #GP(3 × 8 + 2)', () => {
    const m = machine('int 13', 3);
    expect(m.step().trap?.name).toBe('GP');
    expect(long(m, KSTACK - 24)).toBe(13 * 8 + 2);
    const b = machine('int3', 0);
    expect(b.step().trap?.name).toBe('GP');
    expect(long(b, KSTACK - 16)).toBe(3 * 8 + 2);
  });
  test('IRET from CPL 0 to CPL 3: CS, EIP, EFLAGS (IF and IOPL as CPL 0 may), ESP, SS; a DS of DPL 0 is nulled', () => {
    const m = machine('iret', 0);
    m.setFile('R', 4, KSTACK - 20);
    [0x2000, 0x1b, 0x3202, USTACK - 16, 0x23].forEach((v, i) => putLong(m, KSTACK - 20 + 4 * i, v));
    expect(m.step().trap).toBeUndefined();
    expect([cs(m), m.getReg('EIP'), m.getReg('EFLAGS.IF'), m.getReg('EFLAGS.IOPL'), esp(m), m.getReg('SS'), m.getReg('SS_ar')]).toEqual([0x1b, 0x2000, 1, 3, USTACK - 16, 0x23, 0xf2]);
    expect([m.getReg('DS'), m.getReg('DS_ar'), m.getReg('ES')]).toEqual([0, 0, 0]);
  });
  test('IRET at CPL 3 to CPL 3 leaves IF and IOPL; to CPL 0 (an inner level) it is #GP(selector); with NT = 1 #GP(0) (task switches are not modelled)', () => {
    const m = machine('iret', 3);
    m.setFile('R', 4, USTACK - 12);
    [0x2000, 0x1b, 0x3202].forEach((v, i) => putLong(m, USTACK - 12 + 4 * i, v));
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('EIP'), m.getReg('EFLAGS.IF'), m.getReg('EFLAGS.IOPL'), esp(m)]).toEqual([0x2000, 0, 0, USTACK]);
    const inner = machine('iret', 3);
    inner.setFile('R', 4, USTACK - 12);
    [0x2000, 0x08, 0x2].forEach((v, i) => putLong(inner, USTACK - 12 + 4 * i, v));
    expect([inner.step().trap?.name, long(inner, KSTACK - 24)]).toEqual(['GP', 0x08]);
    const nt = machine('iret', 0);
    nt.setReg('EFLAGS.NT', 1);
    expect(nt.step().trap?.name).toBe('GP');
  });
  test('far JMP to a DPL 0 code segment from CPL 3 is #GP(selector); LCALL at CPL 0 pushes CS and the next EIP; LRET returns', () => {
    const m = machine('ljmp 0x08, 0x2000', 3);
    expect([m.step().trap?.name, long(m, KSTACK - 24)]).toEqual(['GP', 0x08]);
    const c = machine('lcall 0x08, 0x1100\n.org 0x1100\nlret', 0);
    expect(c.step().trap).toBeUndefined();
    expect([c.getReg('EIP'), long(c, KSTACK - 4), long(c, KSTACK - 8)]).toEqual([0x1100, 0x08, 0x1007]);
    expect(c.step().trap).toBeUndefined();
    expect([c.getReg('EIP'), cs(c), esp(c)]).toEqual([0x1007, 0x08, KSTACK]);
  });
  test('with gate calls (not in the bundled models), LCALL through a DPL 3 call gate from CPL 3: ring 0 on the TSS stack, the caller’s SS, ESP, CS and EIP pushed; LRET returns to ring 3', () => {
    const inner = x86Model('x86-gates', 'x86 with far CALL through call gates', { umip: false, gateCalls: true }, ['iopl']);
    const m = machine('lcall 0x4b, 0\n.org 0x1200\nlret', 3, inner);
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('CS.RPL'), cs(m), m.getReg('EIP'), m.getReg('SS'), esp(m)]).toEqual([0, 0x08, 0x1200, 0x10, KSTACK - 16]);
    expect([0, 4, 8, 12].map((o) => long(m, KSTACK - 16 + o))).toEqual([0x1007, 0x1b, USTACK, 0x23]);
    expect(m.step().trap).toBeUndefined();
    expect([cs(m), m.getReg('EIP'), m.getReg('SS'), esp(m)]).toEqual([0x1b, 0x1007, 0x23, USTACK]);
  });
  test('the bundled models refuse a far CALL through a call gate (an excluded #GP); with gate calls, a gate to the same level is taken', () => {
    const m = machine('lcall 0x4b, 0', 3);
    expect(m.step().trap?.name).toBe('GPoperand');
    const gates = x86Model('x86-gates', 'x86 with far CALL through call gates', { umip: false, gateCalls: true }, ['iopl']);
    const same = machine('lcall 0x4b, 0\n.org 0x1200\nlret', 0, gates);
    expect(same.step().trap).toBeUndefined();
    expect([cs(same), same.getReg('EIP'), long(same, KSTACK - 4), long(same, KSTACK - 8)]).toEqual([0x08, 0x1200, 0x08, 0x1007]);
  });
  test('a call gate of DPL 0 is #GP(gate) from CPL 3; LJMP through a gate to a more privileged level is #GP(target), to the same level it jumps', () => {
    const m = machine('ljmp 0x53, 0', 3);
    expect([m.step().trap?.name, long(m, KSTACK - 24)]).toEqual(['GP', 0x50]);
    const j = machine('ljmp 0x4b, 0', 3);
    expect([j.step().trap?.name, long(j, KSTACK - 24)]).toEqual(['GP', 0x08]);
    const k = machine('ljmp 0x4b, 0', 0);
    expect(k.step().trap).toBeUndefined();
    expect([cs(k), k.getReg('EIP'), esp(k)]).toEqual([0x08, 0x1200, KSTACK]);
  });
  test('LRET from CPL 0 to a CPL 1 code segment: an outer return, SS and ESP from the stack', () => {
    const m = machine('lret', 0);
    m.setFile('R', 4, KSTACK - 16);
    [0x2000, 0x39, 0x7000, 0x21].forEach((v, i) => putLong(m, KSTACK - 16 + 4 * i, v));
    // SS for CPL 1 must have RPL 1 and DPL 1: 0x21 names the DPL 3 user data, #GP(0x20).
    expect([m.step().trap?.name, long(m, KSTACK - 32)]).toEqual(['GP', 0x20]); // below the frame being popped
  });
});

describe('the example kernel (examples/x86/os.s)', () => {
  test('bare, `run` prints the kernel’s and the ring-3 program’s output and halts', async () => {
    const r = await runCli('run', 'x86', join(import.meta.dirname, '../../../examples/x86/os.s'));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      'x86 kernel: running in ring 0',
      'user: hello from ring 3',
      'user: 3 + 4 = 7',
      '[kernel: #GP, instruction skipped]',
      'user: still here',
      'kernel: user program exited',
    ]);
    expect(readFileSync(join(import.meta.dirname, '../../../examples/x86/os.s'), 'utf8')).toContain('int 0x80');
  });
});

