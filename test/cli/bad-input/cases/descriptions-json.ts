/**
 * Malformed ISA descriptions as JSON files: text that is not JSON, JSON that is not a
 * description, and pg74 with one thing wrong (each a mutation of the bundled description, named
 * for what must be rejected). The message names the file and the path of the part at fault.
 */
import { pg74 } from '../../../../spec/index.js';
import { about, type BadInput } from '../case.js';

/** A fresh copy of pg74 as JSON data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const base = (): Json => JSON.parse(JSON.stringify(pg74));
const program = '        .org 16\n        halt\n';

function described(name: string, json: unknown, place: string | RegExp): BadInput {
  return {
    name,
    files: { 'isa.json': typeof json === 'string' ? json : JSON.stringify(json, null, 1), 'p.s': program },
    argv: ['run', '@isa.json', '@p.s'],
    message: typeof place === 'string' ? about('isa.json', place) : new RegExp(`isa\\.json[^]*${place.source}`),
  };
}

function mutated(name: string, mutate: (d: Json) => void, place: string | RegExp): BadInput {
  const d = base();
  mutate(d);
  return described(name, d, place);
}

const at = (d: Json, mnemonic: string) => d.instructions.findIndex((i: Json) => i.mnemonic === mnemonic);

/** An expression nested 20,000 deep (200 KB): written as text, since JSON.stringify itself recurses. */
function nestedTooDeep(): BadInput {
  const d = base();
  d.instructions[0].semantics[0].value = 'DEEP';
  const deep = '{"kind":"not","arg":'.repeat(20_000) + '{"kind":"const","width":32,"value":"0x1"}' + '}'.repeat(20_000);
  return described('json-expression-nested-too-deep', JSON.stringify(d).replace('"DEEP"', deep), /instructions\[0\]\.semantics\[0\]|nest/);
}

const notJson: BadInput[] = [
  described('json-empty-file', '', 'not valid JSON'),
  described('json-whitespace-only', ' \n\t\n', 'not valid JSON'),
  described('json-truncated', JSON.stringify(base()).slice(0, 500), 'not valid JSON'),
  described('json-trailing-comma', '{"format": "vmcheck-isa/1",}', 'not valid JSON'),
  described('json-single-quotes', "{'format': 'x'}", 'not valid JSON'),
  described('json-comment', '// an ISA\n{}', 'not valid JSON'),
  described('json-nan', '{"format": NaN}', 'not valid JSON'),
  described('json-binary-garbage', '\u0000\u0001\u0002\u00ff', 'not valid JSON'),
  described('json-bom-then-garbage', '\ufeff{oops', 'not valid JSON'),
];

const notDescription: BadInput[] = [
  described('json-top-level-array', [], /ISA description|expected/),
  described('json-top-level-string', '"pg74"', /ISA description|expected/),
  described('json-top-level-number', '42', /ISA description|expected/),
  described('json-top-level-null', 'null', /ISA description|expected/),
  described('json-empty-object', {}, 'format'),
  described('json-package-json', { name: 'my-package', version: '1.0.0', type: 'module' }, 'format'),
];

const topLevel = ['format', 'name', 'summary', 'state', 'traps', 'instructions'];
const stateKeys = ['registers', 'files', 'pc', 'mode', 'storage', 'addressMap'];

const missing: BadInput[] = [
  ...topLevel.map((k) => mutated(`json-missing-${k}`, (d) => delete d[k], new RegExp(`\\n  ${k}: `))),
  ...stateKeys.map((k) => mutated(`json-missing-state-${k}`, (d) => delete d.state[k], new RegExp(`\\n  state\\.${k}: `))),
  ...['mnemonic', 'class', 'encoding', 'syntax', 'semantics'].map((k) =>
    mutated(`json-missing-instruction-${k}`, (d) => delete d.instructions[3][k], new RegExp(`\\n  instructions\\[3\\]\\.${k}`)),
  ),
  mutated('json-missing-register-width', (d) => delete d.state.registers[2].width, 'state.registers[2].width'),
  mutated('json-missing-storage-cells', (d) => delete d.state.storage.cells, 'state.storage.cells'),
  mutated('json-missing-encoding-bits', (d) => delete d.instructions[0].encoding.bits, 'instructions[0].encoding.bits'),
  mutated('json-missing-trap-kinds', (d) => delete d.traps.kinds, 'traps.kinds'),
];

