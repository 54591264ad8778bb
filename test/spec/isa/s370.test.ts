/**
 * s370 on the emulator: the assembler writes the 370's own instruction bytes; interruptions swap
 * PSWs through the fixed real locations with the codes the POO gives; every privileged
 * instruction traps in the problem state and runs in the supervisor state; the semiprivileged
 * ones follow CR0, CR3 and CR8; storage keys, DAT and LRA behave as the POO says; and the example
 * kernel runs bare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assemble, loadProgram } from '../../../asm/index.js';
import { Machine } from '../../../machine/index.js';
import { s370 } from '../../../spec/isa/index.js';

const bytes = (line: string) => Array.from(assemble(s370, `.org 0x200\n${line}`).segments[0]!.cells);

/**
 * A machine with `source` at 0x200 and the SVC and program new PSWs (EC mode, supervisor, key 0)
 * pointing at 0x100; in `problem` state when asked (key 0 unless `key`).
 */
function machine(source: string, state: 'supervisor' | 'problem' = 'supervisor'): Machine {
  const m = new Machine(s370);
  loadProgram(assemble(s370, `.org 0x60\n.long 0x00080000, 0x100, 0x00080000, 0x100\n.org 0x200\n${source}\n`), m);
  if (state === 'problem') m.setReg('PSW.P', 1);
  return m;
}
const word = (m: Machine, a: number) => ((m.readCell(a) << 24) | (m.readCell(a + 1) << 16) | (m.readCell(a + 2) << 8) | m.readCell(a + 3)) >>> 0;
const half = (m: Machine, a: number) => (m.readCell(a) << 8) | m.readCell(a + 1);
const loadWords = (m: Machine, a: number, words: number[]) =>
  m.loadCells(a, words.flatMap((w) => [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff]));

describe('the assembler writes the 370’s instruction bytes (POO appendix: opcodes and formats)', () => {
  test.each([
    ['l r1, 8(r0, r13)', [0x58, 0x10, 0xd0, 0x08]],
    ['st r15, 0x123(r2, r3)', [0x50, 0xf2, 0x31, 0x23]],
    ['lr r3, r4', [0x18, 0x34]],
    ['balr r14, r15', [0x05, 0xef]],
    ['bc 8, 0x300(r0, r0)', [0x47, 0x80, 0x03, 0x00]],
    ['bcr 15, r14', [0x07, 0xfe]],
    ['mvi 0x10(r2), 0xc1', [0x92, 0xc1, 0x20, 0x10]],
    ['svc 5', [0x0a, 0x05]],
    ['lpsw 0x28(r0)', [0x82, 0x00, 0x00, 0x28]],
    ['ssm 0x40(r1)', [0x80, 0x00, 0x10, 0x40]],
    ['stnsm 0x40(r0), 0xfc', [0xac, 0xfc, 0x00, 0x40]],
    ['spka 0x80(r0)', [0xb2, 0x0a, 0x00, 0x80]],
    ['ipk', [0xb2, 0x0b, 0x00, 0x00]],
    ['ssk r1, r2', [0x08, 0x12]],
    ['isk r1, r2', [0x09, 0x12]],
    ['lctl r0, r15, 0x100(r1)', [0xb7, 0x0f, 0x11, 0x00]],
    ['stctl r14, r1, 0x100(r0)', [0xb6, 0xe1, 0x01, 0x00]],
    ['lra r1, 0x10(r0, r2)', [0xb1, 0x10, 0x20, 0x10]],
    ['stck 0x100(r0)', [0xb2, 0x05, 0x01, 0x00]],
    ['stidp 0x100(r0)', [0xb2, 0x02, 0x01, 0x00]],
    ['sio 0x00e(r0)', [0x9c, 0x00, 0x00, 0x0e]],
    ['mc 0x12(r0), 3', [0xaf, 0x03, 0x00, 0x12]],
    ['diag r1, r2, 8(r0)', [0x83, 0x12, 0x00, 0x08]],
    ['ptlb', [0xb2, 0x0d, 0x00, 0x00]],
  ])('%s', (line, expected) => expect(bytes(line)).toEqual(expected));
});

