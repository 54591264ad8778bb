/**
 * The monitor on a status register with fields: the 68010 in miniature runs its supervisor under
 * the monitor exactly as bare (MOVE from SR traps and is emulated on the virtual fields); the
 * 68000 in miniature does not — its supervisor, run in real user mode, reads the real S field with
 * MOVE from SR, and the run shows the step where it goes wrong.
 */
import { describe, expect, test } from 'vitest';
import { checkEquivalence } from '../../vmm/index.js';
import { sr8, sr8010, srProgram } from '../machine/status-register-isa.js';

describe('the monitor on a status register with fields', () => {
  test('sr8-010: the guest runs as on the bare machine', () => {
    const r = checkEquivalence(sr8010, srProgram(sr8010).snapshot(), 16, { maxSteps: 40, reserve: 0 });
    expect(r.ok, JSON.stringify(r.divergence)).toBe(true);
    expect(r.reason).toBe('halted');
  });

  test('sr8: the supervisor reads the real mode field with MOVE from SR, and the guest diverges there', () => {
    const r = checkEquivalence(sr8, srProgram(sr8).snapshot(), 16, { maxSteps: 40, reserve: 0 });
    expect(r.ok).toBe(false);
    expect(r.divergence?.culprit?.mnemonic).toBe('MVFSR');
    expect(r.divergence?.differences.map((d) => d.what)).toContain('register D');
  });
});
