/**
 * The default of a `switch` over a union's kinds: it compiles only when every kind has a case, as
 * a ts-pattern `.exhaustive()` does. Used instead of ts-pattern on the few paths that run per
 * node of every query or step, where its matching cost is measured (proofs/symbolic.ts).
 */
export function unhandled(x: never): never {
  throw new Error(`internal: unhandled case ${JSON.stringify(x)}`);
}