describe('interruptions (POO ch. 6): old PSW, interruption code, new PSW', () => {
  test('SVC from the problem state stores the old PSW at 0x20 (next instruction), ILC 1 and the number at 0x88, and loads the PSW at 0x60', () => {
    const m = machine('svc 7', 'problem');
    m.setReg('PSW.CC', 2);
    const r = m.step();
    expect(r.trap?.name).toBe('svc');
    expect([word(m, 0x20), word(m, 0x24), word(m, 0x88)]).toEqual([0x0009_2000, 0x202, 0x0002_0007]);
    expect([m.getReg('PSW.P'), m.getReg('PC')]).toEqual([0, 0x100]);
  });

  test('a privileged operation in the problem state is suppressed: old PSW at 0x28 names the next instruction, ILC 2, code 0002', () => {
    const m = machine('ssm 0x300(r0)', 'problem');
    expect(m.step().trap?.name).toBe('privilegedOperation');
    expect([word(m, 0x28), word(m, 0x2c), word(m, 0x8c)]).toEqual([0x0009_0000, 0x204, 0x0004_0002]);
    expect([m.getReg('PSW.P'), m.getReg('PC')]).toEqual([0, 0x100]);
  });

  test('an opcode the model lacks is the operation exception, its ILC read from the opcode’s first two bits', () => {
    const m = machine('.byte 0xd2, 0, 0, 0, 0, 0'); // MVC: SS format, six bytes, not modelled
    expect(m.step().trap?.name).toBe('operation');
    expect([word(m, 0x2c), word(m, 0x8c)]).toEqual([0x206, 0x0006_0001]);
  });
});

describe('system instructions in the problem state and the supervisor state', () => {
  const privileged = [
    'lpsw 0x300(r0)', 'ssm 0x300(r0)', 'stnsm 0x300(r0), 0', 'stosm 0x300(r0), 0', 'isk r1, r2', 'ssk r1, r2', 'rrb 0x300(r0)',
    'lctl r0, r0, 0x300(r0)', 'stctl r0, r0, 0x300(r0)', 'lra r1, 0(r0, r0)', 'ptlb', 'sck 0x300(r0)', 'sckc 0x300(r0)',
    'stckc 0x300(r0)', 'spt 0x300(r0)', 'stpt 0x300(r0)', 'stidp 0x300(r0)', 'stidc 0(r0)', 'sio 0(r0)', 'siof 0(r0)',
    'tio 0(r0)', 'clrio 0(r0)', 'hio 0(r0)', 'hdv 0(r0)', 'tch 0(r0)', 'diag r0, r0, 0(r0)',
    // Semiprivileged, with CR0's extraction authority and CR3's PSW-key mask at their reset values (zero).
    'ipk', 'spka 0x80(r0)',
  ];
  test.each(privileged)('%s takes the privileged-operation exception in the problem state and completes in the supervisor state', (line) => {
    const p = machine(line, 'problem');
    expect(p.step().trap?.name).toBe('privilegedOperation');
    const s = machine(line);
    loadWords(s, 0x300, [0x0008_0000, 0x400]); // a valid PSW, for LPSW
    s.setReg('CR0.TF', 0x10); // the implemented translation format, for LRA
    expect(s.step().trap).toBeUndefined();
  });

  test('SPKA in the problem state completes when CR3’s PSW-key mask has the new key’s bit (bit 8 for key 8)', () => {
    const m = machine('spka 0x80(r0)\nspka 0x90(r0)', 'problem');
    m.setReg('CR3.PKM', 0x0080);
    expect(m.step().trap).toBeUndefined();
    expect(m.getReg('PSW.KEY')).toBe(8);
    expect(m.step().trap?.name).toBe('privilegedOperation');
  });

  test('IPK in the problem state completes when CR0’s extraction-authority control is one: R2 bits 24-27 get the key', () => {
    const m = machine('ipk', 'problem');
    m.setReg('CR0.EA', 1);
    m.setReg('PSW.KEY', 0xb);
    m.setFile('R', 2, 0x1234_5678);
    expect(m.step().trap).toBeUndefined();
    expect(m.getFile('R', 2)).toBe(0x1234_56b0);
  });

  test('MONITOR CALL does nothing unless CR8 enables its class; then a monitor event stores the class at 0x94 and the code at 0x9C', () => {
    const off = machine('mc 0x123(r0), 3', 'problem');
    expect(off.step().trap).toBeUndefined();
    expect(off.getReg('PC')).toBe(0x204);
    const on = machine('mc 0x123(r0), 3', 'problem');
    on.setReg('CR8.MM', 0x1000); // CR8 bit 19: class 3
    expect(on.step().trap?.name).toBe('monitorEvent');
    expect([half(on, 0x94), word(on, 0x9c), word(on, 0x8c), word(on, 0x2c)]).toEqual([3, 0x123, 0x0004_0040, 0x204]);
  });

  test('STORE CLOCK is unprivileged: the problem state reads the TOD clock', () => {
    const m = machine('stck 0x300(r0)', 'problem');
    m.setReg('TODH', 0x1234);
    m.setReg('TODL', 0x5678);
    expect(m.step().trap).toBeUndefined();
    expect([word(m, 0x300), word(m, 0x304)]).toEqual([0x1234, 0x5678]);
  });

  test('SSM with the SSM-suppression control (CR0 bit 1) is a special-operation exception; otherwise it sets PSW bits 0-7', () => {
    const m = machine('ssm 0x300(r0)');
    m.loadCells(0x300, [0x07]);
    m.setReg('CR0.SS', 1);
    expect(m.step().trap?.name).toBe('specialOperation');
    const n = machine('ssm 0x300(r0)');
    n.loadCells(0x300, [0x07]);
    n.step();
    expect([n.getReg('PSW.T'), n.getReg('PSW.IO'), n.getReg('PSW.EX')]).toEqual([1, 1, 1]);
  });

  test('STNSM stores the system mask and ANDs the immediate into it', () => {
    const m = machine('stnsm 0x300(r0), 0xfd');
    m.setReg('PSW.IO', 1);
    m.setReg('PSW.EX', 1);
    m.step();
    expect([m.readCell(0x300), m.getReg('PSW.IO'), m.getReg('PSW.EX')]).toEqual([0x03, 0, 1]);
  });

  test('LPSW loads an EC-mode PSW; a PSW with the wait bit halts; one with bit 12 zero (BC mode) is a specification exception', () => {
    const m = machine('lpsw 0x300(r0)');
    loadWords(m, 0x300, [0x0489_0000, 0x800]);
    m.step();
    expect([m.getReg('PSW.T'), m.getReg('PSW.KEY'), m.getReg('PSW.P'), m.getReg('PC')]).toEqual([1, 8, 1, 0x800]);
    const w = machine('lpsw 0x300(r0)');
    loadWords(w, 0x300, [0x000a_0000, 0]);
    w.step();
    expect(w.halted).toBe(true);
    const bc = machine('lpsw 0x300(r0)');
    loadWords(bc, 0x300, [0x0000_0000, 0x800]);
    expect(bc.step().trap?.name).toBe('specification');
  });

  test('LCTL and STCTL run from R1 to R3, wrapping from CR15 to CR0', () => {
    const m = machine('lctl r14, r1, 0x300(r0)\nstctl r15, r0, 0x320(r0)');
    loadWords(m, 0x300, [0xe, 0xf, 0x0080_0000, 0x1000]);
    m.run(2);
    expect([m.getReg('CR14'), m.getReg('CR15'), m.getReg('CR0.TF'), m.getReg('CR1')]).toEqual([0xe, 0xf, 0x10, 0x1000]);
    expect([word(m, 0x320), word(m, 0x324)]).toEqual([0xf, 0x0080_0000]);
  });

  test('SPT and STPT: the CPU timer counts down one per step (the step that sets it does not count)', () => {
    const m = machine('spt 0x300(r0)\nlr r0, r0\nstpt 0x310(r0)');
    loadWords(m, 0x300, [1000, 0]);
    m.run(3);
    expect(word(m, 0x310)).toBe(999);
  });

  test('STIDP stores the CPU ID; I/O instructions set the abstract channel’s condition code', () => {
    const m = machine('stidp 0x300(r0)\ntio 0x00e(r0)');
    m.setReg('IOS', 3);
    m.run(2);
    expect([word(m, 0x300), word(m, 0x304), m.getReg('PSW.CC')]).toEqual([0x0101_2345, 0x3158_0000, 3]);
  });
});

