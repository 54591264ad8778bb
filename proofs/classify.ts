/**
 * From the definitions' answers to classes and theorem verdicts (DESIGN.md §1). An `unknown`
 * answer can make a verdict `inconclusive`, never `holds`: only a definite violator makes a
 * theorem fail, and only definite answers everywhere make it hold.
 */
import type { Answer, CrossCheck, DefinitionName, DefinitionResult, DerivedClass, InstructionReport, MappedFetchResult, TheoremVerdict, Verdict } from './report-types.js';

export function anyOf(answers: readonly Answer[]): Answer {
  return answers.includes('yes') ? 'yes' : answers.includes('unknown') ? 'unknown' : 'no';
}

/**
 * `privileged` when it is, or when every encoding that is sensitive is (`violated` is `no`): what
 * the monitor needs of it. `sensitive` when some encoding is sensitive and unprivileged.
 */
export function derivedClass(privileged: Answer, sensitive: Answer, violated: Answer = 'yes'): DerivedClass {
  if (privileged === 'yes') return 'privileged';
  if (privileged === 'no' && sensitive === 'yes' && violated === 'no') return 'privileged';
  if (privileged === 'unknown') return 'unknown';
  return sensitive === 'yes' ? 'sensitive' : sensitive === 'no' ? 'innocuous' : 'unknown';
}

type Defs = Record<DefinitionName, DefinitionResult>;

/** Instructions that meet one of `which` without being privileged, and those undecided. */
function condition(insns: readonly InstructionReport[], which: readonly DefinitionName[]) {
  const violators: TheoremVerdict['violators'] = [];
  const undecided: string[] = [];
  for (const i of insns) {
    const met = which.filter((d) => i.definitions[d].answer === 'yes');
    const open = which.some((d) => i.definitions[d].answer === 'unknown');
    // Met and unprivileged in one encoding (a missing refinement counts as met).
    const violated = met.filter((d) => (i.definitions[d].violation?.answer ?? 'yes') === 'yes');
    const unsure = met.some((d) => i.definitions[d].violation?.answer === 'unknown');
    if (violated.length > 0 && i.privileged === 'no') violators.push({ mnemonic: i.mnemonic, definitions: violated });
    else if ((met.length > 0 && i.privileged === 'unknown') || (unsure && i.privileged === 'no') || (open && i.privileged !== 'yes')) undecided.push(i.mnemonic);
  }
  return { violators, undecided };
}

function status(violators: readonly unknown[], undecided: readonly unknown[], fetch?: MappedFetchResult): TheoremVerdict['status'] {
  return violators.length > 0 || fetch?.answer === 'yes' ? 'fails' : undecided.length > 0 || fetch?.answer === 'unknown' ? 'inconclusive' : 'holds';
}

export const sensitiveDefinitions = ['control-sensitive', 'mode-sensitive', 'location-sensitive'] as const satisfies readonly DefinitionName[];
export const userSensitiveDefinitions = ['user-control-sensitive', 'user-location-sensitive', 'user-system-sensitive'] as const satisfies readonly DefinitionName[];

/** Whether the levels each theorem's monitor runs directly can fetch from a register mapped into storage (proofs/mapped-fetch.ts). */
export interface MappedFetches {
  any: MappedFetchResult;
  user: MappedFetchResult;
}

