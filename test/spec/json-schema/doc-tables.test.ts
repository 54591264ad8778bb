/** docs/json-format.md: its tables are the schema's, and its examples load. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docTables, fillDocTables, typeText } from '../../../spec/json-schema/doc-tables.js';
import { isaJsonSchema } from '../../../spec/json-schema/generate.js';
import { loadIsa, parseExtensionFile } from '../../../spec/index.js';
import { schemaErrors } from './ajv.js';

const doc = readFileSync(new URL('../../../docs/json-format.md', import.meta.url), 'utf8');
/** The ```json blocks of the page that hold a `format`. */
const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as { format?: string }).filter((j) => j.format !== undefined);

describe('docs/json-format.md', () => {
  it('its tables are what `npm run schema` derives from the schema now', () => {
    expect(doc === fillDocTables(doc, docTables(isaJsonSchema().schema)), 'docs/json-format.md is out of date: run `npm run schema`').toBe(true);
  });

  it('its complete example loads and the schema accepts it', () => {
    const isa = examples.find((j) => j.format === 'vmcheck-isa/1' && 'instructions' in j)!;
    expect(loadIsa(isa, 'docs example').instructions.map((i) => i.mnemonic)).toEqual(['NOP', 'INC']);
    expect(schemaErrors('isa', isa)).toEqual([]);
  });

  it('its extension example reads and the extension schema accepts it', () => {
    const ext = examples.find((j) => j.format === 'vmcheck-extension/1')!;
    expect(parseExtensionFile(ext, 'docs example').base).toBe('./tiny.json');
    expect(schemaErrors('extension', ext)).toEqual([]);
  });
});

describe('doc tables', () => {
  it.each([
    [{ type: 'integer', minimum: 1, maximum: 64 }, 'integer 1..64'],
    [{ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, 'integer ≥ 0'],
    [{ type: 'string', enum: ['user', 'system'] }, '"user" | "system"'],
    [{ type: 'array', items: { $ref: '#/$defs/statement' } }, '[statement]'],
    [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, 'constant'],
  ])('a schema %j reads as %s', (schema, text) => {
    expect(typeText(schema)).toBe(text);
  });

  it('a block the generator does not know is an error, as is a table without a block', () => {
    expect(() => fillDocTables('<!-- schema:nope -->\n<!-- /schema:nope -->', {})).toThrow("no generated table 'nope'");
    expect(() => fillDocTables('text', { top: '|' })).toThrow('no block for the generated tables top');
  });
});
