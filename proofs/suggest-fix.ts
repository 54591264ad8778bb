/**
 * Repair what-if (issue 12): from a report alone, the variant of the ISA in which each violator of
 * a theorem traps in user mode — the change the 68010 made to the 68000's MOVE from SR — checked
 * again, with whether that suffices. For Theorem 1, every instruction that breaks its condition;
 * for Theorem 3, the smallest such change: only the instructions that break Theorem 3's condition
 * (the user-sensitive ones), which is fewer where Theorem 1 fails and Theorem 3 nearly holds.
 *
 * Nothing here knows an architecture: the guard is the description's own mode and its trap of
 * class `privileged-instruction`, put in front of the instruction's semantics.
 */
import type { Block, Expr } from '../spec/ast.js';
import type { InstructionDecl, IsaDescription } from '../spec/description.js';
import { extendIsa } from '../spec/compose.js';
import { checkIsa, type CheckOptions } from './check.js';
import type { Report, TheoremStatus, Verdict } from './report-types.js';
import { theoremWhy } from './render/describe.js';

export interface FixSuggestion {
  /** 1 or 3: the theorem whose violators the variant makes trap in user mode. */
  theorem: 1 | 3;
  /** The instructions changed; empty when the theorem has no violator (it holds, or fails or is open for another reason). */
  changed: string[];
  /** The theorem in the report, and why it is not holding there (no variant is made without a violator). */
  status: TheoremStatus;
  why: string;
  /** The variant's name and its re-checked status for that theorem and verdict (absent when nothing changed). */
  variant?: { name: string; status: TheoremStatus; verdict: Verdict; report: Report };
}

/** `semantics` preceded by a trap of `trap` in every user level. */
function trapsInUserMode(isa: IsaDescription, insn: InstructionDecl, trap: string): InstructionDecl {
  const mode: Expr = { kind: 'reg', name: isa.state.mode.register };
  const width = isa.state.registers.find((r) => r.name === isa.state.mode.register)!.width;
  const user = isa.state.mode.levels
    .filter((l) => !l.supervisor)
    .map((l): Expr => ({ kind: 'compare', op: 'eq', left: mode, right: { kind: 'const', width, value: '0x' + l.value.toString(16) } }))
    .reduce((a, b) => ({ kind: 'binary', op: 'or', left: a, right: b }));
  const guard: Block = [{ kind: 'if', cond: user, then: [{ kind: 'trap', trap }], else: [] }];
  return { ...insn, class: 'privileged', semantics: [...guard, ...insn.semantics] };
}

/** Why no variant can be made, or undefined when one can. */
export function cannotSuggest(isa: IsaDescription): string | undefined {
  if (!isa.traps.kinds.some((k) => k.class === 'privileged-instruction')) return `${isa.name} declares no trap of class privileged-instruction for a violator to take`;
  if (!isa.state.mode.levels.some((l) => !l.supervisor)) return `${isa.name} has no user level`;
  return undefined;
}

/** For Theorems 1 and 3: the violators made to trap in user mode, and the variant checked again. */
export async function suggestFixes(isa: IsaDescription, report: Report, options: CheckOptions = {}): Promise<FixSuggestion[]> {
  const why = cannotSuggest(isa);
  if (why) throw new Error(why);
  const trap = isa.traps.kinds.find((k) => k.class === 'privileged-instruction')!.name;
  const out: FixSuggestion[] = [];
  for (const theorem of [1, 3] as const) {
    const verdict = report.theorems.find((t) => t.theorem === theorem)!;
    const changed = verdict.violators.map((v) => v.mnemonic);
    const original = { status: verdict.status, why: theoremWhy(verdict) };
    if (changed.length === 0) {
      out.push({ theorem, changed, ...original });
      continue;
    }
    const name = `${isa.name}-fix${theorem}`;
    const variant = extendIsa(isa, {
      name,
      summary: `${isa.name} with ${changed.join(', ')} trapping in user mode (vmcheck check --suggest-fix, Theorem ${theorem})`,
      replace: changed.map((m) => trapsInUserMode(isa, isa.instructions.find((i) => i.mnemonic === m)!, trap)),
    });
    const again = await checkIsa(variant, options);
    out.push({ theorem, changed, ...original, variant: { name, status: again.theorems.find((t) => t.theorem === theorem)!.status, verdict: again.verdict, report: again } });
  }
  return out;
}

/** The suggestions as lines of text. */
export function renderSuggestions(isa: IsaDescription, fixes: readonly FixSuggestion[]): string[] {
  const lines = [`Repair what-if for ${isa.name} (each violator made to trap in user mode, then checked again):`];
  for (const f of fixes) {
    if (!f.variant) {
      // No violator to make privileged: the theorem holds, or something else decides it.
      lines.push(`  Theorem ${f.theorem}: ${f.status === 'holds' ? 'holds already; nothing to change' : `${f.status} with no violator to make privileged (${f.why})`}`);
      continue;
    }
    const v = f.variant;
    const suffices = v.status === 'holds' ? 'that suffices' : v.status === 'fails' ? 'that does not suffice' : 'inconclusive';
    const still = v.status === 'holds' ? '' : `: ${theoremWhy(v.report.theorems.find((t) => t.theorem === f.theorem)!)}`;
    lines.push(`  Theorem ${f.theorem}: make ${f.changed.join(', ')} privileged -> Theorem ${f.theorem} ${v.status} (${v.verdict}); ${suffices}${still}`);
  }
  return lines;
}
