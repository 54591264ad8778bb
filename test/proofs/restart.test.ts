import { beforeEach, describe, expect, test } from 'vitest';
import { firstAttemptMs, resetRestarts, solved } from '../../proofs/restart.js';

describe("a query's first attempt before a restart (proofs/restart.ts)", () => {
  beforeEach(() => resetRestarts());

  test('without enough answers seen: a quarter of the limit, at least a second, at most the limit', () => {
    expect(firstAttemptMs(10_000)).toBe(2500);
    expect(firstAttemptMs(2000)).toBe(1000);
    expect(firstAttemptMs(600)).toBe(600);
    for (let i = 0; i < 7; i++) solved(5);
    expect(firstAttemptMs(10_000)).toBe(2500);
  });

  test('after quick answers: 16 times their median, never under 250 ms', () => {
    for (let i = 0; i < 8; i++) solved(30);
    expect(firstAttemptMs(10_000)).toBe(480);
    resetRestarts();
    for (let i = 0; i < 8; i++) solved(4);
    expect(firstAttemptMs(10_000)).toBe(250);
  });

  test('after slow answers: never over the quarter; the median follows the recent answers', () => {
    for (let i = 0; i < 8; i++) solved(400);
    expect(firstAttemptMs(10_000)).toBe(2500);
    // The window keeps the last 64: quick answers after slow ones bring the first attempt down.
    for (let i = 0; i < 64; i++) solved(20);
    expect(firstAttemptMs(10_000)).toBe(320);
  });
});
