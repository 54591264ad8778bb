/**
 * Malformed ISA descriptions as TypeScript and JavaScript modules: syntax errors, modules that
 * throw (an Error or anything else), exports that are no ISA or not plain data. Each is tried
 * outside a package (compiled as CommonJS) and, where that differs, inside a "type": "module" one.
 */
import { about, type BadInput } from '../case.js';

const program = '        .org 16\n        halt\n';
const esm = { 'package.json': '{ "type": "module" }' };

function moduleCase(name: string, file: string, source: string, message: string | RegExp, extra: Record<string, string> = {}): BadInput {
  return { name, files: { [file]: source, 'p.s': program, ...extra }, argv: ['run', `@${file}`, '@p.s'], message: about(file, message) };
}

const both = (name: string, source: string, message: string | RegExp): BadInput[] => [
  moduleCase(`ts-${name}`, 'isa.ts', source, message),
  moduleCase(`ts-esm-${name}`, 'isa.ts', source, message, esm),
];

export const moduleDescriptionCases: BadInput[] = [
  ...both('syntax-error', 'export const isa = {;\n', /syntax error\n {2}\S*isa\.ts:1:\d+: /),
  ...both('type-annotation-in-wrong-place', 'export default : number = 1;\n', /isa\.ts:1:\d+: /),
  ...both('unterminated-string', "export default { name: 'pg74 };\n", /isa\.ts:1:\d+: /),
  ...both('exports-nothing', 'export {};\n', 'exports no ISA'),
  ...both('default-null', 'export default null;\n', 'exports no ISA'),
  ...both('default-empty-object', 'export default {};\n', 'exports no ISA'),
  ...both('only-other-exports', 'export const version = 3;\nexport function helper() {}\n', /ISA description|exports no ISA/),
  ...both('throws-error', "throw new Error('no description here');\n", 'cannot load: no description here'),
  ...both('throws-number', 'throw 42;\n', 'it threw 42, not an Error'),
  ...both('throws-string', "throw 'oops';\n", 'it threw "oops", not an Error'),
  ...both('throws-undefined', 'throw undefined;\n', 'it threw undefined, not an Error'),
  ...both('throws-plain-object', "throw { reason: 'x' };\n", 'not an Error'),
  ...both('cyclic-default-export', 'const a: any = { name: "x" };\na.self = a;\nexport default a;\n', 'not plain JSON data (Converting circular structure'),
  ...both('bigint-in-export', 'export default { format: "vmcheck-isa/1", name: 10n };\n', 'not plain JSON data (Do not know how to serialize a BigInt'),
  ...both('getter-throws-error', 'export default { get name(): string { throw new Error("boom"); } };\n', 'not plain JSON data (boom)'),
  ...both('getter-throws-string', 'export default { get name(): string { throw "bang"; } };\n', 'not plain JSON data (it threw "bang")'),
  ...both('default-is-a-function', 'export default function isa() { return {}; }\n', /not plain JSON data|exports no ISA|ISA description/),
  ...both('default-is-a-string', "export default 'pg74';\n", /ISA description/),
  ...both('isa-export-missing-fields', "export const isa = { format: 'vmcheck-isa/1', name: 'half' };\n", /problems? in the ISA description[^]*summary/),
  ...both('imports-missing-module', "import { x } from './nowhere.js';\nexport default x;\n", /cannot load: .*nowhere/),
  moduleCase('mts-syntax-error', 'isa.mts', 'export const isa = ;\n', /isa\.mts:1:\d+: /),
  moduleCase('mts-throws-non-error', 'isa.mts', 'throw 7;\n', 'it threw 7, not an Error'),
  moduleCase('js-esm-syntax-error', 'isa.js', 'export const isa = {;\n', /cannot load/, esm),
  moduleCase('mjs-throws-error', 'isa.mjs', "throw new TypeError('bad state');\n", 'cannot load: bad state'),
  moduleCase('mjs-exports-nothing', 'isa.mjs', 'export const x = 1;\n', /exports no ISA|ISA description/),
  moduleCase('mjs-cyclic', 'isa.mjs', 'const a = {}; a.a = a; export default a;\n', 'not plain JSON data'),
  moduleCase('txt-extension', 'isa.txt', 'pg74\n', 'an ISA file is .json, .ts, .mts, .js or .mjs'),
  { name: 'ts-is-a-directory', files: { 'isa.ts/inner.txt': '', 'p.s': program }, argv: ['run', '@isa.ts', '@p.s'], message: about('isa.ts', 'is a directory; expected an ISA description') },
];