describe('storage keys and key-controlled protection (POO ch. 3)', () => {
  test('SSK sets the key of a 2K block; ISK reads it back in bits 24-30; RRB gives R and C as the CC and clears R', () => {
    const m = machine('ssk r1, r2\nisk r3, r2\nrrb 0x800(r0)');
    m.setFile('R', 1, 0x86); // ACC 1000, F 0, R 1, C 1
    m.setFile('R', 2, 0x800);
    m.setFile('R', 3, 0xffff_ffff);
    m.run(3);
    expect([m.getFile('KEY', 1), m.getFile('R', 3), m.getReg('PSW.CC'), m.getFile('KEY', 1)]).toEqual([0x41, 0xffff_ff86, 3, 0x41]);
    expect(m.getFile('KEY', 1) & 2).toBe(0);
  });

  test('a store with key 8 into a key-0 block is a protection exception; into a key-8 block it completes; key 0 stores anywhere', () => {
    const m = machine('mvi 0x100(r0), 1\nmvi 0x900(r0), 1', 'problem');
    m.setReg('PSW.KEY', 8);
    m.setFile('KEY', 1, 0x40);
    expect(m.step().trap?.name).toBe('protection');
    const n = machine('mvi 0x900(r0), 1', 'problem');
    n.setReg('PSW.KEY', 8);
    n.setFile('KEY', 1, 0x40);
    expect(n.step().trap).toBeUndefined();
  });

  test('fetch protection: a load from a key-3 block with F set is a protection exception for key 8, not without F', () => {
    const m = machine('l r1, 0x900(r0, r0)', 'problem');
    m.setReg('PSW.KEY', 8);
    m.setFile('KEY', 1, 0x1c); // ACC 0011, F 1
    expect(m.step().trap?.name).toBe('protection');
    const n = machine('l r1, 0x900(r0, r0)', 'problem');
    n.setReg('PSW.KEY', 8);
    n.setFile('KEY', 1, 0x18);
    expect(n.step().trap).toBeUndefined();
  });

  test('low-address protection (CR0 bit 3) refuses stores to 0-511 even with key 0', () => {
    const m = machine('mvi 0x1ff(r0), 1\nmvi 0x200(r0), 1');
    m.setReg('CR0.LA', 1);
    expect(m.step().trap?.name).toBe('protection');
  });

  test('a real address beyond the 64 KiB is an addressing exception', () => {
    const m = machine('l r1, 0(r0, r2)');
    m.setFile('R', 2, 0x2_0000);
    expect(m.step().trap?.name).toBe('addressing');
  });
});

