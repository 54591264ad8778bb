/**
 * Real reports for the renderers' tests, kept small: pg74's variants cut down to a few
 * instructions each (one of every kind the renderers show: innocuous, privileged, a violator),
 * so a check takes about a second. Checked once per test file.
 */
import { extendIsa, pg74, pg74Jrst, pg74Lra, type IsaDescription } from '../../../spec/index.js';
import { CheckCache, checkIsa, type Report } from '../../../proofs/index.js';

/** `isa` with only `keep` (renamed `<name>-small`). */
export function small(isa: IsaDescription, keep: readonly string[]): IsaDescription {
  return extendIsa(isa, { name: `${isa.name}-small`, summary: `${isa.summary} (a few instructions)`, remove: isa.instructions.filter((i) => !keep.includes(i.mnemonic)).map((i) => i.mnemonic) });
}

/** Not virtualizable (LRA is location-sensitive), a hybrid (JRU), and a virtualizable one. */
export const smallIsas: IsaDescription[] = [
  small(pg74Lra, ['ADD', 'LD', 'LPSW', 'SRB', 'LRA']),
  small(pg74Jrst, ['ADD', 'LPSW', 'JRU']),
  small(pg74, ['ADD', 'LPSW', 'HALT']),
];

let checked: Promise<Report[]> | undefined;

/** The small ISAs' reports, checked once. */
export function smallReports(): Promise<Report[]> {
  checked ??= (async () => {
    const cache = new CheckCache();
    const out: Report[] = [];
    for (const isa of smallIsas) out.push(await checkIsa(isa, { source: isa.name, cache }));
    return out;
  })();
  return checked;
}
