/**
 * The checker on the x86. By default a sample: POPF (control-sensitive in ring 0, IF and IOPL
 * silently kept elsewhere), SGDT (reads GDTR in any ring) and HLT (privileged) on the Pentium;
 * and SGDT and RDTSC under the configuration UMIP = TSD = 1, where both are privileged. The three
 * whole models behind VMCHECK_LONG=1: Theorems 1, 2 and 3 fail on x86 and x86-tsd and x86-umip,
 * with exactly the violators README.md lists, every witness replayed, no contradiction between
 * the classification and the per-step cross-check.
 */
import { describe, expect, it } from 'vitest';
import { extendIsa, x86, x86Tsd, x86Umip, type IsaDescription } from '../../spec/index.js';
import { checkIsa, type Report } from '../../proofs/index.js';

const only = (isa: IsaDescription, keep: readonly string[]) =>
  extendIsa(isa, { name: `${isa.name}-sample`, summary: 'a sample', remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) });
const byMnemonic = (r: Report) => new Map(r.instructions.map((i) => [i.mnemonic, i]));
const violators = (r: Report) => r.theorems.map((t) => [t.theorem, t.status, t.violators.map((v) => `${v.mnemonic}: ${v.definitions.join(', ')}`).sort()]);
const allReplayed = (r: Report) => {
  for (const i of r.instructions)
    for (const d of Object.values(i.definitions)) if (d.witness) expect([i.mnemonic, d.definition, d.witness.replayed]).toEqual([i.mnemonic, d.definition, true]);
};

describe('the x86 under the checker', () => {
  it('a sample on the Pentium: POPF changes IF and IOPL in ring 0 without trapping and IF in ring 1 = IOPL; SGDT reads GDTR in any ring; HLT is privileged', async () => {
    const r = await checkIsa(only(x86, ['POPF', 'SGDT', 'HLT']));
    const i = byMnemonic(r);
    expect(r.configuration).toEqual({ source: 'declared', entries: [{ register: 'EFLAGS.IOPL', mask: '0x3', value: '0x0' }] });
    expect([i.get('HLT')!.privileged, i.get('HLT')!.derived]).toEqual(['yes', 'privileged']);
    const popf = i.get('POPF')!;
    expect([popf.privileged, popf.definitions['control-sensitive'].answer, popf.definitions['user-control-sensitive'].answer]).toEqual(['no', 'yes', 'yes']);
    expect(popf.definitions['control-sensitive'].systemState).toEqual(expect.arrayContaining(['EFLAGS.IF', 'EFLAGS.IOPL']));
    // In a user ring IOPL never changes (only CPL 0 writes it); IF does when CPL <= IOPL.
    expect(popf.definitions['user-control-sensitive'].systemState).toContain('EFLAGS.IF');
    expect(popf.definitions['user-control-sensitive'].systemState).not.toContain('EFLAGS.IOPL');
    const sgdt = i.get('SGDT')!;
    expect([sgdt.privileged, sgdt.definitions['mode-sensitive'].answer, sgdt.definitions['user-system-sensitive'].answer]).toEqual(['no', 'yes', 'yes']);
    expect(sgdt.definitions['user-system-sensitive'].systemState).toEqual(['GDTR_base', 'GDTR_limit']);
    expect(violators(r)).toEqual([
      [1, 'fails', ['POPF: control-sensitive', 'SGDT: mode-sensitive']],
      [2, 'fails', ['POPF: control-sensitive', 'SGDT: mode-sensitive']],
      [3, 'fails', ['POPF: user-control-sensitive', 'SGDT: user-system-sensitive']],
    ]);
    allReplayed(r);
    expect(r.crossCheck.contradictions).toEqual([]);
  }, 300_000);

  it('under UMIP = 1 and TSD = 1, SGDT and RDTSC fault outside ring 0: privileged, and Theorems 1, 2 and 3 hold for them', async () => {
    const r = await checkIsa(only(x86Umip, ['SGDT', 'RDTSC']));
    expect(r.configuration.source).toBe('declared');
    const i = byMnemonic(r);
    expect([i.get('SGDT')!.privileged, i.get('RDTSC')!.privileged]).toEqual(['yes', 'yes']);
    expect(r.theorems.map((t) => [t.theorem, t.status])).toEqual([
      [1, 'holds'],
      [2, 'holds'],
      [3, 'holds'],
    ]);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1').each([
    ['x86', x86],
    ['x86-tsd', x86Tsd],
    ['x86-umip', x86Umip],
  ] as const)('the whole %s: the violators README.md lists; every witness replays', async (name, isa) => {
    const r = await checkIsa(isa, { workers: 2 });
    expect(violators(r)).toEqual(EXPECTED[name]);
    allReplayed(r);
    expect(r.crossCheck.contradictions).toEqual([]);
    expect(r.verdict).not.toBe('virtualizable');
  }, 3_600_000);
});

