/**
 * The published JSON Schemas, compiled with ajv (an independent JSON Schema implementation) as
 * an editor or another tool would use them: the committed files, not the generator's output.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

export type SchemaName = 'isa' | 'extension';

// `discriminator`: the schemas tag their expression and statement unions by `kind` (generate.ts).
const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true });
const validators = new Map<SchemaName, ReturnType<Ajv2020['compile']>>();

/** The committed schema file, parsed. */
export function committedSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../schema/${name}.schema.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** The schema's complaints about `json` (`/state/pc: must match pattern …`); empty when it accepts. */
export function schemaErrors(name: SchemaName, json: unknown): string[] {
  let validate = validators.get(name);
  if (!validate) validators.set(name, (validate = ajv.compile(committedSchema(name))));
  return validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
