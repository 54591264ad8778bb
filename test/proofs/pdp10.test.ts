/**
 * The checker on the PDP-10 (KA10). By default a sample (the JRST forms, the PC-word savers JSP
 * and PUSHJ, an I/O instruction, a UUO, a push, ordinary moves); the whole ISA behind
 * VMCHECK_LONG=1 (`vmcheck check pdp10` takes about three minutes).
 *
 * From the semantics alone: JRST 1 (enter user mode; in user mode a plain jump) is control-
 * sensitive and unprivileged — the literature's finding — and so are JRSTF and JRST 3. JSR, JSP,
 * PUSHJ and the LUUOs save the PC word, whose flags include USER: mode-sensitive. Theorem 1 fails.
 * Under the declared configuration (User I/O held at 0) every I/O instruction and JRST 4/10/12 is
 * privileged. Theorem 3 fails too, but only through User I/O: in user mode the PC-word savers
 * read USERIO and JRSTF can clear it.
 */
import { describe, expect, it } from 'vitest';
import { pdp10 } from '../../spec/isa/index.js';
import { checkIsa } from '../../proofs/index.js';
import { only, byMnemonic, verdicts, noReplayFailures } from './samples.js';


const luuos = ['LUUO001', 'LUUO002', 'LUUO004', 'LUUO010', 'LUUO020'];

describe('the PDP-10 under the checker', () => {
  it('a sample: JRST 1 control-sensitive and unprivileged, JSP mode- and user-system-sensitive, the I/O and HALT privileged under User I/O = 0', async () => {
    const r = await checkIsa(only(pdp10, ['MOVE', 'MOVEM', 'JRST', 'JRST1', 'JRSTF', 'HALT', 'JSP', 'DATAO_APR', 'CALLI']));
    const i = byMnemonic(r);
    expect(r.configuration).toEqual({ source: 'declared', entries: [{ register: 'FLAGS.USERIO', mask: '0x1', value: '0x0' }] });
    for (const m of ['MOVE', 'MOVEM', 'JRST', 'CALLI']) expect(i.get(m)!.derived, m).toBe('innocuous');
    for (const m of ['HALT', 'DATAO_APR']) expect(i.get(m)!.derived, m).toBe('privileged');
    const jrst1 = i.get('JRST1')!;
    expect([jrst1.derived, jrst1.privileged]).toEqual(['sensitive', 'no']);
    expect(jrst1.definitions['control-sensitive'].answer).toBe('yes');
    expect(jrst1.definitions['control-sensitive'].systemState).toEqual(['FLAGS.USER']);
    // In user mode JRST 1 changes nothing: not user-sensitive, so it does not stop a hybrid monitor.
    expect(jrst1.definitions['user-control-sensitive'].answer).toBe('no');
    expect(i.get('JSP')!.definitions['mode-sensitive'].answer).toBe('yes');
    expect(i.get('JSP')!.definitions['user-system-sensitive'].systemState).toEqual(['FLAGS.USERIO']);
    expect(verdicts(r)).toEqual([
      [1, 'fails', ['JSP', 'JRST1', 'JRSTF']],
      [2, 'fails', ['JSP', 'JRST1', 'JRSTF']],
      [3, 'fails', ['JSP', 'JRSTF']],
    ]);
    noReplayFailures(r);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole of pdp10: the exact violator sets of Theorems 1, 2 and 3', async () => {
    const r = await checkIsa(pdp10, { workers: 2 });
    const t1 = ['PUSHJ', 'JSR', 'JSP', 'JRST1', 'JRSTF', 'JRST3', ...luuos];
    expect(verdicts(r)).toEqual([
      [1, 'fails', t1],
      [2, 'fails', t1],
      [3, 'fails', t1.filter((m) => m !== 'JRST1')],
    ]);
    const i = byMnemonic(r);
    // Every I/O instruction and every JRST with bit 04 or 10 is privileged under the configuration.
    for (const insn of r.instructions.filter((x) => /^(BLKI|DATAI|BLKO|DATAO|CONO|CONI|CONSZ|CONSO)_/.test(x.mnemonic) || ['HALT', 'JEN', 'JRST10'].includes(x.mnemonic)))
      expect(insn.derived, insn.mnemonic).toBe('privileged');
    // Theorem 3's violators involve User I/O only.
    for (const m of t1.filter((x) => x !== 'JRST1')) {
      const d = i.get(m)!.definitions;
      const user = [d['user-system-sensitive'], d['user-control-sensitive']].filter((x) => x?.answer === 'yes');
      expect(user.length, m).toBeGreaterThan(0);
      for (const u of user) expect(u.systemState, m).toEqual(['FLAGS.USERIO']);
    }
    expect(r.crossCheck.contradictions).toEqual([]);
    noReplayFailures(r);
  }, 3_600_000);
});
