/** loadElf32 on small built files: segments as byte cells at physical addresses, entry, symbols. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { loadProgram, type Program } from '../../asm/index.js';
import { isElf, loadElf32, type ElfProgram } from '../../loader/index.js';
import { buildElf, CODE, DATA, type SymbolSpec } from './elf-builder.js';

describe('segments', () => {
  it('each PT_LOAD segment becomes byte cells at its physical address, zero-filled to p_memsz', () => {
    const p = loadElf32(buildElf());
    expect(p.segments).toEqual([
      { place: CODE, cells: [0x13, 0, 0, 0, 0x13, 0, 0, 0] },
      { place: DATA, cells: [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
    expect(p.entry).toBe(CODE);
    expect(p.lines).toEqual([]);
  });

  it('other program headers and empty segments are skipped', () => {
    const p = loadElf32(
      buildElf({
        segments: [
          { type: 0x70000003, place: 0, data: [0x41, 0x42] },
          { place: CODE, data: [0x13, 0, 0, 0] },
          { place: DATA, data: [] },
        ],
      }),
    );
    expect(p.segments).toEqual([{ place: CODE, cells: [0x13, 0, 0, 0] }]);
  });

  it('a segment of bss only is all zeros', () => {
    const p = loadElf32(buildElf({ segments: [{ place: CODE, data: [0x13, 0, 0, 0] }, { place: DATA, data: [], memsz: 3 }] }));
    expect(p.segments[1]).toEqual({ place: DATA, cells: [0, 0, 0] });
  });

  it('the bytes may come from a subarray of a larger buffer', () => {
    const elf = buildElf();
    const big = new Uint8Array(elf.length + 10);
    big.set(elf, 10);
    expect(loadElf32(big.subarray(10))).toEqual(loadElf32(elf));
  });
});

describe('symbols', () => {
  const symbolsOf = (symbols: SymbolSpec[]) => loadElf32(buildElf({ symbols })).symbols;

  it('defined globals and weak symbols, with their values', () => {
    expect(symbolsOf([{ name: 'tohost', value: DATA }, { name: '_start', value: CODE }, { name: 'handler', value: CODE + 4, bind: 2 }])).toEqual({
      _start: CODE,
      handler: CODE + 4,
      tohost: DATA,
    });
  });

  it('local labels too, unless the name is ambiguous; a global wins over a local', () => {
    expect(
      symbolsOf([
        { name: 'fail', value: CODE + 8, bind: 0 },
        { name: 'loop', value: CODE, bind: 0 },
        { name: 'loop', value: CODE + 4, bind: 0 },
        { name: 'same', value: CODE, bind: 0 },
        { name: 'same', value: CODE, bind: 0 },
        { name: 'main', value: CODE, bind: 0 },
        { name: 'main', value: CODE + 12 },
      ]),
    ).toEqual({ fail: CODE + 8, main: CODE + 12, same: CODE });
  });

  it('undefined, section, file and mapping symbols are left out', () => {
    expect(
      symbolsOf([
        { name: 'mtvec_handler', value: 0, bind: 2, shndx: 0 },
        { name: '.text', value: CODE, bind: 0, type: 3 },
        { name: 'prog.o', value: 0, bind: 0, type: 4, shndx: 0xfff1 },
        { name: '$xrv32i2p1_m2p0', value: CODE, bind: 0 },
        { name: '$d', value: DATA, bind: 0 },
        { name: '.L0', value: CODE, bind: 0 },
        { name: 'kept', value: 5, shndx: 0xfff1 },
      ]),
    ).toEqual({ kept: 5 });
  });

  it('a symbol named __proto__ is an ordinary name', () => {
    const s = symbolsOf([{ name: '__proto__', value: 7 }]);
    expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
    expect(Object.entries(s)).toEqual([['__proto__', 7]]);
  });

  it('a file without section headers has no symbols', () => {
    expect(loadElf32(buildElf()).symbols).toEqual({});
  });
});

describe('as a Program', () => {
  it('loadProgram writes every byte cell at its place', () => {
    const written = new Map<number, number>();
    loadProgram(loadElf32(buildElf()), { writeCell: (paddr, value) => written.set(paddr, Number(value)) });
    expect(written.get(CODE)).toBe(0x13);
    expect(written.get(DATA + 3)).toBe(4);
    expect(written.get(DATA + 15)).toBe(0);
    expect(written.size).toBe(8 + 16);
  });

  it('an ElfProgram is a Program', () => {
    expectTypeOf<ElfProgram>().toExtend<Program>();
  });
});

describe('isElf', () => {
  it('tells an ELF file from an assembly source by its first four bytes', () => {
    expect(isElf(buildElf())).toBe(true);
    expect(isElf(new TextEncoder().encode('start: addi x1, x0, 1\n'))).toBe(false);
    expect(isElf(Uint8Array.of(0x7f, 0x45, 0x4c))).toBe(false);
  });
});
