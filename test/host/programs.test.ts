/**
 * The RISC-V architectural test programs in examples/riscv, run bare on rv32: every one passes
 * through the tohost convention (one self-checking program per instruction or feature).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extendIsa, rv32, rv32Sv32, rv32Sv32With } from '../../spec/index.js';
import { Machine } from '../../machine/index.js';
import { loadElf32 } from '../../loader/index.js';
import { runProgram, type ProgramResult } from '../../host/index.js';

const root = join(import.meta.dirname, '../../examples/riscv');
const suites = ['rv32ui', 'rv32um', 'rv32ua', 'rv32mi', 'rv32si', 'strict'];
const programs = suites.flatMap((s) => readdirSync(join(root, s)).filter((f) => f.endsWith('.elf')).map((f) => `${s}/${f}`));
const cPrograms = ['c/hello.elf', 'c/sort.elf', 'c/crc32.elf'];

export function runElf(path: string, isa = rv32): ProgramResult {
  const program = loadElf32(readFileSync(join(root, path)), path);
  return runProgram(new Machine(isa), program, { maxSteps: 200_000_000, source: path });
}

describe('the architectural test programs pass bare on rv32', () => {
  it('finds the programs (every instruction, CSR, cause and mode has one)', () => {
    expect(programs.length).toBeGreaterThanOrEqual(81);
    // The A extension's folder is listed, not skipped: LR/SC, its faults, and every AMO.
    expect(programs.filter((p) => p.startsWith('rv32ua/')).sort()).toEqual(
      ['amoadd', 'amologic', 'amominmax', 'amoswap', 'lrsc', 'lrsc_fault', 'lrsc_kept'].map((n) => `rv32ua/${n}.elf`),
    );
    expect(programs).toContain('strict/amo_causes.elf');
    for (const p of ['rv32ui/add.elf', 'rv32um/divu.elf', 'rv32mi/pmp.elf', 'rv32mi/interrupt.elf', 'rv32si/delegation.elf']) expect(programs).toContain(p);
  });
  it.each([...programs, ...cPrograms])('%s passes', (path) => {
    const r = runElf(path);
    expect(r.reason, r.output.slice(-600)).toBe('tohost');
    expect(r.verdict, r.output.slice(-600)).toEqual({ kind: 'pass' });
    // The environment prints the signature before writing tohost.
    expect(r.output).toContain('signature end\ntohost 00000001');
  });
});

describe('the Sv32 programs pass bare on rv32-sv32, and fail on rv32 (Bare only)', () => {
  // svadu needs hardware A/D (rv32-sv32-svadu): below.
  const sv32 = readdirSync(join(root, 'sv32')).filter((f) => f.endsWith('.elf') && f !== 'svadu.elf').map((f) => `sv32/${f}`);
  it('finds them', () => expect(sv32.sort()).toEqual(['sv32/pte_access.elf', 'sv32/sv32.elf']));
  it('sv32/svadu.elf passes on rv32-sv32-svadu (the walk sets A and D) and fails on rv32-sv32 (a page fault where A is clear)', () => {
    const svadu = rv32Sv32With({ adUpdate: 'hardware' });
    expect(runElf('sv32/svadu.elf', svadu).verdict).toEqual({ kind: 'pass' });
    expect(runElf('sv32/svadu.elf', rv32Sv32).verdict?.kind).toBe('fail');
  });
  it('rv32-sv32-svadu runs every other Sv32 program too (their entries have A and D set)', () => {
    const svadu = rv32Sv32With({ adUpdate: 'hardware' });
    for (const p of sv32) expect(runElf(p, svadu).verdict, p).toEqual({ kind: 'pass' });
  });
  it.each(sv32)('%s passes on rv32-sv32', (path) => {
    const r = runElf(path, rv32Sv32);
    expect(r.verdict, r.output.slice(-600)).toEqual({ kind: 'pass' });
  });
  it('sv32/sv32.elf fails on rv32, whose satp ignores a write selecting Sv32 (at the first translated access)', () => {
    const r = runElf('sv32/sv32.elf', rv32);
    expect(r.verdict?.kind).toBe('fail');
  });
  it('rv32-sv32 runs every rv32si program too (satp Bare is the same machine)', () => {
    for (const p of programs.filter((x) => x.startsWith('rv32si/') || x.startsWith('rv32mi/'))) expect(runElf(p, rv32Sv32).verdict, p).toEqual({ kind: 'pass' });
  });
});

describe('a wrong model fails the programs that test it', () => {
  const sub = rv32.instructions.find((i) => i.mnemonic === 'SUB')!;
  const add = rv32.instructions.find((i) => i.mnemonic === 'ADD')!;
  const broken = extendIsa(rv32, {
    name: 'rv32-add-subtracts',
    summary: 'rv32 whose ADD subtracts',
    replace: [{ ...add, semantics: sub.semantics }],
  });

  it('ADD that subtracts fails rv32ui/add at a test case, and the verdict says which', () => {
    const r = runElf('rv32ui/add.elf', broken);
    expect(r.reason).toBe('tohost');
    expect(r.verdict?.kind).toBe('fail');
    if (r.verdict?.kind === 'fail') expect(r.verdict.testCase).toBeGreaterThanOrEqual(2);
  });
  it('ADD that subtracts leaves rv32ui/xor passing (it does not use ADD in its checks)', () => {
    expect(runElf('rv32ui/xor.elf', broken).verdict).toEqual({ kind: 'pass' });
  });
});
