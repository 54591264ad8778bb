/**
 * The mips model (the R3000, little-endian) on the reference emulator: each system instruction in
 * kernel and user mode, the exceptions with EPC, Cause.BD, BadVAddr and the KU/IE stack, the
 * kseg/kuseg map with the TLB and its three exceptions, the branch delay slot, Random, and the
 * example kernel run bare.
 */
import { describe, expect, it } from 'vitest';
import { mips, mipsTlb8, mipsWith } from '../../../spec/index.js';
import { Machine } from '../../../machine/index.js';
import { assemble, loadProgram } from '../../../asm/index.js';
import { runCli } from '../../cli/run-cli.js';

const KSEG0 = 0x8000_0000;
/** Code goes at physical 0x2000 (kseg0 0x80002000, or kuseg 0x00400000 through TLB entry 0 when `user`). */
const CODE = 0x2000;
const UVA = 0x0040_0000;
const u = (m: Machine, name: string) => m.getReg(name) >>> 0;

/**
 * A machine with `src` at physical CODE, started there in kernel mode (BEV = 0) or in user mode
 * with TLB entry 0 mapping UVA to CODE (dirty, valid, global).
 */
function machine(src: string, options: { user?: boolean; cu0?: boolean; isa?: typeof mips } = {}) {
  const isa = options.isa ?? mips;
  const va = options.user ? UVA : KSEG0 + CODE;
  const m = new Machine(isa);
  loadProgram(assemble(isa, `        .org ${CODE}, ${va}\n${src}`), m);
  m.setReg('Status.BEV', 0);
  m.setReg('tlbHi0', UVA);
  m.setReg('tlbLo0', CODE | 0x700); // D, V, G
  m.setReg('PC', va);
  m.setReg('nPC', va + 4);
  if (options.user) m.setReg('Status.KUc', 1);
  if (options.cu0) m.setReg('Status.CU0', 1);
  return m;
}

describe('CP0 instructions in kernel and user mode', () => {
  const cp0Uses = ['mfc0 t0, Status', 'mtc0 t0, EntryHi', 'mfc0 t0, PRId', 'rfe', 'tlbr', 'tlbwi', 'tlbwr', 'tlbp', 'bc0f 1', 'halt'];

  it.each(cp0Uses)('%s completes in kernel mode', (text) => {
    const m = machine(text);
    const s = m.step();
    expect(s.trap).toBeUndefined();
  });

  it.each(cp0Uses)('%s takes Coprocessor Unusable (CE = 0) in user mode with CU0 clear', (text) => {
    const m = machine(text, { user: true });
    const s = m.step();
    expect(s.trap?.name).toBe('cpu0');
    expect(u(m, 'Cause.ExcCode')).toBe(11);
    expect(u(m, 'Cause.CE')).toBe(0);
    expect(u(m, 'EPC')).toBe(UVA);
    expect([u(m, 'Status.KUc'), u(m, 'Status.KUp')]).toEqual([0, 1]);
    expect(u(m, 'PC')).toBe(0x8000_0080);
  });

  it.each(cp0Uses.filter((t) => t !== 'halt' && t !== 'rfe'))('%s completes in user mode while CU0 is set', (text) => {
    const m = machine(text, { user: true, cu0: true });
    expect(m.step().trap).toBeUndefined();
    expect(u(m, 'Status.KUc')).toBe(1);
  });

  it('MFC0 reads PRId (R3000, implementation 2) and MTC0 Status writes every field but CM and TS', () => {
    const m = machine('mfc0 t0, PRId\n mtc0 t1, Status\n mfc0 t2, Status');
    m.setFile('r', 9, 0xffff_fffd); // every bit but KUc: stay in kernel mode
    m.run(3);
    expect(m.getFile('r', 8)).toBe(0x220);
    expect(m.getFile('r', 10) >>> 0).toBe(0xf057_ff3d);
  });

  it('MTC0 Status with KUc set changes the mode at once: the next fetch, from kseg0, is an address error', () => {
    const m = machine('mtc0 t1, Status\n addiu t0, zero, 1');
    m.setFile('r', 9, 2);
    m.step();
    expect(u(m, 'Status.KUc')).toBe(1);
    expect(m.step().trap?.name).toBe('addressLoad');
    expect(u(m, 'BadVAddr')).toBe(KSEG0 + CODE + 4);
  });

  it('MTC0 Cause writes only the software interrupt bits; EPC, BadVAddr and PRId ignore writes', () => {
    const m = machine('mtc0 t1, Cause\n mtc0 t1, EPC\n mtc0 t1, BadVAddr\n mtc0 t1, PRId');
    m.setFile('r', 9, 0xffff_ffff);
    m.run(4);
    expect([u(m, 'Cause.IPsw'), u(m, 'Cause.IPhw'), u(m, 'Cause.CE'), u(m, 'Cause.BD'), u(m, 'Cause.ExcCode')]).toEqual([3, 0, 0, 0, 0]);
    expect([u(m, 'EPC'), u(m, 'BadVAddr'), u(m, 'PRId')]).toEqual([0, 0, 0x220]);
  });

  it('RFE pops the KU/IE stack: current := previous, previous := old, old kept', () => {
    const m = machine('rfe');
    m.setReg('Status.KUp', 1);
    m.setReg('Status.IEp', 1);
    m.setReg('Status.KUo', 1);
    m.setReg('Status.IEo', 0);
    m.step();
    expect(['KUc', 'IEc', 'KUp', 'IEp', 'KUo', 'IEo'].map((f) => u(m, `Status.${f}`))).toEqual([1, 1, 1, 0, 1, 0]);
  });

  it('JR with RFE in its delay slot returns to user mode at the target', () => {
    const m = machine('jr k0\n rfe');
    m.setFile('r', 26, UVA);
    m.setReg('Status.KUp', 1);
    m.run(2);
    expect([u(m, 'PC'), u(m, 'Status.KUc')]).toEqual([UVA, 1]);
  });

  it('HALT stops the machine in kernel mode', () => {
    const m = machine('halt');
    expect(m.step().halted).toBe(true);
  });
});

