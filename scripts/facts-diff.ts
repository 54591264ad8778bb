/**
 * Compares the facts of two `--format json` reports of one ISA: every answer, violation answer,
 * system state, derived class, direct-execution answer, theorem, verdict, configuration; a
 * witness's presence, definition and claim, and its states' names. A witness derived by renaming
 * ("renamed from ...: a↔b" in its query) may name state only as the renaming says: its states'
 * register names are compared with the renaming applied. Exit 1 on any difference.
 * Usage: npx tsx scripts/facts-diff.ts BEFORE.json AFTER.json
 */
import { readFileSync } from 'node:fs';
const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f!, 'utf8')));
const diffs: string[] = [];
let compared = 0;
const eq = (where: string, x: unknown, y: unknown) => {
  compared++;
  const sx = JSON.stringify(x);
  const sy = JSON.stringify(y);
  if (sx !== sy) diffs.push(`${where}: ${sx} ≠ ${sy}`);
};
type W = { query: string; definition: string; claim: string; states: { label?: string; registers?: Record<string, unknown> }[] } | undefined;
const renamingOf = (w: W): Map<string, string> => {
  const m = /renamed from .*: (.*)\)$/.exec(w?.query ?? '');
  const rho = new Map<string, string>();
  for (const p of m?.[1]?.split(', ').filter(Boolean) ?? []) {
    const [x, y] = p.split('↔');
    rho.set(x!, y!).set(y!, x!);
  }
  return rho;
};
const witness = (where: string, x: W, y: W) => {
  eq(`${where} witness present`, x !== undefined, y !== undefined);
  if (!x || !y) return;
  eq(`${where} witness definition`, x.definition, y.definition);
  const rho = new Map([...renamingOf(x), ...renamingOf(y)]);
  const names = (w: W) => w!.states.map((s) => String(s.label) + ':' + Object.keys(s.registers ?? {}).map((n) => rho.get(n) ?? n).sort().join(','));
  const own = (w: W) => w!.states.map((s) => String(s.label) + ':' + Object.keys(s.registers ?? {}).sort().join(','));
  // The other report's names, renamed, or its own (one of the two is the derived one).
  if (JSON.stringify(names(x)) !== JSON.stringify(own(y)) && JSON.stringify(own(x)) !== JSON.stringify(names(y))) eq(`${where} witness state names`, own(x), own(y));
  else compared++;
};
eq('isa', a.isa.name, b.isa.name);
eq('verdict', a.verdict, b.verdict);
eq('configuration', [a.configuration.source, a.configuration.entries], [b.configuration.source, b.configuration.entries]);
eq('theorems', a.theorems.map((t: any) => [t.status, t.violators, t.undecided]), b.theorems.map((t: any) => [t.status, t.violators, t.undecided]));
eq('crossCheck', a.crossCheck, b.crossCheck);
eq('mismatches', a.mismatches, b.mismatches);
eq('instructions', a.instructions.map((i: any) => i.mnemonic), b.instructions.map((i: any) => i.mnemonic));
const byName = new Map(b.instructions.map((i: any) => [i.mnemonic, i]));
let sharedFindings = 0;
for (const x of a.instructions) {
  const y: any = byName.get(x.mnemonic);
  if (!y) continue;
  const m = x.mnemonic;
  for (const k of ['derived', 'meets', 'systemState', 'privileged', 'sensitive', 'userSensitive']) eq(`${m} ${k}`, x[k], y[k]);
  for (const d of Object.keys(x.definitions)) {
    const p = x.definitions[d];
    const q = y.definitions[d];
    if (/^shared:/.test(p.note ?? '') || /^shared:/.test(q.note ?? '')) sharedFindings++;
    eq(`${m}/${d} answer`, p.answer, q.answer);
    eq(`${m}/${d} systemState`, p.systemState, q.systemState);
    witness(`${m}/${d}`, p.witness, q.witness);
    eq(`${m}/${d} violation`, p.violation?.answer, q.violation?.answer);
    witness(`${m}/${d} violation`, p.violation?.witness, q.violation?.witness);
    witness(`${m}/${d} violation privileged`, p.violation?.privilegedWitness, q.violation?.privilegedWitness);
  }
  for (const l of ['anyLevel', 'userLevel']) {
    eq(`${m} direct ${l}`, x.direct[l].safe, y.direct[l].safe);
    witness(`${m} direct ${l}`, x.direct[l].witness, y.direct[l].witness);
  }
}
// In each report: a witness derived by renaming is its representative's with the renaming
// applied — the same states (labels), each register's value where the renaming puts it, the same
// differences renamed.
let derivedChecked = 0;
for (const r of [a, b]) {
  const byM = new Map(r.instructions.map((i: any) => [i.mnemonic, i]));
  const all = (i: any): [string, W][] => [
    ...Object.entries(i.definitions).flatMap(([d, x]: [string, any]) => [[d, x.witness], [`${d} violation`, x.violation?.witness], [`${d} violation privileged`, x.violation?.privilegedWitness]] as [string, W][]),
    ['direct anyLevel', i.direct.anyLevel.witness],
    ['direct userLevel', i.direct.userLevel.witness],
  ];
  for (const i of r.instructions)
    for (const [where, w] of all(i)) {
      const m = w && /\(renamed from ([^/]+)\/.*: (.*)\)$/.exec(w.query);
      if (!w || !m) continue;
      const rho = renamingOf(w);
      const rep = all(byM.get(m[1]!))?.find(([x]) => x === where)?.[1] as any;
      const at = `${r === a ? 'before' : 'after'}: ${i.mnemonic} ${where} (from ${m[1]})`;
      if (!rep) { diffs.push(`${at}: the representative has no such witness`); continue; }
      derivedChecked++;
      const ws = (w as any).states as any[];
      eq(`${at} state labels`, ws.map((x) => x.label), rep.states.map((x: any) => x.label));
      ws.forEach((st, k) => {
        const renamed = Object.fromEntries(Object.entries(rep.states[k].registers).map(([n, v]) => [rho.get(n) ?? n, v]));
        eq(`${at} state ${st.label} registers`, Object.fromEntries(Object.entries(st.registers).sort()), Object.fromEntries(Object.entries(renamed).sort()));
      });
      eq(`${at} differences`, (w as any).differences.map((d: any) => d.what), rep.differences.map((d: any) => rho.get(d.what) ?? d.what));
    }
}
console.log(`${a.isa.name}: ${compared} facts compared, ${diffs.length} differ; ${sharedFindings} definition results derived by renaming (in either report); ${derivedChecked} derived witnesses checked against their representative's, renamed`);
for (const d of diffs.slice(0, 40)) console.log('  ' + d);
process.exit(diffs.length > 0 ? 1 : 0);
