/**
 * The published JSON Schemas of description files, generated from the zod schemas that
 * validate them (spec/validate/schema.ts, spec/extension-file.ts), so that the two cannot
 * disagree about shape. `npm run schema` writes them to schema/; a test checks that the
 * committed files are what this module generates now.
 *
 * What JSON Schema cannot say is left to vmcheck's validator and said so in the schema's
 * description: zod's transforms are described by their input (constants are numbers or
 * decimal/0x-hex strings in the file), zod's custom error messages are dropped, and every check
 * of meaning (names that must be declared, widths that must agree, encodings that must cover
 * their bits) happens after the shape is right.
 */
import { z } from 'zod';
import { extensionFormat, extensionSchema } from '../extension-file.js';
import { descriptionFormat } from '../description.js';
import { exprSchema, isaSchema, stmtSchema } from '../validate/schema.js';
import { maxNesting } from '../validate/validate.js';
import { exprKindDocs, extensionDocs, instructionDocs, isaSectionDocs, operandKindDocs, stmtKindDocs } from './descriptions.js';
import { at, describeAt, describeKinds, type JsonSchema } from './annotate.js';

export type { JsonSchema } from './annotate.js';

export interface GeneratedSchema {
  schema: JsonSchema;
  /**
   * Places (schema paths) whose zod schema has a refinement that JSON Schema cannot express: the
   * JSON Schema there accepts more than vmcheck does. The script prints them.
   */
  unexpressed: string[];
}

const schemaKey = {
  type: 'string',
  description: 'The JSON Schema this file follows, for editor completion; vmcheck ignores it.',
} as const;

const meaningNote =
  'The schema checks the shape of the file. vmcheck also checks its meaning, which JSON Schema cannot express: ' +
  'every name used is declared (registers, files, fields, trap kinds, variables), widths agree, encodings cover ' +
  `every bit without overlap, mnemonics are unique, read-only state is never assigned, and nesting is at most ${maxNesting} levels.`;

/** The zod schema of one instruction, read out of the description's schema (not restated). */
function instructionSchema(): z.ZodType {
  const shape = (isaSchema as unknown as z.ZodObject<{ instructions: z.ZodArray<z.ZodType> }>).shape;
  return shape.instructions.element;
}

/** zod's conversion, with named definitions for the recursive and shared parts (exported for tests). */
export function convert(schema: z.ZodType): GeneratedSchema {
  const named = z.registry<{ id: string; description: string }>();
  named.add(exprSchema, { id: 'expression', description: 'An expression of the semantics language: a bit-vector value, tagged by `kind`.' });
  named.add(stmtSchema, { id: 'statement', description: 'A statement of the semantics language, tagged by `kind`.' });
  named.add(instructionSchema(), { id: 'instruction', description: 'One instruction: encoding, syntax, declared class, citation and semantics side by side.' });
  const unexpressed: string[] = [];
  const out = z.toJSONSchema(schema, {
    // A file holds the input of zod's transforms (constants as numbers or strings), not their output.
    io: 'input',
    unrepresentable: 'throw',
    cycles: 'ref',
    reused: 'inline',
    metadata: named,
    override: (ctx) => {
      const checks = (ctx.zodSchema._zod.def as { checks?: { _zod: { def: { check: string } } }[] }).checks ?? [];
      if (!checks.some((c) => c._zod.def.check === 'custom')) return;
      const where = ctx.path.join('/');
      unexpressed.push(where);
      const note = 'vmcheck checks more here than this schema can express.';
      ctx.jsonSchema.description = ctx.jsonSchema.description ? `${ctx.jsonSchema.description} ${note}` : note;
    },
  }) as JsonSchema;
  return { schema: out, unexpressed };
}

/** Descriptions of the shared definitions: instruction, expression, statement. */
function describeInstructions(defs: Record<string, JsonSchema>): void {
  for (const [path, text] of Object.entries(instructionDocs)) describeAt(defs.instruction!, path, text);
  describeKinds(at(defs.instruction!, 'encoding.fields.operand'), operandKindDocs);
  describeKinds(defs.expression!, exprKindDocs);
  describeKinds(defs.statement!, stmtKindDocs);
  // Tagged by `kind`: a validator that knows OpenAPI's discriminator (ajv with `discriminator:
  // true`) picks the one branch to check, instead of trying every branch of every nested node,
  // which is exponential in the depth of an expression (a page-table walk is deep).
  for (const union of [defs.expression!, defs.statement!]) Object.assign(union, { type: 'object', discriminator: { propertyName: 'kind' } });
}

/** `$schema`, `$id`, title and description first, then the rest, with `$schema` allowed as a property. */
function publish(gen: JsonSchema, id: string, title: string, description: string): JsonSchema {
  const { $schema, properties, $defs, ...rest } = gen;
  return {
    $schema,
    $id: id,
    title,
    description,
    ...rest,
    properties: { $schema: schemaKey, ...(properties as JsonSchema) },
    $defs,
  };
}

/** The JSON Schema of a whole ISA description (`vmcheck-isa/1`). */
export function isaJsonSchema(): GeneratedSchema {
  const { schema, unexpressed } = convert(isaSchema);
  const defs = schema.$defs as Record<string, JsonSchema>;
  for (const [path, text] of Object.entries(isaSectionDocs)) describeAt(schema, path, text);
  describeInstructions(defs);
  const description = `An ISA description in the ${descriptionFormat} format (docs/json-format.md). ${meaningNote}`;
  return { schema: publish(schema, 'urn:vmcheck:schema:isa', 'vmcheck ISA description', description), unexpressed };
}

/** The JSON Schema of an extension file (`vmcheck-extension/1`). */
export function extensionJsonSchema(): GeneratedSchema {
  // The loader checks added and replacing instructions as part of the extended description (with
  // its paths in messages); the published schema checks each one where it is written.
  const instruction = instructionSchema();
  const withInstructions = extensionSchema.extend({ add: z.array(instruction).optional(), replace: z.array(instruction).optional() });
  const { schema, unexpressed } = convert(withInstructions);
  const defs = schema.$defs as Record<string, JsonSchema>;
  const { $schema: _ignored, ...properties } = schema.properties as JsonSchema;
  schema.properties = properties;
  for (const [path, text] of Object.entries(extensionDocs)) describeAt(schema, path, text);
  describeInstructions(defs);
  const description =
    `An extension file in the ${extensionFormat} format: a base ISA and the instructions to add, replace or remove (docs/json-format.md). ` +
    `Instructions are checked with the rest of the extended description. ${meaningNote}`;
  return { schema: publish(schema, 'urn:vmcheck:schema:extension', 'vmcheck extension file', description), unexpressed };
}

/** The published files: their name under schema/ and their content. */
export function schemaFiles(): { file: string; generated: GeneratedSchema }[] {
  return [
    { file: 'isa.schema.json', generated: isaJsonSchema() },
    { file: 'extension.schema.json', generated: extensionJsonSchema() },
  ];
}

/** A schema as the committed file holds it. */
export const schemaText = (schema: JsonSchema): string => JSON.stringify(schema, null, 2) + '\n';
