/**
 * Control-sensitive (DESIGN.md §1, generalized by §2): some state from which the instruction
 * runs without trapping and changes system state — the mode, the address map, or any other
 * register or file declared `system` (the timing registers' own tick excluded: it is the
 * hardware's, not the instruction's). Every trapping run is excluded, not only memory traps: a
 * trap changes the PSW by design and is the VMM's business. The result names each piece of
 * system state some run changes (one query per piece beyond those the first model shows).
 */
import { and, differ, not, or, type Cond } from '../terms.js';
import { reg } from '../state.js';
import { solve, queryName, type ZModel } from '../query.js';
import { evalCond, readInsn, readRun, type ModelWitness } from '../witness-model.js';
import type { DefinitionName } from '../report-types.js';
import type { Run } from '../run.js';
import { fresh, placed, queryId, run, type Kit } from './kit.js';
import { unknownFinding, type Finding } from './finding.js';
import { controlExample } from './examples.js';

/** Each piece of system state and the condition that the run changed it. */
export function changes(kit: Kit, r: Run): { name: string; file: boolean; changed: Cond }[] {
  const { ctx, part } = kit;
  return [
    ...part.systemRegs.map((name) => ({ name, file: false, changed: differ(ctx, reg(r.after, name), reg(r.before, name)) })),
    ...part.systemFiles.map((name) => ({
      name,
      file: true,
      changed: or(ctx, ...r.after.files.get(name)!.map((e, i) => differ(ctx, e, r.before.files.get(name)![i]!))),
    })),
  ];
}

/** The conditions of a run that completes and changes system state; the witness names what changed. */
export function controlConditions(kit: Kit, userOnly: boolean, tag = 'S') {
  const { ctx } = kit;
  const definition: DefinitionName = userOnly ? 'user-control-sensitive' : 'control-sensitive';
  const s = fresh(kit, tag);
  const r = run(kit, s);
  const pieces = changes(kit, r).filter((p) => p.changed !== false);
  const base = [placed(kit, r, userOnly ? 'user' : 'any'), not(ctx, r.trap.trapped)];
  const id = queryId(kit, definition);
  const read = (m: ZModel) => {
    const changed = pieces.filter((p) => evalCond(ctx, m, p.changed));
    const witness: ModelWitness = {
      query: queryName(id),
      definition,
      ...readInsn(m, kit.sym),
      runs: [readRun(ctx, m, 'state', r)],
      claim: { kind: 'writes-system', regs: changed.filter((p) => !p.file).map((p) => p.name), files: changed.filter((p) => p.file).map((p) => p.name) },
    };
    return { witness, changed: changed.map((p) => p.name) };
  };
  return { definition, pieces, base, assertions: [...base, or(ctx, ...pieces.map((p) => p.changed))], read, id };
}

export async function controlSensitive(kit: Kit, userOnly = false): Promise<Finding> {
  const { definition, pieces, base, assertions, read, id } = controlConditions(kit, userOnly);
  const shown = await controlExample(kit, definition, pieces, userOnly);
  const first = shown ? ({ status: 'sat', value: shown } as const) : await solve(kit.q, id, assertions, read);
  if (first.status === 'unknown') return unknownFinding(definition, first.reason);
  if (first.status === 'unsat') return { definition, answer: 'no', systemState: [] };

  // Which other system state can some run change? One query per piece not yet seen changed.
  const written = new Set(first.value.changed);
  const undecided: string[] = [];
  for (const p of pieces) {
    if (written.has(p.name)) continue;
    const out = await solve(kit.q, queryId(kit, definition, p.name), [...base, p.changed], () => true);
    if (out.status === 'sat') written.add(p.name);
    if (out.status === 'unknown') undecided.push(p.name);
  }
  return {
    definition,
    answer: 'yes',
    systemState: pieces.map((p) => p.name).filter((n) => written.has(n)),
    ...(undecided.length > 0 ? { note: `unknown whether it can also change ${undecided.join(', ')}` } : {}),
    witness: first.value.witness,
  };
}
