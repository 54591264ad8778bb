/** `vmcheck run` and `vmcheck vmm` on RISC-V executables: the tohost verdict as the exit code, console output, and bad files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vmcheck-riscv-'));

describe('vmcheck run rv32 prog.elf', () => {
  test('a passing program prints its console output and PASS, and exits 0', async () => {
    const r = await runCli('run', 'rv32', 'examples/riscv/c/hello.elf');
    expect(r.code).toBe(0);
    expect(r.out).toContain('signature begin');
    expect(r.out).toMatch(/rv32: PASS: examples\/riscv\/c\/hello\.elf \(\d+ steps\)$/);
  });

  test('--json reports the verdict, the tohost word and the output', async () => {
    const r = await runCli('run', 'rv32', 'examples/riscv/rv32ui/add.elf', '--json');
    const j = JSON.parse(r.out) as { reason: string; verdict: { kind: string }; tohost: number; output: string };
    expect(r.code).toBe(0);
    expect(j).toMatchObject({ reason: 'tohost', verdict: { kind: 'pass' }, tohost: 1 });
    expect(j.output).toContain('tohost 00000001');
  });

  test('a program that fails a test case exits 1 and names the case', async () => {
    // rv32ui/add with the value test case 2 expects changed (`li gp,2` starts the case).
    const bytes = readFileSync('examples/riscv/rv32ui/add.elf');
    const dump = readFileSync('examples/riscv/rv32ui/add.dump', 'utf8');
    const case2 = dump.indexOf('li\tgp,2\n');
    const m = /^\s*([0-9a-f]+):\s+00000393\s+li\s+t2,0$/m.exec(dump.slice(case2));
    expect(m, 'test case 2 loads its expected value with li t2,0').not.toBeNull();
    const address = Number.parseInt(m![1]!, 16);
    // The PT_LOAD segment holding it: program headers from e_phoff, e_phnum of them, 32 bytes each.
    const phoff = bytes.readUInt32LE(28);
    const segments = Array.from({ length: bytes.readUInt16LE(44) }, (_, i) => phoff + 32 * i);
    const ph = segments.find((h) => bytes.readUInt32LE(h) === 1 && bytes.readUInt32LE(h + 8) <= address && address < bytes.readUInt32LE(h + 8) + bytes.readUInt32LE(h + 16))!;
    const offset = bytes.readUInt32LE(ph + 4) + address - bytes.readUInt32LE(ph + 8);
    expect(bytes.readUInt32LE(offset)).toBe(0x00000393);
    const broken = Buffer.from(bytes);
    broken.writeUInt32LE(0x00100393, offset); // li t2, 1
    const file = join(tmp(), 'add-broken.elf');
    writeFileSync(file, broken);
    const r = await runCli('run', 'rv32', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL \(test case 2\)/);
  });

  test('a truncated ELF file is an input error (exit 2) naming the file, without a stack trace', async () => {
    const file = join(tmp(), 'short.elf');
    writeFileSync(file, readFileSync('examples/riscv/rv32ui/add.elf').subarray(0, 30));
    const r = await runCli('run', 'rv32', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('short.elf');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('a program that never writes tohost within the budget exits 3', async () => {
    const r = await runCli('run', 'rv32', 'examples/riscv/c/sort.elf', '--steps', '1000');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/did not write tohost within 1000 steps/);
  });
});

describe('vmcheck vmm rv32 prog.elf', () => {
  test('runs the program as a guest, virtual = real, and reports PASS with the monitor’s statistics', async () => {
    const r = await runCli('vmm', 'rv32', 'examples/riscv/rv32si/delegation.elf');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rv32 under the monitor: PASS/);
    expect(r.out).toMatch(/\d+ direct, [1-9]\d* emulated, [1-9]\d* reflected, 0 forwarded, [1-9]\d* interpreted/);
  });

  test('--guests above 1 is a usage error for an executable', async () => {
    const r = await runCli('vmm', 'rv32', 'examples/riscv/rv32ui/add.elf', '--guests', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--guests must be 1/);
  });

  test('fuzz runs on rv32 too: programs are placed where each drawn state fetches (virtual = real)', async () => {
    const r = await runCli('fuzz', 'rv32', '--runs', '20', '--seed', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^rv32 \(monitor\): no difference in 20 programs; seed 3$/m);
  });
});
