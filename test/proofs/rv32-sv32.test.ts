/**
 * The checker on rv32-sv32, whose address map walks the Sv32 page tables in storage (sv32.ts):
 * every load, store and fetch of every query reads the tables through the walk. By default a
 * sample (a load, the satp write, SFENCE.VMA) and a mutant that shows a violation is still found
 * through the walk; the whole ISA behind VMCHECK_LONG=1 (long: see docs/architectures.md).
 */
import { describe, expect, it } from 'vitest';
import { rv32Sv32 } from '../../spec/isa/rv32/index.js';
import { extendIsa } from '../../spec/compose.js';
import type { Stmt } from '../../spec/ast.js';
import { CheckCache, checkIsa, type Report } from '../../proofs/index.js';
import { byMnemonic, noReplayFailures, only } from './samples.js';

const cache = new CheckCache();
// Queries through the walk are large: at the default 10 s a loaded machine (load 10) turned one of
// the mutant's into a timeout and the verdict inconclusive. The limit is a bound, not a figure.
const timeoutMs = 120_000;

describe('rv32-sv32 under the checker', () => {
  let report: Report;
  it('a load through the walk is innocuous, the satp write and SFENCE.VMA are privileged: Theorems 1, 2 and 3 hold', async () => {
    report = await checkIsa(only(rv32Sv32, ['LW', 'CSRRW.satp', 'SFENCE.VMA']), { cache, timeoutMs });
    const i = byMnemonic(report);
    expect(i.get('LW')!.derived).toBe('innocuous');
    // The walk reads satp and the tables: a load is not sensitive to them (they are the map, the
    // same in both runs of each definition), only to what it reads through them.
    for (const [d, f] of Object.entries(i.get('LW')!.definitions)) expect([d, f.answer]).toEqual([d, 'no']);
    const satp = i.get('CSRRW.satp')!;
    expect([satp.privileged, satp.derived]).toEqual(['yes', 'privileged']);
    expect(satp.definitions['control-sensitive'].answer).toBe('yes');
    expect(satp.definitions['control-sensitive'].systemState).toContain('satp');
    expect(i.get('SFENCE.VMA')!.privileged).toBe('yes');
    expect(report.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(report.verdict).toBe('virtualizable');
    expect(report.crossCheck.contradictions).toEqual([]);
    noReplayFailures(report);
  }, 600_000);

  it('a store that also turns translation off is control-sensitive and unprivileged: Theorem 1 fails, with a witness that replays', async () => {
    const sw = rv32Sv32.instructions.find((x) => x.mnemonic === 'SW')!;
    const clearSatp: Stmt = { kind: 'assign', target: { kind: 'reg', name: 'satp' }, value: { kind: 'const', width: 32, value: '0x0' } };
    const mutant = extendIsa(rv32Sv32, { name: 'rv32-sv32-mutant', summary: 'SW also clears satp', replace: [{ ...sw, semantics: [...sw.semantics, clearSatp] }] });
    const r = await checkIsa(only(mutant, ['SW']), { cache, timeoutMs });
    const f = byMnemonic(r).get('SW')!;
    expect(f.privileged).toBe('no');
    expect(f.definitions['control-sensitive'].answer).toBe('yes');
    expect(f.definitions['control-sensitive'].systemState).toContain('satp');
    expect(r.theorems[0].status).toBe('fails');
    expect(r.theorems[0].violators.map((v) => v.mnemonic)).toEqual(['SW']);
    expect(r.verdict).not.toBe('virtualizable');
    noReplayFailures(r);
  }, 600_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of rv32-sv32 under its configuration: Theorems 1, 2 and 3 hold', async () => {
    const full = await checkIsa(rv32Sv32, { workers: 2, cache });
    expect(full.theorems.map((t) => t.status)).toEqual(['holds', 'holds', 'holds']);
    expect(full.crossCheck.contradictions).toEqual([]);
    expect(full.verdict).toBe('virtualizable');
    noReplayFailures(full);
  }, 7_200_000);
});
