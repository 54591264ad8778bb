/**
 * Corpus: encodings and syntax that cannot be decoded or assembled. The tiny machine's
 * instructions are NOP `0000 0000` and INC `0001 ra:2 00`, with 8-bit cells.
 */
import { describe } from 'vitest';
import { at, corpus, field, k, reg, setReg, tiny, type Case, type Json } from './corpus.js';

const enc = (...p: (string | number)[]) => ['instructions', 1, 'encoding', ...p];
/** INC under another mnemonic and opcode (so that only what a case changes is wrong). */
const incLike = (x: Json, mnemonic: string, opcode: number, syntax: string) => {
  const copy = JSON.parse(JSON.stringify(x.instructions[1]));
  copy.mnemonic = mnemonic;
  copy.encoding.fixed[0].value = opcode;
  copy.syntax = syntax;
  return copy;
};

const cases: Case[] = [
  // Bits -----------------------------------------------------------------------------------------
  {
    name: 'err_fixed_value_overflows',
    checks: 'a fixed value of 16 in the four bits 7..4 is rejected, and not blamed again as an overlap',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fixed[0].value = 16),
    issues: [{ path: enc('fixed', 0, 'value'), message: 'value 16 does not fit in bits 7..4' }],
  },
  {
    name: 'err_fixed_range_backwards',
    checks: 'a fixed range written low..high is rejected and fixes no bit',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fixed[1] = { hi: 0, lo: 1, value: 0 }),
    issues: [
      { path: enc('fixed', 1), message: 'bit range 0..1 runs backwards' },
      { path: enc(), message: 'bits 1..0 are neither fixed nor in a field' },
    ],
  },
  {
    name: 'err_fixed_bits_outside_encoding',
    checks: 'fixed bits above the top of an 8-bit encoding are rejected',
    base: tiny,
    mutate: (x) => x.instructions[0].encoding.fixed.push({ hi: 9, lo: 8, value: 0 }),
    issues: [{ path: ['instructions', 0, 'encoding', 'fixed', 1], message: 'bits 9..8 are outside the 8-bit encoding' }],
  },
  {
    name: 'err_slice_overflows_field',
    checks: 'a slice placing bit 2 of a 2-bit field is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].slices[0] = { fieldHi: 2, fieldLo: 1, at: 2 }),
    issues: [{ path: enc('fields', 0, 'slices', 0), message: "slice 2..1 overflows the 2-bit field 'ra'" }],
  },
  {
    name: 'err_slice_outside_encoding',
    checks: 'a slice that runs past the top of the encoding is rejected, and the bits it left are uncovered',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].slices[0].at = 7),
    issues: [
      { path: enc('fields', 0, 'slices', 0), message: 'bits 8..7 are outside the 8-bit encoding' },
      { path: enc(), message: 'bits 3..2 are neither fixed nor in a field' },
    ],
  },
  {
    name: 'err_bit_claimed_twice',
    checks: 'a field slice over fixed bits is rejected, naming both claimants',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].slices[0].at = 4),
    issues: [
      { path: enc('fields', 0, 'slices', 0), message: "bit 4 belongs both to fixed bits and to field 'ra'" },
      { path: enc(), message: 'bits 3..2 are neither fixed nor in a field' },
    ],
  },
  {
    name: 'err_bits_uncovered',
    checks: 'bits neither fixed nor in a field are rejected, as ranges',
    base: tiny,
    mutate: (x) => x.instructions[1].encoding.fixed.pop(),
    issues: [{ path: enc(), message: 'bits 1..0 are neither fixed nor in a field' }],
  },
  {
    name: 'err_bit_uncovered',
    checks: 'a single uncovered bit is named in the singular',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fixed[1] = { hi: 1, lo: 1, value: 0 }),
    issues: [{ path: enc(), message: 'bit 0 is neither fixed nor in a field' }],
  },
  {
    name: 'err_field_bit_placed_twice',
    checks: 'a field bit placed by two slices is rejected at the second',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fixed[1] = { hi: 1, lo: 1, value: 0 };
      x.instructions[1].encoding.fields[0].slices.push({ fieldHi: 0, fieldLo: 0, at: 0 });
    },
    issues: [{ path: enc('fields', 0, 'slices', 1), message: "bit 0 of field 'ra' is placed twice" }],
  },
  {
    name: 'succ_field_with_uncovered_low_bit',
    checks: 'a field whose bit 0 no slice covers is accepted (it reads as zero, as RISC-V branch offsets do)',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fields[0] = { name: 'off', width: 3, slices: [{ fieldHi: 2, fieldLo: 1, at: 2 }], operand: { kind: 'immediate', signed: false } };
      x.instructions[1].syntax = 'inc {off}';
      x.instructions[1].semantics = [setReg('PC', { kind: 'extend', signed: false, arg: field('off'), width: 8 })];
    },
    issues: [],
  },
  {
    name: 'err_duplicate_field',
    checks: 'two fields of one name in an encoding are rejected at the second',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fixed.pop();
      x.instructions[1].encoding.fields.push({ name: 'ra', width: 2, slices: [{ fieldHi: 1, fieldLo: 0, at: 0 }], operand: { kind: 'register', file: 'r' } });
    },
    issues: [{ path: enc('fields', 1, 'name'), message: "duplicate field 'ra'" }],
  },
  {
    name: 'err_encoding_not_whole_cells',
    checks: 'a 12-bit encoding on a machine of 8-bit cells is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[0].encoding = { bits: 12, fixed: [{ hi: 11, lo: 0, value: 0 }], fields: [] }),
    issues: [{ path: ['instructions', 0, 'encoding', 'bits'], message: 'an encoding is a whole number of 8-bit cells, not 12 bits' }],
  },

  // Between instructions -------------------------------------------------------------------------
  {
    name: 'err_overlap',
    checks: 'two instructions some word matches are rejected at the later one, naming the earlier',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fixed[0].value = 0),
    issues: [{ path: enc(), message: 'encoding overlaps NOP: some word matches both' }],
  },
  {
    name: 'err_overlap_with_longer_encoding',
    checks: 'a two-cell instruction whose first cell matches a one-cell instruction overlaps it',
    base: tiny,
    mutate: (x) =>
      x.instructions.push({
        mnemonic: 'LDI',
        cite: 'tiny §3',
        class: 'innocuous',
        encoding: { bits: 16, fixed: [{ hi: 7, lo: 0, value: 0 }], fields: [{ name: 'imm', width: 8, slices: [{ fieldHi: 7, fieldLo: 0, at: 8 }], operand: { kind: 'immediate', signed: false } }] },
        syntax: 'ldi {imm}',
        semantics: [],
      }),
    issues: [{ path: ['instructions', 2, 'encoding'], message: 'encoding overlaps NOP: some word matches both' }],
  },
  {
    name: 'succ_longer_encoding_distinct_first_cell',
    checks: 'a two-cell instruction whose first cell differs from every one-cell instruction does not overlap',
    base: tiny,
    mutate: (x) =>
      x.instructions.push({
        mnemonic: 'LDI',
        cite: 'tiny §3',
        class: 'innocuous',
        encoding: { bits: 16, fixed: [{ hi: 7, lo: 0, value: 0x20 }], fields: [{ name: 'imm', width: 8, slices: [{ fieldHi: 7, fieldLo: 0, at: 8 }], operand: { kind: 'immediate', signed: false } }] },
        syntax: 'ldi {imm}',
        semantics: [],
      }),
    issues: [],
  },
  {
    name: 'err_pg74_overlap',
    checks: 'in pg74, giving MOV the opcode of LDI is an overlap',
    mutate: (x) => (x.instructions[at(x, 'MOV')].encoding.fixed[0].value = x.instructions[at(x, 'LDI')].encoding.fixed[0].value),
    issues: (x) => {
      const [first, second] = [at(x, 'LDI'), at(x, 'MOV')].sort((a, b) => a - b);
      return [{ path: ['instructions', second!, 'encoding'], message: `encoding overlaps ${x.instructions[first!].mnemonic}: some word matches both` }];
    },
  },
  {
    name: 'err_duplicate_mnemonic',
    checks: 'two instructions of one mnemonic are rejected at the second',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC', 2, 'dec {ra}')),
    issues: [{ path: ['instructions', 2, 'mnemonic'], message: "duplicate mnemonic 'INC'" }],
  },
  {
    name: 'err_same_assembly_syntax',
    checks: 'two instructions written alike (but for case) are rejected at the second, naming the first and its syntax',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'INC {ra}')),
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}'), and the assembler could not tell the two apart: they have the same words and punctuation, with operands in the same places",
      },
    ],
  },
  {
    name: 'err_same_assembly_syntax_other_operand_names',
    checks: 'syntaxes that differ only in the names of their operands cannot be told apart',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].syntax = 'inc {ra}, 1';
      const twin = incLike(x, 'INC2', 2, 'inc {rb}, 1');
      twin.encoding.fields[0].name = 'rb';
      twin.semantics = [];
      x.instructions.push(twin);
    },
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}, 1'), and the assembler could not tell the two apart: they have the same words and punctuation, with operands in the same places",
      },
    ],
  },
  {
    name: 'succ_shared_mnemonic_literal_word',
    checks: 'instructions may share an assembly mnemonic when a literal word in the same place tells them apart',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].syntax = 'inc {ra}, mstatus';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc {ra}, MSCRATCH'), incLike(x, 'INC3', 3, 'inc {ra}, mepc'));
    },
    issues: [],
  },
  {
    name: 'succ_shared_mnemonic_literal_punctuation',
    checks: 'instructions may share an assembly mnemonic when punctuation in the same place tells them apart',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].syntax = 'inc ({ra})';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc [{ra}]'));
    },
    issues: [],
  },
  {
    name: 'succ_shared_mnemonic_punctuation_or_operand',
    checks: 'a syntax with punctuation no operand begins with, where another of its mnemonic has an operand, can be told apart from it',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'inc [{ra}]')),
    issues: [],
  },
  {
    name: 'succ_shared_mnemonic_parenthesis_or_register',
    checks: 'a register operand where another syntax of its mnemonic has ( can be told apart from it: a register is one name, never punctuation',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'inc ({ra})'), incLike(x, 'INC3', 3, 'inc -({ra})')),
    issues: [],
  },
  {
    name: 'succ_shared_mnemonic_register_or_other_word',
    checks: 'a register operand where another syntax of its mnemonic has a word that names no register can be told apart from it (the 68000’s move.w sr, …)',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'inc sr, {ra}')),
    issues: [],
  },
  {
    name: 'err_shared_mnemonic_register_or_its_name',
    checks: 'a register operand where another syntax has a word that names one of its registers is rejected',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'inc r1, {ra}')),
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}'), and the assembler could not tell the two apart: they first differ where one has an operand and the other 'r1', which could begin an operand",
      },
    ],
  },
  {
    name: 'err_shared_mnemonic_parenthesis_or_operand',
    checks: 'syntaxes that first differ where one has an immediate operand and the other ( are rejected: an expression may begin with (',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fields[0].operand = { kind: 'immediate', signed: false };
      x.instructions.push(incLike(x, 'INC2', 2, 'inc ({ra})'));
    },
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}'), and the assembler could not tell the two apart: they first differ where one has an operand and the other '(', which could begin an operand",
      },
    ],
  },
  {
    name: 'succ_shared_mnemonic_longer_syntax',
    checks: 'a syntax that goes on where another of its mnemonic ends can be told apart from it',
    base: tiny,
    mutate: (x) => x.instructions.push(incLike(x, 'INC2', 2, 'inc {ra}, twice')),
    issues: [],
  },
  {
    name: 'err_shared_mnemonic_operand_or_word',
    checks: 'syntaxes that first differ where one has an immediate operand and the other a word are rejected: the operand could be written so',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fields[0].operand = { kind: 'immediate', signed: false };
      x.instructions[1].syntax = 'inc {ra}, mstatus';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc mstatus, {ra}'));
    },
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}, mstatus'), and the assembler could not tell the two apart: they first differ where one has an operand and the other 'mstatus', which could begin an operand",
      },
    ],
  },
  {
    name: 'err_shared_mnemonic_sign_after_operand',
    checks: 'syntaxes that first differ at a + right after an expression operand are rejected: the operand’s expression could take it',
    base: tiny,
    mutate: (x) => {
      // An immediate: a register operand is one word, and a '+' after it literal text.
      x.instructions[1].encoding.fields[0].operand = { kind: 'immediate', signed: false };
      x.instructions[1].syntax = 'inc {ra}';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc {ra}+1'));
    },
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}'), and the assembler could not tell the two apart: they first differ at '+' right after an operand, whose expression could take it",
      },
    ],
  },
  {
    name: 'err_shared_mnemonic_operator_after_operand',
    checks: 'syntaxes that first differ at any expression operator (here *) right after an operand are rejected too',
    base: tiny,
    mutate: (x) => {
      // An immediate: a register operand is one word, and a '*' after it literal text.
      x.instructions[1].encoding.fields[0].operand = { kind: 'immediate', signed: false };
      x.instructions[1].syntax = 'inc {ra}';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc {ra}*2'));
    },
    issues: [
      {
        path: ['instructions', 2, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc {ra}'), and the assembler could not tell the two apart: they first differ at '*' right after an operand, whose expression could take it",
      },
    ],
  },
  {
    name: 'err_shared_mnemonic_reported_once',
    checks: 'a third instruction that cannot be told apart from either of two others is rejected once, naming the first',
    base: tiny,
    mutate: (x) => {
      x.instructions[1].encoding.fields[0].operand = { kind: 'immediate', signed: false };
      x.instructions[1].syntax = 'inc a, {ra}';
      x.instructions.push(incLike(x, 'INC2', 2, 'inc b, {ra}'), incLike(x, 'INC3', 3, 'inc {ra}, c'));
    },
    issues: [
      {
        path: ['instructions', 3, 'syntax'],
        message:
          "assembly mnemonic 'inc' is also used by INC ('inc a, {ra}'), and the assembler could not tell the two apart: they first differ where one has an operand and the other 'a', which could begin an operand",
      },
    ],
  },

  // Syntax and operands --------------------------------------------------------------------------
  {
    name: 'err_syntax_unknown_field',
    checks: 'a syntax placeholder naming no field of the encoding is rejected at the syntax',
    base: tiny,
    mutate: (x) => (x.instructions[1].syntax = 'inc {ra}, {rb}'),
    issues: [{ path: ['instructions', 1, 'syntax'], message: "syntax names '{rb}', which is not a field of the encoding" }],
  },
  {
    name: 'err_syntax_field_twice',
    checks: 'a syntax naming a field twice is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[1].syntax = 'inc {ra}, {ra}'),
    issues: [{ path: ['instructions', 1, 'syntax'], message: "syntax names '{ra}' twice" }],
  },
  {
    name: 'err_syntax_omits_field',
    checks: 'a syntax without one of the fields is rejected: the field could not be assembled',
    base: tiny,
    mutate: (x) => (x.instructions[1].syntax = 'inc'),
    issues: [{ path: ['instructions', 1, 'syntax'], message: "field 'ra' does not appear in the syntax, so it cannot be assembled" }],
  },
  {
    name: 'err_syntax_without_mnemonic',
    checks: 'a syntax that starts with an operand is rejected',
    base: tiny,
    mutate: (x) => (x.instructions[1].syntax = '{ra}++'),
    issues: [{ path: ['instructions', 1, 'syntax'], message: 'syntax must begin with the mnemonic' }],
  },
  {
    name: 'err_register_operand_undeclared_file',
    checks: 'a register operand of an undeclared file is rejected at the operand’s file',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].operand.file = 'x'),
    issues: [{ path: enc('fields', 0, 'operand', 'file'), message: "operand names undeclared register file 'x'" }],
  },
  {
    name: 'err_register_field_width',
    checks: 'a 3-bit field naming an element of a 4-element file is rejected at the field’s width',
    base: tiny,
    mutate: (x) => {
      // 001 ra:3 00
      x.instructions[1].encoding.fixed[0] = { hi: 7, lo: 5, value: 1 };
      x.instructions[1].encoding.fields[0] = { name: 'ra', width: 3, slices: [{ fieldHi: 2, fieldLo: 0, at: 2 }], operand: { kind: 'register', file: 'r' } };
      x.instructions[1].semantics = [];
    },
    issues: [{ path: enc('fields', 0, 'width'), message: "register field 'ra' is 3 bits; 'r' needs 2" }],
  },
  {
    name: 'err_enum_value_does_not_fit',
    checks: 'an enum operand naming 4 in a 2-bit field is rejected at that name',
    base: tiny,
    mutate: (x) => (x.instructions[1].encoding.fields[0].operand = { kind: 'enum', names: { a: 0, b: 4 } }),
    issues: [{ path: enc('fields', 0, 'operand', 'names', 'b'), message: "value 4 of 'b' does not fit the 2-bit field" }],
  },

  // Everything at once ---------------------------------------------------------------------------
  {
    name: 'err_several_problems_all_reported',
    checks: 'an ISA with problems in its state, trap sequence, encodings, syntax and semantics reports all of them',
    base: tiny,
    mutate: (x) => {
      x.state.registers.push({ name: 'M', width: 1, kind: 'system' });
      x.traps.sequence.push({ kind: 'halt' });
      x.instructions[0].encoding.fixed[0] = { hi: 7, lo: 1, value: 0 };
      x.instructions[1].syntax = 'inc';
      x.instructions[1].semantics.push(setReg('PC', reg('ACC')), setReg('M', k(8, 1)));
    },
    issues: [
      { path: ['state', 'registers', 4], message: "duplicate register 'M'" },
      { path: ['traps', 'sequence', 2], message: 'the trap sequence may not halt' },
      { path: ['instructions', 0, 'encoding'], message: 'bit 0 is neither fixed nor in a field' },
      { path: ['instructions', 1, 'syntax'], message: "field 'ra' does not appear in the syntax, so it cannot be assembled" },
      { path: ['instructions', 1, 'semantics', 1, 'value'], message: "read of undeclared register 'ACC'" },
      { path: ['instructions', 1, 'semantics', 2], message: "width mismatch in assignment to 'M': it is 1 bits, the value 8" },
    ],
  },
];

describe('malformed descriptions: encodings and syntax', () => corpus(cases));
