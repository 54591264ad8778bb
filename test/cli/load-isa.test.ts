/** Loading description files: extension files whose base is another file, and `$schema` keys. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveIsa } from '../../cli/load-isa.js';
import { bundledIsas, IsaError, pg74 } from '../../spec/index.js';
import { runCli } from './run-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'vmcheck-load-'));
const write = (path: string, json: unknown) => writeFileSync(path, JSON.stringify(json, null, 2));
const extension = (base: string, name: string, extra: object = {}) => ({
  format: 'vmcheck-extension/1',
  base,
  name,
  summary: `${name}, on ${base}`,
  ...extra,
});

/** The messages of the IsaError that loading `path` throws. */
async function problemsOf(path: string): Promise<{ source: string; messages: string[] }> {
  const e = await resolveIsa(path).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof IsaError)) throw new Error(`expected an IsaError, got ${String(e)}`);
  return { source: e.source, messages: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe('extension files whose base is a file', () => {
  it('a relative .json base is found next to the extension, not in the working directory', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'isas'));
    write(join(dir, 'isas', 'machine.json'), pg74);
    write(join(dir, 'isas', 'less.json'), extension('./machine.json', 'pg74-less', { remove: ['NOP'] }));
    const isa = await resolveIsa(join(dir, 'isas', 'less.json'));
    expect(isa.name).toBe('pg74-less');
    expect(isa.instructions.map((i) => i.mnemonic)).toEqual(pg74.instructions.map((i) => i.mnemonic).filter((m) => m !== 'NOP'));
  });

  it('a .ts base is loaded as the command line loads a TypeScript description', async () => {
    const dir = tmp();
    const ts = resolve('examples/extension/pg74-uclock.ts');
    write(join(dir, 'ext.json'), extension(relative(dir, ts), 'pg74-uclock-less', { remove: ['NOP'] }));
    const isa = await resolveIsa(join(dir, 'ext.json'));
    expect(isa.instructions.some((i) => i.mnemonic === 'RDCLKU')).toBe(true);
    expect(isa.instructions.some((i) => i.mnemonic === 'NOP')).toBe(false);
  });

  it('a chain of extensions applies each in turn', async () => {
    const dir = tmp();
    write(join(dir, 'one.json'), extension('pg74', 'pg74-one', { remove: ['NOP'] }));
    write(join(dir, 'two.json'), extension('one.json', 'pg74-two', { remove: ['HALT'] }));
    const isa = await resolveIsa(join(dir, 'two.json'));
    expect(isa.name).toBe('pg74-two');
    expect(isa.instructions.map((i) => i.mnemonic)).not.toContain('NOP');
    expect(isa.instructions.map((i) => i.mnemonic)).not.toContain('HALT');
    expect(isa.instructions).toHaveLength(pg74.instructions.length - 2);
  });

  it('a cycle of bases is an error that lists the cycle', async () => {
    const dir = tmp();
    write(join(dir, 'a.json'), extension('b.json', 'a'));
    write(join(dir, 'b.json'), extension('./a.json', 'b'));
    const a = relative(process.cwd(), join(dir, 'a.json'));
    const b = relative(process.cwd(), join(dir, 'b.json'));
    expect(await problemsOf(join(dir, 'a.json'))).toEqual({
      source: b,
      messages: [`base: the extension's bases form a cycle: ${a} → ${b} → ${a}`],
    });
  });

  it('an extension that is its own base is a cycle', async () => {
    const dir = tmp();
    write(join(dir, 'self.json'), extension('self.json', 'self'));
    const { messages } = await problemsOf(join(dir, 'self.json'));
    expect(messages).toEqual([expect.stringMatching(/^base: the extension's bases form a cycle: .*self\.json → .*self\.json$/)]);
  });

  it('a missing base file is an error naming the extension and the base', async () => {
    const dir = tmp();
    write(join(dir, 'ext.json'), extension('../nowhere/base.json', 'x'));
    const ext = join(dir, 'ext.json');
    const missing = relative(process.cwd(), resolve(dir, '../nowhere/base.json'));
    expect(await problemsOf(ext)).toEqual({
      source: ext,
      messages: [`base: no such base file: ${missing} ('../nowhere/base.json' relative to the directory of ${ext})`],
    });
  });

  it('an unknown bundled base says what the bundled ISAs are and how a file is named', async () => {
    const dir = tmp();
    write(join(dir, 'ext.json'), extension('pg75', 'x'));
    const { messages } = await problemsOf(join(dir, 'ext.json'));
    expect(messages).toEqual([`base: unknown base ISA 'pg75': not a bundled ISA (${bundledIsas.map((i) => i.name).join(', ')}); a description file's name ends in .json, .ts, .mts, .js or .mjs`]);
  });

  it('a malformed base file is reported under its own name', async () => {
    const dir = tmp();
    write(join(dir, 'base.json'), { ...pg74, summary: '' });
    write(join(dir, 'ext.json'), extension('./base.json', 'x'));
    const { source, messages } = await problemsOf(join(dir, 'ext.json'));
    expect(source).toBe(relative(process.cwd(), join(dir, 'base.json')));
    expect(messages).toEqual(['summary: must not be empty']);
  });

  it('on the command line, a missing base exits 2 with one message and no stack trace', async () => {
    const dir = tmp();
    write(join(dir, 'ext.json'), extension('./gone.json', 'x'));
    const r = await runCli('run', join(dir, 'ext.json'), 'examples/pg74/os.s');
    expect(r.code).toBe(2);
    expect(r.err).toContain('ext.json: 1 problem in the ISA description');
    expect(r.err).toContain('base: no such base file:');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('$schema in description files', () => {
  it('a JSON description with $schema loads', async () => {
    const dir = tmp();
    write(join(dir, 'isa.json'), { $schema: '../node_modules/vmcheck/schema/isa.schema.json', ...pg74 });
    const isa = await resolveIsa(join(dir, 'isa.json'));
    expect(isa).toEqual(pg74);
    expect(isa).not.toHaveProperty('$schema');
  });

  it('an extension file with $schema loads', async () => {
    const dir = tmp();
    write(join(dir, 'ext.json'), { $schema: 'https://example.org/extension.schema.json', ...extension('pg74', 'pg74-x', { remove: ['NOP'] }) });
    const isa = await resolveIsa(join(dir, 'ext.json'));
    expect(isa.name).toBe('pg74-x');
    expect(isa).not.toHaveProperty('$schema');
  });

  it('a $schema that is not a string is an error at $schema', async () => {
    const dir = tmp();
    write(join(dir, 'isa.json'), { $schema: 7, ...pg74 });
    expect((await problemsOf(join(dir, 'isa.json'))).messages).toEqual(['$schema: expected a string (the JSON Schema this file follows), not 7']);
    write(join(dir, 'ext.json'), { $schema: true, ...extension('pg74', 'x') });
    expect((await problemsOf(join(dir, 'ext.json'))).messages).toEqual(['$schema: expected a string, not true']);
  });
});
