/** Corpus: descriptions whose JSON shape is wrong, rejected by the schema with readable messages. */
import { describe } from 'vitest';
import { at, corpus, k, reg, regAt, setReg, tiny, type Case } from './corpus.js';

const cases: Case[] = [
  {
    name: 'succ_pg74',
    checks: 'the pg74 description, round-tripped through JSON, loads without issues',
    mutate: () => {},
    issues: [],
  },
  {
    name: 'succ_tiny',
    checks: 'the corpus’s tiny machine loads without issues',
    base: tiny,
    mutate: () => {},
    issues: [],
  },
  {
    name: 'err_unknown_field',
    checks: 'a misspelt field (reset written rest) is an unknown field at the path of its object',
    mutate: (x) => (x.state.registers[regAt(x, 'PC')].rest = '0x10'),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'PC')], message: "unknown field 'rest'" }],
  },
  {
    name: 'err_unknown_fields_at_root',
    checks: 'several unknown fields of one object are named together',
    mutate: (x) => Object.assign(x, { author: 'me', version: 2 }),
    issues: [{ path: [], message: "unknown fields 'author', 'version'" }],
  },
  {
    name: 'err_missing_field',
    checks: 'a missing required field is reported as missing, by name, at its own path',
    mutate: (x) => delete x.summary,
    issues: [{ path: ['summary'], message: "missing field 'summary'" }],
  },
  {
    name: 'err_missing_nested_field',
    checks: 'a missing operand of a binary expression is reported at the operand’s path',
    base: tiny,
    mutate: (x) => delete x.instructions[1].semantics[0].value.right,
    issues: [{ path: ['instructions', 1, 'semantics', 0, 'value', 'right'], message: "missing field 'right'" }],
  },
  {
    name: 'err_wrong_format_string',
    checks: 'a format string other than vmcheck-isa/1 is rejected, saying which one is read',
    mutate: (x) => (x.format = 'vmcheck-isa/2'),
    issues: [{ path: ['format'], message: 'expected "vmcheck-isa/1" (the description format this vmcheck reads), not the string "vmcheck-isa/2"' }],
  },
  {
    name: 'err_wrong_type',
    checks: 'a value of the wrong JSON type says what was expected and what was found',
    mutate: (x) => (x.state.files[0].count = '16'),
    issues: [{ path: ['state', 'files', 0, 'count'], message: 'expected a number, not the string "16"' }],
  },
  {
    name: 'err_not_an_integer',
    checks: 'a fractional width is rejected as not an integer',
    mutate: (x) => (x.state.registers[regAt(x, 'M')].width = 1.5),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'M'), 'width'], message: 'expected an integer, not 1.5' }],
  },
  {
    name: 'err_width_out_of_range',
    checks: 'a register wider than 64 bits is rejected',
    mutate: (x) => (x.state.registers[regAt(x, 'CLK')].width = 65),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'CLK'), 'width'], message: 'widths are 1..64 bits' }],
  },
  {
    name: 'err_field_wider_than_52_bits',
    checks: 'an operand field wider than 52 bits is rejected: field values are JavaScript numbers',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].width = 53),
    issues: [{ path: ['instructions', 1, 'encoding', 'fields', 0, 'width'], message: 'fields are at most 52 bits (their values are JavaScript numbers)' }],
  },
  {
    name: 'err_cell_of_65_bits',
    checks: 'a 65-bit cell is rejected with the range cells may have',
    base: tiny,
    mutate: (x) => (x.state.storage.cellBits = 65),
    issues: [{ path: ['state', 'storage', 'cellBits'], message: 'cells are 8 to 64 bits wide' }],
  },
  {
    name: 'err_cell_of_0_bits',
    checks: 'a cell of no bits is rejected with the range cells may have',
    base: tiny,
    mutate: (x) => (x.state.storage.cellBits = 0),
    issues: [{ path: ['state', 'storage', 'cellBits'], message: 'cells are 8 to 64 bits wide' }],
  },
  {
    name: 'err_unsafe_integer_reported_once',
    checks: 'a width that is neither a safe integer nor at most 64 is one issue, not two',
    mutate: (x) => (x.state.registers[regAt(x, 'CLK')].width = 1e300),
    issues: (x) => [{ path: ['state', 'registers', regAt(x, 'CLK'), 'width'], message: 'expected a safe integer, not 1e+300' }],
  },
  {
    name: 'err_unknown_option',
    checks: 'a declared class outside the three is rejected, listing them',
    mutate: (x) => (x.instructions[at(x, 'NOP')].class = 'harmless'),
    issues: (x) => [
      { path: ['instructions', at(x, 'NOP'), 'class'], message: "expected one of 'privileged', 'sensitive', 'innocuous', not the string \"harmless\"" },
    ],
  },
  {
    name: 'err_empty_summary',
    checks: 'an empty summary is rejected',
    mutate: (x) => (x.summary = ''),
    issues: [{ path: ['summary'], message: 'must not be empty' }],
  },
  {
    name: 'err_bad_name',
    checks: 'a register name that is not an identifier is rejected, quoting it',
    base: tiny,
    mutate: (x) => (x.state.registers[2].name = '2L'),
    issues: [{ path: ['state', 'registers', 2, 'name'], message: 'expected a name (a letter or _, then letters, digits, _ and .), not the string "2L"' }],
  },
  {
    name: 'err_unknown_expression_kind',
    checks: 'an expression of unknown kind is rejected at its kind, listing the kinds',
    base: tiny,
    mutate: (x) => (x.instructions[1].semantics[0].value.right = { kind: 'constant', width: 8, value: 1 }),
    issues: [
      {
        path: ['instructions', 1, 'semantics', 0, 'value', 'right', 'kind'],
        message:
          "unknown expression kind \"constant\" (expected one of 'const', 'reg', 'file', 'field', 'var', 'trapInfo', 'unary', 'binary', 'compare', 'extract', 'concat', 'extend', 'ite', 'load', 'let')",
      },
    ],
  },
  {
    name: 'err_expression_not_an_object',
    checks: 'a bare number where an expression belongs says an expression was expected',
    base: tiny,
    mutate: (x) => (x.instructions[1].semantics[0].value.right = 1),
    issues: [{ path: ['instructions', 1, 'semantics', 0, 'value', 'right'], message: "expected an expression (an object with a 'kind'), not 1" }],
  },
  {
    name: 'err_unknown_statement_kind',
    checks: 'a statement of unknown kind is rejected at its kind, listing the kinds',
    base: tiny,
    mutate: (x) => x.instructions[0].semantics.push({ kind: 'goto', target: 3 }),
    issues: [
      {
        path: ['instructions', 0, 'semantics', 0, 'kind'],
        message: "unknown statement kind \"goto\" (expected one of 'assign', 'store', 'let', 'if', 'trap', 'halt')",
      },
    ],
  },
  {
    name: 'err_statement_without_kind',
    checks: 'a statement with no kind is reported as missing its kind',
    base: tiny,
    mutate: (x) => x.instructions[0].semantics.push({ target: reg('PC'), value: k(8, 0) }),
    issues: [
      { path: ['instructions', 0, 'semantics', 0, 'kind'], message: "missing field 'kind' (expected one of 'assign', 'store', 'let', 'if', 'trap', 'halt')" },
    ],
  },
  {
    name: 'err_unknown_assignment_target_kind',
    checks: 'an assignment to something that is not a register or file element is rejected',
    base: tiny,
    mutate: (x) => x.instructions[0].semantics.push({ kind: 'assign', target: { kind: 'mem', name: 'PC' }, value: k(8, 0) }),
    issues: [{ path: ['instructions', 0, 'semantics', 0, 'target', 'kind'], message: "unknown assignment target kind \"mem\" (expected one of 'reg', 'file')" }],
  },
  {
    name: 'err_unknown_operand_kind',
    checks: 'an operand of unknown kind is rejected, listing the kinds',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].operand = { kind: 'reg', file: 'r' }),
    issues: [
      {
        path: ['instructions', 1, 'encoding', 'fields', 0, 'operand', 'kind'],
        message: "unknown operand kind \"reg\" (expected one of 'register', 'immediate', 'target', 'enum')",
      },
    ],
  },
  {
    name: 'err_unknown_address_map_kind',
    checks: 'an address map of a kind vmcheck does not model is rejected',
    base: tiny,
    mutate: (x) => (x.state.addressMap.kind = 'paging'),
    issues: [{ path: ['state', 'addressMap', 'kind'], message: "unknown address map kind \"paging\" (expected one of 'relocation-bounds', 'described')" }],
  },
  {
    name: 'err_constant_not_a_number',
    checks: 'a constant written as a word is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[1].semantics[0].value.right.value = 'one'),
    issues: [{ path: ['instructions', 1, 'semantics', 0, 'value', 'right', 'value'], message: 'expected a decimal or 0x-hex number' }],
  },
  {
    name: 'err_constant_negative',
    checks: 'a negative constant is rejected (constants are unsigned)',
    base: tiny,
    mutate: (x) => (x.instructions[1].semantics[0].value.right.value = -1),
    issues: [{ path: ['instructions', 1, 'semantics', 0, 'value', 'right', 'value'], message: 'expected a non-negative integer, not -1' }],
  },
  {
    name: 'err_constant_of_wrong_type',
    checks: 'a constant that is neither number nor string says both are accepted',
    base: tiny,
    mutate: (x) => (x.instructions[1].semantics[0].value.right.value = true),
    issues: [
      { path: ['instructions', 1, 'semantics', 0, 'value', 'right', 'value'], message: 'expected a non-negative integer or a decimal/0x-hex string, not true' },
    ],
  },
  {
    name: 'err_encoding_bit_position_huge',
    checks: 'a slice at an absurd bit position is rejected by the schema (it once made the checks loop or throw RangeError)',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].slices[0].fieldHi = 1e12),
    issues: [{ path: ['instructions', 1, 'encoding', 'fields', 0, 'slices', 0, 'fieldHi'], message: 'encoding bit positions are 0..255' }],
  },
  {
    name: 'err_fixed_position_huge',
    checks: 'fixed bits at an absurd position are rejected by the schema (they once threw RangeError: Maximum BigInt size exceeded)',
    base: tiny,
    mutate: (x) => (x.instructions[0].encoding.fixed[0].hi = 2 ** 40),
    issues: [{ path: ['instructions', 0, 'encoding', 'fixed', 0, 'hi'], message: 'encoding bit positions are 0..255' }],
  },
  {
    name: 'err_no_instructions',
    checks: 'an ISA without instructions is rejected',
    base: tiny,
    mutate: (x) => (x.instructions = []),
    issues: [{ path: ['instructions'], message: 'an ISA needs at least one instruction' }],
  },
  {
    name: 'err_missing_cite',
    checks: 'an instruction with an empty citation is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[0].cite = ''),
    issues: [{ path: ['instructions', 0, 'cite'], message: 'every instruction cites the manual section it follows' }],
  },
  {
    name: 'err_shape_problems_all_reported',
    checks: 'every shape problem is reported, not just the first',
    base: tiny,
    mutate: (x) => {
      delete x.name;
      x.state.storage.cellBits = 'eight';
      x.instructions[0].semantics.push(setReg('PC', { kind: 'reg' }));
    },
    issues: [
      { path: ['name'], message: "missing field 'name'" },
      { path: ['state', 'storage', 'cellBits'], message: 'expected a number, not the string "eight"' },
      { path: ['instructions', 0, 'semantics', 0, 'value', 'name'], message: "missing field 'name'" },
    ],
  },
];

describe('malformed descriptions: shape', () => corpus(cases));