const wrongType: BadInput[] = [
  ...topLevel.map((k) => mutated(`json-${k}-is-a-number`, (d) => (d[k] = 7), new RegExp(`\\n  ${k}: `))),
  mutated('json-name-empty', (d) => (d.name = ''), 'name'),
  mutated('json-wrong-format-version', (d) => (d.format = 'vmcheck-isa/99'), 'format'),
  mutated('json-unknown-top-level-field', (d) => (d.colour = 'blue'), "unknown field 'colour'"),
  mutated('json-unknown-state-field', (d) => (d.state.cache = {}), "unknown field 'cache'"),
  mutated('json-instructions-not-array', (d) => (d.instructions = { LDI: {} }), 'instructions'),
  mutated('json-instruction-null', (d) => (d.instructions[2] = null), 'instructions[2]'),
  mutated('json-instruction-string', (d) => (d.instructions[2] = 'LDI'), 'instructions[2]'),
  mutated('json-register-width-string', (d) => (d.state.registers[1].width = '1'), 'state.registers[1].width'),
  mutated('json-register-width-zero', (d) => (d.state.registers[2].width = 0), 'state.registers[2].width'),
  mutated('json-register-width-negative', (d) => (d.state.registers[2].width = -32), 'state.registers[2].width'),
  mutated('json-register-width-fraction', (d) => (d.state.registers[2].width = 3.5), 'state.registers[2].width'),
  mutated('json-register-width-huge', (d) => (d.state.registers[2].width = 1e9), 'state.registers[2]'),
  mutated('json-register-kind-unknown', (d) => (d.state.registers[2].kind = 'secret'), 'state.registers[2].kind'),
  mutated('json-register-reset-not-hex', (d) => (d.state.registers[0].reset = 'sixteen'), 'state.registers[0].reset'),
  mutated('json-register-reset-too-wide', (d) => (d.state.registers[1].reset = '0x2'), 'state.registers[1]'),
  mutated('json-file-count-zero', (d) => (d.state.files[0].count = 0), 'state.files[0].count'),
  mutated('json-storage-cells-zero', (d) => (d.state.storage.cells = 0), 'state.storage.cells'),
  mutated('json-storage-cells-huge', (d) => (d.state.storage.cells = 2 ** 40), 'state.storage.cells'),
  mutated('json-storage-cellbits-zero', (d) => (d.state.storage.cellBits = 0), 'state.storage.cellBits'),
  mutated('json-encoding-bits-not-cells', (d) => (d.instructions[0].encoding.bits = 12), 'instructions[0].encoding.bits'),
  mutated('json-class-unknown', (d) => (d.instructions[0].class = 'harmless'), 'instructions[0].class'),
  mutated('json-semantics-not-array', (d) => (d.instructions[0].semantics = {}), 'instructions[0].semantics'),
  mutated('json-statement-kind-unknown', (d) => (d.instructions[0].semantics[0].kind = 'teleport'), 'instructions[0].semantics[0]'),
  mutated('json-expression-kind-unknown', (d) => (d.instructions[0].semantics[0].value.kind = 'magic'), 'instructions[0].semantics[0].value'),
  mutated('json-trap-code-string', (d) => (d.traps.kinds[0].code = 'one'), 'traps.kinds[0].code'),
];

/** Sizes that would make the emulator allocate without end: refused by the description's limits. */
const sizes: BadInput[] = [
  mutated('json-file-count-billion', (d) => (d.state.files[0].count = 1e9), 'state.files[0].count: expected at most 1024, not 1000000000'),
  mutated('json-address-bits-million', (d) => (d.state.storage.addressBits = 1e6), 'state.storage.addressBits: expected at most 32, not 1000000'),
  mutated('json-cell-bits-65', (d) => (d.state.storage.cellBits = 65), 'state.storage.cellBits: cells are 8 to 64 bits wide'),
  mutated('json-trap-code-width-million', (d) => (d.traps.codeWidth = 1e6), 'traps.codeWidth: widths are 1..64 bits'),
  mutated('json-register-width-4096', (d) => (d.state.registers[2].width = 4096), 'state.registers[2].width: widths are 1..64 bits'),
  mutated('json-encoding-bits-16-million', (d) => (d.instructions[0].encoding.bits = 2 ** 24), 'instructions[0].encoding.bits (LDI): expected at most 256, not 16777216'),
  mutated('json-field-width-million', (d) => (d.instructions[0].encoding.fields[1].width = 1e6), 'instructions[0].encoding.fields[1].width (LDI): fields are at most 52 bits (their values are JavaScript numbers)'),
  mutated('json-constant-width-ten-million', (d) => (d.instructions[0].semantics[0].value = { kind: 'const', width: 1e7, value: '0x1' }), 'instructions[0].semantics[0].value.width (LDI): widths are 1..64 bits'),
  mutated('json-storage-beyond-emulator', (d) => (d.state.storage.cells = 2 ** 27), 'state.storage.cells is 134217728, more than the emulator holds (67108864); run it with --storage CELLS'),
];

