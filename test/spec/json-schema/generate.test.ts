/** The published JSON Schemas: up to date with the zod schemas, and true to the bundled descriptions. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convert, schemaFiles, schemaText } from '../../../spec/json-schema/generate.js';
import { bundledIsas } from '../../../spec/index.js';
import { committedSchema, schemaErrors } from './ajv.js';

describe('the committed schema files', () => {
  it.each(schemaFiles().map((f) => [f.file, f.generated] as const))('schema/%s is what `npm run schema` generates now', (file, generated) => {
    const committed = readFileSync(new URL(`../../../schema/${file}`, import.meta.url), 'utf8');
    expect(committed === schemaText(generated.schema), `schema/${file} is out of date with the zod schema: run \`npm run schema\` and commit the result`).toBe(true);
  });

  it('no zod refinement is lost in conversion: there are none (a new one must be listed here and in docs/json-format.md)', () => {
    expect(schemaFiles().flatMap((f) => f.generated.unexpressed)).toEqual([]);
  });

  it('a refinement JSON Schema cannot express is reported and noted in the description, not dropped silently', () => {
    const { schema, unexpressed } = convert(z.strictObject({ even: z.number().refine((n) => n % 2 === 0) }));
    expect(unexpressed).toEqual(['properties/even']);
    expect((schema.properties as Record<string, { description: string }>).even?.description).toBe('vmcheck checks more here than this schema can express.');
  });

  it('each schema names itself and says that vmcheck checks meaning beyond it', () => {
    for (const name of ['isa', 'extension'] as const) {
      const s = committedSchema(name);
      expect(s.$id).toBe(`urn:vmcheck:schema:${name}`);
      expect(s.title).toMatch(/^vmcheck /);
      expect(s.description).toContain('JSON Schema cannot express');
    }
  });
});

describe('the ISA schema', () => {
  it.each(bundledIsas.map((isa) => [isa.name, isa] as const))('accepts the bundled %s, serialized to JSON', (_, isa) => {
    expect(schemaErrors('isa', JSON.parse(JSON.stringify(isa)))).toEqual([]);
  });

  it('accepts a $schema key and rejects other unknown top-level keys', () => {
    const isa = JSON.parse(JSON.stringify(bundledIsas[0]));
    expect(schemaErrors('isa', { $schema: './isa.schema.json', ...isa })).toEqual([]);
    expect(schemaErrors('isa', { author: 'me', ...isa })).toEqual(['/: must NOT have additional properties']);
  });

  it('accepts constants written as numbers, decimal strings and 0x-hex strings, as the loader does', () => {
    const isa = JSON.parse(JSON.stringify(bundledIsas[0]));
    for (const value of [5, '5', '0x5']) {
      isa.state.registers[0].reset = value;
      expect(schemaErrors('isa', isa)).toEqual([]);
    }
    isa.state.registers[0].reset = '-5';
    expect(schemaErrors('isa', isa)).not.toEqual([]);
  });
});

describe('the extension schema', () => {
  const dir = new URL('../../../examples/riscv-custom/', import.meta.url);
  const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has examples to check', () => expect(examples.length).toBeGreaterThan(0));

  it.each(examples)('accepts examples/riscv-custom/%s', (file) => {
    expect(schemaErrors('extension', JSON.parse(readFileSync(new URL(file, dir), 'utf8')))).toEqual([]);
  });

  it('checks each added instruction where it is written', () => {
    const ext = { format: 'vmcheck-extension/1', base: 'pg74', name: 'x', summary: 'x', add: [{ mnemonic: 'X' }] };
    expect(schemaErrors('extension', ext)).toContain("/add/0: must have required property 'cite'");
  });

  it('accepts a $schema key, a file base, and a bare extension', () => {
    expect(schemaErrors('extension', { $schema: 'x.json', format: 'vmcheck-extension/1', base: '../isa.json', name: 'x', summary: 'x' })).toEqual([]);
  });

  it('rejects a whole description (its format is not an extension’s)', () => {
    expect(schemaErrors('extension', JSON.parse(JSON.stringify(bundledIsas[0])))).not.toEqual([]);
  });
});