describe('dynamic address translation (4K pages, 64K segments) and LRA', () => {
  /** Segment table at 0x1000 (two entries), page table at 0x1100 for segment 0: page 1 at frame 5, page 2 invalid, 4 entries. */
  function paged(source: string): Machine {
    const m = machine(source);
    loadWords(m, 0x1000, [0x3000_1100, 0x0000_0001]);
    m.loadCells(0x1100, [0x00, 0x00, 0x00, 0x50, 0x00, 0x08, 0x00, 0x30]);
    m.setReg('CR0.TF', 0x10);
    m.setReg('CR1', 0x0000_1000);
    return m;
  }

  test('with PSW bit 5 one a load goes through the tables: virtual 0x1234 is real 0x5234', () => {
    const m = paged('l r1, 0x234(r0, r2)');
    m.setFile('R', 2, 0x1000);
    loadWords(m, 0x5234, [0xcafe_f00d]);
    m.setReg('PSW.T', 1);
    m.setReg('PC', 0x200); // page 0 is frame 0: the program runs where it is
    expect(m.step().trap).toBeUndefined();
    expect(m.getFile('R', 1)).toBe(0xcafe_f00d);
  });

  test('an invalid page is a page-translation exception, nullified: the old PSW names the instruction, the address is at 0x90', () => {
    const m = paged('l r1, 0x234(r0, r2)');
    m.setFile('R', 2, 0x2000);
    m.setReg('PSW.T', 1);
    expect(m.step().trap?.name).toBe('pageTranslation');
    expect([word(m, 0x2c), word(m, 0x90), half(m, 0x8e)]).toEqual([0x200, 0x2234, 0x11]);
  });

  test('an invalid segment is a segment-translation exception; a page beyond the table length a page-translation exception', () => {
    const m = paged('l r1, 0(r0, r2)');
    m.setFile('R', 2, 0x1_0000);
    m.setReg('PSW.T', 1);
    expect(m.step().trap?.name).toBe('segmentTranslation');
    const n = paged('l r1, 0(r0, r2)');
    n.setFile('R', 2, 0x4000);
    n.setReg('PSW.T', 1);
    expect(n.step().trap?.name).toBe('pageTranslation');
  });

  test('another translation format in CR0 is a translation-specification exception', () => {
    const m = paged('l r1, 0(r0, r0)');
    m.setReg('CR0.TF', 0x08);
    m.setReg('PSW.T', 1);
    expect(m.step().trap?.name).toBe('translationSpecification');
  });

  test.each([
    [0x1234, 0, 0x5234],
    [0x2000, 2, 0x1104],
    [0x1_0000, 1, 0x1004],
    [0x4000, 3, 0x1108],
    [0x10_0000, 3, 0x1040],
  ])('LRA of %s with DAT off: CC %i, R1 %s', (va, cc, r1) => {
    const m = paged('lra r1, 0(r0, r2)');
    m.setFile('R', 2, va);
    expect(m.step().trap).toBeUndefined();
    expect([m.getReg('PSW.CC'), m.getFile('R', 1)]).toEqual([cc, r1]);
  });
});

describe('the example kernel, bare', () => {
  test('it prints through the console and stops in the disabled wait', () => {
    const source = readFileSync(new URL('../../../examples/s370/os.s', import.meta.url), 'utf8');
    const m = new Machine(s370);
    loadProgram(assemble(s370, source), m);
    let out = '';
    m.watchStores(0x1_0000, 1, (_, mm) => (out += String.fromCharCode(mm.readCell(0x1_0000))));
    expect(m.run(10_000).reason).toBe('halted');
    expect(out).toBe(
      [
        'S/370 kernel: supervisor state, key 0, DAT off',
        'kernel: LRA maps the user program to real 0x800',
        'kernel: user block has storage key 8',
        'user: hello from the problem state',
        'user: 1 + 2 + ... + 10 = 55',
        '[kernel: monitor event, class 3]',
        '[kernel: privileged operation refused]',
        'user: still here',
        'kernel: user program exited',
        '',
      ].join('\n'),
    );
  });
});
