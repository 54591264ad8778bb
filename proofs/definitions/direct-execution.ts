/**
 * The exact per-step condition (DESIGN.md §2 rule 4; README.md here): is the instruction safe
 * to run directly on the real machine for a guest whose virtual state is S? The real state
 * `Real_C(S)` is S in a user level, with the monitor's configuration C, any values in the system
 * state the monitor owns outright, the timing and user state of S, and — for a relocation-bounds
 * map — the guest placed anywhere (moved by any k, storage with it); a described map keeps S's
 * registers (virtual = real). Unsafe when the real run completes without any trap while the
 * virtual run (not excluded) traps, changes system state, or ends with another user-visible
 * result, or the real run changes the real system state. This is the cross-check of the
 * classification: Theorem 1 (3) by classification implies every instruction is safe from any
 * (user-level) virtual state.
 */
import { and, not, or } from '../terms.js';
import { reg, withRegs } from '../state.js';
import { solve, queryName } from '../query.js';
import { evalBV, evalCond, readInsn, readRun } from '../witness-model.js';
import { withConfiguration } from '../configuration.js';
import type { Answer } from '../report-types.js';
import type { ModelWitness } from '../witness-model.js';
import { anyDiffers, constant, fresh, mapped, placed, queryId, run, userOutcome, type Kit } from './kit.js';
import { changes } from './control-sensitive.js';
import { varied } from './mode-sensitive.js';
import { shifted } from './location-sensitive.js';
import { userSystemState } from './user-system-sensitive.js';
import { mapMayDiffer, mapsAgree } from './behavior.js';

export interface DirectFinding {
  readonly safe: Answer;
  readonly note?: string;
  readonly witness?: ModelWitness;
}

export async function directExecution(kit: Kit, level: 'any' | 'user'): Promise<DirectFinding> {
  const { ctx, isa, part } = kit;
  const kind = level === 'any' ? 'direct-any-level' : 'direct-user-level';
  const modeReg = isa.state.mode.register;
  const s = fresh(kit, 'V');
  // The real state: the monitor's user level (S's own in the user variant), its own values in
  // the system state it owns, C, and the guest's placement.
  const own = userSystemState(kit);
  let r = varied(kit, s, own.regs, own.files, 'R');
  if (level === 'any') r = withRegs(r, { [modeReg]: constant(kit, 'R.mode', reg(s, modeReg).sort.size()) });
  r = withConfiguration(ctx, r, kit.config);
  const k = constant(kit, 'k', isa.state.storage.addressBits);
  if (isa.state.addressMap.kind === 'relocation-bounds' && kit.relocatable) r = shifted(kit, r, k);

  const virtual = run(kit, s);
  const real = run(kit, r);
  const probe = constant(kit, `${kind}.probe`, isa.state.storage.addressBits);
  const differs = anyDiffers(kit, userOutcome(kit, virtual, real, probe));
  const changed = (x: typeof virtual) => or(ctx, ...changes(kit, x).map((p) => p.changed));
  const id = queryId(kit, kind);
  const out = await solve(
    kit.q,
    id,
    [
      placed(kit, virtual, level),
      placed(kit, real, 'user'),
      not(ctx, real.trap.trapped),
      not(ctx, virtual.excluded),
      // A map the mode selects is composed by the monitor: the real run sees the virtual level's
      // translation wherever it looks (behavior.ts mapsAgree; the monitor runs a level directly
      // only where its whole map is the user level's, vmm/map-levels.ts).
      ...(mapMayDiffer(kit) ? [mapsAgree(kit, virtual, real)] : []),
      or(ctx, virtual.trap.trapped, changed(virtual), changed(real), and(ctx, not(ctx, virtual.trap.trapped), differs)),
    ],
    (m): ModelWitness => {
      const at = [mapped(kit, virtual.before, probe), mapped(kit, real.before, probe)];
      return {
        query: queryName(id),
        definition: kind,
        ...readInsn(m, kit.sym),
        runs: [readRun(ctx, m, 'virtual', virtual, [at[0]!.physical]), readRun(ctx, m, 'real', real, [at[1]!.physical])],
        claim: {
          kind: 'direct-unsafe',
          probe: evalBV(m, probe),
          probeAt: at.map((a) => (evalCond(ctx, m, a.fault) ? undefined : evalBV(m, a.physical))),
        },
        ...(r.memShift ? { shift: evalBV(m, k) } : {}),
      };
    },
    { shiftedStorage: r.memShift !== undefined },
  );
  if (out.status === 'unknown') return { safe: 'unknown', note: `Z3 answered unknown (${out.reason})` };
  if (out.status === 'unsat') return { safe: 'yes' };
  return { safe: 'no', witness: out.value };
}