export function theorems(insns: readonly InstructionReport[], fetches?: MappedFetches): [TheoremVerdict, TheoremVerdict, TheoremVerdict] {
  const t1c = condition(insns, sensitiveDefinitions);
  const anyFetch = fetches ? { mappedFetch: fetches.any } : {};
  const t1: TheoremVerdict = {
    theorem: 1,
    title: 'virtualizable: a VMM can be built',
    condition: 'every sensitive instruction (control-, mode- or location-sensitive) is privileged',
    status: status(t1c.violators, t1c.undecided, fetches?.any),
    ...t1c,
    ...anyFetch,
  };
  const timing = condition(insns, ['timing-dependent']);
  const t2Violators = [...t1.violators, ...timing.violators.filter((v) => !t1.violators.some((x) => x.mnemonic === v.mnemonic))];
  const t2Undecided = [...new Set([...t1.undecided, ...timing.undecided])];
  const t2: TheoremVerdict = {
    theorem: 2,
    title: 'recursively virtualizable: the VMM can run a copy of itself',
    condition: 'Theorem 1 holds and no unprivileged instruction is timing-dependent',
    status: status(t2Violators, t2Undecided, fetches?.any),
    violators: t2Violators,
    undecided: t2Undecided,
    ...anyFetch,
  };
  const t3c = condition(insns, userSensitiveDefinitions);
  const t3: TheoremVerdict = {
    theorem: 3,
    title: 'a hybrid VMM can be built (virtual supervisor mode interpreted)',
    condition: 'every user-sensitive instruction (user control-, user location- or user system-state-sensitive) is privileged',
    status: status(t3c.violators, t3c.undecided, fetches?.user),
    ...t3c,
    ...(fetches ? { mappedFetch: fetches.user } : {}),
  };
  // Theorem 1's condition implies Theorem 3's: anything else is a bug here, not a finding.
  // (User-control implies control; user-location implies location; user system-state
  // sensitivity implies mode-sensitivity: each user pair is a pair of the general definition.)
  if (t1.status === 'holds' && t3.status !== 'holds')
    throw new Error(`internal error: Theorem 1 holds but Theorem 3 ${t3.status === 'fails' ? `fails on ${t3.violators.map((v) => v.mnemonic).join(', ')}` : 'is inconclusive'}`);
  return [t1, t2, t3];
}

export function verdictOf([t1, , t3]: readonly TheoremVerdict[]): Verdict {
  if (t1!.status === 'holds') return 'virtualizable';
  if (t3!.status === 'fails') return 'not-virtualizable';
  if (t1!.status === 'fails' && t3!.status === 'holds') return 'hybrid';
  return 'inconclusive';
}

export function instructionReport(
  insn: { mnemonic: string; cite: string; class: InstructionReport['declared'] },
  definitions: Defs,
  direct: InstructionReport['direct'],
): InstructionReport {
  const answer = (d: DefinitionName) => definitions[d].answer;
  const privileged = answer('privileged');
  const sensitive = anyOf(sensitiveDefinitions.map(answer));
  const userSensitive = anyOf(userSensitiveDefinitions.map(answer));
  const meets = (Object.keys(definitions) as DefinitionName[]).filter((d) => definitions[d].answer === 'yes');
  return {
    mnemonic: insn.mnemonic,
    cite: insn.cite,
    declared: insn.class,
    derived: derivedClass(privileged, sensitive, anyOf(sensitiveDefinitions.filter((d) => definitions[d].answer === 'yes').map((d) => definitions[d].violation?.answer ?? 'yes'))),
    definitions,
    meets,
    systemState: [...new Set(meets.flatMap((d) => definitions[d].systemState))],
    privileged,
    sensitive,
    userSensitive,
    direct,
  };
}

/**
 * The classification against the exact per-step condition (DESIGN.md §2 rule 4): where Theorem 1
 * (3) holds, every instruction must be safe from any (user-level) virtual state — an unsafe one
 * is a contradiction, a checker bug; a violator that is safe anyway is worth saying.
 */
export function crossCheck(insns: readonly InstructionReport[], [t1, , t3]: readonly TheoremVerdict[]): CrossCheck {
  const contradictions: CrossCheck['contradictions'] = [];
  const safeViolators: CrossCheck['safeViolators'] = [];
  for (const [theorem, t, variant] of [
    [1, t1!, 'anyLevel'],
    [3, t3!, 'userLevel'],
  ] as const) {
    for (const i of insns) {
      const safe = i.direct[variant].safe;
      if (t.status === 'holds' && safe === 'no') contradictions.push({ theorem, mnemonic: i.mnemonic });
      if (t.violators.some((v) => v.mnemonic === i.mnemonic) && safe === 'yes') safeViolators.push({ theorem, mnemonic: i.mnemonic });
    }
  }
  return { contradictions, safeViolators };
}
