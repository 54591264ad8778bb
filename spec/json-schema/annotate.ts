/**
 * Adding descriptions to a generated JSON Schema by the path of the described value, failing
 * loudly when the path is gone: a renamed field must not leave its description behind unseen.
 */

export type JsonSchema = Record<string, unknown>;

/** The schema of the value at `path` (`state.registers`): through properties and array items. */
export function at(schema: JsonSchema, path: string): JsonSchema {
  let node = schema;
  for (const key of path.split('.')) {
    const items = node.items as JsonSchema | undefined;
    const props = (items ?? node).properties as Record<string, JsonSchema> | undefined;
    const next = props?.[key];
    if (!next) throw new Error(`JSON Schema generation: no property '${key}' on the way to '${path}' (was it renamed in the zod schema?)`);
    node = next;
  }
  return node;
}

/** Sets the description of the value at `path`. */
export function describeAt(schema: JsonSchema, path: string, text: string): void {
  at(schema, path).description = text;
}

/**
 * Describes each branch of a union tagged by `kind` (`oneOf` of objects whose `kind` is a
 * constant). Every branch needs a description and every description a branch.
 */
export function describeKinds(union: JsonSchema, docs: Record<string, string>): void {
  const branches = (union.oneOf ?? union.anyOf) as JsonSchema[] | undefined;
  if (!branches) throw new Error('JSON Schema generation: expected a tagged union (oneOf)');
  const seen = new Set<string>();
  for (const b of branches) {
    const kind = ((b.properties as Record<string, JsonSchema>).kind as { const?: string }).const;
    const text = kind === undefined ? undefined : docs[kind];
    if (kind === undefined || text === undefined) throw new Error(`JSON Schema generation: no description for kind '${kind}'`);
    b.description = text;
    seen.add(kind);
  }
  const stale = Object.keys(docs).filter((k) => !seen.has(k));
  if (stale.length > 0) throw new Error(`JSON Schema generation: descriptions for kinds the schema lacks: ${stale.join(', ')}`);
}
