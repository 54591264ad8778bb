/**
 * Mode-sensitive (DESIGN.md §1, generalized by §2): two states placed alike (x = 0: the same
 * storage, user state and address map) that differ in mode — and, on real ISAs, in any other
 * system state outside the address map and the timing resources — both run without trapping, and
 * the user-visible outcome differs. The result names the system state whose difference alone
 * shows it (one query per candidate when there are several).
 */
import { withRegs, type SymState } from '../state.js';
import type { BV } from '../terms.js';
import { constant, fresh, type Kit } from './kit.js';
import { outcomeDiffers, type PairSpec } from './behavior.js';
import { unknownFinding, type Finding } from './finding.js';
import { showsAlone, someRunTraps } from './derived-pair.js';
import { modeExample } from './examples.js';
import type { QueryOutcome } from '../query.js';
import type { ModelWitness } from '../witness-model.js';

/** `s` with the named system registers and files replaced by fresh constants. */
export function varied(kit: Kit, s: SymState, regs: readonly string[], files: readonly string[], tag = 'S2'): SymState {
  const widths = new Map(kit.isa.state.registers.map((r) => [r.name, r.width]));
  const v = withRegs(s, Object.fromEntries(regs.map((r) => [r, constant(kit, `${tag}.${r}`, widths.get(r)!)])));
  const f = new Map(v.files);
  for (const name of files) {
    const decl = kit.isa.state.files.find((x) => x.name === name)!;
    const wired = new Set((decl.hardwired ?? []).map((h) => h.index));
    f.set(name, f.get(name)!.map((e, i): BV => (wired.has(i) ? e : constant(kit, `${tag}.${name}.${i}`, decl.width))));
  }
  return { ...v, files: f };
}

/** The pair: the mode and the rest of `modeLike` varied. */
export function modePair(kit: Kit): PairSpec {
  const { regs, files } = kit.part.modeLike;
  const s1 = fresh(kit, 'S1');
  return { definition: 'mode-sensitive', s1, s2: varied(kit, s1, regs, files), mode: 'any', related: [] };
}

/**
 * With `readable` (the shortcut), candidates outside it are not queried alone: state the
 * instruction does not read, and the map does not relocate by, cannot change a run that does
 * not trap.
 */
export function modeSensitive(kit: Kit, readable?: ReadonlySet<string>): Promise<Finding> {
  const { regs, files } = kit.part.modeLike;
  return attributed(kit, modePair(kit), regs, files, readable, () => modeExample(kit));
}

/**
 * A pair definition whose second state varies the system registers `regs` and files `files`:
 * one query, and when it holds and several pieces could show it, one query per piece varied
 * alone, to name the state involved (`readable` skips pieces the instruction cannot read).
 */
export async function attributed(
  kit: Kit,
  pair: PairSpec,
  regs: readonly string[],
  files: readonly string[],
  readable?: ReadonlySet<string>,
  example?: () => Promise<ModelWitness | undefined>,
): Promise<Finding> {
  const { definition, s1, mode } = pair;
  const candidates = [...regs, ...files];
  const shown = example ? await example() : undefined;
  const out: QueryOutcome<ModelWitness> = shown ? { status: 'sat', value: shown } : await outcomeDiffers(kit, pair);
  if (out.status === 'unknown') return unknownFinding(definition, out.reason);
  if (out.status === 'unsat') return { definition, answer: 'no', systemState: [] };
  if (candidates.length === 1) return { definition, answer: 'yes', systemState: candidates, witness: out.value };

  // Several candidates: which one, differing alone, changes the outcome? (First by example, on
  // the reference machine; the solver where the example shows nothing.)
  const read: string[] = [];
  const undecided: string[] = [];
  // Witnesses to derive from: the one in hand, and (asked for once, when that one shows too
  // little) a pair of which exactly one run traps — a privilege check's pair, from which the
  // mode alone, and what the completing run reads, are usually shown.
  const examples = [out.value];
  // The pieces a kept state may set so that another shows itself (derived-pair.ts).
  const others = regs.filter((r) => !readable || readable.has(r));
  let askedOneTraps = false;
  const byExample = async (c: string, isFile: boolean): Promise<boolean> => {
    // (Without shortcuts every piece is the solver's: the tests compare the two.)
    if (!kit.shortcuts || pair.related.length > 0) return false;
    if (examples.some((w) => showsAlone(kit, w, c, isFile, others))) return true;
    if (askedOneTraps || someRunTraps(kit, out.value)) return false;
    askedOneTraps = true;
    const o = await outcomeDiffers(kit, { ...pair, detail: 'one-traps', oneTraps: true });
    if (o.status !== 'sat') return false;
    examples.push(o.value);
    return showsAlone(kit, o.value, c, isFile, others);
  };
  for (const c of candidates) {
    if (readable && !readable.has(c)) continue;
    const isFile = files.includes(c);
    if (await byExample(c, isFile)) {
      read.push(c);
      continue;
    }
    const alone = varied(kit, s1, isFile ? [] : [c], isFile ? [c] : []);
    const o = await outcomeDiffers(kit, { definition, detail: c, s1, s2: alone, mode, related: [] });
    if (o.status === 'sat') read.push(c);
    if (o.status === 'unknown') undecided.push(c);
  }
  const note = [
    ...(read.length === 0 && undecided.length === 0 ? ['no single piece of system state shows it alone: they act together'] : []),
    ...(undecided.length > 0 ? [`unknown whether ${undecided.join(', ')} alone shows it`] : []),
  ].join('; ');
  return { definition, answer: 'yes', systemState: read.length > 0 ? read : candidates, ...(note ? { note } : {}), witness: out.value };
}
