/** What a definition's query found, before its witness is replayed. */
import type { Answer, DefinitionName } from '../report-types.js';
import type { ModelWitness } from '../witness-model.js';

export interface Finding {
  readonly definition: DefinitionName;
  readonly answer: Answer;
  /** The system state involved (see `DefinitionResult.systemState`). */
  readonly systemState: readonly string[];
  readonly note?: string;
  readonly witness?: ModelWitness;
}

export function unknownFinding(definition: DefinitionName, reason: string, systemState: readonly string[] = []): Finding {
  return { definition, answer: 'unknown', systemState, note: `Z3 answered unknown (${reason})` };
}
