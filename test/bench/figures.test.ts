/** `npm run bench -- --json`: the figures' names are stable segments, whatever labels a bench prints. */
import { describe, expect, test } from 'vitest';
import { figure, figures, slug } from '../../bench/figures.js';

describe('bench figures', () => {
  test('labels become name segments of lower-case letters, digits and dashes', () => {
    expect(slug('nested, depth 2')).toBe('nested-depth-2');
    expect(slug('examples/pg74/compute.s')).toBe('examples-pg74-compute-s');
    expect(slug('  Hybrid monitor ')).toBe('hybrid-monitor');
  });

  test('a recorded figure keeps its unit and what it measured, rounded to six digits', () => {
    figure('test.one.ratio', 1.234567891, 'ratio', 'a test figure');
    expect(figures()['test.one.ratio']).toEqual({ value: 1.23457, unit: 'ratio', what: 'a test figure' });
  });
});
