/**
 * Samples of several kinds of run: each run once to warm up, then `runs` rounds in a rotating
 * order, so that drift in the machine's speed falls on every kind alike. One list per kind.
 */
export function interleaved<T>(kinds: readonly (() => T)[], runs: number): T[][] {
  const samples: T[][] = kinds.map(() => []);
  kinds.forEach((k) => k());
  for (let i = 0; i < runs; i++)
    for (let j = 0; j < kinds.length; j++) {
      const k = (i + j) % kinds.length;
      samples[k]!.push(kinds[k]!());
    }
  return samples;
}
