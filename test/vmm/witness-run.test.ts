/**
 * A directed search seeded with the checker's witnesses (vmm/witness-run.ts): each witness state
 * of a violation, run for one step as a guest's virtual state, makes the monitor it should break
 * diverge from the bare machine — the plain monitor for a Theorem 1 violator, the hybrid one for
 * a Theorem 3 violator — on the paper's three counterexamples (DESIGN.md §1). Where Theorem 3
 * holds, no witness breaks the hybrid monitor. The checker runs on the bundled ISAs
 * (proofs/ checkIsa, one cache for the family: the variants ask only about their own instruction).
 *
 * The soundness fixtures get the same treatment in soundness-checker-*.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IsaDescription } from '../../spec/description.js';
import { pg74, pg74Jrst, pg74Lra, pg74Mode } from '../../spec/index.js';
import { assemble } from '../../asm/index.js';
import { CheckCache, checkIsa } from '../../proofs/index.js';
import { runWitness, runWitnessState, witnessSnapshot, VmmError, type WitnessStateLike } from '../../vmm/index.js';
import { trapInSupervisor } from '../fixtures/soundness/index.js';

interface ReportView {
  theorems: { theorem: number; status: string; violators: { mnemonic: string; definitions: string[] }[] }[];
  instructions: { mnemonic: string; definitions: Record<string, { witness?: { states: WitnessStateLike[] } } | undefined> }[];
}

const family = [pg74Jrst, pg74Lra, pg74Mode];
const reports = new Map<string, ReportView>();

beforeAll(async () => {
  const cache = new CheckCache();
  for (const isa of family) reports.set(isa.name, (await checkIsa(isa, { timeoutMs: 120_000, cache })) as unknown as ReportView);
}, 240_000);

function witnesses(isa: IsaDescription, t: 1 | 3) {
  const report = reports.get(isa.name)!;
  const theorem = report.theorems.find((x) => x.theorem === t)!;
  return theorem.violators.flatMap((v) =>
    v.definitions.flatMap((d) => {
      const w = report.instructions.find((i) => i.mnemonic === v.mnemonic)!.definitions[d]?.witness;
      return w ? [{ mnemonic: v.mnemonic, definition: d, states: w.states }] : [];
    }),
  );
}

describe('every violator’s witness breaks the monitor it should', () => {
  const cases = [
    [pg74Jrst, 1, 'JRU'],
    [pg74Lra, 1, 'LRA'],
    [pg74Lra, 3, 'LRA'],
    [pg74Mode, 1, 'RMODE'],
  ] as const;
  for (const [isa, t, mnemonic] of cases)
    it(`${isa.name}: ${mnemonic}'s Theorem ${t} witnesses diverge under the ${t === 1 ? 'plain' : 'hybrid'} monitor`, () => {
      const ws = witnesses(isa, t);
      expect(ws.map((w) => w.mnemonic)).toContain(mnemonic);
      for (const w of ws) {
        const r = runWitness(isa, w, { hybrid: t === 3 });
        expect(r.interpreted).toBe(false); // pg74 runs every level directly
        expect(r.diverges, `${w.mnemonic} (${w.definition}): ${JSON.stringify(r.runs)}`).toBe(true);
      }
    });

  for (const isa of [pg74Jrst, pg74Mode])
    it(`${isa.name}: Theorem 3 holds, and no Theorem 1 witness breaks the hybrid monitor`, () => {
      expect(reports.get(isa.name)!.theorems.find((x) => x.theorem === 3)!.status).toBe('holds');
      const ws = witnesses(isa, 1);
      expect(ws.length).toBeGreaterThan(0);
      for (const w of ws) expect(runWitness(isa, w, { hybrid: true }).diverges, `${w.mnemonic} (${w.definition})`).toBe(false);
    });

  it('the witnesses diverge nested as well (two monitors deep)', () => {
    for (const isa of family) for (const w of witnesses(isa, 1)) expect(runWitness(isa, w, { depth: 2 }).diverges, `${isa.name} ${w.mnemonic}`).toBe(true);
  });
});

describe('runWitnessState on states written by hand', () => {
  /** A state of `isa` with `text` at PC 16 (R = (0, max)), in the given mode. */
  const at = (isa: IsaDescription, text: string, mode: number, extra: Record<string, number> = {}): WitnessStateLike => {
    const word = assemble(isa, text).segments[0]!.cells;
    return {
      label: mode ? 'supervisor' : 'user',
      registers: { PC: 16, M: mode, L: 0, B: 0xffff_ffff, ...extra },
      storage: word.map((value, i) => ({ address: 16 + i, value: Number(value) })),
    };
  };

  it('RMODE: a supervisor-mode state diverges under the plain monitor (it reads the real mode), a user-mode one does not', () => {
    const sup = runWitnessState(pg74Mode, at(pg74Mode, 'rmode r3', 1));
    expect(sup.diverges).toBe(true);
    expect(sup.differences).toEqual([{ what: 'r3', bare: '1', virtual: '0' }]);
    expect(sup.statistics.direct).toBe(1);
    expect(runWitnessState(pg74Mode, at(pg74Mode, 'rmode r3', 0)).diverges).toBe(false);
    expect(runWitnessState(pg74Mode, at(pg74Mode, 'rmode r3', 1), { hybrid: true })).toMatchObject({ diverges: false, interpreted: true });
  });

  it('JRU from supervisor mode: only the virtual mode shows the difference after one step', () => {
    const r = runWitnessState(pg74Jrst, at(pg74Jrst, 'jru 40', 1));
    expect(r.differences).toEqual([{ what: 'register M', bare: '0', virtual: '1' }]);
  });

  it('LRA: the relocation shows when the monitor places the guest anywhere but 0', () => {
    const s = at(pg74Lra, 'lra r1, 5(r0)', 0);
    expect(runWitnessState(pg74Lra, s).differences).toEqual([{ what: 'r1', bare: '5', virtual: '21' }]);
    expect(runWitnessState(pg74Lra, s, { base: 0 }).diverges).toBe(false);
  });

  it('a privileged instruction (LPSW) from supervisor mode traps on the host and is emulated: no divergence', () => {
    const r = runWitnessState(pg74, { ...at(pg74, 'lpsw 40(r0)', 1), storage: [...at(pg74, 'lpsw 40(r0)', 1).storage, { address: 41, value: 7 }, { address: 43, value: 100 }] });
    expect(r).toMatchObject({ diverges: false, trapDiffers: false, interpreted: false });
    expect(r.statistics.emulated).toBe(1);
  });

  it('a trap both runs take is alike; a trap only the bare machine takes is a divergence', () => {
    // In user mode LPSW traps bare and is reflected under the monitor: the same trap.
    const r = runWitnessState(pg74, at(pg74, 'lpsw 40(r0)', 0));
    expect([r.bare.trap?.name, r.virtual.trap?.name, r.diverges]).toEqual(['privileged', 'privileged', false]);
    // SADD (test/fixtures/soundness/trap-in-supervisor.ts) traps in supervisor mode and adds in user
    // mode: the plain monitor runs the guest's supervisor code in real user mode, where it adds.
    const s = runWitnessState(trapInSupervisor.isa, at(trapInSupervisor.isa, 'sadd r1, r2, r3', 1, {}));
    expect(s).toMatchObject({ diverges: true, trapDiffers: true, bare: { trap: { name: 'privileged' } }, virtual: { mnemonic: 'SADD' } });
    expect(s.virtual.trap).toBeUndefined();
  });

  it('a witness state that does not fit is refused with a message', () => {
    expect(() => witnessSnapshot(pg74, { registers: {}, storage: [{ address: 1 << 20, value: 1 }] }, 65536)).toThrow(VmmError);
    expect(() => witnessSnapshot(pg74, { registers: {}, files: { r: [1, 2] }, storage: [] }, 64)).toThrow(/16/);
  });
});
