/**
 * The figures the benchmarks measure, under stable names, for `npm run bench -- --json`: a change
 * can be compared with the last run by name. Each bench records what it prints.
 */
export interface Figure {
  value: number;
  unit: string;
  /** What was measured, as the printed report says it. */
  what: string;
}

const recorded = new Map<string, Figure>();

export function figure(name: string, value: number, unit: string, what: string): void {
  recorded.set(name, { value: Number(value.toPrecision(6)), unit, what });
}

export function figures(): Record<string, Figure> {
  return Object.fromEntries(recorded);
}

/** A free-form label (a program path, a configuration) as one segment of a figure's name: `nested, depth 2` → `nested-depth-2`. */
export function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
