/**
 * `npm run schema`: writes the published JSON Schemas (schema/*.schema.json) from the zod
 * schemas. Re-run it after any change to spec/validate/schema.ts or spec/extension-file.ts; a
 * test fails until the committed files match.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFiles, schemaText } from '../spec/json-schema/generate.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema');
mkdirSync(dir, { recursive: true });
for (const { file, generated } of schemaFiles()) {
  writeFileSync(join(dir, file), schemaText(generated.schema));
  console.log(`wrote schema/${file}`);
  for (const place of generated.unexpressed)
    console.warn(`  note: a refinement at ${place || '(root)'} is not expressible in JSON Schema; only vmcheck checks it`);
}
