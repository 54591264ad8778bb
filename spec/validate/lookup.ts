/** Lookups shared by the checks, made so that one broken declaration is reported once. */
import type { RegisterFileDecl } from '../description.js';
import { log2 } from '../widths.js';

/**
 * Declarations by name; where a name is declared twice the first declaration counts (the second
 * is reported as a duplicate, and checks elsewhere use the first, not the one reported).
 */
export function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

/**
 * The width of an index into the file, or undefined when its count is not a power of two (that
 * count is reported itself; indices into it are not checked again).
 */
export function indexBits(file: Pick<RegisterFileDecl, 'count'>): number | undefined {
  return file.count > 0 && (file.count & (file.count - 1)) === 0 ? log2(file.count) : undefined;
}