/** README.md's tables: the violators `vmcheck check` derives, by theorem. */
const EXPECTED: Record<string, unknown> = {
  'x86': [
    [1, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'RDTSC: mode-sensitive',
      'SGDT: mode-sensitive',
      'SIDT: mode-sensitive',
      'SLDT: mode-sensitive',
      'SMSW: mode-sensitive',
      'STR: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [2, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'RDTSC: mode-sensitive',
      'SGDT: mode-sensitive',
      'SIDT: mode-sensitive',
      'SLDT: mode-sensitive',
      'SMSW: mode-sensitive',
      'STR: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [3, 'fails', [
      'IRET: user-control-sensitive, user-system-sensitive',
      'LAR: user-system-sensitive',
      'LCALL: user-control-sensitive, user-system-sensitive',
      'LDS: user-control-sensitive, user-system-sensitive',
      'LES: user-control-sensitive, user-system-sensitive',
      'LJMP: user-control-sensitive, user-system-sensitive',
      'LRET: user-control-sensitive, user-system-sensitive',
      'LSL: user-system-sensitive',
      'MOV.fromCS: user-system-sensitive',
      'MOV.fromDS: user-system-sensitive',
      'MOV.fromES: user-system-sensitive',
      'MOV.fromSS: user-system-sensitive',
      'MOV.toDS: user-control-sensitive, user-system-sensitive',
      'MOV.toES: user-control-sensitive, user-system-sensitive',
      'MOV.toSS: user-control-sensitive, user-system-sensitive',
      'POP.DS: user-control-sensitive, user-system-sensitive',
      'POP.ES: user-control-sensitive, user-system-sensitive',
      'POP.SS: user-control-sensitive, user-system-sensitive',
      'POPF: user-control-sensitive',
      'PUSH.CS: user-system-sensitive',
      'PUSH.DS: user-system-sensitive',
      'PUSH.ES: user-system-sensitive',
      'PUSH.SS: user-system-sensitive',
      'PUSHF: user-system-sensitive',
      'RDTSC: user-system-sensitive',
      'SGDT: user-system-sensitive',
      'SIDT: user-system-sensitive',
      'SLDT: user-system-sensitive',
      'SMSW: user-system-sensitive',
      'STR: user-system-sensitive',
      'VERR: user-system-sensitive',
      'VERW: user-system-sensitive',
    ]],
  ],
  'x86-tsd': [
    [1, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'SGDT: mode-sensitive',
      'SIDT: mode-sensitive',
      'SLDT: mode-sensitive',
      'SMSW: mode-sensitive',
      'STR: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [2, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'SGDT: mode-sensitive',
      'SIDT: mode-sensitive',
      'SLDT: mode-sensitive',
      'SMSW: mode-sensitive',
      'STR: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [3, 'fails', [
      'IRET: user-control-sensitive, user-system-sensitive',
      'LAR: user-system-sensitive',
      'LCALL: user-control-sensitive, user-system-sensitive',
      'LDS: user-control-sensitive, user-system-sensitive',
      'LES: user-control-sensitive, user-system-sensitive',
      'LJMP: user-control-sensitive, user-system-sensitive',
      'LRET: user-control-sensitive, user-system-sensitive',
      'LSL: user-system-sensitive',
      'MOV.fromCS: user-system-sensitive',
      'MOV.fromDS: user-system-sensitive',
      'MOV.fromES: user-system-sensitive',
      'MOV.fromSS: user-system-sensitive',
      'MOV.toDS: user-control-sensitive, user-system-sensitive',
      'MOV.toES: user-control-sensitive, user-system-sensitive',
      'MOV.toSS: user-control-sensitive, user-system-sensitive',
      'POP.DS: user-control-sensitive, user-system-sensitive',
      'POP.ES: user-control-sensitive, user-system-sensitive',
      'POP.SS: user-control-sensitive, user-system-sensitive',
      'POPF: user-control-sensitive',
      'PUSH.CS: user-system-sensitive',
      'PUSH.DS: user-system-sensitive',
      'PUSH.ES: user-system-sensitive',
      'PUSH.SS: user-system-sensitive',
      'PUSHF: user-system-sensitive',
      'SGDT: user-system-sensitive',
      'SIDT: user-system-sensitive',
      'SLDT: user-system-sensitive',
      'SMSW: user-system-sensitive',
      'STR: user-system-sensitive',
      'VERR: user-system-sensitive',
      'VERW: user-system-sensitive',
    ]],
  ],
  'x86-umip': [
    [1, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [2, 'fails', [
      'IRET: control-sensitive, mode-sensitive',
      'LAR: mode-sensitive',
      'LCALL: control-sensitive, mode-sensitive',
      'LDS: control-sensitive, mode-sensitive',
      'LES: control-sensitive, mode-sensitive',
      'LJMP: control-sensitive, mode-sensitive',
      'LRET: control-sensitive, mode-sensitive',
      'LSL: mode-sensitive',
      'MOV.fromCS: mode-sensitive',
      'MOV.fromDS: mode-sensitive',
      'MOV.fromES: mode-sensitive',
      'MOV.fromSS: mode-sensitive',
      'MOV.toDS: control-sensitive, mode-sensitive',
      'MOV.toES: control-sensitive, mode-sensitive',
      'MOV.toSS: control-sensitive, mode-sensitive',
      'POP.DS: control-sensitive, mode-sensitive',
      'POP.ES: control-sensitive, mode-sensitive',
      'POP.SS: control-sensitive, mode-sensitive',
      'POPF: control-sensitive',
      'PUSH.CS: mode-sensitive',
      'PUSH.DS: mode-sensitive',
      'PUSH.ES: mode-sensitive',
      'PUSH.SS: mode-sensitive',
      'PUSHF: mode-sensitive',
      'VERR: mode-sensitive',
      'VERW: mode-sensitive',
    ]],
    [3, 'fails', [
      'IRET: user-control-sensitive, user-system-sensitive',
      'LAR: user-system-sensitive',
      'LCALL: user-control-sensitive, user-system-sensitive',
      'LDS: user-control-sensitive, user-system-sensitive',
      'LES: user-control-sensitive, user-system-sensitive',
      'LJMP: user-control-sensitive, user-system-sensitive',
      'LRET: user-control-sensitive, user-system-sensitive',
      'LSL: user-system-sensitive',
      'MOV.fromCS: user-system-sensitive',
      'MOV.fromDS: user-system-sensitive',
      'MOV.fromES: user-system-sensitive',
      'MOV.fromSS: user-system-sensitive',
      'MOV.toDS: user-control-sensitive, user-system-sensitive',
      'MOV.toES: user-control-sensitive, user-system-sensitive',
      'MOV.toSS: user-control-sensitive, user-system-sensitive',
      'POP.DS: user-control-sensitive, user-system-sensitive',
      'POP.ES: user-control-sensitive, user-system-sensitive',
      'POP.SS: user-control-sensitive, user-system-sensitive',
      'POPF: user-control-sensitive',
      'PUSH.CS: user-system-sensitive',
      'PUSH.DS: user-system-sensitive',
      'PUSH.ES: user-system-sensitive',
      'PUSH.SS: user-system-sensitive',
      'PUSHF: user-system-sensitive',
      'VERR: user-system-sensitive',
      'VERW: user-system-sensitive',
    ]],
  ],
};
