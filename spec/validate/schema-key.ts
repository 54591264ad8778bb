/**
 * A description file may name the JSON Schema it follows (`"$schema": "…"`), so that an editor
 * completes and checks it; vmcheck reads past that key. Anything but a string there is a mistake.
 */
import type { IsaIssue } from './issues.js';
import { describeValue } from './schema.js';

/** `json` without its top-level `$schema` key, or the issue with that key. */
export function withoutSchemaKey(json: unknown): { json: unknown; issues?: IsaIssue[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Object.hasOwn(json, '$schema')) return { json };
  const { $schema, ...rest } = json as Record<string, unknown>;
  if (typeof $schema !== 'string')
    return { json, issues: [{ path: ['$schema'], message: `expected a string (the JSON Schema this file follows), not ${describeValue($schema)}` }] };
  return { json: rest };
}
