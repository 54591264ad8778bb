/**
 * Malformed extension files (`vmcheck-extension/1`): a base that is unknown, missing, not a
 * description, or part of a cycle; instructions to add, replace or remove that do not fit.
 */
import { pg74 } from '../../../../spec/index.js';
import { about, type BadInput } from '../case.js';

const program = '        .org 16\n        halt\n';
const ext = (fields: Record<string, unknown>) => JSON.stringify({ format: 'vmcheck-extension/1', base: 'pg74', name: 'pg74-x', summary: 'an extension', ...fields });
const nop = pg74.instructions.find((i) => i.mnemonic === 'NOP')!;

function extension(name: string, fields: Record<string, unknown>, message: string | RegExp, files: Record<string, string> = {}): BadInput {
  return { name, files: { 'ext.json': ext(fields), 'p.s': program, ...files }, argv: ['run', '@ext.json', '@p.s'], message: about('ext.json', message) };
}

export const extensionCases: BadInput[] = [
  extension('ext-unknown-bundled-base', { base: 'pg75' }, "base: unknown base ISA 'pg75'"),
  extension('ext-empty-base', { base: '' }, 'base'),
  extension('ext-base-file-missing', { base: './nowhere.json' }, 'no such base file'),
  extension('ext-base-is-a-directory', { base: './sub.json' }, /base: .*is a directory/, { 'sub.json/x': '' }),
  // A base at fault is named itself.
  { ...extension('ext-base-not-a-description-file', { base: './notes.txt' }, '', { 'notes.txt': 'hello' }), message: about('notes.txt', 'an ISA file is .json') },
  { ...extension('ext-base-not-json', { base: './b.json' }, '', { 'b.json': '{ nope' }), message: about('b.json', 'not valid JSON') },
  { ...extension('ext-base-invalid-description', { base: './b.json' }, '', { 'b.json': '{"format": "vmcheck-isa/1"}' }), message: about('b.json', /\d+ problems in the ISA description/) },
  extension('ext-base-is-itself', { base: './ext.json' }, 'form a cycle'),
  { ...extension('ext-bases-form-a-cycle', { base: './b.json' }, '', { 'b.json': ext({ base: './ext.json', name: 'b' }) }), message: /b\.json: [^]*base: the extension's bases form a cycle: \S*ext\.json → \S*b\.json → \S*ext\.json/ },
  extension('ext-missing-name', { name: undefined }, 'name'),
  extension('ext-missing-summary', { summary: undefined }, 'summary'),
  extension('ext-unknown-field', { extra: true }, "unknown field 'extra'"),
  extension('ext-add-not-array', { add: { mnemonic: 'X' } }, 'add'),
  extension('ext-remove-unknown-instruction', { remove: ['FROB'] }, 'FROB'),
  extension('ext-remove-not-strings', { remove: [1, 2] }, 'remove'),
  extension('ext-replace-unknown-instruction', { replace: [{ ...nop, mnemonic: 'FROB' }] }, 'FROB'),
  extension('ext-add-existing-mnemonic', { add: [nop] }, 'NOP'),
  extension('ext-add-overlapping-encoding', { add: [{ ...nop, mnemonic: 'NOP2', syntax: 'nop2' }] }, 'encoding overlaps NOP'),
  extension('ext-add-incomplete-instruction', { add: [{ mnemonic: 'HALF' }] }, /instructions\[\d+\]/),
  extension('ext-add-null', { add: [null] }, /instructions\[\d+\]|add/),
];
