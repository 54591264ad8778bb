/**
 * The checker on the System/370. By default a sample, the semiprivileged instructions: under the
 * declared configuration (CR0's extraction authority off, CR3's PSW-key mask empty, CR8's monitor
 * masks on) SPKA is privileged — without it, it is not; MONITOR CALL is not — it interrupts in the supervisor
 * state too when its class is enabled — and its outcome depends on CR8, so it is mode-sensitive
 * and user-system-sensitive: a violator of Theorems 1 and 3 by classification, which the exact
 * per-step condition finds safe for direct execution under the configuration (it always traps
 * there). The whole model behind VMCHECK_LONG=1 (`vmcheck check s370` takes many minutes):
 * the violators are exactly MC for Theorems 1 and 3, and for Theorem 2 also STORE CLOCK, the
 * unprivileged read of the TOD clock.
 */
import { describe, expect, it } from 'vitest';
import { s370 } from '../../spec/isa/index.js';
import { checkIsa, type Report } from '../../proofs/index.js';
import { only, byMnemonic, noReplayFailures } from './samples.js';

const violators = (r: Report) => r.theorems.map((t) => [t.theorem, t.status, t.violators.map((v) => `${v.mnemonic}: ${v.definitions.join(', ')}`).sort()]);

describe('the System/370 under the checker', () => {
  it('the semiprivileged instructions: SPKA privileged under the configuration; MC the violator, safe for direct execution', async () => {
    const r = await checkIsa(only(s370, ['SPKA', 'MC']));
    expect(r.configuration).toEqual({
      source: 'declared',
      entries: [
        { register: 'CR0.EA', mask: '0x1', value: '0x0' },
        { register: 'CR3.PKM', mask: '0xffff', value: '0x0' },
        { register: 'CR8.MM', mask: '0xffff', value: '0xffff' },
      ],
    });
    const i = byMnemonic(r);
    expect([i.get('SPKA')!.privileged, i.get('SPKA')!.derived]).toEqual(['yes', 'privileged']);
    // SPKA changes the PSW key, which the address map reads: control-sensitive, and privileged.
    expect(i.get('SPKA')!.definitions['control-sensitive'].answer).toBe('yes');
    const mc = i.get('MC')!;
    expect([mc.privileged, mc.derived]).toEqual(['no', 'sensitive']);
    const user = mc.definitions['user-system-sensitive'].witness!;
    const [a, b] = user.states!;
    expect([a!.registers['PSW.P'], b!.registers['PSW.P']]).toEqual([1, 1]);
    expect(a!.registers['CR8.MM']).not.toBe(b!.registers['CR8.MM']);
    expect(violators(r)).toEqual([
      [1, 'fails', ['MC: mode-sensitive']],
      [2, 'fails', ['MC: mode-sensitive']],
      [3, 'fails', ['MC: user-system-sensitive']],
    ]);
    expect(r.crossCheck.contradictions).toEqual([]);
    expect(r.crossCheck.safeViolators).toEqual([
      { theorem: 1, mnemonic: 'MC' },
      { theorem: 3, mnemonic: 'MC' },
    ]);
    noReplayFailures(r);
  }, 300_000);

  it('without the configuration (and no configurable bits to search) SPKA is sensitive and unprivileged', async () => {
    const isa = structuredClone(only(s370, ['SPKA']));
    delete isa.state.configuration;
    for (const r of isa.state.registers) delete r.configurable;
    const r = await checkIsa(isa);
    expect(r.configuration).toEqual({ source: 'none', entries: [] });
    expect(violators(r)).toEqual([
      [1, 'fails', ['SPKA: control-sensitive, mode-sensitive']],
      [2, 'fails', ['SPKA: control-sensitive, mode-sensitive']],
      [3, 'fails', ['SPKA: user-control-sensitive, user-system-sensitive']],
    ]);
    noReplayFailures(r);
  }, 300_000);

  it.skipIf(process.env.VMCHECK_LONG !== '1')('the whole System/370: MC violates Theorems 1 and 3, MC and STCK Theorem 2; every witness replays', async () => {
    const r = await checkIsa(s370, { workers: 2 });
    const i = byMnemonic(r);
    for (const m of ['IPK', 'SPKA', 'LPSW', 'LRA', 'SSK', 'ISK', 'LCTL', 'STIDP', 'SIO'])
      expect([m, i.get(m)!.privileged, i.get(m)!.derived]).toEqual([m, 'yes', 'privileged']);
    expect(r.mismatches).toEqual([]);
    expect(violators(r)).toEqual([
      [1, 'fails', ['MC: mode-sensitive']],
      [2, 'fails', ['MC: mode-sensitive', 'STCK: timing-dependent']],
      [3, 'fails', ['MC: user-system-sensitive']],
    ]);
    expect(r.crossCheck.contradictions).toEqual([]);
    noReplayFailures(r);
  }, 7_200_000);
});
