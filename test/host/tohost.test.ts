/** The tohost convention: 1 passes, (n << 1) | 1 fails test case n, an even value is no verdict. */
import { expect, test } from 'vitest';
import { describeVerdict, verdictOf } from '../../host/index.js';

test('1 is a pass and (n << 1) | 1 the failure of test case n', () => {
  expect(verdictOf(1)).toEqual({ kind: 'pass' });
  expect(verdictOf((5 << 1) | 1)).toEqual({ kind: 'fail', testCase: 5 });
  expect(describeVerdict(verdictOf((5 << 1) | 1))).toBe('FAIL (test case 5)');
});

test.each([0, 6, 0x80000000])('tohost = %i is reported as a value that is no verdict, not as a test case', (value) => {
  const v = verdictOf(value);
  expect(v).toEqual({ kind: 'other', value });
  expect(describeVerdict(v)).toBe(`tohost = 0x${value.toString(16)}: not a test verdict (expected 1 for PASS or (n << 1) | 1 for FAIL n)`);
});
