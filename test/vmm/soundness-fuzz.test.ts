/**
 * The soundness fixtures (test/fixtures/soundness/) against the monitor, with no checker in the
 * loop: where a fixture's right verdict says a theorem fails, a bounded search finds a guest that
 * the monitor of that theorem runs differently from the bare machine (the plain monitor for
 * Theorem 1, the hybrid one for Theorem 3), with the fixture's instruction the culprit; where it
 * says a theorem holds, a bounded campaign finds none. Together with the checker's verdicts on the
 * same fixtures (soundness-checker.test.ts) this is DESIGN.md §5 invariant 1 on the cases the
 * checker once got wrong.
 *
 * The rv32 fixtures (a described map: a guest runs virtual = real, and a random state's PMP seldom
 * lets U or S fetch at all, so random cases only exercise the interpreted M level) are held to
 * their verdicts with a directed program each, run as `vmcheck run` and `vmcheck vmm` run it.
 */
import { describe, expect, it } from 'vitest';
import { fuzzEquivalence, runBare, runUnderMonitor } from '../../vmm/index.js';
import { soundnessFixtures, counterEnableSearched, type SoundnessFixture } from '../fixtures/soundness/index.js';
import * as wfi from '../fixtures/soundness/rv32-wfi-tw.js';
import * as sepc from '../fixtures/soundness/rv32-user-sepc.js';
import { rv32 } from '../../spec/index.js';

const long = process.env.VMCHECK_LONG === '1';
/** A search expected to fail stops at its first failure (the slowest seed tried needed 122 cases). */
const SEARCH = 1500;
/** A campaign expected to pass: every case runs. */
const CAMPAIGN = long ? 1000 : 100;

const relocated = soundnessFixtures.filter((f) => f.isa.state.addressMap.kind === 'relocation-bounds');
const theorems = [
  [1, false, 'plain'],
  [3, true, 'hybrid'],
] as const;
const expectedOf = (f: SoundnessFixture, t: 1 | 3) => (t === 1 ? f.expected.theorem1 : f.expected.theorem3);

describe('fuzzing agrees with the soundness fixtures’ right verdicts', () => {
  for (const f of relocated)
    for (const [t, hybrid, monitor] of theorems) {
      const verdict = expectedOf(f, t);
      it(`${f.name}: Theorem ${t} ${verdict} — the ${monitor} monitor ${verdict === 'fails' ? 'is broken by a guest the fuzzer finds' : 'survives the campaign'}`, () => {
        const r = fuzzEquivalence(f.isa, {
          runs: verdict === 'holds' ? CAMPAIGN : SEARCH,
          hybrid,
          shrink: false,
          ...(f.expected.configuration ? { configuration: f.expected.configuration } : {}),
        });
        if (verdict === 'holds') expect(r.ok, r.ok ? '' : r.counterexample.assembly).toBe(true);
        else {
          expect(r.ok, `no divergence in ${SEARCH} cases`).toBe(false);
          if (!r.ok) expect(r.counterexample.culprit?.mnemonic, r.counterexample.assembly).toBe(f.instruction);
        }
      });
    }

  it('counter-enable without a declared C: a monitor not given the C the checker finds is broken (cen is 1 at reset)', () => {
    for (const hybrid of [false, true]) {
      const r = fuzzEquivalence(counterEnableSearched.isa, { runs: SEARCH, hybrid, shrink: false });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.counterexample.culprit?.mnemonic).toBe('RDCLK');
    }
  });
});

describe('the rv32 fixtures: a directed program, run bare and as a guest', () => {
  const compare = (f: typeof wfi | typeof sepc, hybrid: boolean) => {
    const bare = runBare(f.isa, f.program, { maxSteps: f.steps });
    const vm = runUnderMonitor(f.isa, f.program, { maxSteps: f.steps, hybrid });
    return { bare: bare.state, guest: vm.guests[0]!.state };
  };
  const x = (s: { files: Record<string, (number | bigint)[]> }, i: number) => s.files.x![i];

  it('rv32-wfi-tw: `run` and `vmm` end in different registers (Theorem 1 fails): the guest’s S-mode WFI never traps', () => {
    const { bare, guest } = compare(wfi, false);
    // Bare: WFI trapped to the M-mode handler (a1 = mcause 2, a2 = 2), which is where it stays.
    expect([bare.registers.mode, x(bare, 10), x(bare, 11), x(bare, 12)]).toEqual([3, 0, 2, 2]);
    // The guest: WFI ran directly in real U-mode, did nothing, and S-mode went on (a0 = 1).
    expect([guest.registers.mode, x(guest, 10), x(guest, 11), x(guest, 12)]).toEqual([1, 1, 0, 0]);
  });

  it('rv32-wfi-tw: the hybrid monitor interprets S-mode and ends as the bare run (Theorem 3 holds)', () => {
    const { bare, guest } = compare(wfi, true);
    expect(guest).toEqual(bare);
  });

  it('rv32-wfi-tw: the same program on rv32 itself (WFI illegal in U) ends alike bare and as a guest', () => {
    const bare = runBare(rv32, wfi.program, { maxSteps: wfi.steps });
    const vm = runUnderMonitor(rv32, wfi.program, { maxSteps: wfi.steps });
    expect(vm.guests[0]!.state).toEqual(bare.state);
    // WFI trapped on the host (real U-mode), and the interpreter found the guest's S-mode with TW set: reflected.
    expect(vm.guests[0]!.statistics.byInstruction['WFI']?.reflected).toBe(1);
  });

  for (const hybrid of [false, true])
    it(`rv32-user-sepc: the ${hybrid ? 'hybrid' : 'plain'} monitor runs U-mode's RDSEPC directly and it reads the real sepc (Theorem ${hybrid ? 3 : 1} fails)`, () => {
      const { bare, guest } = compare(sepc, hybrid);
      expect(x(bare, 10)).toBe(0x124);
      expect(guest.registers.sepc).toBe(0x124); // the guest's own sepc is right…
      expect(x(guest, 10)).not.toBe(0x124); // …but RDSEPC did not read it
      expect(guest).not.toEqual(bare);
    });
});