describe('the TLB instructions', () => {
  it('TLBWI writes the entry Index names, TLBR reads it back, TLBP finds it', () => {
    const m = machine('tlbwi\n mtc0 zero, EntryHi\n tlbr\n tlbp');
    m.setReg('Index', 5 << 8);
    m.setReg('EntryHi', 0x1234_5000 | (3 << 6));
    m.setReg('EntryLo', 0x0002_0600);
    m.step();
    expect([u(m, 'tlbHi5'), u(m, 'tlbLo5')]).toEqual([0x1234_50c0, 0x0002_0600]);
    m.run(2);
    expect([u(m, 'EntryHi'), u(m, 'EntryLo')]).toEqual([0x1234_50c0, 0x0002_0600]);
    m.setReg('Index', 0);
    m.step();
    expect(u(m, 'Index')).toBe(5 << 8);
  });

  it('TLBP sets P when no entry matches, and an ASID mismatch is no match unless G', () => {
    const m = machine('tlbp\n tlbp');
    m.setReg('EntryHi', UVA | (7 << 6));
    m.setReg('tlbLo0', 0);
    m.step();
    expect(u(m, 'Index')).toBe(0x8000_0000);
    m.setReg('tlbLo0', 0x100);
    m.step();
    expect(u(m, 'Index')).toBe(0);
  });

  it('Random counts down once per step from 63 to 8 and wraps; TLBWR writes the entry it names', () => {
    const m = machine('mfc0 t0, Random');
    expect(m.step().trap).toBeUndefined();
    expect(m.getFile('r', 8)).toBe(63 << 8);
    m.setReg('randomClock', 55);
    m.setReg('PC', KSEG0 + CODE);
    m.setReg('nPC', KSEG0 + CODE + 4);
    m.step();
    expect(m.getFile('r', 8)).toBe(8 << 8);
    m.setReg('PC', KSEG0 + CODE);
    m.setReg('nPC', KSEG0 + CODE + 4);
    m.step();
    expect(m.getFile('r', 8)).toBe(63 << 8);
    const w = machine('tlbwr');
    w.setReg('randomClock', 3); // Random = 60
    w.setReg('EntryHi', 0x7000_0000);
    w.step();
    expect(u(w, 'tlbHi60')).toBe(0x7000_0000);
  });

  it('with an 8-entry TLB Random counts from 7 down to 1', () => {
    const m = machine('mfc0 t0, Random', { isa: mipsTlb8 });
    m.setReg('randomClock', 6);
    m.step();
    expect(m.getFile('r', 8)).toBe(1 << 8);
    expect(() => mipsWith({ tlbEntries: 12 })).toThrow(RangeError);
  });
});

