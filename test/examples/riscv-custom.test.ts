/**
 * examples/riscv-custom: the architect's workflow. A custom instruction that reads mstatus from
 * any mode breaks Theorem 1 with a witness; the corrected one, trapping below M-mode, keeps rv32
 * classically virtualizable. The TypeScript and JSON forms describe the same instruction.
 *
 * The checks run on a reduced rv32 (the custom instruction and a few neighbours): the verdict of
 * the whole ISA follows from the same per-instruction findings (see the full check behind
 * VMCHECK_FULL_RV32 in test/proofs/rv32.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIsa, extendIsa, fixedPattern, loadExtension, loadIsa, type IsaDescription } from '../../spec/index.js';
import { checkIsa } from '../../proofs/index.js';
import draft from '../../examples/riscv-custom/rdmstatus.js';
import fixed from '../../examples/riscv-custom/rdmstatus-fixed.js';

const dir = join(import.meta.dirname, '../../examples/riscv-custom');
const keep = new Set(['ADDI', 'CSRRS.mstatus', 'MRET', 'RDMSTATUS']);
const reduced = (isa: IsaDescription) =>
  extendIsa(isa, { name: `${isa.name}-reduced`, summary: 'a few instructions', remove: isa.instructions.filter((i) => !keep.has(i.mnemonic)).map((i) => i.mnemonic) });
const fromJson = (file: string) => loadExtension(JSON.parse(readFileSync(join(dir, file), 'utf8')), bundledIsa, file);
/** An instruction as canonical data (constants in 0x-hex, fixed bits as one mask), to compare descriptions written two ways. */
const canonical = (isa: IsaDescription, mnemonic: string) => {
  const { encoding, ...rest } = loadIsa(JSON.parse(JSON.stringify(isa))).instructions.find((i) => i.mnemonic === mnemonic)!;
  return { ...rest, bits: encoding.bits, fields: encoding.fields, fixed: fixedPattern(encoding) };
};

describe('a custom instruction in rv32', () => {
  it('the JSON extension files describe the same instructions as the TypeScript ones', () => {
    expect(canonical(fromJson('rdmstatus.json'), 'RDMSTATUS')).toEqual(canonical(draft, 'RDMSTATUS'));
    expect(canonical(fromJson('rdmstatus-fixed.json'), 'RDMSTATUS')).toEqual(canonical(fixed, 'RDMSTATUS'));
    expect(fromJson('rdmstatus.json').instructions).toHaveLength(bundledIsa('rv32')!.instructions.length + 1);
  });

  it('reading mstatus in any mode breaks Theorem 1, with a witness that replays', async () => {
    const report = await checkIsa(reduced(draft));
    const insn = report.instructions.find((i) => i.mnemonic === 'RDMSTATUS')!;
    expect(insn.privileged).toBe('no');
    expect(insn.definitions['mode-sensitive'].answer).toBe('yes');
    expect(insn.definitions['mode-sensitive'].systemState).toContain('mstatus');
    expect(insn.definitions['mode-sensitive'].witness).toBeDefined();
    expect(report.theorems[0].status).toBe('fails');
    expect(report.theorems[0].violators.map((v) => v.mnemonic)).toEqual(['RDMSTATUS']);
    expect(report.verdict).not.toBe('virtualizable');
  }, 120_000);

  it('trapping below M-mode makes it privileged, and Theorem 1 holds again', async () => {
    const report = await checkIsa(reduced(fixed));
    const insn = report.instructions.find((i) => i.mnemonic === 'RDMSTATUS')!;
    expect(insn.privileged).toBe('yes');
    expect(insn.derived).toBe('privileged');
    expect(report.theorems[0].status).toBe('holds');
  }, 120_000);
});