const meaning: BadInput[] = [
  mutated('json-pc-names-no-register', (d) => (d.state.pc = 'IP'), 'state.pc'),
  mutated('json-mode-register-undeclared', (d) => (d.state.mode.register = 'MODE'), 'state.mode'),
  mutated('json-mode-without-supervisor-level', (d) => d.state.mode.levels.forEach((l: Json) => (l.supervisor = false)), 'state.mode'),
  mutated('json-address-map-base-undeclared', (d) => (d.state.addressMap.base = 'LL'), 'state.addressMap'),
  mutated('json-duplicate-register', (d) => d.state.registers.push({ ...d.state.registers[2] }), "duplicate"),
  mutated('json-duplicate-mnemonic', (d) => (d.instructions[at(d, 'MOV')].mnemonic = 'LDI'), "duplicate mnemonic 'LDI'"),
  mutated('json-duplicate-trap-name', (d) => (d.traps.kinds[1].name = 'privileged'), 'traps.kinds'),
  mutated(
    'json-duplicate-trap-code',
    (d) => d.traps.kinds.push({ ...d.traps.kinds[0], name: 'privileged_again' }),
    `traps.kinds[${pg74.traps.kinds.length}]: duplicate trap code`,
  ),
  mutated('json-trap-code-too-wide', (d) => (d.traps.codeWidth = 2), 'traps.kinds'),
  mutated('json-overlapping-encodings', (d) => (d.instructions[at(d, 'MOV')].encoding.fixed[0].value = d.instructions[at(d, 'LDI')].encoding.fixed[0].value), 'encoding overlaps'),
  mutated('json-fixed-value-too-wide', (d) => (d.instructions[0].encoding.fixed[0].value = 4096), 'instructions[0].encoding.fixed'),
  mutated('json-field-outside-encoding', (d) => (d.instructions[0].encoding.fields[0].slices[0].at = 40), 'instructions[0].encoding'),
  mutated('json-field-bits-claimed-twice', (d) => (d.instructions[0].encoding.fields[0].slices[0].at = 0), 'instructions[0].encoding'),
  mutated('json-bit-range-backwards', (d) => ((d.instructions[0].encoding.fixed[0].hi = 20), (d.instructions[0].encoding.fixed[0].lo = 28)), 'instructions[0].encoding.fixed[0]'),
  mutated('json-syntax-names-unknown-field', (d) => (d.instructions[0].syntax = 'ldi {rz}, {imm}'), 'instructions[0]'),
  mutated('json-semantics-reads-undeclared-register', (d) => (d.instructions[0].semantics[0].value = { kind: 'reg', name: 'TSC' }), 'instructions[0].semantics[0].value'),
  mutated('json-semantics-reads-unknown-field', (d) => (d.instructions[0].semantics[0].value = { kind: 'field', name: 'nope' }), 'instructions[0].semantics[0].value'),
  mutated('json-semantics-width-mismatch', (d) => (d.instructions[0].semantics[0].value = { kind: 'const', width: 8, value: '0x1' }), 'instructions[0].semantics[0]'),
  mutated('json-constant-too-wide', (d) => (d.instructions[0].semantics[0].value = { kind: 'const', width: 4, value: '0xfff' }), 'instructions[0].semantics[0].value'),
  mutated('json-timing-names-no-register', (d) => (d.state.timing = ['TICKS']), 'state.timing[0]'),
  mutated('json-thousand-copies-of-an-encoding', (d) => (d.instructions = Array.from({ length: 1000 }, (_, i) => ({ ...d.instructions[0], mnemonic: `X${i}` }))), /… and \d+ more/),
  nestedTooDeep(),
];

export const jsonDescriptionCases: BadInput[] = [...notJson, ...notDescription, ...missing, ...wrongType, ...sizes, ...meaning];