describe('exceptions', () => {
  it('SYSCALL: EPC, ExcCode 8, the general vector, the KU/IE stack pushed', () => {
    const m = machine('syscall 0', { user: true });
    m.setReg('Status.IEc', 1);
    m.step();
    expect([u(m, 'EPC'), u(m, 'Cause.ExcCode'), u(m, 'Cause.BD'), u(m, 'PC'), u(m, 'nPC')]).toEqual([UVA, 8, 0, 0x8000_0080, 0x8000_0084]);
    expect(['KUc', 'IEc', 'KUp', 'IEp'].map((f) => u(m, `Status.${f}`))).toEqual([0, 0, 1, 1]);
  });

  it('with BEV set the general vector is the PROM’s, 0xbfc00180', () => {
    const m = machine('break 0');
    m.setReg('Status.BEV', 1);
    m.step();
    expect([u(m, 'PC'), u(m, 'Cause.ExcCode')]).toEqual([0xbfc0_0180, 9]);
  });

  it('an exception in a branch delay slot: EPC is the branch, Cause.BD is set', () => {
    const m = machine('beq zero, zero, 4\n syscall 0');
    m.run(2);
    expect([u(m, 'EPC'), u(m, 'Cause.BD'), u(m, 'Cause.ExcCode')]).toEqual([KSEG0 + CODE, 1, 8]);
  });

  it('the delay slot runs before a taken branch’s target, and after a jump-and-link the link skips it', () => {
    const m = machine('jal 0x2100\n addiu t0, zero, 7');
    m.run(2);
    expect([m.getFile('r', 8), u(m, 'PC') & 0x0fff_ffff, m.getFile('r', 31) >>> 0]).toEqual([7, 0x2100, KSEG0 + CODE + 8]);
  });

  it('ADD overflows to Ov; ADDU wraps', () => {
    const m = machine('add t0, t1, t1\n addu t0, t1, t1');
    m.setFile('r', 9, 0x4000_0000);
    expect(m.step().trap?.name).toBe('overflow');
    const n = machine('addu t0, t1, t1');
    n.setFile('r', 9, 0x4000_0000);
    n.step();
    expect(n.getFile('r', 8) >>> 0).toBe(0x8000_0000);
  });

  it('a misaligned LW is AdEL with BadVAddr; a misaligned JR traps at the jump', () => {
    const m = machine('lw t0, 2(zero)');
    expect(m.step().trap?.name).toBe('misalignedLoad');
    expect([u(m, 'Cause.ExcCode'), u(m, 'BadVAddr')]).toEqual([4, 2]);
    const j = machine('jr t1');
    j.setFile('r', 9, KSEG0 + 0x2002);
    expect(j.step().trap?.name).toBe('misalignedLoad');
  });

  it('a pending, unmasked software interrupt is taken when IEc is set', () => {
    const m = machine('mtc0 t0, Cause\n addiu t1, zero, 1');
    m.setFile('r', 8, 0x100);
    m.setReg('Status.IM', 1);
    m.setReg('Status.IEc', 1);
    m.step();
    const s = m.step();
    expect(s.trap?.name).toBe('interrupt');
    expect([u(m, 'Cause.ExcCode'), u(m, 'EPC')]).toEqual([0, KSEG0 + CODE + 4]);
  });

  it('an instruction of an absent coprocessor: CpU with CE while CUz is clear, RI when set', () => {
    const m = machine('cop1 0');
    m.step();
    expect([u(m, 'Cause.ExcCode'), u(m, 'Cause.CE')]).toEqual([11, 1]);
    const n = machine('lwc2 t0, 0(zero)');
    n.setReg('Status.CU2', 1);
    expect(n.step().trap?.name).toBe('reserved');
  });
});

