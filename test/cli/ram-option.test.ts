/**
 * `--ram SIZE` on `run` and `vmm`: rv32's RAM size is a parameter of its description; a program
 * larger than the default 1 MiB does not load without it and runs with it; bad sizes and ISAs
 * without the parameter are usage errors (exit 2, one line, no stack trace).
 */
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';
import { parseRamSize } from '../../cli/ram-option.js';
import { ramSizedIsas, rv32, rv32WithRam } from '../../spec/index.js';

const BIG = 'examples/riscv/c/big.elf'; // 2 MiB of .bss

describe('rv32WithRam', () => {
  test('builds rv32 with the RAM and the console cell after it; 1 MiB is rv32 itself', () => {
    const isa = rv32WithRam(16 << 20);
    expect(isa.state.storage.cells).toBe((16 << 20) + 8);
    expect(isa.state.storage.devices?.[0]?.cell).toBe(16 << 20);
    expect(isa.instructions).toEqual(rv32.instructions);
    expect(rv32WithRam(1 << 20)).toBe(rv32);
  });
  test('refuses sizes the machine cannot have', () => {
    expect(() => rv32WithRam(0)).toThrow(/positive/);
    expect(() => rv32WithRam(6)).toThrow(/multiple of 4/);
    expect(() => rv32WithRam(2 ** 31 + 4)).toThrow(/do not fit the address map/);
  });
});

test('sizes are read with K, M and G suffixes, in hex or decimal', () => {
  expect(parseRamSize('16M')).toBe(16 << 20);
  expect(parseRamSize('512k')).toBe(512 << 10);
  expect(parseRamSize('0x400000')).toBe(0x40_0000);
  expect(parseRamSize('1048576')).toBe(1 << 20);
  expect(() => parseRamSize('lots')).toThrow(/--ram expects a size/);
});

describe('vmcheck run and vmm with --ram', () => {
  test('a program larger than 1 MiB fails to load with the default RAM, naming the segment', async () => {
    const r = await runCli('run', 'rv32', BIG);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/big\.elf: the segment at 0x80001000 \(\d+ cells\) does not lie in rv32's storage/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  test('and runs to PASS with --ram 4M', async () => {
    const r = await runCli('run', 'rv32', BIG, '--ram', '4M');
    expect(r.err).toBe('');
    expect(r.out).toContain('big: 2 MiB of .bss summed');
    expect(r.out).toMatch(/rv32: PASS: examples\/riscv\/c\/big\.elf/);
    expect(r.code).toBe(0);
  });
  test('vmm takes --ram too: the guest sees the larger machine and passes', async () => {
    const r = await runCli('vmm', 'rv32', 'examples/riscv/rv32ua/lrsc.elf', '--ram', '0x400000');
    expect(r.out).toContain('PASS');
    expect(r.code).toBe(0);
  });
  test.each([
    ['0', /--ram 0: the RAM size must be a positive whole number of bytes/],
    ['many', /--ram expects a size in bytes such as 16M/],
    ['1022', /--ram 1022: the RAM size must be a multiple of 4 bytes/],
    ['4G', /--ram 4G: 4294967296 bytes of RAM do not fit the address map/],
    ['128M', /--ram 128M: the emulator holds at most 67108864 storage cells/],
  ])('--ram %s is a usage error', async (size, message) => {
    for (const cmd of ['run', 'vmm']) {
      const r = await runCli(cmd, 'rv32', 'examples/riscv/rv32ua/lrsc.elf', '--ram', size);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
  test('an ISA without a RAM size parameter refuses --ram', async () => {
    const r = await runCli('run', 'pg74', 'examples/pg74/os.s', '--ram', '1M');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`vmcheck: --ram: the ISA 'pg74' has no RAM size option (bundled ISAs that have one: ${ramSizedIsas.join(', ')})`);
    expect(ramSizedIsas).toContain('rv32');
  });
  test('--help documents --ram and states one default step budget', async () => {
    for (const cmd of ['run', 'vmm']) expect((await runCli(cmd, '--help')).out).toMatch(/--ram SIZE/);
    const help = (await runCli('run', '--help')).out;
    expect(help.match(/default \d{4,}/g)).toEqual(['default 100000000']);
  });
});
