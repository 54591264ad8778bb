/**
 * The JSON Schemas of `--format json`: one report (`vmcheck-report/1`) and a set of reports
 * (`vmcheck-report-set/1`), published in schema/ and generated from the zod schemas here by
 * `npm run schema`. The zod schemas are checked against the TypeScript types at compile time
 * (below), so the published schema and what the renderer writes cannot drift apart.
 *
 * Objects allow properties the schema does not name: a version adds fields without a new
 * `schema` (one that removes or re-means a field bumps it), and an older reader should not reject
 * them.
 */
import { z } from 'zod';
import { definitionNames, queryKinds, reportSchema } from '../report-types.js';
import { reportSetSchema, type ReportJson, type ReportSetJson } from './json.js';

const definition = z.enum(definitionNames);
const queryKind = z.enum(queryKinds);
const answer = z.enum(['yes', 'no', 'unknown']);
const declaredClass = z.enum(['privileged', 'sensitive', 'innocuous']);
const num = z.number();
/** A state value: a number, or its decimal digits above 2^53 - 1 (report-types.ts ReportValue). */
const value = z.union([num, z.string().regex(/^[0-9]+$/)]);

const witnessState = z.object({
  label: z.string().describe('`supervisor`, `user`, `S1`, `S2` or `state`.'),
  mode: z.object({ register: z.string(), value: num, level: z.string(), supervisor: z.boolean() }),
  registers: z.record(z.string(), value).describe('Every scalar register (the mode and the address map included); a value above 2^53 - 1 as a string of decimal digits.'),
  files: z.record(z.string(), z.array(value)),
  storage: z.array(z.object({ address: num, value })).describe('The storage cells that matter, by physical address.'),
  instructionAt: z.object({ virtual: num, physical: num }),
  guest: z
    .object({ registers: z.record(z.string(), value), files: z.record(z.string(), z.array(value)) })
    .optional()
    .describe("Under a monitor's composed map (the second state of a described map's location pair): the guest's values of the map's registers, which its map reads; `registers` and `files` hold the real ones, and `storage` is the guest's, by guest address."),
  outcome: z.object({
    trap: z.object({ name: z.string(), code: num, value }).optional(),
    halted: z.boolean(),
    changed: z.record(z.string(), z.object({ before: value, after: value })),
  }),
});

const witness = z.object({
  query: z.string(),
  definition: queryKind,
  instruction: z.object({ mnemonic: z.string(), text: z.string().describe('The instruction word disassembled.'), fields: z.record(z.string(), num), cells: z.array(value) }),
  claim: z.string(),
  states: z.array(witnessState),
  differences: z.array(z.object({ what: z.string(), first: value, second: value })),
  shift: num.optional(),
  replayed: z.literal(true).describe('Always true: a witness is reported only after it replayed on the reference machine.'),
}).meta({ id: 'witness', description: 'Concrete state(s) showing an answer, replayed on the reference machine.' });

const definitionResult = z.object({
  definition,
  answer,
  systemState: z.array(z.string()),
  note: z.string().optional(),
  witness: witness.optional(),
  violation: z.object({ answer, note: z.string().optional(), witness: witness.optional(), privilegedWitness: witness.optional() }).optional(),
});

const directResult = z.object({ safe: answer, note: z.string().optional(), witness: witness.optional() });

const instruction = z.object({
  mnemonic: z.string(),
  cite: z.string(),
  declared: declaredClass,
  derived: z.enum([...declaredClass.options, 'unknown']),
  definitions: z.record(definition, definitionResult),
  meets: z.array(definition),
  systemState: z.array(z.string()),
  privileged: answer,
  sensitive: answer,
  userSensitive: answer,
  direct: z.object({ anyLevel: directResult, userLevel: directResult }),
});

