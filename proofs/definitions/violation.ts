/**
 * Sensitive and unprivileged in one encoding. The definitions are asked with symbolic operand
 * fields, one query covering every encoding of an entry; but P&G's instructions are single
 * instruction words, so "sensitive ⊆ privileged" must hold encoding by encoding. An entry can be
 * sensitive through one encoding and unprivileged through another — RISC-V's `CSRRS cycle`
 * reads the counter when rs1 = x0 (trapping in U under the monitor's configuration) and is an
 * illegal instruction in every mode otherwise, which P&G do not call privileged — and still
 * break nothing. So an instruction that meets a definition and is not privileged is asked once
 * more: is there one encoding (the same field values) with a pair meeting the definition and a
 * pair showing it unprivileged (under C)? Only a `yes` makes it a violator.
 */
import { solve, queryName } from '../query.js';
import type { DefinitionName } from '../report-types.js';
import type { ModelWitness } from '../witness-model.js';
import { withConcreteConfiguration, withConfiguration } from '../configuration.js';
import { replayWitness } from '../replay.js';
import { unprivilegedExample } from './examples.js';
import { type Kit } from './kit.js';
import { pairConditions, type Conditions, type PairSpec } from './behavior.js';
import { controlConditions } from './control-sensitive.js';
import { modePair } from './mode-sensitive.js';
import { locationPair } from './location-sensitive.js';
import { userSystemPair } from './user-system-sensitive.js';
import { timingPair } from './timing-dependent.js';
import { notPrivileged } from './privileged.js';
import type { Answer } from '../report-types.js';

/** The definitions a violation can be of. */
export type ViolableDefinition = Exclude<DefinitionName, 'privileged'>;

export interface ViolationFinding {
  readonly definition: ViolableDefinition;
  /** `yes`: some one encoding meets the definition and is not privileged. */
  readonly answer: Answer;
  readonly note?: string;
  /** For a `yes`: the definition's witness and the not-privileged witness, of the same instruction word. */
  readonly witness?: ModelWitness;
  readonly privilegedWitness?: ModelWitness;
}

/** Whether `w` replays for the kit's instruction (a cached finding's witness may be damaged). */
function replays(kit: Kit, w: ModelWitness): boolean {
  try {
    replayWitness(kit.isa, kit.part, kit.sym.insn.mnemonic, w);
    return true;
  } catch {
    // (A damaged witness may fail to replay or to read at all: the query decides then.)
    return false;
  }
}

function conditions(kit: Kit, d: ViolableDefinition): Conditions {
  const pair = (p: PairSpec) => pairConditions(kit, p);
  switch (d) {
    case 'control-sensitive':
    case 'user-control-sensitive': {
      const c = controlConditions(kit, d === 'user-control-sensitive');
      return { assertions: c.assertions, read: (m) => c.read(m).witness };
    }
    case 'mode-sensitive':
      return pair(modePair(kit));
    case 'location-sensitive':
    case 'user-location-sensitive':
      return pair(locationPair(kit, d === 'user-location-sensitive'));
    case 'user-system-sensitive':
      return pair(userSystemPair(kit));
    case 'timing-dependent':
      return pair(timingPair(kit));
  }
}

/**
 * With `shown`, the witness the definition's own finding has (a pair meeting it, for one word):
 * where that word is also shown unprivileged by example (examples.ts), the two witnesses answer
 * `yes` without a query. A `no` is only ever the solver's.
 */
export async function violation(kit: Kit, d: ViolableDefinition, shown?: ModelWitness): Promise<ViolationFinding> {
  if (shown && kit.shortcuts && replays(kit, shown)) {
    const unprivileged = await unprivilegedExample(kit, (s) => withConcreteConfiguration(s, kit.config), shown.fields);
    if (unprivileged) return { definition: d, answer: 'yes', note: `by example: the word of the ${d} witness is also shown unprivileged`, witness: shown, privilegedWitness: unprivileged };
  }
  const meets = conditions(kit, d);
  // The unprivileged pair has states of its own (tag P); only the operand fields are shared.
  const unprivileged = notPrivileged(kit, (s) => withConfiguration(kit.ctx, s, kit.config), 'P');
  const id = { instruction: kit.sym.insn.mnemonic, definition: d, detail: 'unprivileged' };
  const out = await solve(kit.q, id, [...meets.assertions, ...unprivileged.assertions], (m) => ({
    witness: { ...meets.read(m), query: queryName(id) },
    privilegedWitness: { ...unprivileged.read(m), query: queryName(id) },
  }), { shiftedStorage: meets.shiftedStorage });
  if (out.status === 'unknown') return { definition: d, answer: 'unknown', note: `Z3 answered unknown (${out.reason})` };
  if (out.status === 'unsat') return { definition: d, answer: 'no', note: `every encoding that is ${d} is privileged` };
  return { definition: d, answer: 'yes', ...out.value };
}
