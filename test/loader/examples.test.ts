/**
 * Every committed RISC-V program (examples/riscv) loads: entry at _start = 0x80000000, the
 * tohost/fromhost/signature symbols of the environment, and segment sizes as readelf shows them
 * (checked by hand with riscv64-unknown-elf-readelf -l -s; CI has no cross tools: after a
 * rebuild of these programs, take the new sizes from readelf).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf32, type ElfProgram } from '../../loader/index.js';

const root = fileURLToPath(new URL('../../examples/riscv/', import.meta.url));
const elfs = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.elf')).sort();
const load = (name: string): ElfProgram => loadElf32(readFileSync(join(root, name)), name);

/** The cells at [addr, addr + n) of a loaded program, or undefined where nothing is loaded. */
function cellsAt(p: ElfProgram, addr: number, n: number): (number | undefined)[] {
  return Array.from({ length: n }, (_, i) => {
    const s = p.segments.find((seg) => addr + i >= seg.place && addr + i < seg.place + seg.cells.length);
    return s?.cells[addr + i - s.place] as number | undefined; // byte cells
  });
}

describe('the committed programs', () => {
  it('are all there', () => {
    expect(elfs.length).toBeGreaterThanOrEqual(70);
    for (const dir of ['rv32ui/', 'rv32um/', 'rv32ua/', 'rv32mi/', 'rv32si/', 'sv32/', 'strict/', 'c/']) expect(elfs.some((f) => f.startsWith(dir))).toBe(true);
  });

  it.each(elfs)('%s loads, with the environment symbols', (name) => {
    const p = load(name);
    const s = p.symbols;
    expect(p.entry).toBe(0x80000000);
    expect(s._start).toBe(p.entry);
    // the first instruction is the jal over the trap vectors
    expect((cellsAt(p, p.entry, 1)[0]! & 0x7f)).toBe(0x6f);
    expect(s.tohost! % 64).toBe(0);
    expect(s.fromhost).toBe(s.tohost! + 64);
    expect(cellsAt(p, s.tohost!, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.begin_signature! % 16).toBe(0);
    expect(s.end_signature! >= s.begin_signature! && (s.end_signature! - s.begin_signature!) % 4 === 0).toBe(true);
    expect(cellsAt(p, s.begin_signature!, s.end_signature! - s.begin_signature!)).not.toContain(undefined);
    // every program fits in 64 KiB of RAM from 0x80000000 (README: memory map), but c/big, whose
    // 2 MiB of .bss is there to need `--ram`
    const top = name === 'c/big.elf' ? 0x80400000 : 0x80010000;
    for (const seg of p.segments) expect(seg.place >= 0x80000000 && seg.place + seg.cells.length <= top).toBe(true);
  });
});

describe('as readelf shows them', () => {
  it('rv32ui/add.elf: code, then tohost, data and a 27-word signature', () => {
    const p = load('rv32ui/add.elf');
    expect(p.segments.map((s) => [s.place, s.cells.length])).toEqual([
      [0x80000000, 0x73c],
      [0x80001000, 0x11c],
    ]);
    expect(p.symbols.tohost).toBe(0x80001000);
    expect(p.symbols.begin_signature).toBe(0x800010b0);
    expect(p.symbols.end_signature! - p.symbols.begin_signature!).toBe(27 * 4);
    // the signature starts as 0xdeadbeef words until the program fills it
    expect(cellsAt(p, p.symbols.begin_signature!, 4)).toEqual([0xef, 0xbe, 0xad, 0xde]);
  });

  it('c/crc32.elf: its .bss is zero-filled memory past the file bytes', () => {
    const p = load('c/crc32.elf');
    expect(p.segments.map((s) => [s.place, s.cells.length])).toEqual([
      [0x80000000, 0x62c],
      [0x80001000, 0x34e0],
    ]);
    expect(p.segments[1]!.cells.slice(0xdc).every((c) => c === 0)).toBe(true);
    expect(p.symbols.main).toBeGreaterThan(0x80000000);
    expect(p.symbols.end_signature! - p.symbols.begin_signature!).toBe(12);
  });
});
