/**
 * The worker pool (proofs/parallel.ts): jobs a result brings are run by the same workers, and a
 * worker with nothing queued waits for them rather than ending while another is busy.
 */
import { describe, expect, it } from 'vitest';
import { pg74 } from '../../spec/index.js';
import { assertValidIsa } from '../../spec/validate/validate.js';
import { findingsInWorkers, type WorkerResult } from '../../proofs/parallel.js';
import { checkIsa } from '../../proofs/index.js';
import type { Job } from '../../proofs/check-worker.js';

describe('the worker pool', () => {
  it('runs the jobs a result brings, in the same workers, before it resolves', async () => {
    const isa = assertValidIsa(pg74);
    const seen: Job[] = [];
    const jobs: Job[] = [
      { mnemonic: 'LD', part: 'class' },
      { mnemonic: 'LPSW', part: 'class' },
    ];
    await findingsInWorkers({ isa, timeoutMs: 10_000, shortcuts: true, relocatable: true, config: [] }, jobs, 2, (r: WorkerResult) => {
      seen.push(r.job);
      // Each class result brings its privilege part; the privilege results bring nothing.
      return r.job.part === 'class' ? [{ mnemonic: r.job.mnemonic, part: 'privilege' }] : [];
    });
    const names = seen.map((j) => `${j.mnemonic}/${j.part}`).sort();
    expect(names).toEqual(['LD/class', 'LD/privilege', 'LPSW/class', 'LPSW/privilege']);
  }, 120_000);

  it('refines violations as findings come in, with the answers of one worker', async () => {
    const { pg74Lra } = await import('../../spec/isa/index.js');
    const one = await checkIsa(pg74Lra);
    const two = await checkIsa(pg74Lra, { workers: 2 });
    const violations = (r: typeof one) =>
      r.instructions.flatMap((i) => Object.values(i.definitions).flatMap((d) => (d.violation ? [[i.mnemonic, d.definition, d.violation.answer, d.violation.witness?.replayed]] : [])));
    expect(violations(two)).toEqual(violations(one));
    expect(violations(two).length).toBeGreaterThan(0);
    expect(two.verdict).toBe(one.verdict);
  }, 300_000);
});
