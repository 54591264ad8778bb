/**
 * The `tohost` convention of the RISC-V architectural tests (riscv-tests' HTIF): a program ends by
 * storing to the 32-bit word at the symbol `tohost`; 1 is a pass, `(n << 1) | 1` the failure of
 * test case n (examples/riscv uses n >= 1000 for an unexpected trap). An even value is neither:
 * it is reported as the value it is, never read as a test case number.
 */
export type Verdict = { kind: 'pass' } | { kind: 'fail'; testCase: number } | { kind: 'other'; value: number };

export function verdictOf(value: number): Verdict {
  if (value === 1) return { kind: 'pass' };
  if ((value & 1) === 1) return { kind: 'fail', testCase: value >>> 1 };
  return { kind: 'other', value };
}

export function describeVerdict(v: Verdict): string {
  switch (v.kind) {
    case 'pass':
      return 'PASS';
    case 'fail':
      return v.testCase === 0 ? 'FAIL (before any test case)' : `FAIL (test case ${v.testCase})`;
    case 'other':
      return `tohost = 0x${v.value.toString(16)}: not a test verdict (expected 1 for PASS or (n << 1) | 1 for FAIL n)`;
  }
}