const theorem = z.object({
  theorem: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  title: z.string(),
  condition: z.string(),
  status: z.enum(['holds', 'fails', 'inconclusive']),
  violators: z.array(z.object({ mnemonic: z.string(), definitions: z.array(definition) })),
  undecided: z.array(z.string()),
  mappedFetch: z
    .object({
      levels: z.enum(['any', 'user']),
      answer,
      note: z.string().optional(),
      witness: z
        .object({
          query: z.string(),
          instruction: z.object({ mnemonic: z.string(), text: z.string(), cells: z.array(value) }),
          mode: z.object({ register: z.string(), value: num, level: z.string(), supervisor: z.boolean() }),
          pc: value,
          cell: z.object({ index: num, physical: num, register: z.string() }),
          registers: z.record(z.string(), value),
          files: z.record(z.string(), z.array(value)),
          storage: z.array(z.object({ address: num, value })),
          claim: z.string(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
});


const theoremPair = z.object({ theorem: z.union([z.literal(1), z.literal(3)]), mnemonic: z.string() });

const query = z.object({
  id: z.string(),
  instruction: z.string(),
  definition: queryKind,
  detail: z.string().optional(),
  status: z.enum(['sat', 'unsat', 'unknown']),
  reason: z.string().optional(),
  retried: z.boolean().optional(),
  ms: num,
  solverMs: num.optional(),
  smtFile: z.string().optional(),
});

/** One report, as `--format json` writes it. */
export const reportJsonSchema = z.object({
  schema: z.literal(reportSchema),
  vmcheckVersion: z.string().describe('The version of vmcheck that made the report.'),
  isa: z.object({ name: z.string(), summary: z.string(), instructions: z.number().int(), source: z.string().optional() }),
  options: z.object({ timeoutMs: num }),
  configuration: z
    .object({
      source: z.enum(['declared', 'searched', 'none']),
      entries: z.array(z.object({ register: z.string(), mask: z.string(), value: z.string() })),
      note: z.string().optional(),
    })
    .describe('The monitor configuration C every verdict assumes.'),
  crossCheck: z.object({ contradictions: z.array(theoremPair), safeViolators: z.array(theoremPair) }),
  readings: z.array(z.string()).describe('How the checker read the definitions where the paper leaves a choice.'),
  modeLevels: z.array(z.object({ name: z.string(), value: num, supervisor: z.boolean() })),
  instructions: z.array(instruction),
  theorems: z.tuple([theorem, theorem, theorem]).describe('Theorems 1, 2 and 3, in that order.'),
  verdict: z.enum(['virtualizable', 'hybrid', 'not-virtualizable', 'inconclusive']),
  mismatches: z.array(z.object({ mnemonic: z.string(), declared: declaredClass, derived: z.enum([...declaredClass.options, 'unknown']) })),
  queries: z.array(query),
  stats: z.object({ wallMs: num, queryMs: num, queries: num, byDefinition: z.record(queryKind, z.object({ queries: num, ms: num })) }),
});

/** Several reports (`check --all`, or more than one ISA named). */
export const reportSetJsonSchema = z.object({
  schema: z.literal(reportSetSchema),
  vmcheckVersion: z.string(),
  reports: z.array(reportJsonSchema),
});

// Compile-time: the zod schemas and the types the renderer writes accept each other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameReport: Same<z.infer<typeof reportJsonSchema>, ReportJson> = true;
const sameSet: Same<z.infer<typeof reportSetJsonSchema>, ReportSetJson> = true;
void sameReport;
void sameSet;

type JsonSchema = Record<string, unknown>;

function convert(schema: z.ZodType, id: string, title: string, description: string): JsonSchema {
  // Input mode leaves objects open to properties the schema does not name (see above).
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', reused: 'inline', cycles: 'ref' }) as JsonSchema;
  return { $schema, $id: id, title, description, ...rest };
}

/** The published report schemas: their file name under schema/ and their content. */
export function reportSchemaFiles(): { file: string; schema: JsonSchema }[] {
  return [
    {
      file: 'report.schema.json',
      schema: convert(reportJsonSchema, 'urn:vmcheck:schema:report', 'vmcheck report', `One ISA's check (\`vmcheck check --format json\`), schema ${reportSchema}.`),
    },
    {
      file: 'report-set.schema.json',
      schema: convert(reportSetJsonSchema, 'urn:vmcheck:schema:report-set', 'vmcheck report set', `Several ISAs' checks in one document (\`vmcheck check --all --format json\`), schema ${reportSetSchema}.`),
    },
  ];
}