describe('the address map', () => {
  it('kernel mode: kseg0 and kseg1 are physical memory less 0x80000000 and 0xa0000000', () => {
    const m = machine('lw t0, 0(t1)\n lw t2, 0(t3)');
    m.loadCells(0x100, [0x78, 0x56, 0x34, 0x12]);
    m.setFile('r', 9, 0x8000_0100);
    m.setFile('r', 11, 0xa000_0100);
    m.run(2);
    expect([m.getFile('r', 8), m.getFile('r', 10)]).toEqual([0x1234_5678, 0x1234_5678]);
  });

  it('user mode: a kseg address is an address error, AdEL or AdES, with BadVAddr', () => {
    for (const [text, exc] of [['lw t0, 0(t1)', 4], ['sw t0, 0(t1)', 5]] as const) {
      const m = machine(text, { user: true });
      m.setFile('r', 9, 0x8000_0100);
      const s = m.step();
      expect(s.trap?.name).toBe(exc === 4 ? 'addressLoad' : 'addressStore');
      expect([u(m, 'Cause.ExcCode'), u(m, 'BadVAddr')]).toEqual([exc, 0x8000_0100]);
    }
  });

  it('user mode: kuseg goes through the TLB, with the entry’s PFN', () => {
    const m = machine('lw t0, 0x100(t1)', { user: true });
    m.loadCells(CODE + 0x100, [1, 2, 3, 4]);
    m.setFile('r', 9, UVA);
    m.step();
    expect(m.getFile('r', 8)).toBe(0x0403_0201);
  });

  it('a kuseg miss is a refill to the UTLB vector, with BadVAddr, Context.BadVPN and EntryHi.VPN', () => {
    const m = machine('lw t0, 0(t1)');
    m.setReg('Context', 0xffe0_0000);
    m.setReg('EntryHi', 5 << 6);
    m.setFile('r', 9, 0x1234_5678);
    expect(m.step().trap?.name).toBe('utlbLoad');
    expect([u(m, 'PC'), u(m, 'Cause.ExcCode'), u(m, 'BadVAddr'), u(m, 'Context'), u(m, 'EntryHi')]).toEqual([
      0x8000_0000, 2, 0x1234_5678, (0xffe0_0000 | (0x12345 << 2)) >>> 0, 0x1234_5000 | (5 << 6),
    ]);
  });

  it('a kseg2 miss, and an invalid entry, go to the general vector; a store through a clean entry is Mod', () => {
    const m = machine('sw t0, 0(t1)');
    m.setFile('r', 9, 0xc000_0000);
    expect(m.step().trap?.name).toBe('tlbStore');
    expect([u(m, 'PC'), u(m, 'Cause.ExcCode')]).toEqual([0x8000_0080, 3]);
    const inv = machine('lw t0, 0(t1)');
    inv.setReg('tlbHi1', 0x0050_0000);
    inv.setReg('tlbLo1', 0x100); // G, not V
    inv.setFile('r', 9, 0x0050_0000);
    expect(inv.step().trap?.name).toBe('tlbLoad');
    const clean = machine('sw t0, 0(t1)');
    clean.setReg('tlbHi1', 0x0050_0000);
    clean.setReg('tlbLo1', 0x300); // G, V, not D
    clean.setFile('r', 9, 0x0050_0000);
    expect(clean.step().trap?.name).toBe('tlbMod');
    expect(u(clean, 'Cause.ExcCode')).toBe(1);
  });

  it('a physical address with nothing there is a bus error; the PROM is read-only; the console write-only', () => {
    const m = machine('lw t0, 0(t1)');
    m.setFile('r', 9, 0x8020_0000);
    expect(m.step().trap?.name).toBe('busData');
    expect(m.locate(0xbfc0_0000, 'read')).toBe(mips.state.storage.cells - 1 - 0x1_0000);
    expect(m.locate(0xbfc0_0000, 'write')).toBeUndefined();
    expect(m.locate(0xbf00_0000, 'write')).toBe(mips.state.storage.cells - 1);
    expect(m.locate(0xbf00_0000, 'read')).toBeUndefined();
  });

  it('LWL/LWR and SWL/SWR move an unaligned word (little-endian)', () => {
    const m = machine('lwl t0, 0x104(t1)\n lwr t0, 0x101(t1)\n swl t0, 0x204(t1)\n swr t0, 0x201(t1)');
    m.loadCells(0x100, [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
    m.setFile('r', 9, KSEG0);
    m.run(2);
    expect(m.getFile('r', 8) >>> 0).toBe(0x5544_3322);
    m.run(2);
    expect(m.readCells(0x200, 6)).toEqual([0, 0x22, 0x33, 0x44, 0x55, 0]);
  });
});

describe('the example kernel', () => {
  it('runs bare: boots from the PROM, enters user mode, serves its calls and faults, halts', async () => {
    const r = await runCli('run', 'mips', 'examples/mips/os.s');
    expect(r.code).toBe(0);
    expect(r.out).toContain('hello from user mode\n55\nkernel: user CP0 use refused (CpU)\nkernel: address error at 2147483648 refused (AdEL)\n720\nkernel: exit');
    expect(r.out).toMatch(/mips: halted after \d+ steps/);
  });
});
