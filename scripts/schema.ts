/**
 * `npm run schema`: writes the published JSON Schemas (schema/*.schema.json) from the zod
 * schemas, and the tables of docs/json-format.md from the ISA schema. Re-run it after any change
 * to spec/validate/schema.ts, spec/extension-file.ts or proofs/render/report-schema.ts (the JSON
 * reports); a test fails until the committed files match.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docTables, fillDocTables } from '../spec/json-schema/doc-tables.js';
import { isaJsonSchema, schemaFiles, schemaText } from '../spec/json-schema/generate.js';
import { reportSchemaFiles } from '../proofs/render/report-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'schema'), { recursive: true });
for (const { file, generated } of schemaFiles()) {
  writeFileSync(join(root, 'schema', file), schemaText(generated.schema));
  console.log(`wrote schema/${file}`);
  for (const place of generated.unexpressed)
    console.warn(`  note: a refinement at ${place || '(root)'} is not expressible in JSON Schema; only vmcheck checks it`);
}
for (const { file, schema } of reportSchemaFiles()) {
  writeFileSync(join(root, 'schema', file), schemaText(schema));
  console.log(`wrote schema/${file}`);
}
const doc = join(root, 'docs', 'json-format.md');
writeFileSync(doc, fillDocTables(readFileSync(doc, 'utf8'), docTables(isaJsonSchema().schema)));
console.log('wrote the tables of docs/json-format.md');
