/** What a definition's query found, before its witness is replayed. */
import type { Answer, DefinitionName } from '../report-types.js';

/** What a finding answers: a definition, or a variant of the exact per-step condition (`yes` = safe). */
export type FindingKind = DefinitionName | 'direct-any-level' | 'direct-user-level';
import type { ModelWitness } from '../witness-model.js';

export interface Finding {
  readonly definition: FindingKind;
  readonly answer: Answer;
  /** The system state involved (see `DefinitionResult.systemState`). */
  readonly systemState: readonly string[];
  readonly note?: string;
  readonly witness?: ModelWitness;
}

export function unknownFinding(definition: FindingKind, reason: string, systemState: readonly string[] = []): Finding {
  return { definition, answer: 'unknown', systemState, note: `Z3 answered unknown (${reason})` };
}

/**
 * Whether the answer must come with a witness: a `yes` to a sensitivity definition, a `no` to
 * privilege or to safety. A cached finding without its witness is proved again, never trusted.
 */
export function needsWitness(f: Pick<Finding, 'definition' | 'answer'>): boolean {
  const negative = f.definition === 'privileged' || f.definition === 'direct-any-level' || f.definition === 'direct-user-level';
  return negative ? f.answer === 'no' : f.answer === 'yes';
}
